// `npm run token -- --role officer --department social-payments [--sub officer-1] [--ttl 12h]`:
// mints a development staff token signed with the development secret (JWT_SECRET or .data/).
// `npm run token -- --citizen IIN [--ttl 15m]`: mints a development citizen assertion (what the
// eGov identity provider gives a signed-in citizen), signed with the development IdP key under .data/.
import { parseArgs } from 'node:util';
import { mintDevCitizenAssertion } from '../lib/auth/citizen-assertions.ts';
import { parseIin } from '../lib/iin.ts';
import { mintStaffToken, STAFF_ROLES, type StaffRole } from '../lib/auth/tokens.ts';
import { loadConfig } from '../lib/config.ts';
import { runMain, StartupError } from '../lib/startup.ts';

runMain('token', async () => {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: ['officer'] },
      department: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
      citizen: { type: 'string' },
    },
  });
  const config = loadConfig();
  if (values.citizen !== undefined) {
    const iin = parseIin(values.citizen);
    if (!iin.ok) throw new StartupError(`--citizen: ${iin.message}`);
    if (config.CITIZEN_IDP_PUBLIC_KEYS) throw new StartupError('this deployment trusts an identity provider for citizens (CITIZEN_IDP_PUBLIC_KEYS); citizens sign in there');
    const ttl = /^(\d+)([smh])$/.exec(values.ttl ?? '15m');
    if (!ttl) throw new StartupError('--ttl for a citizen assertion: a number with s, m or h (at most 1h)');
    const ttlSeconds = Number(ttl[1]) * { s: 1, m: 60, h: 3600 }[ttl[2] as 's' | 'm' | 'h'];
    if (ttlSeconds < 1 || ttlSeconds > 3600) throw new StartupError('--ttl for a citizen assertion: at most 1h (an assertion is a sign-in moment, not a session)');
    console.log(await mintDevCitizenAssertion(config, values.citizen, { ttlSeconds }));
    return;
  }
  if (config.JWT_PUBLIC_KEYS || config.JWKS_URL) throw new StartupError('this deployment verifies tokens from an identity provider (JWT_PUBLIC_KEYS/JWKS_URL); mint tokens there');
  const roles = values.role as string[];
  for (const r of roles) if (!(STAFF_ROLES as readonly string[]).includes(r)) throw new StartupError(`unknown role "${r}"; roles: ${STAFF_ROLES.join(', ')}`);
  if (!roles.includes('engineer') && !values.department) throw new StartupError('--department is required for officers and supervisors');
  const token = await mintStaffToken(config, { sub: values.sub ?? `${roles[0]}-dev`, roles: roles as StaffRole[], department: values.department ?? null }, values.ttl ?? '12h');
  console.log(token);
});

// `npm run token -- --role officer --department social-payments [--sub officer-1] [--ttl 12h]`:
// mints a development staff token signed with the development secret (JWT_SECRET or .data/).
import { parseArgs } from 'node:util';
import { mintStaffToken, STAFF_ROLES, type StaffRole } from '../lib/auth/tokens.ts';
import { loadConfig } from '../lib/config.ts';
import { runMain, StartupError } from '../lib/startup.ts';

runMain('token', async () => {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: ['officer'] },
      department: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
    },
  });
  const config = loadConfig();
  if (config.JWT_PUBLIC_KEYS || config.JWKS_URL) throw new StartupError('this deployment verifies tokens from an identity provider (JWT_PUBLIC_KEYS/JWKS_URL); mint tokens there');
  const roles = values.role as string[];
  for (const r of roles) if (!(STAFF_ROLES as readonly string[]).includes(r)) throw new StartupError(`unknown role "${r}"; roles: ${STAFF_ROLES.join(', ')}`);
  if (!roles.includes('engineer') && !values.department) throw new StartupError('--department is required for officers and supervisors');
  const token = await mintStaffToken(config, { sub: values.sub ?? `${roles[0]}-dev`, roles: roles as StaffRole[], department: values.department ?? null }, values.ttl);
  console.log(token);
});

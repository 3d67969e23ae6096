// `npm run migrate`: applies pending migrations to the configured database (DATABASE_URL, or the
// embedded PGlite database under DATA_DIR) with `prisma migrate deploy`, then grants the
// application role (DATABASE_APP_ROLE) its rights.
import { loadConfig } from '../lib/config.ts';
import { migrateDeploy } from '../lib/db/migrate.ts';
import { redactUrl } from '../lib/db/url.ts';
import { runMain, StartupError } from '../lib/startup.ts';

runMain('migrate', async () => {
  const config = loadConfig(process.env, { role: 'migrate' });
  const target = config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : `PGlite ${config.pgliteDir}`;
  const result = await migrateDeploy(process.env).catch((e: Error) => {
    throw new StartupError(`migrations failed on ${target}: ${e.message.split('\n').filter(Boolean).slice(-1)[0]}`);
  });
  const summary = result.output.split('\n').map((l) => l.trim()).filter((l) => /migration|applied|pending/i.test(l)).pop();
  console.log(`qyzmet migrate: ${target}: ${summary ?? 'done'}`);
  if (result.grantedRole) console.log(`qyzmet migrate: ${result.grantedRole} may read and write, and only append to "AuditEntry" and "AuditCheckpoint"`);
});

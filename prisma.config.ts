/**
 * Prisma CLI configuration. Migrations run through the JavaScript schema engine and a driver
 * adapter, so no native engine is ever downloaded (air-gapped installs work).
 * DATABASE_URL set → PostgreSQL through @prisma/adapter-pg (with the `name`-type fix, see
 * lib/db/pg-pool.ts); unset → the embedded PGlite database under .data/.
 */
import { defineConfig } from 'prisma/config';
import { openMigrationAdapter } from './lib/db/migration-adapter.ts';

process.env.CHECKPOINT_DISABLE ??= '1';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  adapter: openMigrationAdapter,
});

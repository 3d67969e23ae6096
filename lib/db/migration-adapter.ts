/**
 * The driver adapter the Prisma CLI (migrate deploy / status / diff) uses, chosen from the
 * environment exactly as the application chooses its own (lib/db/client.ts).
 */
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPg } from '@prisma/adapter-pg';
import { loadConfig } from '../config.ts';
import { createPgPool } from './pg-pool.ts';
import { EmbeddedPrismaAdapter } from './pglite-adapter.ts';
import { openEmbeddedDatabase } from './pglite.ts';

/**
 * The CLI's WebAssembly schema engine arms a 10-second timeout around its work and never
 * clears it; the CLI ends by letting the event loop drain and never disposes the adapter, so
 * every command would idle ten seconds after finishing. Timers armed from inside the
 * WebAssembly engine are unreferenced: they still fire while the process is busy (a pending
 * PostgreSQL query holds its socket open), they just no longer keep a finished process alive.
 */
function unrefEngineTimers(): void {
  const originalSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    const timer = originalSetTimeout(...args);
    if (new Error().stack?.includes('wasm://')) timer.unref();
    return timer;
  }) as typeof setTimeout;
}

export async function openMigrationAdapter(): Promise<SqlMigrationAwareDriverAdapterFactory> {
  // Migrations run as the owner role, with the migrate job's configuration.
  const config = loadConfig(process.env, { role: 'migrate' });
  unrefEngineTimers();
  if (config.DATABASE_URL) {
    // Idle connections must not keep the short-lived CLI process alive either.
    return new PrismaPg(createPgPool({ connectionString: config.DATABASE_URL, max: 2, allowExitOnIdle: true }));
  }
  const db = await openEmbeddedDatabase(config.pgliteDir);
  // A clean shutdown (checkpoint) once the CLI has nothing left to do.
  process.once('beforeExit', () => void db.close());
  return new EmbeddedPrismaAdapter(db.pglite);
}

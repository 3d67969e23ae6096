/**
 * The application's Prisma client: PostgreSQL through @prisma/adapter-pg when DATABASE_URL is
 * set, otherwise the embedded PGlite database. Same schema, same migrations.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client.ts';
import type { Config } from '../config.ts';
import { pgliteNotifications, pgNotifications, type NotificationHandler, type Unlisten } from './listen.ts';
import { createPgPool } from './pg-pool.ts';
import { EmbeddedPrismaAdapter } from './pglite-adapter.ts';
import { openEmbeddedDatabase } from './pglite.ts';
import { redactUrl } from './url.ts';

export type { PrismaClient };

export interface Database {
  prisma: PrismaClient;
  kind: 'postgresql' | 'pglite';
  /** A printable description without credentials. */
  describe: string;
  /** A round trip below Prisma, so connection errors keep their driver codes (ECONNREFUSED, 28P01 …). */
  ping(): Promise<void>;
  /** LISTEN on a channel (e.g. `qyzmet_case`); the handler gets each NOTIFY payload. */
  listen(channel: string, handler: NotificationHandler): Promise<Unlisten>;
  close(): Promise<void>;
}

export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'pgliteDir'>): Promise<Database> {
  if (config.DATABASE_URL) {
    const pool = createPgPool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    let notifications: ReturnType<typeof pgNotifications> | undefined;
    return {
      prisma,
      kind: 'postgresql',
      describe: redactUrl(config.DATABASE_URL),
      async ping() {
        await pool.query('SELECT 1');
      },
      listen(channel, handler) {
        // One dedicated connection, opened on first use: most processes never listen.
        notifications ??= pgNotifications(config.DATABASE_URL!);
        return notifications.listen(channel, handler);
      },
      async close() {
        await notifications?.close();
        await prisma.$disconnect();
        await pool.end().catch(() => {});
      },
    };
  }
  const db = await openEmbeddedDatabase(config.pgliteDir);
  const prisma = new PrismaClient({ adapter: new EmbeddedPrismaAdapter(db.pglite) });
  return {
    prisma,
    kind: 'pglite',
    describe: `PGlite ${config.pgliteDir}`,
    async ping() {
      await db.pglite.query('SELECT 1');
    },
    listen: (channel, handler) => pgliteNotifications(db.pglite).listen(channel, handler),
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

/** Fails with a one-line, actionable error when the database cannot be reached. */
export async function checkDatabase(db: Database, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

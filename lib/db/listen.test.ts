/**
 * LISTEN/NOTIFY on both databases: a notification sent inside a transaction arrives after the
 * commit (never after a rollback), and a PostgreSQL listener that loses its connection
 * reconnects, says so (null), and hears later notifications.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { notifyCaseChanged } from '../../activities/audit-log.ts';
import { DATABASE_KINDS, openTestDatabase } from '../../test/support/database.ts';
import type { Database } from './client.ts';
import { pgNotifications } from './listen.ts';

const received = () => {
  const payloads: (string | null)[] = [];
  return { payloads, handler: (p: string | null) => payloads.push(p), until: (n: number) => expect.poll(() => payloads.length, { timeout: 5000 }).toBeGreaterThanOrEqual(n) };
};

describe.each(DATABASE_KINDS)('notifications on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db?.close());

  it('delivers a committed NOTIFY and not a rolled-back one', async () => {
    const channel = 'qyzmet_case';
    const r = received();
    const unlisten = await db.listen(channel, r.handler);
    const id = `c-${randomUUID()}`;
    await db.prisma.$transaction((tx) => notifyCaseChanged(tx, id)).catch(() => {});
    await db.prisma
      .$transaction(async (tx) => {
        await notifyCaseChanged(tx, 'rolled-back');
        throw new Error('rollback');
      })
      .catch(() => {});
    await r.until(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.payloads.filter((p) => p === id || p === 'rolled-back')).toEqual([id]);
    await unlisten();
  });

  it('refuses a channel name that is not a plain identifier', async () => {
    await expect(db.listen('x; DROP TABLE "Case"', () => {})).rejects.toThrow(/invalid notification channel/);
  });
});

describe('a PostgreSQL listener', () => {
  it('reconnects after losing its connection and reports the gap', async () => {
    const url = inject('postgresUrl');
    const name = `listen-test-${randomUUID().slice(0, 8)}`;
    const source = pgNotifications(url, { applicationName: name, reconnectDelayMs: 50 });
    const r = received();
    await source.listen('qyzmet_test', r.handler);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query("SELECT pg_notify('qyzmet_test', 'before')");
      await r.until(1);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
      await r.until(2);
      expect(r.payloads).toEqual(['before', null]);
      await admin.query("SELECT pg_notify('qyzmet_test', 'after')");
      await r.until(3);
      expect(r.payloads).toEqual(['before', null, 'after']);
    } finally {
      await admin.end();
      await source.close();
    }
  });
});

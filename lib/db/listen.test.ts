/**
 * LISTEN on both databases: only plain channel names are accepted, and a PostgreSQL listener that
 * loses its connection reconnects, says so (null), and hears later notifications. (That a NOTIFY
 * sent in a transaction arrives after the commit, never after a rollback, is tested with the
 * activity that sends it: activities/case-changes.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DATABASE_KINDS, useTestDatabase } from '../../test/support/database.ts';
import { pgNotifications } from './listen.ts';
import { received } from '../../test/support/notifications.ts';

describe.each(DATABASE_KINDS)('notifications on %s', (kind) => {
  const db = useTestDatabase(kind);

  it('refuses a channel name that is not a plain identifier', async () => {
    await expect(db().listen('x; DROP TABLE "Case"', () => {})).rejects.toThrow(/invalid notification channel/);
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

/**
 * Waking the API's subscribers: the NOTIFY the activities send inside a transaction arrives after
 * the commit, never after a rollback, on both databases.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS, useTestDatabase } from '../test/support/database.ts';
import { CASE_CHANGES_CHANNEL } from '../workflows/messages.ts';
import { notifyCaseChanged } from './case-changes.ts';
import { received } from '../test/support/notifications.ts';

describe.each(DATABASE_KINDS)('case change notifications on %s', (kind) => {
  const db = useTestDatabase(kind);

  it('delivers a committed NOTIFY and not a rolled-back one', async () => {
    const channel = CASE_CHANGES_CHANNEL;
    const r = received();
    const unlisten = await db().listen(channel, r.handler);
    const id = `c-${randomUUID()}`;
    await db().prisma.$transaction((tx) => notifyCaseChanged(tx, id)).catch(() => {});
    await db().prisma
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
});

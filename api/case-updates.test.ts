import { describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger.ts';
import type { NotificationHandler } from '../lib/db/listen.ts';
import { CaseUpdates } from './case-updates.ts';

function fakeDb() {
  const handlers = new Set<NotificationHandler>();
  return {
    notify: (payload: string | null) => handlers.forEach((h) => h(payload)),
    listening: () => handlers.size,
    db: {
      async listen(_channel: string, handler: NotificationHandler) {
        handlers.add(handler);
        return async () => void handlers.delete(handler);
      },
    },
  };
}

describe('CaseUpdates', () => {
  it('wakes the watchers of a case once per burst of notifications, and only them', async () => {
    const fake = fakeDb();
    const updates = new CaseUpdates(fake.db, createLogger({ level: 'silent' }));
    const a = await updates.watch('a');
    const b = await updates.watch('b');
    fake.notify('a');
    fake.notify('a');
    expect(await a.next()).toEqual({ done: false, value: undefined });
    let woke = false;
    void a.next().then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(woke).toBe(false); // the burst was coalesced into one wake-up
    fake.notify(null); // a reconnect: everyone re-reads
    expect(await b.next()).toEqual({ done: false, value: undefined });
    expect(updates.subscriberCount).toBe(2);
    await updates.close();
    expect(updates.subscriberCount).toBe(0);
    expect(fake.listening()).toBe(0);
  });

  it('ends a pending wait at once when the watcher is returned', async () => {
    const fake = fakeDb();
    const updates = new CaseUpdates(fake.db, createLogger({ level: 'silent' }));
    const w = await updates.watch('a');
    const pending = w.next();
    await w.return();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(updates.subscriberCount).toBe(0);
  });
});

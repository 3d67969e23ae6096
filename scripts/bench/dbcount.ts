/**
 * Counts PostgreSQL round trips (statements sent through `pg`, which Prisma's adapter and the
 * platform's pool use), attributed to the activity running them through AsyncLocalStorage.
 * Bench-only evidence for "how many statements and transactions does one case cost".
 */
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import pg from 'pg';

export interface DbCount {
  queries: number;
  transactions: number;
}

export const dbScope = new AsyncLocalStorage<DbCount>();
export const processDb: DbCount = { queries: 0, transactions: 0 };

const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function patched(this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string } | undefined;
  const text = typeof first === 'string' ? first : (first?.text ?? '');
  const begins = /^\s*BEGIN\b/i.test(text) ? 1 : 0;
  processDb.queries += 1;
  processDb.transactions += begins;
  const scoped = dbScope.getStore();
  if (scoped) {
    scoped.queries += 1;
    scoped.transactions += begins;
  }
  return original.apply(this, args);
} as typeof pg.Client.prototype.query;

// pg-pool hands a queued request its connection from inside whichever query released it; binding
// the callback keeps the statement attributed to the activity that asked for it.
const originalConnect = pg.Pool.prototype.connect as (...args: unknown[]) => unknown;
pg.Pool.prototype.connect = function boundConnect(this: pg.Pool, ...args: unknown[]) {
  if (typeof args[0] === 'function') args[0] = AsyncResource.bind(args[0] as (...a: unknown[]) => unknown);
  return originalConnect.apply(this, args);
} as typeof pg.Pool.prototype.connect;

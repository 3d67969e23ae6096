/**
 * A pg pool whose clients report PostgreSQL's `name` type (oid 19) as `text` (oid 25).
 *
 * Why: @prisma/adapter-pg 6.19 maps no column type for `name`, and Prisma's schema engine reads
 * the catalog (`pg_namespace.nspname`, `current_schema()` …), which returns `name` columns. Every
 * `prisma migrate` through the adapter then fails with "Column type 'name' could not be
 * deserialized" (prisma/orm#27403). `name` is a 63-byte string whose text form pg already parses
 * to a JS string, so relabelling the field as text is exact. The fix lives at the driver level,
 * below the adapter, so the pinned adapter stays unpatched and upgrades remain a version bump.
 * Application tables never use `name`, so ordinary queries are unaffected.
 */
import pg from 'pg';

const NAME_OID = 19;
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] } | undefined;

function relabelNameColumns<T>(result: T): T {
  const fields = (result as QueryResultLike)?.fields;
  if (fields) for (const f of fields) if (f.dataTypeID === NAME_OID) f.dataTypeID = TEXT_OID;
  return result;
}

export class NameAsTextClient extends pg.Client {
  // pg's query() has many overloads; pg.Pool calls the callback form, the adapter the promise form.
  override query(...args: unknown[]): any {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (err: unknown, res: unknown) => callback(err, err ? res : relabelNameColumns(res));
    }
    const ret = (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    if (ret && typeof (ret as Promise<unknown>).then === 'function') {
      return (ret as Promise<unknown>).then(relabelNameColumns);
    }
    return ret;
  }
}

export interface PgPoolOptions {
  connectionString: string;
  max?: number;
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
  /** For short-lived processes (the Prisma CLI): idle connections do not keep the process alive. */
  allowExitOnIdle?: boolean;
  /** Told about an idle connection the server closed (a restart, an administrator); the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

export function createPgPool(opts: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 5000,
    statement_timeout: opts.statementTimeoutMillis ?? 30_000,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: opts.allowExitOnIdle ?? false,
    Client: NameAsTextClient,
  });
  // pg.Pool emits 'error' when the server ends an idle connection (PostgreSQL restarting, a
  // database dropped, pg_terminate_backend). Unheard, that event kills the process; heard, the
  // pool drops the connection and opens a new one on the next query.
  pool.on('error', (error) => opts.onIdleError?.(error));
  return pool;
}

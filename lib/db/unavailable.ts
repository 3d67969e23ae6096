/**
 * Which database failures mean "not now" rather than "a bug": no pooled connection came free
 * before the pool's acquisition timeout (the pool is busy), the server refused or dropped the
 * connection, is starting up or shutting down, has no connection slot left, cancelled a statement
 * at its timeout, or aborted a transaction that lost a serialisation race. Nothing the request
 * asked for was written, so the caller may repeat it; the API answers these with the typed
 * UNAVAILABLE instead of masking them as INTERNAL_SERVER_ERROR.
 */
import { errorCauses, ownSqlState } from '../error-causes.ts';

/** pg-pool's own errors carry no code, only these messages. */
const POOL_MESSAGES = ['timeout exceeded when trying to connect', 'Connection terminated', 'Client has encountered a connection error', 'Cannot use a pool after calling end'];

/** Socket-level codes from Node. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * SQLSTATEs: class 08 (connection exception), 53 (insufficient resources, e.g. too many
 * connections), 57P01–57P03 (administrator or crash shutdown, cannot connect now), 57014 (statement
 * timeout), 40001/40P01 (serialisation failure, deadlock), 55P03 (lock not available).
 */
function transientSqlState(code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || ['57P01', '57P02', '57P03', '57014', '40001', '40P01', '55P03'].includes(code);
}

/** Prisma's own codes for the same: cannot reach, timed out, connection closed, pool timeout, write conflict. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2034']);

/** The driver adapter's error kinds for the same. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionWriteConflict']);

/** A short reason (no addresses, no SQL) when `e` says the database could not serve the call now; null otherwise. */
export function databaseUnavailable(e: unknown): string | null {
  for (const c of errorCauses(e)) {
    const { code, kind, message } = (c ?? {}) as { code?: unknown; kind?: unknown; message?: unknown };
    if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return `the database is unavailable (${kind})`;
    const sqlState = ownSqlState(c);
    if (sqlState !== undefined && transientSqlState(sqlState)) return `the database could not serve the request now (SQLSTATE ${sqlState})`;
    if (typeof code === 'string' && PRISMA_CODES.has(code)) return `the database could not serve the request now (${code})`;
    if (typeof code === 'string' && SOCKET_CODES.has(code)) return `the database is unreachable (${code})`;
    if (typeof message === 'string' && POOL_MESSAGES.some((m) => message.startsWith(m))) return 'the database connection pool is busy';
  }
  return null;
}

/**
 * What lies behind an error. Libraries wrap: Prisma puts the driver adapter's error under
 * `meta.driverAdapterError`, whose `cause` carries PostgreSQL's code; the Temporal client and our
 * own code chain errors through `cause`. Deciding what a failure *means* (not now, never, a bug)
 * needs the chain, so it is walked here, once, for every caller (lib/db/unavailable.ts,
 * activities/failures.ts, api/temporal/failures.ts).
 */

/** Chains longer than this are cut: a cycle (a.cause = b, b.cause = a) cannot loop. */
export const MAX_CAUSE_DEPTH = 8;

/** `e`, then each error behind it: the driver adapter's error of a Prisma error, else `cause`. */
export function* errorCauses(e: unknown): Generator<unknown> {
  for (let depth = 0; e && depth < MAX_CAUSE_DEPTH; depth++) {
    yield e;
    const err = e as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    e = err.meta?.driverAdapterError ?? err.cause;
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * PostgreSQL's SQLSTATE carried by this one error, if any, as each driver reports it: the
 * embedded adapter as kind `postgres` with its `code`; @prisma/adapter-pg as a named kind
 * (22001 LengthMismatch, 22003 ValueOutOfRange, 23502 NullConstraintViolation …) with the code
 * as `originalCode`; node-postgres itself as `code` beside a `severity`.
 */
export function ownSqlState(e: unknown): string | undefined {
  const { kind, code, originalCode, severity } = (e ?? {}) as { kind?: unknown; code?: unknown; originalCode?: unknown; severity?: unknown };
  if (typeof originalCode === 'string' && SQLSTATE.test(originalCode)) return originalCode;
  if (typeof code !== 'string' || !SQLSTATE.test(code)) return undefined;
  return kind === 'postgres' || typeof severity === 'string' ? code : undefined;
}

/** The first SQLSTATE behind `e` (its own or a cause's), if any. */
export function sqlStateOf(e: unknown): string | undefined {
  for (const c of errorCauses(e)) {
    const code = ownSqlState(c);
    if (code !== undefined) return code;
  }
  return undefined;
}

/**
 * Idempotent inserts without a transaction: a plain INSERT that reports "already there" instead
 * of failing. (Prisma's createMany with skipDuplicates wraps its INSERT in a transaction — three
 * statements where one will do.) Not for use inside an interactive transaction: a failed INSERT
 * aborts the transaction in PostgreSQL.
 */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { kind?: string; code?: string } } | null;
  if (err?.code === 'P2002') return true; // @prisma/adapter-pg maps it
  // pglite-prisma-adapter passes PostgreSQL's own error through: unique_violation is 23505.
  return err?.cause?.kind === 'UniqueConstraintViolation' || (err?.cause?.kind === 'postgres' && err.cause.code === '23505');
}

/** Runs `create`; true when it inserted, false when a row with the same unique key exists. */
export async function createUnlessExists(create: () => Promise<unknown>): Promise<boolean> {
  return (await insertUnlessExists(async () => (await create(), true))) ?? false;
}

/** Runs `create` and returns what it returned (the inserted row), or null when a row with the same unique key exists. */
export async function insertUnlessExists<T>(create: () => Promise<T>): Promise<T | null> {
  try {
    return await create();
  } catch (e) {
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}

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
  try {
    await create();
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

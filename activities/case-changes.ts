import type { Prisma } from '../generated/prisma/client.ts';
import { CASE_CHANGES_CHANNEL } from '../workflows/messages.ts';

/**
 * Wakes the API's `caseUpdated` subscribers once the caller's transaction commits (NOTIFY is
 * delivered on commit). The step projection does the same inside its one statement.
 */
export async function notifyCaseChanged(tx: Prisma.TransactionClient, caseId: string): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_notify($1, $2)', CASE_CHANGES_CHANNEL, caseId);
}

import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../lib/db/client.ts';
import { kzDate } from '../lib/kz-time.ts';
import { FailureType } from '../workflows/messages.ts';

export async function loadCaseRow(prisma: PrismaClient, caseId: string) {
  const row = await prisma.case.findUnique({ where: { id: caseId } });
  if (!row) throw ApplicationFailure.create({ type: FailureType.CaseNotFound, message: `case ${caseId} does not exist`, nonRetryable: true });
  return row;
}

export type CaseRow = Awaited<ReturnType<typeof loadCaseRow>>;

/** The date the application counts as made: its receipt, in Kazakhstan. Rules never read the clock. */
export function submittedOn(row: Pick<CaseRow, 'createdAt'>): string {
  return kzDate(row.createdAt);
}

export function applicationOf(row: Pick<CaseRow, 'application'>): Record<string, unknown> {
  const app = row.application;
  return app && typeof app === 'object' && !Array.isArray(app) ? (app as Record<string, unknown>) : {};
}

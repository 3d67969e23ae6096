/** Reading a case's row in an activity: a missing case is final (the workflow cannot fix it by retrying). */
import type { PrismaClient } from '../lib/db/client.ts';
import { FailureType } from '../workflows/messages.ts';
import { finalFailure } from './failures.ts';

export async function loadCaseRow(prisma: PrismaClient, caseId: string) {
  const row = await prisma.case.findUnique({ where: { id: caseId } });
  if (!row) throw finalFailure(FailureType.CaseNotFound, `case ${caseId} does not exist`);
  return row;
}

export type CaseRow = Awaited<ReturnType<typeof loadCaseRow>>;

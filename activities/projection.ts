/**
 * The read model's writer. Each workflow step arrives once or more (activities run at least
 * once); the timeline row keyed by (case, step) makes every repeat a no-op, and the case's
 * `lastSeq` stops a late retry of an older step from overwriting a newer status.
 *
 * Every status change of a case goes through here. The other writers of a case, each saying why
 * where it writes: intake creates an application already pinned to its version
 * (api/intake/start-case.ts), planOffers creates an offer's case (offers.ts), loadCasePlan pins a
 * case that arrived unpinned (case-plan.ts), and issueDecision writes the final status in the
 * decision's own transaction (decisions.ts).
 */
import type { Prisma } from '../generated/prisma/client.ts';
import { appendAudit } from '../lib/audit-log.ts';
import { CASE_CHANGES_CHANNEL, caseAuditStream, caseWorkflowId, isFinal, isLiveTask } from '../workflows/messages.ts';
import type { ActivityDeps } from './deps.ts';
import { writeOrFail } from './failures.ts';
import type { ProjectStepInput } from './types.ts';

const json = (v: unknown) => v as Prisma.InputJsonValue;

/**
 * One statement per step: insert the timeline row unless it exists, move the case only if that
 * row is new and newer than the case, and wake subscribers (on commit). Most steps (a status
 * change, a timeline entry) touch no task and no audit chain and need nothing more, so they are
 * atomic without a transaction.
 */
const STEP_SQL = `
WITH event AS (
  INSERT INTO "CaseEvent" ("caseId", "stepKey", "seq", "type", "status", "data", "at")
  VALUES ($1, $2, $3, $4, $5::text, $6::jsonb, ($7::timestamptz AT TIME ZONE 'UTC'))
  ON CONFLICT ("caseId", "stepKey") DO NOTHING
  RETURNING "caseId"
), moved AS (
  UPDATE "Case" c SET
    "lastSeq" = $3,
    "status" = COALESCE($5::text, c."status"),
    "closedAt" = CASE WHEN $8::boolean THEN ($7::timestamptz AT TIME ZONE 'UTC') ELSE c."closedAt" END,
    "offerExpiresAt" = CASE WHEN $9::boolean THEN ($10::timestamptz AT TIME ZONE 'UTC') ELSE c."offerExpiresAt" END,
    "outcome" = CASE WHEN $11::boolean THEN $12::text ELSE c."outcome" END,
    "amount" = CASE WHEN $13::boolean THEN $14::numeric ELSE c."amount" END,
    "updatedAt" = (now() AT TIME ZONE 'UTC')
  FROM event WHERE c."id" = event."caseId" AND c."lastSeq" < $3
  RETURNING c."id"
)
SELECT event."caseId" FROM event, LATERAL (SELECT pg_notify('${CASE_CHANGES_CHANNEL}', event."caseId")) AS notified`;

/** Writes the timeline row and moves the case; returns false when the step was already written. */
async function writeStep(db: Pick<Prisma.TransactionClient, '$queryRawUnsafe'>, step: ProjectStepInput): Promise<boolean> {
  const f = step.caseFields;
  // A query, not an execute: the number of affected rows of a WITH … SELECT differs between
  // drivers, the rows it returns do not (one when the step is new).
  const written = await db.$queryRawUnsafe<{ caseId: string }[]>(
    STEP_SQL,
    step.caseId,
    step.stepKey,
    step.seq,
    step.event.type,
    step.status ?? null,
    JSON.stringify(step.event.data ?? {}),
    step.at,
    step.status !== undefined && isFinal(step.status),
    f?.offerExpiresAt !== undefined,
    f?.offerExpiresAt ?? null,
    f?.outcome !== undefined,
    f?.outcome ?? null,
    f?.amount !== undefined,
    f?.amount === undefined || f.amount === null ? null : String(f.amount),
  );
  return written.length > 0;
}

export function createProjectionActivities({ prisma }: Pick<ActivityDeps, 'prisma'>) {
  return {
    projectStep: (step: ProjectStepInput): Promise<void> => writeOrFail(() => project(step)),
  };

  async function project(step: ProjectStepInput): Promise<void> {
    if (!step.task && !step.audit) {
      await writeStep(prisma, step);
      return;
    }
    // Steps with a task or an audit entry: the same statement, then those rows, in one transaction.
    const at = new Date(step.at);
    await prisma.$transaction(async (tx) => {
      if (!(await writeStep(tx, step))) return; // this step was already written

      if (step.task) {
        const t = step.task;
        const values = {
          kind: t.kind,
          status: t.status,
          department: t.department,
          role: t.role,
          assignee: t.assignee,
          reasons: json(t.reasons),
          dueAt: new Date(t.dueAt),
          escalated: t.escalated,
          firstReviewer: t.firstReviewer,
          completedAt: isLiveTask(t) ? null : at,
          lastSeq: step.seq,
        };
        const updated = await tx.task.updateMany({ where: { id: t.taskId, lastSeq: { lt: step.seq } }, data: values });
        if (updated.count === 0 && !(await tx.task.findUnique({ where: { id: t.taskId }, select: { id: true } }))) {
          await tx.task.create({ data: { id: t.taskId, caseId: step.caseId, workflowId: caseWorkflowId(step.caseId), ...values, createdAt: at } });
        }
      }

      if (step.audit) {
        await appendAudit(tx, {
          stream: caseAuditStream(step.caseId),
          idempotencyKey: `${step.caseId}:${step.stepKey}`,
          actor: step.audit.actor,
          action: step.audit.action,
          details: step.audit.details ?? {},
          at: step.at,
        });
      }
    });
  }
}

/**
 * The read model's writer. Each workflow step arrives once or more (activities run at least
 * once); the timeline row keyed by (case, step) makes every repeat a no-op, and the case's
 * `lastSeq` stops a late retry of an older step from overwriting a newer status.
 *
 * A step is a local activity, which runs inside its workflow task: a workflow task that never
 * commits (timed out on a loaded worker, its worker killed) may already have written its step,
 * and the retried workflow task may write the same step differently — twenty officers claim one
 * task, and the Update the retry accepts first is another officer's. The workflow's history
 * length, then the workflow time of the step, order the two (a retried workflow task starts
 * later in the history, or — when the failed one was a speculative workflow task that left no
 * events — later in time): of two writes of one step, the later workflow task's replaces the
 * earlier one's timeline row, and only the write that holds the row moves the task and the case;
 * a late write from the earlier one changes nothing.
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
WITH stale AS (
  DELETE FROM "CaseEvent"
  WHERE "caseId" = $1 AND "seq" = $3 AND "stepKey" <> $2 AND ("historyLength", "at") < ($15, ($7::timestamptz AT TIME ZONE 'UTC'))
  RETURNING "stepKey"
), event AS (
  INSERT INTO "CaseEvent" ("caseId", "stepKey", "seq", "type", "status", "data", "at", "historyLength")
  SELECT $1, $2, $3, $4, $5::text, $6::jsonb, ($7::timestamptz AT TIME ZONE 'UTC'), $15
  WHERE NOT EXISTS (SELECT 1 FROM "CaseEvent" WHERE "caseId" = $1 AND "seq" = $3 AND ("historyLength", "at") > ($15, ($7::timestamptz AT TIME ZONE 'UTC')))
  ON CONFLICT ("caseId", "stepKey") DO UPDATE SET
    "type" = EXCLUDED."type", "status" = EXCLUDED."status", "data" = EXCLUDED."data", "at" = EXCLUDED."at", "historyLength" = EXCLUDED."historyLength"
  WHERE ("CaseEvent"."historyLength", "CaseEvent"."at") < (EXCLUDED."historyLength", EXCLUDED."at")
  RETURNING "caseId", (xmax <> 0) AS "replaced"
), moved AS (
  UPDATE "Case" c SET
    "lastSeq" = $3,
    "status" = COALESCE($5::text, c."status"),
    "closedAt" = CASE WHEN $8::boolean THEN ($7::timestamptz AT TIME ZONE 'UTC') ELSE c."closedAt" END,
    "offerExpiresAt" = CASE WHEN $9::boolean THEN ($10::timestamptz AT TIME ZONE 'UTC') ELSE c."offerExpiresAt" END,
    "outcome" = CASE WHEN $11::boolean THEN $12::text ELSE c."outcome" END,
    "amount" = CASE WHEN $13::boolean THEN $14::numeric ELSE c."amount" END,
    "updatedAt" = (now() AT TIME ZONE 'UTC')
  FROM event WHERE c."id" = event."caseId" AND c."lastSeq" <= $3
  RETURNING c."id"
)
SELECT event."caseId", (event."replaced" OR EXISTS (SELECT 1 FROM stale)) AS "replaced"
FROM event, LATERAL (SELECT pg_notify('${CASE_CHANGES_CHANNEL}', event."caseId")) AS notified`;

/** What writing a step did: nothing (already written), a first write, or a replacement of a write by a workflow task that never committed. */
type Written = 'none' | 'new' | 'replaced';

/** Writes the timeline row and moves the case. */
async function writeStep(db: Pick<Prisma.TransactionClient, '$queryRawUnsafe'>, step: ProjectStepInput): Promise<Written> {
  const f = step.caseFields;
  // A query, not an execute: the number of affected rows of a WITH … SELECT differs between
  // drivers, the rows it returns do not (one when the step is new).
  const written = await db.$queryRawUnsafe<{ caseId: string; replaced: boolean }[]>(
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
    step.historyLength ?? 0,
  );
  if (written.length === 0) return 'none';
  return written[0]!.replaced ? 'replaced' : 'new';
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
      const written = await writeStep(tx, step);
      if (written === 'none') return; // this step was already written
      const historyLength = step.historyLength ?? 0;

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
        // This write won its step (above), so it moves the task unless a later step already did.
        const updated = await tx.task.updateMany({ where: { id: t.taskId, lastSeq: { lte: step.seq } }, data: values });
        if (updated.count === 0 && !(await tx.task.findUnique({ where: { id: t.taskId }, select: { id: true } }))) {
          await tx.task.create({ data: { id: t.taskId, caseId: step.caseId, workflowId: caseWorkflowId(step.caseId), ...values, createdAt: at } });
        }
      }

      if (step.audit) {
        // The chain is append-only: an entry an uncommitted workflow task wrote for this step
        // stays, and this one, keyed by its own workflow task, says that it replaces it.
        const replaced = written === 'replaced';
        await appendAudit(tx, {
          stream: caseAuditStream(step.caseId),
          idempotencyKey: replaced ? `${step.caseId}:${step.stepKey}@${historyLength}:${step.at}` : `${step.caseId}:${step.stepKey}`,
          actor: step.audit.actor,
          action: step.audit.action,
          details: { ...(step.audit.details ?? {}), ...(replaced ? { replacesUncommittedStep: step.seq } : {}) },
          at: step.at,
        });
      }
    });
  }
}

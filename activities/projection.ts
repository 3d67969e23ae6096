/**
 * The read model's writer. Each workflow step arrives once or more (activities run at least
 * once); the timeline row keyed by (case, step) makes every repeat a no-op, and the case's
 * `lastSeq` stops a late retry of an older step from overwriting a newer status.
 */
import type { Prisma } from '../generated/prisma/client.ts';
import { FINAL_STATUSES, type CaseStatus } from '../workflows/messages.ts';
import { appendAudit, caseStream, notifyCaseChanged } from './audit-log.ts';
import type { ActivityDeps } from './deps.ts';
import type { ProjectStepInput } from './types.ts';

const json = (v: unknown) => v as Prisma.InputJsonValue;

export function createProjectionActivities({ prisma }: Pick<ActivityDeps, 'prisma'>) {
  return {
    async projectStep(step: ProjectStepInput): Promise<void> {
      const at = new Date(step.at);
      await prisma.$transaction(async (tx) => {
        const created = await tx.caseEvent.createMany({
          data: [{ caseId: step.caseId, stepKey: step.stepKey, seq: step.seq, type: step.event.type, status: step.status ?? null, data: json(step.event.data ?? {}), at }],
          skipDuplicates: true,
        });
        if (created.count === 0) return; // this step was already written

        const fields: Prisma.CaseUpdateManyMutationInput = { lastSeq: step.seq };
        if (step.status) {
          fields.status = step.status;
          if (FINAL_STATUSES.includes(step.status as CaseStatus)) fields.closedAt = at;
        }
        if (step.caseFields?.offerExpiresAt !== undefined) fields.offerExpiresAt = step.caseFields.offerExpiresAt ? new Date(step.caseFields.offerExpiresAt) : null;
        if (step.caseFields?.outcome !== undefined) fields.outcome = step.caseFields.outcome;
        if (step.caseFields?.amount !== undefined) fields.amount = step.caseFields.amount;
        await tx.case.updateMany({ where: { id: step.caseId, lastSeq: { lt: step.seq } }, data: fields });

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
            completedAt: t.status === 'COMPLETED' || t.status === 'CANCELLED' ? at : null,
            lastSeq: step.seq,
          };
          const updated = await tx.task.updateMany({ where: { id: t.taskId, lastSeq: { lt: step.seq } }, data: values });
          if (updated.count === 0 && !(await tx.task.findUnique({ where: { id: t.taskId }, select: { id: true } }))) {
            await tx.task.create({ data: { id: t.taskId, caseId: step.caseId, workflowId: `case-${step.caseId}`, ...values, createdAt: at } });
          }
        }

        if (step.audit) {
          await appendAudit(tx, {
            stream: caseStream(step.caseId),
            idempotencyKey: `${step.caseId}:${step.stepKey}`,
            actor: step.audit.actor,
            action: step.audit.action,
            details: step.audit.details ?? {},
            at: step.at,
          });
        }
        await notifyCaseChanged(tx, step.caseId);
      });
    },
  };
}

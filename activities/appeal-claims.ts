/**
 * Who holds an appeal task, as the appeal workflow decides it (claimTask / releaseTask on an
 * APPEAL task): the task row's status and assignee, and an entry in the case's audit chain, in one
 * transaction. Keyed by the appeal and the workflow's step number, so a retried activity writes
 * nothing twice, and a step older than the row's last one (two hand-overs whose activities finish
 * out of order) leaves the row as the newer step wrote it. A task the appeal's decision completed
 * is never reopened.
 */
import { appendAudit } from '../lib/audit-log.ts';
import { caseAuditStream, LIVE_TASK_STATUSES } from '../workflows/messages.ts';
import { notifyCaseChanged } from './case-changes.ts';
import type { ActivityDeps } from './deps.ts';

export interface RecordAppealTaskHolderInput {
  appealId: string;
  caseId: string;
  taskId: string;
  /** The workflow's count of hand-overs of this task, from 1. */
  step: number;
  action: 'TASK_CLAIMED' | 'TASK_RELEASED';
  /** The officer who acted. */
  officerId: string;
  /** Workflow time of the hand-over. */
  at: string;
}

export function createAppealClaimActivities({ prisma }: Pick<ActivityDeps, 'prisma'>) {
  return {
    async recordAppealTaskHolder(input: RecordAppealTaskHolderInput): Promise<void> {
      const claimed = input.action === 'TASK_CLAIMED';
      await prisma.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: { id: input.taskId, status: { in: [...LIVE_TASK_STATUSES] }, lastSeq: { lt: input.step } },
          data: { status: claimed ? 'CLAIMED' : 'OPEN', assignee: claimed ? input.officerId : null, lastSeq: input.step },
        });
        await appendAudit(tx, {
          stream: caseAuditStream(input.caseId),
          idempotencyKey: `${input.appealId}:task:${input.step}`,
          actor: input.officerId,
          action: input.action,
          details: { taskId: input.taskId, appealId: input.appealId },
          at: input.at,
        });
        await notifyCaseChanged(tx, input.caseId);
      });
    },
  };
}

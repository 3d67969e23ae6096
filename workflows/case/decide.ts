/**
 * Issuing the decision: the signed record is written by an activity (idempotent per case), then
 * the case moves to its final status. Used by the automatic path and by officers' resolutions.
 */
import type { IssueDecisionInput } from '../../activities/index.ts';
import { isLiveTask, type DecisionSummary, type TimingOverrides } from '../messages.ts';
import { store } from './activities.ts';
import { untilItSucceeds } from './failed-step.ts';
import { ACTIVITY_SUMMARY } from '../user-metadata.ts';
import type { CaseState } from './state.ts';

export interface Decider {
  decide(input: Pick<IssueDecisionInput, 'outcome' | 'amount' | 'decidedBy'>): Promise<DecisionSummary>;
  /** The review SLA in force for this case (policy, or a permitted override). */
  slaMs(): number;
  supervisorSlaMs(): number;
  /** The case's permitted timing overrides (tests, demos), for the review's escalation chain. */
  readonly timing: TimingOverrides | undefined;
}

export function createDecider(state: CaseState, timing: TimingOverrides | undefined): Decider {
  return {
    timing,
    slaMs: () => timing?.slaMs ?? state.plan!.policy.slaMs,
    supervisorSlaMs: () => timing?.supervisorSlaMs ?? state.plan!.policy.supervisorSlaMs,
    async decide(input) {
      state.deciding = true;
      const issue = { caseId: state.caseId, evaluationId: state.evaluation!.evaluationId, decidedAt: state.now(), ...input };
      const decision = await untilItSucceeds(state, 'DECISION', () => store.issueDecision.executeWithOptions({ summary: ACTIVITY_SUMMARY.decision(input.outcome) }, [issue]));
      state.decision = decision;
      for (const task of state.tasks) {
        if (isLiveTask(task)) {
          task.status = 'CANCELLED';
          await state.project({ event: { type: 'TASK_CANCELLED', data: { taskId: task.taskId } }, task });
        }
      }
      await state.project({
        status: decision.outcome,
        event: { type: 'DECIDED', data: { decisionId: decision.decisionId, outcome: decision.outcome, amount: decision.amount } },
        caseFields: { outcome: decision.outcome, amount: decision.amount },
      });
      return decision;
    },
  };
}

/**
 * Test-only workflows that prove lib/ building blocks inside Temporal's real workflow sandbox:
 * the working-day calendar, officer claims in Update validators, and payloads through the codec.
 * Bundled by the tests with bundleWorkflowCode, exactly as the worker bundles workflows/.
 */
import { condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import { calendarDay, resolveDeadline, type ResolvedDeadline } from '../../lib/calendar/index.ts';
import { claimedOfficer, requireOfficerClaim } from '../../lib/claims/in-workflow.ts';
import { trustedClaimKeys } from '../../lib/claims/trusted-keys.ts';
import { verifyOfficerClaim, type ClaimContext, type VerifiedOfficer } from '../../lib/claims/verify-claim.ts';

export interface DeadlineInput {
  start: string;
  deadline: string | { workingDays: number };
}

export async function deadlineWorkflow(input: DeadlineInput): Promise<{ fixed: ResolvedDeadline; fromWorkflowTime: ResolvedDeadline; nauryz: string }> {
  return {
    fixed: resolveDeadline(input.start, input.deadline),
    // Workflow time is "now": December 2026 runs into 2027, a year without data — estimated.
    fromWorkflowTime: resolveDeadline(Date.now(), input.deadline, { onMissingYear: 'estimate' }),
    nauryz: calendarDay('2026-03-24').kind,
  };
}

export interface ApproveInput {
  taskId: string;
  amount: number;
  claim?: string;
}

export const approveUpdate = defineUpdate<{ acceptedBy: string }, [ApproveInput]>('approve');
/** The same Update with a validator that does not verify: the baseline of the verify-cost bench. */
export const approveUncheckedUpdate = defineUpdate<{ acceptedBy: string }, [ApproveInput]>('approveUnchecked');
export const finishSignal = defineSignal('finish');
export const approvalsQuery = defineQuery<{ taskId: string; amount: number; officer: VerifiedOfficer }[]>('approvals');

export async function guardedWorkflow(): Promise<number> {
  const approvals: { taskId: string; amount: number; officer: VerifiedOfficer }[] = [];
  let finished = false;
  setHandler(
    approveUpdate,
    (input) => {
      const officer = claimedOfficer(input);
      approvals.push({ taskId: input.taskId, amount: input.amount, officer });
      return { acceptedBy: officer.id };
    },
    {
      validator: (input) => {
        const officer = requireOfficerClaim(input);
        if (!officer.roles.includes('officer')) throw new Error('only officers approve');
      },
    },
  );
  setHandler(approveUncheckedUpdate, (input) => ({ acceptedBy: input.taskId }), {
    validator: (input) => {
      if (typeof input?.taskId !== 'string' || typeof input.claim !== 'string') throw new Error('malformed');
    },
  });
  setHandler(approvalsQuery, () => approvals);
  setHandler(finishSignal, () => void (finished = true));
  await condition(() => finished);
  return approvals.length;
}

/** For the verify-cost bench: `times` verifications (or decodes, the baseline) in one query. */
export const verifyManyQuery = defineQuery<number, [{ token: string; context: Omit<ClaimContext, 'keys' | 'nowMs'>; times: number; verify: boolean }]>('verifyMany');

export async function claimBenchWorkflow(): Promise<void> {
  let finished = false;
  setHandler(verifyManyQuery, ({ token, context, times, verify }) => {
    let accepted = 0;
    for (let i = 0; i < times; i++) {
      const ok = verify ? verifyOfficerClaim(token, { ...context, keys: trustedClaimKeys(), nowMs: Date.now() }).ok : claimedOfficer({ claim: token }).id !== '';
      if (ok) accepted += 1;
    }
    return accepted;
  });
  setHandler(finishSignal, () => void (finished = true));
  await condition(() => finished);
}

export const answerUpdate = defineUpdate<string, [{ answer: string }]>('answer');

export async function codecWorkflow(input: { secret: string }): Promise<{ secret: string; echoed: string; answer: string }> {
  const { echo } = proxyActivities<{ echo(text: string): Promise<string> }>({ startToCloseTimeout: '10s', retry: { maximumAttempts: 3 } });
  let answer: string | undefined;
  setHandler(answerUpdate, (u) => (answer = u.answer));
  const echoed = await echo(input.secret);
  await condition(() => answer !== undefined);
  return { secret: input.secret, echoed, answer: answer! };
}

/**
 * The scheduled re-checks of a granted entitlement (services/rechecks.ts), as a workflow of its own
 * (id recheckWorkflowId) that the entitlement workflow starts and does not wait for, so the payment
 * loop stays as it was. On each re-check's date it fetches the evidence again and re-evaluates with
 * the rules of the version in force (activities/rechecks.ts), then:
 *
 *   same band                      → recorded (UNCHANGED), nothing else changes
 *   a higher amount                → a new signed decision at once; later periods paid at it
 *   a lower amount, or ineligible  → a preliminary decision, heard first (Administrative Procedural
 *        Code art. 73, the same window in working days and the same Update as a preliminary
 *        refusal): SMS with the grounds and the date → silence until the window ends → signed
 *        as reached; an objection → an officer decides with it in view (RECHECK_OBJECTION task,
 *        `resolveTask`: APPROVE at the re-checked amount or another, DENY with grounds).
 *        The signed decision supersedes the standing one; the entitlement is recalculated from its
 *        next period or ended (signalled to the entitlement workflow with its legal basis).
 *
 * Every activity is keyed by the re-check, so a retry finds what it wrote.
 */
import { allHandlersFinished, condition, getExternalWorkflowHandle, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/index.ts';
import { claimedOfficer, requireOfficerClaim } from '../lib/claims/in-workflow.ts';
import { checkAmount, checkIdentifier, checkText, FREE_TEXT, type Checked } from '../lib/input/index.ts';
import { STORE_PROFILE } from './case/activity-profiles.ts';
import { MAX_OBJECTION_DOCUMENTS } from './case/hearing.ts';
import { reject } from './case/reject.ts';
import {
  endEntitlementSignal,
  entitlementWorkflowId,
  recheckStateQuery,
  resolveTaskUpdate,
  submitObjectionUpdate,
  type OpenedRecheckTask,
  type RecheckDecided,
  type RecheckLiveState,
  type RecheckWorkflowInput,
  type RecheckWorkflowResult,
  type ResolveTaskResult,
} from './messages.ts';
import { inCandidateGroup } from './task-permissions.ts';
import { oneResolution, requireOpened } from './task-resolution.ts';

const store = proxyActivities<CaseActivities>(STORE_PROFILE);

/** Re-checks fall due at midnight in Kazakhstan (UTC+5), like periods. */
const KZ_MIDNIGHT = 'T00:00:00+05:00';

function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) reject('VALIDATION_FAILED', checked.problem.message);
  return checked.value;
}

export async function recheckWorkflow(input: RecheckWorkflowInput): Promise<RecheckWorkflowResult> {
  const live: RecheckLiveState = { recheckId: null, phase: 'WAITING', hearingDueAt: null };
  let objection: { text: string; documents?: string[] } | null = null;
  let task: OpenedRecheckTask | null = null;
  let resolution = oneResolution<RecheckDecided>();
  const done: RecheckWorkflowResult['rechecks'] = [];

  setHandler(recheckStateQuery, () => ({ ...live }));

  setHandler(
    submitObjectionUpdate,
    async ({ text, documents }) => {
      objection = { text, ...(documents?.length ? { documents: [...documents] } : {}) };
      await store.recordRecheckObjection({ recheckId: live.recheckId!, text, documents: documents ?? [], at: new Date().toISOString() });
      return 'APPROVED' as const;
    },
    {
      validator: ({ text, documents }) => {
        if (live.phase !== 'HEARING' || objection !== null) reject('INVALID_STATE', `case ${input.caseId} has no preliminary decision of a re-check open to objection`);
        if (live.hearingDueAt && Date.now() >= Date.parse(live.hearingDueAt)) reject('INVALID_STATE', 'the hearing window has closed');
        const checked = valid(checkText('text', text, FREE_TEXT));
        if (checked.trim().length < 3) reject('VALIDATION_FAILED', 'an objection of at least 3 characters is required');
        if (documents !== undefined) {
          if (!Array.isArray(documents) || documents.length > MAX_OBJECTION_DOCUMENTS) reject('VALIDATION_FAILED', `documents must be a list of at most ${MAX_OBJECTION_DOCUMENTS} references`);
          for (const d of documents) valid(checkIdentifier('documents', d, { maxLength: 200, noIin: true }));
        }
      },
    },
  );

  setHandler(
    resolveTaskUpdate,
    async (update): Promise<ResolveTaskResult> => {
      const officer = claimedOfficer(update);
      const t = task!;
      const decided = await resolution.settle(() =>
        store.decideRecheck({
          recheckId: t.recheckId,
          at: new Date().toISOString(),
          decidedBy: {
            kind: 'OFFICER',
            officerId: officer.id,
            reason: update.reason,
            action: update.action as 'APPROVE' | 'DENY',
            ...(update.amount !== undefined ? { amount: update.amount } : {}),
            ...(update.grounds !== undefined ? { grounds: [...update.grounds] } : {}),
          },
        }),
      );
      return { taskId: t.taskId, action: update.action, decision: decided.decision, secondReviewTaskId: null, status: 'APPROVED' };
    },
    {
      validator: (update) => {
        const officer = requireOfficerClaim(update);
        const t = requireOpened(task, 're-check objection task');
        if (update.taskId !== t.taskId) reject('INVALID_STATE', `this workflow decides task ${t.taskId}`);
        if (resolution.taken) reject('INVALID_STATE', `task ${t.taskId} is already resolved`);
        if (!inCandidateGroup(officer, { department: t.department, role: t.role })) reject('FORBIDDEN', `task ${t.taskId} belongs to ${t.department}/${t.role}`);
        if (update.action !== 'APPROVE' && update.action !== 'DENY') reject('VALIDATION_FAILED', 'a re-check objection is decided with APPROVE (the entitlement continues at the amount) or DENY (it ends)');
        const reason = valid(checkText('reason', update.reason, FREE_TEXT));
        if (reason.trim().length < 3) reject('VALIDATION_FAILED', 'reason: at least 3 characters');
        if (update.amount !== undefined) {
          if (update.action !== 'APPROVE') reject('VALIDATION_FAILED', 'amount goes only with APPROVE');
          valid(checkAmount('amount', update.amount));
        }
        if (update.action === 'DENY') {
          if (!update.grounds?.length) reject('VALIDATION_FAILED', `an end must name at least one ground: ${t.refusalGrounds.join(', ')}`);
          const unknown = update.grounds.filter((g: string) => !t.refusalGrounds.includes(g));
          if (unknown.length) reject('VALIDATION_FAILED', `not a refusal ground of this service: ${unknown.join(', ')}`);
        } else if (update.grounds?.length) reject('VALIDATION_FAILED', 'grounds go only with DENY');
      },
    },
  );

  const plan = await store.planEntitlementRechecks({ caseId: input.caseId });
  const periodMs = input.timing?.periodMs;
  for (const planned of plan.rechecks) {
    const dueAt = periodMs ? input.anchorMs + Math.round(planned.periodOffset * periodMs) : Date.parse(`${planned.asOf}${KZ_MIDNIGHT}`);
    if (Date.now() < dueAt) await sleep(dueAt - Date.now());
    const found = await store.recheckEntitlement({ caseId: input.caseId, key: planned.key, trigger: planned.trigger, asOf: planned.asOf, at: new Date().toISOString() });
    if (found.inactive) break;
    live.recheckId = found.recheckId;
    let decided: RecheckDecided | null = null;
    if (found.outcome === 'HIGHER') {
      // Favourable: nothing to hear.
      decided = await store.decideRecheck({ recheckId: found.recheckId, at: new Date().toISOString(), decidedBy: { kind: 'SYSTEM' } });
    } else if (found.outcome === 'LOWER' || found.outcome === 'INELIGIBLE') {
      decided = await hear(found.recheckId);
    }
    if (decided?.status === 'ENDED') {
      try {
        await getExternalWorkflowHandle(entitlementWorkflowId(input.caseId)).signal(endEntitlementSignal, { reason: decided.reason });
      } catch {
        // The entitlement's workflow has closed (its granted months ran out): there is nothing left to end.
      }
    }
    done.push({ recheckId: found.recheckId, status: decided?.status ?? 'UNCHANGED' });
    live.phase = 'WAITING';
    live.hearingDueAt = null;
    if (decided?.status === 'ENDED') break;
  }
  live.phase = 'DONE';
  await condition(allHandlersFinished);
  return { caseId: input.caseId, rechecks: done };

  /** The preliminary decision heard: silence signs it as reached; an objection goes to an officer. */
  async function hear(recheckId: string): Promise<RecheckDecided> {
    objection = null;
    task = null;
    resolution = oneResolution<RecheckDecided>();
    const opened = await store.openRecheckHearing({ recheckId, at: new Date().toISOString(), ...(input.timing?.hearingWindowMs ? { windowMs: input.timing.hearingWindowMs } : {}) });
    live.phase = 'HEARING';
    live.hearingDueAt = opened.dueAt;
    await condition(() => objection !== null, Math.max(Date.parse(opened.dueAt) - Date.now(), 1));
    if (objection === null) return store.decideRecheck({ recheckId, at: new Date().toISOString(), decidedBy: { kind: 'SYSTEM' } });
    // The objection's handler finishes its record before the officer's task opens.
    await condition(allHandlersFinished);
    live.phase = 'REVIEW';
    task = await store.openRecheckObjectionTask({ recheckId, at: new Date().toISOString(), ...(input.timing?.slaMs ? { slaMs: input.timing.slaMs } : {}) });
    await condition(() => resolution.result !== null);
    return resolution.result!;
  }
}

/**
 * A hearing before a refusal (Administrative Procedural Code, No. 350-VI, art. 73: a participant
 * is told of a preliminary unfavourable decision and may state a position before it is adopted).
 *
 *   refusal reached (automatic DENIED, or an officer's DENY)  → PRELIMINARY_REFUSAL, SMS with the
 *   grounds and the date → objection (submitObjection) → officer REVIEW [OBJECTION_SUBMITTED]
 *                                                        → APPROVE, or DENY (final: no second hearing)
 *                        → silence until the window ends → DENIED, signed with the same grounds
 *
 * A preliminary refusal is not a decision: nothing is signed until it becomes final. The window
 * counts working days on Kazakhstan's calendar (lib/calendar, pure: safe in workflow code) from
 * the refusal's workflow time; a year the calendar has no data for is estimated, never thrown on,
 * so a case cannot stall on a missing year. Approvals are never delayed.
 */
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { resolveDeadline, type ResolvedDeadline } from '../../lib/calendar/index.ts';
import { checkIdentifier, checkText, FREE_TEXT, type Checked } from '../../lib/input/index.ts';
import { DEFAULT_HEARING_WORKING_DAYS, OBJECTION_SUBMITTED, submitObjectionUpdate, type IssueDecisionBy, type TimingOverrides } from '../messages.ts';
import type { Decider } from './decide.ts';
import { reject } from './reject.ts';
import type { CaseState } from './state.ts';

/** At most this many documents referenced by one objection. */
export const MAX_OBJECTION_DOCUMENTS = 10;

/** Whether a refusal reached now must first be heard: new cases, and never after a hearing. */
export function hearsFirst(state: CaseState): boolean {
  return state.hearsBeforeRefusal && state.refusal === null;
}

/** Records a refusal reached now for hearing; the case counts as closed until the main flow opens the hearing. */
export function proposeRefusal(state: CaseState, decidedBy: IssueDecisionBy): void {
  const grounds = decidedBy.kind === 'OFFICER' ? [...(decidedBy.grounds ?? [])] : [];
  state.refusal = { phase: 'PROPOSED', decidedBy, grounds, dueAt: null };
}

/**
 * The end of a hearing window of `workingDays` opened at `start`: 24:00 Almaty time of the last
 * working day, counted from the day after (lib/calendar/deadline.ts). A year without calendar data
 * is estimated from the statutory holidays rather than thrown on.
 */
export function hearingWindowEnd(start: string, workingDays: number): ResolvedDeadline {
  return resolveDeadline(start, { workingDays }, { onMissingYear: 'estimate' });
}

/** The end of the hearing window that opens now: the service's working days, or a permitted override. */
export function hearingDueAt(state: CaseState, timing: TimingOverrides | undefined): { dueAt: string; workingDays: number | null } {
  if (timing?.hearingWindowMs) return { dueAt: new Date(Date.now() + timing.hearingWindowMs).toISOString(), workingDays: null };
  const workingDays = state.plan!.policy.hearingWorkingDays ?? DEFAULT_HEARING_WORKING_DAYS;
  return { dueAt: hearingWindowEnd(state.now(), workingDays).dueAt, workingDays };
}

function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) reject('VALIDATION_FAILED', checked.problem.message);
  return checked.value;
}

/** The citizen's objection: accepted once, while the hearing window is open. */
export function registerHearingHandlers(state: CaseState): void {
  setHandler(
    submitObjectionUpdate,
    async ({ text, documents }) => {
      state.objection = { text, ...(documents?.length ? { documents: [...documents] } : {}) };
      state.refusal!.phase = 'HEARD';
      // The objection is free text, kept like a withdrawal reason: in the timeline under a key the
      // API withholds from callers who see personal data masked (api/auth/personal-data.ts).
      await state.project({
        event: { type: OBJECTION_SUBMITTED, data: { objection: text, documents: documents ?? [] } },
        audit: { actor: 'citizen', action: OBJECTION_SUBMITTED, details: { documents: documents ?? [] } },
      });
      return state.status;
    },
    {
      validator: ({ text, documents }) => {
        const open = state.refusal?.phase === 'WINDOW' && !state.decision && !state.withdrawn;
        if (!open) reject('INVALID_STATE', `case ${state.caseId} has no preliminary refusal open to objection (status ${state.status})`);
        if (state.refusal!.dueAt && Date.now() >= Date.parse(state.refusal!.dueAt)) reject('INVALID_STATE', 'the hearing window has closed');
        const objection = valid(checkText('text', text, FREE_TEXT));
        if (objection.trim().length < 3) reject('VALIDATION_FAILED', 'an objection of at least 3 characters is required');
        if (documents !== undefined) {
          if (!Array.isArray(documents) || documents.length > MAX_OBJECTION_DOCUMENTS) reject('VALIDATION_FAILED', `documents must be a list of at most ${MAX_OBJECTION_DOCUMENTS} references`);
          for (const d of documents) valid(checkIdentifier('documents', d, { maxLength: 200, noIin: true }));
        }
      },
    },
  );
}

/**
 * Holds the hearing of the refusal proposed by the automatic path or an officer's DENY: tells the
 * citizen, waits for an objection until the window ends, then hands the objection to an officer
 * (`review`, the case's own review with its SLA and escalation) or makes the refusal final.
 */
export async function hearRefusal(
  state: CaseState,
  decider: Decider,
  timing: TimingOverrides | undefined,
  review: (state: CaseState, decider: Decider, reasons: string[]) => Promise<void>,
): Promise<void> {
  const refusal = state.refusal!;
  const { dueAt, workingDays } = hearingDueAt(state, timing);
  refusal.dueAt = dueAt;
  refusal.phase = 'WINDOW';
  const by = refusal.decidedBy.kind === 'OFFICER' ? refusal.decidedBy.officerId : 'system';
  const failedRules = state.evaluation?.failedRules ?? [];
  await state.project({
    status: 'PRELIMINARY_REFUSAL',
    event: { type: 'PRELIMINARY_REFUSAL', data: { dueAt, workingDays, grounds: refusal.grounds, failedRules, decidedBy: by } },
    audit: { actor: by, action: 'PRELIMINARY_REFUSAL', details: { dueAt, grounds: refusal.grounds } },
  });
  await state.notify({
    caseId: state.caseId,
    template: 'preliminaryRefusal',
    idempotencyKey: `${state.caseId}:preliminary-refusal`,
    vars: { until: dueAt, grounds: refusal.grounds.join(','), automatic: refusal.decidedBy.kind === 'SYSTEM' ? 1 : 0 },
  });

  const remaining = Math.max(Date.parse(dueAt) - Date.now(), 1);
  await condition(() => state.objection !== null || state.withdrawn, remaining);
  if (state.withdrawn) return;
  if (state.objection === null) {
    // Silence: the refusal becomes final as reached, with its grounds, signed now.
    await state.project({ event: { type: 'HEARING_WINDOW_PASSED', data: { dueAt } } });
    await decider.decide({ outcome: 'DENIED', amount: null, decidedBy: refusal.decidedBy });
    return;
  }
  // The objection's handler finishes its projection before the review opens (the order live runs
  // record; see handlersSettled in case-workflow.ts).
  await condition(allHandlersFinished);
  await review(state, decider, [OBJECTION_SUBMITTED]);
}

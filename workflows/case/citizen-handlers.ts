/**
 * The citizen's side of a case: answering a proactive offer, providing requested information,
 * withdrawing before a decision; and the live-state Query.
 */
import { setHandler } from '@temporalio/workflow';
import { caseStateQuery, isClosedWithoutDecision, isLiveTask, provideInformationUpdate, respondToOfferUpdate, withdrawCaseUpdate } from '../messages.ts';
import { checkIdentifier, checkText, FREE_TEXT, type Checked } from '../../lib/input/index.ts';
import { rememberAnswer, validateAnswer } from './information.ts';
import { PATCH } from './patches.ts';
import { reject } from './reject.ts';
import type { CaseState } from './state.ts';

/** The one input rule, applied before an Update is accepted (a refusal leaves no history). */
function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) reject('VALIDATION_FAILED', checked.problem.message);
  return checked.value;
}

/**
 * Whether this handler tells the citizen through an activity scheduled by the committed workflow
 * task (CaseState.notifyFromHandler). Asked before the handler's first await, in the workflow
 * task that accepts the Update, so the marker sits at the same place live and on replay.
 */
const handlerNotifiesAfterCommit = (state: CaseState) => state.patched(PATCH.handlerNotifiesAfterCommit);

/** At most this many answers per submission; each key an identifier, each answer free text. */
const MAX_ANSWERS = 50;

export function registerCitizenHandlers(state: CaseState): void {
  setHandler(caseStateQuery, () => state.live());

  let refusals = 0;
  setHandler(
    respondToOfferUpdate,
    async ({ consent, channel, proof }) => {
      const afterCommit = handlerNotifiesAfterCommit(state);
      state.consent = consent;
      // The proof (the reply SMS's gateway message id) is recorded with the answer when there is one.
      const data = proof === undefined ? { channel } : { channel, proof };
      if (consent) {
        await state.project({ event: { type: 'OFFER_ACCEPTED', data }, audit: { actor: 'citizen', action: 'OFFER_ACCEPTED', details: data } });
        return state.status;
      }
      refusals += 1;
      await state.project({ status: 'REFUSED', event: { type: 'OFFER_REFUSED', data }, audit: { actor: 'citizen', action: 'OFFER_REFUSED', details: data } });
      // A bundled offer's refusal is answered once, by the SMS reply endpoint, not once per case.
      if (!state.bundled) {
        await state.notifyFromHandler(afterCommit, { caseId: state.caseId, template: 'refused', idempotencyKey: `${state.caseId}:refused:${refusals}`, vars: { until: state.offerExpiresAt } });
      }
      return state.status;
    },
    {
      validator: ({ consent, channel, proof }) => {
        valid(checkIdentifier('channel', channel, { maxLength: 64 }));
        if (proof !== undefined) valid(checkIdentifier('proof', proof));
        if (typeof consent !== 'boolean') reject('VALIDATION_FAILED', 'consent must be true or false');
        if (state.status !== 'OFFERED' && state.status !== 'REFUSED') reject('INVALID_STATE', `case ${state.caseId} has no open offer (status ${state.status})`);
        if (state.consent === true) reject('INVALID_STATE', 'the offer was already accepted');
        if (state.offerExpiresAt && Date.now() >= Date.parse(state.offerExpiresAt)) reject('INVALID_STATE', 'the offer has expired');
        if (state.consent === false && !consent) reject('INVALID_STATE', 'the offer was already refused');
      },
    },
  );

  setHandler(
    provideInformationUpdate,
    async (input) => {
      const { submissionId, answers } = input;
      state.informationProvided = true;
      // Asked first, before any await, so it sits at the same point of the history on replay.
      const kept = state.patched(PATCH.informationAnswersAsEvidence);
      if (kept) rememberAnswer(state, input);
      const documents = (input.documents ?? []).map((d) => ({ sha256: d.sha256, contentType: d.contentType, size: d.size }));
      await state.project({
        // Kept, the answers and the documents' hashes are the officer's to read (masked for everyone else, api/auth/personal-data.ts).
        event: { type: 'INFORMATION_PROVIDED', data: kept ? { submissionId, fields: Object.keys(answers), answers, documents } : { submissionId, fields: Object.keys(answers) } },
        audit: { actor: 'citizen', action: 'INFORMATION_PROVIDED', details: { submissionId } },
      });
      return state.status;
    },
    {
      validator: (input) => {
        const { submissionId, answers } = input;
        if (state.status !== 'AWAITING_INFORMATION' || state.informationProvided) reject('INVALID_STATE', `case ${state.caseId} is not waiting for information`);
        valid(checkIdentifier('submissionId', submissionId, { noIin: true }));
        if (!answers || typeof answers !== 'object' || Array.isArray(answers) || Object.keys(answers).length === 0) reject('VALIDATION_FAILED', 'answers must not be empty');
        const entries = Object.entries(answers);
        if (entries.length > MAX_ANSWERS) reject('VALIDATION_FAILED', `at most ${MAX_ANSWERS} answers`);
        for (const [key, value] of entries) {
          valid(checkIdentifier('answers key', key, { maxLength: 64 }));
          valid(checkText(`answers.${key}`, value, FREE_TEXT));
        }
        validateAnswer(state, input);
      },
    },
  );

  setHandler(
    withdrawCaseUpdate,
    async ({ reason, by }) => {
      const afterCommit = handlerNotifiesAfterCommit(state);
      state.withdrawn = true;
      for (const task of state.tasks) {
        if (isLiveTask(task)) {
          task.status = 'CANCELLED';
          await state.project({ event: { type: 'TASK_CANCELLED', data: { taskId: task.taskId } }, task });
        }
      }
      await state.project({ status: 'WITHDRAWN', event: { type: 'WITHDRAWN', data: { reason } }, audit: { actor: by, action: 'CASE_WITHDRAWN', details: { reason } } });
      await state.notifyFromHandler(afterCommit, { caseId: state.caseId, template: 'withdrawn', idempotencyKey: `${state.caseId}:withdrawn` });
      return state.status;
    },
    {
      validator: ({ reason, by }) => {
        if (state.closed || state.deciding) reject('INVALID_STATE', `case ${state.caseId} can no longer be withdrawn (status ${state.status})`);
        // The failed step is still waiting to run: it would run after the withdrawal. Retry it first.
        if (state.failedStep) reject('INVALID_STATE', `case ${state.caseId} needs attention (a ${state.failedStep.step} step failed); it can be withdrawn once the step is retried`);
        if (isClosedWithoutDecision(state.status)) reject('INVALID_STATE', `case ${state.caseId} is already closed (${state.status})`);
        valid(checkText('reason', reason, FREE_TEXT));
        valid(checkIdentifier('by', by));
      },
    },
  );
}

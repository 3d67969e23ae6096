/**
 * The citizen's side of a case: answering a proactive offer, providing requested information,
 * withdrawing before a decision; and the live-state Query.
 */
import { setHandler } from '@temporalio/workflow';
import { caseStateQuery, isClosedWithoutDecision, isLiveTask, provideInformationUpdate, respondToOfferUpdate, withdrawCaseUpdate } from '../messages.ts';
import { local } from './activities.ts';
import { reject } from './reject.ts';
import type { CaseState } from './state.ts';

export function registerCitizenHandlers(state: CaseState): void {
  setHandler(caseStateQuery, () => state.live());

  let refusals = 0;
  setHandler(
    respondToOfferUpdate,
    async ({ consent, channel }) => {
      state.consent = consent;
      if (consent) {
        await state.project({ event: { type: 'OFFER_ACCEPTED', data: { channel } }, audit: { actor: 'citizen', action: 'OFFER_ACCEPTED', details: { channel } } });
        return state.status;
      }
      refusals += 1;
      await state.project({ status: 'REFUSED', event: { type: 'OFFER_REFUSED', data: { channel } }, audit: { actor: 'citizen', action: 'OFFER_REFUSED', details: { channel } } });
      await local.notifyCitizen({ caseId: state.caseId, template: 'refused', idempotencyKey: `${state.caseId}:refused:${refusals}`, vars: { until: state.offerExpiresAt } });
      return state.status;
    },
    {
      validator: ({ consent }) => {
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
    async ({ submissionId, answers }) => {
      state.informationProvided = true;
      await state.project({
        event: { type: 'INFORMATION_PROVIDED', data: { submissionId, fields: Object.keys(answers) } },
        audit: { actor: 'citizen', action: 'INFORMATION_PROVIDED', details: { submissionId } },
      });
      return state.status;
    },
    {
      validator: ({ submissionId, answers }) => {
        if (state.status !== 'AWAITING_INFORMATION' || state.informationProvided) reject('INVALID_STATE', `case ${state.caseId} is not waiting for information`);
        if (!submissionId) reject('VALIDATION_FAILED', 'submissionId is required');
        if (!answers || typeof answers !== 'object' || Object.keys(answers).length === 0) reject('VALIDATION_FAILED', 'answers must not be empty');
      },
    },
  );

  setHandler(
    withdrawCaseUpdate,
    async ({ reason, by }) => {
      state.withdrawn = true;
      for (const task of state.tasks) {
        if (isLiveTask(task)) {
          task.status = 'CANCELLED';
          await state.project({ event: { type: 'TASK_CANCELLED', data: { taskId: task.taskId } }, task });
        }
      }
      await state.project({ status: 'WITHDRAWN', event: { type: 'WITHDRAWN', data: { reason } }, audit: { actor: by, action: 'CASE_WITHDRAWN', details: { reason } } });
      await local.notifyCitizen({ caseId: state.caseId, template: 'withdrawn', idempotencyKey: `${state.caseId}:withdrawn` });
      return state.status;
    },
    {
      validator: ({ reason }) => {
        if (state.closed || state.deciding) reject('INVALID_STATE', `case ${state.caseId} can no longer be withdrawn (status ${state.status})`);
        if (isClosedWithoutDecision(state.status)) reject('INVALID_STATE', `case ${state.caseId} is already closed (${state.status})`);
        if (!reason?.trim()) reject('VALIDATION_FAILED', 'a reason is required');
      },
    },
  );
}

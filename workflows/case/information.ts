/**
 * What a citizen's answer to a request for information does, for cases that record
 * PATCH.informationAnswersAsEvidence (patches.ts): the Update keeps the answers and the documents'
 * hashes (citizen-handlers.ts calls rememberAnswer); before the rules run again, the documents
 * become evidence and each answer the service declares a substitute for evidence is checked with
 * its registry (an IBAN with the bank), so an officer who asked for an IBAN does not get the case
 * back with the same unverified account. Cases before the patch keep nothing: useAnswersAsEvidence
 * finds no answers and emits no command.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { checkKzIban } from '../../lib/input/index.ts';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_MAX_BYTES, FailureType, MAX_DOCUMENTS_PER_ANSWER, type ProvideInformationInput, type TimingOverrides } from '../messages.ts';
import { registryActivities, store } from './activities.ts';
import { reject } from './reject.ts';
import type { CaseState } from './state.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** How an answer that stands in for evidence must look, by the check that confirms it. */
function checkSubstituteAnswer(check: string, field: string, value: string) {
  // Every check so far takes a KZ IBAN (services/definition.ts ANSWER_CHECKS).
  void check;
  return checkKzIban(field, value);
}

/** The Update validator's part: the documents' references, and answers that will be checked with a registry. */
export function validateAnswer(state: CaseState, { answers, documents }: ProvideInformationInput): void {
  if (documents !== undefined) {
    if (!Array.isArray(documents) || documents.length > MAX_DOCUMENTS_PER_ANSWER) reject('VALIDATION_FAILED', `documents: at most ${MAX_DOCUMENTS_PER_ANSWER}`);
    for (const d of documents) {
      if (!d || typeof d.sha256 !== 'string' || !SHA256_HEX.test(d.sha256)) reject('VALIDATION_FAILED', 'documents: each names a hex SHA-256');
      if (!(DOCUMENT_CONTENT_TYPES as readonly string[]).includes(d.contentType)) reject('VALIDATION_FAILED', `documents: the type must be one of ${DOCUMENT_CONTENT_TYPES.join(', ')}`);
      if (!Number.isInteger(d.size) || d.size < 1 || d.size > DOCUMENT_MAX_BYTES) reject('VALIDATION_FAILED', `documents: a document holds 1 to ${DOCUMENT_MAX_BYTES} bytes`);
    }
  }
  for (const s of state.plan?.answerSubstitutes ?? []) {
    const value = answers?.[s.answer];
    if (value === undefined) continue;
    const checked = checkSubstituteAnswer(s.check, `answers.${s.answer}`, value);
    if (!checked.ok) reject('VALIDATION_FAILED', `${checked.problem.message} (${checked.problem.code})`);
  }
}

/** Keeps an accepted answer for re-evaluation: the latest answer to a key wins; documents add up. */
export function rememberAnswer(state: CaseState, { submissionId, answers, documents }: ProvideInformationInput): void {
  const substitutes = new Map((state.plan?.answerSubstitutes ?? []).map((s) => [s.answer, s.check]));
  for (const [key, value] of Object.entries(answers)) {
    const check = substitutes.get(key);
    const normalised = check ? checkSubstituteAnswer(check, key, value) : null;
    state.answers[key] = normalised?.ok ? normalised.value : value;
  }
  for (const d of documents ?? []) {
    if (!state.documents.some((k) => k.sha256 === d.sha256)) state.documents.push({ submissionId, sha256: d.sha256, contentType: d.contentType, size: d.size });
  }
}

/**
 * Before the rules run again (after the registries were asked): the documents as evidence, and
 * every declared substitute whose answer the citizen gave, checked with its registry. A registry
 * that stays down leaves the evidence as the registries gave it — the officer decides, as before.
 */
export async function useAnswersAsEvidence(state: CaseState, timing: TimingOverrides | undefined): Promise<void> {
  if (state.documents.length > 0) await store.recordDocumentEvidence({ caseId: state.caseId, documents: [...state.documents] });
  for (const s of state.plan?.answerSubstitutes ?? []) {
    const answer = state.answers[s.answer];
    if (answer === undefined) continue;
    try {
      const result = await registryActivities(s.registry, timing).checkAnswerSubstitute({ caseId: state.caseId, evidence: s.evidence, check: s.check, answer });
      await state.project({ event: { type: 'ANSWER_CHECKED', data: { answer: s.answer, evidence: s.evidence, check: s.check, verified: result.verified, contentHash: result.contentHash } } });
    } catch (e) {
      if (!(e instanceof ActivityFailure)) throw e;
      const type = e.cause instanceof ApplicationFailure ? e.cause.type : null;
      await state.project({ event: { type: 'ANSWER_CHECK_FAILED', data: { answer: s.answer, evidence: s.evidence, check: s.check, failure: type ?? FailureType.RegistryUnavailable } } });
    }
  }
}

/** Whether re-evaluation has answers to use (false for every case before the patch). */
export const hasAnswers = (state: CaseState): boolean => state.documents.length > 0 || Object.keys(state.answers).length > 0;

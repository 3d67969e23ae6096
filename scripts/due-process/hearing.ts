/**
 * Step 1 of `npm run show:due-process`: an automatic refusal is heard first. A mother applies for
 * another mother's child (BA-01 fails on the birth record): PRELIMINARY_REFUSAL with its grounds
 * and an SMS in her language; (a) she objects with a text and a document and an officer, with the
 * objection in view, approves; (b, c) she stays silent and the refusal becomes DENIED when the
 * (shortened) hearing window ends — once in Russian, once in Kazakh.
 */
import { AUTOMATIC_DECISION_NOTICE } from '../../activities/notifications.ts';
import { PRELIMINARY_AUTOMATIC_NOTICE } from '../../activities/hearing-notice.ts';
import { CLAIM, RESOLVE, SUBMIT_OBJECTION } from '../../api/client/operations.ts';
import { kzDeadline } from '../../lib/kz-time.ts';
import { catalogHistory } from '../../services/catalog/index.ts';
import { selectVersionForApplication } from '../../services/registry.ts';
import { resolveParameters } from '../../services/rules.ts';
import { applicantCandidates, type Application } from '../../registries/synthetic/applicants.ts';
import { isFinal } from '../../workflows/messages.ts';
import { payload } from '../demo/client.ts';
import { check, groundTexts, printAnswer, printSms, smsOf, startReaching, until, viewCase, type CaseView, type Lang, type Show } from './kit.ts';


/** Applications of one mother for the child of another: every one refused by BA-01. */
function crossedApplications(show: Show, shift: number): Application[] {
  const births = applicantCandidates(show.dataset).birth.slice(1);
  return births.map((a, i) => ({ ...a, application: { childIin: births[(i + shift) % births.length]!.application.childIin } }));
}

/** Starts a crossed application in `lang` and shows its preliminary refusal, its grounds and its SMS. */
async function preliminaryRefusal(show: Show, tag: string, shift: number, lang: Lang, hearingWindowMs: number): Promise<{ view: CaseView; application: Application }> {
  const { caseId, application, view: c } = await startReaching(show, crossedApplications(show, shift), tag, { language: lang.toUpperCase(), timing: { hearingWindowMs } }, show.actors.socialSupervisor, (v) => v.status === 'PRELIMINARY_REFUSAL' || isFinal(v.status) || v.openTasks.length > 0, 'PRELIMINARY_REFUSAL');
  show.say(`   startCase: ${application.applicantIin} applies for child ${String(application.application.childIin)} (not hers), language ${lang} → case ${caseId}`);
  check(show, c.status === 'PRELIMINARY_REFUSAL', `evaluated automatically → ${c.status}`, c.status);
  printAnswer(show, 'case.hearing', c.hearing);
  const cited = c.refusalGrounds.filter((g) => c.hearing!.grounds.includes(g.code));
  printAnswer(show, 'the grounds cited (case.refusalGrounds)', cited);
  check(show, c.hearing!.automatic && cited.length > 0 && cited.every((g) => g.text && g.legalBasis.citation), 'automatic, with grounds that carry a code, a text and a legal basis');

  const sms = await smsOf(show, caseId, show.actors.socialSupervisor, 'preliminaryRefusal');
  printSms(show, sms);
  const texts = await groundTexts(show, caseId, lang);
  const body = sms.body ?? '';
  check(show, sms.language === lang.toUpperCase(), `the SMS is in ${lang}`, sms.language);
  check(show, c.hearing!.grounds.every((g) => body.includes(texts.get(g)!)), 'the SMS names the grounds in the citizen’s language');
  check(show, body.includes('egov.kz') && body.includes(kzDeadline(c.hearing!.dueAt)), `the SMS says how to respond (egov.kz) and until when (${kzDeadline(c.hearing!.dueAt)})`);
  check(show, body.includes(PRELIMINARY_AUTOMATIC_NOTICE[lang]), 'the SMS says the refusal was reached automatically and an officer will consider an objection');
  return { view: c, application };
}

export async function showObjectionApproved(show: Show, shift: number): Promise<void> {
  show.say('1a. automatic refusal → PRELIMINARY_REFUSAL → objection → an officer approves');
  const { view: c, application } = await preliminaryRefusal(show, 'objection', shift, 'kk', 600_000);
  const input = { caseId: c.caseId, text: 'Бұл менің балам: асырап алу туралы сот шешімін қоса беремін.', documents: [`court-order-${show.runId}`] };
  const objected = (await show.gql(show.actors.frontend, SUBMIT_OBJECTION, { input })).submitObjection;
  printAnswer(show, 'submitObjection', objected);
  check(show, objected.__typename === 'CasePayload', 'the objection is accepted within the window');

  const heard = await until(show, c.caseId, show.actors.socialOfficer, (v) => v.openTasks.some((t) => t.reasons.includes('OBJECTION_SUBMITTED')), 'a task OBJECTION_SUBMITTED');
  const task = heard.openTasks[0]!;
  printAnswer(show, 'the officer reads case.hearing and the task', { hearing: heard.hearing, task });
  check(show, heard.hearing?.objection === input.text && heard.hearing.documents.includes(input.documents[0]!), 'the officer sees the objection and its document');

  payload((await show.gql(show.actors.socialOfficer, CLAIM, { taskId: task.taskId })).claimTask);
  // The rules computed no amount for a refusal: the officer states it, and a second officer approves it too (four-eyes).
  const amount = statedAmount(show, application);
  const first = (await show.gql(show.actors.socialOfficer, RESOLVE, { input: { taskId: task.taskId, action: 'APPROVE', reason: 'adoption order checked', amount } })).resolveTask;
  printAnswer(show, `resolveTask(APPROVE, amount: ${amount}) by officer-aigerim`, first);
  check(show, first.__typename === 'ResolveTaskPayload', 'the officer approves');
  if (first.secondReviewTask) {
    payload((await show.gql(show.actors.socialOfficer2, CLAIM, { taskId: first.secondReviewTask.taskId })).claimTask);
    const second = (await show.gql(show.actors.socialOfficer2, RESOLVE, { input: { taskId: first.secondReviewTask.taskId, action: 'APPROVE', reason: 'adoption order checked again' } })).resolveTask;
    printAnswer(show, 'resolveTask(APPROVE), second review by officer-bolat', second);
  }
  const done = await until(show, c.caseId, show.actors.socialOfficer, (v) => isFinal(v.status), 'a decision');
  printAnswer(show, 'case.decision', { ...done.decision, record: undefined, signature: undefined });
  check(show, done.status === 'APPROVED' && done.decision?.signatureValid === true, `→ ${done.status}, signed, signature valid`, done.status);
  printSms(show, await smsOf(show, c.caseId, show.actors.socialOfficer, 'approved'));
}

/**
 * The amount the officer states: the refused rules computed none, so the officer takes the
 * allowance the law gives for the child (38 MCI for the 1st–3rd child, 63 from the 4th, at the MCI
 * of the birth year) — read from the catalog's dated parameters, as the rules would.
 */
function statedAmount(show: Show, application: Application): number {
  const childIin = String(application.application.childIin);
  const birth = show.dataset.births.get(childIin)!;
  const { definition } = selectVersionForApplication(catalogHistory, 'birth-allowance', application.application, show.dataset.referenceDate);
  const params = resolveParameters(definition, birth.birthDate);
  return (birth.birthOrder >= 4 ? params.mciFourthOn! : params.mciFirstToThird!) * params.mci!;
}

export async function showSilenceDenied(show: Show, lang: Lang, shift: number): Promise<void> {
  show.say(`1${lang === 'ru' ? 'b' : 'c'}. automatic refusal → PRELIMINARY_REFUSAL → silence → DENIED after the window (${lang})`);
  const windowMs = 5000;
  const { view: c } = await preliminaryRefusal(show, `silence-${lang}`, shift, lang, windowMs);
  show.say(`   … the citizen stays silent; the window is shortened to ${windowMs / 1000} s (timing.hearingWindowMs, refused in production)`);
  const done = await until(show, c.caseId, show.actors.socialSupervisor, (v) => isFinal(v.status), 'DENIED');
  printAnswer(show, 'case.decision', { ...done.decision, record: undefined, signature: undefined });
  check(show, done.status === 'DENIED' && done.decision?.decidedBy === 'system' && done.decision.signatureValid, `→ ${done.status} by the system, signed, signature valid`, done.status);
  check(show, Date.parse(done.decision!.decidedAt) >= Date.parse(c.hearing!.dueAt), `decided after the window ended (${c.hearing!.dueAt})`, done.decision!.decidedAt);
  const sms = await smsOf(show, c.caseId, show.actors.socialSupervisor, 'denied');
  printSms(show, sms);
  const texts = await groundTexts(show, c.caseId, lang);
  check(show, done.decision!.grounds.every((g) => sms.body!.includes(texts.get(g.code)!)), 'the refusal SMS names the signed grounds');
  check(show, sms.body!.includes(AUTOMATIC_DECISION_NOTICE[lang]), 'the refusal SMS says it was automatic and how to ask for a review by an officer');
  const after = await viewCase(show, c.caseId, show.actors.socialSupervisor);
  show.say(`   SMS sent on the case: ${after.notifications.map((n) => `${n.template} [${n.language}]`).join(', ')}`);
}

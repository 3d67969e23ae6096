/**
 * Step 4 of `npm run show:due-process`: the IBAN loop closes. A mother whose bank account the
 * registry does not show as verified goes to an officer, who asks for her IBAN; she answers with
 * it and a bank statement; the workflow asks the bank registry about THAT IBAN; the bank confirms
 * it is hers and open, and the case is decided without going back to the officer.
 */
import { createHash } from 'node:crypto';
import { ATTACH_DOCUMENT, CLAIM, PROVIDE_INFORMATION, RESOLVE } from '../../api/client/operations.ts';
import type { Application } from '../../registries/synthetic/applicants.ts';
import { bankAccountOf } from '../../registries/synthetic/dataset.ts';
import { isFinal } from '../../workflows/messages.ts';
import { payload } from '../demo/client.ts';
import { check, printAnswer, startReaching, until, type Show } from './kit.ts';

const REQUESTS = `query($id: ID!) { case(id: $id) { status
  informationRequests { request requestedAt dueAt fields answers answeredAt documents { sha256 contentType size } }
  evidence { key query status source contentHash data }
  timeline { type at data } } }`;

/**
 * The mother whose account the bank registry holds unverified (the one such person of the simulated
 * population): her birth allowance, then her childcare allowance — each granted once, so a database
 * shows the loop twice (then start on a fresh DATA_DIR).
 */
function unverifiedAccountMother(show: Show): Application[] {
  const p = show.dataset.personas.unverifiedBankAccount;
  return ['birth-allowance', 'childcare-allowance'].map((serviceCode) => ({ serviceCode, applicantIin: p.iin, application: { childIin: p.childIin! } }));
}

export async function showIbanLoop(show: Show): Promise<void> {
  show.say('4. the IBAN loop: request → answer with an IBAN → the bank registry checks that IBAN → decided');
  const { caseId, application, view: review } = await startReaching(show, unverifiedAccountMother(show), 'iban', { timing: { slaMs: 600_000 } }, show.actors.socialOfficer, (v) => (v.status === 'PENDING_REVIEW' && v.openTasks.length > 0) || isFinal(v.status), 'an officer task');
  const task = review.openTasks[0];
  check(show, !!task && task.reasons.includes('POLICY:NO_VERIFIED_ACCOUNT'), `case ${caseId} goes to an officer: ${task?.reasons.join(' ')}`, review.status);

  payload((await show.gql(show.actors.socialOfficer, CLAIM, { taskId: task!.taskId })).claimTask);
  const asked = (await show.gql(show.actors.socialOfficer, RESOLVE, { input: { taskId: task!.taskId, action: 'REQUEST_INFORMATION', reason: 'no verified bank account', request: 'The IBAN of your account, please' } })).resolveTask;
  printAnswer(show, 'resolveTask(REQUEST_INFORMATION) by officer-aigerim', asked);
  check(show, asked.case?.status === 'AWAITING_INFORMATION', 'the case awaits the citizen’s answer');
  await until(show, caseId, show.actors.socialOfficer, (v) => v.status === 'AWAITING_INFORMATION', 'AWAITING_INFORMATION');

  // A bank statement: the smallest PDF the type check recognises.
  const statement = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(`bank statement ${show.runId}\n`), Buffer.alloc(512, 0x20)]);
  const attached = (await show.gql(show.actors.frontend, ATTACH_DOCUMENT, { input: { caseId, contentType: 'application/pdf', contentBase64: statement.toString('base64') } })).attachDocument;
  printAnswer(show, 'attachDocument (a PDF bank statement)', attached);
  const sha256 = createHash('sha256').update(statement).digest('hex');
  check(show, attached.document?.sha256 === sha256, 'stored, named by its SHA-256');

  const iban = bankAccountOf(show.dataset, application.applicantIin)!.iban;
  const typed = iban.toLowerCase().replace(/(.{4})/g, '$1 ').trim();
  const answered = (await show.gql(show.actors.frontend, PROVIDE_INFORMATION, { input: { caseId, submissionId: `iban-${show.runId}`, answers: { iban: typed }, documents: [sha256] } })).provideInformation;
  printAnswer(show, `provideInformation(answers: { iban: "${typed}" }, documents: [${sha256.slice(0, 12)}…])`, answered);
  check(show, answered.__typename === 'CasePayload', 'the answer is accepted');

  const done = await until(show, caseId, show.actors.socialOfficer, (v) => isFinal(v.status) || (v.status === 'PENDING_REVIEW' && v.openTasks.length > 0), 'a decision');
  const read = (await show.gql(show.actors.socialOfficer, REQUESTS, { id: caseId })).case;
  printAnswer(show, 'case.informationRequests (as the officer reads it)', read.informationRequests);
  const checked = read.timeline.filter((e: { type: string }) => e.type.startsWith('ANSWER_CHECK'));
  printAnswer(show, 'timeline: the bank check of the answered IBAN', checked);
  const bank = read.evidence.find((e: { key: string }) => e.key === 'bank');
  printAnswer(show, 'evidence "bank"', bank);
  check(show, checked.some((e: { type: string; data: { verified?: boolean } }) => e.type === 'ANSWER_CHECKED' && e.data?.verified === true), 'ANSWER_CHECKED: the bank confirmed the IBAN');
  check(show, bank?.query === 'bank.accountByIban' && bank.data?.verified === true && bank.data?.iban === iban, 'the bank evidence is the bank’s answer about that IBAN (bank.accountByIban, verified)');
  check(show, read.evidence.some((e: { key: string; data: unknown }) => e.key === 'documents' && JSON.stringify(e.data).includes(sha256)), 'the statement’s hash is evidence too');
  printAnswer(show, 'case.decision', { ...done.decision, record: undefined, signature: undefined });
  check(show, done.status === 'APPROVED' && done.decision?.decidedBy === 'system' && done.openTasks.length === 0, `decided: ${done.status} by the system, without going back to the officer`, done.status);
}

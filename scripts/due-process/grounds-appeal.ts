/**
 * Steps 2 and 3 of `npm run show:due-process`: an officer's refusal must name a ground (refused
 * without one), and the signed record and the SMS carry it; then the citizen appeals that refusal
 * and the department's appeal group — not the supervisor who refused — replaces it with an
 * approval: both decisions verify, the old one is superseded, the audit chain holds both.
 */
import { AUTOMATIC_DECISION_NOTICE } from '../../activities/notifications.ts';
import { CLAIM, FILE_APPEAL, RESOLVE } from '../../api/client/operations.ts';
import { applicantCandidates } from '../../registries/synthetic/applicants.ts';
import { appealTaskIdOf, isFinal } from '../../workflows/messages.ts';
import { payload } from '../demo/client.ts';
import { check, ERROR, groundTexts, printAnswer, printSms, recordSummary, smsOf, startFirstFree, until, verifiedWithPublishedKey, viewCase, type Show } from './kit.ts';

const RESOLVE_APPEAL = `mutation($input: ResolveAppealInput!) { resolveAppeal(input: $input) { __typename ${ERROR}
  ... on ResolveAppealPayload { appeal { id status outcome decidedBy decidedAt }
    decision { decisionId outcome amount decidedBy signatureValid columnsMatchRecord keyId signature record replaces { decisionId } supersededBy { decisionId } }
    replaced { decisionId outcome decidedBy signatureValid columnsMatchRecord keyId signature record supersededBy { decisionId } } } } }`;
const AUDIT = `query($caseId: ID!) { auditLog(caseId: $caseId) { stream total entries { seq action actor details hash prevHash } verification { ok count head reason } } }`;
const OPEN_APPEALS = `query { appeals(filter: OPEN) { id status case { caseId } task { taskId status role } } }`;

/** Step 2. Returns the signed refusal (decided by supervisor-nurlan) for step 3. */
export async function showOfficerDenial(show: Show): Promise<{ caseId: string; decisionId: string }> {
  show.say('2. an officer’s DENY must name a ground; with one, the signed record and the SMS carry it');
  const { caseId } = await startFirstFree(show, applicantCandidates(show.dataset).fourEyes.slice(1), 'deny', { language: 'RU', timing: { slaMs: 600_000, hearingWindowMs: 4000 } });
  const c = await until(show, caseId, show.actors.socialSupervisor, (v) => v.status === 'PENDING_REVIEW' && v.openTasks.length > 0, 'an officer task');
  const taskId = c.openTasks[0]!.taskId;
  show.say(`   case ${caseId} (${c.serviceCode}) waits for an officer: task ${taskId} ${c.openTasks[0]!.reasons.join(' ')}`);
  payload((await show.gql(show.actors.socialSupervisor, CLAIM, { taskId })).claimTask);

  const bare = (await show.gql(show.actors.socialSupervisor, RESOLVE, { input: { taskId, action: 'DENY', reason: 'the child lives with the other parent' } })).resolveTask;
  printAnswer(show, 'resolveTask(DENY) without grounds', bare);
  check(show, bare.code === 'VALIDATION_FAILED' && bare.fields?.some((f: { field: string }) => f.field === 'grounds'), 'refused: VALIDATION_FAILED on grounds');
  check(show, (await viewCase(show, caseId, show.actors.socialSupervisor)).status === 'PENDING_REVIEW', 'nothing happened to the case (still PENDING_REVIEW)');

  const ground = c.refusalGrounds.find((g) => g.code === 'NOT_PARENT_OF_CHILD') ?? c.refusalGrounds[0]!;
  const denied = (await show.gql(show.actors.socialSupervisor, RESOLVE, { input: { taskId, action: 'DENY', reason: 'the child lives with the other parent', grounds: [ground.code] } })).resolveTask;
  printAnswer(show, `resolveTask(DENY, grounds: [${ground.code}])`, denied);
  check(show, denied.__typename === 'ResolveTaskPayload' && denied.case.status === 'PRELIMINARY_REFUSAL', 'accepted; heard first → PRELIMINARY_REFUSAL');
  printSms(show, await smsOf(show, caseId, show.actors.socialSupervisor, 'preliminaryRefusal'));

  const done = await until(show, caseId, show.actors.socialSupervisor, (v) => isFinal(v.status), 'DENIED');
  const d = done.decision!;
  printAnswer(show, 'case.decision (record summarised)', { ...d, record: recordSummary(d.record), signature: `${d.signature.slice(0, 16)}…` });
  check(show, done.status === 'DENIED' && d.decidedBy === 'supervisor-nurlan', 'silence → DENIED, decided by the supervisor who denied');
  check(show, d.signatureValid && d.columnsMatchRecord, 'the API verifies the signature (signatureValid) and the columns match the record');
  check(show, await verifiedWithPublishedKey(show, d), `the record verifies against the published key ${d.keyId} (/.well-known/qyzmet-signing-keys.json)`);
  const signedGrounds = (JSON.parse(d.record) as { grounds: { code: string; legalBasis: unknown }[] }).grounds;
  check(show, signedGrounds.length === 1 && signedGrounds[0]!.code === ground.code && !!signedGrounds[0]!.legalBasis, `the signed record carries the ground ${ground.code} with its legal basis`);
  const sms = await smsOf(show, caseId, show.actors.socialSupervisor, 'denied');
  printSms(show, sms);
  const ru = (await groundTexts(show, caseId, 'ru')).get(ground.code)!;
  check(show, sms.language === 'RU' && sms.body!.includes(ru), `the refusal SMS carries the ground’s text («${ru}»)`);
  check(show, !sms.body!.includes(AUTOMATIC_DECISION_NOTICE.ru), 'and does not call an officer’s decision automatic');
  return { caseId, decisionId: d.decisionId };
}

/** Step 3: the refusal of step 2 appealed and replaced. */
export async function showAppealReplaces(show: Show, refused: { caseId: string; decisionId: string }): Promise<void> {
  show.say('3. an appeal replaces the refusal: decided by the appeal group, not by the first decider');
  const { caseId, decisionId } = refused;
  const filed = (await show.gql(show.actors.frontend, FILE_APPEAL, { input: { decisionId, reason: 'I am the child’s parent: the registry entry is out of date', documents: [`birth-certificate-${show.runId}`] } })).fileAppeal;
  printAnswer(show, 'fileAppeal', filed);
  check(show, filed.__typename === 'FileAppealPayload' && filed.created === true, 'the appeal is filed');
  const appealId = filed.appeal.id as string;
  const taskId = appealTaskIdOf(appealId);
  await waitForAppealTask(show, appealId);

  const byDecider = (await show.gql(show.actors.socialSupervisor, CLAIM, { taskId })).claimTask;
  printAnswer(show, 'claimTask(appeal task) by supervisor-nurlan, who made the refusal', byDecider);
  check(show, byDecider.code === 'FOUR_EYES', 'refused: FOUR_EYES');
  const decideByDecider = (await show.gql(show.actors.socialSupervisor, RESOLVE_APPEAL, { input: { appealId, resolution: 'REPLACE', outcome: 'APPROVED', reason: 'on reflection' } })).resolveAppeal;
  printAnswer(show, 'resolveAppeal by supervisor-nurlan', decideByDecider);
  check(show, decideByDecider.code === 'FOUR_EYES', 'refused: FOUR_EYES');

  payload((await show.gql(show.actors.appealOfficer, CLAIM, { taskId })).claimTask);
  const decided = (await show.gql(show.actors.appealOfficer, RESOLVE_APPEAL, { input: { appealId, resolution: 'REPLACE', outcome: 'APPROVED', reason: 'the birth certificate names the applicant as parent' } })).resolveAppeal;
  const summarise = (d: { record: string; signature: string } | null) => d && { ...d, record: recordSummary(d.record), signature: `${d.signature.slice(0, 16)}…` };
  printAnswer(show, 'resolveAppeal(REPLACE → APPROVED) by appeals-saule (appeal group)', { ...decided, decision: summarise(decided.decision), replaced: summarise(decided.replaced) });
  check(show, decided.__typename === 'ResolveAppealPayload' && decided.appeal.decidedBy === 'appeals-saule' && decided.decision.decidedBy === 'appeals-saule', 'decided by appeals-saule, not by supervisor-nurlan');
  const [oldD, newD] = [decided.replaced, decided.decision];
  check(show, oldD.signatureValid && newD.signatureValid && oldD.columnsMatchRecord && newD.columnsMatchRecord, 'both decisions verify (signatureValid, columnsMatchRecord)');
  check(show, (await verifiedWithPublishedKey(show, oldD)) && (await verifiedWithPublishedKey(show, newD)), 'both records verify against the published signing keys');
  check(show, oldD.supersededBy?.decisionId === newD.decisionId && newD.replaces?.decisionId === oldD.decisionId, `the old ${oldD.decisionId} is superseded by ${newD.decisionId}, which references it`);
  check(show, (JSON.parse(newD.record) as { replaces?: { decisionId: string } }).replaces?.decisionId === decisionId, 'the new signed record names the old decision');

  const after = await viewCase(show, caseId, show.actors.socialSupervisor);
  check(show, after.status === 'APPROVED' && after.decision?.decisionId === newD.decisionId, `case.decision is the new one (case ${after.status})`);
  const audit = (await show.gql(show.actors.socialSupervisor, AUDIT, { caseId })).auditLog;
  show.say(`   auditLog(caseId): ${audit.total} entries, verification ${JSON.stringify(audit.verification)}`);
  for (const e of audit.entries) show.say(`     #${e.seq} ${e.action.padEnd(18)} ${String(e.actor).padEnd(18)} ${JSON.stringify(pick(e.details, ['decisionId', 'replaces', 'outcome', 'appealId', 'oldAmount', 'newAmount', 'recordHash']))}`);
  const issued = audit.entries.filter((e: { action: string; details: { decisionId?: string } }) => ['DECISION_ISSUED', 'DECISION_REPLACED'].includes(e.action)).map((e: { details: { decisionId?: string } }) => e.details.decisionId);
  check(show, audit.verification.ok === true, 'the audit chain verifies');
  check(show, issued.includes(decisionId) && issued.includes(newD.decisionId), 'the chain holds both decisions');
  for (const template of ['appeal-filed', 'appeal-replaced']) printSms(show, await smsOf(show, caseId, show.actors.socialSupervisor, template));
}

async function waitForAppealTask(show: Show, appealId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const open = (await show.gql<{ appeals: { id: string; task: { taskId: string; status: string; role: string } | null }[] }>(show.actors.appealOfficer, OPEN_APPEALS)).appeals.find((a) => a.id === appealId);
    if (open?.task) {
      show.say(`   appeals(filter: OPEN) for appeals-saule: ${JSON.stringify(open)}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the appeal ${appealId} opened no task for the appeal group`);
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o?.[k] !== undefined).map((k) => [k, o[k]]));
}

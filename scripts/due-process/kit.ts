/**
 * What the steps of `npm run show:due-process` share: the callers, the GraphQL reads they print,
 * waiting for a case to get somewhere, and `check`, which stops a step (and fails the command)
 * when something it shows does not hold.
 */
import { createPublicKey, verify } from 'node:crypto';
import { START_CASE, WITHDRAW } from '../../api/client/operations.ts';
import type { Application } from '../../registries/synthetic/applicants.ts';
import type { SyntheticDataset } from '../../registries/synthetic/dataset.ts';
import type { Caller, Request } from '../demo/client.ts';

export interface Actors {
  frontend: Caller;
  socialOfficer: Caller;
  socialOfficer2: Caller;
  socialSupervisor: Caller;
  appealOfficer: Caller;
  employmentOfficer: Caller;
  employmentSupervisor: Caller;
  employmentHead: Caller;
}

export interface Show {
  gql: Request;
  actors: Actors;
  dataset: SyntheticDataset;
  runId: string;
  /** The API's base URL (no /graphql). */
  apiBase: string;
  say(line?: string): void;
}

export class StepFailed extends Error {
  override name = 'StepFailed';
}

/** Asserts what a step shows: prints ✓ and goes on, or stops the step. */
export function check(show: Show, ok: boolean, what: string, detail?: unknown): void {
  if (!ok) throw new StepFailed(`${what}${detail === undefined ? '' : ` — got ${JSON.stringify(detail)}`}`);
  show.say(`   ✓ ${what}`);
}

/** A GraphQL answer, indented under the step. */
export function printAnswer(show: Show, label: string, value: unknown): void {
  const text = JSON.stringify(value, null, 2).split('\n');
  show.say(`   ${label}:`);
  for (const line of text) show.say(`     ${line}`);
}

export const ERROR = '... on Error { code message detail } ... on ValidationFailed { fields { field code message } }';

const DECISION = `decisionId outcome amount decidedBy decidedAt signatureValid columnsMatchRecord keyId signature record
  grounds { code text legalBasis { citation verified } } supersededBy { decisionId } replaces { decisionId outcome signatureValid }`;

export const CASE_VIEW = `query DueProcessCase($id: ID!) { case(id: $id) {
  caseId status serviceCode language
  hearing { dueAt workingDays grounds failedRules automatic objection objectedAt documents }
  refusalGrounds { code text legalBasis { citation verified } }
  openTasks { taskId kind role department status reasons escalated dueAt firstReviewer }
  decision { ${DECISION} }
  notifications { template language status body sentAt }
} }`;

export interface Ground {
  code: string;
  text: string;
  legalBasis: { citation: string; verified: boolean };
}

export interface DecisionView {
  decisionId: string;
  outcome: string;
  amount: number | null;
  decidedBy: string;
  decidedAt: string;
  signatureValid: boolean;
  columnsMatchRecord: boolean;
  keyId: string;
  signature: string;
  record: string;
  grounds: Ground[];
  supersededBy: { decisionId: string } | null;
  replaces: { decisionId: string; outcome: string; signatureValid: boolean } | null;
}

export interface CaseView {
  caseId: string;
  status: string;
  serviceCode: string;
  language: string;
  hearing: { dueAt: string; workingDays: number | null; grounds: string[]; failedRules: string[]; automatic: boolean; objection: string | null; objectedAt: string | null; documents: string[] } | null;
  refusalGrounds: Ground[];
  openTasks: { taskId: string; kind: string; role: string; department: string; status: string; reasons: string[]; escalated: boolean; dueAt: string; firstReviewer: string | null }[];
  decision: DecisionView | null;
  notifications: { template: string; language: string; status: string; body: string | null; sentAt: string }[];
}

export type Lang = 'kk' | 'ru';

/** The ground texts of the case's service version in `lang`, by code. */
export async function groundTexts(show: Show, caseId: string, lang: Lang): Promise<Map<string, string>> {
  const r = await show.gql<{ case: { refusalGrounds: { code: string; text: string }[] } }>(show.actors.socialSupervisor, 'query($id: ID!, $lang: Language) { case(id: $id, lang: $lang) { refusalGrounds { code text } } }', { id: caseId, lang: lang.toUpperCase() });
  return new Map(r.case.refusalGrounds.map((g) => [g.code, g.text]));
}

export async function viewCase(show: Show, caseId: string, as: Caller): Promise<CaseView> {
  const c = (await show.gql<{ case: CaseView | null }>(as, CASE_VIEW, { id: caseId })).case;
  if (!c) throw new StepFailed(`case ${caseId} is not readable by ${as.label}`);
  return c;
}

export async function until(show: Show, caseId: string, as: Caller, ok: (c: CaseView) => boolean, what: string, timeoutMs = 120_000): Promise<CaseView> {
  const deadline = Date.now() + timeoutMs;
  let last: CaseView | null = null;
  while (Date.now() < deadline) {
    last = await viewCase(show, caseId, as).catch(() => null);
    if (last && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new StepFailed(`case ${caseId} did not reach "${what}" in ${timeoutMs / 1000} s (last status ${last?.status}, tasks ${JSON.stringify(last?.openTasks.map((t) => t.reasons))})`);
}

/** The SMS of a template, once it has left (the notification activity runs after the projection). */
export async function smsOf(show: Show, caseId: string, as: Caller, template: string): Promise<CaseView['notifications'][number]> {
  const c = await until(show, caseId, as, (v) => v.notifications.some((n) => n.template === template), `an SMS "${template}"`, 30_000);
  return c.notifications.find((n) => n.template === template)!;
}

export function printSms(show: Show, sms: CaseView['notifications'][number]): void {
  show.say(`   SMS ${sms.template} [${sms.language}] (${sms.status}, ${sms.sentAt}):`);
  show.say(`     «${sms.body}»`);
}

/**
 * Starts the first application nobody holds yet (an earlier run may have been granted one):
 * a DUPLICATE_ENTITLEMENT moves on to the next candidate.
 */
export async function startFirstFree(show: Show, candidates: Application[], tag: string, extra: Record<string, unknown> = {}): Promise<{ caseId: string; application: Application }> {
  for (const [i, c] of candidates.slice(0, 40).entries()) {
    const r = (await show.gql(show.actors.frontend, START_CASE, { input: { ...c, clientRequestId: `due-${show.runId}-${tag}-${i}`, ...extra } })).startCase as { __typename: string; code?: string; case?: { caseId: string } };
    if (r.__typename === 'StartCasePayload') return { caseId: r.case!.caseId, application: c };
    if (r.code !== 'DUPLICATE_ENTITLEMENT') throw new StepFailed(`startCase refused: ${JSON.stringify(r)}`);
  }
  throw new StepFailed(`${tag}: every candidate application was taken by earlier runs`);
}

/**
 * Verifies a signed decision record with the public keys the API publishes
 * (/.well-known/qyzmet-signing-keys.json), as anyone outside the platform could.
 */
export async function verifiedWithPublishedKey(show: Show, d: Pick<DecisionView, 'record' | 'signature' | 'keyId'>): Promise<boolean> {
  const res = await fetch(`${show.apiBase}/.well-known/qyzmet-signing-keys.json`, { signal: AbortSignal.timeout(10_000) });
  const jwks = (await res.json()) as { keys: { kid: string }[] };
  const jwk = jwks.keys.find((k) => k.kid === d.keyId);
  if (!jwk) return false;
  return verify(null, Buffer.from(d.record, 'utf8'), createPublicKey({ key: jwk as never, format: 'jwk' }), Buffer.from(d.signature, 'base64url'));
}

/** What a decision record says about itself, for printing (the whole record is long). */
export function recordSummary(record: string): Record<string, unknown> {
  const r = JSON.parse(record) as Record<string, unknown>;
  return { decisionId: r.decisionId, caseId: r.caseId, outcome: r.outcome, amount: r.amount, decidedBy: r.decidedBy, decidedAt: r.decidedAt, grounds: r.grounds, replaces: r.replaces ?? null };
}

const waitsOnAnotherCase = (c: CaseView) => c.openTasks.some((t) => t.reasons.some((r) => r.startsWith('ENTITLEMENT_PENDING:')));

/**
 * Starts the first free candidate (startFirstFree) and waits until `reached` (read as `as`). A case
 * that waits instead on another open case for the same entitlement (left open by an interrupted
 * earlier run) is withdrawn and the next candidate is tried.
 */
export async function startReaching(show: Show, candidates: Application[], tag: string, extra: Record<string, unknown>, as: Caller, reached: (c: CaseView) => boolean, what: string): Promise<{ caseId: string; application: Application; view: CaseView }> {
  let rest = candidates;
  for (let attempt = 0; attempt < 5 && rest.length; attempt++) {
    const started = await startFirstFree(show, rest, attempt ? `${tag}-${attempt}` : tag, extra);
    const view = await until(show, started.caseId, as, (c) => reached(c) || waitsOnAnotherCase(c), what);
    if (!waitsOnAnotherCase(view)) return { ...started, view };
    show.say(`   (case ${started.caseId} waits on an open case of an earlier run for the same entitlement: withdrawn, next candidate)`);
    await show.gql(show.actors.frontend, WITHDRAW, { caseId: started.caseId, reason: 'superseded by the next candidate of the show' });
    rest = rest.slice(rest.indexOf(started.application) + 1);
  }
  throw new StepFailed(`${tag}: no candidate application reached "${what}"`);
}

/**
 * Hostile input through every mutation's free-text and id fields: NUL and other control
 * characters, lone surrogates, bidirectional overrides, a 60 KB and a 1 MB string, SQL and CEL
 * fragments. Each request is classified by what came back; afterwards every case touched is
 * checked — its workflow's state must equal its read-model row — and the security audit stream
 * must have grown by exactly the number of input refusals (one INPUT_REFUSED entry each).
 *
 * Used by `npm run hostile` (scripts/hostile.ts, its own stack) and by the API tests (a smaller
 * run through the test harness). It sends through a `Send` (fetch or yoga.fetch).
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { graphqlClient, type GraphQLResult, type Send } from '../../api/client/graphql-client.ts';
import * as op from '../../api/client/operations.ts';
import type { PrismaClient } from '../../lib/db/client.ts';
import type { SyntheticDataset } from '../../registries/synthetic/dataset.ts';
import { caseStateQuery, caseWorkflowId, SECURITY_AUDIT_STREAM } from '../../workflows/messages.ts';

type Headers = Record<string, string>;

export interface HostileTarget {
  send: Send;
  prisma: PrismaClient;
  temporal: Client;
  dataset: SyntheticDataset;
  /** A front-end key with cases:write, offers:respond and life-events:write; an officer and a supervisor of social-payments; an engineer. */
  credentials: { frontend: Headers; officer: Headers; supervisor: Headers; engineer: Headers };
  /** The proof a citizen signed in at the front-end brings (an eGov assertion naming the IIN). */
  citizenProof: (iin: string) => Promise<{ kind: 'EGOV_SUBJECT'; reference: string }>;
}

export const HOSTILE_VALUES: { name: string; value: string }[] = [
  { name: 'NUL', value: 'note\u0000tail' },
  { name: 'only NUL', value: '\u0000' },
  { name: 'lone high surrogate', value: 'ab\uD800' },
  { name: 'lone low surrogate', value: '\uDC00cd' },
  { name: 'RTL override', value: 'amount 100\u202E000' },
  { name: 'RTL isolate', value: 'x\u2067y\u2069' },
  { name: 'bell and escape', value: '\u0007\u001b[31mred' },
  { name: 'line separator', value: 'a\u2028b' },
  { name: 'zero-width space', value: 'Ай\u200Bгүл' },
  { name: '60 KB', value: 'я'.repeat(30_000) },
  { name: '1 MB', value: 'x'.repeat(1 << 20) },
  { name: 'SQL', value: `x'); DROP TABLE "Case"; --` },
  { name: 'SQL tautology', value: `' OR '1'='1` },
  { name: 'CEL', value: 'double(applicant.iin)' },
  { name: 'CEL oracle', value: 'evidence.person.lastName.startsWith("А")' },
  { name: 'template', value: '{{7*7}} ${7*7}' },
];

/** What a request came back as. */
export type Verdict = 'INPUT_REFUSED' | 'TOO_LARGE' | 'ACCEPTED' | 'TYPED_ERROR' | 'SERVER_ERROR' | 'RATE_LIMITED';

export interface HostileReport {
  requests: number;
  verdicts: Record<Verdict, number>;
  /** Status codes of 5xx answers, and INTERNAL_SERVER_ERROR / UNAVAILABLE codes in 2xx/4xx bodies. */
  serverErrors: string[];
  securityGrowth: number;
  inputRefusedEntries: number;
  casesChecked: number;
  diverged: string[];
  byMutation: Record<string, Partial<Record<Verdict, number>>>;
}

interface Fixtures {
  reviewCases: { caseId: string; taskId: string }[];
  offerCases: string[];
  /** The offers' mother, signed in at the front-end: the offers are delivered through it, and answers carry this proof. */
  offerProof: { kind: 'EGOV_SUBJECT'; reference: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(read: () => Promise<T | null | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('hostile run: a fixture did not reach its state in time');
    await sleep(100);
  }
}

/** Cases to aim at: some waiting for review (withdraw, claim, resolve …), some offered (respondToOffer). */
export async function prepareFixtures(target: HostileTarget, count: { review: number; offers: number }): Promise<Fixtures> {
  const client = graphqlClient(target.send);
  const p = target.dataset.personas;
  const reviewCases: Fixtures['reviewCases'] = [];
  for (let i = 0; i < count.review; i++) {
    const r = await client.execute(op.START_CASE, { input: { clientRequestId: `hostile-${randomUUID()}`, serviceCode: 'childcare-allowance', applicantIin: p.highIncomeParent.iin, application: { childIin: p.highIncomeParent.childIin } } }, target.credentials.frontend);
    const caseId = (r.body.data?.startCase as { case?: { caseId: string } } | undefined)?.case?.caseId;
    if (!caseId) throw new Error(`hostile run: could not start a case: ${JSON.stringify(r.body)}`);
    const task = await waitFor(() => target.prisma.task.findFirst({ where: { caseId, status: 'OPEN' } }));
    reviewCases.push({ caseId, taskId: task.id });
  }
  const offerCases: string[] = [];
  const mother = p.newbornMother;
  const birth = target.dataset.births.get(mother.childIin!);
  for (let i = 0; i < count.offers; i++) {
    const eventId = `birth-${randomUUID()}`;
    await client.execute(
      op.SUBMIT_LIFE_EVENT,
      { input: { eventId, type: 'BIRTH_REGISTERED', source: 'civil-registry', subjectIin: mother.childIin, payload: { childIin: mother.childIin, motherIin: mother.iin, fatherIin: birth?.fatherIin ?? null, birthDate: birth?.birthDate } } },
      target.credentials.frontend,
    );
    const row = await waitFor(() => target.prisma.case.findFirst({ where: { origin: 'PROACTIVE', status: 'OFFERED', id: { notIn: offerCases } }, orderBy: { createdAt: 'desc' } }));
    offerCases.push(row.id);
  }
  const offerProof = await target.citizenProof(mother.iin);
  const opened = await client.execute(op.OPEN_CITIZEN_OFFERS, { proof: offerProof }, target.credentials.frontend);
  if ((opened.body.data?.openCitizenOffers as { __typename?: string } | undefined)?.__typename !== 'OpenCitizenOffersPayload') throw new Error(`hostile run: could not deliver the offers: ${JSON.stringify(opened.body)}`);
  return { reviewCases, offerCases, offerProof };
}

type Probe = { mutation: string; role: keyof HostileTarget['credentials']; query: string; variables: (v: string, f: Fixtures, i: number) => Record<string, unknown>; only?: (name: string) => boolean };

const refusedByRule = (name: string) => !['SQL', 'SQL tautology', 'CEL', 'CEL oracle', 'template'].includes(name);

/** Every free-text or id field of every mutation, and the request that carries a hostile value in it. */
function probes(target: HostileTarget): Probe[] {
  const p = target.dataset.personas;
  const app = { serviceCode: 'birth-allowance', applicantIin: p.newbornMother.iin, application: { childIin: p.newbornMother.childIin } };
  const review = (f: Fixtures, i: number) => f.reviewCases[i % f.reviewCases.length]!;
  const offer = (f: Fixtures, i: number) => f.offerCases[i % f.offerCases.length]!;
  const life = (over: Record<string, unknown>) => ({ input: { eventId: `birth-${randomUUID()}`, type: 'BIRTH_REGISTERED', source: 'civil-registry', subjectIin: p.newbornMother.childIin, payload: {}, ...over } });
  const all: Probe[] = [
    { mutation: 'startCase.clientRequestId', role: 'frontend', query: op.START_CASE, variables: (v) => ({ input: { ...app, clientRequestId: v } }) },
    { mutation: 'startCase.serviceCode', role: 'frontend', query: op.START_CASE, variables: (v) => ({ input: { ...app, serviceCode: v, clientRequestId: `h-${randomUUID()}` } }) },
    { mutation: 'startCase.applicantIin', role: 'frontend', query: op.START_CASE, variables: (v) => ({ input: { ...app, applicantIin: v, clientRequestId: `h-${randomUUID()}` } }) },
    { mutation: 'startCase.application', role: 'frontend', query: op.START_CASE, variables: (v) => ({ input: { ...app, application: { childIin: v }, clientRequestId: `h-${randomUUID()}` } }) },
    { mutation: 'withdrawCase.reason', role: 'frontend', query: op.WITHDRAW, variables: (v, f, i) => ({ caseId: review(f, i).caseId, reason: v }), only: refusedByRule },
    { mutation: 'withdrawCase.caseId', role: 'frontend', query: op.WITHDRAW, variables: (v) => ({ caseId: v, reason: 'moved' }) },
    { mutation: 'provideInformation.answers', role: 'frontend', query: op.PROVIDE_INFORMATION, variables: (v, f, i) => ({ input: { caseId: review(f, i).caseId, submissionId: `s-${randomUUID()}`, answers: { note: v } } }) },
    { mutation: 'provideInformation.answerKey', role: 'frontend', query: op.PROVIDE_INFORMATION, variables: (v, f, i) => ({ input: { caseId: review(f, i).caseId, submissionId: `s-${randomUUID()}`, answers: { [v]: 'x' } } }) },
    { mutation: 'provideInformation.submissionId', role: 'frontend', query: op.PROVIDE_INFORMATION, variables: (v, f, i) => ({ input: { caseId: review(f, i).caseId, submissionId: v, answers: { note: 'x' } } }) },
    { mutation: 'respondToOffer.channel', role: 'frontend', query: op.RESPOND_TO_OFFER, variables: (v, f, i) => ({ caseId: offer(f, i), consent: false, channel: v, proof: f.offerProof }) },
    { mutation: 'submitLifeEvent.eventId', role: 'frontend', query: op.SUBMIT_LIFE_EVENT, variables: (v) => life({ eventId: v }) },
    { mutation: 'submitLifeEvent.source', role: 'frontend', query: op.SUBMIT_LIFE_EVENT, variables: (v) => life({ source: v }) },
    { mutation: 'submitLifeEvent.payload', role: 'frontend', query: op.SUBMIT_LIFE_EVENT, variables: (v) => life({ payload: { childIin: v } }) },
    { mutation: 'claimTask.taskId', role: 'officer', query: op.CLAIM, variables: (v) => ({ taskId: v }) },
    { mutation: 'releaseTask.taskId', role: 'officer', query: op.RELEASE, variables: (v) => ({ taskId: v }) },
    { mutation: 'reassignTask.assignee', role: 'supervisor', query: op.REASSIGN, variables: (v, f, i) => ({ taskId: review(f, i).taskId, assignee: v }), only: refusedByRule },
    { mutation: 'resolveTask.reason', role: 'supervisor', query: op.RESOLVE, variables: (v, f, i) => ({ input: { taskId: review(f, i).taskId, action: 'REQUEST_INFORMATION', reason: v, request: 'documents' } }), only: refusedByRule },
    { mutation: 'resolveTask.grounds', role: 'supervisor', query: op.RESOLVE, variables: (v, f, i) => ({ input: { taskId: review(f, i).taskId, action: 'DENY', reason: 'not eligible', grounds: [v] } }) },
    { mutation: 'resolveTask.request', role: 'supervisor', query: op.RESOLVE, variables: (v, f, i) => ({ input: { taskId: review(f, i).taskId, action: 'REQUEST_INFORMATION', reason: 'needs documents', request: v } }), only: refusedByRule },
    { mutation: 'createApiKey.name', role: 'engineer', query: op.CREATE_API_KEY, variables: (v) => ({ input: { name: v, clientId: 'hostile-probe', scopes: ['CASES_READ'] } }), only: refusedByRule },
    { mutation: 'revokeApiKey.id', role: 'engineer', query: op.REVOKE_API_KEY, variables: (v) => ({ id: v }) },
  ];
  return all;
}

const REFUSAL_CODES = new Set(['BAD_REQUEST', 'VALIDATION_FAILED']);

function classify(result: GraphQLResult): { verdict: Verdict; serverError?: string } {
  if (result.status >= 500) return { verdict: 'SERVER_ERROR', serverError: `HTTP ${result.status}` };
  if (result.status === 413) return { verdict: 'TOO_LARGE' };
  if (result.status === 429) return { verdict: 'RATE_LIMITED' };
  const text = JSON.stringify(result.body);
  const internal = /"code":"(INTERNAL_SERVER_ERROR|UNAVAILABLE)"/.exec(text);
  if (internal) return { verdict: 'SERVER_ERROR', serverError: internal[1] };
  const codes = [...(result.body.errors ?? []).map((e) => String(e.extensions?.code)), ...Object.values(result.body.data ?? {}).map((d) => String((d as { code?: unknown } | null)?.code ?? ''))];
  if (codes.some((c) => REFUSAL_CODES.has(c))) return { verdict: 'INPUT_REFUSED' };
  if (codes.some((c) => c)) return { verdict: 'TYPED_ERROR' };
  return { verdict: 'ACCEPTED' };
}

/** The case's workflow state equals its read-model row (status), allowing the projection a moment to catch up. */
async function diverged(target: HostileTarget, caseId: string): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [row, state] = await Promise.all([
      target.prisma.case.findUnique({ where: { id: caseId } }),
      target.temporal.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery).catch(() => null),
    ]);
    if (row && state && row.status === state.status) return false;
    await sleep(200);
  }
  return true;
}

export async function runHostile(target: HostileTarget, options: { requests: number; review?: number; offers?: number; onProgress?: (done: number) => void }): Promise<HostileReport> {
  const fixtures = await prepareFixtures(target, { review: options.review ?? 4, offers: options.offers ?? 2 });
  const client = graphqlClient(target.send);
  const list = probes(target);
  const security = () => target.prisma.auditEntry.count({ where: { stream: SECURITY_AUDIT_STREAM } });
  const inputRefused = () => target.prisma.auditEntry.count({ where: { stream: SECURITY_AUDIT_STREAM, action: 'INPUT_REFUSED' } });
  const [securityBefore, refusedBefore] = await Promise.all([security(), inputRefused()]);
  const casesBefore = new Set((await target.prisma.case.findMany({ select: { id: true } })).map((c) => c.id));

  const verdicts: Record<Verdict, number> = { INPUT_REFUSED: 0, TOO_LARGE: 0, ACCEPTED: 0, TYPED_ERROR: 0, SERVER_ERROR: 0, RATE_LIMITED: 0 };
  const byMutation: HostileReport['byMutation'] = {};
  const serverErrors: string[] = [];
  const pairs = list.flatMap((probe) => HOSTILE_VALUES.filter((v) => !probe.only || probe.only(v.name)).map((v) => ({ probe, value: v })));
  for (let i = 0; i < options.requests; i++) {
    const { probe, value } = pairs[i % pairs.length]!;
    let result = await client.execute(probe.query, probe.variables(value.value, fixtures, i), target.credentials[probe.role]);
    // A rate limit is the server protecting itself, not an answer to the input: wait and send again.
    for (let retry = 0; result.status === 429 && retry < 20; retry++) {
      await sleep(1000 * Number(result.headers.get('retry-after') ?? 1));
      result = await client.execute(probe.query, probe.variables(value.value, fixtures, i), target.credentials[probe.role]);
    }
    const { verdict, serverError } = classify(result);
    verdicts[verdict] += 1;
    const tally = (byMutation[probe.mutation] ??= {});
    tally[verdict] = (tally[verdict] ?? 0) + 1;
    if (serverError) serverErrors.push(`${probe.mutation} × ${value.name}: ${serverError}`);
    options.onProgress?.(i + 1);
  }

  const touched = [...new Set([...fixtures.reviewCases.map((c) => c.caseId), ...fixtures.offerCases])];
  const created = (await target.prisma.case.findMany({ select: { id: true } })).map((c) => c.id).filter((id) => !casesBefore.has(id));
  const all = [...new Set([...touched, ...created])];
  const divergedCases: string[] = [];
  for (const caseId of all) if (await diverged(target, caseId)) divergedCases.push(caseId);
  const [securityAfter, refusedAfter] = await Promise.all([security(), inputRefused()]);
  return {
    requests: options.requests,
    verdicts,
    serverErrors,
    securityGrowth: securityAfter - securityBefore,
    inputRefusedEntries: refusedAfter - refusedBefore,
    casesChecked: all.length,
    diverged: divergedCases,
    byMutation,
  };
}

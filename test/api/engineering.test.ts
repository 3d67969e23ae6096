/**
 * Engineers' queries through `yoga.fetch` on the real stack: replayCase against the workflow code
 * the API runs (and against a deliberately broken copy), caseHistoryExport scrubbed of personal
 * data and still replayable, and the what-if queries — reevaluateCase against a draft with
 * another multiplier, previewReevaluation agreeing with reevaluateCase case by case — writing
 * nothing.
 */
import path from 'node:path';
import { exportCaseHistory } from '../../api/temporal/history.ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { historyFromJson, replayHistories } from '../../lib/temporal/history/index.ts';
import { loadWorkflowBundle } from '../../lib/temporal/workflow-code.ts';
import type { ServiceDefinition } from '../../services/definition.ts';
import { publishService } from '../../services/publish.ts';
import { caseWorkflowId, entitlementWorkflowId } from '../../workflows/messages.ts';
import { copyWorkflows } from '../replay/support.ts';
import { stillHistoryLength } from '../support/still-history.ts';
import { applications, caseInReview, decidedBirths, pendingReview } from './support/fixtures.ts';
import { expectOk, startHarness, type ApiClient, type Harness } from './support/harness.ts';
import { CLAIM, HISTORY_EXPORT, PREVIEW_REEVALUATION, PROVIDE_INFORMATION, REEVALUATE_CASE, REPLAY_CASE, RESOLVE } from '../../api/client/operations.ts';
import { birthAllowanceAmendment } from '../../services/testing/amendments.ts';

const MCI_2026 = 4325;

/** The draft under study: 45 MCI instead of 38 for the 1st–3rd child. */
const birthAllowanceV4 = () => birthAllowanceAmendment({ version: 6 });
/** A definition pasted into the request: v7, and payment only into a verified bank account. */
const verifiedAccountDefinition = () => birthAllowanceAmendment({ version: 7, verifiedAccountRule: true });

let h: Harness;
let decided: string;
const birthCases: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  const p = h.engine.dataset.personas;
  const births = [p.newbornMother, p.fourthChildMother, p.singleMotherNewborn, p.unverifiedBankAccount, p.conflictingBirthRecord].map((m) => ({ mother: m.iin, childIin: m.childIin! }));
  births.push(...p.twinsMother.childIins!.map((childIin) => ({ mother: p.twinsMother.iin, childIin })));
  // A refusal is heard within a second; a case the machine may not decide alone (no verified account) is approved by an officer.
  birthCases.push(...(await decidedBirths(h, births)));
  decided = birthCases[0]!;
  await publishService(h.engine.db.prisma, birthAllowanceV4(), { status: 'DRAFT' });
}, 180_000);
afterAll(async () => h?.close());

describe('replayCase', () => {
  it("replays a decided case's history against the workflow code the API runs", async () => {
    const r = expectOk(await h.gql('engineer', REPLAY_CASE, { caseId: decided })).replayCase as any;
    const described = await h.engine.client.workflow.getHandle(caseWorkflowId(decided)).describe();
    expect(r).toMatchObject({ ok: true, failure: null, workflowId: caseWorkflowId(decided), runId: described.runId, eventCount: described.historyLength, workflowCode: 'workflows/index.ts' });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);

    // WORKFLOW_BUNDLE_PATH (what the worker runs in production) is what the API replays against too.
    const prebuilt = h.variant({ WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath') });
    expect(expectOk(await prebuilt.gql('engineer', REPLAY_CASE, { caseId: decided })).replayCase).toMatchObject({ ok: true, workflowCode: inject('workflowBundlePath') });
  });

  it('names the first mismatching event, the command and the fix when the code changed incompatibly', async () => {
    const broken = copyWorkflows(path.join(inject('tempRoot'), `api-replay-${process.pid}`), {
      file: 'case-workflow.ts',
      from: "  await state.project({\n    event: { type: 'SERVICE_VERSION_PINNED'",
      to: "  await state.notify({ caseId: state.caseId, template: 'escalated', idempotencyKey: `${state.caseId}:received` });\n  await state.project({\n    event: { type: 'SERVICE_VERSION_PINNED'",
    });
    const api: ApiClient = h.variant({}, { workflowBundle: { bundle: await loadWorkflowBundle({ workflowsPath: broken }), label: 'a broken copy' } });
    const r = expectOk(await api.gql('engineer', REPLAY_CASE, { caseId: decided })).replayCase as any;
    const history = await h.engine.client.workflow.getHandle(caseWorkflowId(decided)).fetchHistory();
    const firstProjection = history.events!.find((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')!;
    expect(r).toMatchObject({ ok: false, workflowId: caseWorkflowId(decided), workflowCode: 'a broken copy' });
    expect(r.failure).toMatchObject({
      kind: 'NONDETERMINISM',
      mismatch: {
        eventId: Number(firstProjection.eventId),
        eventType: 'MarkerRecorded',
        event: 'local activity projectStep (seq 2)',
        command: 'RecordMarker (local activity notifyCitizen)',
        detail: "Activity type of recorded marker 'projectStep' does not match activity type of local activity command 'notifyCitizen'",
        hint: expect.stringContaining("patched('case-<what-changed>')"),
      },
    });
  });

  it("reads, exports and replays the entitlement an approval started, as a case's own workflow", async () => {
    // `decided` was approved automatically: its one-time payment ran in entitlement-<id>.
    const entitlement = entitlementWorkflowId(decided);
    await h.engine.client.workflow.getHandle(entitlement).result();
    const page = expectOk(await h.gql('engineer', `query($c: ID!) { caseHistory(caseId: $c, first: 100, workflow: ENTITLEMENT) { workflowId workflowStatus totalCount edges { node { type summary } } } }`, { c: decided })).caseHistory as any;
    expect(page).toMatchObject({ workflowId: entitlement, workflowStatus: 'COMPLETED' });
    const types = page.edges.map((e: any) => e.node.type);
    expect(types[0]).toBe('WorkflowExecutionStarted');
    expect(types.at(-1)).toBe('WorkflowExecutionCompleted');
    expect(page.edges.some((e: any) => /openEntitlement|recordEntitlementPeriod/.test(e.node.summary))).toBe(true);
    expect(page.totalCount).toBe(types.length);

    const exported = expectOk(await h.gql('engineer', HISTORY_EXPORT, { caseId: decided, scrub: true, workflow: 'ENTITLEMENT' })).caseHistoryExport as any;
    expect(exported).toMatchObject({ scrubbed: true, eventCount: page.totalCount, workflowStatus: 'COMPLETED' });
    const bundle = await loadWorkflowBundle({ bundlePath: inject('workflowBundlePath') });
    const replayed = await replayHistories([{ workflowId: exported.workflowId, history: historyFromJson(exported.history), source: 'caseHistoryExport' }], { bundle });
    expect(replayed, JSON.stringify(replayed.failures)).toMatchObject({ replayed: 1, passed: 1, failed: 0 });

    const r = expectOk(await h.gql('engineer', REPLAY_CASE, { caseId: decided, workflow: 'ENTITLEMENT' })).replayCase as any;
    expect(r).toMatchObject({ ok: true, failure: null, workflowId: entitlement, eventCount: page.totalCount });
    // The case's own workflow stays the default.
    expect(expectOk(await h.gql('engineer', REPLAY_CASE, { caseId: decided })).replayCase).toMatchObject({ ok: true, workflowId: caseWorkflowId(decided) });

    // A case an officer still reviews has no entitlement yet: NOT_FOUND, typed.
    const { caseId: pending } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const missing = await h.gql('engineer', REPLAY_CASE, { caseId: pending, workflow: 'ENTITLEMENT' });
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('is NOT_FOUND for an unknown case', async () => {
    const r = await h.gql('engineer', REPLAY_CASE, { caseId: 'c00000000000000000000' });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('caseHistoryExport', () => {
  /** The export as text, base64 payloads decoded: where an IIN, a name or a phone could hide. */
  const visible = (history: { events: unknown[] }) => {
    const text = JSON.stringify(history);
    return [text, ...[...text.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'))].join('\n');
  };

  it('scrubs IINs, names and phones of the population, and the scrubbed history still replays', async () => {
    // Personal data enters a case history through Update arguments: an officer's reason, the citizen's answers.
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const citizen = h.engine.dataset.persons.get(applications(h).fourEyes.applicantIin)!;
    expectOk(await h.gql('officerSocial', CLAIM, { taskId }));
    expectOk(await h.gql('officerSocial', RESOLVE, { input: { taskId, action: 'REQUEST_INFORMATION', reason: `income of ${citizen.lastName} unclear`, request: 'Employment contract' } }));
    await h.engine.waitFor(caseId, (s) => s.status === 'AWAITING_INFORMATION');
    const answers = { name: `${citizen.firstName} ${citizen.lastName}`, phone: citizen.phone, note: `IIN ${citizen.iin}` };
    expectOk(await h.gql('frontendA', PROVIDE_INFORMATION, { input: { caseId, submissionId: 'scrub-1', answers } }));
    await h.engine.waitFor(caseId, pendingReview);
    // The staff notice for the new task lands after the review opens: export once the history is still.
    await stillHistoryLength(h.engine.client.workflow.getHandle(caseWorkflowId(caseId)));

    // The control comes from Temporal directly: through the API an engineer only ever gets it scrubbed.
    const raw = await exportCaseHistory(h.engine.client, caseId);
    const unasked = expectOk(await h.gql('engineer', HISTORY_EXPORT, { caseId })).caseHistoryExport as any;
    const scrubbed = expectOk(await h.gql('engineer', HISTORY_EXPORT, { caseId, scrub: true })).caseHistoryExport as any;
    expect(raw.scrubbed).toBe(false);
    expect(unasked.scrubbed).toBe(true);
    expect(scrubbed).toMatchObject({ scrubbed: true, workflowId: caseWorkflowId(caseId), workflowStatus: 'RUNNING', eventCount: raw.eventCount });
    const rawText = visible(raw.history); // the control: the raw history does hold them
    expect([citizen.iin, citizen.firstName, citizen.lastName, citizen.phone].filter((x) => !rawText.includes(x))).toEqual([]);
    const needles: string[] = [];
    for (const p of h.engine.dataset.persons.values()) needles.push(p.iin, p.firstName, p.lastName, p.phone);
    const text = visible(scrubbed.history);
    expect(needles.filter((n) => text.includes(n))).toEqual([]);

    const bundle = await loadWorkflowBundle({ bundlePath: inject('workflowBundlePath') });
    const replayed = await replayHistories([{ workflowId: scrubbed.workflowId, history: historyFromJson(scrubbed.history), source: 'caseHistoryExport' }], { bundle });
    if (replayed.failed) console.error(await replayFailureReport(raw, scrubbed, replayed, bundle));
    expect(replayed, JSON.stringify(replayed.failures)).toMatchObject({ replayed: 1, passed: 1, failed: 0 });
  });
});

/**
 * What a failed replay of a scrubbed export needs to be understood: whether the unscrubbed history
 * replays (scrubbing or the workflow?), the events around the mismatch, and both histories kept
 * (in QYZMET_TEST_ARTIFACTS when set, else the run's temporary directory).
 */
async function replayFailureReport(raw: any, scrubbed: any, replayed: Awaited<ReturnType<typeof replayHistories>>, bundle: Awaited<ReturnType<typeof loadWorkflowBundle>>): Promise<string> {
  const fs = await import('node:fs');
  const dir = process.env.QYZMET_TEST_ARTIFACTS ?? inject('tempRoot');
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `scrubbed-replay-${raw.workflowId}`);
  fs.writeFileSync(`${base}.raw.json`, JSON.stringify(raw.history));
  fs.writeFileSync(`${base}.scrubbed.json`, JSON.stringify(scrubbed.history));
  const unscrubbed = await replayHistories([{ workflowId: raw.workflowId, history: historyFromJson(raw.history), source: 'raw' }], { bundle });
  const at = replayed.failures[0]?.mismatch?.eventId ?? 0;
  const around = (raw.history.events as any[])
    .filter((e) => Math.abs(Number(e.eventId) - at) <= 12)
    .map((e) => `${e.eventId} ${String(e.eventType).replace('EVENT_TYPE_', '')}${e.markerRecordedEventAttributes ? ` ${e.markerRecordedEventAttributes.markerName}` : ''}${e.workflowTaskFailedEventAttributes ? ` ${e.workflowTaskFailedEventAttributes.cause}` : ''}`);
  return [`scrubbed export failed replay; the raw history ${unscrubbed.failed ? `fails too: ${JSON.stringify(unscrubbed.failures)}` : 'replays'}`, `histories: ${base}.{raw,scrubbed}.json`, ...around].join('\n');
}

describe('what-if', () => {
  const prisma = () => h.engine.db.prisma;
  const snapshot = async () => {
    const p = prisma();
    return [
      await p.case.findMany({ orderBy: { id: 'asc' } }),
      await p.decision.findMany({ orderBy: { id: 'asc' } }),
      await p.serviceVersion.findMany({ orderBy: [{ code: 'asc' }, { version: 'asc' }] }),
      await p.evaluation.count(),
      await p.evidence.count(),
      await p.caseEvent.count(),
      await p.auditEntry.count(),
    ];
  };
  const reevaluate = async (input: Record<string, unknown>, lang?: string) => expectOk(await h.gql('engineer', REEVALUATE_CASE, { input, lang })).reevaluateCase as any;
  const preview = async (input: Record<string, unknown>) => expectOk(await h.gql('engineer', PREVIEW_REEVALUATION, { input })).previewReevaluation as any;

  it('re-decides a case under a draft with another multiplier, side by side, rule by rule — and writes nothing', async () => {
    const before = await snapshot();
    const r = await reevaluate({ caseId: decided, version: 6 }, 'RU');
    expect(r).toMatchObject({ __typename: 'CaseReevaluation', caseId: decided, serviceCode: 'birth-allowance', proposedSource: 'DRAFT', proposedInForce: true });
    expect(r.decision).toMatchObject({ outcome: 'APPROVED', amount: 38 * MCI_2026, decidedBy: 'system' });
    expect(r.original).toMatchObject({ version: 5, outcome: 'ELIGIBLE', disposition: 'APPROVED', amount: 38 * MCI_2026 });
    expect(r.proposed).toMatchObject({ version: 6, outcome: 'ELIGIBLE', disposition: 'APPROVED', amount: 45 * MCI_2026 });
    expect(r.changes).toEqual({ outcome: false, amount: true, disposition: false, changedRules: [] });
    expect(r.withheldEvidence).toEqual([]);
    const v4 = birthAllowanceV4();
    expect(r.rules.map((x: any) => x.ruleId)).toEqual(v4.rules.map((x) => x.id));
    for (const rule of r.rules) {
      const def = v4.rules.find((x) => x.id === rule.ruleId)!;
      expect(rule).toMatchObject({ statusBefore: 'PASS', statusAfter: 'PASS', changed: false, text: def.text.ru, legalBasis: { act: def.legalBasis.act, article: def.legalBasis.article } });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('takes a pasted definition as well, and shows an outcome change with the rule that caused it', async () => {
    const unverified = birthCases[3]!;
    const r = await reevaluate({ caseId: unverified, definition: verifiedAccountDefinition() }, 'EN');
    expect(r).toMatchObject({ proposedSource: 'DEFINITION', decision: { outcome: 'APPROVED', decidedBy: 'officer-aigerim' } });
    expect(r.original).toMatchObject({ outcome: 'ELIGIBLE', disposition: 'REVIEW', escalationReasons: ['POLICY:NO_VERIFIED_ACCOUNT'] });
    expect(r.proposed).toMatchObject({ version: 7, outcome: 'INELIGIBLE', disposition: 'DENIED', amount: null, failedRules: ['BA-05'] });
    expect(r.changes).toEqual({ outcome: true, amount: true, disposition: true, changedRules: ['BA-05'] });
    expect(r.rules.at(-1)).toEqual({
      ruleId: 'BA-05',
      statusBefore: null,
      statusAfter: 'FAIL',
      changed: true,
      text: 'The allowance is paid into a verified bank account',
      legalBasis: expect.objectContaining({ article: 'Article 191', clause: 'paragraph 5' }),
      whyBefore: null,
      whyAfter: 'There is no verified bank account',
    });
  });

  it('refuses with typed errors: unknown case, unknown version, another service, an ambiguous target, an invalid definition', async () => {
    const jobLoss = structuredClone(verifiedAccountDefinition()) as ServiceDefinition;
    jobLoss.code = 'job-loss-payment';
    const cases: [Record<string, unknown>, string][] = [
      [{ caseId: 'c00000000000000000000', version: 6 }, 'NOT_FOUND'],
      [{ caseId: decided, version: 9 }, 'VERSION_NOT_FOUND'],
      [{ caseId: decided, definition: jobLoss }, 'SERVICE_MISMATCH'],
      [{ caseId: decided, version: 6, definition: birthAllowanceV4() }, 'VALIDATION_FAILED'],
      [{ caseId: decided }, 'VALIDATION_FAILED'],
      [{ caseId: decided, definition: { code: 'birth-allowance', version: 8 } }, 'VALIDATION_FAILED'],
    ];
    for (const [input, code] of cases) expect((await reevaluate(input)).code, JSON.stringify(input).slice(0, 80)).toBe(code);
    expect(await preview({ serviceCode: 'no-such-service', version: 1 })).toMatchObject({ code: 'SERVICE_NOT_FOUND' });
    expect(await preview({ serviceCode: 'birth-allowance', version: 9 })).toMatchObject({ code: 'VERSION_NOT_FOUND' });
    expect(await preview({ serviceCode: 'birth-allowance', version: 6, limit: 0 })).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'limit' }] });
    expect(await preview({ serviceCode: 'birth-allowance', version: 6, decidedFrom: '2026-03-10', decidedTo: '2026-03-01' })).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  /** What reevaluateCase says case by case, counted as the preview counts. */
  async function tally(target: Record<string, unknown>) {
    const ids = (await prisma().decision.findMany({ where: { case: { serviceCode: 'birth-allowance' } }, select: { caseId: true } })).map((d) => d.caseId);
    const t = { evaluated: 0, changed: { outcome: 0, amount: 0, disposition: 0, any: 0 }, before: 0, after: 0, increased: 0, decreased: 0, transitions: {} as Record<string, number>, changedIds: new Set<string>() };
    for (const caseId of ids) {
      const r = await reevaluate({ caseId, ...target });
      t.evaluated += 1;
      for (const k of ['outcome', 'amount', 'disposition'] as const) if (r.changes[k]) t.changed[k] += 1;
      if (r.changes.outcome || r.changes.amount || r.changes.disposition) {
        t.changed.any += 1;
        t.changedIds.add(caseId);
      }
      if (r.changes.outcome) t.transitions[`${r.original.outcome}>${r.proposed.outcome}`] = (t.transitions[`${r.original.outcome}>${r.proposed.outcome}`] ?? 0) + 1;
      t.before += r.original.amount ?? 0;
      t.after += r.proposed.amount ?? 0;
      if (r.changes.amount && r.original.amount !== null && r.proposed.amount !== null) r.proposed.amount > r.original.amount ? t.increased++ : t.decreased++;
    }
    return t;
  }

  it('previews every decided case of the service, agreeing with reevaluateCase case by case — and writes nothing', async () => {
    const before = await snapshot();
    for (const target of [{ version: 6 }, { definition: verifiedAccountDefinition() }]) {
      const expected = await tally(target);
      const p = await preview({ serviceCode: 'birth-allowance', ...target });
      expect(p).toMatchObject({ __typename: 'ReevaluationPreview', evaluated: birthCases.length, limitReached: false, failures: [], changed: expected.changed });
      expect(p.amounts).toEqual({ before: expected.before, after: expected.after, delta: expected.after - expected.before, increased: expected.increased, decreased: expected.decreased });
      expect(Object.fromEntries(p.transitions.map((x: any) => [`${x.from}>${x.to}`, x.count]))).toEqual(expected.transitions);
      for (const e of [...p.outcomeExamples, ...p.amountExamples]) expect(expected.changedIds.has(e.caseId)).toBe(true);
      expect(p.outcomeExamples.length + p.amountExamples.length).toBe(Math.min(expected.changed.outcome, 5) + Math.min(expected.changed.any - expected.changed.outcome, 5));
    }
    expect(await snapshot()).toEqual(before);
  });

  it('counts the multiplier change: every 1st–3rd child allowance rises by 7 MCI, nothing else moves', async () => {
    const p = await preview({ serviceCode: 'birth-allowance', version: 6, outcome: 'APPROVED', examples: 2 });
    const approved = await prisma().decision.count({ where: { outcome: 'APPROVED', case: { serviceCode: 'birth-allowance' } } });
    const fourthOrLater = 1; // the fourth child's 63 MCI does not change
    expect(p).toMatchObject({ version: 6, source: 'DRAFT', evaluated: approved, transitions: [], changed: { outcome: 0, amount: approved - fourthOrLater, disposition: 0 } });
    expect(p.amounts.delta).toBe((approved - fourthOrLater) * 7 * MCI_2026);
    expect(p.amountExamples).toHaveLength(2);
    expect(p.amountExamples[0]).toMatchObject({ before: { outcome: 'ELIGIBLE', amount: 38 * MCI_2026 }, after: { outcome: 'ELIGIBLE', amount: 45 * MCI_2026 }, changedRules: [] });
    // Against the version the cases were decided under, nothing changes.
    expect(await preview({ serviceCode: 'birth-allowance', version: 5 })).toMatchObject({ changed: { any: 0 }, withMissingEvidence: 0 });
    expect(await preview({ serviceCode: 'birth-allowance', version: 6, limit: 2 })).toMatchObject({ evaluated: 2, limitReached: true });
  });
});

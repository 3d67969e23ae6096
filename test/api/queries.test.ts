/**
 * Every query through `yoga.fetch` against the real stack: services, case, cases, tasks, node,
 * viewer, auditLog, securityAuditLog, caseHistory and caseHistoryExport.
 */
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { historyFromJson } from '../../lib/temporal/history/json.ts';
import { catalog } from '../../services/catalog/index.ts';
import { applications, caseInReview, decidedCase, startCaseAs } from './support/fixtures.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';
import { AUDIT, CASE, CASE_WITH_TASKS, CASES, CLAIM, HISTORY, HISTORY_EXPORT, NODE, SECURITY_AUDIT, SERVICES, TASKS } from '../../api/client/operations.ts';

let h: Harness;
let approved: string;
let review: { caseId: string; taskId: string };

beforeAll(async () => {
  h = await startHarness();
  [approved, review] = await Promise.all([decidedCase(h, 'frontendB'), caseInReview(h, 'frontendA', applications(h).fourEyes)]);
});
afterAll(async () => h?.close());

describe('services', () => {
  it('lists the catalog with fields and rules in the language asked for, by argument or Accept-Language', async () => {
    const kk = expectOk(await h.gql('frontendA', SERVICES, { lang: 'KK' })).services as any[];
    const ru = expectOk(await h.gql('frontendA', SERVICES, {}, { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' })).services as any[];
    const birth = catalog.find((d) => d.code === 'birth-allowance')!;
    const byCode = (list: any[]) => list.find((s) => s.code === 'birth-allowance');
    expect(kk.map((s) => s.code).sort()).toEqual([...new Set(catalog.map((d) => d.code))].sort());
    expect(byCode(kk).title).toBe(birth.title.kk);
    expect(byCode(ru).title).toBe(birth.title.ru);
    expect(byCode(ru).currentVersion.rules[0]).toMatchObject({ id: 'BA-01', text: birth.rules[0]!.text.ru, legalBasis: { citation: expect.stringContaining(birth.rules[0]!.legalBasis.article), verified: false } });
    expect(byCode(ru).currentVersion.fields).toEqual([{ name: 'childIin', type: 'iin', required: true, label: birth.input[0]!.label.ru }]);
    // The version in force: the catalog's latest of the service.
    expect(byCode(kk).versions.map((v: any) => v.version)).toEqual([Math.max(...catalog.filter((d) => d.code === 'birth-allowance').map((d) => d.version))]);
  });
});

describe('case', () => {
  it('shows status, timeline, evidence with provenance, and the signed decision explained rule by rule', async () => {
    const c = expectOk(await h.gql('frontendB', CASE, { id: approved, lang: 'EN' })).case as any;
    expect(c).toMatchObject({ caseId: approved, status: 'APPROVED', outcome: 'APPROVED', serviceCode: 'birth-allowance', origin: 'APPLICATION', serviceTitle: 'One-time birth allowance' });
    expect(c.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['SERVICE_VERSION_PINNED', 'EVIDENCE_REQUESTED', 'EVALUATED', 'DECIDED']));
    expect(c.timeline.map((e: any) => e.seq)).toEqual([...c.timeline.map((e: any) => e.seq)].sort((a: number, b: number) => a - b));
    for (const e of c.evidence) expect(e).toMatchObject({ registry: expect.any(String), source: expect.any(String), fetchedAt: expect.any(String), contentHash: expect.stringMatching(/^sha256:/) });

    const d = c.decision;
    expect(d).toMatchObject({ outcome: 'APPROVED', algorithm: 'Ed25519', signatureValid: true, decidedBy: 'system' });
    const record = JSON.parse(d.record);
    expect(record).toMatchObject({ caseId: approved, outcome: 'APPROVED', keyId: d.keyId, decisionId: d.decisionId });
    // The signed record names exactly the evidence the case shows.
    expect(record.evidence.map((e: any) => e.contentHash).sort()).toEqual(c.evidence.map((e: any) => e.contentHash).sort());
    expect(d.explanation.evaluationId).toBe(record.evaluation.evaluationId);
    expect(d.explanation.rules.length).toBeGreaterThan(0);
    for (const r of c.explanation.rules) expect(r).toMatchObject({ status: 'PASS', text: expect.any(String), legalBasis: { act: expect.any(String), article: expect.any(String) } });
    // Unverified citations say so — in the API and in the signed record, with the source of what was checked.
    expect(c.explanation.rules.map((r: any) => r.legalBasis.verified)).toEqual(record.explanation.map((r: any) => r.legalBasis.verified));
    expect(d.explanation.rules.every((r: any) => r.legalBasis.verified === false)).toBe(true);
    expect(c.explanation.rules[0].legalBasis).toMatchObject({ article: 'article not identified', source: { url: expect.stringMatching(/^https:\/\//), checkedOn: '2026-12-01' } });

    const ru = expectOk(await h.gql('frontendB', CASE, { id: approved, lang: 'RU' })).case as any;
    const rule = catalog.find((x) => x.code === 'birth-allowance' && x.version === c.serviceVersion)!.rules[0]!;
    expect(ru.explanation.rules[0].text).toBe(rule.text.ru);
    expect(c.explanation.rules[0].text).toBe(rule.text.en);
  });

  it('reports a tampered decision record as not validly signed', async () => {
    const caseId = await decidedCase(h, 'frontendB');
    const row = await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    await h.engine.db.prisma.decision.update({ where: { id: row.id }, data: { record: row.record.replace(/"outcome":"APPROVED"/, '"outcome":"DENIED"') } });
    const d = (expectOk(await h.gql('engineer', CASE, { id: caseId })).case as any).decision;
    expect(d.signatureValid).toBe(false);
  });

  it('accepts the global id or the raw id, and answers NOT_FOUND for an unknown one', async () => {
    const global = encodeGlobalID('Case', approved);
    expect((expectOk(await h.gql('frontendB', CASE, { id: global })).case as any).caseId).toBe(approved);
    const missing = await h.gql('frontendB', CASE, { id: 'c00000000000000000000' });
    expect(missing.body.data?.case).toBeNull();
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('cases', () => {
  it('filters, sorts and pages with cursors, without repeating or skipping a case', async () => {
    const mine = await Promise.all([0, 1, 2].map(() => startCaseAs(h, 'frontendB', applications(h).autoApproved)));
    const all = expectOk(await h.gql('frontendB', CASES, { filter: { service: 'birth-allowance' }, first: 100 })).cases as any;
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.edges.map((e: any) => e.node.caseId)).toEqual(expect.arrayContaining([...mine, approved]));

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const conn: any = expectOk(await h.gql('frontendB', CASES, { filter: { service: 'birth-allowance' }, first: 2, after })).cases;
      seen.push(...conn.edges.map((e: any) => e.node.caseId));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e: any) => e.node.caseId));
    expect(new Set(seen).size).toBe(seen.length);

    const asc = expectOk(await h.gql('frontendB', CASES, { filter: { service: 'birth-allowance' }, orderBy: 'UPDATED_AT_ASC', first: 100 })).cases as any;
    const times = asc.edges.map((e: any) => e.node);
    expect(times.length).toBe(all.edges.length);
    const lastTwo = expectOk(await h.gql('frontendB', CASES, { filter: { service: 'birth-allowance' }, last: 2 })).cases as any;
    expect(lastTwo.edges.map((e: any) => e.node.caseId)).toEqual(all.edges.slice(-2).map((e: any) => e.node.caseId));

    const byIin = expectOk(await h.gql('frontendB', CASES, { filter: { applicantIin: applications(h).autoApproved.applicantIin, status: ['APPROVED', 'RECEIVED', 'GATHERING_EVIDENCE', 'EVALUATING'] } })).cases as any;
    expect(byIin.edges.every((e: any) => e.node.serviceCode === 'birth-allowance')).toBe(true);
    const reference = new Date('2026-03-16T06:00:00Z');
    const before = expectOk(await h.gql('frontendB', CASES, { filter: { createdTo: reference.toISOString() } })).cases as any;
    const from = expectOk(await h.gql('frontendB', CASES, { filter: { createdFrom: reference.toISOString() } })).cases as any;
    expect(before.totalCount).toBe(0);
    expect(from.totalCount).toBeGreaterThanOrEqual(4);
  });

  it("shows a front-end only its own cases, and an officer only their department's", async () => {
    const a = expectOk(await h.gql('frontendA', CASES, { first: 100 })).cases as any;
    expect(a.edges.map((e: any) => e.node.caseId)).toContain(review.caseId);
    expect(a.edges.map((e: any) => e.node.caseId)).not.toContain(approved);
    const officer = expectOk(await h.gql('officerEmployment', CASES, { first: 100 })).cases as any;
    expect(officer.edges.every((e: any) => e.node.department === 'employment')).toBe(true);
    const engineer = expectOk(await h.gql('engineer', CASES, { filter: { department: 'social-payments' }, first: 100 })).cases as any;
    expect(engineer.edges.map((e: any) => e.node.caseId)).toEqual(expect.arrayContaining([approved, review.caseId]));
  });
});

describe('tasks', () => {
  it('lists my groups, mine and overdue, soonest due first and then by priority', async () => {
    const [soon, later] = await Promise.all([
      caseInReview(h, 'frontendA', applications(h).fourEyes, { slaMs: 300_000 }),
      caseInReview(h, 'frontendA', applications(h).fourEyes, { slaMs: 900_000 }),
    ]);
    const groups = expectOk(await h.gql('officerSocial', TASKS, { filter: 'MY_GROUPS', first: 100 })).tasks as any;
    const ids = groups.edges.map((e: any) => e.node.taskId);
    expect(ids.indexOf(soon.taskId)).toBeLessThan(ids.indexOf(later.taskId));
    const dues = groups.edges.map((e: any) => Date.parse(e.node.dueAt));
    expect(dues).toEqual([...dues].sort((x, y) => x - y));

    // Same due time: the higher priority first.
    const due = new Date(Date.now() + 3_600_000);
    await h.engine.db.prisma.task.update({ where: { id: soon.taskId }, data: { dueAt: due, priority: 1 } });
    await h.engine.db.prisma.task.update({ where: { id: later.taskId }, data: { dueAt: due, priority: 5 } });
    const reordered = (expectOk(await h.gql('officerSocial', TASKS, { filter: 'MY_GROUPS', first: 100 })).tasks as any).edges.map((e: any) => e.node.taskId);
    expect(reordered.indexOf(later.taskId)).toBeLessThan(reordered.indexOf(soon.taskId));

    expect(await h.gql('officerSocial', CLAIM, { taskId: soon.taskId })).toMatchObject({ body: { data: { claimTask: { __typename: 'TaskPayload' } } } });
    const mine = (expectOk(await h.gql('officerSocial', TASKS, { filter: 'MINE' })).tasks as any).edges.map((e: any) => e.node.taskId);
    expect(mine).toEqual([soon.taskId]);
    const open = (expectOk(await h.gql('officerSocial', TASKS, { filter: 'MY_GROUPS', first: 100 })).tasks as any).edges.map((e: any) => e.node.taskId);
    expect(open).not.toContain(soon.taskId);
    const employment = (expectOk(await h.gql('officerEmployment', TASKS, { filter: 'MY_GROUPS', first: 100 })).tasks as any).edges;
    expect(employment.every((e: any) => e.node.department === 'employment')).toBe(true);
  });

  it('lists a task whose deadlines have passed as overdue for the supervisors', async () => {
    const late = await caseInReview(h, 'frontendA', applications(h).fourEyes, { slaMs: 800, supervisorSlaMs: 800, headSlaMs: 800 });
    const deadline = Date.now() + 20_000;
    let overdue: any[] = [];
    while (Date.now() < deadline) {
      overdue = (expectOk(await h.gql('supervisorSocial', TASKS, { filter: 'OVERDUE', first: 100 })).tasks as any).edges.map((e: any) => e.node);
      // The officers' SLA passes (the task goes to the supervisors), then the supervisors' (to the
      // head of department), then the head's: the last level, where it stays overdue.
      if (overdue.some((t) => t.taskId === late.taskId && t.role === 'head')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(overdue.find((t) => t.taskId === late.taskId)).toMatchObject({ overdue: true, role: 'head' });
    const officerView = (expectOk(await h.gql('officerSocial', TASKS, { filter: 'OVERDUE', first: 100 })).tasks as any).edges.map((e: any) => e.node.taskId);
    expect(officerView).not.toContain(late.taskId);
  });
});

describe('node, viewer', () => {
  it('resolves cases, tasks and decisions by global id', async () => {
    const decision = await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId: approved } });
    expect(expectOk(await h.gql('frontendB', NODE, { id: encodeGlobalID('Case', approved) })).node).toMatchObject({ __typename: 'Case', caseId: approved });
    expect(expectOk(await h.gql('officerSocial', NODE, { id: encodeGlobalID('Task', review.taskId) })).node).toMatchObject({ __typename: 'Task', taskId: review.taskId });
    expect(expectOk(await h.gql('frontendB', NODE, { id: encodeGlobalID('Decision', decision.id) })).node).toMatchObject({ __typename: 'Decision', signatureValid: true });
    expect(expectOk(await h.gql('frontendB', NODE, { id: encodeGlobalID('Case', 'cnothere') })).node).toBeNull();
  });

  it('tells the caller who it is', async () => {
    const v = expectOk(await h.gql('supervisorSocial', '{ viewer { kind id roles department scopes } }')).viewer;
    expect(v).toEqual({ kind: 'staff', id: 'supervisor-nurlan', roles: ['supervisor'], department: 'social-payments', scopes: [] });
  });
});

describe('audit', () => {
  it("returns a case's audit trail with its hash chain verified, and finds tampering", async () => {
    const c = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    expectOk(await h.gql('officerSocial', CLAIM, { taskId: c.taskId }));
    const log = expectOk(await h.gql('supervisorSocial', AUDIT, { caseId: c.caseId })).auditLog as any;
    expect(log).toMatchObject({ stream: `case:${c.caseId}`, verification: { ok: true, count: log.total } });
    expect(log.entries.map((e: any) => e.action)).toContain('TASK_CLAIMED');
    expect(log.entries.find((e: any) => e.action === 'TASK_CLAIMED').actor).toBe('officer-aigerim');

    const entry = await h.engine.db.prisma.auditEntry.findFirstOrThrow({ where: { stream: `case:${c.caseId}`, action: 'TASK_CLAIMED' } });
    await h.engine.db.prisma.auditEntry.update({ where: { id: entry.id }, data: { actor: 'someone-else' } });
    const tampered = expectOk(await h.gql('engineer', AUDIT, { caseId: c.caseId })).auditLog as any;
    expect(tampered.verification).toMatchObject({ ok: false, brokenAt: entry.seq, reason: 'HASH_MISMATCH' });
  });

  it('records refusals in the security stream, readable by engineers', async () => {
    await h.gql('frontendB', CASE, { id: review.caseId });
    const log = expectOk(await h.gql('engineer', SECURITY_AUDIT, { last: 5 })).securityAuditLog as any;
    expect(log.verification).toMatchObject({ ok: true, count: log.total });
    expect(log.entries.at(-1)).toMatchObject({ actor: `api-key:${h.apiKeys.frontendB.id}`, action: 'ACCESS_DENIED', details: { code: 'FORBIDDEN', operation: 'Query.case', target: { caseId: review.caseId } } });
  });
});

describe('caseHistory', () => {
  it('pages through the workflow history with a readable summary per event', async () => {
    expectOk(await h.gql('officerSocial', CLAIM, { taskId: review.taskId }));
    const events: any[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = expectOk(await h.gql('engineer', HISTORY, { caseId: review.caseId, first: 10, after })).caseHistory;
      events.push(...page.edges.map((e: any) => e.node));
      pages++;
      expect(page.workflowId).toBe(`case-${review.caseId}`);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBeGreaterThan(1);
    expect(events.map((e) => e.eventId)).toEqual(events.map((_, i) => i + 1));
    const summaries = events.map((e) => e.summary);
    expect(summaries[0]).toMatch(/^Workflow caseWorkflow started on task queue /);
    expect(summaries).toEqual(expect.arrayContaining(['Activity fetchEvidence scheduled', 'Activity evaluateCase completed', 'Local activity projectStep completed', 'Update claimTask accepted', 'Update claimTask completed', 'Timer started (10 minutes)']));
    expect(events.find((e) => e.summary === 'Update claimTask accepted').type).toBe('WorkflowExecutionUpdateAccepted');
  });

  it('exports the whole history as the SDK JSON, which replays against the workflow code', async () => {
    const exported = expectOk(await h.gql('engineer', HISTORY_EXPORT, { caseId: approved })).caseHistoryExport as any;
    expect(exported).toMatchObject({ workflowId: `case-${approved}`, workflowStatus: 'COMPLETED' });
    expect(exported.history.events).toHaveLength(exported.eventCount);
    expect(exported.history.events[0]).toMatchObject({ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' });
    const history = historyFromJson(exported.history);
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, exported.workflowId);
  });
});

describe('case tasks', () => {
  it('shows staff the open tasks of a case', async () => {
    const c = expectOk(await h.gql('supervisorSocial', CASE_WITH_TASKS, { id: review.caseId })).case as any;
    expect(c.openTasks).toEqual([expect.objectContaining({ taskId: review.taskId, kind: 'REVIEW', department: 'social-payments', reasons: ['FOUR_EYES'] })]);
  });
});

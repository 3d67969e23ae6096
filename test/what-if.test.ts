/**
 * What-if re-decision on real decided cases: birth allowances decided by the engine (some by the
 * machine, some by an officer), re-decided under a draft v6 that raises the allowance for the
 * 1st–3rd child from 38 to 45 MCI and pays only into a verified bank account. The counts are
 * checked against an oracle computed from the synthetic registries, not against the code under
 * test. Nothing is written and no registry is called. The CLI runs against the same PostgreSQL
 * database through DATABASE_URL, and fails with one clear line on an embedded database in use.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { PROJECT_ROOT } from '../lib/config.ts';
import { openDatabase } from '../lib/db/client.ts';
import { QyzmetError } from '../lib/errors.ts';
import { previewBulkReevaluation, reevaluateCase } from '../services/what-if/index.ts';
import { birthAllowanceAmendment } from '../services/testing/amendments.ts';
import type { ServiceDefinition } from '../services/definition.ts';
import { publishService } from '../services/publish.ts';
import { formatBulk } from '../scripts/what-if/format.ts';
import { claimTaskUpdate, FINAL_STATUSES, resolveTaskUpdate } from '../workflows/messages.ts';
import { officers, startEngine, type Engine } from './support/engine.ts';
import { createPrivatePostgres, type PrivatePostgres } from './support/private-postgres.ts';

const exec = promisify(execFile);
const MCI_2026 = 4325;

/** The proposed amendment: 45 MCI for the 1st–3rd child, and payment only into a verified account. */
const birthAllowanceV4 = () => birthAllowanceAmendment({ version: 6, verifiedAccountRule: true });

describe('what-if re-decision of decided cases', () => {
  let pgdb: PrivatePostgres;
  let engine: Engine;
  const cases = new Map<string, { mother: string; childIin: string }>();
  let jobLossCase: string;

  beforeAll(async () => {
    pgdb = await createPrivatePostgres('qyzmet_whatif');
    engine = await startEngine({ db: await pgdb.open() });
    const p = engine.dataset.personas;
    const births = [p.newbornMother, p.fourthChildMother, p.singleMotherNewborn, p.unverifiedBankAccount, p.noBankAccount, p.conflictingBirthRecord].flatMap((m) => [{ mother: m.iin, childIin: m.childIin! }]);
    births.push(...p.twinsMother.childIins!.map((childIin) => ({ mother: p.twinsMother.iin, childIin })));
    // A refusal is heard first; a short hearing window lets silence make it final within a second.
    const timing = { hearingWindowMs: 1000 };
    for (const b of births) cases.set(await engine.startCase({ serviceCode: 'birth-allowance', applicantIin: b.mother, application: { childIin: b.childIin }, timing }), b);
    jobLossCase = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.dismissedForMisconduct.iin, application: { jobLossDate: engine.dataset.employment.get(p.dismissedForMisconduct.iin)!.jobLossDate! }, timing });
    // Cases the machine may not decide alone (no verified account to pay into) go to an officer, who approves.
    for (const id of cases.keys()) {
      const s = await engine.waitFor(id, (st) => FINAL_STATUSES.includes(st.status) || st.tasks.some((t) => t.status === 'OPEN'));
      const task = s.tasks.find((t) => t.status === 'OPEN');
      if (task) {
        await engine.update(id, claimTaskUpdate, { taskId: task.taskId, officer: officers.aigerim });
        await engine.update(id, resolveTaskUpdate, { taskId: task.taskId, officer: officers.aigerim, action: 'APPROVE', reason: 'account details checked by phone' });
      }
      await engine.result(id);
    }
    await engine.result(jobLossCase);
    await publishService(engine.db.prisma, birthAllowanceV4(), { status: 'DRAFT' });
  });
  afterAll(async () => {
    await engine?.close();
    await pgdb?.drop();
  });

  /** What v4 must do to each case, from the registries' facts alone. */
  function oracle() {
    let outcome = 0;
    let amount = 0;
    let before = 0;
    let after = 0;
    for (const { mother, childIin } of cases.values()) {
      const birth = engine.dataset.births.get(childIin)!;
      if (birth.motherIin !== mother) continue; // not her child: ineligible under both versions
      const order = birth.birthOrder;
      const paid = engine.dataset.bankAccounts.get(mother)?.verified === true;
      const v3 = (order >= 4 ? 63 : 38) * MCI_2026;
      const v4 = paid ? (order >= 4 ? 63 : 45) * MCI_2026 : null;
      before += v3;
      after += v4 ?? 0;
      if (!paid) outcome += 1;
      if (v4 !== v3) amount += 1;
    }
    return { outcome, amount, before, after };
  }

  it('re-decides one case side by side with its pinned version, rule by rule', async () => {
    const [unverified] = [...cases].find(([, b]) => b.mother === engine.dataset.personas.unverifiedBankAccount.iin)!;
    const r = await reevaluateCase(engine.db.prisma, unverified, { version: 6 }, { lang: 'en' });
    expect(r.decision).toMatchObject({ outcome: 'APPROVED', amount: 38 * MCI_2026, decidedBy: 'officer-aigerim' });
    expect(r.original).toMatchObject({ version: 5, outcome: 'ELIGIBLE', disposition: 'REVIEW', amount: 38 * MCI_2026, escalationReasons: ['POLICY:NO_VERIFIED_ACCOUNT'] });
    expect(r.proposed).toMatchObject({ version: 6, source: 'DRAFT', inForce: true, outcome: 'INELIGIBLE', disposition: 'DENIED', amount: null, failedRules: ['BA-05'] });
    expect(r.changes).toMatchObject({ outcome: true, amount: true, disposition: true });
    expect(r.changes.rules.find((c) => c.id === 'BA-05')).toEqual({ id: 'BA-05', original: null, proposed: 'FAIL', changed: true, why: 'There is no verified bank account' });
    expect(r.changes.rules.filter((c) => c.changed).map((c) => c.id)).toEqual(['BA-05']);
    expect(r.withheldEvidence).toEqual([]);

    const [newborn] = [...cases].find(([, b]) => b.mother === engine.dataset.personas.newbornMother.iin)!;
    const n = await reevaluateCase(engine.db.prisma, newborn, { version: 6 });
    expect([n.original.amount, n.proposed.amount]).toEqual([38 * MCI_2026, 45 * MCI_2026]);
    expect(n.changes).toMatchObject({ outcome: false, amount: true, disposition: false });
  });

  it('previews every decided case of the service against the draft: outcomes and amounts that change, with examples', async () => {
    const expected = oracle();
    const preview = await previewBulkReevaluation(engine.db.prisma, { serviceCode: 'birth-allowance' }, { version: 6 });
    expect(preview.evaluated).toBe(8); // the job-loss decision is another service
    expect(preview.errors).toEqual([]);
    expect(preview.changed).toMatchObject({ outcome: expected.outcome, amount: expected.amount });
    expect(preview.changed).toEqual({ outcome: 2, amount: 6, disposition: 2, any: 6 });
    expect(preview.transitions).toEqual([{ from: 'ELIGIBLE', to: 'INELIGIBLE', count: 2 }]);
    expect(preview.amounts).toEqual({ before: expected.before, after: expected.after, delta: expected.after - expected.before, increased: 4, decreased: 0 });
    expect(preview.amounts.delta).toBe(-207_600); // 4 paid 1st–3rd births × (45 − 38) MCI − 2 unpaid × 38 MCI = −48 × 4 325
    expect(preview.examples.outcome.map((e) => e.changedRules.map((c) => c.id))).toEqual([['BA-05'], ['BA-05']]);
    expect(preview.examples.amount).toHaveLength(4);

    const deniedOnly = await previewBulkReevaluation(engine.db.prisma, { serviceCode: 'birth-allowance', outcome: 'DENIED' }, { version: 6 });
    expect(deniedOnly).toMatchObject({ evaluated: 1, changed: { any: 0 } }); // the disputed birth stays denied
    const none = await previewBulkReevaluation(engine.db.prisma, { serviceCode: 'birth-allowance', decidedTo: '2020-01-01' }, { version: 6 });
    expect(none.evaluated).toBe(0);
  });

  it('changes nothing against the version the cases were decided under', async () => {
    const same = await previewBulkReevaluation(engine.db.prisma, { serviceCode: 'birth-allowance' }, { version: 5 });
    expect(same).toMatchObject({ evaluated: 8, changed: { outcome: 0, amount: 0, disposition: 0, any: 0 }, withMissingEvidence: 0 });
  });

  it('reports evidence a version needs but the case never fetched as INDETERMINATE, without calling a registry', async () => {
    const d = structuredClone(birthAllowanceV4()) as ServiceDefinition;
    d.version = 7;
    d.evidence = [...d.evidence, { key: 'disability', query: 'disability.status', params: { iin: 'applicant.iin' }, required: true }];
    d.rules = [...d.rules, { ...d.rules.at(-1)!, id: 'BA-06', expression: 'evidence.disability.group == null || evidence.disability.group > 0' }];
    d.refusalGrounds = [...d.refusalGrounds!, { ...d.refusalGrounds!.at(-1)!, code: 'DISABILITY', rules: ['BA-06'] }];
    const calls = engine.registry.callCount('disability');
    const [newborn] = [...cases].find(([, b]) => b.mother === engine.dataset.personas.newbornMother.iin)!;
    const r = await reevaluateCase(engine.db.prisma, newborn, { definition: d });
    expect(r.proposed).toMatchObject({ source: 'FILE', outcome: 'INDETERMINATE', disposition: 'REVIEW' });
    expect(r.withheldEvidence).toEqual([{ key: 'disability', reason: 'NOT_COLLECTED' }]);
    expect(r.proposed.rules.find((x) => x.id === 'BA-06')).toMatchObject({ status: 'INDETERMINATE', why: 'EVIDENCE_MISSING: disability: UNAVAILABLE' });
    expect(engine.registry.callCount('disability')).toBe(calls);
    const bulk = await previewBulkReevaluation(engine.db.prisma, { serviceCode: 'birth-allowance' }, { definition: d });
    expect(bulk.withMissingEvidence).toBe(8);
  });

  it('reports its progress as counts that reach the total, and stops before its next case when asked', async () => {
    const reports: { done: number; evaluated: number; failed: number; total: number; final: boolean }[] = [];
    const preview = await previewBulkReevaluation(engine.db.prisma, { serviceCode: 'birth-allowance' }, { version: 6 }, { onProgress: (p, final) => reports.push({ ...p, final }) });
    expect(reports[0]).toEqual({ done: 0, evaluated: 0, failed: 0, total: 8, final: false });
    expect(reports.map((r) => r.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 8]);
    expect(reports.at(-1)).toEqual({ done: 8, evaluated: preview.evaluated, failed: preview.errors.length, total: 8, final: true });
    const capped: number[] = [];
    await previewBulkReevaluation(engine.db.prisma, { serviceCode: 'birth-allowance', limit: 3 }, { version: 6 }, { onProgress: (p) => capped.push(p.total) });
    expect(new Set(capped)).toEqual(new Set([3]));

    const stop = new AbortController();
    let furthest = 0;
    const stopped = await previewBulkReevaluation(engine.db.prisma, { serviceCode: 'birth-allowance' }, { version: 6 }, {
      signal: stop.signal,
      onProgress: (p) => {
        furthest = p.done;
        if (p.done === 2) stop.abort();
      },
    }).then(
      () => null,
      (e: Error) => e,
    );
    expect(stopped?.name).toBe('AbortError');
    expect(furthest).toBe(2);
  });

  it('writes nothing, and refuses what it cannot compare with a typed error', async () => {
    const snapshot = async () => {
      const p = engine.db.prisma;
      return [await p.case.findMany({ orderBy: { id: 'asc' } }), await p.decision.findMany({ orderBy: { id: 'asc' } }), await p.evaluation.count(), await p.evidence.count(), await p.auditEntry.count(), await p.caseEvent.count()];
    };
    const before = await snapshot();
    const id = [...cases.keys()][0]!;
    await reevaluateCase(engine.db.prisma, id, { version: 6 });
    await previewBulkReevaluation(engine.db.prisma, { serviceCode: 'birth-allowance' }, { version: 6 });
    expect(await snapshot()).toEqual(before);

    // The refusals speak the wire's language (lib/errors.ts): the codes the API returns as they are.
    const code = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof QyzmetError ? e.code : e));
    expect(await code(reevaluateCase(engine.db.prisma, 'c-missing', { version: 6 }))).toBe('NOT_FOUND');
    expect(await code(reevaluateCase(engine.db.prisma, id, { version: 9 }))).toBe('VERSION_NOT_FOUND');
    expect(await code(reevaluateCase(engine.db.prisma, jobLossCase, { definition: birthAllowanceV4() }))).toBe('SERVICE_MISMATCH');
    const invalid = await reevaluateCase(engine.db.prisma, id, { definition: { code: 'birth-allowance', version: 7 } }).then(() => null, (e: unknown) => e);
    expect(invalid).toBeInstanceOf(QyzmetError);
    expect(invalid).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'definition', code: 'invalid' }] });
  });

  it('runs as `npm run what-if` against PostgreSQL (DATABASE_URL), for one case and in bulk', async () => {
    const env = { ...process.env, DATABASE_URL: pgdb.url };
    const cli = (args: string[]) => exec(process.execPath, ['--import', 'tsx', 'scripts/what-if.ts', ...args], { cwd: PROJECT_ROOT, env });
    const bulk = await cli(['--service', 'birth-allowance', '--against-version', '6']);
    expect(bulk.stdout).toContain('What-if preview: 8 decided birth-allowance cases against v6 (DRAFT');
    // Its progress goes to stderr; stdout is the result alone, as without progress.
    expect(bulk.stdout).toBe(`${formatBulk(await previewBulkReevaluation(engine.db.prisma, { serviceCode: 'birth-allowance' }, { version: 6 }, { lang: 'en', examples: 5 }))}\n`);
    const progress = bulk.stderr.split('\n').filter((l) => l.startsWith('what-if:'));
    expect(progress[0]).toBe('what-if: 8 decided cases to re-evaluate');
    expect(progress.at(-1)).toMatch(/^what-if: 8\/8 cases in [\d.]+ s, [\d,]+ cases\/s$/);
    expect((await cli(['--service', 'birth-allowance', '--against-version', '6', '--quiet'])).stderr).not.toContain('what-if:');
    expect(bulk.stdout).toMatch(/outcomes that would change: +2 +\(ELIGIBLE → INELIGIBLE: 2\)/);
    // 6 × 38 + 63 = 291 MCI → 4 × 45 + 63 = 243 MCI, at 4 325 KZT
    expect(bulk.stdout).toMatch(/amounts that would change: +6 +\(4 up, 0 down; total 1,258,575 → 1,050,975 KZT, -207,600\)/);

    const file = path.join(inject('tempRoot'), `birth-allowance-v4-${process.pid}.json`);
    fs.writeFileSync(file, JSON.stringify(birthAllowanceV4()));
    const [unverified] = [...cases].find(([, b]) => b.mother === engine.dataset.personas.unverifiedBankAccount.iin)!;
    const one = await cli(['--case', unverified, '--against-file', file, '--lang', 'en']);
    expect(one.stdout).toMatch(/outcome +ELIGIBLE +INELIGIBLE +CHANGED/);
    expect(one.stdout).toMatch(/BA-05 +— +FAIL +CHANGED There is no verified bank account/);
    const json = JSON.parse((await cli(['--case', unverified, '--version', '6', '--json'])).stdout);
    expect(json.changes.outcome).toBe(true);
  });

  it('says in one line that the embedded database is in use (npm start holds it)', async () => {
    const dataDir = path.join(inject('tempRoot'), `busy-${process.pid}`);
    fs.cpSync(inject('pgliteTemplate'), path.join(dataDir, 'pglite'), { recursive: true });
    const held = await openDatabase({ DATABASE_URL: undefined, DATABASE_POOL_SIZE: 1, pgliteDir: path.join(dataDir, 'pglite') });
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
      delete env.DATABASE_URL;
      const r = await exec(process.execPath, ['--import', 'tsx', 'scripts/what-if.ts', '--service', 'birth-allowance', '--against-version', '6'], { cwd: PROJECT_ROOT, env }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(r?.code).toBe(1);
      expect(r!.stderr.trim()).toMatch(new RegExp(`^qyzmet what-if: The embedded database .* is in use by process ${process.pid} .*set DATABASE_URL`));
    } finally {
      await held.close();
    }
  });
});

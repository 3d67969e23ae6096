import { afterAll, beforeAll, it } from 'vitest';
import { startEngine, type Engine } from '../support/engine.ts';

let engine: Engine;
beforeAll(async () => { engine = await startEngine(); });
afterAll(async () => engine?.close());

it('explore', async () => {
  const p = engine.dataset.personas;
  const emp = engine.dataset.employment.get(p.recentlyLaidOff.iin) as any;
  const apps: [string, string, Record<string, unknown>][] = [
    ['newbornMother', 'birth-allowance', { childIin: p.newbornMother.childIin }],
    ['conflictingBirthRecord', 'birth-allowance', { childIin: p.conflictingBirthRecord.childIin }],
    ['twinsMother', 'birth-allowance', { childIin: p.twinsMother.childIins?.[0] }],
    ['highIncomeParent', 'childcare-allowance', { childIin: p.highIncomeParent.childIin }],
    ['recentlyLaidOff', 'job-loss-payment', { jobLossDate: emp?.jobLossDate }],
    ['largeFamilyParent', 'large-family-allowance', { confirmsCohabitation: true }],
    ['fourthChildMother', 'birth-allowance', { childIin: p.fourthChildMother.childIin }],
    ['notFoundEmployment', 'birth-allowance', { childIin: p.notFoundEmployment.childIin }],
    ['dismissedForMisconduct', 'job-loss-payment', { jobLossDate: (engine.dataset.employment.get(p.dismissedForMisconduct.iin) as any)?.jobLossDate }],
    ['unverifiedBankAccount', 'large-family-allowance', { confirmsCohabitation: true }],
  ];
  for (const [name, svc, app] of apps) {
    try {
      const id = await engine.startCase({ serviceCode: svc, applicantIin: p[name as 'newbornMother'].iin, application: app, timing: { slaMs: 60000 } });
      const s = await engine.waitFor(id, (s) => ['APPROVED', 'DENIED', 'PENDING_REVIEW', 'REJECTED'].includes(s.status), 30000);
      const ev = await engine.db.prisma.evaluation.findFirst({ where: { caseId: id } });
      console.log(name, svc, s.status, JSON.stringify(s.tasks.map(t => [t.department, t.role, t.reasons])), s.decision?.amount, ev?.amount, (ev?.result as any)?.amount?.total);
    } catch (e) { console.log(name, svc, 'ERR', (e as Error).message.slice(0, 300)); }
  }
}, 120000);

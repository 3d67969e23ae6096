/**
 * Applications no case of an engine has asked for yet. Entitlements pay each child's allowance
 * (and each job loss) once, so a test that wants a second approval needs a second child: each call
 * hands out the next one, the persona first, then people from the synthetic population who fit the
 * same description. Per engine (each has a database of its own), deterministic in order.
 */
import type { SyntheticDataset } from '../../registries/synthetic/dataset.ts';

export type Application = { serviceCode: string; applicantIin: string; application: Record<string, unknown> };

const daysBefore = (reference: string, date: string) => (Date.parse(reference) - Date.parse(date)) / 86_400_000;
const average = (amounts: number[]) => (amounts.length ? amounts.reduce((a, b) => a + b, 0) / 24 : 0);

function candidates(ds: SyntheticDataset) {
  const p = ds.personas;
  const personaPeople = new Set(Object.values(p).flatMap((x) => [x.iin, x.childIin, ...(x.childIins ?? []), x.spouseIin]).filter(Boolean));
  const verified = (iin: string) => ds.bankAccounts.get(iin)?.verified === true;
  const alive = (iin: string) => !(ds.persons.get(iin) as { deceased?: boolean } | undefined)?.deceased;
  const births = [...ds.births.values()].filter((b) => !personaPeople.has(b.childIin) && !personaPeople.has(b.motherIin));

  const birth: Application[] = [
    { serviceCode: 'birth-allowance', applicantIin: p.newbornMother.iin, application: { childIin: p.newbornMother.childIin } },
    ...births
      .filter((b) => { const d = daysBefore(ds.referenceDate, b.birthDate); return d > 0 && d < 300 && b.birthOrder < 4 && verified(b.motherIin) && alive(b.motherIin); })
      .map((b) => ({ serviceCode: 'birth-allowance', applicantIin: b.motherIin, application: { childIin: b.childIin } })),
  ];
  // A childcare total above the four-eyes threshold: 40 % of a 24-month average well above 420 000.
  const fourEyes: Application[] = [
    { serviceCode: 'childcare-allowance', applicantIin: p.highIncomeParent.iin, application: { childIin: p.highIncomeParent.childIin } },
    ...births.flatMap((b) =>
      [b.motherIin, b.fatherIin]
        .filter((parent): parent is string => {
          if (!parent || personaPeople.has(parent) || !verified(parent)) return false;
          const d = daysBefore(ds.referenceDate, b.birthDate);
          return d > 0 && d < 480 && average((ds.income.get(parent)?.monthly ?? []).slice(0, 24).map((m) => m.amount)) > 520_000;
        })
        .slice(0, 1)
        .map((parent) => ({ serviceCode: 'childcare-allowance', applicantIin: parent, application: { childIin: b.childIin } })),
    ),
  ];
  const jobLoss: Application[] = [p.recentlyLaidOff.iin, ...[...ds.employment.values()].filter((e) => !personaPeople.has(e.iin) && e.jobLossDate && daysBefore(ds.referenceDate, e.jobLossDate) > 0 && daysBefore(ds.referenceDate, e.jobLossDate) < 60 && (e.jobLossReason === 'LAYOFF' || e.jobLossReason === 'LIQUIDATION') && e.contributions.length >= 24 && verified(e.iin)).map((e) => e.iin)].map((iin) => ({
    serviceCode: 'job-loss-payment',
    applicantIin: iin,
    application: { jobLossDate: ds.employment.get(iin)!.jobLossDate },
  }));
  return { birth, fourEyes, jobLoss };
}

export interface FreshApplicants {
  /** A birth allowance approved automatically. */
  birth(): Application;
  /** A childcare allowance whose total needs two officers. */
  fourEyes(): Application;
  /** A job-loss payment approved automatically unless its registry is down. */
  jobLoss(): Application;
}

const perEngine = new WeakMap<object, FreshApplicants>();

export function freshApplicants(engine: { dataset: SyntheticDataset }): FreshApplicants {
  let fresh = perEngine.get(engine);
  if (!fresh) {
    const lists = candidates(engine.dataset);
    const next = (name: keyof typeof lists) => {
      let i = 0;
      return () => {
        const app = lists[name][i++];
        if (!app) throw new Error(`the synthetic population has no more fresh ${name} applicants (${lists[name].length} used)`);
        return app;
      };
    };
    fresh = { birth: next('birth'), fourEyes: next('fourEyes'), jobLoss: next('jobLoss') };
    perEngine.set(engine, fresh);
  }
  return fresh;
}

/**
 * People of the synthetic population who fit a persona's description, for as many applications as
 * a test or a demo needs: entitlements pay each child's allowance (and each job loss) once, so a
 * second approval needs a second child. The persona comes first; the order is deterministic.
 */
import type { SyntheticDataset } from './dataset.ts';

export type Application = { serviceCode: string; applicantIin: string; application: Record<string, unknown> };

const daysBefore = (reference: string, date: string) => (Date.parse(reference) - Date.parse(date)) / 86_400_000;

/** Applicants by kind, the persona first, then people of the population who fit the same description. */
export function applicantCandidates(ds: SyntheticDataset): { birth: Application[]; fourEyes: Application[]; childcare: Application[]; jobLoss: Application[] } {
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
  // A childcare total above the four-eyes threshold (3 000 000 over 18 months): 40 % of the
  // average income of the 24 months before the birth above 420 000, a child under a year.
  const averageBefore = (iin: string, birthDate: string) => {
    const birthMonth = birthDate.slice(0, 7);
    const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
    const window = (ds.income.get(iin)?.monthly ?? []).filter((m) => m.month < birthMonth && index(birthMonth) - index(m.month) <= 24);
    return window.reduce((sum, m) => sum + m.amount, 0) / 24;
  };
  const fourEyes: Application[] = [
    { serviceCode: 'childcare-allowance', applicantIin: p.highIncomeParent.iin, application: { childIin: p.highIncomeParent.childIin } },
    ...births.flatMap((b) =>
      [b.motherIin, b.fatherIin]
        .filter((parent): parent is string => {
          if (!parent || personaPeople.has(parent) || !verified(parent)) return false;
          const d = daysBefore(ds.referenceDate, b.birthDate);
          return d > 0 && d < 330 && 0.4 * averageBefore(parent, b.birthDate) * 18 > 3_300_000;
        })
        .slice(0, 1)
        .map((parent) => ({ serviceCode: 'childcare-allowance', applicantIin: parent, application: { childIin: b.childIin } })),
    ),
  ];
  // A childcare allowance decided automatically and paid for the full 18 months: a child under
  // eleven months, a parent the employment and income registries know, a total well below four-eyes.
  const childcare: Application[] = births.flatMap((b) =>
    [b.motherIin, b.fatherIin]
      .filter((parent): parent is string => {
        if (!parent || personaPeople.has(parent) || !verified(parent) || !alive(parent) || !ds.employment.has(parent) || !ds.income.has(parent)) return false;
        if (ds.unreachable.has(parent) || ds.unreachable.has(b.childIin)) return false;
        const d = daysBefore(ds.referenceDate, b.birthDate);
        return d > 0 && d < 330 && b.registeredAt <= ds.referenceDate && 0.4 * averageBefore(parent, b.birthDate) * 18 < 2_700_000;
      })
      .slice(0, 1)
      .map((parent) => ({ serviceCode: 'childcare-allowance', applicantIin: parent, application: { childIin: b.childIin } })),
  );
  const jobLoss: Application[] = [p.recentlyLaidOff.iin, ...[...ds.employment.values()].filter((e) => !personaPeople.has(e.iin) && e.jobLossDate && daysBefore(ds.referenceDate, e.jobLossDate) > 0 && daysBefore(ds.referenceDate, e.jobLossDate) < 60 && (e.jobLossReason === 'LAYOFF' || e.jobLossReason === 'LIQUIDATION') && e.contributions.length >= 24 && verified(e.iin)).map((e) => e.iin)].map((iin) => ({
    serviceCode: 'job-loss-payment',
    applicantIin: iin,
    application: { jobLossDate: ds.employment.get(iin)!.jobLossDate },
  }));
  return { birth, fourEyes, childcare, jobLoss };
}


/**
 * Employment, income, bank and disability records. Plans are drawn for everyone who has none
 * yet (personas get theirs first), then turned into registry records over a 60-month horizon
 * ending with the month before the reference date.
 */
import { computeCheckDigit } from '../../lib/iin.ts';
import type { ContributionMonth, EmploymentRecord, IsoMonth } from '../types.ts';
import type { BankPlan, DatasetBuilder, DisabilityPlan, WorkPlan } from './builder.ts';
import { addDays, addMonthsToMonth, addYears, monthOf, monthsBetween } from './calendar.ts';
import type { Rng } from './prng.ts';

export const HORIZON_MONTHS = 60;

/**
 * Approximations of the minimum monthly wage (KZT) and the social-contribution rate by year.
 * Synthetic data only: realistic orders of magnitude, not figures for any rule to rely on.
 */
function minimumWage(month: IsoMonth): number {
  const year = Number(month.slice(0, 4));
  return year >= 2024 ? 85_000 : year === 2023 ? 70_000 : year === 2022 ? 60_000 : 42_500;
}
function contributionRate(month: IsoMonth): number {
  return Number(month.slice(0, 4)) >= 2025 ? 0.05 : 0.035;
}

export function contributionFor(month: IsoMonth, income: number): number {
  const mw = minimumWage(month);
  return Math.round(Math.min(Math.max(income, mw), 7 * mw) * contributionRate(month));
}

/** Typical monthly income: log-normal around 320 000 KZT. */
export function randomIncome(rng: Rng): number {
  return Math.round(Math.min(3_500_000, Math.max(90_000, Math.exp(rng.normal(Math.log(320_000), 0.5)))) / 1000) * 1000;
}

function makeBin(rng: Rng): string {
  for (;;) {
    // YYMM of registration, 4 = resident legal entity, 0 = head office, 5-digit serial.
    const first11 = `${String(rng.int(95, 123) % 100).padStart(2, '0')}${String(rng.int(1, 12)).padStart(2, '0')}40${String(rng.int(0, 99_999)).padStart(5, '0')}`;
    const check = computeCheckDigit(first11);
    if (check !== null) return first11 + check;
  }
}

const BANKS = [
  { code: '722', bic: 'CASPKZKA', weight: 0.4 },
  { code: '601', bic: 'HSBKKZKX', weight: 0.3 },
  { code: '856', bic: 'KCJBKZKX', weight: 0.1 },
  { code: '965', bic: 'IRTYKZKA', weight: 0.08 },
  { code: '998', bic: 'TSESKZKA', weight: 0.07 },
  { code: '551', bic: 'KSNVKZKA', weight: 0.05 },
] as const;

/** ISO 13616 check digits: move "KZ00" to the end, letters to numbers, 98 − (n mod 97). */
export function ibanCheckDigits(countryCode: string, bban: string): string {
  const numeric = (bban + countryCode + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

function makeIban(rng: Rng): { iban: string; bic: string } {
  const bank = rng.weighted(BANKS.map((b) => [b, b.weight] as const));
  const account = rng.chance(0.3) ? `KZT${String(rng.int(0, 9_999_999)).padStart(10, '0')}` : String(rng.int(0, 9_999_999)).padStart(7, '0') + String(rng.int(0, 999_999)).padStart(6, '0');
  const bban = bank.code + account;
  return { iban: `KZ${ibanCheckDigits('KZ', bban)}${bban}`, bic: bank.bic };
}

function randomWorkPlan(b: DatasetBuilder, rng: Rng, iin: string): WorkPlan {
  const ref = b.referenceDate;
  const age = b.ageOf(iin);
  if (age >= 63) return rng.chance(0.15) ? { kind: 'steady', income: randomIncome(rng) } : { kind: 'retired' };
  if (b.inFullTimeEducation.get(iin)) {
    return rng.chance(0.3) ? { kind: 'sparse', income: rng.int(90, 200) * 1000, months: rng.int(2, 8) } : { kind: 'never' };
  }
  const kind = rng.weighted([['steady', 0.66], ['selfEmployed', 0.08], ['recentLoss', 0.06], ['oldLoss', 0.04], ['sparse', 0.06], ['never', 0.09], ['noRecord', 0.01]] as const);
  const income = randomIncome(rng);
  const reason = () => rng.weighted([['LAYOFF', 0.35], ['LIQUIDATION', 0.15], ['CONTRACT_END', 0.25], ['OWN_WISH', 0.2], ['MISCONDUCT', 0.05]] as const);
  switch (kind) {
    case 'steady':
      return { kind, income, startMonthsAgo: rng.chance(0.7) ? HORIZON_MONTHS : rng.int(12, HORIZON_MONTHS) };
    case 'selfEmployed':
      return { kind, income: Math.min(income, 400_000) };
    case 'recentLoss':
      return { kind: 'jobLoss', income, lossDate: addDays(ref, -rng.int(5, 180)), reason: reason(), contributionMonths: rng.int(6, 54) };
    case 'oldLoss':
      return { kind: 'jobLoss', income, lossDate: addDays(ref, -rng.int(200, 900)), reason: reason(), contributionMonths: rng.int(6, 30) };
    case 'sparse':
      return { kind, income: Math.min(income, 300_000), months: rng.int(1, 8) };
    case 'never':
      return { kind };
    case 'noRecord':
      return { kind };
  }
}

/** Draws plans for every adult that has none, then writes the four registries' records. */
export function buildEconomics(b: DatasetBuilder): void {
  const rng = b.rng.fork('economics');
  const employers = Array.from({ length: 80 }, () => makeBin(rng));
  const refMonth = monthOf(b.referenceDate);
  // Month names by months-ago, computed once: formatting them per person dominated the run time.
  const monthsAgo = Array.from({ length: HORIZON_MONTHS + 1 }, (_, k) => addMonthsToMonth(refMonth, -k));

  for (const person of b.persons.values()) {
    const adult = b.ageOf(person.iin) >= 18;
    if (!b.workPlans.has(person.iin) && adult) {
      b.workPlans.set(person.iin, person.deceased ? { kind: 'retired' } : randomWorkPlan(b, rng, person.iin));
    }
    // Personas' households keep to what their description promises: no accidental gaps.
    const scripted = b.scripted.has(person.iin);
    if (!b.bankPlans.has(person.iin)) {
      const plan: BankPlan = !adult || person.deceased ? 'none' : scripted ? 'verified' : rng.weighted([['verified', 0.9], ['unverified', 0.06], ['none', 0.04]] as const);
      b.bankPlans.set(person.iin, plan);
    }
    if (!scripted && !b.disabilityPlans.has(person.iin) && rng.chance(adult ? 0.025 : 0.015)) {
      b.disabilityPlans.set(
        person.iin,
        adult
          ? { group: rng.pick([1, 2, 3] as const), childDisability: false, validUntil: rng.chance(0.3) ? null : addDays(b.referenceDate, rng.int(60, 1100)) }
          : { group: null, childDisability: true, validUntil: addYears(person.birthDate, 18) },
      );
    }
  }

  for (const [iin, plan] of b.workPlans) writeWork(b, rng, employers, monthsAgo, iin, plan);
  for (const [iin, plan] of b.bankPlans) writeBank(b, rng, iin, plan);
  for (const [iin, plan] of b.disabilityPlans) writeDisability(b, iin, plan);
}

/** Monthly incomes by months-ago (1 = the month before the reference month). */
function incomeMonths(rng: Rng, plan: WorkPlan, monthsAgo: readonly IsoMonth[]): Map<number, number> {
  const refMonth = monthsAgo[0]!;
  const months = new Map<number, number>();
  const employedSpan = (from: number, to: number, income: number) => {
    // Incomes grow about 8% a year towards today's level, with small month-to-month noise.
    for (let k = Math.min(from, HORIZON_MONTHS); k >= Math.max(to, 1); k--) {
      const base = income / Math.pow(1.08, k / 12);
      const bonus = monthsAgo[k]!.endsWith('-12') && rng.chance(0.3) ? 1.5 : 1;
      months.set(k, Math.round((base * bonus * (1 + rng.normal(0, 0.03))) / 100) * 100);
    }
  };
  switch (plan.kind) {
    case 'steady': {
      employedSpan(plan.startMonthsAgo ?? HORIZON_MONTHS, 1, plan.income);
      // A change of employer sometimes leaves a gap of a month or two.
      if (!plan.continuous && rng.chance(0.25)) for (let k = rng.int(6, 50), n = rng.int(1, 2); n > 0; k++, n--) months.delete(k);
      break;
    }
    case 'jobLoss':
    case 'deceased': {
      const endDate = plan.kind === 'jobLoss' ? plan.lossDate : plan.deathDate;
      const last = monthsBetween(monthOf(endDate), refMonth) + 1;
      const count = plan.kind === 'jobLoss' ? plan.contributionMonths : HORIZON_MONTHS;
      employedSpan(last + count - 1, last, plan.income);
      break;
    }
    case 'selfEmployed':
      employedSpan(rng.int(24, HORIZON_MONTHS), 1, plan.income);
      for (const k of [...months.keys()]) if (rng.chance(0.1)) months.delete(k);
      break;
    case 'sparse':
      employedSpan(plan.months, 1, plan.income);
      break;
    case 'noRecord':
      if (plan.income) employedSpan(HORIZON_MONTHS, 1, plan.income);
      break;
    case 'never':
    case 'retired':
      break;
  }
  return months;
}

function writeWork(b: DatasetBuilder, rng: Rng, employers: string[], monthsAgo: readonly IsoMonth[], iin: string, plan: WorkPlan): void {
  const months = incomeMonths(rng, plan, monthsAgo);
  const monthly = Array.from({ length: HORIZON_MONTHS }, (_, i) => ({ month: monthsAgo[i + 1]!, amount: months.get(i + 1) ?? 0 }));
  b.income.set(iin, { iin, monthly });
  if (plan.kind === 'noRecord') return;

  // Employers: one per run of consecutive months, so a gap usually means a change of job.
  const employerOf = new Map<number, string>();
  let current = rng.pick(employers);
  for (let k = HORIZON_MONTHS; k >= 1; k--) {
    if (!months.has(k)) {
      if (months.has(k + 1) && rng.chance(0.7)) current = rng.pick(employers);
      continue;
    }
    employerOf.set(k, plan.kind === 'selfEmployed' ? iin : current);
  }
  const contributions: ContributionMonth[] = [];
  monthly.forEach((m, i) => {
    const employerBin = employerOf.get(i + 1);
    if (m.amount > 0 && employerBin) contributions.push({ month: m.month, amount: contributionFor(m.month, m.amount), employerBin });
  });

  const status: EmploymentRecord['status'] =
    plan.kind === 'steady' || plan.kind === 'sparse' ? 'EMPLOYED' : plan.kind === 'selfEmployed' ? 'SELF_EMPLOYED' : plan.kind === 'never' ? 'NEVER_EMPLOYED' : 'UNEMPLOYED';
  b.employment.set(iin, {
    iin,
    status,
    lastEmployerBin: contributions[0]?.employerBin ?? null,
    jobLossDate: plan.kind === 'jobLoss' ? plan.lossDate : null,
    jobLossReason: plan.kind === 'jobLoss' ? plan.reason : null,
    contributions,
  });
}

function writeBank(b: DatasetBuilder, rng: Rng, iin: string, plan: BankPlan): void {
  if (plan === 'none') return;
  const { iban, bic } = makeIban(rng);
  b.bankAccounts.set(iin, { iin, iban, bankBic: bic, verified: plan === 'verified' });
}

function writeDisability(b: DatasetBuilder, iin: string, plan: DisabilityPlan): void {
  b.disability.set(iin, { iin, ...plan });
}

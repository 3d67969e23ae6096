/**
 * `npm run amounts`: every service × case — the 1st, 2nd, 3rd, 4th and 8th child; an insured and
 * an uninsured mother; a 2025 and a 2026 birth — with the amount the platform's own evaluation
 * (services/rules.ts, on the version the platform selects for the application) would sign, beside
 * the hand computation from the published figures (MCI 3,932 in 2025 and 4,325 in 2026, minimum
 * wage 85,000; the DOMAIN figures). A row whose two amounts differ is marked ✗ and the command
 * exits 1.
 *
 * The mother: insured = 24 months of contributions on an average income of 300,000 a month;
 * uninsured = none. The Nth child makes N children under 18 at her address (large family).
 * Job loss does not depend on the child: it is shown once a year for her own job loss.
 */
import { catalogHistory } from '../services/catalog/index.ts';
import { selectVersionForApplication } from '../services/registry.ts';
import { evaluateService } from '../services/rules.ts';
import type { EvidenceItem } from '../services/result.ts';
import { MOTHER, bank, birth, child, contributions, employment, flatIncome, found, iin, income, months, person } from '../services/testing/fixtures.ts';

const DEFINITIONS = catalogHistory;
const MCI: Record<number, number> = { 2025: 3_932, 2026: 4_325 };
const MIN_WAGE = 85_000;
const AVERAGE = 300_000;
const ORDERS = [1, 2, 3, 4, 8];
const STATE_CHILDCARE_MCI = (order: number) => (order === 1 ? 5.76 : order === 2 ? 6.81 : order === 3 ? 7.85 : 8.9);
const LARGE_FAMILY_MCI = (n: number) => (n >= 8 ? 4 * n : ({ 4: 16.03, 5: 20.04, 6: 24.05, 7: 28.06 } as Record<number, number>)[n] ?? null);
const round2 = (x: number) => Math.round(x * 100) / 100;

interface Row {
  service: string;
  case: string;
  version: string;
  signed: string;
  hand: string;
  formula: string;
  ok: boolean;
}

/** The evaluation the platform runs for this application on this date, with this evidence. */
function evaluate(code: string, application: Record<string, unknown>, asOf: string, evidence: Record<string, EvidenceItem>) {
  const { definition } = selectVersionForApplication(DEFINITIONS, code, application, asOf);
  const result = evaluateService(definition, { application, applicant: { iin: MOTHER }, asOf, evidence }, 'en');
  return { version: `v${definition.version}`, result };
}

const kzt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

function row(service: string, name: string, code: string, application: Record<string, unknown>, asOf: string, evidence: Record<string, EvidenceItem>, hand: number | null, formula: string): Row {
  const { version, result } = evaluate(code, application, asOf, evidence);
  const signed = result.outcome === 'ELIGIBLE' ? (result.amount?.value ?? null) : null;
  const shown = result.outcome === 'ELIGIBLE' ? kzt(signed) : `${result.outcome} (${result.failedRules.join(', ') || result.escalationReasons.join(', ')})`;
  return { service, case: name, version, signed: shown, hand: kzt(hand), formula, ok: signed === hand };
}

const rows: Row[] = [];
for (const year of [2025, 2026]) {
  const born = `${year}-03-10`;
  const asOf = `${year}-03-20`;
  const window = months(`${year}-02`, 24);
  const mci = MCI[year]!;
  for (const order of ORDERS) {
    const childIin = iin(born, 'F', 5);
    for (const insured of [true, false]) {
      const name = `${year} birth, child ${order}, ${insured ? 'insured' : 'uninsured'} mother`;
      const evidence: Record<string, EvidenceItem> = {
        birth: found(birth(childIin, born, { birthOrder: order })),
        person: found(person(MOTHER)),
        bank: found(bank(MOTHER)),
        income: found(insured ? flatIncome(MOTHER, window, AVERAGE) : income(MOTHER, [])),
        employment: found(employment(MOTHER, { contributions: contributions(insured ? window : []) })),
        // The Nth child: N children under 18 at her address, the newest this one.
        children: found(Array.from({ length: order }, (_, i) => (i === order - 1 ? child(born, { birthOrder: order }) : child(`${2008 + i}-05-01`, { birthOrder: i + 1 })))),
      };
      const baMci = order >= 4 ? 63 : 38;
      rows.push(row('birth-allowance', name, 'birth-allowance', { childIin }, asOf, evidence, round2(baMci * mci), `${baMci} MCI × ${mci}`));
      if (insured) {
        const share = round2(0.4 * AVERAGE);
        const floor = round2(STATE_CHILDCARE_MCI(order) * mci);
        const cap = round2(0.4 * 7 * MIN_WAGE);
        rows.push(row('childcare-allowance', name, 'childcare-allowance', { childIin }, asOf, evidence, Math.min(Math.max(share, floor), cap), `40% × ${AVERAGE} (floor ${floor}, cap ${cap}) a month`));
      } else {
        rows.push(row('childcare-allowance', name, 'childcare-allowance', { childIin }, asOf, evidence, round2(STATE_CHILDCARE_MCI(order) * mci), `${STATE_CHILDCARE_MCI(order)} MCI × ${mci} a month (state allowance)`));
      }
      const lf = LARGE_FAMILY_MCI(order);
      rows.push(row('large-family-allowance', name, 'large-family-allowance', {}, asOf, evidence, lf === null ? null : round2(lf * mci), lf === null ? 'fewer than 4 children: not entitled' : `${lf} MCI × ${mci} a month${order >= 8 ? ` (4 MCI × ${order} children)` : ''}`));
    }
  }
  // Job loss: her own laid-off job (24 contribution months → 3 months of payment).
  const lost = `${year}-03-05`;
  for (const insured of [true, false]) {
    const record = employment(MOTHER, { status: 'UNEMPLOYED', jobLossDate: lost, jobLossReason: 'LAYOFF', contributions: contributions(insured ? window : []) });
    const evidence = { employment: found(record), income: found(insured ? flatIncome(MOTHER, window, AVERAGE) : income(MOTHER, [])), person: found(person(MOTHER)), bank: found(bank(MOTHER)) };
    rows.push(
      row('job-loss-payment', `${year} job loss, ${insured ? 'insured (24 contribution months)' : 'uninsured (no contributions)'}`, 'job-loss-payment', { jobLossDate: lost, registrationDate: asOf }, asOf, evidence, insured ? round2(0.45 * AVERAGE) : null, insured ? `45% × ${AVERAGE} a month` : 'no contributions: not entitled'),
    );
  }
}

const head = ['service', 'case', 'version', 'Qyzmet signs (KZT)', 'by hand (KZT)', 'hand computation', ''];
const body = rows.map((r) => [r.service, r.case, r.version, r.signed, r.hand, r.formula, r.ok ? '✓' : '✗']);
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log([line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n'));
const wrong = rows.filter((r) => !r.ok);
console.log(`\n${rows.length} rows, ${wrong.length} differ from the hand computation`);
if (wrong.length) process.exitCode = 1;

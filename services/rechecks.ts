/**
 * Scheduled re-checks of a monthly entitlement: when, after the grant, the platform fetches the
 * evidence again and re-evaluates the family with the rules of the version in force on that date.
 * A service declares them as data beside its versions (like its entitlement declaration), each
 * with its source or marked unverified, so a published definition and its hash stay untouched.
 *
 *   every:      a re-check each N months from the legal fact (a practice, not always a law);
 *   milestones: a date read from the evidence — a child's birthday of a given age — on which the
 *               family may stop counting the child, so the family is re-evaluated that day.
 *
 * Only re-checks that fall inside the granted months are planned: one after the last month would
 * re-check a grant already run out (a renewal, which is not this).
 */
import { addMonths, compareDates } from '../lib/dates.ts';
import type { LegalBasis, LocalizedText } from './definition.ts';

export interface RecheckMilestone {
  /** Names the milestone in re-check keys and records: e.g. CHILD_TURNS_18. */
  id: string;
  /** The evidence list read (e.g. `children`) and the field of each entry holding a birth date. */
  evidence: string;
  birthDateField: string;
  /** The age, in whole years, whose birthday is the milestone. */
  ageYears: number;
  /** Only entries whose boolean field is true (e.g. the 23rd birthday of a child in full-time education). */
  onlyIfField?: string;
  text: LocalizedText;
  legalBasis: LegalBasis;
}

export interface RecheckDeclaration {
  /** A periodic re-check, in months from the legal fact; null when the service has none. */
  every: { months: number; legalBasis: LegalBasis } | null;
  milestones: RecheckMilestone[];
  description: string;
}

export interface PlannedRecheck {
  /** Unique per entitlement: `PERIODIC-<n>` or `<milestone id>-<date>`. */
  key: string;
  trigger: 'PERIODIC' | 'MILESTONE';
  /** The date the family is re-evaluated on (YYYY-MM-DD). */
  asOf: string;
}

/**
 * The re-checks of a grant that starts on `from` and runs `months` months, in date order: the
 * periodic ones, and each milestone date the evidence gives that falls after `from` and before
 * the grant's end. Two milestones on one day are one re-check.
 */
export function planRechecks(declaration: RecheckDeclaration, grant: { from: string; months: number }, evidence: Record<string, unknown>): PlannedRecheck[] {
  const end = addMonths(grant.from, grant.months);
  const inside = (date: string) => compareDates(date, grant.from) > 0 && compareDates(date, end) < 0;
  const planned = new Map<string, PlannedRecheck>();
  if (declaration.every) {
    for (let n = 1; n * declaration.every.months < grant.months; n++) {
      const asOf = addMonths(grant.from, n * declaration.every.months);
      planned.set(asOf, { key: `PERIODIC-${n}`, trigger: 'PERIODIC', asOf });
    }
  }
  for (const m of declaration.milestones) {
    const entries = evidence[m.evidence];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as Record<string, unknown>[]) {
      const born = entry?.[m.birthDateField];
      if (typeof born !== 'string') continue;
      if (m.onlyIfField && entry[m.onlyIfField] !== true) continue;
      const asOf = addMonths(born, 12 * m.ageYears);
      if (inside(asOf) && !planned.has(asOf)) planned.set(asOf, { key: `${m.id}-${asOf}`, trigger: 'MILESTONE', asOf });
    }
  }
  return [...planned.values()].sort((a, b) => compareDates(a.asOf, b.asOf));
}

/** How a re-checked amount compares with what is paid: the same band, better, worse, or no longer eligible. */
export type RecheckOutcome = 'SAME' | 'HIGHER' | 'LOWER' | 'INELIGIBLE';

export function compareRecheck(current: number, eligible: boolean, amount: number | null): RecheckOutcome {
  if (!eligible || amount === null) return 'INELIGIBLE';
  const diff = Math.round((amount - current) * 100);
  return diff === 0 ? 'SAME' : diff > 0 ? 'HIGHER' : 'LOWER';
}

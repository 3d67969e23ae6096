/**
 * Indexation of a monthly benefit defined in MCI: each period is paid at the MCI in force on the
 * day it falls due, by the formula (multipliers, floor, cap) of the service version that decided.
 * The MCI is a dated parameter of the catalog, fixed each year by the budget law; a later version
 * of the same service may carry a year the deciding one did not know yet, so the newest version
 * that has a value for the period's date gives it.
 *
 * When no version has an MCI for the period's date, none is invented: the period is paid at the
 * last MCI in force and its indexation is PROVISIONAL, so that it shows (and can be corrected once
 * the budget law's figure is in the catalog).
 *
 * A benefit whose amount does not read the MCI (an income-based payment), a one-time benefit, or a
 * decision whose amount cannot be computed again from its evaluation keeps the decided amount.
 */
import type { ParameterValue, ServiceDefinition, Source } from './definition.ts';
import type { EvaluationResult } from './result.ts';
import { amountInContext } from './rules.ts';
import { compiledOf } from './compiled.ts';

/** The dated parameter that indexes amounts. */
export const INDEXING_PARAMETER = 'mci';

/** INDEXED: the MCI of the period's year is in the catalog; PROVISIONAL: it is not, the last one in force was used. */
export const INDEXATION_STATUSES = ['INDEXED', 'PROVISIONAL'] as const;
export type IndexationStatus = (typeof INDEXATION_STATUSES)[number];

/** Which MCI a period was paid at, and where that figure comes from. */
export interface PeriodIndexation {
  status: IndexationStatus;
  parameter: typeof INDEXING_PARAMETER;
  /** The day the period falls due: the MCI in force on it was looked for. */
  onDate: string;
  /** The year and value of the MCI used, and the day it took effect. */
  year: number;
  value: number;
  from: string;
  verified: boolean;
  source: Source | null;
  /** The version of the service whose dated parameter gave the value. */
  serviceVersion: number;
  /** The amount the decision signed and the MCI it was computed at. */
  decidedAmount: number;
  decidedMci: number;
  /** Why the indexation is provisional (absent when INDEXED). */
  note?: string;
}

export interface IndexedAmount {
  value: number;
  indexation: PeriodIndexation;
}

/** Whether the decision's amount (formula, floor or cap) reads the MCI. */
export function amountReadsMci(def: ServiceDefinition): boolean {
  const c = compiledOf(def);
  return [c.amount, c.floor, c.cap].some((e) => e && (e.refs.wholeParams || e.refs.params.includes(INDEXING_PARAMETER)));
}

/** Whether an amount expression can be computed from a stored evaluation alone (no evidence or application). */
function computableFromEvaluation(def: ServiceDefinition): boolean {
  const c = compiledOf(def);
  return [c.amount, c.floor, c.cap].every((e) => !e || (!e.refs.wholeEvidence && e.refs.evidence.length === 0 && e.refs.application.length === 0));
}

const covers = (v: ParameterValue, date: string) => v.from <= date && (v.to === undefined || date <= v.to);
const valuesOf = (def: ServiceDefinition) => def.parameters.find((p) => p.name === INDEXING_PARAMETER)?.values ?? [];

/**
 * The MCI in force on a date: from the newest of the versions given that has one for it; else the
 * last one in force before it (PROVISIONAL); null when none took effect before the date at all.
 */
export function mciOn(versions: readonly ServiceDefinition[], date: string): { status: IndexationStatus; value: ParameterValue; version: number } | null {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  for (const def of newestFirst) {
    const v = valuesOf(def).find((x) => covers(x, date));
    if (v) return { status: 'INDEXED', value: v, version: def.version };
  }
  let last: { value: ParameterValue; version: number } | null = null;
  for (const def of newestFirst) {
    for (const v of valuesOf(def)) if (v.from <= date && (!last || v.from > last.value.from)) last = { value: v, version: def.version };
  }
  return last ? { status: 'PROVISIONAL', ...last } : null;
}

export interface IndexationInput {
  /** The version that decided (its formula and multipliers). */
  decided: ServiceDefinition;
  /** Later published versions of the same service (their MCI values only are read). */
  later: readonly ServiceDefinition[];
  evaluation: Pick<EvaluationResult, 'params' | 'derived' | 'legalFactDate' | 'asOf'>;
  /** The monthly amount the decision signed. */
  decidedAmount: number;
  /** The day the period falls due. */
  onDate: string;
}

/** The period's amount at the MCI in force on its date; null when the decided amount stands (see the file's comment). */
export function indexedPeriodAmount(input: IndexationInput): IndexedAmount | null {
  const { decided, evaluation } = input;
  if (!amountReadsMci(decided) || !computableFromEvaluation(decided)) return null;
  const decidedMci = evaluation.params[INDEXING_PARAMETER];
  if (typeof decidedMci !== 'number') return null;
  const derived = Object.fromEntries(evaluation.derived.filter((d) => d.status === 'OK').map((d) => [d.name, d.value]));
  const at = (mci: number) => {
    const r = amountInContext(decided, { params: { ...evaluation.params, [INDEXING_PARAMETER]: mci }, derived, legalFactDate: evaluation.legalFactDate, today: evaluation.asOf });
    return 'cause' in r ? null : r.value;
  };
  // The formula must give back what was signed at the decision's MCI; otherwise the decided amount stands.
  const again = at(decidedMci);
  if (again === null || Math.abs(again - input.decidedAmount) > 0.005) return null;
  const mci = mciOn([decided, ...input.later.filter((d) => d.code === decided.code && d.version > decided.version)], input.onDate);
  if (!mci) return null;
  const value = at(mci.value.value);
  if (value === null) return null;
  const year = Number(mci.value.from.slice(0, 4));
  return {
    value,
    indexation: {
      status: mci.status,
      parameter: INDEXING_PARAMETER,
      onDate: input.onDate,
      year,
      value: mci.value.value,
      from: mci.value.from,
      verified: mci.value.verified ?? false,
      source: mci.value.source ?? null,
      serviceVersion: mci.version,
      decidedAmount: input.decidedAmount,
      decidedMci,
      ...(mci.status === 'PROVISIONAL'
        ? { note: `the catalog has no MCI in force on ${input.onDate}: paid at the last one in force (${year}: ${mci.value.value}) until the budget law's figure is in the catalog` }
        : {}),
    },
  };
}

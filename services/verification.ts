/**
 * What in a definition has been checked against the law in force. Every legal basis (each rule's,
 * and the amount formula's) and every dated parameter value carries `verified` and the source it
 * was checked in; this lists them under a path a reviewer can find. Validation, publication and
 * evaluation all read the same list.
 */
import type { LegalBasis, ParameterValue, ServiceDefinition, Source } from './definition.ts';

export interface Verifiable {
  /** Where it is in the definition, e.g. `rules[BA-03].legalBasis`, `parameters[mci].values[2026-01-01]`. */
  path: string;
  verified: boolean;
  source: Source | null;
}

const entry = (path: string, x: LegalBasis | ParameterValue): Verifiable => ({ path, verified: x.verified === true, source: x.source ?? null });

export function parameterValuePath(name: string, value: ParameterValue): string {
  return `parameters[${name}].values[${value.from}]`;
}

export function verifiable(def: ServiceDefinition): Verifiable[] {
  const items = def.rules.map((r) => entry(`rules[${r.id}].legalBasis`, r.legalBasis));
  // An amount formula that cites nothing is as unverified as one that cites a placeholder.
  items.push(def.decision.legalBasis ? entry('decision.legalBasis', def.decision.legalBasis) : { path: 'decision.legalBasis', verified: false, source: null });
  for (const p of def.parameters) for (const v of p.values) items.push(entry(parameterValuePath(p.name, v), v));
  return items;
}

/** Paths of everything in the definition that is not verified (empty when all of it is). */
export function unverifiedContent(def: ServiceDefinition): string[] {
  return verifiable(def)
    .filter((v) => !v.verified)
    .map((v) => v.path);
}

/** A legal basis as evaluations and signed decisions cite it: `verified` always stated. */
export type CitedLegalBasis = LegalBasis & { verified: boolean };

export function cite(basis: LegalBasis): CitedLegalBasis {
  return { ...basis, verified: basis.verified === true };
}

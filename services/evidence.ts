/**
 * Which registry queries a case needs, with their parameters resolved from the applicant, the
 * application and the legal-fact date. The workflow calls this (through an activity or directly:
 * it is pure) to know what to fetch in parallel before evaluating the rules.
 */
import type { QueryName, QueryParams } from '../registries/types.ts';
import type { EvidenceSpec, InternalQueryName, ParamSource, ServiceDefinition } from './definition.ts';

/** Parameter names each registry query takes; typed so a change in registries/types.ts fails here. */
export const QUERY_PARAMS: { [Q in QueryName]: readonly (keyof QueryParams<Q> & string)[] } & Record<InternalQueryName, readonly string[]> = {
  /** The person's grants: as applicant, or as what a grant covers (a child). */
  'benefits.granted': ['iin'],
  'civil.person': ['iin'],
  'civil.children': ['iin'],
  'civil.birth': ['childIin'],
  /** The population extract, for sweeps: paged, never a case's evidence of one person. */
  'civil.population': ['cursor', 'limit'],
  'employment.history': ['iin'],
  'income.monthly': ['iin', 'months', 'asOf'],
  'disability.status': ['iin'],
  'bank.account': ['iin'],
  'bank.accountByIban': ['iban'],
};

export interface ParamScope {
  applicant: { iin: string; birthDate?: string; sex?: string };
  application: Record<string, unknown>;
  legalFactDate: string;
  today: string;
}

export interface EvidenceRequest {
  key: string;
  query: QueryName | InternalQueryName;
  required: boolean;
  /** null when a parameter's source is absent (an optional application field left empty): record the key as NOT_FOUND. */
  params: Record<string, string | number | boolean> | null;
  /** The parameter sources that had no value, when params is null. */
  unresolved: string[];
}

export function resolveParam(source: ParamSource, scope: ParamScope): string | number | boolean | undefined {
  if (typeof source !== 'string') return source.literal;
  if (source === 'legalFactDate') return scope.legalFactDate;
  if (source === 'today') return scope.today;
  const [root, field] = source.split('.') as ['applicant' | 'application', string];
  const value = root === 'applicant' ? (scope.applicant as Record<string, unknown>)[field] : scope.application[field];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

export function resolveEvidenceRequest(spec: EvidenceSpec, scope: ParamScope): EvidenceRequest {
  const params: Record<string, string | number | boolean> = {};
  const unresolved: string[] = [];
  for (const [name, source] of Object.entries(spec.params)) {
    const value = resolveParam(source, scope);
    if (value === undefined) unresolved.push(typeof source === 'string' ? source : name);
    else params[name] = value;
  }
  return { key: spec.key, query: spec.query, required: spec.required, params: unresolved.length ? null : params, unresolved };
}

export function resolveEvidenceRequests(def: ServiceDefinition, scope: ParamScope): EvidenceRequest[] {
  return def.evidence.map((spec) => resolveEvidenceRequest(spec, scope));
}

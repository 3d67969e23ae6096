/**
 * Catalog access (pure): which version of a service applies to a case, the case's legal-fact
 * date, the definition's content hash, and validation of an application against its input schema.
 */
import { isIsoDate } from '../lib/dates.ts';
import type { FieldProblem } from '../lib/errors.ts';
import type { ServiceDefinition } from './definition.ts';
import { inputSchemaToZod } from './input.ts';
import { legalFactField, legalFactFrom } from './legal-fact.ts';
import { catalog } from './catalog/index.ts';

export { definitionHash } from './definition-hash.ts';
export { LegalFactUnavailable } from './legal-fact.ts';

export class ServiceNotFound extends Error {
  readonly code = 'ServiceNotFound';
  constructor(readonly service: string, readonly known: string[]) {
    super(`no service "${service}" in the catalog (known: ${known.join(', ') || 'none'})`);
    this.name = 'ServiceNotFound';
  }
}

export class NoEffectiveVersion extends Error {
  readonly code = 'NoEffectiveVersion';
  constructor(
    readonly service: string,
    readonly legalFactDate: string,
    readonly versions: { version: number; effectiveFrom: string; effectiveTo: string | null }[],
  ) {
    const ranges = versions.map((v) => `v${v.version} ${v.effectiveFrom}…${v.effectiveTo ?? 'open'}`).join(', ');
    super(`service "${service}" has no version in effect on ${legalFactDate} (versions: ${ranges})`);
    this.name = 'NoEffectiveVersion';
  }
}

export class AmbiguousVersion extends Error {
  readonly code = 'AmbiguousVersion';
  constructor(readonly service: string, readonly legalFactDate: string, readonly versions: number[]) {
    super(`service "${service}" has several versions in effect on ${legalFactDate}: ${versions.join(', ')} — effective periods must not overlap`);
    this.name = 'AmbiguousVersion';
  }
}

export type Period = Pick<ServiceDefinition, 'effectiveFrom' | 'effectiveTo'>;

/**
 * Effective periods: a version with no end date is in force until the next version begins (a
 * change in law does not reopen the old text); an explicit end date is binding, and the service
 * has no version in force after it until a later one begins.
 */
export function periodsConflict(a: Period, b: Period): boolean {
  if (a.effectiveFrom === b.effectiveFrom) return true;
  const [early, late] = a.effectiveFrom < b.effectiveFrom ? [a, b] : [b, a];
  return early.effectiveTo !== null && early.effectiveTo >= late.effectiveFrom;
}

export function isEffectiveOn(def: Period, date: string): boolean {
  return def.effectiveFrom <= date && (def.effectiveTo === null || date <= def.effectiveTo);
}

/** The versions of a service that no other version in the list supersedes. */
export function inForceVersions(definitions: readonly ServiceDefinition[], code: string): ServiceDefinition[] {
  const all = definitions.filter((d) => d.code === code);
  const superseded = new Set(all.flatMap((d) => d.supersedes ?? []));
  return all.filter((d) => !superseded.has(d.version));
}

/**
 * The version in effect on the legal-fact date (not the request date): the latest to begin on or
 * before it, among the versions no other one supersedes.
 */
export function selectVersion(definitions: readonly ServiceDefinition[], code: string, legalFactDate: string): ServiceDefinition {
  if (!isIsoDate(legalFactDate)) throw new RangeError(`legal-fact date must be YYYY-MM-DD, got ${JSON.stringify(legalFactDate)}`);
  const versions = inForceVersions(definitions, code);
  if (versions.length === 0) throw new ServiceNotFound(code, [...new Set(definitions.map((d) => d.code))].sort());
  const begun = versions.filter((d) => d.effectiveFrom <= legalFactDate);
  const latestFrom = begun.reduce<string | null>((max, d) => (max === null || d.effectiveFrom > max ? d.effectiveFrom : max), null);
  const latest = begun.filter((d) => d.effectiveFrom === latestFrom);
  // An earlier version whose explicit end date covers the day claims it too: the catalog is inconsistent.
  const claimants = [...latest, ...begun.filter((d) => d.effectiveFrom !== latestFrom && d.effectiveTo !== null && isEffectiveOn(d, legalFactDate))];
  if (claimants.length > 1) throw new AmbiguousVersion(code, legalFactDate, claimants.map((d) => d.version).sort((a, b) => a - b));
  const [only] = latest;
  if (!only || !isEffectiveOn(only, legalFactDate)) {
    const list = versions
      .map((d) => ({ version: d.version, effectiveFrom: d.effectiveFrom, effectiveTo: d.effectiveTo }))
      .sort((a, b) => a.version - b.version);
    throw new NoEffectiveVersion(code, legalFactDate, list);
  }
  return only;
}

/**
 * The legal-fact date of an application. Given a code, the rule for finding it is taken from the
 * catalog (all versions of a service share it — checkCatalog enforces that — because it is needed
 * before a version can be chosen).
 */
export function legalFactDateOf(
  definitionOrCode: ServiceDefinition | string,
  application: Record<string, unknown>,
  options: { submittedOn?: string; definitions?: readonly ServiceDefinition[] } = {},
): string {
  if (typeof definitionOrCode !== 'string') {
    return legalFactFrom(definitionOrCode.code, definitionOrCode.legalFact, application, options.submittedOn);
  }
  const definitions = options.definitions ?? catalog;
  // A superseded version chooses nothing any more: the rule is the versions in force' (checkCatalog).
  const def = inForceVersions(definitions, definitionOrCode)[0];
  if (!def) throw new ServiceNotFound(definitionOrCode, [...new Set(definitions.map((d) => d.code))].sort());
  return legalFactFrom(def.code, def.legalFact, application, options.submittedOn);
}

/** Legal-fact date, then the version in effect on it. */
export function selectVersionForApplication(
  definitions: readonly ServiceDefinition[],
  code: string,
  application: Record<string, unknown>,
  submittedOn: string,
): { definition: ServiceDefinition; legalFactDate: string } {
  const legalFactDate = legalFactDateOf(code, application, { submittedOn, definitions });
  return { definition: selectVersion(definitions, code, legalFactDate), legalFactDate };
}

// ── application validation ───────────────────────────────────────────────────────────────────
/** A problem with one input field; the field is "(application)" for the whole object (unknown fields). */
export type FieldIssue = FieldProblem;

export class ApplicationInvalid extends Error {
  readonly code = 'ValidationFailed';
  constructor(readonly service: string, readonly issues: FieldIssue[]) {
    super(`application for ${service} is invalid: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'ApplicationInvalid';
  }
}

export type ApplicationCheck = { ok: true; application: Record<string, unknown> } | { ok: false; issues: FieldIssue[] };

/**
 * Checks an application against the definition's input schema (IIN checksums included). With
 * `submittedOn`, also rejects a legal-fact date in the future.
 */
export function validateApplication(def: ServiceDefinition, application: unknown, options: { submittedOn?: string } = {}): ApplicationCheck {
  const parsed = inputSchemaToZod(def.input).safeParse(application);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i): FieldIssue[] => {
      if (i.code === 'unrecognized_keys') {
        return i.keys.map((k) => ({ field: k, code: 'UNKNOWN_FIELD', message: 'is not a field of this service' }));
      }
      const field = i.path.length ? i.path.map(String).join('.') : '(application)';
      const params = (i as { params?: { reason?: string } }).params;
      const given = typeof application === 'object' && application !== null ? (application as Record<string, unknown>)[field] : null;
      const absent = i.path.length > 0 && given === undefined;
      const code = params?.reason ?? (i.code === 'invalid_type' && absent ? 'REQUIRED' : i.code.toUpperCase());
      return [{ field, code, message: code === 'REQUIRED' ? 'is required' : i.message }];
    });
    return { ok: false, issues };
  }
  const lf = def.legalFact;
  if (options.submittedOn && lf.from !== 'submissionDate') {
    const date = legalFactFrom(def.code, lf, parsed.data, options.submittedOn);
    if (date > options.submittedOn) {
      return { ok: false, issues: [{ field: legalFactField(lf, parsed.data), code: 'IN_FUTURE', message: `gives the date ${date}, after the submission date` }] };
    }
  }
  return { ok: true, application: parsed.data };
}

export function assertValidApplication(def: ServiceDefinition, application: unknown, options: { submittedOn?: string } = {}): Record<string, unknown> {
  const result = validateApplication(def, application, options);
  if (!result.ok) throw new ApplicationInvalid(`${def.code}@${def.version}`, result.issues);
  return result.application;
}

// ── catalog consistency ──────────────────────────────────────────────────────────────────────
/** Problems across versions: duplicates, overlapping effective periods (of versions in force), a changed legal-fact rule. */
export function checkCatalog(definitions: readonly ServiceDefinition[]): string[] {
  const problems: string[] = [];
  const byCode = new Map<string, ServiceDefinition[]>();
  for (const d of definitions) byCode.set(d.code, [...(byCode.get(d.code) ?? []), d]);
  for (const [code, versions] of byCode) {
    const sorted = [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    const seen = new Set<number>();
    for (const v of sorted) {
      if (seen.has(v.version)) problems.push(`${code}: version ${v.version} appears twice`);
      seen.add(v.version);
    }
    const inForce = inForceVersions(sorted, code);
    // Only the versions in force choose by it: a correction may read its legal fact anew, because
    // the versions it supersedes decide nothing any more (their cases keep their pinned dates).
    for (const v of inForce) {
      if (JSON.stringify(v.legalFact) !== JSON.stringify(inForce[0]!.legalFact)) {
        problems.push(`${code}@${v.version}: legalFact differs from other versions (it is needed before a version is chosen)`);
      }
    }
    for (let i = 1; i < inForce.length; i++) {
      const prev = inForce[i - 1]!;
      const cur = inForce[i]!;
      if (periodsConflict(prev, cur)) {
        problems.push(`${code}: v${prev.version} (${prev.effectiveFrom}…${prev.effectiveTo ?? 'open'}) overlaps v${cur.version} (from ${cur.effectiveFrom})`);
      }
    }
  }
  return problems;
}

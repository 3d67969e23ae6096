/**
 * What-if re-decision of one case: the rules of another version (published, draft, or a
 * definition not yet in the catalog) over the evidence the case already holds, side by side
 * with the version the case was pinned to — read-only: nothing is written, nothing is fetched.
 */
import type { Case } from '../../generated/prisma/client.ts';
import type { PrismaClient } from '../../lib/db/client.ts';
import { QyzmetError } from '../../lib/errors.ts';
import { applicationOf, evaluateCaseWith, evidenceItemOf, submittedOn } from '../case-evaluation.ts';
import { definitionHash } from '../definition-hash.ts';
import type { Lang, ServiceDefinition } from '../definition.ts';
import { legalFactFrom } from '../legal-fact.ts';
import { CatalogIntegrityError } from '../publish.ts';
import type { EvidenceItem } from '../rules.ts';
import { validateDefinition } from '../validate.ts';
import { compareVerdicts, verdictOf, type Changes, type Verdict } from './compare.ts';
import { evidenceForVersion, type WithheldEvidence } from './evidence.ts';

/** Another version of the case's service: by number (published or draft), or a definition. */
export type WhatIfTarget = { version: number } | { definition: unknown };

export interface ResolvedVersion {
  definition: ServiceDefinition;
  contentHash: string;
  source: 'PUBLISHED' | 'DRAFT' | 'FILE';
}

export interface RecordedDecision {
  outcome: string;
  amount: number | null;
  decidedBy: string;
  decidedAt: string;
}

export interface WhatIfResult {
  caseId: string;
  serviceCode: string;
  legalFactDate: string;
  submittedOn: string;
  /** What was actually decided (an officer may have set the amount), if anything yet. */
  decision: RecordedDecision | null;
  /** The pinned version's rules over the stored evidence: the like-for-like baseline. */
  original: Verdict;
  proposed: Verdict & { source: ResolvedVersion['source']; inForce: boolean };
  /** Evidence the proposed version needs that the case does not hold (its rules are INDETERMINATE). */
  withheldEvidence: WithheldEvidence[];
  changes: Changes;
}

/**
 * A definition to compare with: a stored one must still be what was published (else the catalog
 * is corrupt — an internal error, not the caller's); a given one must be valid (VALIDATION_FAILED
 * on the field `definition`).
 */
function checked(raw: unknown, stored: { rowId: string; hash: string } | null, what: string): ServiceDefinition {
  let def: ServiceDefinition;
  try {
    def = validateDefinition(raw);
  } catch (e) {
    const message = `${what}: ${(e as Error).message}`;
    if (stored) throw new CatalogIntegrityError(stored.rowId, message);
    throw new QyzmetError('VALIDATION_FAILED', message, [{ field: 'definition', code: 'invalid', message }]);
  }
  if (stored && definitionHash(def) !== stored.hash) throw new CatalogIntegrityError(stored.rowId, `${what}: content hash differs from the stored ${stored.hash}`);
  return def;
}

/** The definition a target names, for a service. */
export async function resolveVersion(prisma: PrismaClient, serviceCode: string, target: WhatIfTarget): Promise<ResolvedVersion> {
  if ('definition' in target) {
    const def = checked(target.definition, null, 'the proposed definition');
    if (def.code !== serviceCode) throw new QyzmetError('SERVICE_MISMATCH', `the proposed definition is for ${def.code}, not ${serviceCode}`);
    return { definition: def, contentHash: definitionHash(def), source: 'FILE' };
  }
  const row = await prisma.serviceVersion.findUnique({ where: { code_version: { code: serviceCode, version: target.version } } });
  if (!row) throw new QyzmetError('VERSION_NOT_FOUND', `${serviceCode} has no version ${target.version} (published or draft)`);
  return { definition: checked(row.definition, { rowId: row.id, hash: row.contentHash }, `${serviceCode}@${target.version}`), contentHash: row.contentHash, source: row.status === 'PUBLISHED' ? 'PUBLISHED' : 'DRAFT' };
}

/** Loads what a what-if reads: case rows, their stored evidence, their decisions, their pinned definitions. */
export class WhatIfReader {
  private readonly pinned = new Map<string, ServiceDefinition>();
  constructor(private readonly prisma: PrismaClient) {}

  async pinnedDefinition(hash: string): Promise<ServiceDefinition> {
    let def = this.pinned.get(hash);
    if (!def) {
      const row = await this.prisma.serviceVersion.findFirst({ where: { contentHash: hash } });
      if (!row) throw new CatalogIntegrityError(hash, 'no catalog version has this pinned content hash');
      def = checked(row.definition, { rowId: row.id, hash }, `${row.code}@${row.version}`);
      this.pinned.set(hash, def);
    }
    return def;
  }

  async evidence(caseIds: string[]): Promise<Map<string, Record<string, EvidenceItem>>> {
    const rows = await this.prisma.evidence.findMany({ where: { caseId: { in: caseIds } } });
    const byCase = new Map<string, Record<string, EvidenceItem>>(caseIds.map((id) => [id, {}]));
    for (const r of rows) byCase.get(r.caseId)![r.key] = evidenceItemOf(r);
    return byCase;
  }
}

/** Pure given its inputs: the comparison for one case. */
export function compareCase(
  row: Case,
  stored: Record<string, EvidenceItem>,
  pinned: ServiceDefinition,
  target: ResolvedVersion,
  decision: RecordedDecision | null,
  lang: Lang,
): WhatIfResult {
  const original = verdictOf(evaluateCaseWith(pinned, { ...row, language: lang }, stored));
  const { evidence, withheld } = evidenceForVersion(stored, pinned, target.definition);
  const proposed = verdictOf(evaluateCaseWith(target.definition, { ...row, language: lang }, evidence));
  const asOf = submittedOn(row);
  const legalFactDate = row.legalFactDate?.toISOString().slice(0, 10) ?? legalFactFrom(pinned.code, pinned.legalFact, applicationOf(row), asOf);
  const def = target.definition;
  const inForce = def.effectiveFrom <= legalFactDate && (def.effectiveTo === null || legalFactDate <= def.effectiveTo);
  return {
    caseId: row.id,
    serviceCode: row.serviceCode,
    legalFactDate,
    submittedOn: asOf,
    decision,
    original,
    proposed: { ...proposed, source: target.source, inForce },
    withheldEvidence: withheld,
    changes: compareVerdicts(original, proposed),
  };
}

export const recordedDecision = (d: { outcome: string; amount: { toNumber(): number } | null; decidedBy: string; decidedAt: Date } | null): RecordedDecision | null =>
  d && { outcome: d.outcome, amount: d.amount === null ? null : d.amount.toNumber(), decidedBy: d.decidedBy, decidedAt: d.decidedAt.toISOString() };

/**
 * Re-runs the rules of `target` over the case's stored evidence and returns them side by side
 * with the pinned version's. Rule texts in `lang` (default: the case's language).
 */
export async function reevaluateCase(prisma: PrismaClient, caseId: string, target: WhatIfTarget, options: { lang?: Lang } = {}): Promise<WhatIfResult> {
  const row = await prisma.case.findUnique({ where: { id: caseId } });
  if (!row) throw new QyzmetError('NOT_FOUND', `case ${caseId} does not exist`);
  if (!row.definitionHash) throw new QyzmetError('NOT_FOUND', `case ${caseId} has no service version pinned yet (it has not been planned)`);
  const reader = new WhatIfReader(prisma);
  const [pinned, resolved, evidence, decision] = await Promise.all([
    reader.pinnedDefinition(row.definitionHash),
    resolveVersion(prisma, row.serviceCode, target),
    reader.evidence([caseId]),
    prisma.decision.findFirst({ where: { caseId, supersededBy: null } }),
  ]);
  return compareCase(row, evidence.get(caseId)!, pinned, resolved, recordedDecision(decision), options.lang ?? (row.language as Lang));
}

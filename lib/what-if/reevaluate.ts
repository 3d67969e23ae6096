/**
 * What-if re-decision of one case: the rules of another version (published, draft, or a
 * definition not yet in the catalog) over the evidence the case already holds, side by side
 * with the version the case was pinned to — read-only: nothing is written, nothing is fetched.
 */
import { applicationOf, submittedOn, type CaseRow } from '../../activities/case-row.ts';
import { evaluateCaseWith } from '../../activities/evaluation.ts';
import { definitionHash } from '../../services/definition-hash.ts';
import type { Lang, ServiceDefinition } from '../../services/definition.ts';
import { legalFactFrom } from '../../services/legal-fact.ts';
import type { EvidenceItem } from '../../services/rules.ts';
import { validateDefinition } from '../../services/validate.ts';
import type { PrismaClient } from '../db/client.ts';
import { compareVerdicts, verdictOf, type Changes, type Verdict } from './compare.ts';
import { evidenceForVersion, type WithheldEvidence } from './evidence.ts';

/** Another version of the case's service: by number (published or draft), or a definition. */
export type WhatIfTarget = { version: number } | { definition: unknown };

export type WhatIfErrorCode = 'CASE_NOT_FOUND' | 'VERSION_NOT_FOUND' | 'SERVICE_MISMATCH' | 'DEFINITION_INVALID' | 'CATALOG_INTEGRITY';

/** An expected refusal, with a code the API can put in `extensions.code`. */
export class WhatIfError extends Error {
  override name = 'WhatIfError';
  constructor(
    readonly code: WhatIfErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ResolvedVersion {
  definition: ServiceDefinition;
  contentHash: string;
  source: 'PUBLISHED' | 'DRAFT' | 'FILE';
}

export interface DecisionSummary {
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
  decision: DecisionSummary | null;
  /** The pinned version's rules over the stored evidence: the like-for-like baseline. */
  original: Verdict;
  proposed: Verdict & { source: ResolvedVersion['source']; inForce: boolean };
  /** Evidence the proposed version needs that the case does not hold (its rules are INDETERMINATE). */
  withheldEvidence: WithheldEvidence[];
  changes: Changes;
}

function checked(raw: unknown, storedHash: string | null, what: string): ServiceDefinition {
  let def: ServiceDefinition;
  try {
    def = validateDefinition(raw);
  } catch (e) {
    throw new WhatIfError(storedHash ? 'CATALOG_INTEGRITY' : 'DEFINITION_INVALID', `${what}: ${(e as Error).message}`);
  }
  if (storedHash && definitionHash(def) !== storedHash) throw new WhatIfError('CATALOG_INTEGRITY', `${what}: content hash differs from the stored ${storedHash}`);
  return def;
}

/** The definition a target names, for a service. */
export async function resolveVersion(prisma: PrismaClient, serviceCode: string, target: WhatIfTarget): Promise<ResolvedVersion> {
  if ('definition' in target) {
    const def = checked(target.definition, null, 'the proposed definition');
    if (def.code !== serviceCode) throw new WhatIfError('SERVICE_MISMATCH', `the proposed definition is for ${def.code}, not ${serviceCode}`);
    return { definition: def, contentHash: definitionHash(def), source: 'FILE' };
  }
  const row = await prisma.serviceVersion.findUnique({ where: { code_version: { code: serviceCode, version: target.version } } });
  if (!row) throw new WhatIfError('VERSION_NOT_FOUND', `${serviceCode} has no version ${target.version} (published or draft)`);
  return { definition: checked(row.definition, row.contentHash, `${serviceCode}@${target.version}`), contentHash: row.contentHash, source: row.status === 'PUBLISHED' ? 'PUBLISHED' : 'DRAFT' };
}

/** Loads what a what-if reads: case rows, their stored evidence, their decisions, their pinned definitions. */
export class WhatIfReader {
  private readonly pinned = new Map<string, ServiceDefinition>();
  constructor(private readonly prisma: PrismaClient) {}

  async pinnedDefinition(hash: string): Promise<ServiceDefinition> {
    let def = this.pinned.get(hash);
    if (!def) {
      const row = await this.prisma.serviceVersion.findFirst({ where: { contentHash: hash } });
      if (!row) throw new WhatIfError('CATALOG_INTEGRITY', `no catalog version has the pinned content hash ${hash}`);
      def = checked(row.definition, hash, `${row.code}@${row.version}`);
      this.pinned.set(hash, def);
    }
    return def;
  }

  async evidence(caseIds: string[]): Promise<Map<string, Record<string, EvidenceItem>>> {
    const rows = await this.prisma.evidence.findMany({ where: { caseId: { in: caseIds } } });
    const byCase = new Map<string, Record<string, EvidenceItem>>(caseIds.map((id) => [id, {}]));
    for (const r of rows) byCase.get(r.caseId)![r.key] = { status: r.status as EvidenceItem['status'], data: r.data ?? undefined };
    return byCase;
  }
}

/** Pure given its inputs: the comparison for one case. */
export function compareCase(
  row: CaseRow,
  stored: Record<string, EvidenceItem>,
  pinned: ServiceDefinition,
  target: ResolvedVersion,
  decision: DecisionSummary | null,
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

export const decisionSummary = (d: { outcome: string; amount: { toNumber(): number } | null; decidedBy: string; decidedAt: Date } | null): DecisionSummary | null =>
  d && { outcome: d.outcome, amount: d.amount === null ? null : d.amount.toNumber(), decidedBy: d.decidedBy, decidedAt: d.decidedAt.toISOString() };

/**
 * Re-runs the rules of `target` over the case's stored evidence and returns them side by side
 * with the pinned version's. Rule texts in `lang` (default: the case's language).
 */
export async function reevaluateCase(prisma: PrismaClient, caseId: string, target: WhatIfTarget, options: { lang?: Lang } = {}): Promise<WhatIfResult> {
  const row = await prisma.case.findUnique({ where: { id: caseId } });
  if (!row) throw new WhatIfError('CASE_NOT_FOUND', `case ${caseId} does not exist`);
  if (!row.definitionHash) throw new WhatIfError('CASE_NOT_FOUND', `case ${caseId} has no service version pinned yet (it has not been planned)`);
  const reader = new WhatIfReader(prisma);
  const [pinned, resolved, evidence, decision] = await Promise.all([
    reader.pinnedDefinition(row.definitionHash),
    resolveVersion(prisma, row.serviceCode, target),
    reader.evidence([caseId]),
    prisma.decision.findUnique({ where: { caseId } }),
  ]);
  return compareCase(row, evidence.get(caseId)!, pinned, resolved, decisionSummary(decision), options.lang ?? (row.language as Lang));
}

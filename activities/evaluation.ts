/**
 * The evaluateCase activity: a service's rules (services/case-evaluation.ts) over a case's stored
 * evidence. The full rule-by-rule explanation is stored (it is what officers and citizens read);
 * the workflow receives only the outcome.
 */
import { createHash } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.ts';
import { evaluateCaseWith, evidenceItemOf, ruleInputOf, type CaseFacts } from '../services/case-evaluation.ts';
import type { ServiceDefinition } from '../services/definition.ts';
import { discoverableService } from '../services/discovery.ts';
import { precheckOffer } from '../services/proactive.ts';
import type { EvaluationResult, EvidenceItem } from '../services/rules.ts';
import { loadCaseRow, type CaseRow } from './case-row.ts';
import type { ActivityDeps } from './deps.ts';
import { caseEntitlementOf, checkEntitlement, DUPLICATE_ENTITLEMENT, ENTITLEMENT_PENDING, evidenceDataOf, pendingReason } from './entitlements.ts';
import type { EntitlementCheck } from './entitlements.ts';
import type { EvaluateCaseInput, EvaluationSummary } from './types.ts';

export async function evidenceOf(prisma: ActivityDeps['prisma'], caseId: string, unavailable: readonly string[] = []): Promise<Record<string, EvidenceItem>> {
  const rows = await prisma.evidence.findMany({ where: { caseId } });
  const evidence: Record<string, EvidenceItem> = {};
  for (const r of rows) evidence[r.key] = evidenceItemOf(r);
  for (const key of unavailable) evidence[key] = { status: 'UNAVAILABLE' };
  return evidence;
}

/** A precheck decides only on the rules the service names for it: a definite failure means no offer. */
function precheckSummary(def: ServiceDefinition, row: CaseFacts, evidence: Record<string, EvidenceItem>): Pick<EvaluationSummary, 'outcome' | 'failedRules'> {
  // A population sweep's offer of a service the catalog offers on no life event: the sweep's pre-check.
  const check = precheckOffer(def, ruleInputOf(row, evidence), 'kk', def.proactive ? undefined : discoverableService(def.code)?.precheck);
  if (!check.offer) return { outcome: 'INELIGIBLE', failedRules: check.rules.filter((r) => r.status === 'FAIL' || r.treatedAsFail).map((r) => r.id) };
  return { outcome: check.rules.every((r) => r.status === 'PASS') ? 'ELIGIBLE' : 'INDETERMINATE', failedRules: [] };
}

/**
 * The entitlement's say, over the rules': a grant held by another case refuses this one (a
 * precheck makes no offer, a decision is a denial naming that case); an open case that comes first
 * stops an offer, and sends a decision to an officer with a reason naming it.
 */
function withEntitlement(summary: EvaluationSummary, result: EvaluationResult, check: EntitlementCheck, purpose: 'PRECHECK' | 'DECISION'): void {
  if (check.status === 'FREE') return;
  if (check.status === 'GRANTED') {
    summary.outcome = 'INELIGIBLE';
    summary.amount = null;
    summary.failedRules = [DUPLICATE_ENTITLEMENT];
    summary.escalationReasons = [];
    result.outcome = 'INELIGIBLE';
    result.failedRules = [...result.failedRules.filter((r) => r !== DUPLICATE_ENTITLEMENT), DUPLICATE_ENTITLEMENT];
    return;
  }
  if (purpose === 'PRECHECK') {
    summary.outcome = 'INELIGIBLE';
    summary.failedRules = [ENTITLEMENT_PENDING];
    return;
  }
  const reasons = check.caseIds.map(pendingReason);
  summary.escalationReasons = [...new Set([...summary.escalationReasons, ...reasons])];
  result.requiresReview = true;
  result.escalationReasons = [...new Set([...result.escalationReasons, ...reasons])];
}

async function entitlementCheckOf(prisma: ActivityDeps['prisma'], row: CaseRow, purpose: 'PRECHECK' | 'DECISION'): Promise<EntitlementCheck> {
  const evidenceRows = await prisma.evidence.findMany({ where: { caseId: row.id }, select: { key: true, status: true, data: true } });
  const entitlement = caseEntitlementOf(row, evidenceDataOf(evidenceRows));
  return entitlement ? checkEntitlement(prisma, row, entitlement, purpose) : { status: 'FREE' };
}

export function createEvaluationActivities({ prisma, catalog }: Pick<ActivityDeps, 'prisma' | 'catalog'>) {
  return {
    async evaluateCase({ caseId, purpose, unavailable, asOf }: EvaluateCaseInput): Promise<EvaluationSummary> {
      const row = await loadCaseRow(prisma, caseId);
      const def = await catalog.byContentHash(row.definitionHash!);
      const evidence = await evidenceOf(prisma, caseId, unavailable);
      const result = evaluateCaseWith(def, row, evidence);
      const summary: EvaluationSummary =
        purpose === 'PRECHECK'
          ? { evaluationId: '', amount: null, periodMonths: null, escalationReasons: [], ...precheckSummary(def, row, evidence) }
          : {
              evaluationId: '',
              outcome: result.outcome,
              amount: result.outcome === 'ELIGIBLE' ? (result.amount?.value ?? null) : null,
              periodMonths: result.amount?.periodMonths ?? null,
              failedRules: result.failedRules,
              escalationReasons: result.requiresReview ? result.escalationReasons : [],
            };
      const check = await entitlementCheckOf(prisma, row, purpose);
      withEntitlement(summary, result, check, purpose);
      result.entitlement = check.status === 'FREE' ? null : check.status === 'GRANTED' ? { status: 'GRANTED', caseId: check.grant.caseId, decisionId: check.grant.decisionId } : { status: 'PENDING', caseIds: check.caseIds };
      // Deterministic id: a retried activity rewrites the same row.
      summary.evaluationId = `ev_${createHash('sha256').update(`${caseId}|${purpose}|${asOf}`).digest('hex').slice(0, 24)}`;
      const values = {
        caseId,
        purpose,
        serviceVersion: def.version,
        definitionHash: row.definitionHash!,
        outcome: summary.outcome,
        amount: summary.amount,
        result: result as unknown as Prisma.InputJsonValue,
        asOf: new Date(asOf),
      };
      await prisma.evaluation.upsert({ where: { id: summary.evaluationId }, create: { id: summary.evaluationId, ...values }, update: values });
      return summary;
    },
  };
}

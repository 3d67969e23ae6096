/**
 * The evaluateCase activity: a service's rules (services/case-evaluation.ts) over a case's stored
 * evidence. The full rule-by-rule explanation is stored (it is what officers and citizens read);
 * the workflow receives only the outcome.
 */
import { createHash } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.ts';
import { evaluateCaseWith, evidenceItemOf, ruleInputOf, type CaseFacts } from '../services/case-evaluation.ts';
import type { ServiceDefinition } from '../services/definition.ts';
import { precheckOffer } from '../services/proactive.ts';
import type { EvidenceItem } from '../services/rules.ts';
import { loadCaseRow } from './case-row.ts';
import type { ActivityDeps } from './deps.ts';
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
  const check = precheckOffer(def, ruleInputOf(row, evidence));
  if (!check.offer) return { outcome: 'INELIGIBLE', failedRules: check.rules.filter((r) => r.status === 'FAIL' || r.treatedAsFail).map((r) => r.id) };
  return { outcome: check.rules.every((r) => r.status === 'PASS') ? 'ELIGIBLE' : 'INDETERMINATE', failedRules: [] };
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

/**
 * Issuing the signed decision. One transaction writes the decision, the case's final status and
 * the audit entry; the decision is unique per case, so an activity retried after its write
 * succeeded finds it and returns it (its id is derived from the case) — one decision, one signature, one audit entry. An approval
 * takes the case's entitlement claim in the same transaction; when another case holds it, the
 * approval is replaced by a refusal naming that case, so no entitlement is paid twice.
 */
import { recordDecision } from './metrics.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { contentHash } from '../lib/canonical-json.ts';
import type { EvaluationResult } from '../services/rules.ts';
import { FailureType, type DecisionSummary } from '../workflows/messages.ts';
import { appendAudit } from '../lib/audit-log.ts';
import { caseAuditStream, decisionIdOf } from '../workflows/messages.ts';
import { notifyCaseChanged } from './case-changes.ts';
import { loadCaseRow } from './case-row.ts';
import { DECISION_RECORD_TYPE, type DecisionGround, type DecisionRecord } from './decision-record.ts';
import type { ServiceDefinition } from '../services/definition.ts';
import { refusalGroundsFor } from '../services/refusal-grounds.ts';
import type { ActivityDeps } from './deps.ts';
import type { IssueDecisionInput } from './types.ts';
import { finalFailure } from './failures.ts';
import { caseEntitlementOf, DUPLICATE_ENTITLEMENT, evidenceDataOf } from './entitlements.ts';
import { EntitlementTaken, takeClaim, type EntitlementGrant } from '../services/entitlement-store.ts';
import { claimValidUntil } from '../services/entitlements.ts';

/**
 * The grounds a refusal rests on: the officer's (checked against the list by the API and the
 * workflow), or those the failed rules map to. A version without refusal grounds gives none.
 */
export function groundsOf(def: ServiceDefinition, failedRules: readonly string[], named: readonly string[] | undefined): DecisionGround[] {
  return refusalGroundsFor(def, failedRules, named).map((g) => ({ code: g.code, text: g.text, legalBasis: g.legalBasis }));
}

type DecisionRow = { id: string; outcome: string; amount: Prisma.Decimal | null; decidedBy: string; decidedAt: Date };

export function summaryOf(row: DecisionRow): DecisionSummary {
  return {
    decisionId: row.id,
    outcome: row.outcome as DecisionSummary['outcome'],
    amount: row.amount === null ? null : Number(row.amount),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt.toISOString(),
  };
}

/** The refusal that replaces an approval whose entitlement another case holds. */
function duplicateRefusal(approval: DecisionRecord, grant: EntitlementGrant): DecisionRecord {
  return {
    ...approval,
    outcome: 'DENIED',
    amount: null,
    failedRules: [...approval.failedRules.filter((r) => r !== DUPLICATE_ENTITLEMENT), DUPLICATE_ENTITLEMENT],
    decidedBy: { kind: 'SYSTEM' },
    entitlement: { scope: approval.entitlement!.scope, keys: approval.entitlement!.keys, grantedIn: { caseId: grant.caseId, decisionId: grant.decisionId, key: grant.key }, approvalRefused: approval.decidedBy },
  };
}

export function createDecisionActivities({ prisma, keyRing, catalog }: Pick<ActivityDeps, 'prisma' | 'keyRing' | 'catalog'>) {
  return {
    async issueDecision(input: IssueDecisionInput): Promise<DecisionSummary> {
      // No "already decided?" read first: a retry after a committed write loses the insert race
      // on the unique case id below and returns the decision that stands.
      const [row, evaluation, evidence] = await Promise.all([
        loadCaseRow(prisma, input.caseId),
        prisma.evaluation.findUnique({ where: { id: input.evaluationId } }),
        prisma.evidence.findMany({ where: { caseId: input.caseId }, orderBy: { key: 'asc' } }),
      ]);
      if (!evaluation) throw finalFailure('INVALID_STATE', `evaluation ${input.evaluationId} not found`);
      const result = evaluation.result as unknown as EvaluationResult;
      const keyId = keyRing.activeKeyId;
      if (!keyId) throw finalFailure(FailureType.SigningKeyMissing, 'no active signing key');

      const record: DecisionRecord = {
        type: DECISION_RECORD_TYPE,
        decisionId: decisionIdOf(input.caseId),
        caseId: input.caseId,
        service: { code: row.serviceCode, version: row.serviceVersion!, contentHash: row.definitionHash! },
        applicantIin: row.applicantIin,
        legalFactDate: row.legalFactDate!.toISOString().slice(0, 10),
        evidence: evidence.map((e) => ({ key: e.key, registry: e.registry, query: e.query, status: e.status, contentHash: e.contentHash, source: e.source, fetchedAt: e.fetchedAt.toISOString() })),
        evaluation: { evaluationId: evaluation.id, asOf: result.asOf, outcome: result.outcome },
        outcome: input.outcome,
        amount:
          input.outcome === 'APPROVED' && input.amount !== null
            ? { value: input.amount, currency: 'KZT', monthly: result.amount?.monthly ?? false, periodMonths: result.amount?.periodMonths ?? null }
            : null,
        explanation: result.rules.map((r) => ({ ruleId: r.id, status: r.status, legalBasis: r.legalBasis })),
        failedRules: result.failedRules,
        unverified: result.unverified ?? null,
        decidedBy:
          input.decidedBy.kind === 'SYSTEM'
            ? { kind: 'SYSTEM' }
            : { kind: 'OFFICER', officerId: input.decidedBy.officerId, reason: input.decidedBy.reason, firstReviewer: input.decidedBy.firstReviewer ?? null },
        decidedAt: new Date(input.decidedAt).toISOString(),
        keyId,
        algorithm: 'Ed25519',
      };
      if (record.outcome === 'DENIED') {
        const named = input.decidedBy.kind === 'OFFICER' ? input.decidedBy.grounds : undefined;
        const grounds = groundsOf(await catalog.byContentHash(row.definitionHash!), record.failedRules, named);
        if (grounds.length) record.grounds = grounds;
      }
      const entitlement = caseEntitlementOf(row, evidenceDataOf(evidence));
      if (entitlement && record.outcome === 'APPROVED') record.entitlement = { scope: entitlement.scope, keys: entitlement.keys };
      // A refusal because the evaluation found the entitlement granted names the case holding it.
      if (entitlement && record.outcome === 'DENIED' && result.entitlement?.status === 'GRANTED') {
        record.entitlement = { scope: entitlement.scope, keys: entitlement.keys, grantedIn: { caseId: result.entitlement.caseId, decisionId: result.entitlement.decisionId } };
      }

      const write = async (record: DecisionRecord) => {
        const signed = keyRing.signRecord(record);
        const decidedAt = new Date(record.decidedAt);
        const decidedBy = record.decidedBy.kind === 'SYSTEM' ? 'system' : record.decidedBy.officerId;
        return prisma.$transaction(async (tx) => {
          const decision = await tx.decision.create({
            data: {
              id: record.decisionId,
              caseId: input.caseId,
              evaluationId: evaluation.id,
              outcome: record.outcome,
              amount: record.amount?.value ?? null,
              record: signed.canonical,
              signature: signed.signature,
              keyId: signed.keyId,
              decidedBy,
              decidedAt,
              ...(record.grounds ? { grounds: record.grounds.map((g) => g.code) } : {}),
            },
          });
          // One grant per entitlement key: taken with the approval, in its transaction. Another
          // case's claim rolls all of it back (EntitlementTaken), before anything is signed away.
          if (record.outcome === 'APPROVED' && entitlement) {
            await takeClaim(tx, {
              scope: entitlement.scope,
              keys: entitlement.keys,
              caseId: input.caseId,
              decisionId: record.decisionId,
              serviceCode: row.serviceCode,
              validFrom: record.legalFactDate,
              validUntil: claimValidUntil(entitlement.declaration, record.legalFactDate, record.amount?.periodMonths ?? null),
              claimedAt: decidedAt,
            });
          }
          // The final status is written with the decision, in its transaction, so no reader sees a
          // decision on an undecided case. The DECIDED step the workflow projects next repeats it
          // (as every step moves the case through projectStep) and adds nothing new by then.
          await tx.case.update({
            where: { id: input.caseId },
            data: { status: record.outcome, outcome: record.outcome, amount: record.amount?.value ?? null, decidedAt, closedAt: decidedAt },
          });
          await appendAudit(tx, {
            stream: caseAuditStream(input.caseId),
            idempotencyKey: `${input.caseId}:decision`,
            actor: decidedBy,
            action: 'DECISION_ISSUED',
            details: { decisionId: record.decisionId, outcome: record.outcome, amount: record.amount?.value ?? null, recordHash: contentHash(record), keyId, ...(record.entitlement ? { entitlement: record.entitlement } : {}) },
            at: record.decidedAt,
          });
          await notifyCaseChanged(tx, input.caseId);
          return decision;
        });
      };

      // Counted once, by the attempt whose write committed (a retry that finds the decision standing adds nothing).
      const written = async (record: DecisionRecord) => {
        const decision = await write(record);
        recordDecision({ serviceCode: row.serviceCode, outcome: record.outcome, decidedBy: record.decidedBy.kind === 'SYSTEM' ? 'system' : 'officer', submittedAt: row.createdAt, decidedAt: new Date(record.decidedAt) });
        return summaryOf(decision);
      };

      try {
        return await written(record);
      } catch (e) {
        // A concurrent attempt won the race on the case's decision id: its decision stands.
        const winner = await prisma.decision.findUnique({ where: { id: decisionIdOf(input.caseId) } });
        if (winner) return summaryOf(winner);
        if (!(e instanceof EntitlementTaken)) throw e;
        // Another case was granted the entitlement first (a race both evaluations passed, or an
        // officer approving what another case already holds): this case is refused, naming it. The
        // refusal is the system's; the approval it replaces is recorded in it.
        try {
          return await written(duplicateRefusal(record, e.grant));
        } catch (again) {
          const first = await prisma.decision.findUnique({ where: { id: decisionIdOf(input.caseId) } });
          if (first) return summaryOf(first);
          throw again;
        }
      }
    },
  };
}

/**
 * The appeal workflow's side effects: opening the appeal task for the department's appeal group,
 * and deciding the appeal — UPHOLD records it, REPLACE signs a new decision that references the
 * one it replaces, marks that one superseded (it stays, verifiable), moves the case's read model
 * to the new outcome and chains both in the case's audit stream. Each write is one transaction,
 * keyed by the appeal, so a retried activity finds what it did and returns it.
 */
import type { Prisma } from '../generated/prisma/client.ts';
import { appendAudit } from '../lib/audit-log.ts';
import { resolveDeadline } from '../lib/calendar/index.ts';
import { contentHash } from '../lib/canonical-json.ts';
import { appealPolicyOf } from '../services/appeal-policy.ts';
import type { EvaluationResult } from '../services/rules.ts';
import { EntitlementTaken, takeClaim } from '../services/entitlement-store.ts';
import { claimValidUntil } from '../services/entitlements.ts';
import { appealTaskIdOf, caseAuditStream, FailureType, replacementDecisionIdOf, type OpenedAppeal, type ResolveAppealInput, type ResolveAppealResult } from '../workflows/messages.ts';
import { APPEAL_ROLE } from '../workflows/task-permissions.ts';
import { smsToApplicant } from './applicant-sms.ts';
import { renderAppealSms, type AppealSmsKind, type AppealSmsValues } from './appeal-sms.ts';
import { notifyCaseChanged } from './case-changes.ts';
import { loadCaseRow } from './case-row.ts';
import { DECISION_RECORD_TYPE, type DecisionRecord } from './decision-record.ts';
import { groundsOf, summaryOf } from './decisions.ts';
import type { ActivityDeps } from './deps.ts';
import { caseEntitlementOf, evidenceDataOf } from './entitlements.ts';
import { finalFailure } from './failures.ts';

export interface OpenAppealInput {
  appealId: string;
  /** Tests and demos: the review SLA in milliseconds. */
  reviewSlaMs?: number;
}

/** The officer's resolution as the workflow hands it on: the verified officer, and workflow time. */
export type DecideAppealInput = Omit<ResolveAppealInput, 'claim' | 'officer'> & { officerId: string; decidedAt: string };

type Deps = Pick<ActivityDeps, 'prisma' | 'keyRing' | 'catalog' | 'sms' | 'registries'>;

async function loadAppeal(prisma: Deps['prisma'], appealId: string) {
  const appeal = await prisma.appeal.findUnique({ where: { id: appealId } });
  if (!appeal) throw finalFailure(FailureType.CaseNotFound, `appeal ${appealId} does not exist`);
  const decision = await prisma.decision.findUniqueOrThrow({ where: { id: appeal.decisionId } });
  return { appeal, decision };
}

/** SMS to the applicant in their language (the case's choice, else the register's), sent once per appeal and kind. */
async function tellCitizen(deps: Deps, appealId: string, caseId: string, kind: AppealSmsKind, values: AppealSmsValues): Promise<void> {
  await smsToApplicant(deps, { caseId, idempotencyKey: `${appealId}:sms:${kind}`, template: `appeal-${kind}` }, (lang) => renderAppealSms(kind, lang, values));
}

export function createAppealActivities(deps: Deps) {
  const { prisma, keyRing, catalog } = deps;

  /** The new signed record: the appealed one's case, service and evidence, with the appeal's outcome. */
  async function replacementRecord(old: DecisionRecord, input: DecideAppealInput, evaluationId: string): Promise<DecisionRecord> {
    const keyId = keyRing.activeKeyId;
    if (!keyId) throw finalFailure(FailureType.SigningKeyMissing, 'no active signing key');
    const outcome = input.outcome!;
    let amount: DecisionRecord['amount'] = null;
    if (outcome === 'APPROVED') {
      const evaluation = await prisma.evaluation.findUnique({ where: { id: evaluationId } });
      const computed = (evaluation?.result as unknown as EvaluationResult | undefined)?.amount ?? null;
      const value = input.amount ?? computed?.value ?? null;
      if (value === null) throw finalFailure('VALIDATION_FAILED', 'the rules computed no amount for this case: the approval must name one');
      amount = { value, currency: 'KZT', monthly: computed?.monthly ?? false, periodMonths: computed?.periodMonths ?? null };
    }
    const { grounds: _grounds, entitlement: _entitlement, replaces: _replaces, ...base } = old;
    const record: DecisionRecord = {
      ...base,
      type: DECISION_RECORD_TYPE,
      decisionId: replacementDecisionIdOf(input.appealId),
      outcome,
      amount,
      decidedBy: { kind: 'OFFICER', officerId: input.officerId, reason: input.reason, firstReviewer: null },
      decidedAt: new Date(input.decidedAt).toISOString(),
      keyId,
      algorithm: 'Ed25519',
      replaces: { decisionId: old.decisionId, recordHash: contentHash(old), appealId: input.appealId },
    };
    if (outcome === 'DENIED') {
      const grounds = groundsOf(await catalog.byContentHash(old.service.contentHash), [], input.grounds ?? []);
      if (grounds.length) record.grounds = grounds;
    }
    return record;
  }

  return {
    async openAppeal(input: OpenAppealInput): Promise<OpenedAppeal> {
      const { appeal, decision } = await loadAppeal(prisma, input.appealId);
      const caseRow = await loadCaseRow(prisma, appeal.caseId);
      const taskId = appealTaskIdOf(appeal.id);
      const dueAt =
        appeal.dueAt ??
        new Date(
          input.reviewSlaMs !== undefined
            ? appeal.filedAt.getTime() + input.reviewSlaMs
            : resolveDeadline(appeal.filedAt, appealPolicyOf(caseRow.serviceCode).reviewSla, { onMissingYear: 'estimate' }).dueMs,
        );
      await prisma.$transaction(async (tx) => {
        await tx.task.upsert({
          where: { id: taskId },
          create: { id: taskId, caseId: appeal.caseId, workflowId: appeal.workflowId, kind: 'APPEAL', status: 'OPEN', department: appeal.department, role: APPEAL_ROLE, reasons: ['APPEAL'], dueAt, firstReviewer: decision.decidedBy },
          update: {},
        });
        await tx.appeal.update({ where: { id: appeal.id }, data: { taskId, dueAt } });
        await appendAudit(tx, {
          stream: caseAuditStream(appeal.caseId),
          idempotencyKey: `${appeal.id}:filed`,
          actor: appeal.clientId ? `client:${appeal.clientId}` : 'citizen',
          action: 'APPEAL_FILED',
          details: { appealId: appeal.id, decisionId: decision.id, taskId, dueAt: dueAt.toISOString(), documents: appeal.documents },
          at: appeal.filedAt.toISOString(),
        });
        await notifyCaseChanged(tx, appeal.caseId);
      });
      await tellCitizen(deps, appeal.id, appeal.caseId, 'filed', { caseId: appeal.caseId, dueAt: dueAt.toISOString() });
      const def = await catalog.byContentHash(caseRow.definitionHash!);
      const refusalGrounds = def.refusalGrounds?.map((g) => g.code) ?? null;
      return { appealId: appeal.id, caseId: appeal.caseId, department: appeal.department, taskId, originalDecider: decision.decidedBy, dueAt: dueAt.toISOString(), refusalGrounds };
    },

    async markAppealOverdue(input: { appealId: string }): Promise<void> {
      await prisma.task.updateMany({ where: { id: appealTaskIdOf(input.appealId), status: { in: ['OPEN', 'CLAIMED'] } }, data: { escalated: true } });
    },

    async decideAppeal(input: DecideAppealInput): Promise<ResolveAppealResult> {
      const { appeal, decision } = await loadAppeal(prisma, input.appealId);
      const standing = async (): Promise<ResolveAppealResult> => {
        const a = await prisma.appeal.findUniqueOrThrow({ where: { id: input.appealId } });
        const current = await prisma.decision.findUniqueOrThrow({ where: { id: a.newDecisionId ?? a.decisionId } });
        return { appealId: a.id, status: a.status as ResolveAppealResult['status'], decision: summaryOf(current), replacedDecisionId: a.newDecisionId ? a.decisionId : null };
      };
      // Retried after its transaction committed: the appeal says what was decided.
      if (appeal.status !== 'OPEN') return standing();
      const decidedAt = new Date(input.decidedAt);
      const closeAppeal = async (tx: Prisma.TransactionClient, status: 'UPHELD' | 'REPLACED', newDecisionId: string | null) => {
        await tx.appeal.update({
          where: { id: appeal.id },
          data: { status, resolution: input.resolution, resolutionReason: input.reason, decidedBy: input.officerId, decidedAt, newDecisionId },
        });
        await tx.task.updateMany({
          where: { id: appealTaskIdOf(appeal.id) },
          data: { status: 'COMPLETED', assignee: input.officerId, completedAt: decidedAt, resolution: { action: input.resolution, reason: input.reason, by: input.officerId, ...(newDecisionId ? { decisionId: newDecisionId } : {}) } },
        });
      };

      if (input.resolution === 'UPHOLD') {
        await prisma.$transaction(async (tx) => {
          await closeAppeal(tx, 'UPHELD', null);
          await appendAudit(tx, {
            stream: caseAuditStream(appeal.caseId),
            idempotencyKey: `${appeal.id}:decided`,
            actor: input.officerId,
            action: 'APPEAL_UPHELD',
            details: { appealId: appeal.id, decisionId: decision.id, reason: input.reason },
            at: decidedAt.toISOString(),
          });
          await notifyCaseChanged(tx, appeal.caseId);
        });
        await tellCitizen(deps, appeal.id, appeal.caseId, 'upheld', { caseId: appeal.caseId });
        return standing();
      }

      const old = JSON.parse(decision.record) as DecisionRecord;
      const record = await replacementRecord(old, input, decision.evaluationId);
      const row = await loadCaseRow(prisma, appeal.caseId);
      const evidence = await prisma.evidence.findMany({ where: { caseId: appeal.caseId }, orderBy: { key: 'asc' } });
      const entitlement = caseEntitlementOf(row, evidenceDataOf(evidence));
      if (entitlement && record.outcome === 'APPROVED') record.entitlement = { scope: entitlement.scope, keys: entitlement.keys };
      const final = keyRing.signRecord(record);
      const oldAmount = decision.amount === null ? null : Number(decision.amount);
      const newAmount = record.amount?.value ?? null;
      try {
        await prisma.$transaction(async (tx) => {
          await tx.decision.create({
            data: {
              id: record.decisionId,
              caseId: appeal.caseId,
              evaluationId: decision.evaluationId,
              outcome: record.outcome,
              amount: newAmount,
              record: final.canonical,
              signature: final.signature,
              keyId: final.keyId,
              decidedBy: input.officerId,
              decidedAt,
              replacesDecisionId: decision.id,
              appealId: appeal.id,
              ...(record.grounds ? { grounds: record.grounds.map((g) => g.code) } : {}),
            },
          });
          // Only a decision that still stands can be replaced: a concurrent replacement loses here.
          const superseded = await tx.decision.updateMany({ where: { id: decision.id, supersededBy: null }, data: { supersededBy: record.decisionId } });
          if (superseded.count !== 1) throw finalFailure('INVALID_STATE', `decision ${decision.id} was already replaced`);
          // An approval takes the entitlement unless the replaced decision already holds it for this case.
          if (record.outcome === 'APPROVED' && entitlement && decision.outcome !== 'APPROVED') {
            await takeClaim(tx, {
              scope: entitlement.scope,
              keys: entitlement.keys,
              caseId: appeal.caseId,
              decisionId: record.decisionId,
              serviceCode: row.serviceCode,
              validFrom: record.legalFactDate,
              validUntil: claimValidUntil(entitlement.declaration, record.legalFactDate, record.amount?.periodMonths ?? null),
              claimedAt: decidedAt,
            });
          }
          await tx.case.update({ where: { id: appeal.caseId }, data: { status: record.outcome, outcome: record.outcome, amount: newAmount, decidedAt } });
          await closeAppeal(tx, 'REPLACED', record.decisionId);
          // The payment side reads this entry: which decision now stands, and the amounts before and after.
          await appendAudit(tx, {
            stream: caseAuditStream(appeal.caseId),
            idempotencyKey: `${appeal.id}:decided`,
            actor: input.officerId,
            action: 'DECISION_REPLACED',
            details: {
              appealId: appeal.id,
              decisionId: record.decisionId,
              replaces: decision.id,
              outcome: record.outcome,
              oldOutcome: decision.outcome,
              oldAmount,
              newAmount,
              amountChanged: oldAmount !== newAmount,
              recordHash: contentHash(record),
              keyId: final.keyId,
            },
            at: decidedAt.toISOString(),
          });
          await notifyCaseChanged(tx, appeal.caseId);
        });
      } catch (e) {
        if (e instanceof EntitlementTaken) throw finalFailure('INVALID_STATE', `another case (${e.grant.caseId}) already holds what this approval would grant`);
        throw e;
      }
      await tellCitizen(deps, appeal.id, appeal.caseId, 'replaced', { caseId: appeal.caseId, outcome: record.outcome, amount: newAmount });
      return standing();
    },
  };
}

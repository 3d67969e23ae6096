/**
 * The re-check workflow's side effects (workflows/recheck-workflow.ts): planning the re-checks a
 * service declares (services/rechecks.ts), fetching the evidence again and re-evaluating it with the
 * version in force on the re-check's date, the hearing of a lower amount or an end (SMS, objection,
 * the officer's task), and the decision that follows: signed, superseding the standing one (which
 * stays, verifiable), the entitlement recalculated from its next period. Every write is keyed by
 * the re-check, so a retried activity finds what it wrote and returns it.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { Prisma } from '../generated/prisma/client.ts';
import { appendAudit } from '../lib/audit-log.ts';
import { resolveDeadline } from '../lib/calendar/index.ts';
import { contentHash } from '../lib/canonical-json.ts';
import { monthOf } from '../lib/dates.ts';
import { createUnlessExists } from '../lib/db/unique.ts';
import { RegistryError, registryOf, type QueryName } from '../registries/types.ts';
import { applicationOf } from '../services/case-evaluation.ts';
import { rechecksOf } from '../services/catalog/index.ts';
import { isInternalQuery, type Lang, type ServiceDefinition } from '../services/definition.ts';
import { grantsOfPerson } from '../services/entitlement-store.ts';
import { resolveEvidenceRequest } from '../services/evidence.ts';
import { DEFAULT_LEVEL_SLAS } from '../services/operational-policy.ts';
import { compareRecheck, planRechecks } from '../services/rechecks.ts';
import { selectVersion } from '../services/registry.ts';
import type { EvaluationResult, EvidenceItem } from '../services/result.ts';
import { evaluateService } from '../services/rules.ts';
import {
  caseAuditStream,
  DEFAULT_HEARING_WORKING_DAYS,
  FailureType,
  OBJECTION_SUBMITTED,
  recheckIdOf,
  recheckTaskIdOf,
  recheckWorkflowId,
  type OpenedRecheckHearing,
  type OpenedRecheckTask,
  type PlannedEntitlementRecheck,
  type RecheckDecided,
  type RecheckFound,
} from '../workflows/messages.ts';
import { smsToApplicant } from './applicant-sms.ts';
import { notifyCaseChanged } from './case-changes.ts';
import { loadCaseRow } from './case-row.ts';
import { DECISION_RECORD_TYPE, type DecisionRecord } from './decision-record.ts';
import { groundsOf, summaryOf } from './decisions.ts';
import type { ActivityDeps } from './deps.ts';
import { finalFailure } from './failures.ts';
import { renderRecheckSms, type RecheckSmsKind } from './recheck-sms.ts';

type Deps = Pick<ActivityDeps, 'prisma' | 'keyRing' | 'catalog' | 'sms' | 'registries'>;

export type RecheckDecidedBy =
  | { kind: 'SYSTEM' }
  | { kind: 'OFFICER'; officerId: string; reason: string; action: 'APPROVE' | 'DENY'; amount?: number; grounds?: string[] };

const FINAL = ['RECALCULATED', 'ENDED', 'KEPT'];
const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const decisionIdOf = (recheckId: string) => `dec_rc_${createHash('sha256').update(recheckId).digest('hex').slice(0, 24)}`;

/** Months (fractional) from the start of `firstMonth` to `date`: where the date falls among the periods. */
export function periodOffsetOf(firstMonth: string, date: string): number {
  const month = monthOf(date);
  return monthIndex(month) - monthIndex(firstMonth) + (Number(date.slice(8, 10)) - 1) / daysIn(month);
}

/** The derived value `name` of an evaluation (a number), or null. */
function derivedOf(result: EvaluationResult, name: string): number | null {
  const d = result.derived.find((x) => x.name === name) as { value?: unknown } | undefined;
  return typeof d?.value === 'number' ? d.value : null;
}

/** The grounds of a re-check, in the citizen's language: a lower band's count, or the rules that now fail. */
function groundsText(def: ServiceDefinition, result: EvaluationResult, lang: Lang): string {
  const failed = result.rules.filter((r) => r.status === 'FAIL').map((r) => def.rules.find((d) => d.id === r.id)?.failText?.[lang]);
  if (failed.length) return failed.filter(Boolean).join('; ');
  const counted = derivedOf(result, 'eligibleChildren');
  const onDate = result.asOf;
  return counted === null
    ? { kk: `${onDate} күнгі қайта бағалау`, ru: `переоценка на ${onDate}`, en: `re-evaluation on ${onDate}` }[lang]
    : { kk: `${onDate} күні есепке алынатын балалар саны: ${counted}`, ru: `на ${onDate} учитывается детей: ${counted}`, en: `${counted} children count on ${onDate}` }[lang];
}

export function createRecheckActivities(deps: Deps) {
  const { prisma, keyRing, catalog, registries } = deps;

  async function loadRecheck(recheckId: string) {
    const recheck = await prisma.entitlementRecheck.findUnique({ where: { id: recheckId } });
    if (!recheck) throw finalFailure(FailureType.CaseNotFound, `re-check ${recheckId} does not exist`);
    const def = await catalog.byContentHash(recheck.definitionHash);
    const evaluation = await prisma.evaluation.findUniqueOrThrow({ where: { id: recheck.evaluationId } });
    return { recheck, def, result: evaluation.result as unknown as EvaluationResult };
  }

  async function tell(recheckId: string, caseId: string, kind: RecheckSmsKind, def: ServiceDefinition, result: EvaluationResult, values: { until?: string; amount?: number | null }) {
    await smsToApplicant(deps, { caseId, idempotencyKey: `${recheckId}:sms:${kind}`, template: `recheck-${kind}` }, (lang) =>
      renderRecheckSms(kind, lang, { caseId, serviceTitle: def.title[lang], reasons: groundsText(def, result, lang), ...values }),
    );
  }

  /** The evidence the version in force asks for, fetched again, each with its provenance and hash. */
  async function fetchAgain(def: ServiceDefinition, applicantIin: string, application: Record<string, unknown>, asOf: string) {
    const items: Record<string, EvidenceItem> = {};
    const provenance: { key: string; registry: string; query: string; status: string; contentHash: string; source: string; fetchedAt: string }[] = [];
    for (const spec of def.evidence) {
      const request = resolveEvidenceRequest(spec, { applicant: { iin: applicantIin }, application, legalFactDate: asOf, today: asOf });
      let status: 'FOUND' | 'NOT_FOUND' = 'NOT_FOUND';
      let data: unknown = null;
      let source = 'application';
      let fetchedAt = new Date().toISOString();
      if (request.params && isInternalQuery(spec.query)) {
        status = 'FOUND';
        data = await grantsOfPerson(prisma, String(request.params.iin));
        source = 'qyzmet:entitlements';
      } else if (request.params) {
        try {
          const answer = await registries.query(spec.query as QueryName, request.params as never);
          status = 'FOUND';
          data = answer.data;
          source = answer.source;
          fetchedAt = answer.fetchedAt;
        } catch (e) {
          if (!(e instanceof RegistryError)) throw e;
          if (e.kind === 'BAD_REQUEST') throw finalFailure(FailureType.RegistryBadRequest, e.message);
          if (e.kind !== 'NOT_FOUND') throw ApplicationFailure.create({ type: FailureType.RegistryUnavailable, message: `${spec.query}: ${e.kind} ${e.message}` });
          source = registryOf(spec.query as QueryName);
        }
      }
      items[spec.key] = status === 'FOUND' ? { status, data } : { status };
      provenance.push({ key: spec.key, registry: isInternalQuery(spec.query) ? 'qyzmet' : registryOf(spec.query as QueryName), query: spec.query, status, contentHash: contentHash(status === 'FOUND' ? data : { status, query: spec.query }), source, fetchedAt });
    }
    return { items, provenance };
  }

  return {
    /** The re-checks the case's service declares for its grant, with where each falls among the periods. */
    async planEntitlementRechecks({ caseId }: { caseId: string }): Promise<{ rechecks: PlannedEntitlementRecheck[] }> {
      const schedule = await prisma.entitlementSchedule.findUnique({ where: { caseId } });
      const declaration = schedule ? rechecksOf(schedule.serviceCode) : null;
      if (!schedule || !declaration || !schedule.monthly || !schedule.periods.length) return { rechecks: [] };
      const decision = await prisma.decision.findUniqueOrThrow({ where: { id: schedule.decisionId } });
      const record = JSON.parse(decision.record) as DecisionRecord;
      const evidence = await prisma.evidence.findMany({ where: { caseId } });
      const data = Object.fromEntries(evidence.map((e) => [e.key, e.status === 'FOUND' ? e.data : null]));
      const firstMonth = schedule.periods[0]!;
      const planned = planRechecks(declaration, { from: record.legalFactDate, months: schedule.periods.length }, data);
      return { rechecks: planned.map((p) => ({ ...p, periodOffset: periodOffsetOf(firstMonth, p.asOf) })) };
    },

    /** Fetches the evidence again, re-evaluates it on `asOf` under the version in force and records the re-check. */
    async recheckEntitlement(input: { caseId: string; key: string; trigger: 'PERIODIC' | 'MILESTONE'; asOf: string; at: string }): Promise<RecheckFound> {
      const schedule = await prisma.entitlementSchedule.findUnique({ where: { caseId: input.caseId } });
      if (!schedule) throw finalFailure('INVALID_STATE', `case ${input.caseId} has no entitlement to re-check`);
      const recheckId = recheckIdOf(schedule.id, input.key);
      const existing = await prisma.entitlementRecheck.findUnique({ where: { id: recheckId } });
      if (existing) return { recheckId, outcome: existing.outcome as RecheckFound['outcome'], status: existing.status as RecheckFound['status'], inactive: false };
      if (schedule.status !== 'ACTIVE' && schedule.status !== 'SUSPENDED') return { recheckId, outcome: 'SAME', status: 'UNCHANGED', inactive: true };

      const row = await loadCaseRow(prisma, input.caseId);
      const def = selectVersion(await catalog.published(), schedule.serviceCode, input.asOf);
      const definitionHash = catalog.contentHashOf(def);
      const application = applicationOf(row);
      const { items, provenance } = await fetchAgain(def, row.applicantIin, application, input.asOf);
      const result = evaluateService(def, { application, applicant: { iin: row.applicantIin }, evidence: items, asOf: input.asOf }, row.language as Lang);
      const current = Number(schedule.amount);
      // An undecidable re-evaluation changes nothing: the standing decision holds until one decides.
      const decisive = result.outcome !== 'INDETERMINATE' && !result.requiresReview;
      const outcome = decisive ? compareRecheck(current, result.outcome === 'ELIGIBLE', result.amount?.value ?? null) : 'SAME';
      const status = outcome === 'SAME' ? 'UNCHANGED' : 'PENDING';
      const evaluationId = `ev_${createHash('sha256').update(`${recheckId}|RECHECK`).digest('hex').slice(0, 24)}`;
      const at = new Date(input.at);
      await createUnlessExists(() =>
        prisma.$transaction(async (tx) => {
          await tx.evaluation.upsert({
            where: { id: evaluationId },
            create: { id: evaluationId, caseId: input.caseId, purpose: 'RECHECK', serviceVersion: def.version, definitionHash, outcome: result.outcome, amount: result.amount?.value ?? null, result: result as unknown as Prisma.InputJsonValue, asOf: new Date(input.asOf) },
            update: {},
          });
          await tx.entitlementRecheck.create({
            data: {
              id: recheckId,
              entitlementId: schedule.id,
              caseId: input.caseId,
              key: input.key,
              trigger: input.trigger,
              asOf: new Date(input.asOf),
              serviceVersion: def.version,
              definitionHash,
              evaluationId,
              evidence: provenance as unknown as Prisma.InputJsonValue,
              currentAmount: schedule.amount,
              newAmount: result.outcome === 'ELIGIBLE' ? (result.amount?.value ?? null) : null,
              outcome,
              // A change is decided next: at once when favourable, after a hearing when not.
              status,
            },
          });
          await appendAudit(tx, {
            stream: caseAuditStream(input.caseId),
            idempotencyKey: `${recheckId}:rechecked`,
            actor: 'system',
            action: 'ENTITLEMENT_RECHECKED',
            details: { recheckId, key: input.key, trigger: input.trigger, asOf: input.asOf, serviceVersion: def.version, definitionHash, outcome: result.outcome, failedRules: result.failedRules, current: schedule.amount.toFixed(2), rechecked: result.amount?.value ?? null, comparison: outcome, evidence: provenance.map((p) => ({ key: p.key, contentHash: p.contentHash })) },
            at: at.toISOString(),
          });
          await notifyCaseChanged(tx, input.caseId);
        }),
      );
      return { recheckId, outcome, status, inactive: false };
    },

    /** The preliminary decision of a lower amount or an end: its window in working days, the SMS with its grounds. */
    async openRecheckHearing(input: { recheckId: string; at: string; windowMs?: number }): Promise<OpenedRecheckHearing> {
      const { recheck, def, result } = await loadRecheck(input.recheckId);
      const proposed = recheck.newAmount === null ? null : Number(recheck.newAmount);
      if (recheck.hearingDueAt) {
        // A retry after the hearing opened: the notice of it must still reach the citizen (a send keyed by the re-check, never twice).
        const dueAt = recheck.hearingDueAt.toISOString();
        await tell(recheck.id, recheck.caseId, 'preliminary', def, result, { until: dueAt, amount: proposed });
        return { recheckId: recheck.id, dueAt };
      }
      const workingDays = def.escalation.hearingWorkingDays ?? DEFAULT_HEARING_WORKING_DAYS;
      const dueAt = input.windowMs ? new Date(Date.parse(input.at) + input.windowMs).toISOString() : resolveDeadline(input.at, { workingDays }, { onMissingYear: 'estimate' }).dueAt;
      await prisma.$transaction(async (tx) => {
        await tx.entitlementRecheck.update({ where: { id: recheck.id }, data: { hearingDueAt: new Date(dueAt), status: 'HEARING' } });
        await appendAudit(tx, {
          stream: caseAuditStream(recheck.caseId),
          idempotencyKey: `${recheck.id}:preliminary`,
          actor: 'system',
          action: 'PRELIMINARY_DECISION',
          details: { recheckId: recheck.id, outcome: recheck.outcome, current: recheck.currentAmount.toFixed(2), proposed: recheck.newAmount?.toFixed(2) ?? null, dueAt, workingDays: input.windowMs ? null : workingDays, failedRules: result.failedRules },
          at: input.at,
        });
        await notifyCaseChanged(tx, recheck.caseId);
      });
      await tell(recheck.id, recheck.caseId, 'preliminary', def, result, { until: dueAt, amount: proposed });
      return { recheckId: recheck.id, dueAt };
    },

    async recordRecheckObjection(input: { recheckId: string; text: string; documents: string[]; at: string }): Promise<void> {
      const recheck = await prisma.entitlementRecheck.findUniqueOrThrow({ where: { id: input.recheckId } });
      await prisma.$transaction(async (tx) => {
        await tx.entitlementRecheck.updateMany({ where: { id: recheck.id, status: 'HEARING' }, data: { status: 'OBJECTED', objection: input.text } });
        await appendAudit(tx, {
          stream: caseAuditStream(recheck.caseId),
          idempotencyKey: `${recheck.id}:objection`,
          actor: 'citizen',
          action: OBJECTION_SUBMITTED,
          details: { recheckId: recheck.id, documents: input.documents },
          at: input.at,
        });
        await notifyCaseChanged(tx, recheck.caseId);
      });
    },

    /** The officer's task for an objection: the department's officer group, the objection in view. */
    async openRecheckObjectionTask(input: { recheckId: string; at: string; slaMs?: number }): Promise<OpenedRecheckTask> {
      const { recheck, def } = await loadRecheck(input.recheckId);
      const group = def.escalation.candidateGroup;
      const taskId = recheckTaskIdOf(recheck.id);
      const at = new Date(input.at);
      const existing = await prisma.task.findUnique({ where: { id: taskId } });
      const dueAt = existing?.dueAt ?? new Date(input.slaMs !== undefined ? at.getTime() + input.slaMs : resolveDeadline(at, DEFAULT_LEVEL_SLAS[0], { onMissingYear: 'estimate' }).dueMs);
      await prisma.$transaction(async (tx) => {
        await tx.task.upsert({
          where: { id: taskId },
          create: { id: taskId, caseId: recheck.caseId, workflowId: recheckWorkflowId(recheck.caseId), kind: 'RECHECK_OBJECTION', status: 'OPEN', department: group.department, role: group.role, reasons: [OBJECTION_SUBMITTED, `RECHECK:${recheck.outcome}`], dueAt },
          update: {},
        });
        await tx.entitlementRecheck.update({ where: { id: recheck.id }, data: { taskId } });
        await notifyCaseChanged(tx, recheck.caseId);
      });
      return { recheckId: recheck.id, taskId, department: group.department, role: group.role, dueAt: dueAt.toISOString(), refusalGrounds: def.refusalGrounds?.map((g) => g.code) ?? [] };
    },

    /**
     * The decision after the hearing (or at once, for a higher amount): a new signed decision that
     * supersedes the standing one, and the entitlement recalculated from its next period — or, when
     * the officer keeps the amount paid, no new decision at all.
     */
    async decideRecheck(input: { recheckId: string; at: string; decidedBy: RecheckDecidedBy }): Promise<RecheckDecided> {
      const { recheck, def, result } = await loadRecheck(input.recheckId);
      const schedule = await prisma.entitlementSchedule.findUniqueOrThrow({ where: { id: recheck.entitlementId } });
      const basis = def.decision.legalBasis;
      const basisText = basis ? `${basis.act}, ${basis.article}${basis.verified ? '' : ' (unverified)'}` : 'no legal basis cited';
      const reasonOf = (status: string, amount: number | null) =>
        `re-check ${recheck.key} on ${recheck.asOf.toISOString().slice(0, 10)} (${def.code} v${def.version}): ${status === 'ENDED' ? `ineligible (${result.failedRules.join(', ')})` : `${schedule.amount.toFixed(2)} → ${amount?.toFixed(2)} ${schedule.currency} per period from the next period`}; ${basisText}`;
      if (FINAL.includes(recheck.status)) {
        const decision = recheck.decisionId ? await prisma.decision.findUnique({ where: { id: recheck.decisionId } }) : null;
        const amount = recheck.newAmount === null ? null : Number(recheck.newAmount);
        // A retry after the decision committed: its SMS may not have left (the attempt ended between the
        // two). The send is keyed by the re-check and its kind, so one that left is not sent again.
        await tell(recheck.id, recheck.caseId, recheck.status === 'ENDED' ? 'ended' : recheck.status === 'KEPT' ? 'kept' : 'recalculated', def, result, recheck.status === 'KEPT' ? {} : { amount });
        return { recheckId: recheck.id, status: recheck.status as RecheckDecided['status'], decision: decision ? summaryOf(decision) : null, reason: reasonOf(recheck.status, amount) };
      }
      const by = input.decidedBy;
      const current = Number(recheck.currentAmount);
      const computed = recheck.newAmount === null ? null : Number(recheck.newAmount);
      const outcome: 'APPROVED' | 'DENIED' = by.kind === 'OFFICER' ? (by.action === 'DENY' ? 'DENIED' : 'APPROVED') : recheck.outcome === 'INELIGIBLE' ? 'DENIED' : 'APPROVED';
      const amount = outcome === 'DENIED' ? null : by.kind === 'OFFICER' ? (by.amount ?? computed ?? current) : computed;
      const at = new Date(input.at);
      const status: RecheckDecided['status'] = outcome === 'DENIED' ? 'ENDED' : amount === current ? 'KEPT' : 'RECALCULATED';
      const reason = reasonOf(status, amount);

      if (status === 'KEPT') {
        await prisma.$transaction(async (tx) => {
          await tx.entitlementRecheck.update({ where: { id: recheck.id }, data: { status, newAmount: amount } });
          if (recheck.taskId) await tx.task.updateMany({ where: { id: recheck.taskId }, data: { status: 'COMPLETED', completedAt: at, ...(by.kind === 'OFFICER' ? { assignee: by.officerId, resolution: { action: by.action, reason: by.reason, by: by.officerId } } : {}) } });
          await appendAudit(tx, { stream: caseAuditStream(recheck.caseId), idempotencyKey: `${recheck.id}:decided`, actor: by.kind === 'OFFICER' ? by.officerId : 'system', action: 'RECHECK_KEPT', details: { recheckId: recheck.id, amount: current }, at: at.toISOString() });
          await notifyCaseChanged(tx, recheck.caseId);
        });
        await tell(recheck.id, recheck.caseId, 'kept', def, result, {});
        return { recheckId: recheck.id, status, decision: null, reason };
      }

      const standing = await prisma.decision.findUniqueOrThrow({ where: { id: schedule.decisionId } });
      const old = JSON.parse(standing.record) as DecisionRecord;
      const keyId = keyRing.activeKeyId;
      if (!keyId) throw finalFailure(FailureType.SigningKeyMissing, 'no active signing key');
      const decisionId = decisionIdOf(recheck.id);
      const { grounds: _g, replaces: _r, ...base } = old;
      const record: DecisionRecord = {
        ...base,
        type: DECISION_RECORD_TYPE,
        decisionId,
        service: { code: def.code, version: def.version, contentHash: recheck.definitionHash },
        evidence: recheck.evidence as unknown as DecisionRecord['evidence'],
        evaluation: { evaluationId: recheck.evaluationId, asOf: recheck.asOf.toISOString().slice(0, 10), outcome: result.outcome },
        outcome,
        amount: amount === null ? null : { value: amount, currency: 'KZT', monthly: true, periodMonths: old.amount?.periodMonths ?? null },
        explanation: result.rules.map((r) => ({ ruleId: r.id, status: r.status, legalBasis: def.rules.find((d) => d.id === r.id)!.legalBasis })),
        failedRules: result.failedRules,
        unverified: result.unverified ?? null,
        decidedBy: by.kind === 'OFFICER' ? { kind: 'OFFICER', officerId: by.officerId, reason: by.reason, firstReviewer: null } : { kind: 'SYSTEM' },
        decidedAt: at.toISOString(),
        keyId,
        algorithm: 'Ed25519',
        replaces: { decisionId: standing.id, recordHash: contentHash(old), recheckId: recheck.id },
      };
      if (outcome === 'DENIED') {
        const grounds = groundsOf(def, result.failedRules, by.kind === 'OFFICER' ? by.grounds : undefined);
        if (grounds.length) record.grounds = grounds;
      }
      const signed = keyRing.signRecord(record);
      await createUnlessExists(() =>
        prisma.$transaction(async (tx) => {
          // Locks the schedule: a period recorded at this moment waits, then takes the new amount.
          // An end stops payment here, with the decision: a period falling due before the entitlement's workflow hears of it is not paid.
          await tx.entitlementSchedule.update({ where: { id: schedule.id }, data: { decisionId, ...(amount !== null ? { amount: new Prisma.Decimal(amount) } : { status: 'ENDED', endedAt: at }) } });
          await tx.decision.create({
            data: {
              id: decisionId,
              caseId: recheck.caseId,
              evaluationId: recheck.evaluationId,
              outcome,
              amount,
              record: signed.canonical,
              signature: signed.signature,
              keyId: signed.keyId,
              decidedBy: by.kind === 'OFFICER' ? by.officerId : 'system',
              decidedAt: at,
              replacesDecisionId: standing.id,
              ...(record.grounds ? { grounds: record.grounds.map((g) => g.code) } : {}),
            },
          });
          const superseded = await tx.decision.updateMany({ where: { id: standing.id, supersededBy: null }, data: { supersededBy: decisionId } });
          if (superseded.count !== 1) throw finalFailure('INVALID_STATE', `decision ${standing.id} was already replaced`);
          if (status === 'RECALCULATED') {
            await tx.entitlementChange.create({ data: { id: `${schedule.id}:recalculated-${decisionId}`, entitlementId: schedule.id, kind: 'RECALCULATED', reason: `decision ${decisionId} replaced ${standing.id} on ${reason}`, at } });
            await tx.case.update({ where: { id: recheck.caseId }, data: { amount } });
          }
          await tx.entitlementRecheck.update({ where: { id: recheck.id }, data: { status, decisionId, newAmount: amount } });
          if (recheck.taskId) await tx.task.updateMany({ where: { id: recheck.taskId }, data: { status: 'COMPLETED', completedAt: at, ...(by.kind === 'OFFICER' ? { assignee: by.officerId, resolution: { action: by.action, reason: by.reason, by: by.officerId, decisionId } } : {}) } });
          await appendAudit(tx, {
            stream: caseAuditStream(recheck.caseId),
            idempotencyKey: `${recheck.id}:decided`,
            actor: by.kind === 'OFFICER' ? by.officerId : 'system',
            action: 'DECISION_REPLACED',
            details: { recheckId: recheck.id, decisionId, replaces: standing.id, outcome, oldAmount: current, newAmount: amount, recordHash: contentHash(record), keyId: signed.keyId },
            at: at.toISOString(),
          });
          await notifyCaseChanged(tx, recheck.caseId);
        }),
      );
      await tell(recheck.id, recheck.caseId, status === 'ENDED' ? 'ended' : 'recalculated', def, result, { amount });
      const decision = await prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
      return { recheckId: recheck.id, status, decision: summaryOf(decision), reason: `decision ${decisionId} replaced ${standing.id} on ${reason}` };
    },
  };
}

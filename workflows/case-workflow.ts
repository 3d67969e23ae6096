/**
 * One government service case, from intake to a signed decision.
 *
 *   plan (service version pinned by the legal-fact date) → [proactive: pre-check → offer → consent]
 *   → evidence from registries, in parallel → rules → automatic decision
 *                                                   ↘ officer review (SLA → supervisor)
 *                                                     ↘ request information (working days) → back to rules
 *
 * Every step is projected to the read model by an idempotent activity; the workflow itself holds
 * only ids, codes and hashes.
 */
import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, getExternalWorkflowHandle, metricMeter, upsertSearchAttributes } from '@temporalio/workflow';
import type { EvaluationSummary } from '../activities/index.ts';
import { QYZMET_METRICS } from '../lib/temporal/metric-names.ts';
import { SA_DEPARTMENT, SA_SERVICE } from '../lib/temporal/search-attributes.ts';
import { registryActivities, store } from './case/activities.ts';
import { registerCitizenHandlers } from './case/citizen-handlers.ts';
import { createDecider, type Decider } from './case/decide.ts';
import { startEntitlement } from './case/entitlement-start.ts';
import { untilItSucceeds } from './case/failed-step.ts';
import { hearRefusal, hearsFirst, proposeRefusal, registerHearingHandlers } from './case/hearing.ts';
import { hasAnswers, useAnswersAsEvidence } from './case/information.ts';
import { informationDueAt } from './case/information-deadline.ts';
import { registerOfficerHandlers } from './case/officer-handlers.ts';
import { PATCH } from './case/patches.ts';
import { startPatchGeneration } from './patch-generations.ts';
import { ACTIVITY_SUMMARY } from './user-metadata.ts';
import { reviewThroughChain } from './case/review.ts';
import { CaseState } from './case/state.ts';
import { FailureType, offerPrecheckedSignal, type CaseStatus, type CaseWorkflowInput, type TaskState, type TimingOverrides } from './messages.ts';

export interface CaseWorkflowResult {
  caseId: string;
  status: CaseStatus;
  decisionId: string | null;
}

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseWorkflowResult> {
  const state = new CaseState(input.caseId);
  // First, before any await: the patch generation decides the case's code paths (patch-generations.ts).
  state.patchGeneration = startPatchGeneration();
  // Asked once, first: a case started before this change keeps failing a step for good as it did.
  state.holdsFailedSteps = state.patched(PATCH.failedStepNeedsAttention);
  // Likewise: a case started before hearings keeps deciding DENIED directly.
  state.hearsBeforeRefusal = state.patched(PATCH.preliminaryRefusalHearing);
  const timing = input.timing;
  const decider = createDecider(state, timing);
  registerCitizenHandlers(state);
  registerOfficerHandlers(state, decider);
  registerHearingHandlers(state);

  await run(state, decider, input);

  await condition(allHandlersFinished);
  return { caseId: state.caseId, status: state.status, decisionId: state.decision?.decisionId ?? null };
}

async function run(state: CaseState, decider: Decider, input: CaseWorkflowInput): Promise<void> {
  const plan = await store.loadCasePlan.executeWithOptions({ summary: ACTIVITY_SUMMARY.plan }, [{ caseId: state.caseId }]);
  state.plan = plan;
  // The SDK records workflow metrics on first execution only, never while replaying: one per case.
  metricMeter.createCounter(QYZMET_METRICS.casesStarted, '1', 'Cases started, by service and origin').add(1, { service: plan.serviceCode, origin: input.origin });
  upsertSearchAttributes([
    { key: SA_SERVICE, value: plan.serviceCode },
    { key: SA_DEPARTMENT, value: plan.department },
  ]);
  // Part of its life event's one offer: no offer SMS of its own, and its pre-check reported to the
  // life-event workflow (cases started before offers were bundled carry no offerBundle and never
  // reach the patch).
  const bundle = input.origin === 'PROACTIVE' && input.offerBundle && state.patched(PATCH.lifeEventOfferBundle) ? input.offerBundle : null;
  state.bundled = bundle !== null;
  if (plan.intakeErrors.length > 0) {
    await state.project({ status: 'REJECTED', event: { type: 'INTAKE_REJECTED', data: { errors: plan.intakeErrors } } });
    if (bundle) await reportPrecheck(bundle.lifeEventWorkflowId, state.caseId, false);
    return;
  }
  await state.project({
    event: { type: 'SERVICE_VERSION_PINNED', data: { serviceCode: plan.serviceCode, version: plan.serviceVersion, hash: plan.definitionHash } },
  });

  let unavailable: string[] | null = null;
  if (input.origin === 'PROACTIVE') {
    unavailable = await gatherEvidence(state, input.timing);
    const precheck = await evaluate(state, 'PRECHECK', unavailable);
    if (precheck.outcome === 'INELIGIBLE') {
      await state.project({ status: 'NOT_OFFERED', event: { type: 'PRECHECK_FAILED', data: { failedRules: precheck.failedRules } } });
      if (bundle) await reportPrecheck(bundle.lifeEventWorkflowId, state.caseId, false);
      return;
    }
    if (!(await offer(state, input.timing, bundle?.lifeEventWorkflowId ?? null))) return;
    // A bundled offer asks the registries again, after consent, for what its pre-check could not get.
    if (bundle && unavailable.length > 0) unavailable = null;
  }

  let reasons: string[] = [];
  let reevaluate = true;
  while (!state.closed) {
    if (reevaluate) {
      unavailable ??= await gatherEvidence(state, input.timing);
      if (state.withdrawn) return;
      if (hasAnswers(state)) await useAnswersAsEvidence(state, input.timing);
      const evaluation = await evaluate(state, 'DECISION', unavailable);
      unavailable = null;
      if (state.withdrawn) return;
      if (evaluation.outcome !== 'INDETERMINATE' && evaluation.escalationReasons.length === 0) {
        if (evaluation.outcome !== 'ELIGIBLE' && hearsFirst(state)) {
          proposeRefusal(state, { kind: 'SYSTEM' });
          break;
        }
        await decider.decide({
          outcome: evaluation.outcome === 'ELIGIBLE' ? 'APPROVED' : 'DENIED',
          amount: evaluation.outcome === 'ELIGIBLE' ? evaluation.amount : null,
          decidedBy: { kind: 'SYSTEM' },
        });
        break;
      }
      reasons = evaluation.escalationReasons.length ? evaluation.escalationReasons : ['RULE_INDETERMINATE'];
    }
    await review(state, decider, reasons);
    if (state.closed) break;
    const answered = await awaitInformation(state, input.timing);
    if (state.withdrawn) return;
    reevaluate = answered;
    reasons = answered ? [] : ['INFORMATION_DEADLINE_PASSED'];
  }

  // A refusal reached by the rules or an officer is heard before it is final.
  if (state.refusal?.phase === 'PROPOSED') await hearRefusal(state, decider, input.timing, review);
  if (state.withdrawn) return;

  if (state.decision) {
    const approved = state.decision.outcome === 'APPROVED';
    await state.notify({
      caseId: state.caseId,
      template: approved ? 'approved' : 'denied',
      idempotencyKey: `${state.caseId}:decision`,
      vars: { amount: state.decision.amount, decisionId: state.decision.decisionId },
    });
    if (approved && state.decision.amount !== null) {
      // The patch marker upserts a search attribute: the officer's resolving Update completes first.
      await handlersSettled();
      if (state.patched(PATCH.approvedStartsEntitlement)) await startEntitlement(state.caseId, input.timing);
    }
  }
}

/**
 * Lets a running Update handler (the consent or the answer that woke the main flow) finish before
 * the main flow schedules its next activity. Both await local activities in the same workflow
 * task; live, their results arrive one by one (the handler's first, so its Update completes
 * first), but on replay they arrive together and the main flow's shorter promise chain would
 * schedule first — a nondeterminism the replay corpus caught on consent and information
 * answers. Waiting emits no command and reproduces the order live runs record.
 */
const handlersSettled = (): Promise<void> => condition(allHandlersFinished);

/** Fetches every piece of evidence in parallel; returns the keys whose registry stayed down. */
async function gatherEvidence(state: CaseState, timing: TimingOverrides | undefined): Promise<string[]> {
  await state.project({ status: 'GATHERING_EVIDENCE', event: { type: 'EVIDENCE_REQUESTED', data: { keys: state.plan!.evidence.map((e) => e.key) } } });
  await handlersSettled();
  const outcomes = await Promise.all(
    state.plan!.evidence.map(async (item) => {
      try {
        await registryActivities(item.registry, timing).fetchEvidence.executeWithOptions({ summary: ACTIVITY_SUMMARY.evidence(item.registry, item.key) }, [{ caseId: state.caseId, key: item.key }]);
        return null;
      } catch (e) {
        // Not-found is an answer (recorded by the activity), not an outage.
        if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure && e.cause.type === FailureType.RegistryNotFound) return null;
        return item.key;
      }
    }),
  );
  const unavailable = outcomes.filter((k): k is string => k !== null);
  if (unavailable.length) await state.project({ event: { type: 'EVIDENCE_UNAVAILABLE', data: { keys: unavailable } } });
  return unavailable;
}

async function evaluate(state: CaseState, purpose: 'PRECHECK' | 'DECISION', unavailable: string[]): Promise<EvaluationSummary> {
  await state.project({ status: 'EVALUATING', event: { type: purpose === 'PRECHECK' ? 'PRECHECK_STARTED' : 'EVALUATION_STARTED' } });
  await handlersSettled();
  const input = { caseId: state.caseId, purpose, unavailable, asOf: state.now() };
  const evaluation = await untilItSucceeds(state, 'EVALUATION', () => store.evaluateCase.executeWithOptions({ summary: ACTIVITY_SUMMARY.evaluation(purpose) }, [input]));
  if (purpose === 'DECISION') state.evaluation = evaluation;
  await state.project({
    event: {
      type: purpose === 'PRECHECK' ? 'PRECHECK_EVALUATED' : 'EVALUATED',
      data: { evaluationId: evaluation.evaluationId, outcome: evaluation.outcome, failedRules: evaluation.failedRules, escalationReasons: evaluation.escalationReasons },
    },
  });
  return evaluation;
}

/** Tells the life-event workflow this case's pre-check is done; a life-event workflow already gone changes nothing here. */
async function reportPrecheck(lifeEventWorkflowId: string, caseId: string, offered: boolean): Promise<void> {
  try {
    await getExternalWorkflowHandle(lifeEventWorkflowId).signal(offerPrecheckedSignal, { caseId, offered });
  } catch {
    // The bundle was sent without this case (its pre-check came too late): the offer expires unsent.
  }
}

/**
 * Offers a proactive service and waits for consent. Returns true when the citizen consented. A
 * bundled case (lifeEventWorkflowId set) is offered by its life event's one SMS instead of its own.
 */
async function offer(state: CaseState, timing: TimingOverrides | undefined, lifeEventWorkflowId: string | null): Promise<boolean> {
  const windowMs = timing?.consentWindowMs ?? state.plan!.policy.consentWindowMs;
  state.offerExpiresAt = new Date(Date.now() + windowMs).toISOString();
  await state.project({ status: 'OFFERED', event: { type: 'OFFERED', data: { expiresAt: state.offerExpiresAt } }, caseFields: { offerExpiresAt: state.offerExpiresAt } });
  if (lifeEventWorkflowId) await reportPrecheck(lifeEventWorkflowId, state.caseId, true);
  else await state.notify({ caseId: state.caseId, template: 'offer', idempotencyKey: `${state.caseId}:offer`, vars: { until: state.offerExpiresAt } });

  await condition(() => state.consent === true || state.withdrawn, windowMs);
  if (state.consent === true) return true;
  if (state.withdrawn) return false;
  if (state.consent === false) {
    await state.project({ status: 'REFUSED', event: { type: 'OFFER_CLOSED', data: { result: 'REFUSED' } } });
  } else {
    await state.project({ status: 'EXPIRED', event: { type: 'OFFER_CLOSED', data: { result: 'EXPIRED' } } });
    // A bundle's expiry is told once, by its life-event workflow.
    if (!lifeEventWorkflowId) await state.notify({ caseId: state.caseId, template: 'expired', idempotencyKey: `${state.caseId}:expired` });
  }
  return false;
}

/** An officer task until the case is decided, withdrawn, or information is requested. */
async function review(state: CaseState, decider: Decider, reasons: string[]): Promise<void> {
  if (state.patched(PATCH.escalationChainWorkingDays)) return reviewThroughChain(state, reasons, decider.timing);
  const plan = state.plan!;
  state.escalationReasons = reasons;
  const task: TaskState = {
    taskId: state.nextTaskId(),
    kind: 'REVIEW',
    status: 'OPEN',
    department: plan.policy.candidateGroup.department,
    role: plan.policy.candidateGroup.role,
    assignee: null,
    reasons,
    dueAt: new Date(Date.now() + decider.slaMs()).toISOString(),
    escalated: false,
    firstReviewer: null,
  };
  state.tasks.push(task);
  await state.project({ status: 'PENDING_REVIEW', event: { type: 'TASK_OPENED', data: { taskId: task.taskId, reasons } }, task });
  await state.notify({ caseId: state.caseId, template: 'escalated', idempotencyKey: `${state.caseId}:escalated:${task.taskId}`, vars: { until: task.dueAt } });

  const settled = () => state.closed || state.informationRequested !== null;
  while (!settled()) {
    const current = state.openTask();
    if (!current) {
      await condition(() => settled() || state.openTask() !== undefined);
      continue;
    }
    const remaining = Math.max(Date.parse(current.dueAt) - Date.now(), 1);
    const moved = await condition(() => settled() || state.openTask() !== current, remaining);
    if (moved) continue;
    if (!current.escalated) {
      // SLA breached: the task goes to the supervisors, whoever held it.
      current.escalated = true;
      current.department = plan.policy.supervisorGroup.department;
      current.role = plan.policy.supervisorGroup.role;
      current.status = 'OPEN';
      current.assignee = null;
      current.dueAt = new Date(Date.now() + decider.supervisorSlaMs()).toISOString();
      await state.project({ event: { type: 'SLA_BREACHED', data: { taskId: current.taskId } }, task: current, audit: { actor: 'system', action: 'SLA_ESCALATED', details: { taskId: current.taskId } } });
      // The citizen was told "a decision by <first due date>"; now they learn the new date. Cases
      // escalated before this change recorded no such notification: they keep the old path.
      if (state.patched(PATCH.slaEscalationNotice)) {
        await state.notify({
          caseId: state.caseId,
          template: 'escalated',
          idempotencyKey: `${state.caseId}:sla-escalated:${current.taskId}`,
          vars: { until: current.dueAt },
        });
      }
    } else {
      await state.project({ event: { type: 'SUPERVISOR_SLA_BREACHED', data: { taskId: current.taskId } } });
      await condition(() => settled() || state.openTask() !== current);
    }
  }
}

/** Waits for the citizen's answer until the deadline. Returns true when answered. */
async function awaitInformation(state: CaseState, timing: TimingOverrides | undefined): Promise<boolean> {
  const policyMs = state.plan!.policy.informationDeadlineMs;
  const requestedAt = state.now();
  const deadlineMs = timing?.informationDeadlineMs ?? policyMs;
  // Working days over the calendar; a request made before the patch keeps its calendar span.
  const due = state.patched(PATCH.informationDeadlineWorkingDays) ? informationDueAt(policyMs, timing?.informationDeadlineMs, Date.now()) : null;
  // The one instant the timeline, the SMS, the API and the timer share.
  state.informationDueAt = due?.dueAt ?? new Date(Date.now() + deadlineMs).toISOString();
  state.informationProvided = false;
  const request = state.informationRequested;
  const counted = due ? { workingDays: due.workingDays, lastDay: due.lastDay, calendarVerified: due.calendarVerified } : {};
  await state.project({ status: 'AWAITING_INFORMATION', event: { type: 'INFORMATION_REQUESTED', data: { request, dueAt: state.informationDueAt, ...counted } } });
  await state.notify({
    caseId: state.caseId,
    template: 'informationRequested',
    // Two requests on one day share a working-day deadline: the request's own time tells them apart.
    idempotencyKey: due ? `${state.caseId}:info:${requestedAt}` : `${state.caseId}:info:${state.informationDueAt}`,
    vars: { request, until: state.informationDueAt },
  });
  const waitMs = due ? Math.max(Date.parse(due.dueAt) - Date.now(), 1) : deadlineMs;
  const answered = await condition(() => state.informationProvided || state.withdrawn, waitMs);
  state.informationRequested = null;
  state.informationDueAt = null;
  if (!answered) await state.project({ event: { type: 'INFORMATION_DEADLINE_PASSED' } });
  return answered && !state.withdrawn;
}

/**
 * Ids of the patches in caseWorkflow and lifeEventWorkflow: changes that alter the commands the workflow emits, guarded
 * with `patched(id)` so cases that started before the change replay down the old path (see the
 * README, "Versioning workflow code"). An id is forever: never rename or reuse one. Lifecycle:
 * `patched(id)` → once no case started before the change is still open, `deprecatePatch(id)` →
 * once no case recorded with the marker is still open, delete the old branch and the call.
 */
export const PATCH = {
  /** 2026-11: an SLA breach that hands a case to the supervisors tells the citizen the new deadline. */
  slaEscalationNotice: 'sla-escalation-notifies-citizen',
  /**
   * 2026-12: four-eyes on the amount actually paid — an approval at or above the threshold (not
   * only above it), above the computed amount, or of an amount the rules did not compute opens a
   * second review instead of deciding.
   */
  fourEyesOnPaidAmount: 'four-eyes-on-paid-amount',
  /**
   * 2026-12: a step that fails with an error no retry can fix (evaluation, decision, notification,
   * projection) holds the case in NEEDS_ATTENTION until retryFailedStep, instead of failing the
   * workflow run and leaving the read model behind for good. Asked once, at the start of the
   * workflow (so every new case records the marker first).
   */
  failedStepNeedsAttention: 'failed-step-needs-attention',
  /**
   * 2026-12: one offer per life event. lifeEventWorkflow waits for its cases' pre-checks and sends
   * one bundled offer SMS (and, when the window passes unanswered, one expiry SMS); a case started
   * with `offerBundle` sends no offer, refusal or expiry SMS of its own and reports its pre-check
   * to the life-event workflow. Also used by lifeEventWorkflow, whose ids live here too.
   */
  lifeEventOfferBundle: 'life-event-offer-bundle',
  /**
   * 2026-12: an Update handler (a refused offer, a withdrawal) tells the citizen through an
   * activity, scheduled only once the workflow task accepting the Update is committed, instead of
   * a local activity that sends the SMS before the commit (workflows/case/state.ts notifyFromHandler).
   */
  handlerNotifiesAfterCommit: 'handler-notifies-after-commit',
  /**
   * 2026-12: a hearing before a refusal (Administrative Procedural Code art. 73). An automatic
   * DENIED or an officer's DENY first becomes PRELIMINARY_REFUSAL: the citizen is told the grounds
   * and may object within the service's hearing window in working days; an objection opens an
   * officer review whose DENY is final, silence makes the refusal final (hearing.ts). Asked once,
   * at the start of the workflow: a case started before the change keeps deciding DENIED directly.
   */
  preliminaryRefusalHearing: 'preliminary-refusal-hearing',
  /**
   * 2026-12: an officer review climbs the department's escalation chain (officer group →
   * supervisor group → head of department, from the plan's operational policy), each level's SLA
   * counted in working days over Kazakhstan's calendar; staff are notified of a new task in their
   * group, of their task overdue and of a task escalated to them. Asked where a review starts: a
   * case whose review began before it keeps waiting at the supervisors as it did.
   */
  escalationChainWorkingDays: 'escalation-chain-working-days',
  /**
   * 2026-12: a citizen's answer to a request for information is kept: its text and its documents'
   * hashes are projected with INFORMATION_PROVIDED (the officer reads them), the documents' hashes
   * become evidence, and an answer the service declares a substitute for evidence (an IBAN for the
   * bank account) is checked with its registry before the rules run again.
   */
  informationAnswersAsEvidence: 'information-answers-as-evidence',
  /**
   * 2026-12: an approval with an amount starts the case's entitlement workflow (its payment life,
   * workflows/entitlement-workflow.ts) after the decision notification, as an abandoned child.
   */
  approvedStartsEntitlement: 'approved-starts-entitlement',
  /**
   * 2026-12: the citizen's time to answer a request for information counts working days over
   * Kazakhstan's calendar (the service's whole days, 'P10D', as 10 working days, ending 24:00
   * Almaty time), like the review SLAs and the hearing window, instead of a calendar span from the
   * request. Asked where a request is made: a request made before it keeps its calendar deadline.
   */
  informationDeadlineWorkingDays: 'information-deadline-working-days',
  /**
   * 2026-12: lifeEventWorkflow sends an employment registry event (RETURNED_TO_WORK,
   * CHILDCARE_LEAVE_RESUMED) on to the parent's running entitlements as suspend / resume signals
   * (workflows/entitlement-event-signals.ts). Asked only when planOffers routed the event to one.
   */
  lifeEventChangesEntitlements: 'life-event-changes-entitlements',
} as const;

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
   * 2026-12: an approval with an amount starts the case's entitlement workflow (its payment life,
   * workflows/entitlement-workflow.ts) after the decision notification, as an abandoned child.
   */
  approvedStartsEntitlement: 'approved-starts-entitlement',
} as const;

/**
 * Ids of the patches in entitlementWorkflow and appealWorkflow (the payment side), kept apart from
 * the case workflow's (workflows/case/patches.ts) under the same rules: an id is forever, never
 * renamed or reused; `patched(id)` → `deprecatePatch(id)` → the old branch deleted.
 */
export const PAYMENT_PATCH = {
  /**
   * 2026-12: a payment the payer rejects at delivery (a closed account) starts a rejection workflow
   * (workflows/payment-rejection-workflow.ts): an officer task, another account checked with the
   * bank registry, the payment re-issued under a new key.
   */
  rejectionOpensTask: 'payment-rejection-task',
  /**
   * 2026-12: an appeal that replaces a decision reaches the payment side: a refusal replaced by an
   * approval starts the entitlement; an approval with another amount corrects the periods already
   * instructed (a correction or a recovery per period, signed and audited).
   */
  appealCorrectsEntitlement: 'appeal-corrects-entitlement',
  /**
   * 2026-12: a monthly entitlement of a service that declares re-checks starts its re-check
   * workflow (workflows/recheck-workflow.ts): a lower amount or an end is heard before it is paid.
   */
  entitlementRechecks: 'entitlement-rechecks',
  /**
   * 2026-12: a monthly entitlement that completes or is ended tells the citizen so, with what was
   * instructed for payment in all (activities/entitlement-end-notice.ts).
   */
  entitlementEndNotice: 'entitlement-end-notice',
  /**
   * 2026-12: an appeal that replaces an approval with a refusal ends the entitlement from its start
   * (a recovery per period instructed, activities/entitlement-revocation.ts): the appeal tells the
   * entitlement's workflow to stop and delivers the recoveries.
   */
  refusalRevokesEntitlement: 'refusal-revokes-entitlement',
  /**
   * 2026-12: after its last period a monthly entitlement indexes the periods it paid PROVISIONAL
   * once the catalog has their year's MCI (activities/provisional-indexation.ts), asking at
   * intervals for up to a year.
   */
  provisionalPeriodsIndexed: 'provisional-periods-indexed',
  /**
   * 2026-12: a recovery (a refusal or a lower amount on appeal, periods indexed to a lower MCI)
   * is told to the citizen by one SMS per event once it has been delivered
   * (activities/recovery-notice.ts). The entitlement's workflow tries a few times and, should the
   * SMS gateway still fail, tells it before it ends: the payments never wait for an SMS.
   */
  recoveryTellsCitizen: 'recovery-tells-citizen',
  /**
   * 2026-12: a correction an appeal pays out and the payer rejects (a closed account) starts a
   * rejection workflow, like a rejected payment: an officer task, another account, re-issued once.
   */
  appealCorrectionRejectionTask: 'appeal-correction-rejection-task',
} as const;

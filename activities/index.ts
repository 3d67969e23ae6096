/**
 * All activities, built from their dependencies. Workflows import only types from here: the
 * activity interface they proxy is what this factory returns, so it cannot drift from the code.
 */
import { createAppealClaimActivities } from './appeal-claims.ts';
import { createAppealActivities } from './appeals.ts';
import { createCasePlanActivities } from './case-plan.ts';
import { createDecisionActivities } from './decisions.ts';
import type { ActivityDeps } from './deps.ts';
import { createEvaluationActivities } from './evaluation.ts';
import { createEntitlementEndNoticeActivities } from './entitlement-end-notice.ts';
import { createRecoveryNoticeActivities } from './recovery-notice.ts';
import { createEntitlementScheduleActivities } from './entitlement-schedule.ts';
import { createEvidenceActivities } from './evidence.ts';
import { createInformationActivities } from './information.ts';
import { failingFinallyOnInvalidData } from './failures.ts';
import { createNotificationActivities } from './notifications.ts';
import { createOfferBundleActivities } from './offer-bundles.ts';
import { createOfferActivities } from './offers.ts';
import { createPaymentOutboxActivities } from './payment-outbox.ts';
import { createPaymentRejectionActivities } from './payment-rejections.ts';
import { createEntitlementCorrectionActivities } from './entitlement-corrections.ts';
import { createRecheckActivities } from './rechecks.ts';
import { createPopulationSweepActivities } from './population-sweep.ts';
import { createProjectionActivities } from './projection.ts';
import { createStaffNotificationActivities } from './staff-notifications.ts';
export type { ActivityDeps } from './deps.ts';
export type * from './types.ts';
export type { NotifyStaffInput } from './staff-notifications.ts';

/**
 * A value the database can never accept fails any activity at once (activities/failures.ts) — a
 * decision whose amount overflows its column, an evaluation or notification record PostgreSQL
 * refuses — and the case workflow holds the case in NEEDS_ATTENTION instead of retrying for ever.
 */
export function createActivities(deps: ActivityDeps) {
  return failingFinallyOnInvalidData({
    ...createCasePlanActivities(deps),
    ...createAppealActivities(deps),
    ...createAppealClaimActivities(deps),
    ...createEvidenceActivities(deps),
    ...createInformationActivities(deps),
    ...createEvaluationActivities(deps),
    ...createDecisionActivities(deps),
    ...createNotificationActivities(deps),
    ...createOfferActivities(deps),
    ...createOfferBundleActivities(deps),
    ...createPopulationSweepActivities(deps),
    ...createProjectionActivities(deps),
    ...createStaffNotificationActivities(deps),
    ...createEntitlementScheduleActivities(deps),
    ...createEntitlementEndNoticeActivities(deps),
    ...createRecoveryNoticeActivities(deps),
    ...createPaymentOutboxActivities(deps),
    ...createPaymentRejectionActivities(deps),
    ...createEntitlementCorrectionActivities(deps),
    ...createRecheckActivities(deps),
  });
}

/** What the case workflow proxies (`proxyActivities<CaseActivities>`). */
export type CaseActivities = ReturnType<typeof createActivities>;

/**
 * Telling the citizen of a recovery from the entitlement's workflow (activities/recovery-notice.ts)
 * without holding its payments: a few tries within a few minutes, then the workflow goes on and
 * tells it later (before it ends). The appeal's workflow, with nothing left to pay, waits for it.
 */
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/index.ts';

const notifier = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** Whether the citizen was told of every recovery of the entitlement. */
export async function tryTellingRecoveries(entitlementId: string): Promise<boolean> {
  try {
    await notifier.notifyRecoveries({ entitlementId });
    return true;
  } catch (e) {
    if (!(e instanceof ActivityFailure)) throw e;
    return false;
  }
}

/**
 * Delivering an entitlement's outbox from workflow code (the entitlement, appeal and rejection
 * workflows): the payer may be down, so a few tries, then the instructions wait, PENDING, for the
 * next dispatch. Returns the instructions the payer rejected (none when the dispatch failed).
 */
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/index.ts';

const dispatcher = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

export async function dispatchOutbox(entitlementId: string): Promise<{ rejectedIds: string[] }> {
  try {
    const { rejectedIds } = await dispatcher.dispatchPaymentInstructions({ entitlementId });
    return { rejectedIds: rejectedIds ?? [] };
  } catch (e) {
    if (!(e instanceof ActivityFailure)) throw e;
    return { rejectedIds: [] };
  }
}

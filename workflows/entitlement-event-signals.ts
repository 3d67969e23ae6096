/**
 * An employment event's signals to the entitlement workflows it was routed to
 * (activities/entitlement-events.ts): suspend on a return to work, resume on a return to childcare
 * leave. Each entitlement workflow decides whether the signal changes anything (a suspend only
 * while paying, a resume only while suspended), so a fact reported twice changes nothing more.
 */
import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import type { EntitlementSignalPlan } from '../activities/types.ts';
import { resumeEntitlementSignal, suspendEntitlementSignal } from './messages.ts';

export async function signalEntitlements(changes: readonly EntitlementSignalPlan[]): Promise<void> {
  for (const c of changes) {
    try {
      await getExternalWorkflowHandle(c.workflowId).signal(c.change === 'SUSPEND' ? suspendEntitlementSignal : resumeEntitlementSignal, { reason: c.reason });
    } catch (e) {
      // The entitlement ran to its end since the routing: there is nothing left to suspend or resume.
      log.info('an employment event found its entitlement closed', { entitlementId: c.entitlementId, error: (e as Error).message });
    }
  }
}

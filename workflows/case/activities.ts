/**
 * Activity proxies for the case workflow, grouped by timeout and retry profile (the database and
 * projection profiles are activity-profiles.ts, shared with the bench's baseline). Registry calls
 * get one profile per registry (their latencies and failure modes differ); not-found and
 * bad-request answers are final, everything else is retried with backoff.
 */
import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/index.ts';
import { FailureType, type TimingOverrides } from '../messages.ts';
import { LOCAL_PROFILE, STORE_PROFILE } from './activity-profiles.ts';

/** Database work: short, retried until the database is back. */
export const store = proxyActivities<CaseActivities>(STORE_PROFILE);

/** Cheap projections run as local activities: no task-queue round trip, one marker in history. */
export const local = proxyLocalActivities<CaseActivities>(LOCAL_PROFILE);

/**
 * Staff notifications (e-mail or the log): retried for a while, then given up — a notice that
 * cannot leave is recorded as such and must never hold the case or its escalation.
 */
export const staffNotices = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

const REGISTRY_TIMEOUTS: Record<string, string> = {
  civil: '5 seconds',
  employment: '10 seconds',
  income: '10 seconds',
  disability: '5 seconds',
  bank: '5 seconds',
};

export function registryActivities(registry: string, timing: TimingOverrides | undefined) {
  const options: ActivityOptions = {
    startToCloseTimeout: REGISTRY_TIMEOUTS[registry] ?? '10 seconds',
    retry: {
      initialInterval: timing?.registryRetryInitialIntervalMs ?? 1000,
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
      maximumAttempts: timing?.registryMaxAttempts ?? 5,
      nonRetryableErrorTypes: [FailureType.RegistryNotFound, FailureType.RegistryBadRequest],
    },
  };
  return proxyActivities<CaseActivities>(options);
}

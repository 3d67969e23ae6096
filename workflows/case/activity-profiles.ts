/**
 * The timeout and retry profiles of the case workflow's database and projection activities. Plain
 * option objects with no imports at run time, so the bench's baseline workflow
 * (scripts/bench/baseline/workflows.ts) proxies its no-op activities with exactly these and a
 * ratio measures Qyzmet's own work, not a difference in retries.
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** Database work: short, retried until the database is back. */
export const STORE_PROFILE: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/** Cheap projections run as local activities: no task-queue round trip, one marker in history. */
export const LOCAL_PROFILE: LocalActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};

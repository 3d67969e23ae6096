/**
 * All activities, built from their dependencies. Workflows import only types from here: the
 * activity interface they proxy is what this factory returns, so it cannot drift from the code.
 */
import { createCasePlanActivities } from './case-plan.ts';
import { createDecisionActivities } from './decisions.ts';
import type { ActivityDeps } from './deps.ts';
import { createEvaluationActivities } from './evaluation.ts';
import { createEvidenceActivities } from './evidence.ts';
import { createNotificationActivities } from './notifications.ts';
import { createOfferActivities } from './offers.ts';
import { createPopulationSweepActivities } from './population-sweep.ts';
import { createProjectionActivities } from './projection.ts';
export type { ActivityDeps } from './deps.ts';
export type * from './types.ts';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createCasePlanActivities(deps),
    ...createEvidenceActivities(deps),
    ...createEvaluationActivities(deps),
    ...createDecisionActivities(deps),
    ...createNotificationActivities(deps),
    ...createOfferActivities(deps),
    ...createPopulationSweepActivities(deps),
    ...createProjectionActivities(deps),
  };
}

/** What the case workflow proxies (`proxyActivities<CaseActivities>`). */
export type CaseActivities = ReturnType<typeof createActivities>;

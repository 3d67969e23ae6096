/**
 * All activities, built from their dependencies. Workflows see only the types (activities/types.ts).
 */
import { createCasePlanActivities } from './case-plan.ts';
import { createDecisionActivities } from './decisions.ts';
import type { ActivityDeps } from './deps.ts';
import { createEvaluationActivities } from './evaluation.ts';
import { createEvidenceActivities } from './evidence.ts';
import { createNotificationActivities } from './notifications.ts';
import { createOfferActivities } from './offers.ts';
import { createProjectionActivities } from './projection.ts';
import type { CaseActivities } from './types.ts';

export type { ActivityDeps } from './deps.ts';

export function createActivities(deps: ActivityDeps): CaseActivities {
  return {
    ...createCasePlanActivities(deps),
    ...createEvidenceActivities(deps),
    ...createEvaluationActivities(deps),
    ...createDecisionActivities(deps),
    ...createNotificationActivities(deps),
    ...createOfferActivities(deps),
    ...createProjectionActivities(deps),
  };
}

/**
 * Each workflow type's versioning behaviour (Worker Deployment Versioning, README "Safe rollouts"):
 * which build runs a workflow's next task once a new build is current.
 *
 * - AUTO_UPGRADE: the case, appeal, entitlement, re-check, life-event and payment-rejection
 *   workflows wait days (an officer, a hearing window, 72 hours for consent) to years (a monthly
 *   benefit). Pinning them would keep every old build running for as long as its oldest case, so
 *   they move to the current build at their next task; they stay replayable there because every
 *   change of their commands goes through `patched()` and the committed replay corpus checks it.
 * - PINNED: the population sweep runs for minutes and pages through the registry with one
 *   build's paging logic from start to end; the old build is kept until its sweeps drain (the
 *   version's drainage status says when).
 *
 * Declared with a getter: the behaviour is sent only from a versioned worker (its
 * `currentDeploymentVersion` names a deployment; an unversioned worker's has only a build id and an
 * empty deployment name). An unversioned worker — development, the tests — that sends one has its
 * workflow task completions refused by the server, and its workflows never get past their first task.
 */
import type { VersioningBehavior } from '@temporalio/common';
import { setWorkflowOptions, workflowInfo } from '@temporalio/workflow';
import { appealWorkflow } from './appeal-workflow.ts';
import { caseWorkflow } from './case-workflow.ts';
import { entitlementWorkflow } from './entitlement-workflow.ts';
import { lifeEventWorkflow } from './life-event-workflow.ts';
import { paymentRejectionWorkflow } from './payment-rejection-workflow.ts';
import { populationSweepWorkflow } from './population-sweep-workflow.ts';
import { recheckWorkflow } from './recheck-workflow.ts';

/** Every workflow type the worker runs, with its behaviour (a test checks none is missing). */
export const WORKFLOW_VERSIONING: [fn: (...args: never[]) => Promise<unknown>, behavior: VersioningBehavior][] = [
  [caseWorkflow, 'AUTO_UPGRADE'],
  [appealWorkflow, 'AUTO_UPGRADE'],
  [entitlementWorkflow, 'AUTO_UPGRADE'],
  [recheckWorkflow, 'AUTO_UPGRADE'],
  [lifeEventWorkflow, 'AUTO_UPGRADE'],
  [paymentRejectionWorkflow, 'AUTO_UPGRADE'],
  [populationSweepWorkflow, 'PINNED'],
];

// The behaviour is attached to each function once, when the bundle loads; no commands change, so replay is unaffected.
for (const [fn, behavior] of WORKFLOW_VERSIONING) {
  setWorkflowOptions(() => (workflowInfo().currentDeploymentVersion?.deploymentName ? { versioningBehavior: behavior } : {}), fn);
}

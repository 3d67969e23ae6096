// The worker's only workflowsPath: every workflow type Qyzmet runs.
export { appealWorkflow } from './appeal-workflow.ts';
export { caseWorkflow } from './case-workflow.ts';
export { lifeEventWorkflow } from './life-event-workflow.ts';
export { populationSweepWorkflow } from './population-sweep-workflow.ts';
export { entitlementWorkflow } from './entitlement-workflow.ts';
export { paymentRejectionWorkflow } from './payment-rejection-workflow.ts';
export { recheckWorkflow } from './recheck-workflow.ts';
// Each type's versioning behaviour, attached to the functions above (workflows/versioning.ts).
import './versioning.ts';

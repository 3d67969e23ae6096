/**
 * What baseline B's workflow, its activities and the bench agree on. Type-only for workflow code.
 * Sizes are JSON payload bytes; every argument carries the size of the result it asks for, so one
 * no-op activity per type serves every call of that type.
 */
export type CaseKind = 'auto' | 'review';

/** [local ? 1 : 0, index into types, input bytes, result bytes or -1 for none]. */
export type CompactStep = [0 | 1, number, number, number];

export interface CompactShape {
  types: string[];
  main: CompactStep[][];
  update: { name: string; resultBytes: number; batches: CompactStep[][] } | null;
  after: CompactStep[][];
  resultBytes: number;
}

export interface BaselineInput {
  kind: CaseKind;
  /** Input size of the first activity (the one that returns the rest of the shape). */
  first: number;
  p: string;
}

/** Argument of every no-op activity: `o` = result bytes wanted (-1: none), `p` = padding. */
export interface StepArg {
  o: number;
  k?: CaseKind;
  p: string;
}

export const BASELINE_WORKFLOW = 'baselineWorkflow';
/** The platform case's first activity; B's has the same name, so its events have the same size. */
export const FIRST_ACTIVITY = 'loadCasePlan';
/** Query (not in history) the bench polls to know a review-kind workflow is waiting for its Update. */
export const WAITING_QUERY = 'waiting';

/**
 * B's entitlement: the least a monthly payment needs on bare Temporal — a durable timer per
 * period, paced as the platform's entitlement is (period k falls due at start + k × periodMs, at
 * once when already past), and one activity recording the period.
 */
export const BASELINE_ENTITLEMENT_WORKFLOW = 'baselineEntitlementWorkflow';
export const PERIOD_ACTIVITY = 'recordPeriod';

export interface BaselineEntitlementInput {
  id: string;
  months: number;
  periodMs: number;
}

export interface RecordPeriodArg {
  id: string;
  seq: number;
}

/**
 * Baseline B's activities: one no-op per activity type of the platform case, answering with a
 * payload of the requested size. The first one hands the workflow its shape.
 */
import type { Batch, StepShape, WorkflowShape } from '../shape.ts';
import { FIRST_ACTIVITY, PERIOD_ACTIVITY, type CaseKind, type CompactShape, type CompactStep, type RecordPeriodArg, type StepArg } from './protocol.ts';

export function compact(shape: WorkflowShape): CompactShape {
  const types: string[] = [];
  const step = (s: StepShape): CompactStep => {
    if (!types.includes(s.type)) types.push(s.type);
    return [s.local ? 1 : 0, types.indexOf(s.type), s.inBytes, s.outBytes ?? -1];
  };
  const batches = (bs: Batch[]) => bs.map((b) => b.map(step));
  return {
    types,
    main: batches(shape.main),
    update: shape.update ? { name: shape.update.name, resultBytes: shape.update.resultBytes, batches: batches(shape.update.batches) } : null,
    after: batches(shape.after),
    resultBytes: shape.resultBytes,
  };
}

const pad = (bytes: number) => 'x'.repeat(Math.max(bytes - 2, 0));

export function createBaselineActivities(shapes: Record<CaseKind, WorkflowShape>): Record<string, (arg: StepArg) => Promise<unknown>> {
  const compacts = { auto: compact(shapes.auto), review: compact(shapes.review) };
  const firstOut = (kind: CaseKind) => {
    const bytes = shapes[kind].first.outBytes ?? 0;
    const bare = JSON.stringify({ s: compacts[kind], p: '' }).length;
    return { s: compacts[kind], p: 'x'.repeat(Math.max(bytes - bare, 0)) };
  };
  const answers = { auto: firstOut('auto'), review: firstOut('review') };
  const noop = async (arg: StepArg): Promise<unknown> => (arg.o < 0 ? undefined : pad(arg.o));
  const activities: Record<string, (arg: StepArg) => Promise<unknown>> = {};
  for (const c of Object.values(compacts)) for (const t of c.types) activities[t] = noop;
  activities[FIRST_ACTIVITY] = async (arg) => (arg.k ? answers[arg.k] : noop(arg));
  return activities;
}

/** How much bigger B's first result must be than the platform's (its shape does not fit): 0 when it fits. */
export function shapeOverflow(shape: WorkflowShape): number {
  const need = JSON.stringify({ s: compact(shape), p: '' }).length;
  return Math.max(need - (shape.first.outBytes ?? 0), 0);
}

/** B's period record: kept in the worker's memory (periods recorded per entitlement), which the bench reads to know where each stands. */
const recorded = new Map<string, number>();

export function createBaselineEntitlementActivities(): Record<typeof PERIOD_ACTIVITY, (arg: RecordPeriodArg) => Promise<void>> {
  return {
    [PERIOD_ACTIVITY]: async ({ id, seq }) => {
      recorded.set(id, Math.max(recorded.get(id) ?? 0, seq + 1));
    },
  };
}

export function recordedPeriods(): Record<string, number> {
  return Object.fromEntries(recorded);
}

/**
 * Patch generations: one marker at a workflow's start that stands for every patch it names, so a
 * workflow decides its code paths in its first workflow task instead of where each change sits.
 *
 * Why not `patched(id)` at each change alone: on replay the SDK resolves a local activity in the
 * workflow task whose completion recorded its marker, but live a query answered while that
 * activity's result was pending completes the task early (the marker goes out with the query's
 * answer) and the workflow learns the result in the next task. Code that runs right after the
 * local activity — a `patched(id)` call above all — then runs one task earlier on replay than it
 * did live; the patch's marker is not yet in view, `patched(id)` says false, and the replay fails
 * ("Non-deprecated patch marker encountered … no corresponding change command"). A worker that
 * lost the workflow from its cache would fail that task for good. Queries come from engineers'
 * tools and the Temporal UI, so this is not a test artefact. (@temporalio/worker 1.24.0;
 * test/replay/query-split.test.ts shows it, and that the generation marker is immune.)
 *
 * The generation marker is recorded in the first workflow task, before any local activity, so it
 * is in view from the first activation on replay. A workflow started under generation N takes the
 * new path of every patch N names and records no per-patch marker; a workflow started before any
 * generation (generation 0) asks `patched(id)` exactly as it always did, so histories recorded
 * before generations replay unchanged.
 *
 * Rules: a generation's list is frozen once released (histories carry its marker); a new patch id
 * gets a new generation naming every earlier id too (test/workflows/patch-generations.test.ts
 * checks both). Until it has one, it is asked with `patched(id)`.
 */
import { patched } from '@temporalio/workflow';

export interface PatchGeneration {
  marker: string;
  /** Every patch id this generation stands for. Frozen once released. */
  covers: readonly string[];
}

export const PATCH_GENERATIONS: readonly PatchGeneration[] = [
  {
    marker: 'patch-generation-1',
    covers: [
      // workflows/case/patches.ts
      'sla-escalation-notifies-citizen',
      'four-eyes-on-paid-amount',
      'failed-step-needs-attention',
      'life-event-offer-bundle',
      'handler-notifies-after-commit',
      'preliminary-refusal-hearing',
      'escalation-chain-working-days',
      'information-answers-as-evidence',
      'approved-starts-entitlement',
      'information-deadline-working-days',
      'life-event-changes-entitlements',
      // workflows/payment-patches.ts
      'payment-rejection-task',
      'appeal-corrects-entitlement',
      'entitlement-rechecks',
      'entitlement-end-notice',
      'refusal-revokes-entitlement',
      'provisional-periods-indexed',
    ],
  },
  {
    marker: 'patch-generation-2',
    // Generation 1's ids, then the new ones.
    covers: [
      'sla-escalation-notifies-citizen',
      'four-eyes-on-paid-amount',
      'failed-step-needs-attention',
      'life-event-offer-bundle',
      'handler-notifies-after-commit',
      'preliminary-refusal-hearing',
      'escalation-chain-working-days',
      'information-answers-as-evidence',
      'approved-starts-entitlement',
      'information-deadline-working-days',
      'life-event-changes-entitlements',
      'payment-rejection-task',
      'appeal-corrects-entitlement',
      'entitlement-rechecks',
      'entitlement-end-notice',
      'refusal-revokes-entitlement',
      'provisional-periods-indexed',
      // workflows/payment-patches.ts
      'recovery-tells-citizen',
      'appeal-correction-rejection-task',
    ],
  },
];

/**
 * The generation this run started under. Call it first thing in the workflow function, before any
 * await: live it records the newest generation's marker; on replay it finds whichever the history
 * holds (0 when none).
 */
export function startPatchGeneration(): number {
  for (let g = PATCH_GENERATIONS.length; g >= 1; g--) if (patched(PATCH_GENERATIONS[g - 1]!.marker)) return g;
  return 0;
}

/** Whether this run takes the new path of patch `id`: by its generation when that names it, else `patched(id)`. */
export function isPatched(generation: number, id: string): boolean {
  const first = PATCH_GENERATIONS.findIndex((g) => g.covers.includes(id)) + 1;
  if (first > 0 && generation >= first) return true;
  return patched(id);
}

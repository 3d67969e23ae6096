/**
 * Baseline B: a bare workflow that performs the platform case's activity pattern — the same
 * count and kind (regular / local) of activities per workflow task, the same payload sizes —
 * with activities that do nothing. Its shape arrives as the result of its first activity, which
 * the platform's first activity (loading the case plan) makes as large anyway.
 */
import { condition, defineQuery, defineUpdate, proxyActivities, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
import { LOCAL_PROFILE, STORE_PROFILE } from '../../../workflows/case/activity-profiles.ts';
import { FIRST_ACTIVITY, PERIOD_ACTIVITY, WAITING_QUERY, type BaselineEntitlementInput, type BaselineInput, type CompactShape, type CompactStep, type RecordPeriodArg, type StepArg } from './protocol.ts';

// The case workflow's own timeout and retry profiles, not a copy of them.
const regular = proxyActivities<Record<string, (arg: StepArg) => Promise<unknown>>>(STORE_PROFILE);
const local = proxyLocalActivities<Record<string, (arg: StepArg) => Promise<unknown>>>(LOCAL_PROFILE);

const pad = (bytes: number) => 'x'.repeat(Math.max(bytes - 2, 0));

function argOf(inBytes: number, outBytes: number): StepArg {
  const bare = JSON.stringify({ o: outBytes, p: '' }).length;
  return { o: outBytes, p: 'x'.repeat(Math.max(inBytes - bare, 0)) };
}

async function runBatches(shape: CompactShape, batches: CompactStep[][]): Promise<void> {
  for (const batch of batches) {
    const pending: Promise<unknown>[] = [];
    for (const [isLocal, type, inBytes, outBytes] of batch) {
      const name = shape.types[type]!;
      if (isLocal) await local[name]!(argOf(inBytes, outBytes));
      else pending.push(regular[name]!(argOf(inBytes, outBytes)));
    }
    await Promise.all(pending);
  }
}

export async function baselineWorkflow(input: BaselineInput): Promise<string> {
  let updated = false;
  let waiting = false;
  setHandler(defineQuery<boolean>(WAITING_QUERY), () => waiting);
  const bare = JSON.stringify({ o: 0, k: input.kind, p: '' }).length;
  const first = (await regular[FIRST_ACTIVITY]!({ o: 0, k: input.kind, p: 'x'.repeat(Math.max(input.first - bare, 0)) })) as { s: CompactShape };
  const shape = first.s;
  const update = shape.update;
  if (update) {
    setHandler(defineUpdate<string, [unknown]>(update.name), async () => {
      await runBatches(shape, update.batches);
      updated = true;
      return pad(update.resultBytes);
    });
  }
  await runBatches(shape, shape.main);
  waiting = true;
  if (update) await condition(() => updated);
  await runBatches(shape, shape.after);
  return pad(shape.resultBytes);
}

const periods = proxyActivities<Record<typeof PERIOD_ACTIVITY, (arg: RecordPeriodArg) => Promise<void>>>(STORE_PROFILE);

/** B's entitlement (protocol.ts): a timer per period and one activity recording it, nothing else. */
export async function baselineEntitlementWorkflow(input: BaselineEntitlementInput): Promise<number> {
  const anchorMs = Date.now();
  for (let seq = 0; seq < input.months; seq++) {
    const dueAt = anchorMs + seq * input.periodMs;
    if (Date.now() < dueAt) await sleep(dueAt - Date.now());
    await periods[PERIOD_ACTIVITY]({ id: input.id, seq });
  }
  return input.months;
}

/**
 * The working-day calendar inside a real workflow: bundled by Temporal's bundler (which refuses
 * Node modules), run on the dev server, giving the same answer as outside the sandbox, and
 * replaying its own history.
 */
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { almatyDate } from '../../lib/calendar/almaty-time.ts';
import { resolveDeadline } from '../../lib/calendar/deadline.ts';
import { bundleSandboxWorkflows, connectTestClient, startTestWorker, type TestWorker } from './harness.ts';

describe('the working-day calendar in workflow code', () => {
  let code: string;
  let worker: TestWorker;
  let temporal: Awaited<ReturnType<typeof connectTestClient>>;

  beforeAll(async () => {
    code = await bundleSandboxWorkflows();
    worker = await startTestWorker({ code });
    temporal = await connectTestClient();
  });
  afterAll(async () => {
    await worker?.stop();
    await temporal?.close();
  });

  it('resolves a 3-working-day SLA from the Friday before Nauryz as outside the sandbox, and replays', async () => {
    const input = { start: '2026-03-20T05:00:00Z', deadline: '3 working days' };
    const handle = await temporal.client.workflow.start('deadlineWorkflow', { taskQueue: worker.taskQueue, workflowId: `deadline-${Date.now()}`, args: [input] });
    const result = (await handle.result()) as { fixed: ReturnType<typeof resolveDeadline>; fromWorkflowTime: ReturnType<typeof resolveDeadline>; nauryz: string };

    expect(result.fixed.lastDay).toBe('2026-03-30');
    expect(result.fixed.dueAt).toBe('2026-03-30T19:00:00.000Z');
    expect(result.fixed).toEqual(JSON.parse(JSON.stringify(resolveDeadline(input.start, input.deadline))));
    expect(result.nauryz).toBe('SUBSTITUTE_DAY_OFF');

    const started = (await handle.describe()).startTime;
    expect(result.fromWorkflowTime.startDate).toBe(almatyDate(started));
    expect(result.fromWorkflowTime.dueMs).toBeGreaterThan(started.getTime());
    expect(result.fromWorkflowTime.days!.filter((d) => d.working)).toHaveLength(3);

    await Worker.runReplayHistory({ workflowBundle: { code } }, await handle.fetchHistory(), handle.workflowId);
  });
});

/**
 * Replay catches what breaks running cases. In throw-away copies of workflows/:
 *   1. an innocent-looking refactor — fetching evidence one registry at a time instead of in
 *      parallel — changes the commands every case emits: replay of the committed corpus fails,
 *      naming each workflow and the first event its history disagrees with (the library, and
 *      `npm run replay` exiting 1);
 *   2. the SLA-notification change without its patched() guard breaks the histories recorded
 *      before it (v1), and removing the guard's call breaks the ones recorded after (v2) —
 *      which is why the guard is there;
 *   3. without the main flow waiting for Update handlers (handlersSettled), the histories in
 *      which a consent or an answer woke the main flow do not replay — not even v1, recorded by
 *      that very code: the race the corpus found (from v5 also an officer's approval).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { collectHistoryFiles, readHistoryFile } from '../../lib/temporal/history/files.ts';
import { replayHistories, type ReplaySummary } from '../../lib/temporal/history/replayer.ts';
import { loadWorkflowBundle } from '../../lib/temporal/workflow-code.ts';
import { CORPUS, copyWorkflows, GENERATIONS } from './support.ts';
import { quietRuntime } from '../support/temporal.ts';

const run = promisify(execFile);

const SEQUENTIAL_EVIDENCE = {
  file: 'case-workflow.ts',
  from: /const outcomes = await Promise\.all\(\n\s+state\.plan!\.evidence\.map\(async \(item\) => \{([\s\S]*?)\n\s+\}\),\n\s+\);/,
  to: 'const outcomes: (string | null)[] = [];\n  for (const item of state.plan!.evidence) outcomes.push(await (async () => {$1\n  })());',
};

describe('replay against an incompatible change', () => {
  let tmp: string;
  let broken: string;
  let summary: ReplaySummary;
  beforeAll(async () => {
    quietRuntime();
    tmp = path.join(inject('tempRoot'), `incompatible-${process.pid}`);
    broken = copyWorkflows(path.join(tmp, 'sequential'), SEQUENTIAL_EVIDENCE);
    summary = await replayHistories(collectHistoryFiles([CORPUS]).map(readHistoryFile), { bundle: await loadWorkflowBundle({ workflowsPath: broken }) });
  });

  it('fails every case history, naming the workflow and the first mismatching event and command', () => {
    const cases = summary.items.filter((i) => i.workflowType === 'caseWorkflow');
    expect(cases.length).toBeGreaterThan(20);
    expect(summary.failed).toBe(cases.length);
    for (const f of summary.failures) {
      expect(f.workflowId).toMatch(/^case-c[0-9a-f]{20}$/);
      expect(f.kind).toBe('NONDETERMINISM');
      // The second registry call is where the sequential code has nothing to show yet.
      expect(f.mismatch).toMatchObject({ eventType: 'ActivityTaskScheduled', event: expect.stringMatching(/^activity fetchEvidence \(activity id \d+\)$/) });
      expect(f.mismatch!.eventId).toBeGreaterThan(10);
      expect(f.mismatch!.detail).toContain(`HistoryEvent(id: ${f.mismatch!.eventId}, ActivityTaskScheduled)`);
      expect(f.mismatch!.hint).toContain("patched('case-<what-changed>')");
    }
    // The life-event workflow did not change: its histories still pass.
    expect(summary.items.filter((i) => i.workflowType === 'lifeEventWorkflow').every((i) => i.ok)).toBe(true);
  });

  it('makes `npm run replay` exit 1 with the workflow and the event in its summary', async () => {
    const cli = run(process.execPath, ['--import', 'tsx', 'scripts/replay.ts', '--dir', path.join(CORPUS, 'v1'), '--workflows', broken], { cwd: PROJECT_ROOT });
    const failure = await cli.then(
      () => null,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    const first = summary.failures.find((f) => f.source.includes(`${path.sep}v1${path.sep}`))!;
    expect(failure!.stdout).toMatch(/^Replay summary: 19 replayed, 3 passed, 16 failed/m);
    expect(failure!.stdout).toContain(`FAILED ${first.workflowId} (caseWorkflow`);
    expect(failure!.stdout).toContain(`first mismatch: event ${first.mismatch!.eventId} ActivityTaskScheduled — activity fetchEvidence`);
    expect(failure!.stderr).toMatch(/replaying \[#+-*\] \d+\/19/);
  });

  it('shows why the SLA notification is guarded with patched(): without it, histories from before the change fail', async () => {
    const unguarded = copyWorkflows(path.join(tmp, 'unguarded'), { file: 'case-workflow.ts', from: 'if (state.patched(PATCH.slaEscalationNotice))', to: 'if (true)' });
    const r = await replayHistories(collectHistoryFiles([path.join(CORPUS, 'v1', 'sla-supervisor')]).map(readHistoryFile), { bundle: await loadWorkflowBundle({ workflowsPath: unguarded }) });
    expect(r.failed).toBe(1);
    expect(r.failures[0]!.mismatch).toMatchObject({ eventType: 'TimerStarted', command: expect.stringContaining('still waiting at an earlier step') });
  });

  it('and removing the call once histories carry its marker breaks those histories', async () => {
    const removed = copyWorkflows(path.join(tmp, 'removed'), { file: 'case-workflow.ts', from: 'if (state.patched(PATCH.slaEscalationNotice))', to: 'if (false)' });
    const r = await replayHistories(collectHistoryFiles([path.join(CORPUS, 'v2', 'sla-supervisor')]).map(readHistoryFile), { bundle: await loadWorkflowBundle({ workflowsPath: removed }) });
    expect(r.failed).toBe(1);
    expect(r.failures[0]!.mismatch).toMatchObject({ eventType: 'MarkerRecorded', event: "patch marker 'sla-escalation-notifies-citizen'" });
    expect(r.failures[0]!.mismatch!.hint).toContain("deprecatePatch('sla-escalation-notifies-citizen')");
  });

  it('fails consent and answer histories when the main flow does not wait for Update handlers', async () => {
    const racy = copyWorkflows(path.join(tmp, 'racy'), {
      file: 'case-workflow.ts',
      from: 'const handlersSettled = (): Promise<void> => condition(allHandlersFinished);',
      to: 'const handlersSettled = async (): Promise<void> => {};',
    });
    const r = await replayHistories(collectHistoryFiles([CORPUS]).map(readHistoryFile), { bundle: await loadWorkflowBundle({ workflowsPath: racy }) });
    const failed = r.failures.map((f) => `${path.basename(path.dirname(path.dirname(f.source)))}/${path.basename(path.dirname(f.source))}:${f.mismatch?.event}`).sort();
    // From v5 an IBAN answer wakes the main flow too, and so does an officer's approval: the
    // Update completes where the approval's decision and entitlement start would be scheduled.
    const sinceV5 = GENERATIONS.filter((g) => Number(g.slice(1)) >= 5).flatMap((g) => [
      `${g}/escalate-approve:Update resolveTask completed`,
      `${g}/four-eyes:Update resolveTask completed`,
      `${g}/hearing-objection:Update resolveTask completed`,
      `${g}/info-iban-evidence:Update provideInformation completed`,
      `${g}/registry-outage:Update resolveTask completed`,
    ]);
    expect(failed).toEqual(
      [
        ...GENERATIONS.flatMap((g) => [`${g}/info-answered:Update provideInformation completed`, `${g}/offer-consent-refusal:Update respondToOffer completed`, `${g}/offer-reversal:Update respondToOffer completed`]),
        ...sinceV5,
      ].sort(),
    );
    // An approval's Update races the upsert that marks the case approved (approved-starts-entitlement).
    const racedWith = (f: (typeof r.failures)[number]) => (f.mismatch?.event === 'Update resolveTask completed' ? 'UpsertWorkflowSearchAttributes' : 'ScheduleActivityTask');
    for (const f of r.failures) expect(f.mismatch).toMatchObject({ eventType: 'WorkflowExecutionUpdateCompleted', command: racedWith(f), hint: expect.stringContaining('condition(allHandlersFinished)') });
  });

  it('finds the first mismatch by bisection when core names only the activity types', async () => {
    const extraNotice = copyWorkflows(path.join(tmp, 'extra-notice'), {
      file: 'case-workflow.ts',
      from: "  await state.project({\n    event: { type: 'SERVICE_VERSION_PINNED'",
      to: "  await state.notify({ caseId: state.caseId, template: 'escalated', idempotencyKey: `${state.caseId}:received` });\n  await state.project({\n    event: { type: 'SERVICE_VERSION_PINNED'",
    });
    const r = await replayHistories(collectHistoryFiles([path.join(CORPUS, 'v2', 'auto-approve')]).map(readHistoryFile), { bundle: await loadWorkflowBundle({ workflowsPath: extraNotice }) });
    expect(r.failures[0]!.mismatch).toMatchObject({
      detail: "Activity type of recorded marker 'projectStep' does not match activity type of local activity command 'notifyCitizen'",
      eventType: 'MarkerRecorded',
      event: 'local activity projectStep (seq 2)',
      command: 'RecordMarker (local activity notifyCitizen)',
    });
    const history = readHistoryFile(collectHistoryFiles([path.join(CORPUS, 'v2', 'auto-approve')])[0]!);
    const firstProjection = history.history.events!.find((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')!;
    expect(r.failures[0]!.mismatch!.eventId).toBe(Number(firstProjection.eventId));
  });
});

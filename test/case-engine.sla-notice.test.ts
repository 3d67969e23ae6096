/**
 * The patched evolution of caseWorkflow: when an SLA breach hands a case to the supervisors, the
 * citizen — told "a decision by <first due date>" — is told the new date; new histories carry
 * their patch generation's marker (histories from before it replay without one: test/replay/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypeName, markerInfo } from '../lib/temporal/history/events.ts';
import { historyToJson } from '../lib/temporal/history/json.ts';
import { kzDeadline } from '../lib/kz-time.ts';
import { PATCH } from '../workflows/case/patches.ts';
import { PATCH_GENERATIONS } from '../workflows/patch-generations.ts';
import { caseWorkflowId, claimTaskUpdate } from '../workflows/messages.ts';
import { officers, startEngine, type Engine } from './support/engine.ts';

describe('case engine: the citizen learns the new deadline when the SLA escalates the case', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind: 'pglite' });
  });
  afterAll(async () => engine?.close());

  it('sends one SMS with the supervisors\' due date, and records the patch marker', async () => {
    const p = engine.dataset.personas.notFoundEmployment;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-20' }, timing: { slaMs: 1500, supervisorSlaMs: 600_000 } });
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
    const escalated = (await engine.waitFor(caseId, (s) => s.tasks.some((t) => t.escalated), 20_000)).tasks[0]!;
    const key = `${caseId}:sla-escalated:${task.taskId}`;
    const deadline = Date.now() + 10_000;
    while (!engine.sms.some((m) => m.idempotencyKey === key) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    const sent = engine.sms.filter((m) => m.idempotencyKey === key);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(kzDeadline(escalated.dueAt));
    const first = engine.sms.find((m) => m.idempotencyKey === `${caseId}:escalated:${task.taskId}`)!;
    expect(first.to).toBe(sent[0]!.to);

    const history = historyToJson(await engine.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory());
    const patches = history.events.filter((e) => eventTypeName(e) === 'MarkerRecorded').map(markerInfo).filter((m) => m.kind === 'patch');
    // A new case records one marker, its patch generation, at its start: it stands for the escalation
    // chain (whose review tells the citizen the new date itself) and every other patch it names.
    // Cases started before generations asked each patch where it sits (test/replay/ replays them).
    const newest = PATCH_GENERATIONS.at(-1)!;
    expect(newest.covers).toContain(PATCH.escalationChainWorkingDays);
    expect(patches).toEqual([{ kind: 'patch', patchId: newest.marker, deprecated: false }]);
  });
});

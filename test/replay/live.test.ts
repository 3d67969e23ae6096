/**
 * Replay of histories fetched live from a running Temporal server (the run's dev server, with
 * the real worker and activities): by case id and by visibility query through `npm run replay`,
 * with its progress bar and summary; exports scrubbed of the synthetic population's personal
 * data (and, as a control, an unscrubbed export that is not); and the library functions the
 * GraphQL API calls (exportCaseHistory, replayCase).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { offerCaseId } from '../../activities/offers.ts';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { exportCaseHistory } from '../../api/temporal/history.ts';
import { replayCase } from '../../api/temporal/replay.ts';
import { loadWorkflowBundle } from '../../lib/temporal/workflow-code.ts';
import { collectHistoryFiles } from '../../lib/temporal/history/files.ts';
import { caseWorkflowId, claimTaskUpdate, lifeEventWorkflowId, provideInformationUpdate, resolveTaskUpdate } from '../../workflows/messages.ts';
import { officers, startEngine, type Engine } from '../support/engine.ts';

const exec = promisify(execFile);

describe('replaying histories fetched from a running Temporal server', () => {
  let engine: Engine;
  let approved: string;
  let answered: string;
  let pending: string;
  let eventId: string;
  let tmp: string;
  const env = () => ({ ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: 'default', REPLAY_SCRUB_KEY: 'live-test-key' });
  const replayCli = (args: string[]) =>
    exec(process.execPath, ['--import', 'tsx', 'scripts/replay.ts', ...args], { cwd: PROJECT_ROOT, env: env() }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  beforeAll(async () => {
    engine = await startEngine({ kind: 'pglite' }); // installs the quiet runtime replay needs too
    tmp = fs.mkdtempSync(path.join(inject('tempRoot'), 'live-replay-'));
    const p = engine.dataset.personas;
    approved = await engine.startCase({ serviceCode: 'birth-allowance', applicantIin: p.newbornMother.iin, application: { childIin: p.newbornMother.childIin } });

    // An officer asks, the citizen answers with her name and phone: personal data in Update inputs.
    const citizen = engine.dataset.persons.get(p.notFoundEmployment.iin)!;
    answered = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: citizen.iin, application: { jobLossDate: '2026-02-20' } });
    const task = await engine.openTask(answered);
    await engine.update(answered, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
    await engine.update(answered, resolveTaskUpdate, { taskId: task.taskId, officer: officers.dana, action: 'REQUEST_INFORMATION', reason: `no record for ${citizen.lastName}`, request: 'work record book' });
    await engine.waitFor(answered, (s) => s.status === 'AWAITING_INFORMATION');
    await engine.update(answered, provideInformationUpdate, { submissionId: 'u-1', answers: { book: 'doc-1', name: `${citizen.firstName} ${citizen.lastName}`, phone: citizen.phone } });
    const again = await engine.waitFor(answered, (s) => s.status === 'PENDING_REVIEW' && s.tasks.length === 2);
    await engine.update(answered, claimTaskUpdate, { taskId: again.tasks[1]!.taskId, officer: officers.dana });
    const first = await engine.update(answered, resolveTaskUpdate, { taskId: again.tasks[1]!.taskId, officer: officers.dana, action: 'APPROVE', reason: 'book checked', amount: 90000 });
    // An amount the rules did not compute: a second reviewer approves it too.
    await engine.update(answered, resolveTaskUpdate, { taskId: first.secondReviewTaskId!, officer: officers.yerlan, action: 'APPROVE', reason: 'second review' });

    // A registered birth whose offers nobody answers: a life-event workflow id holds the child's IIN.
    const mother = p.fourthChildMother;
    const birth = engine.dataset.births.get(mother.childIin!)!;
    eventId = `birth-${mother.childIin}-${Date.now()}`;
    await engine.submitLifeEvent({ eventId, type: 'BIRTH_REGISTERED', source: 'civil-registry', subjectIin: mother.childIin!, payload: { childIin: mother.childIin, motherIin: mother.iin, fatherIin: birth.fatherIin, birthDate: birth.birthDate }, timing: { consentWindowMs: 1000 } });

    // Another job loss than the answered case's: one job loss is granted once.
    pending = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: citizen.iin, application: { jobLossDate: '2026-02-19' } });
    await engine.openTask(pending);
    for (const id of [approved, answered, ...['birth-allowance', 'childcare-allowance', 'large-family-allowance'].map((code) => offerCaseId(eventId, code))]) await engine.result(id);
    await engine.client.workflow.getHandle(lifeEventWorkflowId(eventId)).result(); // its one offer, expired
  });
  afterAll(async () => engine?.close());

  it('by case id: fetches, replays and summarises, a running case included', async () => {
    const r = await replayCli(['--case', approved, '--case', answered, '--case', pending]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/fetching  \[#{28}\] 3\/3 100%/);
    expect(r.stderr).toMatch(/replaying \[#{28}\] 3\/3 100% all passed/);
    expect(r.stdout).toMatch(/^Replay summary: 3 replayed, 3 passed, 0 failed \(\d+\.\d s\) against workflows\/index\.ts$/m);
  });

  it('by visibility query, built from --query and the convenience flags', async () => {
    const query = `TaskQueue = '${engine.taskQueue}'`;
    // Visibility is eventually consistent: wait until the closed workflows are listed.
    const deadline = Date.now() + 20_000;
    while ((await engine.client.workflow.count(`${query} AND ExecutionStatus = 'Completed'`)).count < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

    const all = await replayCli(['--query', query, '--status', 'Completed']);
    expect(all.stderr).toContain(`listing workflows matching: (${query}) AND ExecutionStatus = 'Completed'`);
    expect(all.stdout).toMatch(/^Replay summary: 8 replayed, 8 passed, 0 failed/m); // 2 applications, 1 life event, its 3 cases (large family not offered), and the entitlements of the 2 birth allowances approved (one payment each)

    const births = await replayCli(['--query', query, '--service', 'birth-allowance', '--status', 'Completed', '--since', '1h']);
    expect(births.code).toBe(0);
    expect(births.stdout).toMatch(/^Replay summary: 2 replayed, 2 passed, 0 failed/m);
  });

  it('exports scrubbed histories holding none of the population\'s IINs, names or phones — an unscrubbed export does', async () => {
    const args = ['--case', answered, '--workflow-id', lifeEventWorkflowId(eventId), '--case', offerCaseId(eventId, 'birth-allowance'), '--no-replay'];
    const scrubbedDir = path.join(tmp, 'scrubbed');
    const rawDir = path.join(tmp, 'raw');
    expect((await replayCli([...args, '--export', scrubbedDir, '--scrub'])).code).toBe(0);
    const raw = await replayCli([...args, '--export', rawDir]);
    expect(raw.stderr).toContain('exporting WITHOUT scrubbing');

    const needles: string[] = [];
    for (const p of engine.dataset.persons.values()) needles.push(p.iin, p.firstName, p.lastName, p.phone);
    const visible = (dir: string) =>
      collectHistoryFiles([dir])
        .map((f) => {
          const text = fs.readFileSync(f, 'utf8');
          const payloads = [...text.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
          return [f, text, ...payloads].join('\n');
        })
        .join('\n');
    const leaks = (dir: string) => {
      const text = visible(dir);
      return needles.filter((n) => text.includes(n));
    };
    expect(collectHistoryFiles([scrubbedDir])).toHaveLength(3);
    expect(leaks(scrubbedDir)).toEqual([]);
    const citizen = engine.dataset.persons.get(engine.dataset.personas.notFoundEmployment.iin)!;
    expect(leaks(rawDir)).toEqual(expect.arrayContaining([citizen.phone, citizen.lastName, engine.dataset.personas.fourthChildMother.childIin]));

    // The scrubbed files still replay.
    const again = await replayCli(['--dir', scrubbedDir]);
    expect(again.stdout).toMatch(/^Replay summary: 3 replayed, 3 passed, 0 failed/m);
  });

  it('gives the API a case history export and a replay result', async () => {
    const exported = await exportCaseHistory(engine.client, answered, { scrub: true, scrubKey: 'k' });
    expect(exported).toMatchObject({ workflowId: caseWorkflowId(answered), scrubbed: true });
    expect(exported.eventCount).toBe(exported.history.events.length);
    expect(JSON.stringify(exported.history)).not.toContain('officer-dana');
    const bundle = await loadWorkflowBundle({ bundlePath: inject('workflowBundlePath') });
    for (const id of [answered, pending]) expect(await replayCase(engine.client, id, { bundle })).toMatchObject({ workflowId: caseWorkflowId(id), ok: true, failure: null });
    await expect(exportCaseHistory(engine.client, 'c-no-such-case')).rejects.toThrow(/no workflow case-c-no-such-case/);
  });
});

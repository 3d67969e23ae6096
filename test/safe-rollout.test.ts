/**
 * A two-build rollout with Worker Deployment Versioning on the run's dev server, with the CLI
 * commands README "Safe rollouts" shows: build A is current; two cases wait for an officer, one of
 * them pinned to A; build B becomes current; the pinned case finishes on A, the other moves to B
 * at its next task (caseWorkflow is Auto-Upgrade, workflows/versioning.ts), and a new case runs on
 * B. Each build's worker trusts only its own engine's officer-claim key, so an officer's update
 * reaches the case through the build that runs it. Unversioned workers leave no deployment
 * version on the workflows, and the test fails.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../lib/db/client.ts';
import { requireTemporalCli } from '../lib/temporal/cli.ts';
import type { WorkerDeploymentVersion } from '../lib/temporal/worker-versioning.ts';
import { startEngineCore, type EngineCore } from '../scripts/support/engine.ts';
import { caseWorkflowId, claimTaskUpdate, resolveTaskUpdate } from '../workflows/messages.ts';
import { openTestDatabase } from './support/database.ts';
import { officers, REFERENCE_DATE } from './support/engine.ts';
import { freshApplicants } from './support/fresh-applicants.ts';
import { quietRuntime, testTaskQueue } from './support/temporal.ts';

const deploymentName = `qyzmet-rollout-${randomUUID().slice(0, 8)}`;
const buildA: WorkerDeploymentVersion = { deploymentName, buildId: 'build-a' };
const buildB: WorkerDeploymentVersion = { deploymentName, buildId: 'build-b' };
const taskQueue = testTaskQueue('rollout');

/** The Temporal CLI against the run's dev server; a command that fails fails the test with its output. */
function cli(...args: string[]): string {
  const r = spawnSync(requireTemporalCli(), [...args, '--address', inject('temporalAddress')], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, `temporal ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
}

/** The server knows a version once its worker has polled: set-current is retried until then. */
async function setCurrent(version: WorkerDeploymentVersion): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = spawnSync(requireTemporalCli(), ['worker', 'deployment', 'set-current-version', '--deployment-name', version.deploymentName, '--build-id', version.buildId, '--yes', '--address', inject('temporalAddress')], { encoding: 'utf8' });
    if (r.status === 0) return;
    if (Date.now() > deadline) throw new Error(`set-current-version ${version.buildId}: ${r.stderr}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

async function versioningOf(engine: EngineCore, caseId: string): Promise<{ behavior: string; buildId: string | undefined; status: string }> {
  const d = await engine.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
  const info = d.raw.workflowExecutionInfo?.versioningInfo;
  const override = info?.versioningOverride;
  const behavior = override?.pinned ? 'PINNED_OVERRIDE' : info?.behavior ? temporal.api.enums.v1.VersioningBehavior[info.behavior] : 'NONE';
  return { behavior, buildId: info?.deploymentVersion?.buildId ?? undefined, status: d.status.name };
}

/** A supervisor's approval, then a second officer's: the case is decided through this engine's worker. */
async function approveFourEyes(engine: EngineCore, caseId: string, firstTaskId: string): Promise<void> {
  await engine.update(caseId, resolveTaskUpdate, { taskId: firstTaskId, officer: officers.nurlan, action: 'APPROVE', reason: 'income verified' });
  const second = await engine.openTask(caseId, 'SECOND_REVIEW');
  await engine.update(caseId, claimTaskUpdate, { taskId: second.taskId, officer: officers.bolat });
  await engine.update(caseId, resolveTaskUpdate, { taskId: second.taskId, officer: officers.bolat, action: 'APPROVE', reason: 'second check done' });
  expect((await engine.result(caseId)).status).toBe('APPROVED');
}

describe('safe rollout: Worker Deployment Versioning on the dev server', () => {
  let db: Database;
  let a: EngineCore;
  let b: EngineCore | undefined;

  const engineOn = (version: WorkerDeploymentVersion) =>
    startEngineCore({ db, address: inject('temporalAddress'), taskQueue, referenceDate: REFERENCE_DATE, clientId: 'test-frontend', workflowBundlePath: inject('workflowBundlePath'), version });

  beforeAll(async () => {
    quietRuntime();
    db = await openTestDatabase('pglite');
    a = await engineOn(buildA);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await db?.close();
  });

  it('finishes a pinned case on the old build while the others move to the new one', async () => {
    await setCurrent(buildA);
    const fresh = freshApplicants(a);
    const pinned = await a.startCase(fresh.fourEyes());
    const upgrading = await a.startCase(fresh.fourEyes());
    const pinnedTask = await a.openTask(pinned);
    const upgradingTask = await a.openTask(upgrading);
    expect(await versioningOf(a, pinned)).toMatchObject({ behavior: 'VERSIONING_BEHAVIOR_AUTO_UPGRADE', buildId: 'build-a' });

    // An operator keeps one case on the build it began with.
    cli('workflow', 'update-options', '--workflow-id', caseWorkflowId(pinned), '--versioning-override-behavior', 'pinned', '--versioning-override-deployment-name', deploymentName, '--versioning-override-build-id', buildA.buildId);

    // Build B starts beside A and becomes current.
    b = await engineOn(buildB);
    await setCurrent(buildB);
    expect(cli('worker', 'deployment', 'describe', '--name', deploymentName)).toMatch(/CurrentVersionBuildID\s+build-b/);

    // The pinned case: its officers' updates are verified and run by build A.
    await approveFourEyes(a, pinned, pinnedTask.taskId);
    expect(await versioningOf(a, pinned)).toMatchObject({ behavior: 'PINNED_OVERRIDE', buildId: 'build-a', status: 'COMPLETED' });

    // The Auto-Upgrade case: its next task runs on build B, which verifies B's claims.
    await approveFourEyes(b, upgrading, upgradingTask.taskId);
    expect(await versioningOf(b, upgrading)).toMatchObject({ behavior: 'VERSIONING_BEHAVIOR_AUTO_UPGRADE', buildId: 'build-b', status: 'COMPLETED' });

    // A new case starts on the current build.
    const next = await b.startCase(fresh.fourEyes());
    await b.openTask(next);
    expect(await versioningOf(b, next)).toMatchObject({ behavior: 'VERSIONING_BEHAVIOR_AUTO_UPGRADE', buildId: 'build-b' });
  });
});

/**
 * Which deployment version a worker runs as (lib/temporal/worker-versioning.ts), and that every
 * workflow type the worker runs declares its versioning behaviour (workflows/versioning.ts).
 */
import { describe, expect, it } from 'vitest';
import { gitBuildId, workerDeploymentOptions, workerVersionOf } from '../lib/temporal/worker-versioning.ts';
import * as workflows from '../workflows/index.ts';
import { WORKFLOW_VERSIONING } from '../workflows/versioning.ts';

const base = { WORKER_VERSIONING: undefined, QYZMET_WORKER_DEPLOYMENT: 'qyzmet', QYZMET_BUILD_ID: undefined, production: false };
const noGit = () => null;

describe('worker version', () => {
  it('is off in development and tests unless asked for, on in production unless turned off', () => {
    expect(workerVersionOf(base, () => 'abc1234')).toBeNull();
    expect(workerVersionOf({ ...base, WORKER_VERSIONING: true }, () => 'abc1234')).toEqual({ deploymentName: 'qyzmet', buildId: 'abc1234' });
    expect(workerVersionOf({ ...base, production: true, QYZMET_BUILD_ID: 'img-42' }, noGit)).toEqual({ deploymentName: 'qyzmet', buildId: 'img-42' });
    expect(workerVersionOf({ ...base, production: true, WORKER_VERSIONING: false }, noGit)).toBeNull();
  });

  it('takes QYZMET_BUILD_ID before the git commit, and refuses to guess when there is neither', () => {
    expect(workerVersionOf({ ...base, WORKER_VERSIONING: true, QYZMET_BUILD_ID: 'from-image' }, () => 'abc1234')?.buildId).toBe('from-image');
    expect(() => workerVersionOf({ ...base, production: true }, noGit)).toThrow(/^worker versioning is on but there is no build id — set QYZMET_BUILD_ID/);
    expect(() => workerVersionOf({ ...base, production: true, QYZMET_BUILD_ID: 'a.b c' }, noGit)).toThrow(/is not a build id/);
  });

  it("reads this checkout's commit, marked -dirty when tracked files changed", () => {
    expect(gitBuildId()).toMatch(/^[0-9a-f]{7,40}(-dirty)?$/);
  });

  it('asks the worker for versioning with Auto-Upgrade as the default behaviour', () => {
    expect(workerDeploymentOptions(null)).toBeUndefined();
    expect(workerDeploymentOptions({ deploymentName: 'qyzmet', buildId: 'b1' })).toEqual({ useWorkerVersioning: true, version: { deploymentName: 'qyzmet', buildId: 'b1' }, defaultVersioningBehavior: 'AUTO_UPGRADE' });
  });

  it('has a behaviour declared for every workflow type the worker runs', () => {
    const declared = new Set(WORKFLOW_VERSIONING.map(([fn]) => fn));
    for (const [name, fn] of Object.entries(workflows)) {
      expect(declared.has(fn as never), name).toBe(true);
      expect((fn as { workflowDefinitionOptions?: unknown }).workflowDefinitionOptions, name).toBeTypeOf('function');
    }
    expect(declared.size).toBe(Object.keys(workflows).length);
  });
});

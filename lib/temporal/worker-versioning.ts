/**
 * Worker Deployment Versioning (README "Safe rollouts"): a worker announces the deployment it
 * belongs to and the build it runs, so Temporal sends each workflow task to a build that may run
 * it — a Pinned workflow to the build it started on, an Auto-Upgrade one to the deployment's
 * current build. A rollout is then starting the new build beside the old one and making it
 * current (`temporal worker deployment set-current-version`), not replacing every worker at once.
 *
 * The build id names the code: the git commit in a checkout (with `-dirty` when tracked files
 * differ from it), QYZMET_BUILD_ID in the Docker image, which has no .git and gets it as a build
 * argument. Which behaviour each workflow type has is workflows/versioning.ts's business.
 */
import { spawnSync } from 'node:child_process';
import type { WorkerDeploymentVersion } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { WorkerDeploymentOptions } from '@temporalio/worker';
import { PROJECT_ROOT, type Config } from '../config.ts';
import { StartupError } from '../startup.ts';

export type { WorkerDeploymentVersion } from '@temporalio/common';

type WorkflowService = Pick<temporal.api.workflowservice.v1.WorkflowService, 'setWorkerDeploymentCurrentVersion'>;

/** What a build id and a deployment name may be: the server joins them as `<deployment>.<build id>`. */
const BUILD_ID = /^[\w-]{1,64}$/;

/** `git rev-parse --short HEAD` of the checkout, `-dirty` when tracked files changed; null outside a git checkout. */
export function gitBuildId(dir: string = PROJECT_ROOT): string | null {
  const head = spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0 || !head.stdout.trim()) return null;
  // Untracked files (local data, symlinked dependencies) do not change the code that runs.
  const dirty = spawnSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.status === 0 && dirty.stdout.trim() ? '-dirty' : ''}`;
}

type VersioningConfig = Pick<Config, 'WORKER_VERSIONING' | 'QYZMET_WORKER_DEPLOYMENT' | 'QYZMET_BUILD_ID' | 'production'>;

/**
 * The deployment version this worker runs as, or null when versioning is off (development and
 * tests unless WORKER_VERSIONING=true; production unless WORKER_VERSIONING=false). Versioning
 * with no build id to be found is a start-up error: a worker must not guess which code it is.
 */
export function workerVersionOf(config: VersioningConfig, findGitBuildId: () => string | null = gitBuildId): WorkerDeploymentVersion | null {
  if (!(config.WORKER_VERSIONING ?? config.production)) return null;
  const buildId = config.QYZMET_BUILD_ID ?? findGitBuildId();
  if (!buildId) {
    throw new StartupError(
      'worker versioning is on but there is no build id — set QYZMET_BUILD_ID (the image gets it at build: --build-arg QYZMET_BUILD_ID=$(git rev-parse --short HEAD)), run from a git checkout, or set WORKER_VERSIONING=false',
    );
  }
  if (!BUILD_ID.test(buildId)) throw new StartupError(`QYZMET_BUILD_ID "${buildId.slice(0, 80)}" is not a build id (letters, digits, _ and -, at most 64)`);
  return { deploymentName: config.QYZMET_WORKER_DEPLOYMENT, buildId };
}

/**
 * The worker's deployment options. Auto-Upgrade is the default for a workflow type that does not
 * declare its own behaviour: Qyzmet's workflows wait days to years and stay replayable through
 * `patched()` and the committed replay corpus, so moving to the current build is the safe default.
 */
export function workerDeploymentOptions(version: WorkerDeploymentVersion | null): WorkerDeploymentOptions | undefined {
  if (!version) return undefined;
  return { useWorkerVersioning: true, version, defaultVersioningBehavior: 'AUTO_UPGRADE' };
}

/**
 * Makes a version its deployment's current one — what `temporal worker deployment
 * set-current-version` does. The server knows a version only once one of its workers has polled,
 * so a version not found yet is retried until `timeoutMs`.
 */
export async function setCurrentDeploymentVersion(connection: { workflowService: WorkflowService }, namespace: string, version: WorkerDeploymentVersion, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await connection.workflowService.setWorkerDeploymentCurrentVersion({ namespace, deploymentName: version.deploymentName, buildId: version.buildId, identity: 'qyzmet' });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

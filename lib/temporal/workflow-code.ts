/**
 * Which workflow code a process runs or replays, and how it is bundled: the one module that knows
 * the workflow entry (workflows/index.ts, every workflow type Qyzmet runs), where the prebuilt
 * bundle of a deployment is, and the bundler's logger. The worker, the API's replayCase, the
 * replay CLI, the corpus generator, the tests and the bench all ask here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type ReplayWorkerOptions } from '@temporalio/worker';
import { PROJECT_ROOT, type Config } from '../config.ts';

/** The worker's only workflowsPath. */
export const WORKFLOWS_ENTRY = path.join(PROJECT_ROOT, 'workflows', 'index.ts');

/**
 * The workflow interceptors every bundle carries, the prebuilt one and the development one alike:
 * OpenTelemetry tracing, active only in workflows started with a trace context.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [path.join(PROJECT_ROOT, 'workflows', 'tracing-interceptors.ts')];

/** Where `npm run build:workflows` writes the bundle production workers load. */
export const BUILT_BUNDLE_FILE = path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');

export type WorkflowBundle = NonNullable<ReplayWorkerOptions['workflowBundle']>;

/** Which workflow code to run or replay against: a prebuilt bundle, or sources to bundle now. */
export type WorkflowCode = { bundlePath: string } | { workflowsPath: string };

/** webpack says a lot while bundling; only its warnings and errors are worth a line. */
export const bundlerLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

/**
 * The bundled code of the workflows at `workflowsPath` (default: this checkout's).
 *
 * The workflow modules are preloaded: evaluated once when the worker's reusable V8 context starts
 * and shared by every workflow in it (the SDK deep-freezes their exports). Otherwise each workflow
 * evaluates its own copy of every module it imports — about 190 — and a case waiting in the
 * worker's cache held about 540 KiB of workflow-thread heap instead of about 80 (P9 in
 * scripts/bench/README.md; scripts/bench/heap-probe.ts measures it). Sharing is safe because
 * workflow code keeps no state in module scope (test/workflow-module-state.test.ts): a workflow's
 * state lives in its run. The interceptor module is not preloaded: Temporal's OpenTelemetry
 * workflow interceptors keep their tracer in module state, one per workflow.
 */
export async function bundleWorkflows(workflowsPath: string = WORKFLOWS_ENTRY): Promise<string> {
  const entry = path.resolve(workflowsPath);
  const { code } = await bundleWorkflowCode({ workflowsPath: entry, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, preloadModules: [entry], logger: bundlerLogger });
  return code;
}

/** The code as a worker (or a replayer) takes it: a bundle file as is, sources bundled once. */
export async function loadWorkflowBundle(code: WorkflowCode = { workflowsPath: WORKFLOWS_ENTRY }): Promise<WorkflowBundle> {
  if ('bundlePath' in code) return { codePath: path.resolve(code.bundlePath) };
  return { code: await bundleWorkflows(code.workflowsPath) };
}

/**
 * The prebuilt bundle this deployment runs: WORKFLOW_BUNDLE_PATH, else in production the built
 * one; unset → the sources are bundled at start (development). The API's replayCase replays the
 * same code the worker runs.
 */
export function deployedBundlePath(config: Pick<Config, 'WORKFLOW_BUNDLE_PATH' | 'production'>): string | undefined {
  if (config.WORKFLOW_BUNDLE_PATH) return config.WORKFLOW_BUNDLE_PATH;
  return config.production && fs.existsSync(BUILT_BUNDLE_FILE) ? BUILT_BUNDLE_FILE : undefined;
}

/** The code this deployment runs, and how to name it in a report. */
export function deployedWorkflowCode(config: Pick<Config, 'WORKFLOW_BUNDLE_PATH' | 'production'>): { code: WorkflowCode; label: string } {
  const bundlePath = deployedBundlePath(config);
  if (bundlePath) return { code: { bundlePath }, label: bundlePath };
  return { code: { workflowsPath: WORKFLOWS_ENTRY }, label: path.relative(PROJECT_ROOT, WORKFLOWS_ENTRY) };
}

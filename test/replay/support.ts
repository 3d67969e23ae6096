/**
 * Helpers for replay tests: a quiet Temporal runtime (replay workers log every nondeterminism as
 * a warning, which is the point of these tests, not noise to print), the committed corpus, and a
 * throw-away copy of the workflow sources to break on purpose.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { PROJECT_ROOT } from '../../lib/config.ts';

export const CORPUS = path.join(PROJECT_ROOT, 'test', 'replay', 'histories');
export const GENERATIONS = ['v1', 'v2'] as const;

export function quietReplayRuntime(): void {
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  try {
    Runtime.install({ logger: quiet as never, shutdownSignals: [], telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  } catch {
    /* already installed in this process */
  }
}

/**
 * A copy of workflows/ under `dir`, next to links to everything else in the project, so its
 * relative imports (../lib, ../activities) and packages resolve as in the original. `edit`
 * rewrites one file of the copy; it must change something.
 */
export function copyWorkflows(dir: string, edit: { file: string; from: string | RegExp; to: string }): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(PROJECT_ROOT)) {
    if (entry === 'workflows' || entry.startsWith('.')) continue;
    fs.symlinkSync(path.join(PROJECT_ROOT, entry), path.join(dir, entry));
  }
  fs.cpSync(path.join(PROJECT_ROOT, 'workflows'), path.join(dir, 'workflows'), { recursive: true });
  const file = path.join(dir, 'workflows', edit.file);
  const before = fs.readFileSync(file, 'utf8');
  const after = before.replace(edit.from, edit.to);
  if (after === before) throw new Error(`the edit did not apply to ${edit.file}`);
  fs.writeFileSync(file, after);
  return path.join(dir, 'workflows', 'index.ts');
}

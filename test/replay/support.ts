/**
 * Helpers for replay tests: the committed corpus, and a throw-away copy of the workflow sources
 * to break on purpose. (The runtime is the tests' quiet one: test/support/temporal.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { WORKFLOWS_ENTRY } from '../../lib/temporal/workflow-code.ts';

export const CORPUS = path.join(PROJECT_ROOT, 'test', 'replay', 'histories');
export const GENERATIONS = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'] as const;

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
  return path.join(dir, path.relative(PROJECT_ROOT, WORKFLOWS_ENTRY));
}

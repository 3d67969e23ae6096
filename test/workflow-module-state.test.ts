/**
 * The workflow modules are evaluated once per worker and shared by every workflow it runs
 * (lib/temporal/workflow-code.ts preloads them), so module scope must hold no state: a `let` or a
 * collection filled at run time would carry one workflow's data into another and break replay.
 * Exported objects are deep-frozen by Temporal; this reads every module a workflow loads for what
 * freezing does not catch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../lib/config.ts';
import { importsOf } from './support/imports.ts';

/** Every project module the workflow entry loads for real (type-only imports are erased). */
function workflowModules(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of importsOf(PROJECT_ROOT, file)) if (i.target && !i.typeOnly) visit(i.target);
  };
  visit(entry);
  return [...seen].sort();
}

/** Module-scope declarations that hold state: a `let`/`var`, or a Map/Set/array that the module changes. */
export function moduleState(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:export\s+)?(let|var)\s+([A-Za-z_$][\w$]*)/gm)) found.push(`${m[1]} ${m[2]}`);
  for (const m of text.matchAll(/^(?:export\s+)?const\s+([A-Za-z_$][\w$]*)(?:\s*:[^=]+)?\s*=\s*(new\s+(?:Map|Set|WeakMap|WeakSet)\b|\[\]|\{\})/gm)) {
    const name = m[1]!;
    if (new RegExp(`\\b${name}\\s*(\\.(set|add|delete|clear|push|pop|shift|unshift|splice|sort)\\(|\\[[^\\]]+\\]\\s*=[^=])`).test(text)) found.push(`${name} (changed at run time)`);
  }
  return found;
}

describe('workflow module state', () => {
  const modules = workflowModules('workflows/index.ts');

  it('reads the modules every workflow loads', () => {
    expect(modules).toContain('workflows/case-workflow.ts');
    expect(modules).toContain('lib/input/index.ts');
    expect(moduleState('let counter = 0;\nconst seen = new Set();\nexport function f(x) { seen.add(x); }')).toEqual(['let counter', 'seen (changed at run time)']);
  });

  it('none keeps state in module scope', () => {
    const offenders = modules.flatMap((file) => moduleState(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')).map((d) => `${file}: ${d}`));
    expect(offenders).toEqual([]);
  });
});

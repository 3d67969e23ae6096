/**
 * Reading the import graph of the source tree without running it: every `import … from`,
 * `export … from`, side-effect import and literal dynamic `import()` of every .ts file, resolved to
 * a path in the repository (or left as a package name), with whether it is type-only (erased at
 * run time). The rules are the folder map of the README, written as data.
 */
import fs from 'node:fs';
import path from 'node:path';

const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'dist', '.data', '.tools', '.git', 'bench-results']);

export interface Import {
  /** The importing file, relative to the root. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** The file it names, relative to the root; null for a package or a node builtin. */
  target: string | null;
  typeOnly: boolean;
}

/** Every .ts file below `root`, relative, with forward slashes, sorted. */
export function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(path.join(dir, entry.name));
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        found.push(path.relative(root, path.join(dir, entry.name)).split(path.sep).join('/'));
      }
    }
  };
  visit(root);
  return found.sort();
}

const STATIC = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT = /^\s*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** `{ type A, type B }` imports nothing at run time either. */
function onlyTypes(clause: string): boolean {
  const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!braces) return false;
  const names = braces[1]!.split(',').map((s) => s.trim()).filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

function resolve(root: string, from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return path.relative(root, path.resolve(root, path.dirname(from), specifier)).split(path.sep).join('/');
}

export function importsOf(root: string, file: string): Import[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const found: Import[] = [];
  for (const m of text.matchAll(STATIC)) {
    const typeOnly = Boolean(m[2]) || onlyTypes(m[3]!);
    found.push({ from: file, specifier: m[4]!, target: resolve(root, file, m[4]!), typeOnly });
  }
  for (const m of text.matchAll(SIDE_EFFECT)) found.push({ from: file, specifier: m[1]!, target: resolve(root, file, m[1]!), typeOnly: false });
  for (const m of text.matchAll(DYNAMIC)) found.push({ from: file, specifier: m[1]!, target: resolve(root, file, m[1]!), typeOnly: false });
  return found;
}

/** The top-level folder a path belongs to; `root` for files at the top (worker.ts, configs). */
export const layerOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : 'root');

/**
 * Modules workflow code may import for real: deterministic, free of I/O and node builtins, safe
 * inside the workflow sandbox (the calendar, officer claims and the input rules run there; see
 * test/sandbox/). Anything else from outside workflows/ is imported as a type.
 */
export const SANDBOX_SAFE = new Set(['lib/temporal/search-attributes.ts', 'lib/errors.ts', 'lib/calendar/index.ts', 'lib/claims/in-workflow.ts', 'lib/input/index.ts', 'lib/temporal/metric-names.ts', 'lib/payer/vocabulary.ts']);
// Temporal's OpenTelemetry workflow interceptors are written for the sandbox (workflows/tracing-interceptors.ts).
const WORKFLOW_PACKAGES = new Set(['@temporalio/workflow', '@temporalio/common', '@temporalio/interceptors-opentelemetry/lib/workflow/index.js']);

/**
 * The workflow contract: what callers (the API, scripts) may import from workflows/ for real —
 * the messages, the vocabulary, task permissions, and the start-time metadata a caller gives the
 * workflows it starts (pure builders, as the workflows use for their children).
 */
export const WORKFLOW_CONTRACT = new Set(['workflows/messages.ts', 'workflows/vocabulary.ts', 'workflows/task-permissions.ts', 'workflows/user-metadata.ts']);

interface Rule {
  name: string;
  applies(i: Import): boolean;
  allows(i: Import): boolean;
}

const inLayers = (...layers: string[]) => (i: Import) => i.target === null || layers.includes(layerOf(i.target));

export const RULES: Rule[] = [
  { name: 'lib imports only lib and generated code', applies: (i) => layerOf(i.from) === 'lib', allows: inLayers('lib', 'generated') },
  {
    name: 'workflows import workflow code, sandbox-safe modules, and types',
    applies: (i) => layerOf(i.from) === 'workflows' && !i.from.endsWith('.test.ts'),
    allows: (i) =>
      i.typeOnly ||
      (i.target === null ? WORKFLOW_PACKAGES.has(i.specifier) : layerOf(i.target) === 'workflows' || SANDBOX_SAFE.has(i.target)),
  },
  { name: 'api never imports activities', applies: (i) => layerOf(i.from) === 'api', allows: (i) => i.target === null || layerOf(i.target) !== 'activities' },
  {
    name: 'api imports only the workflow contract (and types) from workflows',
    applies: (i) => layerOf(i.from) === 'api' && i.target !== null && layerOf(i.target) === 'workflows',
    allows: (i) => i.typeOnly || WORKFLOW_CONTRACT.has(i.target!),
  },
  { name: 'activities never import the API or scripts', applies: (i) => layerOf(i.from) === 'activities', allows: (i) => i.target === null || !['api', 'scripts', 'test'].includes(layerOf(i.target)) },
  { name: 'services import services, registries, lib and generated code', applies: (i) => layerOf(i.from) === 'services', allows: inLayers('services', 'registries', 'lib', 'generated') },
  { name: 'registries import registries and lib', applies: (i) => layerOf(i.from) === 'registries', allows: inLayers('registries', 'lib') },
  { name: 'scripts never import tests', applies: (i) => layerOf(i.from) === 'scripts', allows: (i) => i.target === null || layerOf(i.target) !== 'test' },
];

/** A test beside the code it tests may use the shared test harness (databases, engines). */
const testHarness = (i: Import) => i.from.endsWith('.test.ts') && i.target !== null && i.target.startsWith('test/support/');

/** Every import that breaks a rule, as `file → specifier (rule)`. */
export function violations(root: string, files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const i of importsOf(root, file)) {
      if (testHarness(i)) continue;
      for (const rule of RULES) if (rule.applies(i) && !rule.allows(i)) found.push(`${i.from} → ${i.specifier} (${rule.name})`);
    }
  }
  return found;
}

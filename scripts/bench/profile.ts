/**
 * Summarising V8 CPU profiles (`--cpu-prof`, one file per thread: the worker's main thread runs
 * activities, its workflow thread runs workflow code) over one time window: self time by
 * package / platform directory, and the hottest functions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ThreadProfile {
  file: string;
  /** Sampled time inside the window (ms), idle excluded. */
  busyMs: number;
  byCategory: { category: string; ms: number; share: number }[];
  topFunctions: { fn: string; ms: number; share: number }[];
  /** Time with a Qyzmet source file on the stack (synchronous work only: awaits cut stacks). */
  inclusiveByFile: { file: string; ms: number; share: number }[];
}

export function categoryOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return 'node core';
  const local = url.replace(/^file:\/\//, '').replace(/^webpack:\/\/[^/]*\//, '');
  if (local.startsWith(PROJECT_ROOT)) return `qyzmet ${path.relative(PROJECT_ROOT, local).split('/')[0]}/`;
  if (/workflow-bundle|platform-bundle|baseline-bundle|webpack/.test(url)) return 'workflow bundle';
  return url.split('/').slice(-2).join('/');
}

/** `window` in µs of the process's monotonic clock (process.hrtime), as V8's profiles use. */
export function summarizeProfile(file: string, window: { from: number; to: number }): ThreadProfile {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ancestors = function* (id: number) {
    for (let a = parent.get(id); a !== undefined; a = parent.get(a)) yield nodes.get(a)!;
  };
  const byCat = new Map<string, number>();
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let t = p.startTime;
  let busy = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i]!;
    if (t < window.from || t > window.to) continue;
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const node = nodes.get(p.samples[i]!)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busy += dt;
    let cat = categoryOf(url, functionName);
    if (cat.startsWith('wasm')) {
      // WebAssembly frames are anonymous: name them by the package that called into them.
      const caller = [...ancestors(node.id)].find((a) => a.callFrame.url.includes('node_modules/'));
      cat = `wasm in ${caller ? categoryOf(caller.callFrame.url, '') : '?'}`;
    }
    byCat.set(cat, (byCat.get(cat) ?? 0) + dt);
    const files = new Set<string>();
    for (const f of [node, ...ancestors(node.id)]) {
      const u = f.callFrame.url.replace(/^file:\/\//, '');
      // The bench's own wrappers sit on every stack they instrument: leave them out.
      if (u.startsWith(PROJECT_ROOT) && !/node_modules\/|\/generated\/|\/scripts\/bench\//.test(u)) files.add(path.relative(PROJECT_ROOT, u));
    }
    for (const f of files) byFile.set(f, (byFile.get(f) ?? 0) + dt);
    const fn = `${functionName || '(anonymous)'} ${cat}${url ? `:${lineNumber + 1}` : ''}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + dt);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => ({ k, ms: Math.round(ms), share: busy ? Math.round((ms / busy) * 1000) / 10 : 0 }));
  return {
    file: path.basename(file),
    busyMs: Math.round(busy),
    byCategory: top(byCat, 14).map(({ k, ms, share }) => ({ category: k, ms, share })),
    topFunctions: top(byFn, 14).map(({ k, ms, share }) => ({ fn: k, ms, share })),
    inclusiveByFile: top(byFile, 20).map(({ k, ms, share }) => ({ file: k, ms, share })),
  };
}

export function summarizeDir(dir: string, window: { from: number; to: number }): ThreadProfile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summarizeProfile(path.join(dir, f), window))
    .filter((t) => t.busyMs > 0)
    .sort((a, b) => b.busyMs - a.busyMs);
}

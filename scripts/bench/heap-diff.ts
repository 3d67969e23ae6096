/**
 * `node --import tsx scripts/bench/heap-diff.ts before.heapsnapshot after.heapsnapshot N [top=40]`:
 * what N workflows added to a workflow thread's heap (heap-probe.ts writes the snapshots), per
 * workflow: bytes and objects by node type and constructor (strings by their first characters).
 */
import fs from 'node:fs';

interface Group {
  count: number;
  bytes: number;
}

function groups(file: string): { byKey: Map<string, Group>; total: number } {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const { node_fields: fields, node_types: [types] } = snap.snapshot.meta;
  const stride = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const byKey = new Map<string, Group>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += stride) {
    const type = types[snap.nodes[i + iType]!]!;
    const raw = snap.strings[snap.nodes[i + iName]!]!;
    const name = type.endsWith('string') ? JSON.stringify(raw.slice(0, 50)) : raw.slice(0, 60);
    const key = `${type}|${name}`;
    const g = byKey.get(key) ?? { count: 0, bytes: 0 };
    g.count += 1;
    g.bytes += snap.nodes[i + iSize]!;
    total += snap.nodes[i + iSize]!;
    byKey.set(key, g);
  }
  return { byKey, total };
}

const [beforeFile, afterFile, nArg, topArg] = process.argv.slice(2);
if (!beforeFile || !afterFile || !nArg) throw new Error('usage: heap-diff.ts before.heapsnapshot after.heapsnapshot N [top]');
const n = Number(nArg);
const before = groups(beforeFile);
const after = groups(afterFile);
console.log(`${before.total} → ${after.total} bytes: ${((after.total - before.total) / n / 1024).toFixed(1)} KiB per workflow`);
const keys = new Set([...before.byKey.keys(), ...after.byKey.keys()]);
const rows = [...keys].map((key) => {
  const b = before.byKey.get(key) ?? { count: 0, bytes: 0 };
  const a = after.byKey.get(key) ?? { count: 0, bytes: 0 };
  return { key, bytes: (a.bytes - b.bytes) / n, count: (a.count - b.count) / n };
});
const byType = new Map<string, Group>();
for (const r of rows) {
  const type = r.key.split('|')[0]!;
  const g = byType.get(type) ?? { count: 0, bytes: 0 };
  g.count += r.count;
  g.bytes += r.bytes;
  byType.set(type, g);
}
const line = (bytes: number, count: number, what: string) => `${bytes.toFixed(0).padStart(8)} B ${count.toFixed(1).padStart(8)}  ${what}`;
console.log('per workflow, by node type:');
for (const [type, g] of [...byType].sort((x, y) => y[1].bytes - x[1].bytes)) console.log(line(g.bytes, g.count, type));
console.log('per workflow, by type and constructor:');
for (const r of rows.sort((x, y) => y.bytes - x.bytes).slice(0, Number(topArg ?? 40))) console.log(line(r.bytes, r.count, r.key));

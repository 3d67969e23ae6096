/**
 * The figures: each a ratio of Qyzmet (A) to the baseline (B) measured in the same run, with the
 * absolute values beside it and the issue's goal. Rendered as a markdown table; the JSON carries
 * everything (rounds, breakdowns, profiles) for later comparison.
 */
import type { ApiResult } from './phases/api.ts';
import type { ProfileResult } from './phases/profile.ts';
import type { WaitingResult } from './phases/waiting.ts';
import type { ThreadProfile } from './profile.ts';
import type { ActivityRow } from './rounds.ts';
import { countSteps, type WorkflowShape } from './shape.ts';
import { round } from './stats.ts';

export interface Figure {
  id: string;
  name: string;
  unit: string;
  a: number;
  b: number;
  ratio: number;
  /** `min`: the ratio must reach the value (higher is better); `max`: must not exceed it. */
  goal: { kind: 'min' | 'max'; value: number } | null;
  met: boolean | null;
  note?: string;
}

export function figure(id: string, name: string, unit: string, a: number, b: number, goal: Figure['goal'], note?: string): Figure {
  const ratio = Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN;
  const met = goal && Number.isFinite(ratio) ? (goal.kind === 'min' ? ratio >= goal.value : ratio <= goal.value) : null;
  return { id, name, unit, a, b, ratio, goal, met, note };
}

function fmt(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '—';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`.trim();
}

export function markdownTable(figures: Figure[]): string {
  const rows = figures.map((f) => {
    const goal = f.goal ? `${f.goal.kind === 'min' ? '≥' : '≤'} ${f.goal.value}` : '—';
    const met = f.met === null ? '—' : f.met ? 'met' : '**unmet**';
    return `| ${f.id} | ${f.name} | ${fmt(f.a, f.unit)} | ${fmt(f.b, f.unit)} | ${Number.isFinite(f.ratio) ? round(f.ratio, 2).toFixed(2) : '—'} | ${goal} | ${met} |`;
  });
  return ['| | Figure | Qyzmet (A) | Baseline (B) | A ÷ B | Goal | Met |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

export function breakdownTable(rows: ActivityRow[]): string {
  return [
    '| Activity | Kind | Calls per case | Mean wall ms | Wall ms per case | SQL statements per case | Transactions per case |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.type} | ${r.local ? 'local' : 'regular'} | ${r.callsPerCase} | ${r.meanMs} | ${r.msPerCase} | ${r.dbQueriesPerCase} | ${r.dbTransactionsPerCase} |`),
  ].join('\n');
}

export interface NotesInput {
  /** Per-round closed-loop rates, to judge the noise (A and B at each concurrency). */
  roundRates: Record<string, { A: number[]; B: number[] }>;
  shape: WorkflowShape;
  sqlPerCase: number;
  intakeSqlPerCase: number;
  api: ApiResult;
  waiting: WaitingResult;
  journalMode: string | null;
}

/** What the table cannot say: the case's shape, SQL per case, API CPU, raw memory. */
export function notes(n: NotesInput): string {
  const steps = countSteps(n.shape);
  const m = n.waiting.memory;
  return [
    `- Case shape (automatic approval): ${steps.regular} regular + ${steps.local} local activities; B runs the same with no-op activities. ` +
      `The platform's history also holds ${n.shape.extras.searchAttributeUpserts} search-attribute upserts and ${n.shape.extras.timers} timers that B does not have.`,
    `- Closed-loop rates per round (/s), for the noise: ${Object.entries(n.roundRates)
      .map(([c, r]) => `${c} in flight A ${r.A.map((x) => x.toFixed(1)).join(' ')}, B ${r.B.map((x) => x.toFixed(1)).join(' ')}`)
      .join('; ')}.`,
    `- SQL statements per case: ${n.sqlPerCase.toFixed(1)} (${n.intakeSqlPerCase.toFixed(1)} at intake, the rest in activities).`,
    `- API process: ${n.api.start.apiCpuMsPerStart.toFixed(1)} ms CPU and ${n.api.start.apiSqlPerStart.toFixed(1)} SQL statements per GraphQL startCase; ` +
      `case(id) ${n.api.read.apiCpuMsPerRequest.A.toFixed(2)} ms and ${n.api.read.apiSqlPerRequest.A.toFixed(1)} statements on the full stack, ` +
      `${n.api.read.apiCpuMsPerRequest.B.toFixed(2)} ms and ${n.api.read.apiSqlPerRequest.B.toFixed(1)} bare.`,
    `- P7 platform Update latency p99: ${n.waiting.update.A.p99.toFixed(0)} ms via GraphQL, ${n.waiting.update.ADirect.p99.toFixed(0)} ms bare executeUpdate on the case, ${n.waiting.update.B.p99.toFixed(0)} ms on B.`,
    `- P9 process RSS per cached workflow (allocator noise, for context): A ${m.A.rssKb.toFixed(0)} KiB, B ${m.B.rssKb.toFixed(0)} KiB (${n.waiting.cached} workflows each).`,
    `- Temporal dev server SQLite journal mode: ${n.journalMode}.`,
  ].join('\n');
}

export function profileMarkdown(p: ProfileResult | null): string {
  if (!p) return '';
  const thread = (label: string, units: number, t: ThreadProfile) =>
    `**${label}** (${t.busyMs} ms busy, ${(t.busyMs / Math.max(units, 1)).toFixed(1)} ms per unit): ` +
    t.byCategory.slice(0, 8).map((c) => `${c.category} ${c.share}%`).join(', ');
  const lines = ['CPU profile over the load window (self time by package; the profiler inflates absolute times):', ''];
  // Threads that hardly ran in the window (tsx's loader thread, idle helpers) are left out.
  const busy = (threads: ThreadProfile[]) => threads.filter((t) => t.busyMs >= 0.02 * Math.max(...threads.map((x) => x.busyMs)));
  const role = (t: ThreadProfile) => (/\.0\.\d+\.cpuprofile$/.test(t.file) ? 'main thread: activities, gRPC' : 'workflow thread');
  for (const [label, side] of [['platform worker', p.A], ['baseline worker', p.B]] as const) {
    for (const t of busy(side.threads)) lines.push(`- ${thread(`${label}, ${role(t)}`, side.cases, t)}`);
  }
  if (p.api) {
    for (const [label, part] of [['API process, GraphQL startCase', p.api.startCase], ['API process, case(id)', p.api.caseRead]] as const) {
      for (const t of busy(part.threads)) lines.push(`- ${thread(label, part.requests, t)}`);
    }
  }
  return lines.join('\n');
}

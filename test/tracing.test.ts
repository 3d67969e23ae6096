/**
 * Tracing on the real stack (Temporal dev server, a database, the worker with the run's prebuilt
 * workflow bundle, the API through yoga): with an in-memory exporter, one `startCase` that the
 * rules decide automatically is ONE trace — the GraphQL operation, the client's StartWorkflow,
 * the case workflow, its activities down to issueDecision and the registry queries — each span
 * linked to its parent. And no span carries an IIN, a name or a phone.
 */
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { replayCase } from '../api/temporal/replay.ts';
import { loadWorkflowBundle } from '../lib/temporal/workflow-code.ts';
import { caseWorkflowId, entitlementWorkflowId } from '../workflows/messages.ts';
import { startTracing } from '../lib/tracing/setup.ts';
import { applications, startCaseAs } from './api/support/fixtures.ts';
import { startHarness, type Harness } from './api/support/harness.ts';

const exporter = new InMemorySpanExporter();
let h: Harness;
let caseId: string;
let applicantIin: string;
let childIin: string;

/** Waits until the exporter holds a span satisfying `match` (workflow spans arrive with their activation's completion). */
async function spanWhere(match: (s: ReadableSpan) => boolean, timeoutMs = 60_000): Promise<ReadableSpan> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = exporter.getFinishedSpans().find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such span within ${timeoutMs} ms; spans: ${exporter.getFinishedSpans().map((s) => s.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The trace as an indented tree, each line "name  ← parent name". */
function renderTree(spans: readonly ReadableSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const s of spans) {
    const parent = s.parentSpanId && byId.has(s.parentSpanId) ? s.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const lines: string[] = [];
  const walk = (parentId: string | undefined, depth: number) => {
    const kids = (children.get(parentId) ?? []).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    for (const s of kids) {
      const parentName = s.parentSpanId ? (byId.get(s.parentSpanId)?.name ?? `missing parent ${s.parentSpanId}`) : '(root)';
      lines.push(`${'  '.repeat(depth)}${s.name}  [${s.spanContext().spanId}] ← ${parentName}${s.parentSpanId ? ` [${s.parentSpanId}]` : ''}`);
      walk(s.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

/** The chain of span names from `span` up to its root. */
function ancestry(span: ReadableSpan, spans: readonly ReadableSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const names = [span.name];
  for (let s: ReadableSpan | undefined = span; s?.parentSpanId; ) {
    s = byId.get(s.parentSpanId);
    if (!s) {
      names.push('<missing parent>');
      break;
    }
    names.push(s.name);
  }
  return names;
}

beforeAll(async () => {
  // Before the harness opens its platform: openPlatform's startTracing then keeps this one.
  startTracing({ spanProcessor: new SimpleSpanProcessor(exporter), serviceName: 'qyzmet-test' });
  h = await startHarness();
  const app = applications(h).autoApproved;
  applicantIin = app.applicantIin;
  childIin = String(app.application.childIin);
  caseId = await startCaseAs(h, 'frontendA', app);
  const result = await h.engine.result(caseId);
  expect(result.status).toBe('APPROVED');
  // The approval starts the entitlement in the same trace; its spans end with it.
  await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('one trace from startCase to issueDecision', () => {
  it('links the GraphQL operation, StartWorkflow, the workflow, its activities and the registry queries in one trace', async () => {
    const issue = await spanWhere((s) => s.name === 'RunActivity:issueDecision' && s.attributes.temporalWorkflowId === `case-${caseId}`);
    const traceId = issue.spanContext().traceId;
    // The workflow's own span ends with the workflow; the activity's StartActivity span with the activity.
    await spanWhere((s) => s.name === 'StartActivity:issueDecision' && s.spanContext().traceId === traceId);
    // Workflow spans reach the exporter with their activation's completion, after the activity
    // spans under them: the trace is read once every parent has arrived (or the wait ends).
    const inTrace = () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const dangling = (spans: readonly ReadableSpan[]) => {
      const ids = new Set(spans.map((s) => s.spanContext().spanId));
      return spans.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId)).map((s) => s.name);
    };
    for (const deadline = Date.now() + 30_000; dangling(inTrace()).length && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    const trace = inTrace();
    console.log(`trace ${traceId} (${trace.length} spans):\n${renderTree(trace).join('\n')}`);

    const root = trace.filter((s) => !s.parentSpanId);
    expect(root.map((s) => s.name)).toEqual(['mutation StartCase']);
    expect(root[0]!.attributes).toEqual({ 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'StartCase' });
    // Every span's parent is in the same trace: nothing dangles.
    expect(dangling(trace)).toEqual([]);

    expect(ancestry(issue, trace)).toEqual(['RunActivity:issueDecision', 'StartActivity:issueDecision', 'RunWorkflow:caseWorkflow', 'StartWorkflow:caseWorkflow', 'mutation StartCase']);
    const registrySpans = trace.filter((s) => s.name.startsWith('registry '));
    expect(registrySpans.length).toBeGreaterThan(0);
    for (const s of registrySpans) {
      const chain = ancestry(s, trace);
      expect(chain[1]).toMatch(/^RunActivity:/);
      expect(chain.slice(-3)).toEqual(['RunWorkflow:caseWorkflow', 'StartWorkflow:caseWorkflow', 'mutation StartCase']);
      expect(Object.keys(s.attributes).sort()).toEqual(['qyzmet.registry', 'qyzmet.registry.query']);
    }
    expect(new Set(registrySpans.map((s) => s.attributes['qyzmet.registry']))).toContain('civil');
  });
});

describe('the traced workflow replays', () => {
  it('carries the trace context in its headers only, and replays against the bundle with the interceptors in it', async () => {
    const history = await h.engine.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const started = history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!;
    expect(Object.keys(started.header?.fields ?? {})).toContain('_tracer-data');
    const scheduled = history.events!.filter((e) => e.activityTaskScheduledEventAttributes).map((e) => e.activityTaskScheduledEventAttributes!);
    expect(scheduled.length).toBeGreaterThan(3);
    for (const a of scheduled) expect(Object.keys(a.header?.fields ?? {})).toContain('_tracer-data');
    const bundle = await loadWorkflowBundle({ bundlePath: inject('workflowBundlePath') });
    expect(await replayCase(h.engine.client, caseId, { bundle })).toMatchObject({ ok: true, failure: null });
  });
});

describe('no personal data in spans', () => {
  /** Every IIN, name and phone of the synthetic dataset (and the case's own applicant and child). */
  function personalValues(): Set<string> {
    const values = new Set<string>([applicantIin, childIin]);
    for (const p of h.engine.dataset.persons.values()) {
      for (const v of [p.iin, p.phone, p.phone.replace(/^\+/, ''), p.lastName, p.firstName, p.patronymic]) if (v) values.add(v);
    }
    for (const b of h.engine.dataset.births.values()) values.add(b.childIin);
    return values;
  }

  /** The attribute values of a span (its events' too) that are or contain personal data. */
  function leaks(spans: readonly ReadableSpan[], pii: Set<string>): string[] {
    const found: string[] = [];
    const check = (where: string, value: unknown) => {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v !== 'string' && typeof v !== 'number') continue;
        const text = String(v);
        const tokens = [text, ...(text.match(/[\p{L}\p{N}+]+/gu) ?? [])];
        if (tokens.some((t) => pii.has(t)) || /\b\d{12}\b/.test(text)) found.push(`${where}: ${text}`);
      }
    };
    for (const s of spans) {
      check(`${s.name} (name)`, s.name);
      for (const [k, v] of Object.entries(s.attributes)) check(`${s.name} ${k}`, v);
      for (const e of s.events) for (const [k, v] of Object.entries(e.attributes ?? {})) check(`${s.name} event ${e.name} ${k}`, v);
    }
    return found;
  }

  it('finds no IIN, name or phone in any span name or attribute', async () => {
    await spanWhere((s) => s.name === 'RunActivity:issueDecision' && s.attributes.temporalWorkflowId === `case-${caseId}`);
    const spans = exporter.getFinishedSpans();
    const pii = personalValues();
    expect(pii.has(applicantIin)).toBe(true);
    expect(pii.size).toBeGreaterThan(100);
    // The check itself sees a leak when there is one.
    const planted = { ...spans[0]!, name: 'planted', attributes: { 'x.applicant': applicantIin } } as unknown as ReadableSpan;
    expect(leaks([planted], pii)).toEqual([`planted x.applicant: ${applicantIin}`]);
    expect(spans.length).toBeGreaterThan(10);
    expect(leaks(spans, pii)).toEqual([]);
  });
});

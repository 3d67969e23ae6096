/**
 * previewReevaluationProgress on PostgreSQL through `yoga.fetch`: a bulk what-if over a few
 * thousand decided cases (four decided by the engine, then copied as a ministry's backlog would
 * hold them) sends its progress while it runs — seen by holding the preview at its first page with
 * a table lock — with counts that only grow and reach the total, then the preview, which agrees
 * with previewReevaluation; progress events carry counts only; a caller runs two previews at
 * most (the query included); a client that goes away stops its preview (query or subscription),
 * as does an API shutting down; and `npm run what-if` over the same backlog prints its progress
 * on stderr. Nothing is written.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { PREVIEW_REEVALUATION, PREVIEW_REEVALUATION_PROGRESS } from '../../api/client/operations.ts';
import { MAX_PROGRESS_EVERY_MS, PROGRESS_STEPS } from '../../api/schema/what-if-progress.ts';
import { MAX_PREVIEWS_PER_CALLER, PreviewRuns } from '../../api/what-if-previews.ts';
import type { PrismaClient } from '../../lib/db/client.ts';
import { publishService } from '../../services/publish.ts';
import { birthAllowanceAmendment } from '../../services/testing/amendments.ts';
import { decidedBirths } from './support/fixtures.ts';
import { expectOk, startHarness, type ApiClient, type Harness } from './support/harness.ts';
import { subscribe, type SseStream } from './support/sse.ts';

const COPIES = 750;
const exec = promisify(execFile);

let h: Harness;
let api: ApiClient;
const previews = new PreviewRuns();
let selectionSize = 0;
const personal = new Set<string>();

/** Every standing birth-allowance decision copied `copies` times, with its case and evidence (new ids). */
async function copyDecidedCases(prisma: PrismaClient, copies: number): Promise<void> {
  const decided = await prisma.case.findMany({ where: { serviceCode: 'birth-allowance', decisions: { some: { supersededBy: null } } }, include: { evidence: true, decisions: { where: { supersededBy: null } } } });
  const id = (prefix: string) => `${prefix}${randomBytes(10).toString('hex')}`;
  for (let from = 0; from < copies; from += 100) {
    const cases = [];
    const evidence = [];
    const decisions = [];
    for (let i = from; i < Math.min(copies, from + 100); i++) {
      for (const { evidence: items, decisions: [decision], ...row } of decided) {
        const caseId = id('c');
        cases.push({ ...row, id: caseId, workflowId: `case-${caseId}`, clientRequestId: null, lifeEventId: null, application: row.application ?? undefined });
        evidence.push(...items.map((e) => ({ ...e, id: id('ev'), caseId, data: e.data ?? undefined })));
        decisions.push({ ...decision!, id: id('d'), caseId, replacesDecisionId: null, supersededBy: null, appealId: null, grounds: decision!.grounds ?? undefined });
      }
    }
    await prisma.case.createMany({ data: cases });
    await prisma.evidence.createMany({ data: evidence });
    await prisma.decision.createMany({ data: decisions });
  }
}

/**
 * Holds every read of the evidence table (an exclusive lock in a transaction of its own) until
 * `release()`: a preview then stops at its first page, after its first progress event.
 */
function holdEvidence(prisma: PrismaClient): Promise<{ release: () => Promise<void> }> {
  return new Promise((held, failed) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const tx = prisma.$transaction(
      async (t) => {
        await t.$executeRawUnsafe('LOCK TABLE "Evidence" IN ACCESS EXCLUSIVE MODE');
        held({
          release: async () => {
            release();
            await tx;
          },
        });
        await released;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    tx.catch(failed);
  });
}

const open = (input: Record<string, unknown>) => subscribe(api, h.credentials.engineer, PREVIEW_REEVALUATION_PROGRESS, { input });

async function drain(stream: SseStream) {
  const events: any[] = [];
  for (let e = await stream.next(60_000); e; e = await stream.next(60_000)) events.push(e);
  return events;
}

beforeAll(async () => {
  h = await startHarness({ kind: 'postgresql' });
  api = h.variant({}, { previews });
  const p = h.engine.dataset.personas;
  const mothers = [p.newbornMother, p.fourthChildMother, p.unverifiedBankAccount, p.conflictingBirthRecord];
  for (const m of mothers) personal.add(m.iin).add(m.childIin!);
  await decidedBirths(h, mothers.map((m) => ({ mother: m.iin, childIin: m.childIin! })));
  await publishService(h.engine.db.prisma, birthAllowanceAmendment({ version: 6 }), { status: 'DRAFT' });
  await copyDecidedCases(h.engine.db.prisma, COPIES);
  selectionSize = await h.engine.db.prisma.decision.count({ where: { supersededBy: null, case: { serviceCode: 'birth-allowance' } } });
}, 300_000);
afterAll(async () => h?.close());

describe('previewReevaluationProgress', () => {
  it('sends progress before the end, counts that only grow and reach the total, then the preview — which previewReevaluation agrees with — and writes nothing', async () => {
    expect(selectionSize).toBe(4 * (COPIES + 1));
    const prisma = h.engine.db.prisma;
    const snapshot = async () => [await prisma.case.count(), await prisma.decision.count(), await prisma.evidence.count(), await prisma.evaluation.count(), await prisma.caseEvent.count(), await prisma.auditEntry.count()];
    const before = await snapshot();

    const hold = await holdEvidence(prisma);
    const stream = await open({ serviceCode: 'birth-allowance', version: 6, limit: 100_000, examples: 3 });
    expect(stream.status).toBe(200);
    const first = (await stream.next())?.data?.previewReevaluationProgress;
    // The preview waits at its first page: this event came while it runs.
    expect(first).toMatchObject({ done: 0, evaluated: 0, failed: 0, total: selectionSize, finished: false, preview: null, casesPerSecond: null, secondsLeft: null });
    expect(previews.size).toBe(1);
    await hold.release();

    const events = [first, ...(await drain(stream)).map((e) => e.data.previewReevaluationProgress)];
    const last = events.at(-1);
    const running = events.slice(0, -1);
    expect(running.length).toBeGreaterThanOrEqual(PROGRESS_STEPS);
    // Bounded: the steps, the first, and one per interval of the time it took.
    expect(running.length).toBeLessThanOrEqual(PROGRESS_STEPS + 1 + Math.ceil((last.elapsedSeconds * 1000) / MAX_PROGRESS_EVERY_MS));
    for (const [i, e] of running.entries()) {
      expect(e).toMatchObject({ total: selectionSize, finished: false, preview: null });
      expect(e.done).toBe(e.evaluated + e.failed);
      if (i > 0) expect(e.done).toBeGreaterThanOrEqual(running[i - 1].done);
      if (e.done > 0) expect(e.casesPerSecond).toBeGreaterThan(0);
    }
    expect(running.some((e) => e.done > 0 && e.done < e.total && e.secondsLeft > 0)).toBe(true);
    expect(last).toMatchObject({ finished: true, done: selectionSize, total: selectionSize, secondsLeft: 0 });
    expect(last.preview).toMatchObject({ serviceCode: 'birth-allowance', version: 6, evaluated: last.evaluated, limitReached: false });
    expect(last.preview.failures).toHaveLength(last.failed);
    // 38 → 45 MCI for every 1st–3rd child approved; the fourth child's 63 MCI and the refusal stay.
    expect(last.preview.changed).toMatchObject({ outcome: 0, amount: 2 * (COPIES + 1) });

    // The query, over the newest 2 000 of them, says what the subscription says over the same 2 000.
    const query = expectOk(await h.gql('engineer', PREVIEW_REEVALUATION, { input: { serviceCode: 'birth-allowance', version: 6, limit: 2000 } })).previewReevaluation as any;
    const sub = await drain(await open({ serviceCode: 'birth-allowance', version: 6, limit: 2000 }));
    const end = sub.at(-1).data.previewReevaluationProgress;
    expect(end).toMatchObject({ finished: true, done: 2000, total: 2000 });
    const { __typename, ...fromQuery } = query;
    expect(__typename).toBe('ReevaluationPreview');
    expect(fromQuery.limitReached).toBe(true);
    expect(end.preview).toEqual(fromQuery);
    expect(await snapshot()).toEqual(before);
  });

  it('carries counts only while it runs: no case, no person', async () => {
    const events = (await drain(await open({ serviceCode: 'birth-allowance', version: 6, limit: 500 }))).map((e) => e.data.previewReevaluationProgress);
    const caseIds = (await h.engine.db.prisma.case.findMany({ select: { id: true }, take: 50 })).map((c) => c.id);
    for (const e of events.slice(0, -1)) {
      expect(Object.keys(e).sort()).toEqual(['casesPerSecond', 'done', 'elapsedSeconds', 'evaluated', 'failed', 'finished', 'preview', 'secondsLeft', 'total']);
      expect(Object.values(e).every((v) => v === null || typeof v === 'number' || typeof v === 'boolean')).toBe(true);
      const text = JSON.stringify(e);
      for (const s of [...personal, ...caseIds]) expect(text).not.toContain(s);
    }
  });

  it('runs two previews per caller at most (the query too), and stops one when its client goes away', async () => {
    const hold = await holdEvidence(h.engine.db.prisma);
    const input = { serviceCode: 'birth-allowance', version: 6, limit: 100_000 };
    const streams: SseStream[] = [];
    const abortedBefore = previews.aborted;
    try {
      for (let i = 0; i < MAX_PREVIEWS_PER_CALLER; i++) {
        streams.push(await open(input));
        expect((await streams[i]!.next())?.data?.previewReevaluationProgress.done).toBe(0);
      }
      expect(previews.size).toBe(MAX_PREVIEWS_PER_CALLER);
      const third = await open(input);
      expect((await third.next())?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      const query = await api.gql('engineer', PREVIEW_REEVALUATION, { input: { ...input, limit: 10 } });
      expect(query.body.errors?.[0]?.extensions?.code, JSON.stringify(query.body).slice(0, 300)).toBe('RATE_LIMITED');

      await streams[0]!.cancel();
    } finally {
      await hold.release();
    }
    // The one whose client left stops at its next case; the other runs to its end.
    await expect.poll(() => previews.aborted, { timeout: 20_000 }).toBe(abortedBefore + 1);
    const rest = await drain(streams[1]!);
    expect(rest.at(-1).data.previewReevaluationProgress).toMatchObject({ finished: true, done: selectionSize });
    await expect.poll(() => previews.size, { timeout: 20_000 }).toBe(0);
    // Both slots are free again.
    const again = await open({ ...input, limit: 10 });
    expect((await drain(again)).at(-1).data.previewReevaluationProgress).toMatchObject({ finished: true, done: 10 });
  });

  it('stops a previewReevaluation query too when its client goes away', async () => {
    await expect.poll(() => previews.size, { timeout: 20_000 }).toBe(0);
    const abortedBefore = previews.aborted;
    const hold = await holdEvidence(h.engine.db.prisma);
    const client = new AbortController();
    try {
      const request = Promise.resolve(
        api.yoga.fetch('http://api.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...h.credentials.engineer },
          body: JSON.stringify({ query: PREVIEW_REEVALUATION, variables: { input: { serviceCode: 'birth-allowance', version: 6, limit: 2000 } } }),
          signal: client.signal,
        }),
      ).catch((e: Error) => e);
      await expect.poll(() => previews.size, { timeout: 20_000 }).toBe(1);
      client.abort();
      await request;
    } finally {
      await hold.release();
    }
    await expect.poll(() => previews.aborted, { timeout: 20_000 }).toBe(abortedBefore + 1);
    expect(previews.size).toBe(0);
  });

  it('stops its previews when the API shuts down, telling the client UNAVAILABLE', async () => {
    const own = new PreviewRuns();
    const closing = h.variant({}, { previews: own });
    const hold = await holdEvidence(h.engine.db.prisma);
    let stream: SseStream;
    try {
      stream = await subscribe(closing, h.credentials.engineer, PREVIEW_REEVALUATION_PROGRESS, { input: { serviceCode: 'birth-allowance', version: 6, limit: 100_000 } });
      expect((await stream.next())?.data?.previewReevaluationProgress.done).toBe(0);
      await closing.yoga.dispose();
    } finally {
      await hold.release();
    }
    await expect.poll(() => own.aborted, { timeout: 20_000 }).toBe(1);
    expect((await stream!.next())?.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    expect(own.size).toBe(0);
  });

  it('runs as `npm run what-if` with its progress on stderr: done/total, rate and time left, every 2 s, and the result alone on stdout', async () => {
    const [row] = await h.engine.db.prisma.$queryRawUnsafe<{ db: string }[]>('SELECT current_database() AS db');
    const url = new URL(inject('postgresAdminUrl'));
    url.pathname = `/${row!.db}`;
    const started = Date.now();
    const run = await exec(process.execPath, ['--import', 'tsx', 'scripts/what-if.ts', '--service', 'birth-allowance', '--against-version', '6'], { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: url.toString() } });
    const seconds = (Date.now() - started) / 1000;
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('what-if:'));
    if (process.env.WHAT_IF_SHOW_PROGRESS) console.log(run.stderr);
    expect(lines[0]).toBe(`what-if: ${selectionSize.toLocaleString('en-US')} decided cases to re-evaluate`);
    const running = lines.slice(1, -1).map((l) => /^what-if: ([\d,]+)\/([\d,]+) cases \(\d+%\), ([\d,]+) cases\/s, about .+ left$/.exec(l));
    expect(running.every(Boolean), lines.join('\n')).toBe(true);
    const done = running.map((m) => Number(m![1]!.replace(/,/g, '')));
    expect(done.length).toBeGreaterThan(0);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.every((d) => d > 0 && d < selectionSize)).toBe(true);
    expect(running.every((m) => Number(m![2]!.replace(/,/g, '')) === selectionSize)).toBe(true);
    // At most one line per 2 s of the run, besides the first and the last.
    expect(running.length).toBeLessThanOrEqual(Math.ceil(seconds / 2));
    expect(lines.at(-1)).toMatch(new RegExp(`^what-if: ${selectionSize.toLocaleString('en-US')}/${selectionSize.toLocaleString('en-US')} cases in .+, [\\d,]+ cases/s$`));
    expect(run.stdout).toContain(`What-if preview: ${selectionSize} decided birth-allowance cases against v6`);
    expect(run.stdout).not.toContain('what-if:');
  });

  it('refuses a bad request before it starts, with the codes the query uses', async () => {
    await expect.poll(() => previews.size, { timeout: 20_000 }).toBe(0);
    const code = async (input: Record<string, unknown>) => ((await open(input)).next()).then((e) => e?.errors?.[0]?.extensions?.code);
    expect(await code({ serviceCode: 'birth-allowance', version: 9 })).toBe('VERSION_NOT_FOUND');
    expect(await code({ serviceCode: 'no-such-service', version: 1 })).toBe('SERVICE_NOT_FOUND');
    expect(await code({ serviceCode: 'birth-allowance', version: 6, limit: 100_001 })).toBe('VALIDATION_FAILED');
    const refused = await (await open({ serviceCode: 'birth-allowance', version: 6, limit: 0 })).next();
    expect(refused?.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'limit', code: 'range' }] });
    expect(previews.size).toBe(0);
  });
});

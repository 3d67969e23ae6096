/**
 * `npm run replay:corpus -- [--out DIR] [--only a,b] [--workflows PATH/index.ts] [--reference-date YYYY-MM-DD]`
 *
 * Without --out it writes the next generation, test/replay/histories/v<N+1>: run it after a
 * change to workflow code (guarded with patched()), commit the new generation next to the old.
 *
 * Generates the committed replay corpus: runs every path of the case engine (scenarios.ts) on a
 * real Temporal server — its own dev server, or TEMPORAL_ADDRESS — with the workflow code of this
 * checkout (or --workflows, e.g. an older commit's copy), then exports every workflow's history scrubbed of personal data under
 * DIR/<scenario>/<workflowId>.json with a _manifest.json, and replays the files it wrote to
 * prove the scrubbed histories still replay. The dataset's reference date is fixed, so a test can
 * search the corpus for every IIN, name and phone of that same dataset.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../lib/config.ts';
import { exportHistories } from '../lib/temporal/history/export.ts';
import { fetchHistories, listExecutions } from '../lib/temporal/history/select.ts';
import { collectHistoryFiles, MANIFEST_FILE as MANIFEST, readHistoryFile } from '../lib/temporal/history/files.ts';
import { replayHistories } from '../lib/temporal/history/replayer.ts';
import { loadWorkflowBundle } from '../lib/temporal/workflow-code.ts';
import { createScrubber } from '../lib/temporal/history/scrub.ts';
import { runMain, StartupError } from '../lib/startup.ts';
import { resolveTemporalTarget } from '../lib/temporal/target.ts';
import { startCorpusEngine, type CorpusEngine } from './replay-corpus/harness.ts';
import { CORPUS_REFERENCE_DATE, scenarios, type Expected, type Scenario } from './replay-corpus/scenarios.ts';
const MAX_FILE_BYTES = 200 * 1024;

const say = (line: string) => process.stderr.write(`replay:corpus: ${line}\n`);

async function runScenario(engine: CorpusEngine, s: Scenario): Promise<Expected> {
  const t = Date.now();
  try {
    const expected = await s.run(engine);
    say(`${s.name}: driven in ${Date.now() - t} ms`);
    return expected;
  } catch (e) {
    const cause = (e as Error & { cause?: Error }).cause;
    throw new Error(`scenario ${s.name} failed: ${(e as Error).message}${cause ? ` (${cause.message})` : ''}`);
  }
}

/** Waits until every workflow has closed and checks it ended where the scenario said. */
async function settle(engine: CorpusEngine, expected: Map<string, { scenario: string; status: string }>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (const [workflowId, want] of expected) {
    const handle = engine.client.workflow.getHandle(workflowId);
    for (;;) {
      const d = await handle.describe();
      if (d.status.name !== 'RUNNING') {
        const got = d.type === 'caseWorkflow' ? ((await handle.result()) as { status: string }).status : d.status.name;
        if (got !== want.status) throw new Error(`${want.scenario}: ${workflowId} ended ${got}, expected ${want.status}`);
        break;
      }
      if (Date.now() > deadline) throw new Error(`${want.scenario}: ${workflowId} is still running`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * The runs a workflow continued as new from (an entitlement past a year of periods), oldest first:
 * exported beside its last run as `<workflowId>.run<N>.json`, so the continue-as-new replays too.
 */
async function earlierRuns(engine: CorpusEngine, workflowId: string): Promise<string[]> {
  const last = (await engine.client.workflow.getHandle(workflowId).describe()).runId;
  const runs = await listExecutions(engine.client, `WorkflowId = '${workflowId}'`);
  const earlier = [];
  for (const r of runs) {
    if (r.runId === last) continue;
    const d = await engine.client.workflow.getHandle(workflowId, r.runId).describe();
    earlier.push({ runId: r.runId!, started: d.startTime.getTime() });
  }
  return earlier.sort((a, b) => a.started - b.started).map((r) => r.runId);
}

const CORPUS_DIR = path.join(PROJECT_ROOT, 'test', 'replay', 'histories');

/** test/replay/histories/v<N+1>: each generation of the corpus is kept, so old histories keep replaying. */
function nextGeneration(): string {
  const taken = fs.existsSync(CORPUS_DIR) ? fs.readdirSync(CORPUS_DIR).flatMap((d) => /^v(\d+)$/.exec(d)?.[1] ?? []).map(Number) : [];
  return path.join(CORPUS_DIR, `v${Math.max(0, ...taken) + 1}`);
}

function prepareOut(dir: string): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0 && !fs.existsSync(path.join(dir, MANIFEST))) {
    throw new StartupError(`${dir} is not empty and holds no ${MANIFEST}: refusing to overwrite it`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

runMain('replay:corpus', async () => {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      only: { type: 'string' },
      'reference-date': { type: 'string', default: CORPUS_REFERENCE_DATE },
      'scrub-key': { type: 'string' },
      workflows: { type: 'string' },
      /** For debugging the scrubber only: never commit such a corpus. */
      'no-scrub': { type: 'boolean', default: false },
    },
  });
  const only = values.only?.split(',').map((s) => s.trim());
  const chosen = scenarios.filter((s) => !only || only.includes(s.name));
  if (chosen.length === 0) throw new StartupError(`no scenario matches --only ${values.only}; scenarios: ${scenarios.map((s) => s.name).join(', ')}`);
  const out = path.resolve(values.out ?? nextGeneration());
  const scrubber = values['no-scrub'] ? undefined : createScrubber({ key: values['scrub-key'] ?? process.env.REPLAY_SCRUB_KEY });

  // A cluster named by TEMPORAL_ADDRESS or a temporal.toml profile is used; otherwise our own dev server.
  const target = resolveTemporalTarget(process.env);
  const external = target.addressSource === 'default' ? undefined : target.address;
  say(`starting the engine (${external ? `Temporal at ${external}` : 'own dev server'}, reference date ${values['reference-date']}) …`);
  const workflowsPath = values.workflows ? path.resolve(values.workflows) : undefined;
  const engine = await startCorpusEngine({ referenceDate: values['reference-date']!, temporalAddress: external, workflowsPath });
  try {
    const expected = new Map<string, { scenario: string; status: string }>();
    const record = (s: Scenario, e: Expected) => Object.entries(e).forEach(([id, status]) => expected.set(id, { scenario: s.name, status }));
    const parallel = chosen.filter((s) => !s.exclusive);
    const results = await Promise.all(parallel.map((s) => runScenario(engine, s)));
    parallel.forEach((s, i) => record(s, results[i]!));
    for (const s of chosen.filter((x) => x.exclusive)) record(s, await runScenario(engine, s));
    await settle(engine, expected);

    const refs: { workflowId: string; runId?: string; run?: number }[] = [];
    for (const workflowId of expected.keys()) {
      (await earlierRuns(engine, workflowId)).forEach((runId, i) => refs.push({ workflowId, runId, run: i + 1 }));
      refs.push({ workflowId });
    }
    const { histories, problems } = await fetchHistories(engine.client, refs, { concurrency: 8 });
    if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
    prepareOut(out);
    const files = histories.map((h, i) => {
      const run = refs[i]!.run;
      const [f] = exportHistories([h], out, { scrubber, subdir: (x) => expected.get(x.workflowId)!.scenario });
      if (!run) return { ...f!, status: expected.get(h.workflowId)!.status };
      const renamed = f!.file.replace(/\.json$/u, `.run${run}.json`);
      fs.renameSync(f!.file, renamed);
      return { ...f!, file: renamed, workflowId: `${f!.workflowId}.run${run}`, status: 'CONTINUED_AS_NEW' };
    });
    const manifest = {
      generatedBy: 'npm run replay:corpus',
      referenceDate: values['reference-date'],
      scrubbed: Boolean(scrubber),
      scenarios: Object.fromEntries(
        chosen.map((s) => [
          s.name,
          {
            description: s.description,
            workflows: histories.flatMap((h, i) => (expected.get(h.workflowId)!.scenario === s.name ? [{ workflowId: files[i]!.workflowId, status: files[i]!.status }] : [])),
          },
        ]),
      ),
    };
    fs.writeFileSync(path.join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);

    const total = files.reduce((n, f) => n + f.bytes, 0);
    const big = files.filter((f) => f.bytes > MAX_FILE_BYTES);
    say(`wrote ${files.length} histories (${(total / 1024).toFixed(0)} KB) under ${path.relative(PROJECT_ROOT, out) || out}`);
    if (big.length) throw new Error(`histories over ${MAX_FILE_BYTES / 1024} KB: ${big.map((f) => f.file).join(', ')}`);

    // The scrubbed files, not the originals, must replay: that is what the corpus is for.
    const code = workflowsPath ? { workflowsPath } : undefined;
    const summary = await replayHistories(collectHistoryFiles([out]).map(readHistoryFile), { bundle: await loadWorkflowBundle(code) });
    if (summary.failed > 0) throw new Error(`scrubbed histories do not replay: ${summary.failures.map((f) => `${f.workflowId}: ${f.mismatch?.detail ?? f.message}`).join('; ')}`);
    say(`replayed ${summary.replayed} scrubbed histories against this checkout: all passed`);
  } finally {
    await engine.close();
  }
});

/**
 * `npm run replay -- [selection…] [options]`: replay workflow histories against workflow code —
 * by default this checkout's — before it is deployed. Exit status 1 when any history fails.
 *
 * Selection (any combination):
 *   --case ID …               case ids (workflow case-<ID>)
 *   --workflow-id ID …        workflow ids
 *   --query "…"               a visibility query, e.g. "QyzmetService='birth-allowance' AND ExecutionStatus='Completed'"
 *   --service CODE  --status S  --since T  --until T  --type WORKFLOW_TYPE
 *                             build (or narrow) the query: S is a Temporal status (Completed,
 *                             Running …) or a case status (APPROVED …); T is a date, a time or an age (7d)
 *   --limit N                 at most N workflows from the query
 *   --dir PATH …, or PATH …   history JSON files, or directories of them (recursively)
 * Options:
 *   --workflows FILE          workflow sources to replay against (default workflows/index.ts)
 *   --bundle FILE             a prebuilt workflow bundle instead (npm run build:workflows)
 *   --export DIR              write the fetched histories to DIR/<workflowId>.json (SDK JSON format)
 *   --scrub                   …replacing IINs, phones, names and free text by consistent pseudonyms
 *                             (key: --scrub-key or REPLAY_SCRUB_KEY; without one, a public key)
 *   --no-replay               export only
 *   --concurrency N           parallel history downloads (default 8)
 *   --json                    print the summary as JSON instead of text
 * Temporal is reached through TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TLS variables (as the worker).
 * Encrypted histories (fetched, or files written by `temporal workflow show --output json`) are
 * decoded with the deployment's payload keys (PAYLOAD_KEYS_FILE, else DATA_DIR/keys), as the
 * worker reads them; a history needing a key that is not there fails naming the key id.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../lib/config.ts';
import { exportHistories } from '../lib/temporal/history/export.ts';
import { fetchHistories, listExecutions, SelectionError, visibilityQuery, type ExecutionRef } from '../lib/temporal/history/select.ts';
import { collectHistoryFiles, readHistoryFile, type HistorySource } from '../lib/temporal/history/files.ts';
import { progressBar } from '../lib/progress.ts';
import { replayHistories } from '../lib/temporal/history/replayer.ts';
import { loadWorkflowBundle, WORKFLOWS_ENTRY, type WorkflowCode } from '../lib/temporal/workflow-code.ts';
import { formatSummary } from '../lib/temporal/history/report.ts';
import { createScrubber } from '../lib/temporal/history/scrub.ts';
import { runMain, StartupError, temporalUnreachable } from '../lib/startup.ts';
import { connectClient } from '../lib/temporal/connection.ts';
import { dataConverterOf, loadPayloadCodec } from '../lib/temporal/data-converter.ts';
import { decodeHistory } from '../lib/temporal/history/decode.ts';
import { ENCODING_ENCRYPTED } from '../lib/temporal/payload-codec.ts';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { installRuntime } from '../lib/temporal/runtime.ts';
import { quietLogger } from '../lib/logger.ts';
import { CASE_STATUSES, caseWorkflowId } from '../workflows/messages.ts';

const say = (line: string) => process.stderr.write(`replay: ${line}\n`);

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      case: { type: 'string', multiple: true, default: [] },
      'workflow-id': { type: 'string', multiple: true, default: [] },
      query: { type: 'string' },
      service: { type: 'string' },
      status: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      type: { type: 'string' },
      limit: { type: 'string' },
      dir: { type: 'string', multiple: true, default: [] },
      workflows: { type: 'string' },
      bundle: { type: 'string' },
      export: { type: 'string' },
      scrub: { type: 'boolean', default: false },
      'scrub-key': { type: 'string' },
      'no-replay': { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '8' },
      json: { type: 'boolean', default: false },
    },
  });
  const positive = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new StartupError(`--${name} must be a whole number ≥ 1, got "${v}"`);
    return n;
  };
  return { ...values, files: [...values.dir, ...positionals], limit: positive('limit', values.limit), concurrency: positive('concurrency', values.concurrency)! };
}

async function fromTemporal(o: ReturnType<typeof options>): Promise<HistorySource[]> {
  let query: string | null;
  try {
    query = visibilityQuery({ query: o.query, service: o.service, status: o.status, since: o.since, until: o.until, workflowType: o.type }, { caseStatuses: CASE_STATUSES });
  } catch (e) {
    if (e instanceof SelectionError) throw new StartupError(e.message);
    throw e;
  }
  if (!query && o.case.length === 0 && o['workflow-id'].length === 0) return [];
  const config = loadConfig();
  const { client, connection } = await connectClient(config, { dataConverter: dataConverterOf(payloadCodec()) }).catch((e) => Promise.reject(temporalUnreachable(config.TEMPORAL_ADDRESS, e)));
  try {
    const refs: ExecutionRef[] = [...o.case.map((id) => ({ workflowId: caseWorkflowId(id) })), ...o['workflow-id'].map((workflowId) => ({ workflowId }))];
    if (query) {
      say(`listing workflows matching: ${query}`);
      refs.push(...(await listExecutions(client, query, { limit: o.limit })));
    }
    const unique = [...new Map(refs.map((r) => [`${r.workflowId}/${r.runId ?? ''}`, r])).values()];
    const bar = progressBar('fetching ', unique.length);
    const { histories, problems } = await fetchHistories(client, unique, { concurrency: o.concurrency, onFetched: (done) => bar.update(done) });
    bar.finish();
    for (const p of problems) say(`cannot fetch ${p.workflowId}: ${p.message}`);
    if (problems.length && histories.length === 0) throw new StartupError('none of the selected workflows could be fetched');
    return histories;
  } finally {
    await connection.close();
  }
}

/** The payload keys are read when first needed: histories in clear text (the committed corpus) need none. */
let loadedCodec: PayloadCodec | undefined;
function payloadCodec(): PayloadCodec {
  return (loadedCodec ??= loadPayloadCodec(loadConfig()).codec);
}
const isEncrypted = (p: Payload) => new TextDecoder().decode(p.metadata?.encoding ?? new Uint8Array()) === ENCODING_ENCRYPTED;
const codecWhenNeeded: PayloadCodec = {
  encode: async (payloads) => payloads,
  decode: async (payloads) => (payloads.some(isEncrypted) ? payloadCodec().decode(payloads) : payloads),
};

runMain('replay', async () => {
  const o = options();
  if (o.scrub && !o.export) throw new StartupError('--scrub applies to --export DIR');
  if (o['no-replay'] && !o.export) throw new StartupError('--no-replay only makes sense with --export DIR');
  if (o.workflows && o.bundle) throw new StartupError('give --workflows or --bundle, not both');

  let histories: HistorySource[];
  try {
    histories = collectHistoryFiles(o.files).map(readHistoryFile);
    for (const h of histories) await decodeHistory(h.history, [codecWhenNeeded]);
  } catch (e) {
    throw new StartupError((e as Error).message);
  }
  histories.push(...(await fromTemporal(o)));
  if (histories.length === 0) throw new StartupError('nothing selected: give --case, --workflow-id, --query (or --service/--status/--since/--until), or history files/--dir');

  if (o.export) {
    if (!o.scrub) say('exporting WITHOUT scrubbing: the files hold personal data; add --scrub before sharing or committing them');
    // REPLAY_SCRUB_KEY or REPLAY_SCRUB_KEY_FILE, as the API reads it; production never falls back to the public key.
    const config = loadConfig();
    const scrubKey = o['scrub-key'] ?? config.REPLAY_SCRUB_KEY;
    if (o.scrub && !scrubKey && config.production) throw new StartupError('--scrub in production needs REPLAY_SCRUB_KEY (or REPLAY_SCRUB_KEY_FILE, or --scrub-key): the public key lets pseudonyms be reversed');
    const scrubber = o.scrub ? createScrubber({ key: scrubKey }) : undefined;
    if (o.scrub && !scrubKey) say('scrubbing with the public key: set REPLAY_SCRUB_KEY (a secret) for production data');
    const fetched = histories.filter((h) => h.source.startsWith('temporal:')); // files given on the command line are already files
    const files = exportHistories(fetched, path.resolve(o.export), { scrubber });
    say(`exported ${files.length} histories (${(files.reduce((n, f) => n + f.bytes, 0) / 1024).toFixed(0)} KB) to ${o.export}${scrubber ? ', scrubbed' : ''}`);
  }
  if (o['no-replay']) return;

  // Only now: an installed runtime keeps the process alive until a worker has come and gone.
  installRuntime(quietLogger('replay'), { coreLevel: 'ERROR' });
  const code: WorkflowCode = o.bundle ? { bundlePath: o.bundle } : { workflowsPath: o.workflows ?? WORKFLOWS_ENTRY };
  const against = 'bundlePath' in code ? code.bundlePath : path.relative(PROJECT_ROOT, code.workflowsPath) || code.workflowsPath;
  say(`bundling ${against} …`);
  const bundle = await loadWorkflowBundle(code);
  const bar = progressBar('replaying', histories.length);
  const summary = await replayHistories(histories, { bundle, onResult: (item, done) => bar.update(done, `${item.ok ? 'ok' : 'FAILED'} ${item.workflowId}`) });
  bar.finish(summary.failed ? `${summary.failed} failed` : 'all passed');
  process.stdout.write(`${o.json ? JSON.stringify({ against, ...summary }, null, 2) : formatSummary(summary, { against })}\n`);
  process.exitCode = summary.failed > 0 ? 1 : 0;
});

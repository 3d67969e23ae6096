/**
 * `npm run demo`: against the running platform (`npm start` in another terminal), drives one case
 * through each path of the case engine over the GraphQL API and prints a table of case, service,
 * path, outcome, amount and time taken.
 *   --url URL       the GraphQL endpoint (default http://API_HOST:API_PORT/graphql)
 *   --only NAME     run the paths whose name contains NAME
 */
import { parseArgs } from 'node:util';
import { mintDevCitizenAssertion } from '../lib/auth/citizen-assertions.ts';
import { loadConfig } from '../lib/config.ts';
import { deliverInboundSms } from '../api/client/sms-gateway-client.ts';
import { runMain, StartupError } from '../lib/startup.ts';
import { connectClient } from '../lib/temporal/connection.ts';
import { dataConverterOf, loadPayloadCodec } from '../lib/temporal/data-converter.ts';
import { startPopulationSweep } from '../activities/population-sweep-start.ts';
import type { SweepProgress } from '../workflows/messages.ts';
import { applicantCandidates } from '../registries/synthetic/applicants.ts';
import { getDataset } from '../registries/synthetic/dataset.ts';
import { apiKeyCaller, graphql, staffCaller } from './demo/client.ts';
import { PATHS, type PathResult } from './demo/paths.ts';

function table(rows: PathResult[]): string {
  const head = ['case', 'service', 'path', 'outcome', 'amount (KZT)', 'time'];
  const body = rows.map((r) => [r.caseId, r.service, r.path, r.outcome, r.amount === null ? '—' : r.amount.toLocaleString('en-US', { minimumFractionDigits: 2 }), `${(r.ms / 1000).toFixed(1)} s`]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

runMain('demo', async () => {
  const { values } = parseArgs({ options: { url: { type: 'string' }, only: { type: 'string' } } });
  const config = loadConfig();
  const url = values.url ?? `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${config.API_PORT}/graphql`;
  const health = await fetch(url.replace(/\/graphql$/, '/readyz')).catch(() => null);
  if (!health?.ok) throw new StartupError(`the platform does not answer at ${url} — start it with npm start (or pass --url)`);

  const actors = {
    frontend: apiKeyCaller(config),
    socialOfficer: await staffCaller(config, 'officer-aigerim', 'officer', 'social-payments'),
    socialOfficer2: await staffCaller(config, 'officer-bolat', 'officer', 'social-payments'),
    socialSupervisor: await staffCaller(config, 'supervisor-nurlan', 'supervisor', 'social-payments'),
    employmentOfficer: await staffCaller(config, 'officer-dana', 'officer', 'employment'),
    employmentSupervisor: await staffCaller(config, 'supervisor-yerlan', 'supervisor', 'employment'),
  };
  const dataset = getDataset();
  const candidates = applicantCandidates(dataset);
  // Offers go to mothers of births after the persona list (the personas are the applications').
  const offerBirths = candidates.birth.slice(candidates.birth.length >> 1).map((a) => ({ childIin: String(a.application.childIin), motherIin: a.applicantIin }));
  let nextOffer = 0;
  const apiBase = url.replace(/\/graphql$/, '');
  const ctx = {
    gql: graphql(url),
    // The SMS gateway delivering a citizen's reply (development secret unless SMS_INBOUND_SECRET is set).
    smsReply: (from: string, text: string, messageId: string) => deliverInboundSms(apiBase, config.smsInboundSecret ?? '', { messageId, from, text }),
    actors,
    dataset,
    runId: Date.now().toString(36),
    candidates,
    engineer: await staffCaller(config, 'engineer-timur', 'engineer', null),
    sweep: async (label: string) => {
      const { client, connection } = await connectClient(config, { dataConverter: dataConverterOf(loadPayloadCodec(config).codec) });
      try {
        const handle = await startPopulationSweep(client, config.TEMPORAL_TASK_QUEUE, { label, pagesPerSecond: 50 });
        return (await handle.result()) as SweepProgress;
      } finally {
        await connection.close();
      }
    },
    citizenProof: async (iin: string) => ({ kind: 'EGOV_SUBJECT' as const, reference: await mintDevCitizenAssertion(config, iin) }),
    nextBirth: () => {
      const birth = offerBirths[nextOffer++ % offerBirths.length];
      if (!birth) throw new Error('the synthetic population has no recent births to offer');
      return birth;
    },
  };
  const paths = PATHS.filter((p) => !values.only || p.name.includes(values.only));
  process.stderr.write(`demo: ${paths.length} paths against ${url}\n`);

  // The paths run side by side (each waits on its own clocks); results print in path order.
  const results = await Promise.all(
    paths.map(async (p) => {
      const started = Date.now();
      try {
        const r = await p.run(ctx);
        process.stderr.write(`  ✓ ${p.name}: ${r.outcome}\n`);
        return { ...r, path: p.name, ms: Date.now() - started };
      } catch (e) {
        process.stderr.write(`  ✗ ${p.name}: ${(e as Error).message}\n`);
        return { caseId: '—', service: '—', path: p.name, outcome: `FAILED: ${(e as Error).message.slice(0, 60)}`, amount: null, ms: Date.now() - started };
      }
    }),
  );
  console.log(table(results));
  const notes = results.filter((r) => r.note).map((r) => `  ${r.path}: ${r.note}`);
  if (notes.length) console.log(`\nNotes:\n${notes.join('\n')}`);
  if (results.some((r) => r.outcome.startsWith('FAILED'))) process.exitCode = 1;
});

/**
 * `npm run bench [-- --quick] [--no-profile] [--out file.json]`: Qyzmet against bare Temporal on
 * one dev server, in one run. Prints the markdown table on stdout, progress on stderr, and writes
 * the full results as JSON (bench-results/ by default). See scripts/bench/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../../lib/db/client.ts';
import { quietLogger } from '../../lib/logger.ts';
import { installRuntime } from '../../lib/temporal/runtime.ts';
import { caseIdOfWorkflow } from '../../workflows/messages.ts';
import { requireTemporalCli } from '../../lib/temporal/cli.ts';
import { seedCatalog } from '../../prisma/seed.ts';
import { countSteps } from './shape.ts';
import { shapeOverflow } from './baseline/activities.ts';
import { benchClaimSigner, benchPayloadKeysFile, spawnBaselineWorker, spawnPlatformWorker, TASK_QUEUES } from './children.ts';
import { dataConverterOf, loadPayloadCodec } from '../../lib/temporal/data-converter.ts';
import { deriveShapes } from './derive.ts';
import { computeFigures } from './figures.ts';
import { machineInfo } from './machine.ts';
import { parseOptions } from './options.ts';
import { emptyApiResult, graphqlResolver, runApiPhases, startApi, type ApiResult } from './phases/api.ts';
import { runDatabases, startPgliteWorker } from './phases/databases.ts';
import { runEntitlements } from './phases/entitlements.ts';
import { measureHistories } from './phases/histories.ts';
import { runProfile, type ProfileResult } from './phases/profile.ts';
import { runSweep } from './phases/sweep.ts';
import { runThroughput } from './phases/throughput.ts';
import { runWaiting } from './phases/waiting.ts';
import { log } from './progress.ts';
import { activityBreakdown, cpuPerUnit, type Measured } from './rounds.ts';
import { breakdownTable, markdownTable, notes, profileMarkdown } from './report.ts';
import { summarize } from './stats.ts';
import { setUpInfra } from './setup.ts';
import { baselineTarget, platformTarget } from './systems.ts';

const opts = parseOptions(process.argv.slice(2));
const started = Date.now();
// The replayer (P8) creates a native runtime in this process: keep its logging quiet.
installRuntime(quietLogger('bench'));
const machine = machineInfo(requireTemporalCli());
log(`${opts.quick ? 'quick' : 'full'} run on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, load ${machine.loadAverage.join(' ')}`);

const infra = await setUpInfra(log);
const stops: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | null = null;
const cleanup = () =>
  (cleaning ??= (async () => {
    log('stopping workers, the dev server and dropping the bench database');
    for (const stop of stops.reverse()) await stop().catch((e) => log(`cleanup: ${(e as Error).message}`));
    await infra.teardown();
    log('done');
  })());
// Ctrl-C must not leave a dev server (its own process group) or the bench database behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));
try {
  const db = await openDatabase({ DATABASE_URL: infra.postgresUrl, DATABASE_POOL_SIZE: 10, pgliteDir: '' });
  stops.push(() => db.close());
  await seedCatalog(db.prisma, { allowUnverified: true }); // the bench's own throwaway database, never production
  const connection = await Connection.connect({ address: infra.temporal.address });
  stops.push(() => connection.close());
  // The deployment's payload codec, as every client of the platform has it (the children share its key file).
  const dataConverter = dataConverterOf(loadPayloadCodec({ PAYLOAD_KEYS_FILE: benchPayloadKeysFile(infra), DATA_DIR: infra.tempRoot, production: false }).codec);
  const client = new Client({ connection, dataConverter });
  log('starting the platform and baseline worker processes');
  const [platform, baseline, pgliteWorker] = await Promise.all([spawnPlatformWorker(infra, 'postgresql', { populationHouseholds: opts.sweepHouseholds }), spawnBaselineWorker(infra), startPgliteWorker(infra)]);
  stops.push(() => platform.stop(), () => baseline.stop(), () => pgliteWorker.stop());
  // Intake reads the catalog through its cache, as GraphQL `startCase` does (api/intake/start-case.ts).
  const intake = { prisma: db.prisma, temporal: client, taskQueue: TASK_QUEUES.platform };

  log('reading the case shapes from one automatic and one reviewed platform case');
  const claimSigner = benchClaimSigner(infra);
  const { shapes } = await deriveShapes(client, intake, platform, claimSigner);
  const baselineOptions = await baseline.call('shapes', shapes);
  const platformOptions = await platform.call('options');
  if (JSON.stringify(baselineOptions) !== JSON.stringify(platformOptions)) throw new Error(`worker options differ:\nA ${JSON.stringify(platformOptions)}\nB ${JSON.stringify(baselineOptions)}`);
  const steps = countSteps(shapes.auto);
  log(`automatic case: ${steps.regular} regular + ${steps.local} local activities; B replays the same`);

  const targets = { A: platformTarget('A', client, intake), B: baselineTarget('B', client, TASK_QUEUES.baseline, shapes.auto) };
  const serverPid = infra.temporal.child.pid;
  const throughputResult = await runThroughput(opts, targets, { A: platform, B: baseline }, serverPid);

  const lastIds = (side: 'A' | 'B') => Object.values(throughputResult.closed).flatMap((c) => c[side]).flatMap((m) => m.round.ids).slice(-opts.historySamples);
  const histories = await measureHistories(client, { A: lastIds('A'), B: lastIds('B') }, { A: infra.bundles.platform.path, B: infra.bundles.baseline.path }, opts.rounds);

  log('starting the API process (full stack and bare reference)');
  const apiHandle = await startApi(infra, db.prisma);
  stops.push(() => apiHandle.child.stop());
  const readIds = lastIds('A').map(caseIdOfWorkflow);
  const api: ApiResult = await runApiPhases(opts, apiHandle, client, targets.B, Math.min(throughputResult.maxRate.A, throughputResult.maxRate.B) / 2, readIds, serverPid).catch((e: Error) => {
    log(`API phases failed: ${e.message}`);
    return emptyApiResult(`API phases failed: ${e.message.split('\n')[0]}`);
  });

  const waiting = await runWaiting(opts.cachedWorkflows, opts.rounds, {
    client,
    intake,
    baselineTaskQueue: TASK_QUEUES.baseline,
    shape: shapes.review,
    platform,
    baseline,
    graphqlResolve: graphqlResolver(apiHandle),
    claimSigner,
  });
  const entitlements = await runEntitlements({ ...opts.entitlements, maxMs: 3 * opts.maxRoundMs }, { client, intake, prisma: db.prisma, platform, baseline, baselineTaskQueue: TASK_QUEUES.baseline });
  const databases = await runDatabases(opts, serverPid, client, { pglite: pgliteWorker, postgresql: platform });
  // Last before the profile: the offers' case workflows keep the platform worker busy afterwards.
  const sweep = await runSweep(opts.sweepHouseholds, client, TASK_QUEUES.platform);

  let profile: ProfileResult | null = null;
  if (opts.profile) {
    await Promise.all([platform.stop(), baseline.stop(), apiHandle.child.stop()]); // the profiled processes run alone
    profile = await runProfile(opts.profileMs, infra, client, intake, shapes, readIds, path.join(path.dirname(opts.out), `profiles-${path.basename(opts.out, '.json')}`));
  }

  const figures = computeFigures({ throughput: throughputResult, histories, api, waiting, entitlements, databases, sweep, bundles: { A: infra.bundles.platform.bytes, B: infra.bundles.baseline.bytes } });
  const closedA = Object.values(throughputResult.closed).flatMap((c) => c.A);
  const table = markdownTable(figures);
  const breakdown = breakdownTable(activityBreakdown(closedA));
  const sqlPerCase = cpuPerUnit(closedA, 'workerDbQueries') + throughputResult.intakeDbQueriesPerCase;
  const rate = (m: Measured) => (m.round.rate.count * 1000) / m.round.rate.windowMs;
  const roundRates = Object.fromEntries(Object.entries(throughputResult.closed).map(([c, m]) => [c, { A: m.A.map(rate), B: m.B.map(rate) }]));
  const notesText = notes({ roundRates, shape: shapes.auto, sqlPerCase, intakeSqlPerCase: throughputResult.intakeDbQueriesPerCase, api, waiting, journalMode: infra.journalMode });
  process.stdout.write(
    `\n${table}\n\n${notesText}\n\nPlatform activities under closed-loop load (wall time inside each activity):\n\n${breakdown}\n\n${profileMarkdown(profile)}\n`,
  );
  const result = {
    version: 1,
    mode: opts.quick ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: { ...machine, loadAverageAtEnd: machineInfo(requireTemporalCli()).loadAverage },
    options: opts,
    infra: { journalMode: infra.journalMode, setupMs: infra.timingsMs, bundles: infra.bundles },
    shapes,
    shapeOverflowBytes: { auto: shapeOverflow(shapes.auto), review: shapeOverflow(shapes.review) },
    workerOptions: platformOptions,
    figures,
    table,
    notes: notesText,
    sqlPerCase,
    activityBreakdown: activityBreakdown(closedA),
    phases: { throughput: throughputResult, histories, api, waiting, entitlements, databases, sweep },
    profile,
  };
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  // Raw samples become summaries and ids are dropped: the file stays small enough to keep.
  const replacer = (key: string, v: unknown) =>
    key === 'ids' || key === 'doneAtMs' ? undefined : (key === 'e2eMs' || key === 'startMs') && Array.isArray(v) ? summarize(v) : typeof v === 'number' && !Number.isFinite(v) ? null : v;
  fs.writeFileSync(opts.out, JSON.stringify(result, replacer, 1));
  log(`results written to ${path.relative(process.cwd(), opts.out)} (${result.durationS} s)`);
} finally {
  await cleanup();
}

/**
 * `npm run sweep -- [--date YYYY-MM-DD] [--label L] [--page-size N] [--pages-per-second N] [--pages-per-run N] [--households N]`
 *
 * Starts today's population sweep (workflows/population-sweep-workflow.ts), or attaches to it when
 * it is running, follows its progress (its Query) and prints persons scanned, offers made and the
 * time. A sweep of a date that already finished answers its counts at once and offers nothing;
 * `--label` tells apart a second sweep of one date (it finds every offer made already).
 *
 * Without `--households` it is a client of the deployment: the deployment's workers run the sweep.
 * `--households N` runs a measurement on its own: a worker in this process over a simulated
 * population of N households (about 3 persons each), on a task queue of its own (the offers' case
 * workflows run there too), against the configured database and Temporal.
 */
import { parseArgs } from 'node:util';
import { startPopulationSweep } from '../activities/population-sweep-start.ts';
import { loadConfig } from '../lib/config.ts';
import { seedCatalog } from '../prisma/seed.ts';
import { openPlatform } from '../lib/platform.ts';
import { runMain, StartupError } from '../lib/startup.ts';
import { populationSweepProgressQuery, type SweepProgress } from '../workflows/messages.ts';
import { platformWorker, stopWorker } from '../worker.ts';

runMain('sweep', async () => {
  const { values } = parseArgs({
    options: {
      date: { type: 'string' },
      label: { type: 'string' },
      'page-size': { type: 'string' },
      'pages-per-second': { type: 'string' },
      'pages-per-run': { type: 'string' },
      households: { type: 'string' },
    },
  });
  const num = (name: keyof typeof values) => {
    const v = values[name];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new StartupError(`--${name} must be a whole number, got "${v}"`);
    return n;
  };
  const households = num('households');
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new StartupError(`--date must be YYYY-MM-DD, got "${values.date}"`);
  const env = households === undefined ? process.env : { ...process.env, SIM_POPULATION_HOUSEHOLDS: String(households) };
  const config = loadConfig(env);
  if (households !== undefined && config.REGISTRY_MODE !== 'simulated') throw new StartupError('--households needs the simulated registries (REGISTRY_MODE=simulated)');
  const own = households !== undefined;
  const platform = await openPlatform(config, { roles: own ? ['api', 'worker'] : ['api'], name: 'qyzmet-sweep' });
  const taskQueue = own ? `${platform.taskQueue}-sweep-${households}` : platform.taskQueue;
  let stop = async () => {};
  try {
    if (own) {
      // The catalog as `npm start` publishes it, so the offers' cases find their service.
      await seedCatalog(platform.prisma, { allowUnverified: config.allowUnverifiedLaw });
      const t0 = performance.now();
      const worker = await platformWorker(platform as typeof platform & Parameters<typeof platformWorker>[0], { taskQueue });
      const running = worker.run();
      stop = async () => {
        stopWorker(worker);
        await running;
      };
      console.error(`worker on ${taskQueue} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (population generated)`);
    }
    const started = performance.now();
    const handle = await startPopulationSweep(platform.temporal, taskQueue, {
      date: values.date,
      label: values.label,
      pageSize: num('page-size'),
      pagesPerSecond: num('pages-per-second'),
      pagesPerRun: num('pages-per-run'),
    });
    console.error(`sweep ${handle.workflowId}: following its progress`);
    const result = handle.result() as Promise<SweepProgress>;
    let done = false;
    void result.finally(() => (done = true)).catch(() => {});
    while (!done) {
      await new Promise((r) => setTimeout(r, 2000));
      if (done) break;
      const p = await handle.query(populationSweepProgressQuery).catch(() => null);
      if (p) console.error(`  ${p.counts.scanned} scanned, ${p.counts.eligible} eligible, ${p.counts.offered} offered, ${p.counts.skipped} skipped (${p.pages} pages)`);
    }
    const final = await result;
    const seconds = (performance.now() - started) / 1000;
    const c = final.counts;
    console.log(
      JSON.stringify({ sweepId: final.sweepId, status: final.status, scanned: c.scanned, eligible: c.eligible, offered: c.offered, skipped: c.skipped, pages: final.pages, seconds: Number(seconds.toFixed(1)), scannedPerSecond: Math.round(c.scanned / seconds) }),
    );
  } finally {
    await stop();
    await platform.close();
  }
});

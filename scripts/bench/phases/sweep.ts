/**
 * The population sweep: persons scanned per second and offers made by the platform's sweep
 * workflow (A, on the platform worker, whose simulated population is SIM_POPULATION_HOUSEHOLDS),
 * against reading the same population extract in pages and finding its entitled families in this
 * process with no workflow and no database (B). The offers row compares the offers made with the
 * families B found: 1.00 when every entitled family was offered once.
 */
import type { Client } from '@temporalio/client';
import { startPopulationSweep, SWEEP_SERVICE } from '../../../activities/population-sweep-start.ts';
import { createSimulatedRegistry } from '../../../registries/simulated.ts';
import { getDataset } from '../../../registries/synthetic/dataset.ts';
import type { PopulationPage } from '../../../registries/types.ts';
import { discoverableService, discoverFamilies } from '../../../services/discovery.ts';
import { kzDate } from '../../../lib/kz-time.ts';
import type { SweepProgress } from '../../../workflows/messages.ts';
import { log } from '../progress.ts';

export interface SweepResult {
  households: number;
  A: { scanned: number; offered: number; seconds: number };
  B: { scanned: number; entitled: number; seconds: number };
}

const PAGE = 1000;

export async function runSweep(households: number, client: Client, taskQueue: string): Promise<SweepResult> {
  const asOf = kzDate(new Date());
  log(`population sweep over ${households} households: reading the extract alone (B)`);
  const registry = createSimulatedRegistry({ dataset: getDataset({ populationHouseholds: households }) });
  const service = discoverableService(SWEEP_SERVICE)!;
  const t0 = performance.now();
  const entitled = new Set<string>();
  let scanned = 0;
  for (let cursor: string | null = null; ; ) {
    const page: PopulationPage = (await registry.query('civil.population', { cursor, limit: PAGE })).data;
    scanned += page.persons.length;
    for (const f of discoverFamilies(service, page.persons, asOf)) entitled.add(f.caseId);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const B = { scanned, entitled: entitled.size, seconds: (performance.now() - t0) / 1000 };
  log(`population sweep (A): the sweep workflow on the platform worker`);
  const t1 = performance.now();
  const handle = await startPopulationSweep(client, taskQueue, { date: asOf, label: `bench-${process.pid}`, pageSize: PAGE });
  const done = (await handle.result()) as SweepProgress;
  const A = { scanned: done.counts.scanned, offered: done.counts.offered, seconds: (performance.now() - t1) / 1000 };
  log(`  A: ${A.scanned} scanned, ${A.offered} offered in ${A.seconds.toFixed(1)} s; B: ${B.scanned} read, ${B.entitled} entitled in ${B.seconds.toFixed(1)} s`);
  return { households, A, B };
}

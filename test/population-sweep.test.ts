/**
 * The population sweep on the real stack: it offers the large-family allowance to exactly the
 * families entitled (counted here independently of the sweep's code), survives its worker being
 * stopped after the first checkpoint with no page lost or repeated, and a second sweep offers
 * nothing new.
 */
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepOfferCaseId } from '../services/discovery.ts';
import { populationSweepProgressQuery, populationSweepWorkflowId, type PopulationSweepInput, type SweepProgress } from '../workflows/messages.ts';
import type { populationSweepWorkflow } from '../workflows/population-sweep-workflow.ts';
import { platformWorker, stopWorker } from '../worker.ts';
import { REFERENCE_DATE, startEngine, type Engine } from './support/engine.ts';

const SERVICE = 'large-family-allowance';
const yearsOn = (birth: string, on: string) => Number(on.slice(0, 4)) - Number(birth.slice(0, 4)) - (on.slice(5) < birth.slice(5) ? 1 : 0);

describe('population sweep', () => {
  let engine: Engine;
  let second: { worker: Worker; running: Promise<void> } | null = null;
  beforeAll(async () => {
    engine = await startEngine({ kind: 'postgresql', populationHouseholds: 400 });
  });
  afterAll(async () => {
    if (second) {
      stopWorker(second.worker);
      await second.running;
    }
    await engine?.close();
  });

  /** The families the law entitles, by the DOMAIN notes' definition, as offer case ids. */
  function entitledFamilies(): Set<string> {
    const ds = engine.dataset;
    const all = new Map([...ds.persons, ...ds.population.persons]);
    const kidsOf = (iin: string) => ds.childrenByParent.get(iin) ?? ds.population.childrenByParent.get(iin) ?? [];
    const studying = (iin: string) => ds.inFullTimeEducation.get(iin) ?? ds.population.inFullTimeEducation.get(iin) ?? false;
    const ids = new Set<string>();
    for (const p of all.values()) {
      if (p.deceased || (p.sex === 'M' && p.maritalStatus === 'MARRIED' && p.spouseIin)) continue;
      const counted = kidsOf(p.iin).filter((k) => {
        const c = all.get(k)!;
        const age = yearsOn(c.birthDate, REFERENCE_DATE);
        return (age < 18 || (studying(k) && age < 23)) && p.registeredAddress !== null && c.registeredAddress === p.registeredAddress;
      });
      if (counted.length >= 4) ids.add(sweepOfferCaseId(SERVICE, counted));
    }
    return ids;
  }

  async function sweep(sweepId: string, onFirstCheckpoint?: () => Promise<void>): Promise<SweepProgress> {
    const input: PopulationSweepInput = { sweepId, serviceCode: SERVICE, asOf: REFERENCE_DATE, pageSize: 250, pagesPerSecond: 5, pagesPerRun: 3 };
    const handle = await engine.client.workflow.start<typeof populationSweepWorkflow>('populationSweepWorkflow', { workflowId: populationSweepWorkflowId(sweepId), taskQueue: engine.taskQueue, args: [input] });
    if (onFirstCheckpoint) {
      await expect.poll(async () => (await engine.db.prisma.populationSweep.findUnique({ where: { id: sweepId } }))?.pages ?? 0, { timeout: 120_000, interval: 50 }).toBeGreaterThanOrEqual(1);
      await onFirstCheckpoint();
    }
    const result = await handle.result();
    expect(await handle.query(populationSweepProgressQuery).catch(() => result)).toEqual(result);
    return result;
  }

  it('offers exactly the entitled families, once each, although its worker is stopped mid-sweep', async () => {
    const expected = entitledFamilies();
    expect(expected.size).toBeGreaterThan(10);
    const total = engine.dataset.persons.size + engine.dataset.population.persons.size;
    let restarted = false;
    const result = await sweep('lf-first', async () => {
      // The worker stops after the first checkpoint; a new one (a new process, as far as Temporal knows) takes over.
      const mid = await engine.db.prisma.populationSweep.findUniqueOrThrow({ where: { id: 'lf-first' } });
      stopWorker(engine.worker);
      await expect.poll(() => engine.worker.getState(), { timeout: 120_000 }).toBe('STOPPED');
      const { registries, sms, catalog } = engine.deps;
      const worker = await platformWorker(engine.platform as Parameters<typeof platformWorker>[0], { taskQueue: engine.taskQueue, deps: { registries, sms, catalog }, workflowBundlePath: inject('workflowBundlePath') });
      second = { worker, running: worker.run() };
      restarted = mid.scanned < total;
    });
    expect(restarted).toBe(true);
    expect(result.status).toBe('COMPLETED');
    expect(result.counts.scanned).toBe(total);
    expect(result.counts.eligible).toBe(expected.size);
    expect(result.counts.offered).toBe(expected.size);

    const offers = await engine.db.prisma.case.findMany({ where: { serviceCode: SERVICE, origin: 'PROACTIVE' }, select: { id: true } });
    expect(new Set(offers.map((o) => o.id))).toEqual(expected);
    const row = await engine.db.prisma.populationSweep.findUniqueOrThrow({ where: { id: 'lf-first' } });
    expect({ scanned: row.scanned, offered: row.offered, status: row.status }).toEqual({ scanned: total, offered: expected.size, status: 'COMPLETED' });
    // Each offer is a proactive case running its pre-check and offer like a life event's.
    const first = [...expected][0]!;
    expect((await engine.waitFor(first, (s) => s.status === 'OFFERED' || s.status === 'NOT_OFFERED', 150_000)).status).toBe('OFFERED');
  });

  it('a second sweep offers nothing new', async () => {
    const before = await engine.db.prisma.case.count({ where: { serviceCode: SERVICE } });
    const result = await sweep('lf-second');
    expect(result.counts.offered).toBe(0);
    expect(result.counts.skipped).toBe(result.counts.eligible);
    expect(result.counts.eligible).toBeGreaterThan(0);
    expect(await engine.db.prisma.case.count({ where: { serviceCode: SERVICE } })).toBe(before);
  });
});

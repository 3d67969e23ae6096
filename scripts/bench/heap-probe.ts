/**
 * `node --import tsx scripts/bench/heap-probe.ts [cases=100] [entitlements=0] [outDir] [--baseline]`:
 * what a cached workflow holds, without the whole bench. On the bench's own infrastructure
 * (setup.ts, children.ts): N reviewed cases wait for an officer on the platform worker, as P9 has
 * them; with --baseline, N of B's workflows wait for the same Update on the baseline worker; M
 * childcare entitlements wait for their next period (an hour away), as EN has them. Each set is
 * measured as the bench does (the workflow thread's live heap, after one warm-up workflow of the
 * kind) and the thread's heap snapshots before and after are written to outDir (default
 * bench-results/heap), to be opened in Chrome's DevTools or compared by constructor.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startCase } from '../../api/intake/start-case.ts';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { openDatabase } from '../../lib/db/client.ts';
import { quietLogger } from '../../lib/logger.ts';
import { dataConverterOf, loadPayloadCodec } from '../../lib/temporal/data-converter.ts';
import { installRuntime } from '../../lib/temporal/runtime.ts';
import { seedCatalog } from '../../prisma/seed.ts';
import { getDataset } from '../../registries/index.ts';
import { applicantCandidates, type Application } from '../../registries/synthetic/applicants.ts';
import { caseWorkflowId, entitlementIdOf } from '../../workflows/messages.ts';
import { WAITING_QUERY } from './baseline/protocol.ts';
import { benchClaimSigner, benchPayloadKeysFile, spawnBaselineWorker, spawnPlatformWorker, TASK_QUEUES } from './children.ts';
import { deriveShapes, waitForOpenTask } from './derive.ts';
import { memory } from './phases/waiting.ts';
import { log } from './progress.ts';
import type { ChildHandle } from './rpc.ts';
import { setUpInfra } from './setup.ts';
import { baselineTarget, CLIENT_ID, nextRequestId, platformTarget } from './systems.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const withBaseline = process.argv.includes('--baseline');
const n = Number(args[0] ?? 100);
const m = Number(args[1] ?? 0);
const outDir = path.resolve(args[2] ?? path.join(PROJECT_ROOT, 'bench-results', 'heap'));
fs.mkdirSync(outDir, { recursive: true });
const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `count` workflows (10 at a time), each returning once it waits. */
async function fill(count: number, startOne: () => Promise<void>, concurrency = 10): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      next++;
      await startOne();
    }
  }));
}

/** One warm-up workflow, then `count` more: KiB of workflow-thread heap per workflow, snapshots before and after. */
async function measure(label: string, worker: ChildHandle, count: number, startOne: () => Promise<void>, concurrency?: number): Promise<void> {
  await fill(1, startOne);
  const before = await memory(worker);
  await worker.call('workflowHeapSnapshot', { prefix: path.join(outDir, `${label}-0`) });
  await fill(count, startOne, concurrency);
  const after = await memory(worker);
  await worker.call('workflowHeapSnapshot', { prefix: path.join(outDir, `${label}-${count}`) });
  log(`${label}: ${((after.workflowHeap - before.workflowHeap) / 1024 / count).toFixed(1)} KiB workflow-thread heap per workflow (n=${count}; ${before.workflowHeap} → ${after.workflowHeap} bytes)`);
}

installRuntime(quietLogger('bench'));
const infra = await setUpInfra(log);
const stops: (() => Promise<unknown>)[] = [];
try {
  const db = await openDatabase({ DATABASE_URL: infra.postgresUrl, DATABASE_POOL_SIZE: 10, pgliteDir: '' });
  stops.push(() => db.close());
  await seedCatalog(db.prisma, { allowUnverified: true }); // the bench's own throwaway database
  const connection = await Connection.connect({ address: infra.temporal.address });
  stops.push(() => connection.close());
  const dataConverter = dataConverterOf(loadPayloadCodec({ PAYLOAD_KEYS_FILE: benchPayloadKeysFile(infra), DATA_DIR: infra.tempRoot, production: false }).codec);
  const client = new Client({ connection, dataConverter });
  const platform = await spawnPlatformWorker(infra, 'postgresql');
  stops.push(() => platform.stop());
  const intake = { prisma: db.prisma, temporal: client, taskQueue: TASK_QUEUES.platform };

  const review = platformTarget('A', client, intake, 'review');
  await measure('cases', platform, n, async () => {
    await waitForOpenTask(client, await review.start(), 120_000);
  });

  if (withBaseline) {
    const baseline = await spawnBaselineWorker(infra);
    stops.push(() => baseline.stop());
    const { shapes } = await deriveShapes(client, intake, platform, benchClaimSigner(infra));
    await baseline.call('shapes', shapes);
    const target = baselineTarget('B', client, TASK_QUEUES.baseline, shapes.review, 'review');
    await measure('baseline', baseline, n, async () => {
      const id = await target.start();
      for (let i = 0; !(await client.workflow.getHandle(id).query<boolean>(WAITING_QUERY).catch(() => false)); i++) {
        if (i > 1200) throw new Error(`baseline ${id} never reached its wait`);
        await sleepMs(50);
      }
    });
  }

  if (m > 0) {
    // Childcare applicants (registries/synthetic/applicants.ts): approved, each case starts an entitlement.
    const apps = applicantCandidates(getDataset()).childcare.slice(0, m + 1);
    if (apps.length < m + 1) throw new Error(`the dataset has ${apps.length} childcare applicants, ${m + 1} needed`);
    let nextApp = 0;
    await measure('entitlements', platform, apps.length - 1, async () => {
      const app: Application = apps[nextApp++]!;
      const { caseId } = await startCase(intake, { ...app, clientId: CLIENT_ID, clientRequestId: nextRequestId(), language: 'ru', timing: { periodMs: 3_600_000 } });
      const result = (await client.workflow.getHandle(caseWorkflowId(caseId)).result()) as { status: string };
      if (result.status !== 'APPROVED') throw new Error(`the childcare case ${caseId} ended ${result.status}`);
      // Waiting for its next period once the first is recorded.
      for (let i = 0; (await db.prisma.entitlementPeriod.count({ where: { entitlementId: entitlementIdOf(caseId) } })) < 1; i++) {
        if (i > 1200) throw new Error(`the entitlement of ${caseId} recorded no period`);
        await sleepMs(100);
      }
    }, 4);
  }
} finally {
  for (const stop of stops.reverse()) await stop().catch((e) => log(`cleanup: ${(e as Error).message}`));
  await infra.teardown();
}

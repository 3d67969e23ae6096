/**
 * The case engine on real infrastructure for generating the replay corpus: a Temporal server
 * (our own dev server, or TEMPORAL_ADDRESS), a fresh PGlite database, and the engine core the
 * tests use (scripts/support/engine.ts) on a fixed reference date, with the workflow code as it
 * is in this checkout (or another version's), so `npm run replay:corpus` runs without vitest.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../lib/db/client.ts';
import { quietLogger } from '../../lib/logger.ts';
import { installRuntime } from '../../lib/temporal/runtime.ts';
import { bundleWorkflows } from '../../lib/temporal/workflow-code.ts';
import { migrateDeploy } from '../../lib/db/migrate.ts';
import { requireTemporalCli } from '../../lib/temporal/cli.ts';
import { startDevServer, type DevServer } from '../../lib/temporal/dev-server.ts';
import type { UpdateDefinition } from '@temporalio/common';
import { signOfficerUpdate } from '../../lib/claims/sign-claim.ts';
import type { Officer } from '../../workflows/messages.ts';
import { startEngineCore, type EngineCore } from '../support/engine.ts';

export interface CorpusEngine extends Omit<EngineCore, 'stop'> {
  /** Appended to request and event ids so a shared Temporal server never sees an id twice. */
  nonce: string;
  /** Waits until the case's timeline holds an event of this type. */
  waitForEvent(caseId: string, type: string, timeoutMs?: number): Promise<void>;
  /** An officer's Update to a workflow other than a case's (an appeal), with the claim the API signs. */
  updateWorkflow<Ret, Args extends [{ officer?: Officer }]>(workflowId: string, def: UpdateDefinition<Ret, Args>, arg: Args[0]): Promise<Ret>;
  close(): Promise<void>;
}

export interface CorpusEngineOptions {
  referenceDate: string;
  temporalAddress?: string;
  /** Workflow sources to run instead of this checkout's (e.g. an older commit's workflows/index.ts). */
  workflowsPath?: string;
}

export async function startCorpusEngine(options: CorpusEngineOptions): Promise<CorpusEngine> {
  installRuntime(quietLogger('replay:corpus'), { coreLevel: 'ERROR' });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-corpus-'));
  const cleanups: (() => Promise<unknown>)[] = [async () => fs.rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const [address] = await Promise.all([
      options.temporalAddress ??
        startDevServer({ cli: requireTemporalCli(), port: 0, uiPort: false }).then((s: DevServer) => {
          cleanups.push(() => s.stop());
          return s.address;
        }),
      migrateDeploy({ ...env, DATA_DIR: tmp }),
    ]);
    const db = await openDatabase({ DATABASE_URL: undefined, DATABASE_POOL_SIZE: 1, pgliteDir: path.join(tmp, 'pglite') });
    cleanups.push(() => db.close());
    let workflowBundlePath: string | undefined; // unset: the worker bundles this checkout's workflows/
    if (options.workflowsPath) {
      workflowBundlePath = path.join(tmp, 'workflow-bundle.js');
      fs.writeFileSync(workflowBundlePath, await bundleWorkflows(options.workflowsPath));
    }
    const nonce = options.temporalAddress ? `-${randomUUID().slice(0, 6)}` : '';
    const core = await startEngineCore({
      db,
      address,
      taskQueue: `replay-corpus-${randomUUID().slice(0, 8)}`,
      referenceDate: options.referenceDate,
      clientId: 'replay-corpus',
      workflowBundlePath,
      requestIdSuffix: nonce,
    });
    const { stop, ...rest } = core;
    cleanups.push(stop);
    return {
      ...rest,
      nonce,
      async waitForEvent(caseId, type, timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        while ((await db.prisma.caseEvent.count({ where: { caseId, type } })) === 0) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${type} on case ${caseId}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      updateWorkflow(workflowId, def, arg) {
        const { officer, ...input } = arg;
        if (!officer) throw new Error(`${def.name}: an officer's Update names its officer`);
        const signed = signOfficerUpdate(core.claimSigner, { officer, workflowId, updateName: def.name, input });
        return core.client.workflow.getHandle(workflowId).executeUpdate(def, { args: [signed.input] as never, updateId: signed.updateId });
      },
      close: cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

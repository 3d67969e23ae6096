/**
 * A worker and a client on the run's dev server for the sandbox proofs: the test workflows
 * bundled once per file, a fresh task queue per worker, an optional data converter (the codec)
 * and bundle code the caller may have prepared (trusted claim keys).
 */
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { bundleWorkflows } from '../../lib/temporal/workflow-code.ts';
import { quietRuntime, testTaskQueue } from '../support/temporal.ts';
import { SANDBOX_WORKFLOWS } from './harness-paths.ts';


export async function bundleSandboxWorkflows(): Promise<string> {
  return bundleWorkflows(SANDBOX_WORKFLOWS);
}

export interface TestWorker {
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

export async function startTestWorker(options: { code: string; dataConverter?: DataConverter; activities?: object; reuseV8Context?: boolean }): Promise<TestWorker> {
  quietRuntime();
  const taskQueue = testTaskQueue('sandbox');
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { code: options.code },
    activities: options.activities ?? {},
    dataConverter: options.dataConverter,
    reuseV8Context: options.reuseV8Context,
  });
  const running = worker.run();
  return {
    taskQueue,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

export async function connectTestClient(dataConverter?: DataConverter): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  return { client: new Client({ connection, dataConverter }), close: () => connection.close() };
}

/**
 * Workers and clients against the run's real Temporal dev server. Each test file gets its own
 * task queue, so files running in parallel never pick up each other's workflows.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { inject } from 'vitest';

let runtimeQuiet = false;
function quietRuntime(): void {
  if (runtimeQuiet) return;
  runtimeQuiet = true;
  Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) } as never, shutdownSignals: [] });
}

export function testTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function testClient(): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  return { client: new Client({ connection }), connection };
}

export async function testNativeConnection(): Promise<NativeConnection> {
  quietRuntime();
  return NativeConnection.connect({ address: inject('temporalAddress') });
}

export async function testWorker(options: Omit<WorkerOptions, 'connection' | 'workflowBundle' | 'workflowsPath'>): Promise<{ worker: Worker; connection: NativeConnection }> {
  quietRuntime();
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await Worker.create({
    connection,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    ...options,
  });
  return { worker, connection };
}

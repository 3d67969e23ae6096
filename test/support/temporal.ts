/**
 * Test runs share one Temporal dev server: the native runtime is installed once, quietly, and
 * each test file gets its own task queue, so files running in parallel never pick up each
 * other's workflows.
 */
import { randomUUID } from 'node:crypto';
import { Runtime } from '@temporalio/worker';

let runtimeQuiet = false;
export function quietRuntime(): void {
  if (runtimeQuiet) return;
  runtimeQuiet = true;
  Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) } as never, shutdownSignals: [] });
}

export function testTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

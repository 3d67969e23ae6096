/**
 * Test runs share one Temporal dev server: the native runtime is installed once, quietly, and
 * each test file gets its own task queue, so files running in parallel never pick up each
 * other's workflows.
 */
import { randomUUID } from 'node:crypto';
import { quietLogger } from '../../lib/logger.ts';
import { installRuntime } from '../../lib/temporal/runtime.ts';

/** Replay tests break workflows on purpose: their nondeterminism warnings are the point, not noise. */
export function quietRuntime(options: { metricsAddress?: string } = {}): void {
  installRuntime(quietLogger('test'), { coreLevel: 'ERROR', ...options });
}

export function testTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

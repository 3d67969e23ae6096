import path from 'node:path';

/** The test-only workflows, for the tests (harness.ts, under vitest) and the bench (plain node). */
export const SANDBOX_WORKFLOWS = path.join(import.meta.dirname, 'workflows.ts');

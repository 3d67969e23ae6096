/**
 * The case engine on the real stack for tests: the engine (scripts/support/engine.ts) on
 * the run's Temporal dev server with its prebuilt workflow bundle, over a database of the test's
 * (PGlite or PostgreSQL), each engine on its own task queue.
 */
import { inject } from 'vitest';
import type { Database } from '../../lib/db/client.ts';
import type { PayerPort } from '../../lib/payer/port.ts';
import type { SimulatedRegistryOptions } from '../../registries/simulated.ts';
import type { OperationalPolicies } from '../../services/operational-policy.ts';
import type { Officer } from '../../workflows/messages.ts';
import { openTestDatabase, type DatabaseKind } from './database.ts';
import { startEngineCore, type EngineCore } from '../../scripts/support/engine.ts';
import { quietRuntime, testTaskQueue } from './temporal.ts';

export type { SentSms } from '../../scripts/support/engine.ts';

export interface Engine extends Omit<EngineCore, 'stop'> {
  /** Stops the worker and closes the connections and the database. */
  close(): Promise<void>;
}

export const REFERENCE_DATE = '2026-03-16';

export async function startEngine(
  options: {
    kind?: DatabaseKind;
    registry?: Omit<SimulatedRegistryOptions, 'dataset'>;
    populationHouseholds?: number;
    /** A migrated database of the caller's (closed by close()). */
    db?: Database;
    /** Another Temporal server than the run's dev server (e.g. the time-skipping test server). */
    address?: string;
    operationalPolicies?: OperationalPolicies;
    payer?: PayerPort;
  } = {},
): Promise<Engine> {
  quietRuntime();
  const db = options.db ?? (await openTestDatabase(options.kind ?? 'pglite'));
  const taskQueue = testTaskQueue('engine');
  const core = await startEngineCore({
    db,
    address: options.address ?? inject('temporalAddress'),
    taskQueue,
    referenceDate: REFERENCE_DATE,
    clientId: 'test-frontend',
    // The production worker factory, with the run's prebuilt bundle.
    workflowBundlePath: inject('workflowBundlePath'),
    registry: options.registry,
    populationHouseholds: options.populationHouseholds,
    // Sweep offers' case ids follow from the families found: engines that sweep side by side on
    // the run's Temporal server each sweep a dataset of their own, or their case workflows collide.
    datasetSeed: options.populationHouseholds ? taskQueue : undefined,
    operationalPolicies: options.operationalPolicies,
    payer: options.payer,
  });
  const { stop, ...rest } = core;
  return {
    ...rest,
    async close() {
      await stop();
      await db.close();
    },
  };
}

export const officers = {
  aigerim: { id: 'officer-aigerim', department: 'social-payments', roles: ['officer'] },
  bolat: { id: 'officer-bolat', department: 'social-payments', roles: ['officer'] },
  nurlan: { id: 'supervisor-nurlan', department: 'social-payments', roles: ['supervisor'] },
  dana: { id: 'officer-dana', department: 'employment', roles: ['officer'] },
  yerlan: { id: 'supervisor-yerlan', department: 'employment', roles: ['supervisor'] },
} satisfies Record<string, Officer>;

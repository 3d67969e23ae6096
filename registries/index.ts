/**
 * The interagency gateway: one factory that gives the rest of Qyzmet a RegistryClient, either the
 * embedded simulation (development, tests, demos) or the HTTP connector (real registries).
 */
import { createHttpRegistry, type HttpRegistry, type HttpRegistryOptions } from './http-client.ts';
import { createSimulatedRegistry, type SimulatedRegistry, type SimulatedRegistryOptions } from './simulated.ts';

export * from './types.ts';
export { createHttpRegistry, type HttpRegistry, type HttpRegistryOptions, type RegistryTlsOptions } from './http-client.ts';
export { createSimulatedRegistry, type FaultProfile, type SimulatedRegistry, type SimulatedRegistryOptions } from './simulated.ts';
export { getDataset, PERSONA_NAMES, type Persona, type PersonaName, type Personas, type SyntheticDataset } from './synthetic/dataset.ts';

export type RegistryClientConfig = ({ mode: 'simulated' } & SimulatedRegistryOptions) | ({ mode: 'http' } & HttpRegistryOptions);

export function createRegistryClient(config: { mode: 'simulated' } & SimulatedRegistryOptions): SimulatedRegistry;
export function createRegistryClient(config: { mode: 'http' } & HttpRegistryOptions): HttpRegistry;
export function createRegistryClient(config: RegistryClientConfig): SimulatedRegistry | HttpRegistry;
export function createRegistryClient(config: RegistryClientConfig): SimulatedRegistry | HttpRegistry {
  switch (config.mode) {
    case 'simulated': {
      const { mode: _mode, ...options } = config;
      return createSimulatedRegistry(options);
    }
    case 'http': {
      const { mode: _mode, ...options } = config;
      return createHttpRegistry(options);
    }
    default:
      throw new Error(`unknown registry mode "${(config as { mode?: unknown }).mode}" (expected simulated or http)`);
  }
}

/** The REGISTRY_* settings of lib/config.ts. */
export interface RegistryEnv {
  REGISTRY_MODE: 'simulated' | 'http';
  REGISTRY_BASE_URL?: string;
  REGISTRY_TIMEOUT_MS: number;
  REGISTRY_LATENCY_MS: number;
  REGISTRY_FAULT_RATE: number;
  SIM_POPULATION_HOUSEHOLDS?: number;
}

/**
 * Maps the environment's settings onto a factory config. In simulated mode the latency setting
 * is the floor and as much again is jitter, and REGISTRY_TIMEOUT_MS is how long a hung call waits.
 */
export function registryConfigFromEnv(env: RegistryEnv, extra: { referenceDate?: string; seed?: number | string } = {}): RegistryClientConfig {
  if (env.REGISTRY_MODE === 'http') {
    if (!env.REGISTRY_BASE_URL) throw new Error('REGISTRY_BASE_URL is required when REGISTRY_MODE=http');
    return { mode: 'http', baseUrl: env.REGISTRY_BASE_URL, timeoutMs: env.REGISTRY_TIMEOUT_MS };
  }
  return {
    mode: 'simulated',
    ...extra,
    hangTimeoutMs: env.REGISTRY_TIMEOUT_MS,
    populationHouseholds: env.SIM_POPULATION_HOUSEHOLDS ?? 0,
    faults: { latencyMs: env.REGISTRY_LATENCY_MS, jitterMs: env.REGISTRY_LATENCY_MS, errorRate: env.REGISTRY_FAULT_RATE },
  };
}

import { afterAll, describe, expect, it } from 'vitest';
import { createRegistryClient, getDataset, registryConfigFromEnv, type HttpRegistry } from './index.ts';
import { startRegistryServer } from './serve.ts';

const REF = '2025-06-15';
const env = { REGISTRY_MODE: 'simulated', REGISTRY_TIMEOUT_MS: 5000, REGISTRY_LATENCY_MS: 0, REGISTRY_FAULT_RATE: 0 } as const;
const toClose: (() => unknown)[] = [];
afterAll(async () => {
  for (const close of toClose) await close();
});

describe('createRegistryClient', () => {
  it('builds the simulated registry over the dataset for (seed, reference date)', async () => {
    const registry = createRegistryClient({ mode: 'simulated', seed: 7, referenceDate: REF });
    expect(registry.dataset).toBe(getDataset({ seed: 7, referenceDate: REF }));
    const iin = registry.dataset.personas.newbornMother.iin;
    expect((await registry.query('civil.person', { iin })).source).toBe('sim:civil');
  });

  it('builds the HTTP connector', async () => {
    const simulated = createRegistryClient({ mode: 'simulated', seed: 7, referenceDate: REF });
    const server = await startRegistryServer({ registry: simulated });
    toClose.push(() => server.close());
    const registry: HttpRegistry = createRegistryClient({ mode: 'http', baseUrl: server.url, timeoutMs: 2000 });
    toClose.push(() => registry.close());
    const iin = simulated.dataset.personas.newbornMother.iin;
    expect((await registry.query('civil.person', { iin })).data.iin).toBe(iin);
  });

  it('rejects an unknown mode', () => {
    expect(() => createRegistryClient({ mode: 'ldap' } as never)).toThrow(/unknown registry mode "ldap"/);
  });
});

describe('registryConfigFromEnv', () => {
  it('maps simulated settings to latency, jitter, error rate and hang timeout', () => {
    expect(registryConfigFromEnv({ ...env, REGISTRY_LATENCY_MS: 40, REGISTRY_FAULT_RATE: 0.1 }, { referenceDate: REF })).toEqual({
      mode: 'simulated',
      referenceDate: REF,
      hangTimeoutMs: 5000,
      populationHouseholds: 0,
      faults: { latencyMs: 40, jitterMs: 40, errorRate: 0.1 },
    });
  });

  it('maps http settings, and requires a base URL', () => {
    expect(registryConfigFromEnv({ ...env, REGISTRY_MODE: 'http', REGISTRY_BASE_URL: 'https://gw.example.kz' })).toEqual({
      mode: 'http',
      baseUrl: 'https://gw.example.kz',
      timeoutMs: 5000,
    });
    expect(() => registryConfigFromEnv({ ...env, REGISTRY_MODE: 'http' })).toThrow(/REGISTRY_BASE_URL/);
  });
});

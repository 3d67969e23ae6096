/**
 * Registry calls measured inside an activity: every query timed by registry and query, every
 * failure counted by its kind — and no parameter (an IIN) ever becomes a label.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { MetricCounter, MetricHistogram, MetricMeter, MetricTags } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { RegistryError, type RegistryClient } from '../registries/types.ts';
import { measuredRegistries, recordDecision } from './metrics.ts';

interface Sample {
  name: string;
  value: number;
  tags: MetricTags;
}

function recordingMeter(samples: Sample[], base: MetricTags = {}): MetricMeter {
  const metric = (name: string, kind: 'counter' | 'histogram') => {
    const make = (tags: MetricTags): MetricCounter & MetricHistogram =>
      ({
        name,
        kind,
        valueType: 'float',
        add: (value: number, extra: MetricTags = {}) => samples.push({ name, value, tags: { ...base, ...tags, ...extra } }),
        record: (value: number, extra: MetricTags = {}) => samples.push({ name, value, tags: { ...base, ...tags, ...extra } }),
        withTags: (more: MetricTags) => make({ ...tags, ...more }),
      }) as never;
    return make({});
  };
  return {
    createCounter: (name) => metric(name, 'counter'),
    createHistogram: (name) => metric(name, 'histogram'),
    createGauge: () => {
      throw new Error('no gauges here');
    },
    withTags: (tags) => recordingMeter(samples, { ...base, ...tags }),
  };
}

const IIN = '900101300123';

/** The activity context's own tags (namespace, task queue, activity type) are the SDK's; these tests look at Qyzmet's. */
const ours = (samples: Sample[]) =>
  samples.map(({ tags: { namespace: _n, taskQueue: _q, activityType: _a, ...tags }, ...s }) => ({ ...s, tags }));

describe('registry metrics', () => {
  it('times answered and failed queries by registry and query, and counts failures by kind, never by parameter', async () => {
    const samples: Sample[] = [];
    const env = new MockActivityEnvironment(undefined, { metricMeter: recordingMeter(samples) });
    const registries = measuredRegistries({
      async query(query) {
        if (query === 'income.monthly') throw new RegistryError('UNAVAILABLE', query, `income registry down for ${IIN}`);
        return { data: {} as never, source: 'sim:civil', fetchedAt: new Date().toISOString() };
      },
    } as RegistryClient);

    await env.run(() => registries.query('civil.person', { iin: IIN }));
    await expect(env.run(() => registries.query('income.monthly', { iin: IIN, months: 12, asOf: '2026-03-01' }))).rejects.toThrow(RegistryError);

    const durations = ours(samples).filter((s) => s.name === 'qyzmet_registry_call_duration_seconds');
    expect(durations.map((s) => s.tags)).toEqual([
      { registry: 'civil', query: 'civil.person' },
      { registry: 'income', query: 'income.monthly' },
    ]);
    expect(durations.every((s) => s.value >= 0 && s.value < 5)).toBe(true);
    expect(ours(samples).filter((s) => s.name === 'qyzmet_registry_call_errors_total')).toEqual([
      { name: 'qyzmet_registry_call_errors_total', value: 1, tags: { registry: 'income', query: 'income.monthly', kind: 'UNAVAILABLE' } },
    ]);
    expect(JSON.stringify(samples)).not.toContain(IIN);
  });

  it('records a decision by service, outcome and decider, with its latency from the application', async () => {
    const samples: Sample[] = [];
    const env = new MockActivityEnvironment(undefined, { metricMeter: recordingMeter(samples) });
    await env.run(async () =>
      recordDecision({ serviceCode: 'birth-allowance', outcome: 'APPROVED', decidedBy: 'officer', submittedAt: new Date('2026-03-16T06:00:00Z'), decidedAt: new Date('2026-03-17T06:00:30Z') }),
    );
    expect(ours(samples)).toEqual([
      { name: 'qyzmet_cases_decided_total', value: 1, tags: { service: 'birth-allowance', outcome: 'APPROVED', decided_by: 'officer' } },
      { name: 'qyzmet_case_decision_latency_seconds', value: 86_430, tags: { service: 'birth-allowance', decided_by: 'officer' } },
    ]);
  });
});

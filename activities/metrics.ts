/**
 * Qyzmet's own worker metrics, recorded through the activity's metric meter (the SDK runtime's,
 * so they are served by the same Prometheus exporter as the SDK's, at WORKER_METRICS_ADDRESS, and
 * carry its namespace, task queue and activity type). Outside an activity (tools, what-if) they
 * are not recorded. Labels are bounded vocabularies only: never an IIN, a name, a phone, a case id.
 */
import { Context } from '@temporalio/activity';
import { noopMetricMeter, type MetricMeter } from '@temporalio/common';
import { QYZMET_METRICS } from '../lib/temporal/metric-names.ts';
import { RegistryError, registryOf, type RegistryClient } from '../registries/types.ts';

function meter(): MetricMeter {
  try {
    return Context.current().metricMeter;
  } catch {
    return noopMetricMeter;
  }
}

/** A decision this attempt wrote: counted by service and outcome, its latency from the application. */
export function recordDecision(d: { serviceCode: string; outcome: string; decidedBy: 'system' | 'officer'; submittedAt: Date; decidedAt: Date }): void {
  const m = meter();
  const tags = { service: d.serviceCode, outcome: d.outcome, decided_by: d.decidedBy };
  m.createCounter(QYZMET_METRICS.casesDecided, '1', 'Cases decided, by service, outcome and who decided').add(1, tags);
  const seconds = Math.max(0, (d.decidedAt.getTime() - d.submittedAt.getTime()) / 1000);
  m.createHistogram(QYZMET_METRICS.decisionLatency, 'float', 's', 'From the application to its decision').record(seconds, { service: d.serviceCode, decided_by: d.decidedBy });
}

/** The registry client with every query timed, and its failures counted by registry, query and kind. */
export function measuredRegistries(inner: RegistryClient): RegistryClient {
  return {
    async query(query, params, options) {
      const started = performance.now();
      const tags = { registry: registryOf(query), query };
      try {
        return await inner.query(query, params, options);
      } catch (e) {
        const kind = e instanceof RegistryError ? e.kind : 'OTHER';
        meter().createCounter(QYZMET_METRICS.registryCallErrors, '1', 'Registry queries that failed, by registry, query and kind').add(1, { ...tags, kind });
        throw e;
      } finally {
        meter()
          .createHistogram(QYZMET_METRICS.registryCallDuration, 'float', 's', 'Registry query duration, answered or failed')
          .record((performance.now() - started) / 1000, tags);
      }
    },
  };
}

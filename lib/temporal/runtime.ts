/**
 * The native Temporal runtime of a process (its workers, replay workers and native connections
 * share it): logging through pino, and no signal handlers of its own — Qyzmet's processes decide
 * their own shutdown order (API first, then the worker). Installed once, before the first native
 * connection would create a default one.
 */
import { IllegalStateError } from '@temporalio/common';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Logger } from '../logger.ts';
import { QYZMET_HISTOGRAM_BUCKETS } from './metric-names.ts';

let installed = false;

/**
 * `coreLevel`: what the SDK core itself logs. Tools and tests use ERROR: replay workers report
 * every nondeterminism as a warning, which is the point of a replay, not noise to print.
 * `metricsAddress` (WORKER_METRICS_ADDRESS): the runtime's Prometheus exporter listens there and
 * serves GET /metrics — the SDK's series (temporal_*) and Qyzmet's own (qyzmet_*, recorded through
 * the runtime's metric meter by the activities).
 */
export function installRuntime(logger: Logger, options: { coreLevel?: 'WARN' | 'ERROR'; metricsAddress?: string } = {}): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({
      logger: {
        log: (level: string, message: string, meta?: Record<string, unknown>) => logger[level.toLowerCase() as 'info']?.(meta ?? {}, message),
        trace: (m: string, meta?: Record<string, unknown>) => logger.trace(meta ?? {}, m),
        debug: (m: string, meta?: Record<string, unknown>) => logger.debug(meta ?? {}, m),
        info: (m: string, meta?: Record<string, unknown>) => logger.info(meta ?? {}, m),
        warn: (m: string, meta?: Record<string, unknown>) => logger.warn(meta ?? {}, m),
        error: (m: string, meta?: Record<string, unknown>) => logger.error(meta ?? {}, m),
      } as never,
      telemetryOptions: {
        logging: { filter: makeTelemetryFilterString({ core: options.coreLevel ?? 'WARN' }), forward: {} },
        ...(options.metricsAddress
          ? {
              metrics: {
                prometheus: { bindAddress: options.metricsAddress, useSecondsForDurations: true, histogramBucketOverrides: QYZMET_HISTOGRAM_BUCKETS },
              },
            }
          : {}),
      },
      shutdownSignals: [],
    });
  } catch (e) {
    // A runtime already exists in this process (created by a library before us): keep it.
    if (!(e instanceof IllegalStateError)) throw e;
  }
}

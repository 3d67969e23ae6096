/**
 * What the worker and the API's replay check (replayCase) share: the native Temporal runtime,
 * logging through pino, and which workflow code this deployment runs — the prebuilt bundle in
 * production, so both replay and run one artifact; otherwise the sources, bundled at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { PROJECT_ROOT, type Config } from '../config.ts';
import type { Logger } from '../logger.ts';

export function installRuntime(logger: Logger): void {
  Runtime.install({
    logger: {
      log: (level: string, message: string, meta?: Record<string, unknown>) => logger[level.toLowerCase() as 'info']?.(meta ?? {}, message),
      trace: (m: string, meta?: Record<string, unknown>) => logger.trace(meta ?? {}, m),
      debug: (m: string, meta?: Record<string, unknown>) => logger.debug(meta ?? {}, m),
      info: (m: string, meta?: Record<string, unknown>) => logger.info(meta ?? {}, m),
      warn: (m: string, meta?: Record<string, unknown>) => logger.warn(meta ?? {}, m),
      error: (m: string, meta?: Record<string, unknown>) => logger.error(meta ?? {}, m),
    } as never,
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
    // Qyzmet's processes decide their own shutdown order (API first, then the worker).
    shutdownSignals: [],
  });
}

export function defaultBundlePath(config: Config): string | undefined {
  if (config.WORKFLOW_BUNDLE_PATH) return config.WORKFLOW_BUNDLE_PATH;
  const built = path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');
  return config.production && fs.existsSync(built) ? built : undefined;
}

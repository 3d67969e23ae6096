/**
 * The second Node.js the project runs and tests on, beside the machine's own: Node 24 LTS, the
 * production image's runtime (Dockerfile FROM node:24.22-…). It comes from the npm registry as
 * the package `node-linux-<arch>` (the official binary, repackaged; npm checks its integrity),
 * installed into .tools/node24/, so an air-gapped install needs nothing beyond the registry and
 * the system Node is never touched. `npm run setup:node24` installs it, `npm run test:node24`
 * runs the suite with it first on PATH, and the Docker dry build runs the image's steps with it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.ts';

/** Pinned; the Dockerfile's FROM names the same major.minor (a test checks it). */
export const NODE24_VERSION = '24.22.3';
export const NODE24_MAJOR = NODE24_VERSION.split('.')[0]!;
export const NODE24_DIR = path.join(PROJECT_ROOT, '.tools', `node${NODE24_MAJOR}`);
/** How long npm may spend on the whole install (a 30 MB tarball on a slow mirror). */
const INSTALL_TIMEOUT_MS = 10 * 60_000;

export class NodeRuntimeError extends Error {
  constructor(detail: string) {
    super(`Node ${NODE24_VERSION} is not available (${detail}). Install it from the npm registry with "npm run setup:node24".`);
    this.name = 'NodeRuntimeError';
  }
}

const shown = (dir: string) => (dir.startsWith(PROJECT_ROOT + path.sep) ? path.relative(PROJECT_ROOT, dir) : dir);

/** The registry package carrying this machine's Node binary. */
export function nodePackageName(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  if (platform !== 'linux' || !['x64', 'arm64'].includes(arch)) {
    throw new NodeRuntimeError(`no node-linux-* package for ${platform}/${arch}; install Node ${NODE24_MAJOR} by other means`);
  }
  return `node-linux-${arch}`;
}

/** The directory to put first on PATH: it holds only the `node` binary. */
export function node24BinDir(dir: string = NODE24_DIR): string {
  return path.join(dir, 'node_modules', nodePackageName(), 'bin');
}

/** The installed binary's version ("24.22.3"), or null when it is missing or does not run. */
export function installedVersion(dir: string = NODE24_DIR): string | null {
  const binary = path.join(node24BinDir(dir), 'node');
  if (!fs.existsSync(binary)) return null;
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? r.stdout.trim().replace(/^v/, '') : null;
}

/** The pinned Node's binary; throws NodeRuntimeError naming `npm run setup:node24` when it is absent or another version. */
export function requireNode24(dir: string = NODE24_DIR): string {
  const version = installedVersion(dir);
  if (version === NODE24_VERSION) return path.join(node24BinDir(dir), 'node');
  throw new NodeRuntimeError(version ? `${dir} holds Node ${version}` : `not installed under ${shown(dir)}/`);
}

/** Why npm failed, in one line: the registry unreachable, the version missing, or npm's own last error. */
function npmFailure(output: string, timedOut: boolean): string {
  if (timedOut) return `npm did not finish within ${INSTALL_TIMEOUT_MS / 60_000} minutes`;
  const code = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|E404|E401|E403|EINTEGRITY)\b/.exec(output)?.[1];
  const registry = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', timeout: 30_000 }).stdout?.trim() || 'the npm registry';
  if (code === 'E404') return `${registry} has no ${nodePackageName()}@${NODE24_VERSION}`;
  if (code === 'EINTEGRITY') return `the tarball from ${registry} failed npm's integrity check`;
  if (code) return `the npm registry ${registry} is unreachable (${code})`;
  const last = output.trim().split('\n').filter((l) => l.includes('npm error')).slice(-3).join(' ');
  return `npm install failed: ${last || output.trim().split('\n').pop() || 'no output'}`;
}

/**
 * Installs the pinned Node into `dir` unless that exact version is already there; returns the
 * binary. npm retries fetches and times them out; the whole install is bounded too.
 */
export function ensureNode24(dir: string = NODE24_DIR, log: (line: string) => void = console.log): string {
  if (installedVersion(dir) === NODE24_VERSION) return requireNode24(dir);
  const spec = `${nodePackageName()}@${NODE24_VERSION}`;
  log(`qyzmet: installing Node ${NODE24_VERSION} from the npm registry (${spec}) into ${shown(dir)}/ …`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // A package root of its own, so npm neither walks up into the project nor touches its lockfile.
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'qyzmet-node24', private: true }, null, 2)}\n`);
  const r = spawnSync(
    'npm',
    ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--fetch-timeout=60000', '--fetch-retries=2', '--fetch-retry-mintimeout=2000', '--fetch-retry-maxtimeout=10000', spec],
    { cwd: dir, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  if (r.status !== 0) {
    const spawnError = (r.error as NodeJS.ErrnoException | undefined)?.code;
    const detail = spawnError === 'ENOENT' ? 'npm is not on PATH' : npmFailure(`${r.stdout ?? ''}\n${r.stderr ?? ''}`, spawnError === 'ETIMEDOUT');
    fs.rmSync(dir, { recursive: true, force: true });
    throw new NodeRuntimeError(detail);
  }
  return requireNode24(dir);
}

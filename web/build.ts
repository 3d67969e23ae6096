/**
 * Builds the officer console when its build is missing or stale, and does nothing (in a few
 * milliseconds) when it is fresh: `npm start`, the browser tests and `npm run build:console` all
 * call ensureConsoleBuilt. Fresh means web/dist holds a stamp of exactly the current inputs —
 * the sources, the build configuration, the committed schema and the lockfile. A build goes to
 * a temporary directory first and replaces web/dist in one rename, under a lock, so two
 * processes building at once never serve a half-written console.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const WEB_DIR = import.meta.dirname;
export const DIST_DIR = path.join(WEB_DIR, 'dist');
const ROOT = path.resolve(WEB_DIR, '..');
const STAMP = '.build-stamp';
const LOCK = path.join(WEB_DIR, '.build-lock');
const INPUTS = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'schema.graphql', 'package-lock.json'];
/** Generated from schema.graphql for the type checker only; it does not change the bundle. */
const IGNORED = new Set(['web/src/graphql-env.d.ts']);

function filesUnder(relative: string): string[] {
  const full = path.join(ROOT, relative);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [relative];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => filesUnder(path.posix.join(relative, e.name)));
}

/** A hash of every input's path and content. */
export function inputFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) {
    if (IGNORED.has(file) || /\.test\.tsx?$/.test(file)) continue;
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

export function isFresh(fingerprint = inputFingerprint()): boolean {
  try {
    return fs.readFileSync(path.join(DIST_DIR, STAMP), 'utf8') === fingerprint && fs.existsSync(path.join(DIST_DIR, 'index.html'));
  } catch {
    return false;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function withLock<T>(fn: () => Promise<T>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = 0;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(LOCK).mtimeMs;
        holder = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8')) || 0;
      } catch {
        // Released meanwhile, or its holder has not written its pid yet.
      }
      const abandoned = holder ? !pidAlive(holder) : age > 10_000;
      if (abandoned) fs.rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another process (${holder || 'unknown'}) has been building the console for too long (${LOCK})`);
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface BuildOutcome {
  built: boolean;
  ms: number;
  dir: string;
}

export async function ensureConsoleBuilt(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<BuildOutcome> {
  const started = performance.now();
  if (!options.force && isFresh()) return { built: false, ms: performance.now() - started, dir: DIST_DIR };
  return withLock(async () => {
    const fingerprint = inputFingerprint();
    // Someone else may have built it while we waited.
    if (!options.force && isFresh(fingerprint)) return { built: false, ms: performance.now() - started, dir: DIST_DIR };
    options.log?.('building the officer console (web/) …');
    const staging = `${DIST_DIR}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    const { build } = await import('vite');
    // Vite takes NODE_ENV for the bundle (a test runner's "test" would ship React's development
    // build) and leaves it set in this process (where `npm start` would pass "production" on to
    // the platform): a production bundle, and the environment as it was.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn', mode: 'production', build: { outDir: staging } });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    fs.writeFileSync(path.join(staging, STAMP), fingerprint);
    const old = `${DIST_DIR}.old-${process.pid}`;
    if (fs.existsSync(DIST_DIR)) fs.renameSync(DIST_DIR, old);
    fs.renameSync(staging, DIST_DIR);
    fs.rmSync(old, { recursive: true, force: true });
    return { built: true, ms: performance.now() - started, dir: DIST_DIR };
  });
}

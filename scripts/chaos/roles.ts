/**
 * The roles of a deployment as separate processes, each killable: the Temporal dev server (SQLite
 * file, so a restart keeps every workflow), the worker (`worker.ts`) and the API
 * (`api/server.ts`), started as `npm run worker` and `npm run api` start them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { startDevServer, waitExit, type DevServer } from '../../lib/temporal/dev-server.ts';

export interface Role {
  readonly name: string;
  start(): Promise<void>;
  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  kill(): Promise<void>;
  /** SIGTERM and wait (end of the run). */
  stop(): Promise<void>;
}

async function waitUntil(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
}

const answers = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;

/** A Node process of this repository, its output appended to `log`. */
export function nodeRole(name: string, entry: string, env: Record<string, string>, readyUrl: string, log: string): Role {
  let child: ChildProcess | undefined;
  const signal = async (sig: NodeJS.Signals, waitMs: number) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    if (!(await waitExit(child, waitMs))) {
      child.kill('SIGKILL');
      await waitExit(child, 5000);
    }
  };
  return {
    name,
    async start() {
      const out = fs.openSync(log, 'a');
      child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
      fs.closeSync(out);
      await waitUntil(name, answers(readyUrl), 120_000);
    },
    kill: () => signal('SIGKILL', 5000),
    stop: () => signal('SIGTERM', 60_000),
  };
}

/** The Temporal dev server on a fixed port and SQLite file, so clients reconnect to the same server after a restart. */
export function temporalRole(cli: string, port: number, dir: string): Role {
  let server: DevServer | undefined;
  return {
    name: 'temporal',
    async start() {
      server = await startDevServer({ cli, port, uiPort: false, dbFile: path.join(dir, 'temporal.db') });
    },
    async kill() {
      if (!server) return;
      try {
        process.kill(-server.child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await waitExit(server.child, 5000);
    },
    async stop() {
      await server?.stop();
    },
  };
}

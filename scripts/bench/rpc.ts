/**
 * Request/response over the IPC channel between the bench and its child processes (workers, API),
 * so each role runs in its own process and its CPU and memory are attributable to it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

type Handler = (args: any) => unknown;
interface Request {
  rpc: number;
  cmd: string;
  args?: unknown;
}
interface Reply {
  rpc: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** In the child: answer the parent's requests with these handlers. */
export function serve(handlers: Record<string, Handler>): void {
  process.on('message', async (msg: Request) => {
    if (typeof msg?.rpc !== 'number') return;
    try {
      const handler = handlers[msg.cmd];
      if (!handler) throw new Error(`unknown command ${msg.cmd}`);
      process.send!({ rpc: msg.rpc, ok: true, result: await handler(msg.args) } satisfies Reply);
    } catch (e) {
      process.send!({ rpc: msg.rpc, ok: false, error: (e as Error).stack ?? String(e) } satisfies Reply);
    }
  });
  // The bench going away (even killed) must not leave a worker polling.
  process.on('disconnect', () => process.exit(0));
  process.send!({ ready: true });
}

export interface ChildHandle {
  name: string;
  process: ChildProcess;
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Starts `script` under tsx with IPC; resolves once the child calls `serve` (after its own set-up). */
export async function spawnChild(name: string, script: string, env: NodeJS.ProcessEnv, execArgv: string[] = []): Promise<ChildHandle> {
  const child = fork(path.resolve(import.meta.dirname, script), [], {
    // The bench's dev server is up before any child starts; on a loaded machine it answers a first
    // connection in more than the 5 s a person starting Qyzmet is given (at a load average of about
    // 20 a child stopped with "cannot reach Temporal … no answer in time").
    env: { TEMPORAL_CONNECT_TIMEOUT_MS: '30000', ...env },
    execArgv: ['--import', 'tsx', '--expose-gc', ...execArgv],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (b) => {
    stderr = (stderr + b).slice(-4000);
    if (process.env.BENCH_DEBUG) process.stderr.write(`[${name}] ${b}`);
  });
  let seq = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let ready!: () => void;
  const readyP = new Promise<void>((resolve) => (ready = resolve));
  child.on('message', (msg: Reply & { ready?: boolean }) => {
    if (msg?.ready) return ready();
    const p = pending.get(msg?.rpc);
    if (!p) return;
    pending.delete(msg.rpc);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(`${name}: ${msg.error}`));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`${name} exited (${code ?? signal}):\n${stderr.trim()}`));
    pending.clear();
  });
  const call = <T,>(cmd: string, args?: unknown) =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`${name} is not running:\n${stderr.trim()}`));
      const rpc = ++seq;
      pending.set(rpc, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ rpc, cmd, args } satisfies Request);
    });
  const handle: ChildHandle = {
    name,
    process: child,
    call,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // A graceful stop lets the worker finish its tasks and --cpu-prof write its profiles.
      const timeout = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
      await Promise.race([call('stop').then(() => exited).catch(() => {}), timeout(30_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  await Promise.race([
    readyP,
    exited.then(() => Promise.reject(new Error(`${name} exited during start:\n${stderr.trim()}`))),
  ]);
  return handle;
}

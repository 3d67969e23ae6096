/**
 * Runs `temporal server start-dev`: a real Temporal server (one shard, SQLite persistence) used by
 * `npm start`, the test suite and the benchmark. SQLite runs in WAL mode with synchronous=NORMAL;
 * WAL is a property of the database file, so it is verified from the file header after start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from './search-attributes.ts';

export interface DevServerOptions {
  cli: string;
  /** SQLite file; omitted → in-memory (nothing survives the process). */
  dbFile?: string;
  ip?: string;
  /** gRPC port; 0 → a free port. */
  port?: number;
  /** Web UI port; false → headless. */
  uiPort?: number | false;
  namespace?: string;
  /** The codec server the Web UI decodes payloads through (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  readyTimeoutMs?: number;
  /** Receives the server's own output lines (stderr/stdout). */
  onOutput?: (line: string) => void;
}

export interface DevServer {
  address: string;
  port: number;
  uiUrl: string | null;
  child: ChildProcess;
  /** 'wal' when the SQLite file is in WAL mode; null for an in-memory server. */
  journalMode: 'wal' | 'rollback' | null;
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** SQLite header bytes 18/19 are the write/read format versions: 2 means WAL. */
export function sqliteJournalMode(file: string): 'wal' | 'rollback' | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const header = Buffer.alloc(20);
    if (fs.readSync(fd, header, 0, 20, 0) < 20) return null;
    return header[18] === 2 && header[19] === 2 ? 'wal' : 'rollback';
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Resolves true once the child has exited, false if it is still running after `ms`. */
export function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const port = opts.port || (await freePort(ip));
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', opts.logLevel ?? 'warn'];
  args.push('--http-port', String(await freePort(ip)), '--metrics-port', String(await freePort(ip)));
  if (opts.uiPort === false) args.push('--headless');
  else {
    args.push('--ui-port', String(opts.uiPort ?? port + 1000), '--ui-disable-news-fetch');
    if (opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  }
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile, '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL');
  }
  if (opts.namespace && opts.namespace !== 'default') args.push('--namespace', opts.namespace);
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);

  // Own process group: a terminal's Ctrl-C reaches the supervisor, which stops the server last.
  const child = spawn(opts.cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const tail: string[] = [];
  const onData = (buf: Buffer) => {
    for (const line of buf.toString().split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      opts.onOutput?.(line);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const killOnExit = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', killOnExit);

  const address = `${ip}:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    if (!(await waitExit(child, 10_000))) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      await waitExit(child, 5_000);
    }
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Temporal dev server exited (${child.exitCode ?? child.signalCode}) during start:\n${tail.join('\n')}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: opts.namespace ?? 'default' });
      } finally {
        await connection.close();
      }
      return {
        address,
        port,
        uiUrl: opts.uiPort === false ? null : `http://${ip}:${opts.uiPort ?? port + 1000}`,
        child,
        journalMode: opts.dbFile ? sqliteJournalMode(opts.dbFile) : null,
        stop,
      };
    } catch (e) {
      lastError = e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await stop();
  throw new Error(`Temporal dev server did not become ready at ${address}: ${String(lastError)}\n${tail.join('\n')}`);
}

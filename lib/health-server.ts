/**
 * Health and readiness for orchestrators and load balancers. A readiness probe must answer fast
 * whatever state its dependencies are in — a probe that hangs while Temporal is down is itself an
 * outage — and must not tell an anonymous caller anything beyond "ok" or "unreachable": the
 * reasons (addresses, driver messages) go to the log.
 */
import http from 'node:http';

/** GET /healthz for container orchestrators: 200 while `ready()`, else 503. */
export function serveHealth(port: number, ready: () => boolean): http.Server {
  return http
    .createServer((req, res) => {
      const ok = req.url === '/healthz' && ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }));
    })
    .listen(port, '0.0.0.0');
}

export type CheckState = 'ok' | 'unreachable';

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckState>;
}

export interface ReadinessProbeOptions {
  /** Each check's own deadline; past it the dependency counts as unreachable. */
  timeoutMs?: number;
  /** A result younger than this is answered from memory (probes from many balancers share one check). */
  maxAgeMs?: number;
  /** Where the reason a check failed goes (never the response). */
  onFailure?: (name: string, error: Error) => void;
  now?: () => number;
}

/**
 * Runs named checks with a deadline each and caches the result briefly; concurrent callers share
 * one run. The answer never waits longer than `timeoutMs` (plus scheduling).
 */
export function readinessProbe(checks: Record<string, () => Promise<unknown>>, options: ReadinessProbeOptions = {}): () => Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 800;
  const maxAgeMs = options.maxAgeMs ?? 2_000;
  const now = options.now ?? Date.now;
  let last: { at: number; value: Readiness } | undefined;
  let running: Promise<Readiness> | undefined;

  const bounded = async (name: string, check: () => Promise<unknown>): Promise<CheckState> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(check),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return 'ok';
    } catch (e) {
      options.onFailure?.(name, e as Error);
      return 'unreachable';
    } finally {
      clearTimeout(timer);
    }
  };

  const run = async (): Promise<Readiness> => {
    const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await bounded(name, check)] as const));
    const value: Readiness = { status: entries.every(([, s]) => s === 'ok') ? 'ok' : 'unavailable', checks: Object.fromEntries(entries) };
    last = { at: now(), value };
    return value;
  };

  return () => {
    if (last && now() - last.at < maxAgeMs) return Promise.resolve(last.value);
    running ??= run().finally(() => (running = undefined));
    return running;
  };
}

/**
 * Start-up failures end the process with one actionable line, never a stack trace: the operator
 * needs to know which dependency is missing and what to change, not where in the code it broke.
 */
import { ConfigError } from './config.ts';
import { redactUrl } from './db/url.ts';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

function rootCause(e: unknown): { code?: string; message: string } {
  let cur: unknown = e;
  for (let depth = 0; depth < 6 && cur; depth++) {
    const err = cur as { code?: unknown; message?: string; cause?: unknown; errors?: unknown[] };
    if (typeof err.code === 'string' && /^(E[A-Z]+|[0-9A-Z]{5})$/.test(err.code)) return { code: err.code, message: err.message ?? '' };
    cur = err.cause ?? err.errors?.[0];
  }
  return { message: (e as Error)?.message ?? String(e) };
}

export function databaseUnreachable(url: string | undefined, e: unknown): StartupError {
  if (!url) return new StartupError(`cannot open the embedded database: ${firstLine(e)}`);
  const where = redactUrl(url);
  const { code, message } = rootCause(e);
  const hint: Record<string, string> = {
    ECONNREFUSED: 'connection refused — is PostgreSQL running there?',
    ENOTFOUND: 'host not found — check the host name in DATABASE_URL',
    ETIMEDOUT: 'connection timed out — check host, port and firewall',
    '28P01': 'password authentication failed — check the credentials in DATABASE_URL',
    '28000': 'authentication rejected — check the user in DATABASE_URL',
    '3D000': 'the database does not exist — create it (createdb) or fix its name in DATABASE_URL',
  };
  return new StartupError(`cannot reach the database ${where}: ${(code && hint[code]) || firstLine(message)}`);
}

export function temporalUnreachable(address: string, e: unknown): StartupError {
  const text = String((e as Error)?.message ?? e);
  const why = /refused/i.test(text)
    ? 'connection refused'
    : /no answer within|deadline|timed? ?out/i.test(text)
      ? 'no answer in time'
      : /not ?found|NOT_FOUND/i.test(text) && /namespace/i.test(text)
        ? 'namespace not found — create it or set TEMPORAL_NAMESPACE'
        : firstLine(text).slice(0, 160);
  return new StartupError(`cannot reach Temporal at ${address} (${why}) — start a Temporal server (npm start runs one) or point TEMPORAL_ADDRESS at your cluster`);
}

function firstLine(e: unknown): string {
  const text = typeof e === 'string' ? e : ((e as Error)?.message ?? String(e));
  return text.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown error';
}

const ONE_LINE_ERRORS = new Set(['StartupError', 'EmbeddedDatabaseBusyError', 'TemporalCliMissingError']);

/** Runs a process's main function; expected start-up failures print one line and exit 1. */
export function runMain(role: string, main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    const name = (e as Error)?.name;
    if (e instanceof ConfigError || ONE_LINE_ERRORS.has(name)) process.stderr.write(`qyzmet ${role}: ${(e as Error).message}\n`);
    else process.stderr.write(`qyzmet ${role}: unexpected failure: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  });
}

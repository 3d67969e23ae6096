/**
 * Each role stops by itself with one actionable line — never a stack trace — when what it
 * depends on is missing. Exit code 1 means it ended on its own: runEntry kills a process still
 * running after 30 s, which would end with no code. How long it took is not asserted — on a busy
 * machine a connect timeout of 2 s can take longer, and speed is the benchmarks' business.
 */
import { runEntry } from './support/run-entry.ts';
import { describe, expect, it, inject } from 'vitest';

const run = (entry: string, env: Record<string, string>) => runEntry(entry, env, 'startup-data');

const ROLES = [
  ['npm start', 'scripts/start.ts', 'start'],
  ['npm run worker', 'worker.ts', 'worker'],
  ['npm run api', 'api/server.ts', 'api'],
] as const;

describe('start-up failures', () => {
  it.each(ROLES)('%s with a wrong DATABASE_URL stops with one line naming the database', async (_name, entry, role) => {
    const r = await run(entry, { DATABASE_URL: 'postgresql://qyzmet:secret@127.0.0.1:1/qyzmet' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toBe(`qyzmet ${role}: cannot reach the database postgresql://qyzmet:***@127.0.0.1:1/qyzmet: connection refused — is PostgreSQL running there?`);
  });

  it.each(ROLES)('%s with Temporal unreachable stops with one line naming Temporal', async (_name, entry, role) => {
    const r = await run(entry, { DATABASE_URL: inject('postgresUrl'), TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^qyzmet ${role}: cannot reach Temporal at 127\\.0\\.0\\.1:1 \\(.+\\) — start a Temporal server`));
  });

  it('names the database that does not exist', async () => {
    const url = new URL(inject('postgresUrl'));
    url.pathname = '/qyzmet_no_such_database';
    const r = await run('api/server.ts', { DATABASE_URL: url.toString() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the database does not exist — create it');
  });

  it('npm run worker with versioning on and no build id stops with one line saying where the build id comes from', async () => {
    // GIT_DIR to nowhere: as in the Docker image, no git checkout to read a commit from.
    const r = await run('worker.ts', { DATABASE_URL: inject('postgresUrl'), TEMPORAL_ADDRESS: inject('temporalAddress'), WORKER_VERSIONING: 'true', GIT_DIR: '/nonexistent' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^qyzmet worker: worker versioning is on but there is no build id — set QYZMET_BUILD_ID/);
  });

  it('names a bad variable before connecting to anything', async () => {
    const r = await run('worker.ts', { API_PORT: 'eighty', TEMPORAL_ADDRESS: 'not-an-address' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('API_PORT');
    expect(r.stderr).toContain('TEMPORAL_ADDRESS');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

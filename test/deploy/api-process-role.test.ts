/**
 * `npm run api` is the API role: in production it refuses to start without the keys the API
 * needs (the decision-signing public keys, the scrub key …) and with a key it must not hold (the
 * decision-signing private key, a shared token secret) — before it connects to anything.
 */
import path from 'node:path';
import { runEntry } from '../support/run-entry.ts';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/config.ts';

const runApi = (env: Record<string, string>) => runEntry('api/server.ts', env, 'api-role-data');

describe('npm run api in production', () => {
  it('names the API role’s missing and forbidden keys before connecting to anything', async () => {
    const r = await runApi({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://qyzmet@127.0.0.1:1/qyzmet',
      JWT_SECRET: 'a-shared-secret-of-at-least-32-characters',
      SIGNING_KEY_FILE: path.join(PROJECT_ROOT, 'package.json'),
    });
    expect(r.code).toBe(1);
    for (const variable of ['SIGNING_PUBLIC_KEYS_FILE', 'REPLAY_SCRUB_KEY', 'PAYLOAD_KEYS_FILE', 'JWT_SECRET', 'SIGNING_KEY_FILE']) expect(r.stderr).toContain(variable);
    expect(r.stderr).not.toContain('cannot reach the database');
  });
});

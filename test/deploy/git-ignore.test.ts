/**
 * Secrets never enter git: the repository's .gitignore keeps out what deploy/generate-dev-secrets.sh
 * writes under deploy/secrets/, environment files and stray keys, while the sources beside them
 * (the deployment recipe, the test fixtures' certificates) stay tracked. Checked with git itself
 * in a scratch repository holding only this .gitignore, so the answer is git's own matching and
 * does not depend on this checkout's git state.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/config.ts';

const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-gitignore-'));
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

function ignored(paths: string[]): string[] {
  if (!fs.existsSync(path.join(repo, '.git'))) {
    const init = spawnSync('git', ['init', '-q', repo], { encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    fs.copyFileSync(path.join(PROJECT_ROOT, '.gitignore'), path.join(repo, '.gitignore'));
  }
  // --no-index: match the patterns alone, tracked or not; exit 1 means "none ignored".
  const r = spawnSync('git', ['-C', repo, 'check-ignore', '--no-index', ...paths], { encoding: 'utf8' });
  expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
  return r.stdout.split('\n').filter(Boolean);
}

describe('.gitignore', () => {
  it('keeps the deployment secrets, environment files and stray keys out of git', () => {
    const secrets = [
      'deploy/secrets/signing-key.pem',
      'deploy/secrets/payload-keys.json',
      'deploy/secrets/jwt-public-keys.json',
      'deploy/secrets/sms-inbound-secret',
      '.env',
      '.env.production',
      'lib/forgotten-key.pem',
      'services/keys/server.key',
    ];
    expect(ignored(secrets).sort()).toEqual([...secrets].sort());
  });

  it('still tracks the recipe and the test fixtures beside them', () => {
    expect(ignored(['deploy/generate-dev-secrets.sh', 'docker-compose.yml', 'Dockerfile', '.dockerignore', 'test/deploy/fixtures/ca/ca.pem'])).toEqual([]);
  });
});

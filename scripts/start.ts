/**
 * `npm start`: the whole platform on embedded defaults, supervised.
 *   1. the Temporal dev server (SQLite under .data/, WAL, search attributes, Web UI),
 *   2. migrations on the embedded PGlite database (or DATABASE_URL),
 *   3. the platform process: worker + GraphQL API (+ demo data on first start).
 * Ctrl-C stops the platform first (the worker finishes its tasks), then Temporal; no process
 * and no port is left behind. Data under .data/ survives for the next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, PROJECT_ROOT } from '../lib/config.ts';
import { migrateDeploy } from '../lib/db/migrate.ts';
import { redactUrl } from '../lib/db/url.ts';
import { databaseUnreachable, runMain, StartupError, temporalUnreachable } from '../lib/startup.ts';
import { connectClient } from '../lib/temporal/connection.ts';
import { loadPayloadCodec } from '../lib/temporal/data-converter.ts';
import { ensureTemporalCli } from '../lib/temporal/cli.ts';
import { portInUse, startDevServer, waitExit, type DevServer } from '../lib/temporal/dev-server.ts';
import { parseHostPort } from '../lib/temporal/target.ts';
import { ensureConsoleBuilt } from '../web/build.ts';
import type { PlatformReady } from './platform.ts';

const say = (line: string) => process.stdout.write(`qyzmet: ${line}\n`);

/** Fails with the one-line database message before anything else starts. */
async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw databaseUnreachable(url, e);
  } finally {
    await client.end().catch(() => {});
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  // A cluster named by TEMPORAL_ADDRESS or by a temporal.toml profile is used as it is; only
  // the default address gets an embedded dev server.
  const externalTemporal = config.temporalTarget.addressSource !== 'default';
  fs.mkdirSync(config.DATA_DIR, { recursive: true });

  let temporal: DevServer | undefined;
  let platform: ChildProcess | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping …');
    if (platform && platform.exitCode === null) {
      platform.kill('SIGTERM');
      if (!(await waitExit(platform, 30_000))) platform.kill('SIGKILL');
    }
    await temporal?.stop();
    say('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));

  if (config.DATABASE_URL) await checkPostgres(config.DATABASE_URL);
  // The payload keys exist before any process encrypts with them (development: generated once under .data/keys).
  const payloadKeys = loadPayloadCodec(config);
  if (payloadKeys.created) say(`generated a payload encryption key: ${path.relative(PROJECT_ROOT, payloadKeys.source)} (histories are encrypted; keep it to read them)`);
  const apiHost = config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST;
  const codecEndpoint = `http://${apiHost}:${config.API_PORT}/codec`;
  let codecUiOrigin = config.CODEC_UI_ORIGIN;
  // The worker's Prometheus metrics are on in development too (WORKER_METRICS_ADDRESS moves them).
  const metricsAddress = config.WORKER_METRICS_ADDRESS ?? '127.0.0.1:9464';
  const metricsPort = Number(metricsAddress.slice(metricsAddress.lastIndexOf(':') + 1));
  if (await portInUse(metricsPort)) {
    throw new StartupError(`port ${metricsPort} (worker metrics) is already in use — stop what holds it or set WORKER_METRICS_ADDRESS, e.g. 127.0.0.1:9465`);
  }
  if (externalTemporal) {
    const { connection } = await connectClient(config).catch((e) => Promise.reject(temporalUnreachable(config.TEMPORAL_ADDRESS, e)));
    await connection.close();
    const via = config.temporalTarget.addressSource === 'profile' ? ` (temporal.toml profile "${config.temporalTarget.profile}")` : '';
    say(`using the Temporal cluster at ${config.TEMPORAL_ADDRESS}${via}, namespace ${config.TEMPORAL_NAMESPACE}`);
  } else {
    const cli = ensureTemporalCli(say);
    const { host, port } = parseHostPort(config.TEMPORAL_ADDRESS)!;
    if (await portInUse(port, host === 'localhost' ? '127.0.0.1' : host)) {
      throw new StartupError(
        `port ${port} is already in use — another Temporal server or Qyzmet is running; stop it, or set TEMPORAL_ADDRESS=${config.TEMPORAL_ADDRESS} to use that server`,
      );
    }
    if (await portInUse(config.TEMPORAL_UI_PORT)) {
      throw new StartupError(`port ${config.TEMPORAL_UI_PORT} (Temporal UI) is already in use — stop what holds it or set TEMPORAL_UI_PORT`);
    }
    say('starting the Temporal dev server …');
    const dbFile = path.join(config.DATA_DIR, 'temporal.db');
    temporal = await startDevServer({
      cli,
      dbFile,
      ip: '127.0.0.1',
      port,
      uiPort: config.TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      uiCodecEndpoint: codecEndpoint,
      onOutput: (line) => {
        if (/"level":"(error|fatal)"/.test(line)) process.stderr.write(`temporal: ${line}\n`);
      },
    });
    if (temporal.journalMode !== 'wal') throw new StartupError(`the Temporal database ${dbFile} is not in WAL mode (found ${temporal.journalMode})`);
    say(`Temporal dev server ready at ${temporal.address} (SQLite WAL, ${path.relative(PROJECT_ROOT, dbFile)})`);
    codecUiOrigin ??= temporal.uiUrl ?? undefined;
  }

  say(`applying migrations to ${config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : `PGlite ${path.relative(PROJECT_ROOT, config.pgliteDir)}`} …`);
  await migrateDeploy(process.env).catch((e: Error) => {
    throw new StartupError(`migrations failed: ${e.message.split('\n').filter(Boolean).slice(-1)[0]}`);
  });

  // The console is static files the API serves; without them the platform still runs.
  await ensureConsoleBuilt({ log: say }).catch((e: Error) => say(`the officer console was not built (${e.message.split('\n')[0]}); /console will say so`));

  platform = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'platform.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporal?.address ?? config.TEMPORAL_ADDRESS,
      PAYLOAD_KEYS_FILE: payloadKeys.source,
      WORKER_METRICS_ADDRESS: metricsAddress,
      ...(codecUiOrigin ? { CODEC_UI_ORIGIN: codecUiOrigin } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true, // its own process group: Ctrl-C reaches it through this supervisor, in order
  });
  const ready = await new Promise<PlatformReady>((resolve, reject) => {
    platform!.on('message', (m: PlatformReady) => m?.type === 'ready' && resolve(m));
    platform!.once('exit', (code) => reject(new StartupError(`the platform process exited during start (code ${code})`)));
  });
  platform.on('exit', (code) => {
    if (!stopping) {
      say(`the platform process stopped unexpectedly (code ${code})`);
      void stop(1);
    }
  });

  const lines = [
    '',
    'Qyzmet is running.',
    `  Officer console ${ready.consoleUrl}   (choose a development identity)`,
    `  GraphQL API     ${ready.graphqlUrl}${ready.graphiql ? '   (GraphiQL in the browser)' : ''}`,
    `  Health          ${ready.healthUrl}`,
    `  Metrics         ${ready.metricsUrl} (API, from this host)   http://${metricsAddress}/metrics (worker)`,
    temporal?.uiUrl ? `  Temporal UI     ${temporal.uiUrl}   (payloads decoded through ${codecEndpoint})` : `  Temporal        ${config.TEMPORAL_ADDRESS}`,
    `  Data            ${path.relative(PROJECT_ROOT, config.DATA_DIR) || config.DATA_DIR}/ (kept between starts)`,
    '',
    'Authenticate (development credentials):',
    ...ready.credentials.map((c) => `  ${c.label.padEnd(Math.max(...ready.credentials.map((x) => x.label.length)) + 1)} ${c.header}`),
    '',
    'Mint another token:  npm run token -- --role officer --department social-payments',
    'Stop:                Ctrl-C',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

runMain('start', main);

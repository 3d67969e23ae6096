/**
 * The embedded platform process `npm start` supervises: the worker and the GraphQL API in one
 * process, because the embedded PGlite database admits one process. (With DATABASE_URL set,
 * `npm run worker` and `npm run api` run them apart.)
 */
import { mintStaffToken } from '../lib/auth/tokens.ts';
import { loadConfig } from '../lib/config.ts';
import { checkDatabase, openDatabase } from '../lib/db/client.ts';
import { createLogger } from '../lib/logger.ts';
import { buildActivityDeps } from '../lib/platform-deps.ts';
import { databaseUnreachable, runMain, temporalUnreachable } from '../lib/startup.ts';
import { connectClient, connectWorkerConnection } from '../lib/temporal/connection.ts';
import { DEV_IDENTITIES } from '../api/http/dev-identities.ts';
import { startApiServer } from '../api/server.ts';
import { ensureDevApiKey, seedCatalog } from '../prisma/seed.ts';
import { createQyzmetWorker, defaultBundlePath, installRuntime, stopWorker } from '../worker.ts';
import { seedDemoCases } from './demo-seed.ts';

export interface PlatformReady {
  type: 'ready';
  graphqlUrl: string;
  consoleUrl: string;
  healthUrl: string;
  graphiql: boolean;
  credentials: { label: string; header: string }[];
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'qyzmet' });
  const db = await openDatabase(config).catch((e) => Promise.reject(databaseUnreachable(config.DATABASE_URL, e)));
  await checkDatabase(db).catch((e) => Promise.reject(databaseUnreachable(config.DATABASE_URL, e)));
  const { client, connection } = await connectClient(config).catch((e) => Promise.reject(temporalUnreachable(config.TEMPORAL_ADDRESS, e)));
  installRuntime(logger); // before the first native connection creates the default runtime
  const { connection: workerConnection, namespace } = await connectWorkerConnection(config);

  await seedCatalog(db.prisma, { allowUnverified: config.allowUnverifiedLaw });
  const apiKey = await ensureDevApiKey(db.prisma, config.DATA_DIR);
  const deps = await buildActivityDeps(config, db, logger);
  const worker = await createQyzmetWorker({ connection: workerConnection, namespace, taskQueue: config.TEMPORAL_TASK_QUEUE, deps, workflowBundlePath: defaultBundlePath(config) });
  const running = worker.run();
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker ready');
  const api = await startApiServer({ config, db, temporal: client, keyRing: deps.keyRing, logger }, { host: config.API_HOST, port: config.API_PORT });
  logger.info({ url: api.graphqlUrl }, 'API ready');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await api.close();
    stopWorker(worker);
    await running.catch(() => {});
    await workerConnection.close();
    await connection.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop()); // the supervisor is gone

  const ready: PlatformReady = {
    type: 'ready',
    graphqlUrl: api.graphqlUrl,
    consoleUrl: `${api.url}/console/`,
    healthUrl: `${api.url}/readyz`,
    graphiql: config.graphiql,
    credentials: [
      { label: 'front-end (API key)', header: `X-Api-Key: ${apiKey}` },
      ...(await Promise.all(DEV_IDENTITIES.map(async ({ label, ...claims }) => ({ label, header: `Authorization: Bearer ${await mintStaffToken(config, claims)}` })))),
    ],
  };
  if (process.send) process.send(ready);
  else console.log(JSON.stringify(ready, null, 2));

  await seedDemoCases({ prisma: db.prisma, temporal: client, taskQueue: config.TEMPORAL_TASK_QUEUE }, logger).catch((e: Error) =>
    logger.warn({ err: e.message }, 'demo cases were not seeded'),
  );
}

runMain('platform', main);

/**
 * The embedded platform process `npm start` supervises: the worker and the GraphQL API in one
 * process, because the embedded PGlite database admits one process. (With DATABASE_URL set,
 * `npm run worker` and `npm run api` run them apart.)
 */
import { mintStaffToken } from '../lib/auth/tokens.ts';
import { loadConfig } from '../lib/config.ts';
import { openPlatform } from '../lib/platform.ts';
import { runMain } from '../lib/startup.ts';
import { DEV_IDENTITIES, devIdentitiesAvailable, devStaffDirectory } from '../api/http/dev-identities.ts';
import { syncStaff } from '../api/staff/directory.ts';
import { startApiServer } from '../api/server.ts';
import { ensureDevApiKey, seedCatalog } from '../prisma/seed.ts';
import { platformCheckpoints, platformReconciler, platformSweepSchedule, platformWorker, stopWorker } from '../worker.ts';
import { seedDemoCases } from './demo-seed.ts';

export interface PlatformReady {
  type: 'ready';
  graphqlUrl: string;
  consoleUrl: string;
  healthUrl: string;
  metricsUrl: string;
  graphiql: boolean;
  credentials: { label: string; header: string }[];
}

async function main(): Promise<void> {
  const platform = await openPlatform(loadConfig(), { roles: ['api', 'worker'] });
  const { config, logger, prisma } = platform;

  await seedCatalog(prisma, { allowUnverified: config.allowUnverifiedLaw });
  const apiKey = await ensureDevApiKey(prisma, config.DATA_DIR);
  // The development identities are the staff a task can be reassigned to (never in production).
  if (devIdentitiesAvailable(config)) await syncStaff(prisma, devStaffDirectory(), { deactivateOthers: false });
  const worker = await platformWorker(platform);
  const running = worker.run();
  const checkpoints = platformCheckpoints(platform);
  const reconciler = platformReconciler(platform, platform.temporal);
  await platformSweepSchedule(platform, platform.temporal);
  logger.info({ taskQueue: platform.taskQueue }, 'worker ready');
  const api = await startApiServer(platform, { host: config.API_HOST, port: config.API_PORT });
  logger.info({ url: api.graphqlUrl }, 'API ready');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await api.close();
    stopWorker(worker);
    await running.catch(() => {});
    await checkpoints.stop();
    await reconciler?.stop();
    await platform.close();
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
    metricsUrl: `${api.url}/metrics`,
    graphiql: config.graphiql,
    credentials: [
      { label: 'front-end (API key)', header: `X-Api-Key: ${apiKey}` },
      ...(await Promise.all(DEV_IDENTITIES.map(async ({ label, ...claims }) => ({ label, header: `Authorization: Bearer ${await mintStaffToken(config, claims)}` })))),
    ],
  };
  if (process.send) process.send(ready);
  else console.log(JSON.stringify(ready, null, 2));

  await seedDemoCases({ prisma, temporal: platform.temporal, taskQueue: platform.taskQueue }, logger).catch((e: Error) =>
    logger.warn({ err: e.message }, 'demo cases were not seeded'),
  );
}

runMain('platform', main);

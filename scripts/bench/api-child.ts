/**
 * The API process of the bench: the platform's GraphQL server as `npm run api` opens and builds it
 * (openPlatform, api/server.ts startApiServer → api/yoga.ts createApi: Pothos, yoga, GraphQL Armor, auth,
 * rate limits), and beside it the bare reference server for P6, in one process whose CPU time
 * the bench reads per phase.
 */
import { startApiServer } from '../../api/server.ts';
import { loadConfig } from '../../lib/config.ts';
import { openPlatform } from '../../lib/platform.ts';
import { startBareServer } from './bare-schema.ts';
import { processDb } from './dbcount.ts';
import { serve } from './rpc.ts';

const platform = await openPlatform(loadConfig(), { roles: ['api'], name: 'bench-api' });
const api = await startApiServer(platform, { host: '127.0.0.1', port: 0 });
const bare = await startBareServer(platform.prisma);

serve({
  urls: () => ({ full: api.graphqlUrl, bare: bare.url }),
  cpu: () => ({ ...process.cpuUsage(), atMs: performance.now(), db: { ...processDb } }),
  stats: () => [],
  mark: () => Number(process.hrtime.bigint() / 1000n),
  stop: async () => {
    await api.close();
    await bare.close();
    await platform.close();
    setTimeout(() => process.exit(0), 50);
  },
});

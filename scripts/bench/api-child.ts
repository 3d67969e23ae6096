/**
 * The API process of the bench: the platform's GraphQL server as `npm run api` builds it
 * (api/server.ts startApiServer → api/yoga.ts createApi: Pothos, yoga, GraphQL Armor, auth,
 * rate limits), and beside it the bare reference server for P6, in one process whose CPU time
 * the bench reads per phase.
 */
import { startApiServer } from '../../api/server.ts';
import { loadConfig } from '../../lib/config.ts';
import { openDatabase } from '../../lib/db/client.ts';
import { createLogger } from '../../lib/logger.ts';
import { loadKeyRing } from '../../lib/platform-deps.ts';
import { connectClient } from '../../lib/temporal/connection.ts';
import { startBareServer } from './bare-schema.ts';
import { processDb } from './dbcount.ts';
import { serve } from './rpc.ts';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, name: 'bench-api' });
const db = await openDatabase(config);
const { client, connection } = await connectClient(config);
const api = await startApiServer({ config, db, temporal: client, keyRing: loadKeyRing(config), logger }, { host: '127.0.0.1', port: 0 });
const bare = await startBareServer(db.prisma);

serve({
  urls: () => ({ full: api.graphqlUrl, bare: bare.url }),
  cpu: () => ({ ...process.cpuUsage(), atMs: performance.now(), db: { ...processDb } }),
  stats: () => [],
  mark: () => Number(process.hrtime.bigint() / 1000n),
  stop: async () => {
    await api.close();
    await bare.close();
    await connection.close();
    await db.close();
    setTimeout(() => process.exit(0), 50);
  },
});

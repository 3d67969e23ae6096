/**
 * Builds the activities' dependencies from the configuration: the database, the registry
 * gateway, the decision-signing keys, the catalog and the SMS gateway.
 */
import path from 'node:path';
import { CatalogStore } from '../activities/catalog-store.ts';
import type { ActivityDeps, SmsGateway } from '../activities/deps.ts';
import { createRegistryClient, registryConfigFromEnv } from '../registries/index.ts';
import type { RegistryClient } from '../registries/types.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { maskDigits, type Logger } from './logger.ts';
import { generateDevKey, loadDevKeyRing, loadKeyRingFromFile, type KeyRing } from './signing.ts';

export function loadKeyRing(config: Pick<Config, 'SIGNING_KEY_FILE' | 'DATA_DIR'>): KeyRing {
  if (config.SIGNING_KEY_FILE) return loadKeyRingFromFile(config.SIGNING_KEY_FILE);
  const dir = path.join(config.DATA_DIR, 'keys');
  generateDevKey(dir);
  return loadDevKeyRing(dir);
}

/** Development SMS gateway: records the message in the log (phone masked); nothing leaves the host. */
export function loggingSmsGateway(logger: Logger): SmsGateway {
  return {
    async send({ to, text, idempotencyKey }) {
      logger.info({ to: `${to.slice(0, 5)}****${to.slice(-2)}`, idempotencyKey, text: maskDigits(text) }, 'SMS sent');
      return { providerId: `log:${idempotencyKey}` };
    },
  };
}

export async function buildActivityDeps(
  config: Config,
  db: Database,
  logger: Logger,
  overrides: { registries?: RegistryClient; sms?: SmsGateway } = {},
): Promise<ActivityDeps> {
  return {
    prisma: db.prisma,
    registries: overrides.registries ?? createRegistryClient(registryConfigFromEnv(config)),
    keyRing: loadKeyRing(config),
    catalog: new CatalogStore(db.prisma),
    sms: overrides.sms ?? loggingSmsGateway(logger),
    logger,
  };
}

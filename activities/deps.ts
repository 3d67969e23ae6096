/**
 * What the activities need from the outside world: built from the process's platform
 * (lib/platform.ts) with the configuration's registry gateway and SMS gateway, or with fakes
 * passed by tests and the corpus generator.
 */
import type { Config } from '../lib/config.ts';
import type { PrismaClient } from '../lib/db/client.ts';
import type { Logger } from '../lib/logger.ts';
import type { KeyRing } from '../lib/signing.ts';
import { createRegistryClient, registryConfigFromEnv } from '../registries/index.ts';
import type { RegistryClient } from '../registries/types.ts';
import { CatalogStore } from '../services/catalog-store.ts';
import { loggingSmsGateway, type SmsGateway } from './sms.ts';

export type { SmsGateway } from './sms.ts';

export interface ActivityDeps {
  prisma: PrismaClient;
  registries: RegistryClient;
  keyRing: KeyRing;
  catalog: CatalogStore;
  sms: SmsGateway;
  logger: Logger;
}

export type ActivityDepOverrides = Partial<Pick<ActivityDeps, 'registries' | 'sms' | 'catalog'>>;

/** The activities' dependencies on a platform; `overrides` replace the gateways and the catalog cache. */
export function activityDeps(platform: { config: Config; prisma: PrismaClient; keyRing: KeyRing; logger: Logger }, overrides: ActivityDepOverrides = {}): ActivityDeps {
  return {
    prisma: platform.prisma,
    registries: overrides.registries ?? createRegistryClient(registryConfigFromEnv(platform.config)),
    keyRing: platform.keyRing,
    catalog: overrides.catalog ?? CatalogStore.of(platform.prisma),
    sms: overrides.sms ?? loggingSmsGateway(platform.logger),
    logger: platform.logger,
  };
}

/**
 * What the activities need from the outside world, injected so tests can pass fakes and the
 * worker passes the real thing.
 */
import type { PrismaClient } from '../lib/db/client.ts';
import type { Logger } from '../lib/logger.ts';
import type { KeyRing } from '../lib/signing.ts';
import type { RegistryClient } from '../registries/types.ts';
import type { CatalogStore } from './catalog-store.ts';

/** The outbound SMS gateway (short number 1414 in Kazakhstan). */
export interface SmsGateway {
  send(message: { to: string; text: string; idempotencyKey: string }): Promise<{ providerId: string }>;
}

export interface ActivityDeps {
  prisma: PrismaClient;
  registries: RegistryClient;
  keyRing: KeyRing;
  catalog: CatalogStore;
  sms: SmsGateway;
  logger: Logger;
}

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
import { tracedRegistries } from '../registries/traced.ts';
import type { RegistryClient } from '../registries/types.ts';
import { CatalogStore } from '../services/catalog-store.ts';
import { measuredRegistries } from './metrics.ts';
import { smsGatewayOf, type SmsGateway } from '../lib/sms-gateway.ts';
import type { OperationalPolicies } from '../services/operational-policy.ts';
import { staffNotifierOf, type StaffNotifier } from '../lib/staff-notifier.ts';
import type { PayerPort } from '../lib/payer/port.ts';
import { createFilePayer } from '../lib/payer/file.ts';
import { createHttpPayer } from '../lib/payer/http.ts';
import { createSimulatedPayer } from '../lib/payer/simulated.ts';

export type { SmsGateway } from '../lib/sms-gateway.ts';

export interface ActivityDeps {
  prisma: PrismaClient;
  registries: RegistryClient;
  keyRing: KeyRing;
  catalog: CatalogStore;
  sms: SmsGateway;
  /** Staff notifications: e-mail (STAFF_SMTP_URL) or the log. */
  staffNotifier: StaffNotifier;
  /** Operational policy in place of services/operational-policy.ts's tables (tests); unset → those. */
  operationalPolicies?: OperationalPolicies;
  /** Where payment instructions are delivered; null: none configured, instructions wait in the outbox. */
  payer: PayerPort | null;
  logger: Logger;
}

export type ActivityDepOverrides = Partial<Pick<ActivityDeps, 'registries' | 'sms' | 'catalog' | 'staffNotifier' | 'operationalPolicies' | 'payer'>>;

export class SimulatedIntegrationsRefused extends Error {
  override name = 'SimulatedIntegrationsRefused';
}

/**
 * Production runs on the real registries and the operator's SMS gateway, whatever process builds
 * the activities (the worker, `npm start`'s platform process, the bench): the configuration checks
 * it for the worker role, and this checks it again for every process, unless a staging
 * deployment opted in with ALLOW_SIMULATED_INTEGRATIONS.
 */
export function checkIntegrations(config: Pick<Config, 'production' | 'REGISTRY_MODE' | 'SMS_GATEWAY_URL' | 'ALLOW_SIMULATED_INTEGRATIONS'> & Partial<Pick<Config, 'PAYER_MODE'>>, overrides: ActivityDepOverrides = {}): void {
  if (!config.production || config.ALLOW_SIMULATED_INTEGRATIONS) return;
  if (overrides.payer === undefined && config.PAYER_MODE === 'simulated') throw new SimulatedIntegrationsRefused('production refuses the simulated payer (PAYER_MODE=file or http; ALLOW_SIMULATED_INTEGRATIONS=true for staging only)');
  if (!overrides.registries && config.REGISTRY_MODE !== 'http') throw new SimulatedIntegrationsRefused('production refuses simulated registries (REGISTRY_MODE=http; ALLOW_SIMULATED_INTEGRATIONS=true for staging only)');
  if (!overrides.sms && !config.SMS_GATEWAY_URL) throw new SimulatedIntegrationsRefused('production refuses an SMS gateway that only logs (set SMS_GATEWAY_URL; ALLOW_SIMULATED_INTEGRATIONS=true for staging only)');
}

/**
 * The payer adapter the configuration names (PAYER_MODE). Unset: the simulated payer outside
 * production; in production none — its instructions wait in the outbox rather than reach a
 * simulation (the worker's configuration refuses to start so).
 */
export function payerOf(config: Config): PayerPort | null {
  const batch = { maxSize: config.PAYER_BATCH_SIZE, maxWaitMs: config.PAYER_BATCH_WAIT_MS };
  switch (config.PAYER_MODE) {
    case 'file':
      return createFilePayer({ ...batch, outboundDir: config.PAYER_OUTBOUND_DIR! });
    case 'http':
      return createHttpPayer({ ...batch, url: config.PAYER_URL!, timeoutMs: config.PAYER_TIMEOUT_MS, attempts: config.PAYER_ATTEMPTS, backoffMs: config.PAYER_BACKOFF_MS, ...(config.PAYER_TOKEN ? { token: config.PAYER_TOKEN } : {}) });
    case 'simulated':
      return createSimulatedPayer();
    default:
      return config.production && !config.ALLOW_SIMULATED_INTEGRATIONS ? null : createSimulatedPayer();
  }
}

/** The activities' dependencies on a platform; `overrides` replace the gateways and the catalog cache. */
export function activityDeps(platform: { config: Config; prisma: PrismaClient; keyRing: KeyRing; logger: Logger }, overrides: ActivityDepOverrides = {}): ActivityDeps {
  const { config } = platform;
  checkIntegrations(config, overrides);
  return {
    prisma: platform.prisma,
    // Every registry query is timed and its failures counted (activities/metrics.ts), simulated or not.
    registries: measuredRegistries(tracedRegistries(overrides.registries ?? createRegistryClient(registryConfigFromEnv(config)))),
    keyRing: platform.keyRing,
    catalog: overrides.catalog ?? CatalogStore.of(platform.prisma),
    sms: overrides.sms ?? smsGatewayOf(config, platform.logger),
    staffNotifier: overrides.staffNotifier ?? staffNotifierOf(config, platform.logger),
    ...(overrides.operationalPolicies ? { operationalPolicies: overrides.operationalPolicies } : {}),
    payer: overrides.payer !== undefined ? overrides.payer : payerOf(config),
    logger: platform.logger,
  };
}

/**
 * What every resolver gets: the caller and the request's language, the clients (built once per
 * process, never by resolvers), per-request loaders and the security log.
 */
import type { Client } from '@temporalio/client';
import type { CatalogStore } from '../services/catalog-store.ts';
import type { Config } from '../lib/config.ts';
import type { Database, PrismaClient } from '../lib/db/client.ts';
import type { Logger } from '../lib/logger.ts';
import type { ClaimSigner } from '../lib/claims/sign-claim.ts';
import type { CitizenAssertionVerifier } from '../lib/auth/citizen-assertions.ts';
import type { KeyRing } from '../lib/signing.ts';
import type { Caller } from './auth/caller.ts';
import type { SecurityLog } from './auth/security-log.ts';
import type { CaseUpdates } from './case-updates.ts';
import type { Lang } from './i18n.ts';
import type { Loaders } from './loaders.ts';
import type { CaseReplayer } from './temporal/replay.ts';
import type { StreamSlots } from './schema/subscriptions.ts';
import type { PreviewRuns } from './what-if-previews.ts';

/** Process-wide services, shared by all requests. */
export interface ApiServices {
  config: Config;
  db: Database;
  prisma: PrismaClient;
  temporal: Client;
  /** Verifies decision signatures. */
  keyRing: KeyRing;
  /** Signs the acting officer into every staff Update (the workflow verifies it). */
  claimSigner: ClaimSigner;
  /** Verifies citizen assertions (CITIZEN_IDP_PUBLIC_KEYS, or the development IdP key), built on first use. */
  verifyCitizen: () => Promise<CitizenAssertionVerifier>;
  catalog: CatalogStore;
  taskQueue: string;
  /** The date an application counts as submitted (the wall clock; tests pin it to their dataset). */
  intakeClock: () => Date;
  /** When an appeal counts as filed, against the decision's appeal period (the wall clock; tests move it). */
  appealClock: () => Date;
  logger: Logger;
  caseUpdates: CaseUpdates;
  /** Replays case histories against the workflow code this deployment runs (replayCase). */
  replayer: CaseReplayer;
  /** Open subscription streams per caller (the cap). */
  streams: StreamSlots;
  /** Bulk what-if previews running now (the per-caller cap, and stopping them). */
  previews: PreviewRuns;
}

export interface Context extends ApiServices {
  caller: Caller;
  lang: Lang;
  loaders: Loaders;
  security: SecurityLog;
  /** Aborted when the client goes away before the answer (long work, such as a what-if preview, stops). */
  signal?: AbortSignal;
}

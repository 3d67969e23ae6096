/**
 * The one place a process opens what it runs on: the database, Temporal (a client that starts and
 * asks workflows, for the API role; a native connection that polls, for the worker role), the
 * decision-signing key ring and the logger — each opened once, checked at start with a one-line
 * error (lib/startup.ts), and closed in reverse order. worker.ts, api/server.ts, `npm start`'s
 * platform process, the tests' engine and the bench's children open it here; what they build on
 * it (the worker, the API, the activities' dependencies) takes the platform and never opens a
 * client of its own.
 *
 * A new process-wide dependency is added here, once: the payload codec is loaded here and joins
 * the client's data converter and the worker's (platformWorker takes it from the platform), so no
 * process writes clear text into a history; an officer-claim signing or verification key joins
 * the key ring, metrics and tracing join the runtime and the close list.
 */
import type { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import { loadClaimSigner, loadTrustedClaimKeys, type ClaimSigner } from './claims/sign-claim.ts';
import type { TrustedClaimKeys } from './claims/claim-format.ts';
import type { Config } from './config.ts';
import { checkDatabase, openDatabase, type Database, type PrismaClient } from './db/client.ts';
import { createLogger, type Logger } from './logger.ts';
import { loadKeyRing, type KeyRing } from './signing.ts';
import { databaseUnreachable, temporalUnreachable } from './startup.ts';
import { connectClient, connectWorkerConnection } from './temporal/connection.ts';
import { dataConverterOf, loadPayloadCodec } from './temporal/data-converter.ts';
import type { EncryptionCodec } from './temporal/payload-codec.ts';
import { installRuntime } from './temporal/runtime.ts';
import { startTracing } from './tracing/setup.ts';

/** `api`: a Temporal client (start workflows, send Updates, read histories); `worker`: a native connection to poll with. */
export type Role = 'api' | 'worker';

interface PlatformBase {
  config: Config;
  logger: Logger;
  db: Database;
  prisma: PrismaClient;
  /** Signs decisions (worker) and verifies their signatures (API: public keys only, retired ones included). */
  keyRing: KeyRing;
  /** Encrypts and decrypts every payload (histories hold ciphertext); the codec server endpoint serves it. */
  payloadCodec: EncryptionCodec;
  /** `{ payloadCodecs: [payloadCodec] }`: the client's and the worker's data converter. */
  dataConverter: DataConverter;
  /** The namespace and task queue every workflow of this deployment uses. */
  namespace: string;
  taskQueue: string;
  /** Closes what the platform opened, last opened first (a database passed in stays open). */
  close(): Promise<void>;
}

export type Platform<R extends Role = Role> = PlatformBase &
  /** claimSigner: signs the acting officer into every staff Update (OFFICER_CLAIM_KEY_FILE). */
  ('api' extends R ? { temporal: Client; claimSigner: ClaimSigner } : unknown) &
  /** trustedClaimKeys: the public keys the workflow's Update validators verify officer claims with (OFFICER_CLAIM_PUBLIC_KEYS_FILE). */
  ('worker' extends R ? { workerConnection: NativeConnection; trustedClaimKeys: TrustedClaimKeys } : unknown);

export interface PlatformOptions<R extends Role> {
  roles: readonly R[];
  /** The process's logger; default one named after `name` at LOG_LEVEL. */
  logger?: Logger;
  name?: string;
  /** An open database to use instead of the configuration's (tests); the caller closes it. */
  database?: Database;
  /** Keys to use instead of the configuration's (tests sign with a fresh one). */
  keyRing?: KeyRing;
  /** A payload codec instead of the configuration's (tests share one between processes). */
  payloadCodec?: EncryptionCodec;
  /** Officer-claim keys instead of the configuration's (tests: a fresh signer, its public key trusted). */
  claimSigner?: ClaimSigner;
  trustedClaimKeys?: TrustedClaimKeys;
}

export async function openPlatform<R extends Role>(config: Config, options: PlatformOptions<R>): Promise<Platform<R>> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, name: options.name ?? 'qyzmet' });
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch((e: Error) => logger.warn({ err: e.message }, 'closing the platform'));
  };
  try {
    let db = options.database;
    if (!db) {
      const opened = await openDatabase(config).catch((e) => Promise.reject(databaseUnreachable(config.DATABASE_URL, e)));
      closers.push(() => opened.close());
      await checkDatabase(opened).catch((e) => Promise.reject(databaseUnreachable(config.DATABASE_URL, e)));
      db = opened;
    }
    // Before the first native connection would create a default runtime; replayCase (API) needs it too.
    // A worker's runtime also exports Prometheus metrics, when WORKER_METRICS_ADDRESS says where.
    installRuntime(logger, { metricsAddress: options.roles.includes('worker' as R) ? config.WORKER_METRICS_ADDRESS : undefined });
    // Tracing, when OTEL_TRACES_EXPORTER=otlp says so (lib/tracing/setup.ts): once per process, before the first client.
    const tracing = startTracing({ serviceName: options.name ?? 'qyzmet' });
    if (tracing.enabled) closers.push(() => tracing.flush());
    const payloadCodec = options.payloadCodec ?? loadPayloadCodec(config).codec;
    const dataConverter = dataConverterOf(payloadCodec);
    const extra: { temporal?: Client; claimSigner?: ClaimSigner; workerConnection?: NativeConnection; trustedClaimKeys?: TrustedClaimKeys } = {};
    let namespace = config.TEMPORAL_NAMESPACE;
    if (options.roles.includes('api' as R)) {
      const { client, connection } = await connectClient(config, { dataConverter }).catch((e) => Promise.reject(temporalUnreachable(config.TEMPORAL_ADDRESS, e)));
      closers.push(() => (connection as Connection).close());
      extra.temporal = client;
      extra.claimSigner = options.claimSigner ?? loadClaimSigner(config);
      namespace = client.options.namespace;
    }
    if (options.roles.includes('worker' as R)) {
      const worker = await connectWorkerConnection(config).catch((e) => Promise.reject(temporalUnreachable(config.TEMPORAL_ADDRESS, e)));
      closers.push(() => worker.connection.close());
      extra.workerConnection = worker.connection;
      extra.trustedClaimKeys = options.trustedClaimKeys ?? loadTrustedClaimKeys(config);
      namespace = worker.namespace;
    }
    const platform: PlatformBase = {
      config,
      logger,
      db,
      prisma: db.prisma,
      // Only a process that runs the worker signs; the API alone holds public keys only.
      keyRing: options.keyRing ?? loadKeyRing(config, { sign: options.roles.includes('worker' as R) }),
      payloadCodec,
      dataConverter,
      namespace,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      close,
    };
    return { ...platform, ...extra } as Platform<R>;
  } catch (e) {
    await close();
    throw e;
  }
}

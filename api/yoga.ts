/**
 * Builds the GraphQL server (never listens: api/server.ts does). Order of the guards: request
 * gate (size, JSON, credentials, rate) → trusted documents for API keys → CSRF → query limits → execution, where every field is
 * authorised; error masking stays on and every error leaves with a stable `extensions.code`.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { CatalogStore } from '../services/catalog-store.ts';
import { createTokenVerifier, type TokenVerifier } from '../lib/auth/tokens.ts';
import { createCitizenAssertionVerifier, type CitizenAssertionVerifier } from '../lib/auth/citizen-assertions.ts';
import { trustedProxyMatcher, type Config } from '../lib/config.ts';
import type { Database } from '../lib/db/client.ts';
import type { Logger } from '../lib/logger.ts';
import type { SmsGateway } from '../lib/sms-gateway.ts';
import type { WorkflowBundle } from '../lib/temporal/workflow-code.ts';
import { loadClaimSigner, type ClaimSigner } from '../lib/claims/sign-claim.ts';
import type { KeyRing } from '../lib/signing.ts';
import { ANONYMOUS, authenticate } from './auth/caller.ts';
import { TokenBuckets } from './auth/rate-limit.ts';
import { appendSecurityEntry, SecurityLog } from './auth/security-log.ts';
import { CaseUpdates } from './case-updates.ts';
import type { ApiServices, Context } from './context.ts';
import { ApiError, apiError } from './errors.ts';
import { useGate } from './http/gate.ts';
import { armorPlugin, costLimit, disableIntrospection, errorCodes } from './http/hardening.ts';
import { inputFloor } from './http/input-floor.ts';
import { namedDocument, requireTrustedDocuments, trustedDocuments } from './http/trusted-documents.ts';
import { graphqlTracing } from './http/tracing.ts';
import { currentTracing } from '../lib/tracing/setup.ts';
import { message, negotiateLanguage } from './i18n.ts';
import { createLoaders } from './loaders.ts';
import { databaseUnavailable } from '../lib/db/unavailable.ts';
import { temporalUnavailable } from './temporal/failures.ts';
import { CaseReplayer } from './temporal/replay.ts';
import { schema } from './schema/index.ts';
import { StreamSlots } from './schema/subscriptions.ts';
import { PreviewRuns } from './what-if-previews.ts';
import { DOCUMENT_MAX_BYTES } from '../workflows/messages.ts';

/** What the API runs on: a platform with the API role (lib/platform.ts) has all of it. */
export interface ApiDeps {
  config: Config;
  db: Database;
  temporal: Client;
  /** Verifies decision signatures. */
  keyRing: KeyRing;
  /** The payload codec the /codec endpoint serves (api/server.ts); a platform has it. */
  payloadCodec?: PayloadCodec;
  /** Signs officer claims; defaults to the configuration's key (OFFICER_CLAIM_KEY_FILE, or the development key under DATA_DIR). */
  claimSigner?: ClaimSigner;
  logger: Logger;
  /** Defaults to TEMPORAL_TASK_QUEUE. */
  taskQueue?: string;
  /** The intake clock (submission dates); tests pin it to their synthetic dataset's date. */
  intakeClock?: () => Date;
  /** The appeal clock (filing against the appeal period); the wall clock by default. */
  appealClock?: () => Date;
  /** Defaults to one built from the configuration (shared secret, public keys or JWKS). */
  verifyToken?: TokenVerifier;
  /** Defaults to one listening on `db`; tests pass their own to watch its subscribers. */
  caseUpdates?: CaseUpdates;
  /** Defaults to a new one; tests pass their own to see the previews running. */
  previews?: PreviewRuns;
  /**
   * The workflow code replayCase replays against. Defaults to what the worker runs: the prebuilt
   * bundle in production, else workflows/index.ts, bundled on the first replay.
   */
  workflowBundle?: { bundle: WorkflowBundle; label: string };
  /** Records requests, operations and refusals (api/http/metrics.ts); api/server.ts passes it. */
  metricsPlugin?: Plugin;
  /** Sends the replies to citizens' SMS (api/http/sms-inbound.ts); defaults to the configuration's gateway. */
  sms?: SmsGateway;
}

export type Api = YogaServerInstance<Record<string, unknown>, Context>;

/** A GraphQL error raised as such (by GraphQL, a plugin or the API), not one wrapping a thrown exception. */
function isOriginalGraphQLError(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError)) return false;
  return error.originalError == null || isOriginalGraphQLError(error.originalError);
}

/** Yoga's default CORS reflects any Origin with credentials; ours allows the listed origins only. */
function corsOptions(origins: readonly string[]) {
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !origins.includes(origin)) return false;
    return { origin: [origin], credentials: false, methods: ['POST', 'GET', 'OPTIONS'], allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'accept-language', 'x-graphql-yoga-csrf'], maxAge: 600 };
  };
}

export function createApi(deps: ApiDeps): Api {
  const { config, logger } = deps;
  const prisma = deps.db.prisma;
  let citizenVerifier: Promise<CitizenAssertionVerifier> | undefined;
  const services: ApiServices = {
    config,
    db: deps.db,
    prisma,
    temporal: deps.temporal,
    keyRing: deps.keyRing,
    claimSigner: deps.claimSigner ?? loadClaimSigner(config),
    verifyCitizen: () => (citizenVerifier ??= createCitizenAssertionVerifier(config)),
    catalog: CatalogStore.of(prisma),
    taskQueue: deps.taskQueue ?? config.TEMPORAL_TASK_QUEUE,
    intakeClock: deps.intakeClock ?? (() => new Date()),
    appealClock: deps.appealClock ?? (() => new Date()),
    logger,
    caseUpdates: deps.caseUpdates ?? new CaseUpdates(deps.db, logger),
    replayer: new CaseReplayer(deps.temporal, deps.workflowBundle ?? { config }),
    streams: new StreamSlots(),
    previews: deps.previews ?? new PreviewRuns(),
  };
  let verifier: Promise<TokenVerifier> | undefined;
  const verifyToken = () => (verifier ??= deps.verifyToken ? Promise.resolve(deps.verifyToken) : createTokenVerifier(config));
  const limiter = new TokenBuckets({ burst: config.API_RATE_LIMIT_BURST, perSecond: config.API_RATE_LIMIT_PER_SECOND });

  // Hashed once, when the API starts: the documents front-end systems may send (api/client/operations.ts).
  const catalogue = trustedDocuments();
  const gate = useGate({
    endpoint: '/graphql',
    bodyLimitBytes: config.API_BODY_LIMIT_BYTES,
    // A document in base64 is 4/3 of its bytes, plus the request around it.
    upload: { bodyLimitBytes: Math.ceil((DOCUMENT_MAX_BYTES * 4) / 3) + 16 * 1024, field: 'attachDocument' },
    defaultLang: config.API_DEFAULT_LANGUAGE,
    limiter,
    trustedProxy: trustedProxyMatcher(config.trustedProxies),
    namedDocument: (params) => namedDocument(catalogue, params),
    authenticate: (headers) => authenticate(headers, { prisma, verifyToken }),
    recordFailure: (failure, client) =>
      appendSecurityEntry(prisma, {
        actor: 'anonymous',
        action: 'AUTHENTICATION_FAILED',
        details: { scheme: failure.scheme, reason: failure.problem, client },
      }).catch((e: Error) => logger.error({ err: e.message }, 'security audit entry not written')),
  });

  // Denials found during execution are written before the response leaves.
  const flushDenials: Plugin<Context> = {
    onExecute: () => ({ onExecuteDone: ({ args }) => (args.contextValue as Context).security.flush() }),
    onSubscribe: ({ subscribeFn, setSubscribeFn }) =>
      setSubscribeFn(async (args) => {
        const result = await subscribeFn(args);
        await (args.contextValue as Context).security.flush();
        return result;
      }),
  };

  const closeSubscriptions: Plugin = {
    onDispose: () => {
      services.previews.abortAll();
      return services.caseUpdates.close();
    },
  };

  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: config.graphiql ? { title: 'Qyzmet GraphQL' } : false,
    landingPage: false,
    // Browsers: only the configured origins, never a reflection of whatever Origin was sent.
    cors: corsOptions(config.corsOrigins),
    logging: false,
    batching: false,
    maskedErrors: {
      maskError(error) {
        // As yoga does: GraphQL's own errors (and ours) pass; anything thrown from below is hidden.
        if (isOriginalGraphQLError(error)) return error;
        const original = (error as { originalError?: Error }).originalError ?? (error as Error);
        // Temporal down, overloaded or past a deadline is "retry later", on every field.
        const unavailable = temporalUnavailable(original);
        if (unavailable) {
          logger.warn({ err: original.message }, 'the workflow service did not answer a GraphQL request');
          return apiError(config.API_DEFAULT_LANGUAGE, 'UNAVAILABLE', { detail: unavailable.message });
        }
        // So is a database that gave no connection in time (a busy pool) or dropped one.
        const dbBusy = databaseUnavailable(original);
        if (dbBusy) {
          logger.warn({ err: original.message }, 'the database did not serve a GraphQL request');
          return apiError(config.API_DEFAULT_LANGUAGE, 'UNAVAILABLE', { detail: `${dbBusy}; retry later` });
        }
        logger.error({ err: original.stack ?? String(original) }, 'unexpected error in a GraphQL request');
        return new ApiError('INTERNAL_SERVER_ERROR', message(config.API_DEFAULT_LANGUAGE, 'INTERNAL_SERVER_ERROR'));
      },
    },
    plugins: [
      // First, so it times and counts what the gate refuses too.
      ...(deps.metricsPlugin ? [deps.metricsPlugin] : []),
      gate.plugin,
      // API keys run trusted documents only; staff may send any query.
      requireTrustedDocuments({
        catalogue,
        callerOf: gate.callerOf,
        defaultLang: config.API_DEFAULT_LANGUAGE,
        record: (entry) => appendSecurityEntry(prisma, entry).catch((e: Error) => logger.error({ err: e.message, entry: { action: entry.action, actor: entry.actor } }, 'security audit entry not written')),
      }),
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }),
      armorPlugin(),
      costLimit(),
      ...(config.introspection ? [] : [disableIntrospection()]),
      inputFloor(),
      // A span per operation, when the process traces (lib/tracing/setup.ts).
      ...(currentTracing().enabled ? [graphqlTracing()] : []),
      flushDenials,
      errorCodes(config.API_DEFAULT_LANGUAGE),
      closeSubscriptions,
    ],
    context: ({ request }): Context => {
      const caller = gate.callerOf(request) ?? ANONYMOUS;
      const lang = negotiateLanguage(request.headers.get('accept-language'), config.API_DEFAULT_LANGUAGE);
      return { ...services, caller, lang, loaders: createLoaders(prisma), security: new SecurityLog(prisma, caller, lang, logger), signal: request.signal };
    },
  });
}


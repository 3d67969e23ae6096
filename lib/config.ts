/**
 * The one place that reads the environment. Every variable is validated here so a bad value
 * stops the process at start-up with a one-screen message naming it, instead of failing later.
 *
 * A process may name its role (`loadConfig(env, { role: 'worker' })`): production then demands
 * exactly the keys that role uses and refuses the ones it must not hold (the API verifies
 * decisions but never signs them; the worker never mints officer claims; neither the worker nor
 * the migrate job holds token secrets). Without a role the checks every process shares apply,
 * as they did before roles existed.
 */
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TEMPORAL_ADDRESS, DEFAULT_TEMPORAL_NAMESPACE, HOST_PORT, HOST_PORT_RULE, parseHostPort, resolveTemporalTarget, type TemporalTarget } from './temporal/target.ts';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

export type ProcessRole = 'api' | 'worker' | 'migrate';

export interface LoadConfigOptions {
  role?: ProcessRole;
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(1).max(65535);

const postgresUrl = z
  .string()
  .url()
  .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgresql:// URL');

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL');

/** A file the process will read: it must exist and be readable now, not at the first case. */
const readableFile = z.string().superRefine((file, ctx) => {
  try {
    if (!fs.statSync(file).isFile()) throw new Error('not a regular file');
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as NodeJS.ErrnoException).code === 'EACCES' ? 'not readable by this process' : (e as Error).message;
    ctx.addIssue({ code: 'custom', message: `cannot read ${file}: ${why}` });
  }
});

/** An Ed25519 private key in PEM (decision signing, officer claims). */
const ed25519PrivateKeyFile = readableFile.superRefine((file, ctx) => {
  if (!fs.existsSync(file)) return;
  try {
    const type = createPrivateKey(fs.readFileSync(file)).asymmetricKeyType;
    if (type !== 'ed25519') ctx.addIssue({ code: 'custom', message: `${file} holds a ${type} key; an Ed25519 private key (PEM) is required` });
  } catch {
    ctx.addIssue({ code: 'custom', message: `${file} is not a PEM private key` });
  }
});

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** A JWKS document: `{ "keys": [ { "kty": …, "kid": … }, … ] }` with at least one key. */
const jwksFile = readableFile.superRefine((file, ctx) => {
  if (!fs.existsSync(file)) return;
  try {
    const doc = readJson(file) as { keys?: { kty?: unknown; kid?: unknown }[] };
    if (!Array.isArray(doc.keys) || doc.keys.length === 0) throw new Error('has no "keys" array with at least one key');
    const bad = doc.keys.findIndex((k) => typeof k?.kty !== 'string' || typeof k?.kid !== 'string');
    if (bad >= 0) throw new Error(`key ${bad} lacks "kty" or "kid"`);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `${file} is not a JWKS document: ${(e as Error).message}` });
  }
});

/** Payload codec keys: `{ "active": kid, "keys": { kid: base64 of 32 bytes (AES-256) } }`. */
const payloadKeysFile = readableFile.superRefine((file, ctx) => {
  if (!fs.existsSync(file)) return;
  try {
    const doc = readJson(file) as { active?: unknown; keys?: Record<string, unknown> };
    if (typeof doc.active !== 'string' || !doc.keys || typeof doc.keys !== 'object') throw new Error('expected { "active": kid, "keys": { kid: base64 } }');
    if (!(doc.active in doc.keys)) throw new Error(`the active key "${doc.active}" is not among "keys"`);
    for (const [kid, value] of Object.entries(doc.keys)) {
      if (typeof value !== 'string' || Buffer.from(value, 'base64').length !== 32) throw new Error(`key "${kid}" is not 32 bytes in base64 (AES-256)`);
    }
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `${file}: ${(e as Error).message}` });
  }
});

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** Unset → embedded PGlite under DATA_DIR. */
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** The application's role (API, worker); `npm run migrate` grants it its rights after migrating as the owner. */
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL role name (letters, digits, _)')
    .optional(),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),

  /**
   * Unset → the temporal.toml profile's, then localhost:7233 / default (lib/temporal/target.ts).
   * Read by @temporalio/envconfig too (TEMPORAL_TLS_*, TEMPORAL_API_KEY).
   */
  TEMPORAL_ADDRESS: z.string().regex(HOST_PORT, HOST_PORT_RULE).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).optional(),
  /** A profile of the Temporal CLI's temporal.toml (default "default"); TEMPORAL_CONFIG_FILE names another file. */
  TEMPORAL_PROFILE: z.string().regex(/^[\w.-]{1,100}$/, 'must be a profile name (letters, digits, . _ -)').optional(),
  TEMPORAL_CONFIG_FILE: readableFile.optional(),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('qyzmet-cases'),
  TEMPORAL_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** mTLS to Temporal's frontend (read by @temporalio/envconfig; checked here so a wrong path fails at start). */
  TEMPORAL_TLS_CLIENT_CERT_PATH: readableFile.optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: readableFile.optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: readableFile.optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().regex(/^[\w.-]+$/, 'must be a host name').optional(),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /** Key of the pseudonyms in scrubbed history exports (API, CLI); unset → the public corpus key. */
  REPLAY_SCRUB_KEY: z.string().optional(),
  /** The same key read from a file (a compose or Kubernetes secret). */
  REPLAY_SCRUB_KEY_FILE: readableFile.optional(),
  /** When set, the worker answers GET /healthz on this port (container health checks). */
  WORKER_HEALTH_PORT: port.optional(),
  /**
   * When set, the worker's runtime serves Prometheus metrics (the SDK's and Qyzmet's own) at
   * http://<this address>/metrics, e.g. 0.0.0.0:9464; unset → no metrics endpoint.
   */
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):\d{1,5}$/, 'must be ip:port, e.g. 0.0.0.0:9464')
    .optional(),
  /**
   * Worker Deployment Versioning (lib/temporal/worker-versioning.ts, README "Safe rollouts"):
   * unset → on in production, off in development and tests. The worker joins deployment
   * QYZMET_WORKER_DEPLOYMENT as build QYZMET_BUILD_ID (the image's build argument), or the git
   * commit of a checkout; only the worker reads them, and checks the build id when it starts.
   */
  WORKER_VERSIONING: bool.optional(),
  QYZMET_WORKER_DEPLOYMENT: z.string().regex(/^[\w-]{1,100}$/, 'must be a deployment name (letters, digits, _ and -)').default('qyzmet'),
  QYZMET_BUILD_ID: z.string().optional(),
  /** Makes the worker's own version current once it polls: for a first deployment, or a dev server with one worker. */
  WORKER_VERSIONING_SET_CURRENT: bool.optional(),
  /** How long a stopping worker lets running tasks finish (its shutdownGraceTime). */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(1000).max(600_000).default(20_000),
  /**
   * Tracing (lib/tracing/setup.ts, README "Tracing"): `otlp` switches it on, unset or `none` keeps
   * it off. These and the other OTEL_* variables are read by the OpenTelemetry SDK itself; the
   * ones a deployment usually sets are named here so the compose recipe may set them.
   */
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_TRACES_SAMPLER: z.string().optional(),
  OTEL_TRACES_SAMPLER_ARG: z.string().optional(),
  /**
   * The worker's reconciler: how often it looks for application cases recorded with no workflow
   * (the API died between the insert and the start), and how old such a row must be; 0 → off.
   */
  /** Creates the nightly population-sweep Schedule at worker start (once; a start that finds it leaves it). */
  SWEEP_SCHEDULE: bool.optional(),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  RECONCILE_AFTER_MS: z.coerce.number().int().min(1000).max(86_400_000).default(30_000),

  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(4000),
  GRAPHIQL: bool.optional(),
  INTROSPECTION: bool.optional(),
  /** Largest accepted GraphQL request body; larger ones are refused with 413 before parsing. */
  API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(65_536),
  /** Per API key (token bucket): requests allowed in a burst, and refilled per second. */
  API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(60),
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0.01).default(10),
  /** Language of API texts when neither a `lang` argument nor Accept-Language names one. */
  API_DEFAULT_LANGUAGE: z.enum(['kk', 'ru', 'en']).default('kk'),
  /** Browser origins allowed to call the API cross-origin, comma-separated; unset → none. */
  API_CORS_ORIGINS: z.string().optional(),
  /** Proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For is believed; unset → none. */
  API_TRUSTED_PROXIES: z.string().optional(),
  /**
   * Who may read the API's GET /metrics: addresses or CIDRs, comma-separated (the scraper's
   * network); every other caller gets 404. Default: this host only.
   */
  API_METRICS_ALLOW: z.string().default('127.0.0.1/32,::1/128'),
  /** How long a stopping API lets requests in flight finish before it closes their connections. */
  API_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_PUBLIC_KEYS: z.string().optional(),
  JWKS_URL: z.string().url().optional(),
  /** The longest a staff token may live (exp − iat, and exp − now); tokens without exp are refused. */
  JWT_MAX_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(12 * 3600),
  JWT_ISSUER: z.string().default('qyzmet'),
  JWT_AUDIENCE: z.string().default('qyzmet-api'),

  /**
   * The citizen identity provider's public keys (PEM keys or a JWKS, as JWT_PUBLIC_KEYS): they
   * verify the citizen assertions that bind an answer to a proactive offer to its citizen.
   * Unset → a development key under DATA_DIR (`npm run token -- --citizen IIN`); required in production.
   */
  CITIZEN_IDP_PUBLIC_KEYS: z.string().optional(),
  CITIZEN_IDP_ISSUER: z.string().min(1).default('egov-idp'),
  CITIZEN_ASSERTION_AUDIENCE: z.string().min(1).default('qyzmet-offers'),

  /** How often the worker signs checkpoints (heads) of the audit streams that grew. */
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Ed25519 private key that signs decisions (the worker). */
  SIGNING_KEY_FILE: z.string().optional(),
  /** JWKS of the decision-signing public keys, retired ones included (verification). */
  SIGNING_PUBLIC_KEYS_FILE: jwksFile.optional(),
  /** Payload codec keys: histories hold ciphertext (worker, API). */
  PAYLOAD_KEYS_FILE: payloadKeysFile.optional(),
  /** The Temporal Web UI's origin, the one browser origin the API's codec server (/codec) answers. */
  CODEC_UI_ORIGIN: httpUrl.optional(),
  /** Ed25519 private key with which the API signs the acting officer's claim. */
  OFFICER_CLAIM_KEY_FILE: ed25519PrivateKeyFile.optional(),
  /** JWKS of the officer-claim public keys the workflow's Update validators verify against (worker). */
  OFFICER_CLAIM_PUBLIC_KEYS_FILE: jwksFile.optional(),

  REGISTRY_MODE: z.enum(['simulated', 'http']).default('simulated'),
  REGISTRY_BASE_URL: httpUrl.optional(),
  REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(50).default(5000),
  REGISTRY_LATENCY_MS: z.coerce.number().int().min(0).default(0),
  REGISTRY_FAULT_RATE: z.coerce.number().min(0).max(1).default(0),
  /** Simulated registries: households of the population at large a population sweep walks (about 3 persons each). */
  SIM_POPULATION_HOUSEHOLDS: z.coerce.number().int().min(0).max(2_000_000).default(0),
  /** The outbound SMS gateway; unset → messages are only logged (development). */
  SMS_GATEWAY_URL: httpUrl.optional(),
  /**
   * The shared secret the SMS gateway signs inbound replies with (HMAC-SHA256 over the raw body, in
   * X-Qyzmet-Signature): POST /sms/inbound. Required for the API in production; development and
   * tests use DEV_SMS_INBOUND_SECRET, which is public.
   */
  SMS_INBOUND_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** SMS_INBOUND_SECRET read from a file (a compose secret). */
  SMS_INBOUND_SECRET_FILE: readableFile.optional(),
  /**
   * Staff notifications (a new task in the group, a task overdue, a task escalated) by e-mail:
   * smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465. Unset → they are only
   * logged (development, tests); either way each one is recorded (StaffNotification).
   */
  STAFF_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be smtp://… or smtps://…').optional(),
  /** The sender of staff e-mail. */
  STAFF_EMAIL_FROM: z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an e-mail address').default('qyzmet@localhost'),
  /** One SMTP conversation's time limit (connection, greeting, each command). */
  STAFF_SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Tries per e-mail before the activity fails (Temporal then retries the activity itself). */
  STAFF_SMTP_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /**
   * Where payment instructions go (lib/payer/): `simulated` pays at once (development, tests),
   * `file` writes batch files to PAYER_OUTBOUND_DIR and reads acknowledgement files from
   * PAYER_INBOUND_DIR, `http` POSTs batches to PAYER_URL (answers through recordPayerAcknowledgement).
   * Unset: simulated outside production; in production the worker refuses to start without file or http.
   */
  PAYER_MODE: z.enum(['simulated', 'file', 'http']).optional(),
  /** PAYER_MODE=file: where batch files are written (the payer's transfer collects them). */
  PAYER_OUTBOUND_DIR: z.string().min(1).optional(),
  /** PAYER_MODE=file: where the payer's acknowledgement files arrive (moved to processed/ once applied). */
  PAYER_INBOUND_DIR: z.string().min(1).optional(),
  /** PAYER_MODE=file: how often the worker reads PAYER_INBOUND_DIR. */
  PAYER_INBOUND_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** PAYER_MODE=http: the payer's batch endpoint. */
  PAYER_URL: httpUrl.optional(),
  /** PAYER_MODE=http: a bearer token for PAYER_URL. */
  PAYER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** PAYER_MODE=http: one POST's time limit. */
  PAYER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** PAYER_MODE=http: tries per batch (exponential backoff from PAYER_BACKOFF_MS) before the dispatch fails and Temporal retries it. */
  PAYER_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  PAYER_BACKOFF_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  /** A batch leaves when it holds PAYER_BATCH_SIZE instructions or its first has waited PAYER_BATCH_WAIT_MS. */
  PAYER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  PAYER_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(200),
  /** Staging only: lets NODE_ENV=production run on simulated registries and a logging SMS gateway. */
  ALLOW_SIMULATED_INTEGRATIONS: bool.optional(),

  /** Lets tests and the demo shorten SLAs and consent windows per case. Never on in production. */
  ALLOW_TIMING_OVERRIDES: bool.optional(),
  /** Lets the catalog publish definitions citing unverified law (development, tests, demos). Never on in production. */
  ALLOW_UNVERIFIED_LAW: bool.optional(),

  /** The officer console's sign-in: the identity provider (OIDC issuer) and the console's public client id there. */
  CONSOLE_OIDC_ISSUER: httpUrl.optional(),
  CONSOLE_OIDC_CLIENT_ID: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be printable ASCII without spaces').optional(),
  CONSOLE_OIDC_SCOPE: z.string().regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be space-separated scope names').default('openid'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'> {
  /** Resolved: the variable, else the temporal.toml profile's, else localhost:7233. */
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  /** Where TEMPORAL_ADDRESS came from (environment, profile or default) and the profile's name. */
  temporalTarget: TemporalTarget;
  role?: ProcessRole;
  production: boolean;
  embeddedDatabase: boolean;
  graphiql: boolean;
  introspection: boolean;
  allowTimingOverrides: boolean;
  /** Registries or SMS are simulated (development, or staging by explicit opt-in). */
  simulatedIntegrations: boolean;
  /** API_CORS_ORIGINS, parsed: exact origins, no wildcard. */
  corsOrigins: string[];
  /** API_TRUSTED_PROXIES, parsed: addresses and CIDRs. */
  trustedProxies: string[];
  /** API_METRICS_ALLOW, parsed: addresses and CIDRs allowed to read GET /metrics. */
  metricsAllow: string[];
  allowUnverifiedLaw: boolean;
  /** SMS_INBOUND_SECRET, else (outside production) DEV_SMS_INBOUND_SECRET; null → POST /sms/inbound answers 503. */
  smsInboundSecret: string | null;
  pgliteDir: string;
}

export interface ConfigIssue {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(
      'Invalid configuration:\n' +
        issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n') +
        '\nFix the variable(s) above (see the Configuration table in README.md) and start again.',
    );
    this.name = 'ConfigError';
  }
}

/** Never echoed back in an error message. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'REPLAY_SCRUB_KEY', 'DATABASE_URL', 'SMS_INBOUND_SECRET', 'PAYER_TOKEN']);

/** The inbound-SMS secret outside production: public (it is in this file), so never accepted in production. */
export const DEV_SMS_INBOUND_SECRET = 'qyzmet-development-sms-inbound-secret-not-for-production';

/** Exact browser origins (`https://portal.example.kz`); production accepts https only. */
export function parseCorsOrigins(value: string | undefined, production: boolean): { origins: string[]; issues: string[] } {
  const origins: string[] = [];
  const issues: string[] = [];
  for (const entry of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      // reported below
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry || url.hostname.includes('*')) {
      issues.push(`"${entry}" is not an origin (scheme://host[:port], no path, no wildcard)`);
    } else if (production && url.protocol !== 'https:') {
      issues.push(`"${entry}" is not https (production accepts https origins only)`);
    } else {
      origins.push(entry);
    }
  }
  return { origins, issues };
}

function parseProxy(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 1 && prefix <= max)) return null;
  return { address: address.toLowerCase(), prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}

/** Proxy addresses and CIDRs; a prefix of 0 (every address) is refused, as it would let anyone spoof X-Forwarded-For. */
export function parseTrustedProxies(value: string | undefined): { proxies: string[]; issues: string[] } {
  const proxies: string[] = [];
  const issues: string[] = [];
  for (const entry of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const parsed = parseProxy(entry);
    if (parsed) proxies.push(`${parsed.address}/${parsed.prefix}`);
    else issues.push(`"${entry}" is not an IP address or a CIDR with a prefix of at least 1`);
  }
  return { proxies, issues };
}

/** Whether a peer address is one of the trusted proxies (IPv4-mapped IPv6 peers match their IPv4 entries). */
export function trustedProxyMatcher(proxies: readonly string[]): (peer: string) => boolean {
  const list = new BlockList();
  for (const entry of proxies) {
    const parsed = parseProxy(entry);
    if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return (peer) => {
    const address = peer.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

type RoleRule = (e: Env, issues: ConfigIssue[]) => void;

const needs = (variable: keyof Env, why: string): RoleRule => (e, issues) => {
  if (!e[variable]) issues.push({ variable, message: `is required in production (${why})` });
};

const refuse = (variable: keyof Env, why: string): RoleRule => (e, issues) => {
  if (e[variable]) issues.push({ variable, message: `must not be set for this process in production (${why})` });
};

const MIN_SCRUB_KEY_BYTES = 32;

const requireScrubKey: RoleRule = (e, issues) => {
  if (!e.REPLAY_SCRUB_KEY) issues.push({ variable: 'REPLAY_SCRUB_KEY', message: 'is required in production (set it or REPLAY_SCRUB_KEY_FILE): without it pseudonyms use the public corpus key' });
};

const requireRealIntegrations: RoleRule = (e, issues) => {
  if (e.ALLOW_SIMULATED_INTEGRATIONS) return;
  const optIn = 'set ALLOW_SIMULATED_INTEGRATIONS=true only for a staging deployment';
  if (e.REGISTRY_MODE !== 'http') issues.push({ variable: 'REGISTRY_MODE', message: `must be http in production: simulated registries invent evidence (${optIn})` });
  if (!e.SMS_GATEWAY_URL) issues.push({ variable: 'SMS_GATEWAY_URL', message: `is required in production: without it messages are only logged, never delivered (${optIn})` });
  // An explicit PAYER_MODE=simulated is refused for every process (checkPayer).
  if (e.PAYER_MODE === undefined) {
    issues.push({ variable: 'PAYER_MODE', message: `is required in production (file or http): without a payer adapter instructions never leave the outbox (${optIn})` });
  }
};

const tokenVerifier: RoleRule = (e, issues) => {
  if (!e.JWT_PUBLIC_KEYS && !e.JWKS_URL) issues.push({ variable: 'JWT_PUBLIC_KEYS', message: 'set JWT_PUBLIC_KEYS or JWKS_URL so staff tokens (EdDSA) can be verified' });
};

const ROLE_RULES: Record<ProcessRole | 'any', RoleRule[]> = {
  api: [
    tokenVerifier,
    refuse('JWT_SECRET', 'staff tokens are verified with public keys; a shared secret would let this process mint them'),
    needs('SIGNING_PUBLIC_KEYS_FILE', 'the public keys, retired ones included, that verify decisions'),
    refuse('SIGNING_KEY_FILE', 'the API verifies decisions; only the worker signs them'),
    needs('PAYLOAD_KEYS_FILE', 'histories are encrypted'),
    needs('OFFICER_CLAIM_KEY_FILE', 'the API signs the acting officer for the workflow'),
    needs('CITIZEN_IDP_PUBLIC_KEYS', 'answers to proactive offers are bound to the citizen by assertions of the identity provider'),
    needs('SMS_INBOUND_SECRET', 'or SMS_INBOUND_SECRET_FILE: the SMS gateway signs the citizens\' replies to offers with it (POST /sms/inbound)'),
    requireScrubKey,
  ],
  worker: [
    needs('SIGNING_KEY_FILE', 'the Ed25519 key that signs decisions'),
    needs('PAYLOAD_KEYS_FILE', 'histories are encrypted'),
    needs('OFFICER_CLAIM_PUBLIC_KEYS_FILE', 'the workflow verifies officer claims'),
    refuse('OFFICER_CLAIM_KEY_FILE', 'only the API signs officer claims'),
    refuse('JWT_SECRET', 'the worker handles no staff tokens'),
    requireRealIntegrations,
  ],
  migrate: [
    needs('DATABASE_APP_ROLE', 'the role the API and worker connect as gets its rights after each migration'),
    refuse('JWT_SECRET', 'migrations handle no staff tokens'),
  ],
  // A process that names no role: the checks it always had.
  any: [
    (e, issues) => {
      if (!e.JWT_PUBLIC_KEYS && !e.JWKS_URL && !e.JWT_SECRET) tokenVerifier(e, issues);
    },
    (e, issues) => {
      if (!e.SIGNING_KEY_FILE && !e.SIGNING_PUBLIC_KEYS_FILE) {
        issues.push({ variable: 'SIGNING_KEY_FILE', message: 'is required in production (the Ed25519 key that signs decisions; SIGNING_PUBLIC_KEYS_FILE for a process that only verifies)' });
      }
    },
  ],
};

/** https, or http to this host only (an identity provider or proxy on the same machine). */
function secureOrLoopback(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

/** Within the dispatch activity's one minute, with room for the database work around the hand-over. */
export const PAYER_DISPATCH_BUDGET_MS = 50_000;

/** The payer adapter's own variables: each mode's required ones, and nothing in plain http to another host in production. */
function checkPayer(e: Env, production: boolean, issues: ConfigIssue[]): void {
  if (e.PAYER_MODE === 'file') {
    for (const variable of ['PAYER_OUTBOUND_DIR', 'PAYER_INBOUND_DIR'] as const) {
      if (!e[variable]) issues.push({ variable, message: 'is required when PAYER_MODE=file' });
      else if (!path.isAbsolute(e[variable])) issues.push({ variable, message: 'must be an absolute path' });
    }
    if (e.PAYER_OUTBOUND_DIR && e.PAYER_OUTBOUND_DIR === e.PAYER_INBOUND_DIR) issues.push({ variable: 'PAYER_INBOUND_DIR', message: 'must differ from PAYER_OUTBOUND_DIR' });
  }
  if (e.PAYER_MODE === 'http') {
    if (!e.PAYER_URL) issues.push({ variable: 'PAYER_URL', message: 'is required when PAYER_MODE=http' });
    else if (production && !secureOrLoopback(e.PAYER_URL)) issues.push({ variable: 'PAYER_URL', message: 'must be https in production (payment instructions travel through it)' });
  }
  if (e.PAYER_MODE === 'http' || e.PAYER_MODE === 'file') {
    // The dispatch activity (workflows/payment-dispatch.ts) has a minute: a batch's wait and every try must fit in it.
    const worstMs = e.PAYER_BATCH_WAIT_MS + (e.PAYER_MODE === 'http' ? e.PAYER_ATTEMPTS * e.PAYER_TIMEOUT_MS + 1.2 * e.PAYER_BACKOFF_MS * (2 ** (e.PAYER_ATTEMPTS - 1) - 1) : 0);
    if (worstMs > PAYER_DISPATCH_BUDGET_MS) {
      issues.push({ variable: e.PAYER_MODE === 'http' ? 'PAYER_TIMEOUT_MS' : 'PAYER_BATCH_WAIT_MS', message: `a dispatch could take ${Math.round(worstMs)} ms (batch wait, tries, time-outs and backoff), more than the ${PAYER_DISPATCH_BUDGET_MS} ms it is given` });
    }
  }
  if (production && e.PAYER_MODE === 'simulated' && !e.ALLOW_SIMULATED_INTEGRATIONS) {
    issues.push({ variable: 'PAYER_MODE', message: 'must not be simulated in production: the simulated payer pays nothing (set ALLOW_SIMULATED_INTEGRATIONS=true only for a staging deployment)' });
  }
}

function readSmsInboundSecretFile(e: Env, issues: ConfigIssue[]): void {
  if (!e.SMS_INBOUND_SECRET_FILE) return;
  if (e.SMS_INBOUND_SECRET) {
    issues.push({ variable: 'SMS_INBOUND_SECRET_FILE', message: 'set either SMS_INBOUND_SECRET or SMS_INBOUND_SECRET_FILE, not both' });
    return;
  }
  const secret = fs.readFileSync(e.SMS_INBOUND_SECRET_FILE, 'utf8').replace(/\r?\n$/, '');
  if (secret.length < 32) issues.push({ variable: 'SMS_INBOUND_SECRET_FILE', message: 'the secret must be at least 32 characters' });
  else e.SMS_INBOUND_SECRET = secret;
}

function readScrubKeyFile(e: Env, issues: ConfigIssue[]): void {
  if (!e.REPLAY_SCRUB_KEY_FILE) return;
  if (e.REPLAY_SCRUB_KEY) {
    issues.push({ variable: 'REPLAY_SCRUB_KEY_FILE', message: 'set either REPLAY_SCRUB_KEY or REPLAY_SCRUB_KEY_FILE, not both' });
    return;
  }
  e.REPLAY_SCRUB_KEY = fs.readFileSync(e.REPLAY_SCRUB_KEY_FILE, 'utf8').replace(/\r?\n$/, '');
}

function checkDatabaseRoles(e: Env, issues: ConfigIssue[]): void {
  if (!e.DATABASE_APP_ROLE) return;
  if (!e.DATABASE_URL) {
    issues.push({ variable: 'DATABASE_APP_ROLE', message: 'needs DATABASE_URL (the embedded database has no roles)' });
  } else if (decodeURIComponent(new URL(e.DATABASE_URL).username) === e.DATABASE_APP_ROLE) {
    issues.push({ variable: 'DATABASE_APP_ROLE', message: 'is the user of DATABASE_URL; migrations run as the owner role, the application role only receives rights' });
  }
}

/** The cluster to reach; a missing or malformed profile, or a profile address that is not host:port, is a config issue. */
function temporalTargetOf(env: Record<string, string | undefined>, issues: ConfigIssue[]): TemporalTarget {
  const fallback: TemporalTarget = { address: DEFAULT_TEMPORAL_ADDRESS, namespace: DEFAULT_TEMPORAL_NAMESPACE, addressSource: 'default' };
  let target: TemporalTarget;
  try {
    target = resolveTemporalTarget(env);
  } catch (e) {
    const variable = env.TEMPORAL_PROFILE ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE';
    issues.push({ variable, message: `the temporal.toml profile could not be read: ${(e as Error).message.split('\n')[0]}` });
    return fallback;
  }
  if (!parseHostPort(target.address)) {
    issues.push(
      target.addressSource === 'profile'
        ? { variable: 'TEMPORAL_PROFILE', message: `profile "${target.profile}" has address "${target.address}", which ${HOST_PORT_RULE}` }
        : { variable: 'TEMPORAL_ADDRESS', message: `${HOST_PORT_RULE} with a port from 1 to 65535 (got "${target.address}")` },
    );
    return fallback;
  }
  return target;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  // Empty strings mean "unset": compose files and shells often export VAR= .
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const variable = String(i.path[0] ?? '?');
        const echo = i.path[0] && env[variable] !== undefined && !SECRET_VARIABLES.has(variable) && i.code !== 'custom';
        return { variable, message: i.message + (echo ? ` (got "${env[variable]}")` : '') };
      }),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const issues: ConfigIssue[] = [];
  readScrubKeyFile(e, issues);
  readSmsInboundSecretFile(e, issues);
  checkDatabaseRoles(e, issues);
  const cors = parseCorsOrigins(e.API_CORS_ORIGINS, production);
  issues.push(...cors.issues.map((message) => ({ variable: 'API_CORS_ORIGINS', message })));
  const proxies = parseTrustedProxies(e.API_TRUSTED_PROXIES);
  issues.push(...proxies.issues.map((message) => ({ variable: 'API_TRUSTED_PROXIES', message })));
  const metricsAllow = parseTrustedProxies(e.API_METRICS_ALLOW);
  issues.push(...metricsAllow.issues.map((message) => ({ variable: 'API_METRICS_ALLOW', message })));
  const temporalTarget = temporalTargetOf(cleaned, issues);
  if (Boolean(e.TEMPORAL_TLS_CLIENT_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_CLIENT_KEY_PATH)) {
    issues.push({ variable: 'TEMPORAL_TLS_CLIENT_KEY_PATH', message: 'set both TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (mTLS needs the pair)' });
  }
  if (production) {
    if (!e.DATABASE_URL) issues.push({ variable: 'DATABASE_URL', message: 'is required in production (the embedded PGlite database is for development)' });
    if (e.ALLOW_TIMING_OVERRIDES) issues.push({ variable: 'ALLOW_TIMING_OVERRIDES', message: 'must not be enabled in production' });
    if (e.REPLAY_SCRUB_KEY && Buffer.byteLength(e.REPLAY_SCRUB_KEY) < MIN_SCRUB_KEY_BYTES) {
      issues.push({ variable: 'REPLAY_SCRUB_KEY', message: `must be at least ${MIN_SCRUB_KEY_BYTES} bytes in production (a short key lets pseudonyms be reversed by trying keys)` });
    }
    for (const rule of ROLE_RULES[options.role ?? 'any']) rule(e, issues);
  }
  if (production && e.ALLOW_UNVERIFIED_LAW) {
    issues.push({ variable: 'ALLOW_UNVERIFIED_LAW', message: 'must not be enabled in production: decisions there cite only verified law' });
  }
  if (Boolean(e.CONSOLE_OIDC_ISSUER) !== Boolean(e.CONSOLE_OIDC_CLIENT_ID)) {
    issues.push({ variable: 'CONSOLE_OIDC_CLIENT_ID', message: 'set both CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID (the console signs in with the pair)' });
  }
  if (production && e.CONSOLE_OIDC_ISSUER && !secureOrLoopback(e.CONSOLE_OIDC_ISSUER)) {
    issues.push({ variable: 'CONSOLE_OIDC_ISSUER', message: 'must be https in production (tokens travel through it); plain http only on this host' });
  }
  checkPayer(e, production, issues);
  if (e.REGISTRY_MODE === 'http' && !e.REGISTRY_BASE_URL) {
    issues.push({ variable: 'REGISTRY_BASE_URL', message: 'is required when REGISTRY_MODE=http' });
  }
  if (issues.length) throw new ConfigError(issues);
  return {
    ...e,
    TEMPORAL_ADDRESS: temporalTarget.address,
    TEMPORAL_NAMESPACE: temporalTarget.namespace,
    temporalTarget,
    role: options.role,
    production,
    embeddedDatabase: !e.DATABASE_URL,
    graphiql: e.GRAPHIQL ?? !production,
    introspection: e.INTROSPECTION ?? !production,
    allowTimingOverrides: e.ALLOW_TIMING_OVERRIDES ?? !production,
    simulatedIntegrations: e.REGISTRY_MODE === 'simulated' || !e.SMS_GATEWAY_URL,
    corsOrigins: cors.origins,
    trustedProxies: proxies.proxies,
    metricsAllow: metricsAllow.proxies,
    allowUnverifiedLaw: e.ALLOW_UNVERIFIED_LAW ?? !production,
    smsInboundSecret: e.SMS_INBOUND_SECRET ?? (production ? null : DEV_SMS_INBOUND_SECRET),
    pgliteDir: path.join(e.DATA_DIR, 'pglite'),
  };
}

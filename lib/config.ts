/**
 * The one place that reads the environment. Every variable is validated here so a bad value
 * stops the process at start-up with a one-screen message naming it, instead of failing later.
 */
import path from 'node:path';
import { z } from 'zod';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(1).max(65535);

const postgresUrl = z
  .string()
  .url()
  .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgresql:// URL');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** Unset → embedded PGlite under DATA_DIR. */
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),

  /** Read by @temporalio/envconfig too (TEMPORAL_NAMESPACE, TEMPORAL_TLS_*, TEMPORAL_API_KEY, TEMPORAL_PROFILE). */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port, e.g. localhost:7233')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('qyzmet-cases'),
  TEMPORAL_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /** Key of the pseudonyms in scrubbed history exports (API, CLI); unset → the public corpus key. */
  REPLAY_SCRUB_KEY: z.string().optional(),
  /** When set, the worker answers GET /healthz on this port (container health checks). */
  WORKER_HEALTH_PORT: port.optional(),

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

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_PUBLIC_KEYS: z.string().optional(),
  JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().default('qyzmet'),
  JWT_AUDIENCE: z.string().default('qyzmet-api'),

  SIGNING_KEY_FILE: z.string().optional(),

  REGISTRY_MODE: z.enum(['simulated', 'http']).default('simulated'),
  REGISTRY_BASE_URL: z.string().url().optional(),
  REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(50).default(5000),
  REGISTRY_LATENCY_MS: z.coerce.number().int().min(0).default(0),
  REGISTRY_FAULT_RATE: z.coerce.number().min(0).max(1).default(0),

  /** Lets tests and the demo shorten SLAs and consent windows per case. Never on in production. */
  ALLOW_TIMING_OVERRIDES: bool.optional(),
  /** Lets the catalog publish definitions citing unverified law (development, tests, demos). Never on in production. */
  ALLOW_UNVERIFIED_LAW: bool.optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  production: boolean;
  embeddedDatabase: boolean;
  graphiql: boolean;
  introspection: boolean;
  allowTimingOverrides: boolean;
  allowUnverifiedLaw: boolean;
  pgliteDir: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n') +
        '\nFix the variable(s) above (see the Configuration table in README.md) and start again.',
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset": compose files and shells often export VAR= .
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({
        variable: String(i.path[0] ?? '?'),
        message: i.message + (i.path[0] && env[String(i.path[0])] !== undefined ? ` (got "${env[String(i.path[0])]}")` : ''),
      })),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const issues: { variable: string; message: string }[] = [];
  if (production && !e.DATABASE_URL) {
    issues.push({ variable: 'DATABASE_URL', message: 'is required in production (the embedded PGlite database is for development)' });
  }
  if (production && !e.JWT_PUBLIC_KEYS && !e.JWKS_URL && !e.JWT_SECRET) {
    issues.push({ variable: 'JWT_PUBLIC_KEYS', message: 'set JWT_PUBLIC_KEYS or JWKS_URL so officer tokens can be verified' });
  }
  if (production && !e.SIGNING_KEY_FILE) {
    issues.push({ variable: 'SIGNING_KEY_FILE', message: 'is required in production (the Ed25519 key that signs decisions)' });
  }
  if (production && e.ALLOW_TIMING_OVERRIDES) {
    issues.push({ variable: 'ALLOW_TIMING_OVERRIDES', message: 'must not be enabled in production' });
  }
  if (production && e.ALLOW_UNVERIFIED_LAW) {
    issues.push({ variable: 'ALLOW_UNVERIFIED_LAW', message: 'must not be enabled in production: decisions there cite only verified law' });
  }
  if (e.REGISTRY_MODE === 'http' && !e.REGISTRY_BASE_URL) {
    issues.push({ variable: 'REGISTRY_BASE_URL', message: 'is required when REGISTRY_MODE=http' });
  }
  if (issues.length) throw new ConfigError(issues);
  return {
    ...e,
    production,
    embeddedDatabase: !e.DATABASE_URL,
    graphiql: e.GRAPHIQL ?? !production,
    introspection: e.INTROSPECTION ?? !production,
    allowTimingOverrides: e.ALLOW_TIMING_OVERRIDES ?? !production,
    allowUnverifiedLaw: e.ALLOW_UNVERIFIED_LAW ?? !production,
    pgliteDir: path.join(e.DATA_DIR, 'pglite'),
  };
}

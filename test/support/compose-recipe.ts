/**
 * docker-compose.yml read the way compose reads it, for tests that check the recipe without a
 * Docker engine: interpolation (${VAR:?…} fails when VAR is missing), secrets resolved to the
 * files deploy/generate-dev-secrets.sh writes, and each service's environment as its container
 * sees it.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../lib/config.ts';

export type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  secrets?: string[];
  networks?: string[];
  profiles?: string[];
  stop_grace_period?: string;
};

export const COMPOSE_TEXT = fs.readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
export const compose = parse(COMPOSE_TEXT, { merge: true }) as {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
  networks: Record<string, { internal?: boolean } | null>;
};

/** What an operator does before `docker compose up`: generate the secrets, export the variables. */
export function operatorSetup(secretsDir: string): Record<string, string> {
  execFileSync('sh', [path.join(PROJECT_ROOT, 'deploy', 'generate-dev-secrets.sh'), secretsDir], { stdio: 'pipe' });
  const db = Object.fromEntries(
    fs.readFileSync(path.join(secretsDir, 'db.env'), 'utf8').trim().split('\n').map((line) => line.split('=') as [string, string]),
  );
  return {
    ...db,
    QYZMET_SECRETS_DIR: secretsDir,
    QYZMET_JWT_PUBLIC_KEYS: fs.readFileSync(path.join(secretsDir, 'staff-token-public.pem'), 'utf8'),
    // The national identity provider's key (here a fresh one): it signs citizen assertions.
    QYZMET_CITIZEN_IDP_PUBLIC_KEYS: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    QYZMET_REGISTRY_BASE_URL: 'https://registries.gov.kz/api',
    QYZMET_SMS_GATEWAY_URL: 'https://sms.gov.kz/send',
    QYZMET_PAYER_URL: 'https://payments.gfss.kz/batches',
  };
}

/** Resolves ${VAR:?msg} and ${VAR:-default} as compose does: a missing required variable is an error. */
export function interpolate(value: string, given: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_m, name: string, kind: string | undefined, text: string) => {
    if (given[name]) return given[name]!;
    if (kind === '?') throw new Error(`compose: required variable ${name} is missing: ${text}`);
    return kind === '-' ? text : '';
  });
}

export function serviceEnv(service: string, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(compose.services[service]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), given)]));
}

/** The host file behind /run/secrets/<name>; refuses a secret the service does not mount. */
export function secretFile(service: string, containerPath: string, given: Record<string, string>): string {
  const name = /^\/run\/secrets\/(\w+)$/.exec(containerPath)?.[1];
  if (!name) throw new Error(`${service}: ${containerPath} is not a mounted secret`);
  if (!(compose.services[service]!.secrets ?? []).includes(name)) throw new Error(`${service} does not mount the secret ${name}`);
  return interpolate(compose.secrets[name]!.file, given);
}

/** A service's environment with its secret paths pointing at the generated files, as inside its container. */
export function containerEnv(service: string, given: Record<string, string>): Record<string, string> {
  const vars = serviceEnv(service, given);
  for (const [k, v] of Object.entries(vars)) if (v.startsWith('/run/secrets/')) vars[k] = secretFile(service, v, given);
  return vars;
}

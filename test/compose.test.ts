/**
 * No Docker engine runs here, so the production recipe is checked by reading it: services,
 * ports, health checks and environment must agree with each other and with lib/config.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema, loadConfig, PROJECT_ROOT } from '../lib/config.ts';
import { SEARCH_ATTRIBUTES } from '../lib/temporal/search-attributes.ts';

type Service = {
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
};

const compose = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
};
const services = compose.services;

/** Resolves ${VAR:?msg} and ${VAR:-default} the way compose does, with test values for secrets. */
function interpolate(value: string): string {
  const given: Record<string, string> = { QYZMET_DB_PASSWORD: 's3cret', QYZMET_JWT_SECRET: 'x'.repeat(40) };
  return value.replace(/\$\{(\w+)(?::[?-]([^}]*))?\}/g, (_m, name: string, fallback: string) => given[name] ?? fallback ?? '');
}

function env(service: string): Record<string, string> {
  return Object.fromEntries(Object.entries(services[service]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
}

const hostPort = (addr: string) => addr.split(':') as [string, string];

describe('docker-compose.yml', () => {
  it('defines the production services', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'migrate', 'postgresql', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker'].sort(),
    );
    for (const role of ['api', 'worker', 'migrate']) expect(services[role]!.build, role).toBeDefined();
  });

  it('runs each Qyzmet role with the entry point package.json gives it', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    for (const [service, script] of [['api', 'api'], ['worker', 'worker'], ['migrate', 'migrate']] as const) {
      const file = services[service]!.command!.at(-1)!;
      expect(scripts[script], service).toContain(file);
      expect(fs.existsSync(path.join(PROJECT_ROOT, file)), file).toBe(true);
    }
  });

  it('gives the API and worker an environment lib/config.ts accepts in production', () => {
    for (const role of ['api', 'worker', 'migrate']) {
      const vars = env(role);
      const known = Object.keys(envSchema.shape);
      for (const key of Object.keys(vars)) expect(known, `${role} sets unknown variable ${key}`).toContain(key);
      const config = loadConfig(vars);
      expect(config.production, role).toBe(true);
      expect(config.embeddedDatabase, role).toBe(false);
    }
  });

  it('points DATABASE_URL at the postgresql service with its credentials', () => {
    const db = services.postgresql!.environment!;
    for (const role of ['api', 'worker', 'migrate']) {
      const url = new URL(env(role).DATABASE_URL!);
      expect(url.hostname).toBe('postgresql');
      expect(url.port).toBe('5432');
      expect(decodeURIComponent(url.username)).toBe(db.POSTGRES_USER);
      expect(url.password).toBe(interpolate(db.POSTGRES_PASSWORD!));
      expect(url.pathname).toBe(`/${db.POSTGRES_DB}`);
    }
    expect(interpolate(services.temporal!.environment!.POSTGRES_PWD!)).toBe(interpolate(db.POSTGRES_PASSWORD!));
    expect(services.temporal!.environment!.POSTGRES_SEEDS).toBe('postgresql');
  });

  it('points every Temporal client at the temporal service port', () => {
    const [, published] = hostPort(services.temporal!.ports![0]!);
    for (const role of ['api', 'worker', 'temporal-namespace', 'temporal-ui']) {
      const [host, port] = hostPort(env(role).TEMPORAL_ADDRESS!);
      expect(host, role).toBe('temporal');
      expect(port, role).toBe(published);
    }
  });

  it('publishes the API port the API listens on and health-checks it there', () => {
    const apiEnv = env('api');
    expect(apiEnv.API_HOST).toBe('0.0.0.0');
    expect(services.api!.ports).toContain(`${apiEnv.API_PORT}:${apiEnv.API_PORT}`);
    expect(services.api!.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${apiEnv.API_PORT}/readyz`);
    const workerEnv = env('worker');
    expect(services.worker!.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${workerEnv.WORKER_HEALTH_PORT}/healthz`);
  });

  it('health-checks the long-running services and orders start-up by them', () => {
    for (const name of ['postgresql', 'temporal', 'api', 'worker']) expect(services[name]!.healthcheck, name).toBeDefined();
    expect(services['temporal-schema']!.depends_on!.postgresql!.condition).toBe('service_healthy');
    expect(services.temporal!.depends_on!['temporal-schema']!.condition).toBe('service_completed_successfully');
    for (const role of ['api', 'worker']) {
      expect(services[role]!.depends_on!.migrate!.condition).toBe('service_completed_successfully');
      expect(services[role]!.depends_on!['temporal-namespace']!.condition).toBe('service_completed_successfully');
    }
  });

  it('registers every search attribute the workflows set, in the namespace the roles use', () => {
    const script = fs.readFileSync(path.join(PROJECT_ROOT, 'deploy', 'temporal', 'setup-namespace.sh'), 'utf8');
    for (const name of Object.keys(SEARCH_ATTRIBUTES)) expect(script).toContain(name);
    expect(env('temporal-namespace').TEMPORAL_NAMESPACE).toBe(env('api').TEMPORAL_NAMESPACE);
    for (const mount of [...services['temporal-schema']!.volumes!, ...services['temporal-namespace']!.volumes!]) {
      expect(fs.existsSync(path.join(PROJECT_ROOT, mount.split(':')[0]!))).toBe(true);
    }
  });

  it('mounts the signing key the API and worker are told to read', () => {
    for (const role of ['api', 'worker']) {
      expect(services[role]!.secrets).toContain('qyzmet_signing_key');
      expect(env(role).SIGNING_KEY_FILE).toBe('/run/secrets/qyzmet_signing_key');
    }
    expect(compose.secrets.qyzmet_signing_key!.file).toBeTruthy();
  });

  it('builds from a Dockerfile in the repository whose default command is a real role', () => {
    const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/build:workflows/);
  });
});

/**
 * No Docker engine runs here, so the production recipe is checked by reading it: services,
 * networks, secrets, health checks and environment must agree with each other, with the files
 * deploy/generate-dev-secrets.sh writes, and with lib/config.ts in production.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envSchema, loadConfig, PROJECT_ROOT, type ProcessRole } from '../lib/config.ts';
import { SEARCH_ATTRIBUTES } from '../lib/temporal/search-attributes.ts';
import { QYZMET_METRICS } from '../lib/temporal/metric-names.ts';
import { API_METRICS } from '../api/http/metrics.ts';
import { INBOX_METRICS } from '../api/http/inbox-metrics.ts';
import { OUTBOX_METRICS } from '../api/http/outbox-metrics.ts';
import { parse as parseYaml } from 'yaml';
import { compose, COMPOSE_TEXT, containerEnv as composeContainerEnv, interpolate as interpolateCompose, operatorSetup, serviceEnv } from './support/compose-recipe.ts';

const services = compose.services;
const QYZMET_ROLES: ProcessRole[] = ['api', 'worker', 'migrate'];
const TEMPORAL_SDK_CLIENTS = ['api', 'worker', 'temporal-namespace'];

// The operator's side of the recipe: secrets generated as the README says, variables exported.
const secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-compose-secrets-'));
let operatorEnv: Record<string, string> = {};
beforeAll(() => {
  operatorEnv = operatorSetup(secretsDir);
});
afterAll(() => fs.rmSync(secretsDir, { recursive: true, force: true }));

const interpolate = (value: string, given = operatorEnv) => interpolateCompose(value, given);
const env = (service: string, given = operatorEnv) => serviceEnv(service, given);
const containerEnv = (service: string) => composeContainerEnv(service, operatorEnv);

const seconds = (duration: string | undefined) => {
  const m = /^(\d+)(s|m)$/.exec(duration ?? '');
  return m ? Number(m[1]) * (m[2] === 'm' ? 60 : 1) : NaN;
};

const hostPort = (addr: string) => addr.split(':') as [string, string];
const cert = (file: string) => new X509Certificate(fs.readFileSync(file));
const privateKeyOf = (file: string) => createPrivateKey(fs.readFileSync(file));
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

describe('docker-compose.yml', () => {
  it('defines the production services, the Web UI only for operators', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'migrate', 'postgresql', 'prometheus', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker'].sort(),
    );
    for (const role of QYZMET_ROLES) expect(services[role]!.build, role).toBeDefined();
    expect(services['temporal-ui']!.profiles).toEqual(['ops']);
    expect(services.prometheus!.profiles).toEqual(['ops']);
  });

  it('runs each Qyzmet role with the entry point package.json gives it', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    for (const [service, script] of [['api', 'api'], ['worker', 'worker'], ['migrate', 'migrate']] as const) {
      const file = services[service]!.command!.at(-1)!;
      expect(scripts[script], service).toContain(file);
      expect(fs.existsSync(path.join(PROJECT_ROOT, file)), file).toBe(true);
    }
  });

  it("gives each Qyzmet role an environment lib/config.ts accepts in production for that role, its keys mounted as secrets", () => {
    const known = Object.keys(envSchema.shape);
    for (const role of QYZMET_ROLES) {
      const vars = containerEnv(role);
      for (const key of Object.keys(vars)) expect(known, `${role} sets unknown variable ${key}`).toContain(key);
      const config = loadConfig(vars, { role });
      expect([config.production, config.embeddedDatabase, config.role], role).toEqual([true, false, role]);
    }
  });

  it('publishes nothing but the API, on loopback unless told otherwise; Temporal and PostgreSQL have no route in or out', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name !== 'api') expect(service.ports, `${name} publishes a port`).toBeUndefined();
    }
    expect(services.api!.ports!.map((p) => interpolate(p))).toEqual([`127.0.0.1:${env('api').API_PORT}:${env('api').API_PORT}`]);
    expect(interpolate(services.api!.ports![0]!, { ...operatorEnv, QYZMET_API_BIND: '10.0.0.5' })).toBe('10.0.0.5:4000:4000');
    for (const name of ['postgresql', 'temporal', 'temporal-schema', 'temporal-namespace', 'temporal-ui', 'prometheus', 'migrate']) {
      expect(services[name]!.networks, name).toEqual(['internal']);
    }
    expect(compose.networks.internal?.internal).toBe(true);
    expect(compose.networks.outside?.internal).toBeFalsy();
  });

  it('makes every Temporal client present a certificate the server requires, from the recipe CA', () => {
    const server = containerEnv('temporal');
    expect(server.TEMPORAL_TLS_REQUIRE_CLIENT_AUTH).toBe('true');
    const ca = cert(server.TEMPORAL_TLS_CLIENT1_CA_CERT!);
    expect(ca.ca).toBe(true);
    expect(server.TEMPORAL_TLS_CLIENT2_CA_CERT).toBe(server.TEMPORAL_TLS_CLIENT1_CA_CERT);
    const frontend = cert(server.TEMPORAL_TLS_FRONTEND_CERT!);
    expect(frontend.verify(ca.publicKey)).toBe(true);
    expect(frontend.keyUsage).toContain(SERVER_AUTH);
    expect(frontend.subjectAltName).toContain(`DNS:${server.TEMPORAL_TLS_FRONTEND_SERVER_NAME}`);
    const internode = cert(server.TEMPORAL_TLS_SERVER_CERT!);
    expect(internode.verify(ca.publicKey)).toBe(true);
    expect(internode.keyUsage).toEqual(expect.arrayContaining([SERVER_AUTH, CLIENT_AUTH]));
    expect(internode.subjectAltName).toContain(`DNS:${server.TEMPORAL_TLS_INTERNODE_SERVER_NAME}`);

    const clients = new Set<string>();
    for (const name of TEMPORAL_SDK_CLIENTS) {
      const vars = containerEnv(name);
      const [host] = hostPort(vars.TEMPORAL_ADDRESS!);
      expect(host, name).toBe('temporal');
      expect(frontend.subjectAltName, `${name} verifies the frontend as ${host}`).toContain(`DNS:${vars.TEMPORAL_TLS_SERVER_NAME ?? host}`);
      expect(fs.readFileSync(vars.TEMPORAL_TLS_SERVER_CA_CERT_PATH!, 'utf8')).toBe(fs.readFileSync(server.TEMPORAL_TLS_CLIENT1_CA_CERT!, 'utf8'));
      const own = cert(vars.TEMPORAL_TLS_CLIENT_CERT_PATH!);
      expect(own.verify(ca.publicKey), name).toBe(true);
      expect(own.keyUsage, name).toContain(CLIENT_AUTH);
      expect(own.checkPrivateKey(privateKeyOf(vars.TEMPORAL_TLS_CLIENT_KEY_PATH!)), name).toBe(true);
      clients.add(own.subject);
    }
    const ui = containerEnv('temporal-ui');
    expect(ui.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(ui.TEMPORAL_TLS_ENABLE_HOST_VERIFICATION).toBe('true');
    expect(cert(ui.TEMPORAL_TLS_CERT!).verify(ca.publicKey)).toBe(true);
    expect(cert(ui.TEMPORAL_TLS_CERT!).checkPrivateKey(privateKeyOf(ui.TEMPORAL_TLS_KEY!))).toBe(true);
    clients.add(cert(ui.TEMPORAL_TLS_CERT!).subject);
    expect(clients.size, 'each client has an identity of its own').toBe(4);
  });

  it('keeps the Web UI read-only and behind an OIDC login', () => {
    const ui = env('temporal-ui');
    expect([ui.TEMPORAL_AUTH_ENABLED, ui.TEMPORAL_AUTH_TYPE, ui.TEMPORAL_DISABLE_WRITE_ACTIONS]).toEqual(['true', 'oidc', 'true']);
  });

  it('points the Web UI at the API codec server with the engineer token, and the API at the UI origin', () => {
    const given = { ...operatorEnv, QYZMET_CODEC_ENDPOINT: 'https://api.gov.kz/codec', QYZMET_TEMPORAL_UI_ORIGIN: 'https://temporal-ui.gov.kz' };
    const ui = env('temporal-ui', given);
    expect([ui.TEMPORAL_CODEC_ENDPOINT, ui.TEMPORAL_CODEC_PASS_ACCESS_TOKEN]).toEqual(['https://api.gov.kz/codec', 'true']);
    const api = env('api', given);
    expect(api.CODEC_UI_ORIGIN).toBe('https://temporal-ui.gov.kz');
    expect(loadConfig({ ...containerEnv('api'), CODEC_UI_ORIGIN: api.CODEC_UI_ORIGIN }, { role: 'api' }).CODEC_UI_ORIGIN).toBe('https://temporal-ui.gov.kz');
    expect(Number(api.JWT_MAX_TOKEN_LIFETIME_SECONDS)).toBeLessThanOrEqual(12 * 3600);
    for (const role of ['api', 'worker']) expect(env(role).PAYLOAD_KEYS_FILE, role).toMatch(/^\/run\/secrets\//);
    expect(Number(env('worker').AUDIT_CHECKPOINT_INTERVAL_MS)).toBeGreaterThan(0);
  });

  it('holds no shared token secret; the worker and the migrate job hold no token material at all', () => {
    expect(COMPOSE_TEXT).not.toMatch(/JWT_SECRET/);
    const api = env('api');
    expect(api.JWT_PUBLIC_KEYS || api.JWKS_URL).toBeTruthy();
    expect(env('api', { ...operatorEnv, QYZMET_JWT_PUBLIC_KEYS: '', QYZMET_JWKS_URL: 'https://idp.gov.kz/jwks' }).JWKS_URL).toBe('https://idp.gov.kz/jwks');
    for (const role of ['worker', 'migrate']) {
      expect(Object.keys(services[role]!.environment!).filter((k) => /JWT|JWKS|TOKEN/.test(k)), role).toEqual([]);
    }
  });

  it('gives each private key only to the role that uses it, as a secret file', () => {
    expect(services.api!.secrets).not.toContain('qyzmet_signing_key');
    expect(env('api').SIGNING_KEY_FILE).toBeUndefined();
    expect(services.worker!.secrets).not.toContain('qyzmet_officer_claim_key');
    expect(env('worker').OFFICER_CLAIM_KEY_FILE).toBeUndefined();
    expect(services.migrate!.secrets).toBeUndefined();
    for (const role of ['api', 'worker']) {
      const vars = env(role);
      for (const [key, value] of Object.entries(vars)) {
        if (/_FILE$|_PATH$/.test(key)) expect(value, `${role} ${key}`).toMatch(/^\/run\/secrets\//);
      }
      expect(vars.REPLAY_SCRUB_KEY, `${role} gets the scrub key from a file`).toBeUndefined();
    }
    for (const [name, secret] of Object.entries(compose.secrets)) {
      expect(secret.file, name).toMatch(/^\$\{QYZMET_SECRETS_DIR:-\.\/deploy\/secrets\}\//);
      expect(fs.existsSync(interpolate(secret.file)), `deploy/generate-dev-secrets.sh writes ${name}`).toBe(true);
    }
    const ignored = execFileSync('git', ['check-ignore', '-v', 'deploy/secrets/signing-key.pem', 'deploy/secrets/tls/ca-key.pem', 'server.pem'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(ignored.trim().split('\n')).toHaveLength(3);
  });

  it('refuses to start the worker on simulated registries: the recipe demands the real endpoints', () => {
    const worker = env('worker');
    expect(worker.REGISTRY_MODE).toBe('http');
    expect(COMPOSE_TEXT).not.toMatch(/ALLOW_SIMULATED_INTEGRATIONS|REGISTRY_MODE: simulated/);
    const { QYZMET_REGISTRY_BASE_URL: _r, QYZMET_SMS_GATEWAY_URL: _s, ...withoutEndpoints } = operatorEnv;
    expect(() => env('worker', withoutEndpoints)).toThrow(/QYZMET_REGISTRY_BASE_URL|QYZMET_SMS_GATEWAY_URL/);
    expect(() => env('worker', { ...withoutEndpoints, QYZMET_REGISTRY_BASE_URL: 'https://r.gov.kz' })).toThrow(/QYZMET_SMS_GATEWAY_URL/);
    // Nor on the simulated payer: payments leave for the payer's endpoint.
    expect(worker.PAYER_MODE).toBe('http');
    expect(COMPOSE_TEXT).not.toMatch(/PAYER_MODE: simulated/);
    const { QYZMET_PAYER_URL: _p, ...withoutPayer } = operatorEnv;
    expect(() => env('worker', withoutPayer)).toThrow(/QYZMET_PAYER_URL/);
  });

  it('connects the API and the worker as the application role the migrate job grants, and migrates as the owner', () => {
    const migrate = new URL(env('migrate').DATABASE_URL!);
    const appRole = env('migrate').DATABASE_APP_ROLE!;
    expect(decodeURIComponent(migrate.username)).not.toBe(appRole);
    const pgEnv = env('postgresql');
    expect(decodeURIComponent(migrate.password)).toBe(pgEnv.QYZMET_DB_PASSWORD);
    for (const role of ['api', 'worker']) {
      const url = new URL(env(role).DATABASE_URL!);
      expect([url.hostname, url.port, decodeURIComponent(url.username), url.pathname], role).toEqual(['postgresql', '5432', appRole, migrate.pathname]);
      expect(decodeURIComponent(url.password), role).toBe(pgEnv.QYZMET_DB_APP_PASSWORD);
    }
    const init = services.postgresql!.volumes!.find((v) => v.includes('/docker-entrypoint-initdb.d/'))!;
    const script = fs.readFileSync(path.join(PROJECT_ROOT, init.split(':')[0]!), 'utf8');
    expect(script).toContain(`QYZMET_DB_APP_ROLE:-${appRole}`);
    expect(script).toContain(`QYZMET_DB_OWNER:-${decodeURIComponent(migrate.username)}`);
    expect(env('temporal').POSTGRES_USER).toBe('temporal');
    expect(env('temporal').POSTGRES_PWD).toBe(pgEnv.QYZMET_TEMPORAL_DB_PASSWORD);
    expect(env('temporal-schema').POSTGRES_USER).toBe('temporal');
  });

  it('gives each process more time to stop than it takes to drain', () => {
    const worker = loadConfig(containerEnv('worker'), { role: 'worker' });
    expect(seconds(services.worker!.stop_grace_period)).toBeGreaterThanOrEqual(worker.WORKER_SHUTDOWN_GRACE_MS / 1000 + 10);
    const api = loadConfig(containerEnv('api'), { role: 'api' });
    expect(seconds(services.api!.stop_grace_period)).toBeGreaterThanOrEqual(api.API_SHUTDOWN_GRACE_MS / 1000 + 10);
  });

  it('health-checks the API and the worker where they listen, the worker off the Prometheus port', () => {
    const apiEnv = env('api');
    expect(apiEnv.API_HOST).toBe('0.0.0.0');
    expect(services.api!.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${apiEnv.API_PORT}/readyz`);
    const workerEnv = env('worker');
    expect(workerEnv.WORKER_HEALTH_PORT).not.toBe(hostPort(workerEnv.WORKER_METRICS_ADDRESS!)[1]);
    expect(services.worker!.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${workerEnv.WORKER_HEALTH_PORT}/healthz`);
  });

  it('scrapes the worker, the API and Temporal from Prometheus on the internal network, the only network the API shows /metrics to', () => {
    const prometheusConfig = services.prometheus!.volumes!.find((v) => v.endsWith(':/etc/prometheus/prometheus.yml:ro'))!.split(':')[0]!;
    const scrape = parseYaml(fs.readFileSync(path.join(PROJECT_ROOT, prometheusConfig), 'utf8')) as { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    const targets = Object.fromEntries(scrape.scrape_configs.map((c) => [c.job_name, c.static_configs.flatMap((s) => s.targets)]));
    const worker = loadConfig(containerEnv('worker'), { role: 'worker' });
    expect(worker.WORKER_METRICS_ADDRESS).toBeDefined();
    expect(targets['qyzmet-worker']).toEqual([`worker:${hostPort(worker.WORKER_METRICS_ADDRESS!)[1]}`]);
    const api = loadConfig(containerEnv('api'), { role: 'api' });
    expect(targets['qyzmet-api']).toEqual([`api:${api.API_PORT}`]);
    expect(targets['temporal-server']).toEqual([`temporal:${hostPort(env('temporal').PROMETHEUS_ENDPOINT!)[1]}`]);
    // The API allows exactly the internal network's subnet: Prometheus is there, the published port is not.
    const internal = compose.networks.internal as { ipam?: { config?: { subnet: string }[] } };
    expect(api.metricsAllow).toEqual(internal.ipam!.config!.map((c) => c.subnet));
    expect((compose.networks.outside as { ipam?: unknown } | null)?.ipam).toBeUndefined();
  });

  it('ships a Grafana dashboard over series Qyzmet and the SDK export', () => {
    const dashboard = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'deploy', 'grafana', 'qyzmet.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const exported = new Set<string>([...Object.values(QYZMET_METRICS), ...Object.values(API_METRICS), ...Object.values(INBOX_METRICS), ...Object.values(OUTBOX_METRICS)]);
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(4);
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const series = [...expr.matchAll(/\b((?:qyzmet|temporal)_\w+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, ''));
        expect(series.length, panel.title).toBeGreaterThan(0);
        for (const name of series.filter((n) => n.startsWith('qyzmet_'))) expect([...exported], panel.title).toContain(name);
      }
    }
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
});

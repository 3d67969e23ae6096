import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DEV_SMS_INBOUND_SECRET, envSchema, loadConfig, PROJECT_ROOT, trustedProxyMatcher, type ProcessRole } from './config.ts';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.embeddedDatabase).toBe(true);
    expect(config.TEMPORAL_ADDRESS).toBe('localhost:7233');
    expect(config.graphiql).toBe(true);
    expect(config.allowTimingOverrides).toBe(true);
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL', 'postgresql'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', 'URL'],
    [{ API_PORT: '99999' }, 'API_PORT', '99999'],
    [{ API_PORT: 'eighty' }, 'API_PORT', 'eighty'],
    [{ TEMPORAL_ADDRESS: 'http://temporal' }, 'TEMPORAL_ADDRESS', 'host:port'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'loud'],
    [{ GRAPHIQL: 'maybe' }, 'GRAPHIQL', 'maybe'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET', '32'],
    [{ REGISTRY_MODE: 'http' }, 'REGISTRY_BASE_URL', 'REGISTRY_MODE=http'],
    [{ NODE_ENV: 'production' }, 'DATABASE_URL', 'required in production'],
  ])('rejects %j naming %s', (env, variable, hint) => {
    const error = errorOf(env as Record<string, string>);
    expect(error.issues.map((i) => i.variable)).toContain(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain(hint);
    expect(error.message.split('\n').length).toBeLessThan(20);
  });

  it('lists every bad variable at once', () => {
    const error = errorOf({ API_PORT: '0', LOG_LEVEL: 'x', TEMPORAL_ADDRESS: 'nope' });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['API_PORT', 'LOG_LEVEL', 'TEMPORAL_ADDRESS']);
  });

  it('refuses timing overrides in production', () => {
    const error = errorOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://u@h/d',
      JWT_SECRET: 'x'.repeat(40),
      SIGNING_KEY_FILE: '/k.pem',
      ALLOW_TIMING_OVERRIDES: 'true',
    });
    expect(error.issues.map((i) => i.variable)).toEqual(['ALLOW_TIMING_OVERRIDES']);
  });

  it('allows unverified law outside production only', () => {
    expect(loadConfig({}).allowUnverifiedLaw).toBe(true);
    expect(loadConfig({ ALLOW_UNVERIFIED_LAW: 'false' }).allowUnverifiedLaw).toBe(false);
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/d', JWT_SECRET: 'x'.repeat(40), SIGNING_KEY_FILE: '/k.pem' };
    expect(loadConfig(production).allowUnverifiedLaw).toBe(false);
    expect(errorOf({ ...production, ALLOW_UNVERIFIED_LAW: 'true' }).issues.map((i) => i.variable)).toEqual(['ALLOW_UNVERIFIED_LAW']);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', API_PORT: '' }).API_PORT).toBe(4000);
  });
});

// Key files as the deployment's generator writes them, made here with node:crypto.
const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-config-'));
afterAll(() => fs.rmSync(keyDir, { recursive: true, force: true }));

function keyFile(name: string, content: string): string {
  const file = path.join(keyDir, name);
  fs.writeFileSync(file, content, { mode: 0o600 });
  return file;
}

const ed25519 = generateKeyPairSync('ed25519');
const files = {
  signingKey: keyFile('signing-key.pem', ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
  claimKey: keyFile('officer-claim-key.pem', ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
  rsaKey: keyFile('rsa.pem', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
  jwks: keyFile('public-keys.json', JSON.stringify({ keys: [{ ...ed25519.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'EdDSA' }] })),
  payloadKeys: keyFile('payload-keys.json', JSON.stringify({ active: 'p2', keys: { p1: randomBytes(32).toString('base64'), p2: randomBytes(32).toString('base64') } })),
  scrubKey: keyFile('scrub-key', `${randomBytes(32).toString('base64')}\n`),
  smsInboundSecret: keyFile('sms-inbound-secret', `${randomBytes(32).toString('hex')}\n`),
};

const PRODUCTION = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://qyzmet_app@db/qyzmet' };
const API_ENV = {
  ...PRODUCTION,
  JWT_PUBLIC_KEYS: ed25519.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  SIGNING_PUBLIC_KEYS_FILE: files.jwks,
  PAYLOAD_KEYS_FILE: files.payloadKeys,
  OFFICER_CLAIM_KEY_FILE: files.claimKey,
  REPLAY_SCRUB_KEY_FILE: files.scrubKey,
  CITIZEN_IDP_PUBLIC_KEYS: ed25519.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  SMS_INBOUND_SECRET_FILE: files.smsInboundSecret,
};
const WORKER_ENV = {
  ...PRODUCTION,
  SIGNING_KEY_FILE: files.signingKey,
  SIGNING_PUBLIC_KEYS_FILE: files.jwks,
  PAYLOAD_KEYS_FILE: files.payloadKeys,
  OFFICER_CLAIM_PUBLIC_KEYS_FILE: files.jwks,
  REGISTRY_MODE: 'http',
  REGISTRY_BASE_URL: 'https://registries.gov.kz/api',
  SMS_GATEWAY_URL: 'https://sms.gov.kz/send',
  PAYER_MODE: 'http',
  PAYER_URL: 'https://payments.gfss.kz/batches',
};

function roleError(env: Record<string, string>, role: ProcessRole): ConfigError {
  try {
    loadConfig(env, { role });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`expected a ConfigError for ${role}`);
}

const without = (env: Record<string, string>, ...names: string[]) => Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));

describe('production requirements by role', () => {
  it('reads the SMS reply secret from its file, and uses the public development one only outside production', () => {
    expect(loadConfig(API_ENV, { role: 'api' }).smsInboundSecret).toBe(fs.readFileSync(files.smsInboundSecret, 'utf8').trim());
    expect(loadConfig({}).smsInboundSecret).toBe(DEV_SMS_INBOUND_SECRET);
    expect(loadConfig({ SMS_INBOUND_SECRET: 's'.repeat(40) }).smsInboundSecret).toBe('s'.repeat(40));
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/d', JWT_SECRET: 'x'.repeat(40), SIGNING_KEY_FILE: '/k.pem' }).smsInboundSecret).toBeNull();
    const short = roleError({ ...without(API_ENV, 'SMS_INBOUND_SECRET_FILE'), SMS_INBOUND_SECRET: 'short' }, 'api');
    expect(short.issues.map((i) => i.variable)).toEqual(['SMS_INBOUND_SECRET']);
    expect(short.message).not.toContain('short');
  });

  it('starts the API and the worker with exactly the keys each one uses', () => {
    const api = loadConfig(API_ENV, { role: 'api' });
    expect(api.role).toBe('api');
    expect(Buffer.byteLength(api.REPLAY_SCRUB_KEY!)).toBeGreaterThanOrEqual(32);
    expect(api.REPLAY_SCRUB_KEY).toBe(fs.readFileSync(files.scrubKey, 'utf8').trim());
    const worker = loadConfig(WORKER_ENV, { role: 'worker' });
    expect(worker.simulatedIntegrations).toBe(false);
  });

  it.each([
    ['SIGNING_PUBLIC_KEYS_FILE'],
    ['PAYLOAD_KEYS_FILE'],
    ['OFFICER_CLAIM_KEY_FILE'],
    ['REPLAY_SCRUB_KEY_FILE', 'REPLAY_SCRUB_KEY'],
    ['JWT_PUBLIC_KEYS'],
    ['CITIZEN_IDP_PUBLIC_KEYS'],
    ['SMS_INBOUND_SECRET_FILE', 'SMS_INBOUND_SECRET'],
  ])('the API refuses to start without %s', (name, reported = name) => {
    const error = roleError(without(API_ENV, name), 'api');
    expect(error.issues.map((i) => i.variable)).toEqual([reported]);
  });

  it.each([['SIGNING_KEY_FILE'], ['PAYLOAD_KEYS_FILE'], ['OFFICER_CLAIM_PUBLIC_KEYS_FILE']])('the worker refuses to start without %s', (name) => {
    expect(roleError(without(WORKER_ENV, name), 'worker').issues.map((i) => i.variable)).toEqual([name]);
  });

  it('keeps private keys and shared secrets away from the roles that must not hold them', () => {
    const apiError = roleError({ ...API_ENV, SIGNING_KEY_FILE: files.signingKey, JWT_SECRET: 'x'.repeat(40) }, 'api');
    expect(apiError.issues.map((i) => i.variable).sort()).toEqual(['JWT_SECRET', 'SIGNING_KEY_FILE']);
    expect(apiError.message).toContain('only the worker signs');
    const workerError = roleError({ ...WORKER_ENV, OFFICER_CLAIM_KEY_FILE: files.claimKey, JWT_SECRET: 'x'.repeat(40) }, 'worker');
    expect(workerError.issues.map((i) => i.variable).sort()).toEqual(['JWT_SECRET', 'OFFICER_CLAIM_KEY_FILE']);
    expect(roleError({ ...PRODUCTION, DATABASE_URL: 'postgresql://qyzmet@db/qyzmet', DATABASE_APP_ROLE: 'qyzmet_app', JWT_SECRET: 'x'.repeat(40) }, 'migrate').issues.map((i) => i.variable)).toEqual(['JWT_SECRET']);
  });

  it('refuses simulated registries and a logging SMS gateway in production unless staging opts in', () => {
    const simulated = { ...without(WORKER_ENV, 'REGISTRY_BASE_URL', 'SMS_GATEWAY_URL'), REGISTRY_MODE: 'simulated' };
    const error = roleError(simulated, 'worker');
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['REGISTRY_MODE', 'SMS_GATEWAY_URL']);
    expect(error.message).toContain('ALLOW_SIMULATED_INTEGRATIONS');
    const staging = loadConfig({ ...simulated, ALLOW_SIMULATED_INTEGRATIONS: 'true' }, { role: 'worker' });
    expect(staging.simulatedIntegrations).toBe(true);
    expect(loadConfig({ REGISTRY_MODE: 'simulated' }, { role: 'worker' }).simulatedIntegrations).toBe(true);
  });

  it('refuses a production worker without a real payer adapter, or with the simulated one, unless staging opts in', () => {
    expect(roleError(without(WORKER_ENV, 'PAYER_MODE'), 'worker').issues.map((i) => i.variable)).toEqual(['PAYER_MODE']);
    expect(roleError({ ...WORKER_ENV, PAYER_MODE: 'simulated' }, 'worker').issues.map((i) => i.variable)).toEqual(['PAYER_MODE']);
    expect(loadConfig({ ...WORKER_ENV, PAYER_MODE: 'simulated', ALLOW_SIMULATED_INTEGRATIONS: 'true' }, { role: 'worker' }).PAYER_MODE).toBe('simulated');
    expect(loadConfig({ ...without(WORKER_ENV, 'PAYER_URL'), PAYER_MODE: 'file', PAYER_OUTBOUND_DIR: '/var/payer/out', PAYER_INBOUND_DIR: '/var/payer/in' }, { role: 'worker' }).PAYER_MODE).toBe('file');
  });

  it('requires a scrub key of at least 32 bytes in production and never prints it', () => {
    const shortKey = 'short-secret-key-1234';
    const error = roleError({ ...without(API_ENV, 'REPLAY_SCRUB_KEY_FILE'), REPLAY_SCRUB_KEY: shortKey }, 'api');
    expect(error.issues.map((i) => i.variable)).toEqual(['REPLAY_SCRUB_KEY']);
    expect(error.message).toContain('32 bytes');
    expect(error.message).not.toContain(shortKey);
    expect(errorOf({ REPLAY_SCRUB_KEY: 'k'.repeat(40), REPLAY_SCRUB_KEY_FILE: files.scrubKey }).issues.map((i) => i.variable)).toEqual(['REPLAY_SCRUB_KEY_FILE']);
    expect(errorOf({ JWT_SECRET: 'tiny-secret' }).message).not.toContain('tiny-secret');
  });

  it('runs the migrate job as the owner and grants the application role, never the reverse', () => {
    const owner = { ...PRODUCTION, DATABASE_URL: 'postgresql://qyzmet@db/qyzmet' };
    expect(roleError(owner, 'migrate').issues.map((i) => i.variable)).toEqual(['DATABASE_APP_ROLE']);
    expect(loadConfig({ ...owner, DATABASE_APP_ROLE: 'qyzmet_app' }, { role: 'migrate' }).DATABASE_APP_ROLE).toBe('qyzmet_app');
    expect(errorOf({ DATABASE_URL: 'postgresql://qyzmet_app@db/qyzmet', DATABASE_APP_ROLE: 'qyzmet_app' }).message).toContain('owner role');
    expect(errorOf({ DATABASE_APP_ROLE: 'qyzmet_app' }).message).toContain('needs DATABASE_URL');
    expect(errorOf({ DATABASE_URL: 'postgresql://q@db/q', DATABASE_APP_ROLE: 'App"; DROP' }).issues.map((i) => i.variable)).toEqual(['DATABASE_APP_ROLE']);
  });

  it('keeps callers that name no role working as before', () => {
    expect(loadConfig({ ...PRODUCTION, JWT_SECRET: 'x'.repeat(40), SIGNING_KEY_FILE: '/k.pem' }).production).toBe(true);
    expect(errorOf(PRODUCTION).issues.map((i) => i.variable).sort()).toEqual(['DATABASE_URL', 'JWT_PUBLIC_KEYS', 'SIGNING_KEY_FILE'].filter((v) => v !== 'DATABASE_URL'));
  });
});

describe('key files', () => {
  it.each([
    [{ PAYLOAD_KEYS_FILE: path.join(keyDir, 'absent.json') }, 'PAYLOAD_KEYS_FILE', 'no such file'],
    [{ OFFICER_CLAIM_KEY_FILE: files.rsaKey }, 'OFFICER_CLAIM_KEY_FILE', 'Ed25519'],
    [{ OFFICER_CLAIM_KEY_FILE: files.jwks }, 'OFFICER_CLAIM_KEY_FILE', 'not a PEM private key'],
    [{ SIGNING_PUBLIC_KEYS_FILE: files.payloadKeys }, 'SIGNING_PUBLIC_KEYS_FILE', 'not a JWKS document'],
    [{ OFFICER_CLAIM_PUBLIC_KEYS_FILE: keyFile('empty-jwks.json', '{"keys":[]}') }, 'OFFICER_CLAIM_PUBLIC_KEYS_FILE', 'at least one key'],
    [{ PAYLOAD_KEYS_FILE: keyFile('short-aes.json', JSON.stringify({ active: 'a', keys: { a: randomBytes(16).toString('base64') } })) }, 'PAYLOAD_KEYS_FILE', '32 bytes'],
    [{ PAYLOAD_KEYS_FILE: keyFile('no-active.json', JSON.stringify({ active: 'b', keys: { a: randomBytes(32).toString('base64') } })) }, 'PAYLOAD_KEYS_FILE', 'active key "b"'],
    [{ TEMPORAL_TLS_SERVER_CA_CERT_PATH: keyDir }, 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'not a regular file'],
    [{ TEMPORAL_TLS_CLIENT_CERT_PATH: files.jwks }, 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'both'],
  ])('rejects %j naming %s', (env, variable, hint) => {
    const error = errorOf(env as Record<string, string>);
    expect(error.issues.map((i) => i.variable)).toEqual([variable]);
    expect(error.message).toContain(hint);
  });

  it('accepts the files in the shapes the deployment writes', () => {
    const config = loadConfig({
      SIGNING_PUBLIC_KEYS_FILE: files.jwks,
      OFFICER_CLAIM_PUBLIC_KEYS_FILE: files.jwks,
      PAYLOAD_KEYS_FILE: files.payloadKeys,
      OFFICER_CLAIM_KEY_FILE: files.claimKey,
      TEMPORAL_TLS_CLIENT_CERT_PATH: files.jwks,
      TEMPORAL_TLS_CLIENT_KEY_PATH: files.claimKey,
    });
    expect(config.PAYLOAD_KEYS_FILE).toBe(files.payloadKeys);
  });
});

describe('API_CORS_ORIGINS', () => {
  it('is an explicit list of exact origins; empty means no cross-origin caller', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ API_CORS_ORIGINS: 'https://egov.kz, https://officer.gov.kz:8443' }).corsOrigins).toEqual(['https://egov.kz', 'https://officer.gov.kz:8443']);
    expect(loadConfig({ API_CORS_ORIGINS: 'http://localhost:5173' }).corsOrigins).toEqual(['http://localhost:5173']);
  });

  it.each([['*'], ['https://egov.kz/'], ['https://egov.kz/path'], ['https://*.gov.kz'], ['null'], ['egov.kz']])('refuses %s', (origin) => {
    expect(errorOf({ API_CORS_ORIGINS: origin }).issues.map((i) => i.variable)).toEqual(['API_CORS_ORIGINS']);
  });

  it('accepts https origins only in production', () => {
    expect(roleError({ ...API_ENV, API_CORS_ORIGINS: 'http://egov.kz' }, 'api').message).toContain('https');
    expect(loadConfig({ ...API_ENV, API_CORS_ORIGINS: 'https://egov.kz' }, { role: 'api' }).corsOrigins).toEqual(['https://egov.kz']);
  });
});

describe('API_TRUSTED_PROXIES', () => {
  it('parses addresses and CIDRs and matches peers against them', () => {
    const config = loadConfig({ API_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.7, fd00:1::/32' });
    expect(config.trustedProxies).toEqual(['10.0.0.0/8', '192.168.1.7/32', 'fd00:1::/32']);
    const trusted = trustedProxyMatcher(config.trustedProxies);
    expect(['10.1.2.3', '::ffff:10.200.0.1', '192.168.1.7', 'fd00:1:abcd::1'].map(trusted)).toEqual([true, true, true, true]);
    expect(['11.0.0.1', '192.168.1.8', 'fd00:2::1', '::1', 'not-an-ip'].map(trusted)).toEqual([false, false, false, false, false]);
    expect(trustedProxyMatcher(loadConfig({}).trustedProxies)('127.0.0.1')).toBe(false);
  });

  it.each([['0.0.0.0/0'], ['::/0'], ['10.0.0.0/33'], ['proxy.internal'], ['10.0.0.1/8/1'], ['10.0.0.0/x']])('refuses %s', (entry) => {
    const error = errorOf({ API_TRUSTED_PROXIES: `10.0.0.1, ${entry}` });
    expect(error.issues.map((i) => i.variable)).toEqual(['API_TRUSTED_PROXIES']);
    expect(error.message).toContain(entry);
  });
});

describe('metrics', () => {
  it('lets loopback alone read the API metrics unless told otherwise, and parses the allowed networks', () => {
    const allowed = trustedProxyMatcher(loadConfig({}).metricsAllow);
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].map(allowed)).toEqual([true, true, true]);
    expect(['10.0.0.1', '172.30.0.9'].map(allowed)).toEqual([false, false]);
    expect(loadConfig({ API_METRICS_ALLOW: '172.30.0.0/24' }).metricsAllow).toEqual(['172.30.0.0/24']);
    expect(errorOf({ API_METRICS_ALLOW: '0.0.0.0/0' }).issues.map((i) => i.variable)).toEqual(['API_METRICS_ALLOW']);
  });

  it('takes the worker metrics address as ip:port, and none by default', () => {
    expect(loadConfig({}).WORKER_METRICS_ADDRESS).toBeUndefined();
    expect(loadConfig({ WORKER_METRICS_ADDRESS: '0.0.0.0:9464' }).WORKER_METRICS_ADDRESS).toBe('0.0.0.0:9464');
    expect(loadConfig({ WORKER_METRICS_ADDRESS: '[::1]:9464' }).WORKER_METRICS_ADDRESS).toBe('[::1]:9464');
    for (const bad of ['9464', 'worker:9464', 'http://0.0.0.0:9464']) expect(errorOf({ WORKER_METRICS_ADDRESS: bad }).issues.map((i) => i.variable), bad).toEqual(['WORKER_METRICS_ADDRESS']);
  });
});

describe('the README', () => {
  it('documents every variable in its Configuration table', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    const documented = new Set([...table.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));
    expect(Object.keys(envSchema.shape).filter((name) => !documented.has(name))).toEqual([]);
  });
});

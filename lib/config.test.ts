import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

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

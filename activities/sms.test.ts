/**
 * Production never pretends: simulated registries and a logging SMS gateway are refused in
 * every process that builds the activities (unless a staging deployment opts in), and the
 * logging gateway reports LOGGED, never SENT.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { KeyRing } from '../lib/signing.ts';
import { activityDeps, checkIntegrations, SimulatedIntegrationsRefused } from './deps.ts';
import { httpSmsGateway, loggingSmsGateway } from '../lib/sms-gateway.ts';

const logger = createLogger({ level: 'silent' });
const production = { production: true, REGISTRY_MODE: 'http', SMS_GATEWAY_URL: 'https://sms.gov.kz/send', ALLOW_SIMULATED_INTEGRATIONS: undefined } as const;

describe('integrations in production', () => {
  it('refuses simulated registries and a logging SMS gateway unless staging opted in', () => {
    expect(() => checkIntegrations(production)).not.toThrow();
    expect(() => checkIntegrations({ ...production, REGISTRY_MODE: 'simulated' })).toThrow(SimulatedIntegrationsRefused);
    expect(() => checkIntegrations({ ...production, SMS_GATEWAY_URL: undefined })).toThrow(/only logs/);
    expect(() => checkIntegrations({ ...production, REGISTRY_MODE: 'simulated', SMS_GATEWAY_URL: undefined, ALLOW_SIMULATED_INTEGRATIONS: true })).not.toThrow();
    expect(() => checkIntegrations({ ...production, production: false, REGISTRY_MODE: 'simulated', SMS_GATEWAY_URL: undefined })).not.toThrow();
    // The simulated payer named in production (PAYER_MODE=simulated) is refused alike.
    expect(() => checkIntegrations({ ...production, PAYER_MODE: 'simulated' })).toThrow(/simulated payer/);
    expect(() => checkIntegrations({ ...production, PAYER_MODE: 'file' })).not.toThrow();
    expect(() => checkIntegrations({ ...production, PAYER_MODE: 'simulated', ALLOW_SIMULATED_INTEGRATIONS: true })).not.toThrow();
  });

  it('is enforced where the activities are built, whatever process builds them (no role named)', () => {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/d', JWT_PUBLIC_KEYS: 'x', SIGNING_KEY_FILE: '/k.pem', REGISTRY_MODE: 'simulated' });
    expect(() => activityDeps({ config, prisma: {} as never, keyRing: new KeyRing(), logger })).toThrow(SimulatedIntegrationsRefused);
  });

  it('the logging gateway says LOGGED; the HTTP gateway says SENT and passes the idempotency key', async () => {
    expect(await loggingSmsGateway(logger).send({ to: '+77010000000', text: 'hi', idempotencyKey: 'k1' })).toEqual({ providerId: 'log:k1', status: 'LOGGED' });
    const calls: RequestInit[] = [];
    const gateway = httpSmsGateway({
      url: 'https://sms.gov.kz/send',
      timeoutMs: 1000,
      fetch: (async (_url: string, init: RequestInit) => {
        calls.push(init);
        return new Response(JSON.stringify({ id: 'op-7' }), { status: 200 });
      }) as typeof fetch,
    });
    expect(await gateway.send({ to: '+77010000000', text: 'hi', idempotencyKey: 'k2' })).toEqual({ providerId: 'op-7', status: 'SENT' });
    expect((calls[0]!.headers as Record<string, string>)['idempotency-key']).toBe('k2');
    const failing = httpSmsGateway({ url: 'https://sms.gov.kz/send', timeoutMs: 1000, fetch: (async () => new Response('', { status: 503 })) as typeof fetch });
    await expect(failing.send({ to: '+7', text: 'x', idempotencyKey: 'k3' })).rejects.toThrow(/503/);
  });
});

/**
 * The outbound SMS gateway (short number 1414 in Kazakhstan) the notifications activity and the
 * inbound-reply endpoint send through, and the development one that only logs.
 *
 * Each send answers how far the message got: `SENT` (the operator's gateway accepted it) or
 * `LOGGED` (it was only written to the log: development, or a staging deployment that opted in
 * with ALLOW_SIMULATED_INTEGRATIONS) — a notification row never claims a message was sent when it
 * was not.
 */
import type { Config } from './config.ts';
import { maskDigits, type Logger } from './logger.ts';

export type SmsStatus = 'SENT' | 'LOGGED';

export interface SmsGateway {
  send(message: { to: string; text: string; idempotencyKey: string }): Promise<{ providerId: string; status?: SmsStatus }>;
}

/** Development SMS gateway: records the message in the log (phone masked); nothing leaves the host. */
export function loggingSmsGateway(logger: Logger): SmsGateway {
  return {
    async send({ to, text, idempotencyKey }) {
      logger.info({ to: `${to.slice(0, 5)}****${to.slice(-2)}`, idempotencyKey, text: maskDigits(text) }, 'SMS logged, not sent');
      return { providerId: `log:${idempotencyKey}`, status: 'LOGGED' };
    },
  };
}

export class SmsGatewayError extends Error {
  override name = 'SmsGatewayError';
}

/**
 * The operator's HTTP gateway: `POST <url>` with `{ to, text }` as JSON and the idempotency key in
 * `Idempotency-Key`, so a retried activity never sends twice; it answers `{ "id": "<provider id>" }`.
 * A timeout or a 5xx throws (Temporal retries the activity); so does a 4xx, named, so the failing
 * step is visible.
 */
export function httpSmsGateway(options: { url: string; timeoutMs: number; fetch?: typeof fetch }): SmsGateway {
  const doFetch = options.fetch ?? fetch;
  return {
    async send({ to, text, idempotencyKey }) {
      const res = await doFetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify({ to, text }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!res.ok) throw new SmsGatewayError(`the SMS gateway answered ${res.status}`);
      const body = (await res.json().catch(() => ({}))) as { id?: unknown };
      return { providerId: typeof body.id === 'string' && body.id ? body.id : idempotencyKey, status: 'SENT' };
    },
  };
}

/** The configuration's gateway: the operator's (SMS_GATEWAY_URL) or, in development, the log. */
export function smsGatewayOf(config: Pick<Config, 'SMS_GATEWAY_URL' | 'REGISTRY_TIMEOUT_MS'>, logger: Logger): SmsGateway {
  return config.SMS_GATEWAY_URL ? httpSmsGateway({ url: config.SMS_GATEWAY_URL, timeoutMs: config.REGISTRY_TIMEOUT_MS }) : loggingSmsGateway(logger);
}

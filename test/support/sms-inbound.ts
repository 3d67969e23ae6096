/**
 * The inbound SMS endpoint over a test engine: the handler `POST /sms/inbound` runs, with replies
 * recorded in the engine's sent SMS, and a request signed as the gateway signs it.
 */
import { smsInboundHandler, signSmsBody, SMS_SIGNATURE_HEADER } from '../../api/http/sms-inbound.ts';
import { createLogger } from '../../lib/logger.ts';
import type { Engine } from './engine.ts';

export function inboundSmsHandler(engine: Engine, secret: string): (request: Request) => Promise<Response> {
  return smsInboundHandler({
    config: { smsInboundSecret: secret, API_DEFAULT_LANGUAGE: 'ru' },
    prisma: engine.db.prisma,
    temporal: engine.client,
    sms: {
      async send(m) {
        engine.sms.push(m);
        return { providerId: m.idempotencyKey };
      },
    },
    logger: createLogger({ level: 'silent' }),
  });
}

/** A gateway delivery of `body`, signed with `secret`. */
export function signedSmsRequest(secret: string, body: unknown): Request {
  const raw = JSON.stringify(body);
  return new Request('http://api/sms/inbound', { method: 'POST', headers: { 'content-type': 'application/json', [SMS_SIGNATURE_HEADER]: signSmsBody(secret, raw) }, body: raw });
}

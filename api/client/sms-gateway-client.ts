/**
 * What the operator's SMS gateway does with a citizen's message to 1414: POST it, signed, to
 * Qyzmet's /sms/inbound (api/http/sms-inbound.ts). `npm run sms` and the demo play the gateway.
 */
import { SMS_INBOUND_PATH, SMS_SIGNATURE_HEADER, signSmsBody } from '../http/sms-inbound.ts';

export interface InboundSmsDelivery {
  messageId: string;
  from: string;
  text: string;
  receivedAt?: Date;
}

/** Delivers one message; answers the endpoint's status and JSON body. */
export async function deliverInboundSms(apiBaseUrl: string, secret: string, m: InboundSmsDelivery): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify({ messageId: m.messageId, from: m.from, text: m.text, receivedAt: (m.receivedAt ?? new Date()).toISOString() });
  const res = await fetch(new URL(SMS_INBOUND_PATH, apiBaseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SMS_SIGNATURE_HEADER]: signSmsBody(secret, body) },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/**
 * POST /sms/inbound — the SMS gateway delivers each message a citizen sent to 1414:
 *
 *   X-Qyzmet-Signature: sha256=<hex HMAC-SHA256 of the raw body with SMS_INBOUND_SECRET>
 *   { "messageId": "…", "from": "+77011234567", "text": "1", "receivedAt": "2026-12-02T06:00:00Z" }
 *
 * The reply answers the phone's open offer (activities/offer-bundles.ts): "1" consents to every
 * case of the bundle, "2" refuses them all (reversible with "1" within the window), anything else
 * gets a help SMS, and a reply when no offer waits gets a polite SMS — never an error. Each message
 * is stored once (InboundSms, unique messageId) before it acts, its id becomes the consent's proof
 * (in the bundle and in each case's OFFER_ACCEPTED), and the same messageId again changes nothing:
 * the gateway may retry freely. A message stored but not applied (Temporal was down) is applied
 * when the gateway retries it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Config } from '../../lib/config.ts';
import type { PrismaClient } from '../../lib/db/client.ts';
import { createUnlessExists } from '../../lib/db/unique.ts';
import type { ErrorCode } from '../../lib/errors.ts';
import { checkIdentifier, checkText } from '../../lib/input/index.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SmsGateway } from '../../lib/sms-gateway.ts';
import { LANGUAGES, type Lang } from '../../services/definition.ts';
import { parseOfferAnswer, renderOfferReply, type OfferReply } from '../../services/offer-sms.ts';
import { caseWorkflowId, respondToOfferUpdate } from '../../workflows/messages.ts';

export const SMS_INBOUND_PATH = '/sms/inbound';
export const SMS_SIGNATURE_HEADER = 'x-qyzmet-signature';
/** A delivery is a few hundred bytes; a concatenated SMS is at most ~1,600 characters. */
export const SMS_INBOUND_BODY_LIMIT = 8 * 1024;
/** The channel an SMS answer is recorded under in the case. */
export const SMS_CHANNEL = 'sms:1414';

/** `sha256=<hex>` of the body with the secret: what the gateway sends (and `npm run sms` signs with). */
export function signSmsBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface SmsInboundDeps {
  config: Pick<Config, 'smsInboundSecret' | 'API_DEFAULT_LANGUAGE'>;
  prisma: PrismaClient;
  temporal: Client;
  sms: SmsGateway;
  logger: Logger;
}

export type SmsInboundOutcome = Exclude<OfferReply, 'EXPIRED'>;

interface InboundMessage {
  messageId: string;
  from: string;
  text: string;
  receivedAt: Date;
}

const respond = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refusal = (status: number, code: ErrorCode, message: string) => respond(status, { code, message });

/** The raw body, or null once it passes the limit (read no further). */
async function readBody(request: Request, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return null;
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) return null;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function signatureValid(secret: string, body: Buffer, header: string | null): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return false;
  const given = Buffer.from(header.trim().slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const PHONE = /^\+?\d{10,15}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** The message, or the first problem with it. */
function parseMessage(body: Buffer): InboundMessage | string {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return 'the body is not JSON';
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return 'the body must be a JSON object';
  const { messageId, from, text, receivedAt } = json as Record<string, unknown>;
  const id = checkIdentifier('messageId', messageId);
  if (!id.ok) return id.problem.message;
  if (typeof from !== 'string' || !PHONE.test(from)) return 'from must be a phone number (digits, optionally with a leading +)';
  // A citizen's SMS is free text on one or a few lines; a concatenated SMS is at most ~1,600 characters.
  const t = checkText('text', text, { multiline: true, maxCodePoints: 1600, maxBytes: 6400, allowEmpty: true, emojiSequences: true });
  if (!t.ok) return t.problem.message;
  if (typeof receivedAt !== 'string' || !ISO_INSTANT.test(receivedAt) || Number.isNaN(Date.parse(receivedAt))) return 'receivedAt must be an ISO 8601 instant';
  return { messageId: id.value, from: from.startsWith('+') ? from : `+${from}`, text: t.value, receivedAt: new Date(receivedAt) };
}

const asLang = (value: unknown, fallback: Lang): Lang => ((LANGUAGES as readonly unknown[]).includes(value) ? (value as Lang) : fallback);

export function smsInboundHandler(deps: SmsInboundDeps): (request: Request) => Promise<Response> {
  const { prisma, temporal, sms, logger } = deps;

  /** Answers one case of the bundle; a case no longer waiting (already answered, closed) is left as it is. */
  async function answerCase(caseId: string, consent: boolean, messageId: string): Promise<void> {
    try {
      await temporal.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(respondToOfferUpdate, {
        args: [{ consent, channel: SMS_CHANNEL, proof: messageId }],
        // The same message retried is the same Update: Temporal answers it once.
        updateId: `sms-${messageId}`,
      });
    } catch (e) {
      // Refused by the case (already answered, no longer offered) or the case is closed (withdrawn).
      if (e instanceof WorkflowUpdateFailedError || e instanceof WorkflowNotFoundError) {
        logger.info({ caseId, err: ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message }, 'an SMS answer left a case as it was');
        return;
      }
      throw e;
    }
  }

  async function apply(message: InboundMessage): Promise<{ outcome: SmsInboundOutcome; bundleIds: string[]; lang: Lang; until: Date | null }> {
    const now = new Date();
    const open = await prisma.offerBundle.findMany({
      where: { recipientPhone: message.from, status: { in: ['OPEN', 'REFUSED'] }, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
    });
    const fallback = deps.config.API_DEFAULT_LANGUAGE as Lang;
    if (open.length === 0) {
      const last = await prisma.offerBundle.findFirst({ where: { recipientPhone: message.from }, orderBy: { createdAt: 'desc' }, select: { language: true } });
      return { outcome: 'NO_OPEN_OFFER', bundleIds: [], lang: asLang(last?.language, fallback), until: null };
    }
    const lang = asLang(open[0]!.language, fallback);
    const until = open[0]!.expiresAt;
    const answer = parseOfferAnswer(message.text);
    if (answer === 'UNKNOWN') return { outcome: 'HELP', bundleIds: open.map((b) => b.id), lang, until };
    // A bare "1" answers every offer the phone is waiting on: each was an SMS the citizen received.
    const consent = answer === 'YES';
    const answering = consent ? open : open.filter((b) => b.status === 'OPEN');
    for (const bundle of answering) {
      const items = bundle.items as unknown as { caseId: string }[];
      for (const item of items) await answerCase(item.caseId, consent, message.messageId);
      await prisma.offerBundle.updateMany({
        where: { id: bundle.id, status: { in: consent ? ['OPEN', 'REFUSED'] : ['OPEN'] } },
        data: { status: consent ? 'ACCEPTED' : 'REFUSED', consentMessageId: message.messageId, respondedAt: message.receivedAt },
      });
    }
    return { outcome: consent ? 'ACCEPTED' : 'REFUSED', bundleIds: open.map((b) => b.id), lang, until };
  }

  const retryLater = () => refusal(503, 'UNAVAILABLE', 'the reply was stored but not fully handled yet; retry with the same messageId');

  /** The answer to the citizen, once per message (the gateway deduplicates by the key); false when the gateway failed. */
  async function sendReply(message: InboundMessage, text: string): Promise<boolean> {
    try {
      await sms.send({ to: message.from, text, idempotencyKey: `sms-reply:${message.messageId}` });
    } catch (e) {
      logger.warn({ err: (e as Error).message }, 'the reply to an inbound SMS was not sent yet');
      return false;
    }
    await prisma.inboundSms.updateMany({ where: { messageId: message.messageId, processedAt: null }, data: { processedAt: new Date() } });
    return true;
  }

  return async (request) => {
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
    const secret = deps.config.smsInboundSecret;
    if (!secret) return refusal(503, 'UNAVAILABLE', 'SMS replies are not configured (SMS_INBOUND_SECRET)');
    const body = await readBody(request, SMS_INBOUND_BODY_LIMIT);
    if (!body) return refusal(413, 'PAYLOAD_TOO_LARGE', `the body is larger than ${SMS_INBOUND_BODY_LIMIT} bytes`);
    if (!signatureValid(secret, body, request.headers.get(SMS_SIGNATURE_HEADER))) {
      return refusal(401, 'UNAUTHENTICATED', `missing or wrong ${SMS_SIGNATURE_HEADER} (sha256=<HMAC-SHA256 of the body>)`);
    }
    const message = parseMessage(body);
    if (typeof message === 'string') return refusal(400, 'VALIDATION_FAILED', message);

    const id = `sms_${createHash('sha256').update(message.messageId).digest('hex').slice(0, 24)}`;
    await createUnlessExists(() =>
      prisma.inboundSms.create({ data: { id, messageId: message.messageId, fromPhone: message.from, text: message.text, receivedAt: message.receivedAt, outcome: 'RECEIVED' } }),
    );
    const stored = await prisma.inboundSms.findUniqueOrThrow({ where: { id } });
    if (stored.fromPhone !== message.from || stored.text !== message.text) {
      return refusal(409, 'IDEMPOTENCY_CONFLICT', `message ${message.messageId} was delivered before with another sender or text`);
    }
    if (stored.outcome !== 'RECEIVED') {
      // Applied before; its reply is sent again only if it was never confirmed sent (same idempotency key).
      if (stored.reply && !stored.processedAt && !(await sendReply(message, stored.reply))) return retryLater();
      return respond(200, { messageId: message.messageId, outcome: stored.outcome, duplicate: true });
    }

    let applied: Awaited<ReturnType<typeof apply>>;
    try {
      applied = await apply(message);
    } catch (e) {
      // Stored, not applied: the gateway's retry of this messageId applies it.
      logger.warn({ err: (e as Error).message }, 'an inbound SMS could not be applied yet');
      return retryLater();
    }
    // What it did is recorded before the reply leaves: a retry then repeats the reply, not the answer.
    const reply = renderOfferReply(applied.outcome, applied.lang, applied.until).text;
    await prisma.inboundSms.updateMany({ where: { id, outcome: 'RECEIVED' }, data: { outcome: applied.outcome, bundleId: applied.bundleIds[0] ?? null, reply } });
    if (!(await sendReply(message, reply))) return retryLater();
    return respond(200, { messageId: message.messageId, outcome: applied.outcome, duplicate: false });
  };
}

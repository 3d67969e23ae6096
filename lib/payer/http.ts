/**
 * The HTTP payer: each batch (lib/payer/batch-file.ts, the same JSON Lines) is POSTed to the
 * payer's endpoint with the batch id as its Idempotency-Key header, under a time limit per attempt,
 * retried with exponential backoff on a network failure, a time-out, 408, 429 or 5xx; any other
 * 4xx is final. The payer answers 2xx with, optionally, `{"results":[{"idempotencyKey","status":
 * "PAID"|"REJECTED"|"ACCEPTED","reason"}]}`; an instruction it does not answer for is ACCEPTED
 * (acknowledged later through recordPayerAcknowledgement). The payer deduplicates on the batch's
 * key and on each instruction's key, so a retried POST pays nothing twice.
 */
import { buildBatch, serializeBatch } from './batch-file.ts';
import { createBatcher, type BatchLimits } from './batching.ts';
import type { PayerPort, PayerReceipt } from './port.ts';

export interface HttpPayerOptions extends BatchLimits {
  url: string;
  timeoutMs: number;
  /** Attempts per batch (at least 1). */
  attempts: number;
  /** The first backoff; it doubles each attempt (with up to 20% jitter). */
  backoffMs: number;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string;
  sleep?: (ms: number) => Promise<void>;
}

export class PayerHttpError extends Error {
  override name = 'PayerHttpError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

const retryableStatus = (s: number) => s === 408 || s === 429 || s >= 500;

function receiptsFrom(body: unknown): Map<string, PayerReceipt> {
  const out = new Map<string, PayerReceipt>();
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return out;
  for (const r of results as { idempotencyKey?: unknown; status?: unknown; reason?: unknown }[]) {
    if (typeof r?.idempotencyKey !== 'string') continue;
    if (r.status === 'PAID') out.set(r.idempotencyKey, { status: 'PAID' });
    else if (r.status === 'REJECTED') out.set(r.idempotencyKey, { status: 'REJECTED', reason: typeof r.reason === 'string' && r.reason ? r.reason.slice(0, 200) : 'UNSPECIFIED' });
    else if (r.status === 'ACCEPTED') out.set(r.idempotencyKey, { status: 'ACCEPTED' });
  }
  return out;
}

export function createHttpPayer(options: HttpPayerOptions): PayerPort {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  async function post(body: string, batchId: string): Promise<unknown> {
    let last: unknown;
    for (let attempt = 1; attempt <= Math.max(1, options.attempts); attempt++) {
      try {
        const res = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-ndjson',
            'idempotency-key': batchId,
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        const text = await res.text();
        if (res.ok) {
          try {
            return text ? JSON.parse(text) : null;
          } catch {
            return null;
          }
        }
        last = new PayerHttpError(`payer answered ${res.status} for batch ${batchId}`, retryableStatus(res.status), res.status);
        if (!retryableStatus(res.status)) throw last;
      } catch (e) {
        if (e instanceof PayerHttpError && !e.retryable) throw e;
        last = e instanceof PayerHttpError ? e : new PayerHttpError(`payer unreachable for batch ${batchId}: ${(e as Error).message}`, true);
      }
      if (attempt < options.attempts) await sleep(Math.round(options.backoffMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.2)));
    }
    throw last;
  }
  const batcher = createBatcher(options, async (orders) => {
    const batch = buildBatch(orders);
    const answered = receiptsFrom(await post(serializeBatch(batch), batch.batchId));
    return new Map(orders.map((o) => [o.idempotencyKey, answered.get(o.idempotencyKey) ?? ({ status: 'ACCEPTED' } as PayerReceipt)]));
  });
  return {
    async deliver(order) {
      return (await batcher.submit([order]))[0]!;
    },
    deliverMany: (orders) => batcher.submit(orders),
  };
}

/**
 * The payment batch a file or HTTP payer receives, and the acknowledgement file it answers with.
 *
 * Batch (`<batchId>.jsonl`, UTF-8 JSON Lines, one record a line):
 *   {"record":"HEADER","format":"qyzmet-payment-batch/1","batchId":"b-…","createdAt":"…"}
 *   {"record":"INSTRUCTION","idempotencyKey":"…","kind":"PAYMENT","payer":"STATE_CORPORATION","iban":"KZ…","amount":"123.45","currency":"KZT","caseId":"…","period":"2026-03"}
 *   … one INSTRUCTION per order …
 *   {"record":"TRAILER","count":N,"controlSum":"…"}
 * `count` is the number of INSTRUCTION records, `controlSum` the sum of their amounts (two
 * decimals, computed in tiyn, so exactly). The batch id follows from the set of idempotency keys
 * it carries, so a batch written again after a crash or a retry has the same id and the same keys;
 * the payer deduplicates on each instruction's key whatever batch brings it.
 *
 * Acknowledgement file (`*.jsonl` in the inbound directory, one acknowledgement a line):
 *   {"idempotencyKey":"…","status":"PAID"}
 *   {"idempotencyKey":"…","status":"REJECTED","reason":"CLOSED_ACCOUNT","at":"2026-03-17T09:00:00Z"}
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PaymentOrder } from './port.ts';
import { ACKNOWLEDGEMENT_STATUSES, type AcknowledgementStatus } from './vocabulary.ts';

export const BATCH_FORMAT = 'qyzmet-payment-batch/1';

export interface PaymentBatch {
  batchId: string;
  createdAt: string;
  orders: PaymentOrder[];
  count: number;
  controlSum: string;
}

/** An amount in tiyn (hundredths), exactly: "123.45" → 12345n. */
export function toTiyn(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new Error(`amount "${amount}" is not a decimal with at most two places`);
  const tiyn = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -tiyn : tiyn;
}

export function fromTiyn(tiyn: bigint): string {
  const sign = tiyn < 0n ? '-' : '';
  const abs = tiyn < 0n ? -tiyn : tiyn;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** The id of the batch carrying these keys: the same keys, the same id. */
export function batchIdOf(orders: readonly PaymentOrder[]): string {
  const keys = [...new Set(orders.map((o) => o.idempotencyKey))].sort();
  return `b-${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32)}`;
}

export function buildBatch(orders: readonly PaymentOrder[], now: Date = new Date()): PaymentBatch {
  // One order per key: a key delivered twice in one batch would be a duplicate line.
  const unique = [...new Map(orders.map((o) => [o.idempotencyKey, o])).values()].sort((a, b) => a.idempotencyKey.localeCompare(b.idempotencyKey));
  const sum = unique.reduce((s, o) => s + toTiyn(o.amount), 0n);
  return { batchId: batchIdOf(unique), createdAt: now.toISOString(), orders: unique, count: unique.length, controlSum: fromTiyn(sum) };
}

export function serializeBatch(batch: PaymentBatch): string {
  const lines = [
    JSON.stringify({ record: 'HEADER', format: BATCH_FORMAT, batchId: batch.batchId, createdAt: batch.createdAt }),
    ...batch.orders.map((o) =>
      JSON.stringify({ record: 'INSTRUCTION', idempotencyKey: o.idempotencyKey, kind: o.kind, payer: o.payer, iban: o.iban, amount: o.amount, currency: o.currency, caseId: o.caseId, period: o.period }),
    ),
    JSON.stringify({ record: 'TRAILER', count: batch.count, controlSum: batch.controlSum }),
  ];
  return `${lines.join('\n')}\n`;
}

export class BatchFormatError extends Error {
  override name = 'BatchFormatError';
}

/** Reads a batch back, checking its header, count and control sum (what the payer does on receipt). */
export function parseBatch(text: string): PaymentBatch {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const records = lines.map((l, i) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new BatchFormatError(`line ${i + 1} is not JSON`);
    }
  });
  const header = records[0];
  const trailer = records[records.length - 1];
  if (header?.record !== 'HEADER' || header.format !== BATCH_FORMAT) throw new BatchFormatError(`the first line is not a ${BATCH_FORMAT} header`);
  if (records.length < 2 || trailer?.record !== 'TRAILER') throw new BatchFormatError('the last line is not a trailer');
  const orders = records.slice(1, -1).map((r, i) => {
    if (r.record !== 'INSTRUCTION') throw new BatchFormatError(`line ${i + 2} is not an instruction`);
    const { record: _record, ...order } = r;
    return order as unknown as PaymentOrder;
  });
  const sum = fromTiyn(orders.reduce((s, o) => s + toTiyn(o.amount), 0n));
  if (trailer.count !== orders.length) throw new BatchFormatError(`the trailer counts ${String(trailer.count)} instructions, the batch holds ${orders.length}`);
  if (trailer.controlSum !== sum) throw new BatchFormatError(`the trailer's control sum ${String(trailer.controlSum)} differs from the amounts' ${sum}`);
  if (header.batchId !== batchIdOf(orders)) throw new BatchFormatError(`batch id ${String(header.batchId)} does not match its keys`);
  return { batchId: header.batchId as string, createdAt: header.createdAt as string, orders, count: orders.length, controlSum: sum };
}

export const batchFileName = (batchId: string) => `${batchId}.jsonl`;

/**
 * Writes the batch to `dir` atomically: a temporary file, fsynced, renamed into place, the
 * directory fsynced — a reader sees the whole batch or none. A batch already there (the same id,
 * hence the same keys) is left as it is: written again after a crash, it is not duplicated.
 */
export async function writeBatchFile(dir: string, batch: PaymentBatch): Promise<{ path: string; written: boolean }> {
  const target = path.join(dir, batchFileName(batch.batchId));
  try {
    await fs.access(target);
    return { path: target, written: false };
  } catch {
    // not there yet
  }
  const temp = path.join(dir, `.${batchFileName(batch.batchId)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.open(temp, 'wx', 0o640);
  try {
    await handle.writeFile(serializeBatch(batch), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
  const dirHandle = await fs.open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
  return { path: target, written: true };
}

export interface ParsedAcknowledgement {
  idempotencyKey: string;
  status: AcknowledgementStatus;
  reason: string | null;
  at: Date | null;
}

/** An acknowledgement file: the acknowledgements it holds, and the lines it could not read (reported, not fatal). */
export function parseAcknowledgements(text: string): { acknowledgements: ParsedAcknowledgement[]; malformed: { line: number; problem: string }[] } {
  const acknowledgements: ParsedAcknowledgement[] = [];
  const malformed: { line: number; problem: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      malformed.push({ line: i + 1, problem: 'not JSON' });
      return;
    }
    const key = r.idempotencyKey;
    const status = r.status;
    if (typeof key !== 'string' || key.length === 0 || key.length > 400) return void malformed.push({ line: i + 1, problem: 'idempotencyKey missing or too long' });
    if (!(ACKNOWLEDGEMENT_STATUSES as readonly unknown[]).includes(status)) return void malformed.push({ line: i + 1, problem: `status must be one of ${ACKNOWLEDGEMENT_STATUSES.join(', ')}` });
    const reason = typeof r.reason === 'string' && r.reason.trim() !== '' ? r.reason.slice(0, 200) : null;
    if (status === 'REJECTED' && !reason) return void malformed.push({ line: i + 1, problem: 'a rejection needs a reason' });
    const at = typeof r.at === 'string' && !Number.isNaN(Date.parse(r.at)) ? new Date(r.at) : null;
    acknowledgements.push({ idempotencyKey: key, status: status as AcknowledgementStatus, reason, at });
  });
  return { acknowledgements, malformed };
}

/**
 * The file and HTTP payers: the batch format (header, instructions, trailer with count and
 * control sum), atomic batch files, size- and time-bounded batches, a hand-over repeated after a
 * crash that writes the same batch under the same keys, and an HTTP payer that fails the first
 * tries and sees one idempotency key per batch on every try.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { BatchFormatError, batchIdOf, buildBatch, parseAcknowledgements, parseBatch, serializeBatch, writeBatchFile } from './batch-file.ts';
import { createFilePayer } from './file.ts';
import { createHttpPayer, PayerHttpError } from './http.ts';
import type { PaymentOrder } from './port.ts';

const order = (key: string, amount = '100.00', iban = 'KZ86125KZT5004100100'): PaymentOrder => ({
  idempotencyKey: key,
  kind: 'PAYMENT',
  payer: 'STATE_CORPORATION',
  iban,
  amount,
  currency: 'KZT',
  caseId: `case-${key}`,
  period: 'ONCE',
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-payer-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const batchFiles = () => fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
const readBatches = () => batchFiles().map((f) => parseBatch(fs.readFileSync(path.join(dir, f), 'utf8')));

describe('the batch format', () => {
  it('carries a header, one line per instruction and a trailer whose count and control sum are exact', () => {
    const batch = buildBatch([order('e1:2026-01', '0.10'), order('e1:2026-02', '0.20'), order('e2:ONCE', '149640.35')], new Date('2026-03-16T06:00:00Z'));
    expect(batch).toMatchObject({ count: 3, controlSum: '149640.65' });
    const text = serializeBatch(batch);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ record: 'HEADER', format: 'qyzmet-payment-batch/1', batchId: batch.batchId, createdAt: '2026-03-16T06:00:00.000Z' });
    expect(lines.slice(1, -1).map((l) => [l.record, l.idempotencyKey, l.amount])).toEqual([
      ['INSTRUCTION', 'e1:2026-01', '0.10'],
      ['INSTRUCTION', 'e1:2026-02', '0.20'],
      ['INSTRUCTION', 'e2:ONCE', '149640.35'],
    ]);
    expect(lines.at(-1)).toEqual({ record: 'TRAILER', count: 3, controlSum: '149640.65' });
    expect(parseBatch(text)).toMatchObject({ batchId: batch.batchId, count: 3, controlSum: '149640.65' });
  });

  it('names a batch by its keys, whatever their order or time, and refuses a batch whose trailer disagrees', () => {
    const a = buildBatch([order('k1'), order('k2')], new Date(0));
    const b = buildBatch([order('k2'), order('k1'), order('k2')], new Date(1_000_000));
    expect(b.batchId).toBe(a.batchId);
    expect(b.count).toBe(2);
    expect(batchIdOf([order('k1')])).not.toBe(a.batchId);
    const text = serializeBatch(a);
    expect(() => parseBatch(text.replace('"controlSum":"200.00"', '"controlSum":"300.00"'))).toThrow(BatchFormatError);
    expect(() => parseBatch(text.replace('"count":2', '"count":3'))).toThrow(/counts 3/);
    expect(() => parseBatch(text.split('\n').slice(1).join('\n'))).toThrow(/header/);
  });

  it('reads acknowledgements, reporting the lines it cannot use', () => {
    const { acknowledgements, malformed } = parseAcknowledgements(
      [
        '{"idempotencyKey":"k1","status":"PAID","at":"2026-03-17T09:00:00Z"}',
        '{"idempotencyKey":"k2","status":"REJECTED","reason":"CLOSED_ACCOUNT"}',
        'not json',
        '{"idempotencyKey":"k3","status":"REJECTED"}',
        '{"idempotencyKey":"k4","status":"MAYBE"}',
        '',
      ].join('\n'),
    );
    expect(acknowledgements).toEqual([
      { idempotencyKey: 'k1', status: 'PAID', reason: null, at: new Date('2026-03-17T09:00:00Z') },
      { idempotencyKey: 'k2', status: 'REJECTED', reason: 'CLOSED_ACCOUNT', at: null },
    ]);
    expect(malformed.map((m) => m.line)).toEqual([3, 4, 5]);
  });
});

describe('the file payer', () => {
  it('writes each batch atomically (no temporary file left) and accepts its orders', async () => {
    const payer = createFilePayer({ outboundDir: dir, maxSize: 10, maxWaitMs: 0 });
    expect(await payer.deliverMany!([order('a'), order('b', '50.50')])).toEqual([{ status: 'ACCEPTED' }, { status: 'ACCEPTED' }]);
    expect(fs.readdirSync(dir)).toEqual(batchFiles());
    expect(readBatches()).toMatchObject([{ count: 2, controlSum: '150.50' }]);
  });

  it('bounds a batch by size and by time: concurrent hand-overs share batches of at most maxSize', async () => {
    const batches: string[][] = [];
    const payer = createFilePayer({ outboundDir: dir, maxSize: 3, maxWaitMs: 50, onBatch: (b) => void batches.push(b.orders.map((o) => o.idempotencyKey)) });
    const started = Date.now();
    await Promise.all([payer.deliver(order('k1')), payer.deliver(order('k2')), payer.deliverMany!([order('k3'), order('k4')]), payer.deliver(order('k5'))]);
    // Batches are written concurrently: the first full one may finish after the timed one.
    expect(batches.map((b) => b.length).sort()).toEqual([2, 3]);
    expect(batches.flat().sort()).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
    // A lone order leaves after the wait, not never.
    const alone = Date.now();
    await payer.deliver(order('k6'));
    expect(Date.now() - alone).toBeGreaterThanOrEqual(40);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(batchFiles()).toHaveLength(3);
  });

  it('a hand-over repeated after a crash between writing the batch and recording it writes the same batch, once', async () => {
    const handed: { batchId: string; written: boolean }[] = [];
    const payer = createFilePayer({ outboundDir: dir, maxSize: 10, maxWaitMs: 0, onBatch: (b, f) => void handed.push({ batchId: b.batchId, written: f.written }) });
    let crash = true;
    // The dispatcher dies after the file is on disk, before it records the delivery.
    const crashing = async (orders: PaymentOrder[]) => {
      const receipts = await payer.deliverMany!(orders);
      if (crash) {
        crash = false;
        throw new Error('worker killed before the delivery was recorded');
      }
      return receipts;
    };
    const orders = [order('e9:2026-01'), order('e9:2026-02')];
    await expect(crashing(orders)).rejects.toThrow(/killed/);
    expect(await crashing(orders)).toEqual([{ status: 'ACCEPTED' }, { status: 'ACCEPTED' }]);
    expect(handed).toEqual([
      { batchId: handed[0]!.batchId, written: true },
      { batchId: handed[0]!.batchId, written: false },
    ]);
    const [only, ...more] = readBatches();
    expect(more).toEqual([]);
    expect(only!.orders.map((o) => o.idempotencyKey)).toEqual(['e9:2026-01', 'e9:2026-02']);
  });

  it('writes no half batch: a temporary file never takes the batch name', async () => {
    const batch = buildBatch([order('x')]);
    fs.writeFileSync(path.join(dir, `.${batch.batchId}.jsonl.1.2.tmp`), 'partial');
    expect(await writeBatchFile(dir, batch)).toMatchObject({ written: true });
    expect(readBatches()).toHaveLength(1);
  });
});

describe('the HTTP payer', () => {
  const seen: { key: string | undefined; auth: string | undefined; body: string }[] = [];
  let failFirst = 0;
  let hang = 0;
  let status = 200;
  let answer: unknown = null;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ key: req.headers['idempotency-key'] as string | undefined, auth: req.headers.authorization, body });
      if (hang > 0) {
        hang--;
        return; // never answers: the client's time limit ends it
      }
      if (failFirst > 0) {
        failFirst--;
        res.writeHead(503).end('busy');
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(answer === null ? '' : JSON.stringify(answer));
    });
  });
  let url = '';
  const ready = new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(async () => {
    await ready;
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/batches`;
    seen.length = 0;
    failFirst = 0;
    hang = 0;
    status = 200;
    answer = null;
  });
  const payerOf = (over: Partial<Parameters<typeof createHttpPayer>[0]> = {}) => createHttpPayer({ url, timeoutMs: 300, attempts: 4, backoffMs: 10, maxSize: 100, maxWaitMs: 0, token: 'payer-token-0123456789', ...over });

  it('retries a failing payer with backoff under one idempotency key per batch, and maps its answers', async () => {
    failFirst = 2;
    answer = { results: [{ idempotencyKey: 'h1', status: 'PAID' }, { idempotencyKey: 'h2', status: 'REJECTED', reason: 'CLOSED_ACCOUNT' }] };
    const receipts = await payerOf().deliverMany!([order('h1'), order('h2'), order('h3')]);
    expect(receipts).toEqual([{ status: 'PAID' }, { status: 'REJECTED', reason: 'CLOSED_ACCOUNT' }, { status: 'ACCEPTED' }]);
    expect(seen).toHaveLength(3);
    const batchId = batchIdOf([order('h1'), order('h2'), order('h3')]);
    expect(seen.map((s) => s.key)).toEqual([batchId, batchId, batchId]);
    expect(seen.every((s) => s.auth === 'Bearer payer-token-0123456789')).toBe(true);
    // Every try carries the same instructions under the same keys.
    expect(new Set(seen.map((s) => JSON.stringify(parseBatch(s.body).orders)))).toHaveProperty('size', 1);
    expect(parseBatch(seen[0]!.body)).toMatchObject({ count: 3, controlSum: '300.00' });
  });

  it('gives up on a payer that does not answer within its time limit, after its tries', async () => {
    hang = 10;
    const started = Date.now();
    await expect(payerOf({ attempts: 2 }).deliver(order('t1'))).rejects.toMatchObject({ name: 'PayerHttpError', retryable: true });
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('does not retry a request the payer refuses (4xx)', async () => {
    status = 422;
    const failure = await payerOf().deliver(order('r1')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PayerHttpError);
    expect(failure).toMatchObject({ retryable: false, status: 422 });
    expect(seen).toHaveLength(1);
  });

  it('a dispatch retried after the payer took the batch sends the same key, which the payer deduplicates on', async () => {
    const payer = payerOf();
    await payer.deliver(order('d1'));
    await payer.deliver(order('d1'));
    expect(seen.map((s) => s.key)).toEqual([batchIdOf([order('d1')]), batchIdOf([order('d1')])]);
  });
});

describe('PAYER_MODE in the configuration', () => {
  const errorOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error('accepted');
  };

  it('demands each mode’s variables, with typed issues', () => {
    expect(errorOf({ PAYER_MODE: 'file' }).issues.map((i) => i.variable).sort()).toEqual(['PAYER_INBOUND_DIR', 'PAYER_OUTBOUND_DIR']);
    expect(errorOf({ PAYER_MODE: 'file', PAYER_OUTBOUND_DIR: 'out', PAYER_INBOUND_DIR: '/in' }).issues).toEqual([{ variable: 'PAYER_OUTBOUND_DIR', message: 'must be an absolute path' }]);
    expect(errorOf({ PAYER_MODE: 'file', PAYER_OUTBOUND_DIR: '/x', PAYER_INBOUND_DIR: '/x' }).issues.map((i) => i.variable)).toEqual(['PAYER_INBOUND_DIR']);
    expect(errorOf({ PAYER_MODE: 'http' }).issues.map((i) => i.variable)).toEqual(['PAYER_URL']);
    expect(errorOf({ PAYER_MODE: 'bank' }).issues.map((i) => i.variable)).toEqual(['PAYER_MODE']);
    expect(errorOf({ PAYER_MODE: 'http', PAYER_URL: 'https://payer.kz/b', PAYER_TIMEOUT_MS: '60000' }).issues.map((i) => i.variable)).toEqual(['PAYER_TIMEOUT_MS']);
    const file = loadConfig({ PAYER_MODE: 'file', PAYER_OUTBOUND_DIR: '/var/payer/out', PAYER_INBOUND_DIR: '/var/payer/in' });
    expect(file).toMatchObject({ PAYER_MODE: 'file', PAYER_BATCH_SIZE: 500, PAYER_BATCH_WAIT_MS: 200, PAYER_INBOUND_POLL_MS: 10_000 });
  });

  it('refuses the simulated payer and a plain-http payer in production unless a staging deployment opts in', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/d', JWT_PUBLIC_KEYS: 'x', SIGNING_KEY_FILE: '/k.pem' };
    expect(errorOf({ ...production, PAYER_MODE: 'simulated' }).issues.map((i) => i.variable)).toContain('PAYER_MODE');
    expect(errorOf({ ...production, PAYER_MODE: 'http', PAYER_URL: 'http://payer.kz/b' }).issues.map((i) => i.variable)).toContain('PAYER_URL');
    expect(loadConfig({ ...production, PAYER_MODE: 'simulated', ALLOW_SIMULATED_INTEGRATIONS: 'true' }).PAYER_MODE).toBe('simulated');
  });
});

/**
 * The file payer on the real stack: a birth allowance's instruction leaves in a batch file written
 * to the outbound directory (DELIVERED, not paid until the payer answers); the payer's
 * acknowledgement file rejecting it (a closed account) takes the existing rejection path — the
 * PAYMENT_REJECTED officer task — once, however often the file is read; an acknowledgement for an
 * unknown instruction is reported, not fatal; and a dispatch that dies after writing its batch,
 * before recording it (failing, or killed and its lease run out), is retried into the same batch
 * under the same keys.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentOutboxActivities, SENDING_LEASE_MS } from '../activities/payment-outbox.ts';
import { ingestAcknowledgementFiles, startPayerInbox, startPaymentRejectionWorkflow } from '../activities/payer-inbox.ts';
import { parseBatch, type PaymentBatch } from '../lib/payer/batch-file.ts';
import { createFilePayer } from '../lib/payer/file.ts';
import type { PayerPort } from '../lib/payer/port.ts';
import { entitlementIdOf, entitlementWorkflowId, paymentRejectionTaskIdOf, paymentRejectionWorkflowId } from '../workflows/messages.ts';
import { startEngine, type Engine } from './support/engine.ts';
import { freshApplicants } from './support/fresh-applicants.ts';
import { until } from './support/until.ts';

let engine: Engine;
let payer: PayerPort;
let root: string;
let outbound: string;
let inbound: string;
const handed: { batch: PaymentBatch; written: boolean }[] = [];
/** Keys whose first hand-over "crashes" after its batch is written, before the dispatcher records it. */
const crashAfterWrite = new Set<string>();

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-file-payer-'));
  outbound = path.join(root, 'out');
  inbound = path.join(root, 'in');
  fs.mkdirSync(inbound, { recursive: true });
  const file = createFilePayer({ outboundDir: outbound, maxSize: 100, maxWaitMs: 50, onBatch: (batch, f) => void handed.push({ batch, written: f.written }) });
  payer = {
    deliver: file.deliver,
    async deliverMany(orders) {
      const receipts = await file.deliverMany!(orders);
      const crashing = orders.find((o) => crashAfterWrite.delete(o.idempotencyKey));
      if (crashing) throw new Error(`dispatcher died after writing the batch holding ${crashing.idempotencyKey}`);
      return receipts;
    },
  };
  engine = await startEngine({ payer });
}, 300_000);
afterAll(async () => {
  await engine?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const prisma = () => engine.db.prisma;
const batchesOnDisk = () => fs.readdirSync(outbound).filter((f) => f.endsWith('.jsonl')).map((f) => parseBatch(fs.readFileSync(path.join(outbound, f), 'utf8')));
const ingest = () =>
  ingestAcknowledgementFiles({ prisma: prisma(), inboundDir: inbound, startRejection: (id) => startPaymentRejectionWorkflow(engine.client, engine.taskQueue, id) });
let fileSeq = 0;
const dropAcknowledgements = (lines: object[]) => fs.writeFileSync(path.join(inbound, `ack-${String(++fileSeq).padStart(4, '0')}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

async function approvedBirthAllowance(): Promise<{ caseId: string; instructionId: string; key: string }> {
  const caseId = await engine.startCase(freshApplicants(engine).birth());
  expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
  await engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();
  const instructionId = `pi_${entitlementIdOf(caseId)}:ONCE`;
  const row = await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: instructionId } });
  return { caseId, instructionId, key: row.idempotencyKey };
}

describe('the file payer on the real stack', () => {
  it('writes a birth allowance to a batch file; the payer’s rejection file opens the officer task, once', async () => {
    const { caseId, instructionId, key } = await approvedBirthAllowance();
    const row = await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: instructionId } });
    // Handed over, not paid: the payer has not answered yet.
    expect(row).toMatchObject({ status: 'DELIVERED', acknowledgedAt: null });
    const carrying = batchesOnDisk().filter((b) => b.orders.some((o) => o.idempotencyKey === key));
    expect(carrying).toHaveLength(1);
    const line = carrying[0]!.orders.find((o) => o.idempotencyKey === key)!;
    expect(line).toMatchObject({ kind: 'PAYMENT', iban: row.iban, amount: row.amount.toFixed(2), currency: 'KZT', caseId, period: 'ONCE' });

    dropAcknowledgements([
      { idempotencyKey: key, status: 'REJECTED', reason: 'CLOSED_ACCOUNT', at: '2026-03-17T09:00:00Z' },
      { idempotencyKey: 'no-such-entitlement:ONCE', status: 'PAID' },
    ]);
    const [first] = await ingest();
    expect(first).toMatchObject({ recorded: 1, alreadyRecorded: 0, unknown: ['no-such-entitlement:ONCE'], conflicts: [], malformed: [], rejections: [instructionId] });
    expect(fs.readdirSync(path.join(inbound, 'processed'))).toContain(first!.file);
    expect(await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: instructionId } })).toMatchObject({ status: 'REJECTED', rejectionReason: 'CLOSED_ACCOUNT' });
    const task = await until('the rejection task', () => prisma().task.findUnique({ where: { id: paymentRejectionTaskIdOf(instructionId) } }), (t) => t !== null);
    expect(task).toMatchObject({ kind: 'PAYMENT_REJECTED', status: 'OPEN', workflowId: paymentRejectionWorkflowId(instructionId), reasons: ['PAYMENT_REJECTED:CLOSED_ACCOUNT', 'PERIOD:ONCE'] });

    // The same file again (a payer resending it), then a contrary answer: nothing changes.
    dropAcknowledgements([{ idempotencyKey: key, status: 'REJECTED', reason: 'CLOSED_ACCOUNT' }]);
    dropAcknowledgements([{ idempotencyKey: key, status: 'PAID' }]);
    const [again, contrary] = await ingest();
    expect(again).toMatchObject({ recorded: 0, alreadyRecorded: 1, unknown: [] });
    expect(contrary).toMatchObject({ recorded: 0, conflicts: [{ idempotencyKey: key, recorded: 'REJECTED', received: 'PAID' }] });
    expect(await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: instructionId } })).toMatchObject({ status: 'REJECTED' });
    expect(await prisma().task.count({ where: { caseId, kind: 'PAYMENT_REJECTED' } })).toBe(1);
    const period = await prisma().entitlementPeriod.findUniqueOrThrow({ where: { id: row.periodId } });
    expect(period.status).toBe('REJECTED');
    expect(await prisma().auditEntry.count({ where: { action: 'PAYMENT_REJECTED', idempotencyKey: `${instructionId}:rejected` } })).toBe(1);
    await engine.client.workflow.getHandle(paymentRejectionWorkflowId(instructionId)).terminate('test over');
  });

  it('a dispatch that dies after writing its batch is retried into the same batch, and a paid acknowledgement pays the period once', async () => {
    const fresh = freshApplicants(engine).birth();
    const caseId = await engine.startCase(fresh);
    const key = `${entitlementIdOf(caseId)}:ONCE`;
    crashAfterWrite.add(key);
    expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    await engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();
    const row = await prisma().paymentInstruction.findUniqueOrThrow({ where: { idempotencyKey: key } });
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    // Two hand-overs of one batch: written once, found on disk the second time.
    const handOvers = handed.filter((h) => h.batch.orders.some((o) => o.idempotencyKey === key));
    expect(handOvers.map((h) => h.written)).toEqual([true, false]);
    expect(new Set(handOvers.map((h) => h.batch.batchId)).size).toBe(1);
    expect(batchesOnDisk().flatMap((b) => b.orders).filter((o) => o.idempotencyKey === key)).toHaveLength(1);

    // A worker killed outright between writing the batch and recording it leaves the row SENDING;
    // after the lease another dispatch claims it and hands over the same batch, still on disk.
    await prisma().paymentInstruction.update({ where: { id: row.id }, data: { status: 'SENDING', sendingSince: new Date(Date.now() - SENDING_LEASE_MS - 1_000), deliveredAt: null } });
    const redispatched = await createPaymentOutboxActivities({ prisma: prisma(), payer }).dispatchPaymentInstructions({ entitlementId: row.entitlementId });
    expect(redispatched).toMatchObject({ delivered: 1, paid: 0, rejected: 0 });
    expect(await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'DELIVERED', attempts: 3 });
    const all = handed.filter((h) => h.batch.orders.some((o) => o.idempotencyKey === key));
    expect(all.map((h) => [h.batch.batchId, h.written])).toEqual([
      [handOvers[0]!.batch.batchId, true],
      [handOvers[0]!.batch.batchId, false],
      [handOvers[0]!.batch.batchId, false],
    ]);
    expect(batchesOnDisk().flatMap((b) => b.orders).filter((o) => o.idempotencyKey === key)).toHaveLength(1);

    dropAcknowledgements([{ idempotencyKey: key, status: 'PAID' }]);
    dropAcknowledgements([{ idempotencyKey: key, status: 'PAID' }]);
    const reports = await ingest();
    expect(reports.map((r) => [r.recorded, r.alreadyRecorded])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(await prisma().entitlementPeriod.findUniqueOrThrow({ where: { id: row.periodId } })).toMatchObject({ status: 'PAID' });
    expect(await prisma().paymentInstruction.count({ where: { caseId, status: 'PAID' } })).toBe(1);
  });

  it('the worker’s inbox reads the directory on its own until stopped, an unknown key reported and the file set aside', async () => {
    const warnings: unknown[] = [];
    const logger = { info: () => undefined, warn: (o: unknown) => void warnings.push(o) } as never;
    const inbox = startPayerInbox({ prisma: prisma(), inboundDir: inbound, intervalMs: 100, logger, startRejection: (id) => startPaymentRejectionWorkflow(engine.client, engine.taskQueue, id) });
    dropAcknowledgements([{ idempotencyKey: 'never-instructed:ONCE', status: 'PAID' }, { idempotencyKey: 'x', status: 'REJECTED' }]);
    const name = `ack-${String(fileSeq).padStart(4, '0')}.jsonl`;
    await until('the file set aside', async () => fs.existsSync(path.join(inbound, 'processed', name)), (v) => v, 10_000);
    await inbox.stop();
    expect(warnings).toEqual([expect.objectContaining({ file: name, unknown: ['never-instructed:ONCE'], malformed: [{ line: 2, problem: 'a rejection needs a reason' }] })]);
  });
});

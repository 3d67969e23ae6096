/**
 * The file payer: instructions leave as batch files (lib/payer/batch-file.ts) written atomically
 * to an outbound directory the payer's transfer picks up (SFTP or a shared mount); the payer's
 * answers come back later as acknowledgement files in an inbound directory (lib/payer/inbox.ts).
 * Every order is ACCEPTED once its batch is on disk; nothing is paid until the payer answers.
 */
import fs from 'node:fs';
import { buildBatch, writeBatchFile, type PaymentBatch } from './batch-file.ts';
import { createBatcher, type BatchLimits } from './batching.ts';
import type { PayerPort, PayerReceipt } from './port.ts';

export interface FilePayerOptions extends BatchLimits {
  outboundDir: string;
  /** Called after each batch is written (metrics, logs, tests). */
  onBatch?(batch: PaymentBatch, file: { path: string; written: boolean }): void | Promise<void>;
}

export function createFilePayer(options: FilePayerOptions): PayerPort {
  fs.mkdirSync(options.outboundDir, { recursive: true });
  const batcher = createBatcher(options, async (orders) => {
    const batch = buildBatch(orders);
    const file = await writeBatchFile(options.outboundDir, batch);
    await options.onBatch?.(batch, file);
    return new Map<string, PayerReceipt>(orders.map((o) => [o.idempotencyKey, { status: 'ACCEPTED' }]));
  });
  return {
    async deliver(order) {
      return (await batcher.submit([order]))[0]!;
    },
    deliverMany: (orders) => batcher.submit(orders),
  };
}

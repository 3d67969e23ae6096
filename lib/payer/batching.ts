/**
 * Group commit for a batching payer: orders handed over by concurrent dispatches wait together
 * until the batch is full (maxSize) or the oldest has waited maxWaitMs, then leave as one batch.
 * Each caller's promise settles with its own receipts once its batch is handed over (or fails
 * with the batch). A batch never holds more than maxSize orders; a caller's orders may span
 * batches.
 */
import type { PayerReceipt, PaymentOrder } from './port.ts';

export interface BatchLimits {
  maxSize: number;
  maxWaitMs: number;
}

interface Waiting {
  order: PaymentOrder;
  resolve(receipt: PayerReceipt): void;
  reject(e: unknown): void;
}

export function createBatcher(limits: BatchLimits, send: (orders: PaymentOrder[]) => Promise<Map<string, PayerReceipt>>) {
  if (limits.maxSize < 1 || limits.maxWaitMs < 0) throw new Error('a batch holds at least one order and waits a non-negative time');
  let pending: Waiting[] = [];
  let timer: NodeJS.Timeout | null = null;

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    while (pending.length) {
      const batch = pending.slice(0, limits.maxSize);
      pending = pending.slice(limits.maxSize);
      send(batch.map((w) => w.order)).then(
        (receipts) => {
          for (const w of batch) {
            const r = receipts.get(w.order.idempotencyKey);
            if (r) w.resolve(r);
            else w.reject(new Error(`the payer gave no receipt for ${w.order.idempotencyKey}`));
          }
        },
        (e) => batch.forEach((w) => w.reject(e)),
      );
      // What is left is smaller than a batch: it waits for more, unless full.
      if (pending.length < limits.maxSize) break;
    }
    if (pending.length && !timer) timer = setTimeout(flush, limits.maxWaitMs);
  }

  return {
    submit(orders: PaymentOrder[]): Promise<PayerReceipt[]> {
      const receipts = orders.map((order) => new Promise<PayerReceipt>((resolve, reject) => pending.push({ order, resolve, reject })));
      if (pending.length >= limits.maxSize || limits.maxWaitMs === 0) flush();
      else if (!timer) timer = setTimeout(flush, limits.maxWaitMs);
      return Promise.all(receipts);
    },
    /** Orders waiting for their batch. */
    get waiting() {
      return pending.length;
    },
  };
}

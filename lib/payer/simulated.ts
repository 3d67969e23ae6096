/**
 * The simulated payer (development and tests): pays every instruction at once, rejects those to
 * the configured closed accounts (CLOSED_ACCOUNT), accepts recoveries (to be acknowledged later), and deduplicates on the idempotency key as a
 * real payer does. It counts deliveries and payments per key, so a test can prove that nothing was
 * paid twice whatever the retries.
 */
import type { PayerPort, PayerReceipt, PaymentOrder } from './port.ts';
import { REJECTION } from './vocabulary.ts';

export interface SimulatedPayer extends PayerPort {
  /** How many times each key was delivered (a retry after a crash may deliver again). */
  readonly deliveries: Map<string, number>;
  /** How many times each key was paid: never more than once. */
  readonly payments: Map<string, number>;
  readonly orders: PaymentOrder[];
  /** The accounts it rejects as closed (a test may add one). */
  readonly closedAccounts: Set<string>;
  /** Fail the next n deliveries before answering (a payer outage). */
  failNext(n: number): void;
}

export function createSimulatedPayer(options: { closedAccounts?: Iterable<string> } = {}): SimulatedPayer {
  const closed = new Set(options.closedAccounts ?? []);
  const deliveries = new Map<string, number>();
  const payments = new Map<string, number>();
  const answered = new Map<string, PayerReceipt>();
  const orders: PaymentOrder[] = [];
  let failures = 0;
  return {
    deliveries,
    payments,
    orders,
    closedAccounts: closed,
    failNext(n) {
      failures = n;
    },
    async deliver(order) {
      if (failures > 0) {
        failures--;
        throw new Error('simulated payer unavailable');
      }
      deliveries.set(order.idempotencyKey, (deliveries.get(order.idempotencyKey) ?? 0) + 1);
      const earlier = answered.get(order.idempotencyKey);
      if (earlier) return earlier;
      orders.push(order);
      // A recovery is taken in later from the recipient: accepted now, acknowledged when recovered.
      const receipt: PayerReceipt = order.kind === 'RECOVERY' ? { status: 'ACCEPTED' } : closed.has(order.iban) ? { status: 'REJECTED', reason: REJECTION.closedAccount } : { status: 'PAID' };
      if (receipt.status === 'PAID') payments.set(order.idempotencyKey, (payments.get(order.idempotencyKey) ?? 0) + 1);
      answered.set(order.idempotencyKey, receipt);
      return receipt;
    },
  };
}

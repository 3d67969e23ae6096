/**
 * The payer port: where payment instructions leave Qyzmet (the dispatcher in
 * activities/payment-outbox.ts delivers through it). A payer deduplicates on the instruction's
 * idempotency key, so a delivery repeated after a crash pays nothing twice; it answers at once
 * (PAID / REJECTED) or later, through recordPayerAcknowledgement (ACCEPTED).
 */
import type { Payer, PaymentInstructionKind } from './vocabulary.ts';

export interface PaymentOrder {
  idempotencyKey: string;
  /** PAYMENT and CORRECTION pay `amount` into `iban`; RECOVERY asks the payer to recover `amount` (an overpayment). */
  kind: PaymentInstructionKind;
  payer: Payer;
  iban: string;
  amount: string;
  currency: string;
  caseId: string;
  period: string;
}

export type PayerReceipt = { status: 'ACCEPTED' } | { status: 'PAID' } | { status: 'REJECTED'; reason: string };

export interface PayerPort {
  deliver(order: PaymentOrder): Promise<PayerReceipt>;
  /**
   * A batching payer (lib/payer/file.ts, lib/payer/http.ts) takes several orders at once; the
   * receipts come back in the orders' order. Either all are handed over or the call fails.
   */
  deliverMany?(orders: PaymentOrder[]): Promise<PayerReceipt[]>;
}

/**
 * The payment hand-off's vocabulary, owned here (the floor) because the workflow contract, the
 * activities and the API all speak it: who pays, where an instruction stands, and the key the payer
 * deduplicates on.
 */

/** Who pays: the State Corporation pays budget allowances, the State Social Insurance Fund social payments. */
export const PAYERS = ['STATE_CORPORATION', 'SOCIAL_INSURANCE_FUND'] as const;
export type Payer = (typeof PAYERS)[number];

/** A payment instruction in the outbox: written PENDING, claimed SENDING, DELIVERED to the payer, then its acknowledgement. */
export const PAYMENT_INSTRUCTION_STATUSES = ['PENDING', 'SENDING', 'DELIVERED', 'PAID', 'REJECTED'] as const;
export type PaymentInstructionStatus = (typeof PAYMENT_INSTRUCTION_STATUSES)[number];
/** The payer's final word on an instruction. */
export const ACKNOWLEDGEMENT_STATUSES = ['PAID', 'REJECTED'] as const;
export type AcknowledgementStatus = (typeof ACKNOWLEDGEMENT_STATUSES)[number];
/** Rejection reasons a payer gives (open: a payer may name others). */
export const REJECTION = { closedAccount: 'CLOSED_ACCOUNT' } as const;

/** What the payer deduplicates an instruction on: one per entitlement and period. */
export const paymentIdempotencyKey = (entitlementId: string, period: string): string => `${entitlementId}:${period}`;

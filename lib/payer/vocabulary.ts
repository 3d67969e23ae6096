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

/**
 * PAYMENT pays a period (a rejected one may be re-issued, to another account, under a new key);
 * CORRECTION pays the difference a replaced decision (or the MCI of a period paid PROVISIONAL, once
 * the catalog has it) adds to a period already instructed; RECOVERY asks back what a replaced
 * decision took away (an overpayment), all of it when a refusal replaced the approval.
 */
export const PAYMENT_INSTRUCTION_KINDS = ['PAYMENT', 'CORRECTION', 'RECOVERY'] as const;
export type PaymentInstructionKind = (typeof PAYMENT_INSTRUCTION_KINDS)[number];

/** What the payer deduplicates an instruction on: one per entitlement and period. */
export const paymentIdempotencyKey = (entitlementId: string, period: string): string => `${entitlementId}:${period}`;
/**
 * The n-th re-issue of a period's rejected payment (n from 1). A new key, since the payer has
 * answered the old one for good; the period is still paid once, because a payment is re-issued only
 * when the one before it was rejected (which paid nothing) and each is re-issued at most once.
 */
export const reissueIdempotencyKey = (entitlementId: string, period: string, n: number): string => `${paymentIdempotencyKey(entitlementId, period)}:reissue-${n}`;
/**
 * What a payer's rejection sends to an officer for another account: money paid to an account, a
 * PAYMENT or a CORRECTION. A RECOVERY is money owed back by the recipient, not paid into an account:
 * another account does not make it recoverable, so it is not re-issued (it stays REJECTED, and the
 * overpayment still counts as owed: activities/period-amounts.ts).
 */
export const REISSUABLE_KINDS: readonly PaymentInstructionKind[] = ['PAYMENT', 'CORRECTION'];
export const isReissuable = (kind: string): boolean => (REISSUABLE_KINDS as readonly string[]).includes(kind);
/**
 * A rejected correction re-issued: its own key with `:reissue-<n>` (n from 1, one more each time the
 * re-issued one is rejected again), so the payer, which has answered the old key for good, pays it once.
 */
export const correctionReissueIdempotencyKey = (rejectedKey: string): string => {
  const m = /^(.*):reissue-(\d+)$/.exec(rejectedKey);
  return m ? `${m[1]}:reissue-${Number(m[2]) + 1}` : `${rejectedKey}:reissue-1`;
};
/** A period's correction after the decision that replaced the one it was paid under: one per period and decision. */
export const correctionIdempotencyKey = (entitlementId: string, period: string, decisionId: string): string => `${paymentIdempotencyKey(entitlementId, period)}:correction-${decisionId}`;
/** A PROVISIONAL period's correction once the MCI of its year is in the catalog: one per period (a period is indexed once). */
export const indexationIdempotencyKey = (entitlementId: string, period: string, mciYear: number): string => `${paymentIdempotencyKey(entitlementId, period)}:indexed-${mciYear}`;
/** The period an instruction belongs to, from its period row id (<entitlementId>:<period>). */
export const periodOfInstruction = (i: { entitlementId: string; periodId: string }): string => i.periodId.slice(i.entitlementId.length + 1);

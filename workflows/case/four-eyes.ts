/**
 * Four-eyes on the amount actually paid: when an officer's approval in a first review needs a
 * second, different reviewer instead of deciding. Pure, so the rule is tested on its own and
 * read in one place.
 *
 *   - what is granted in total (the amount times the months paid) at or above the service's
 *     threshold;
 *   - an amount above what the rules computed — a raise is the officer's alone, whatever its size;
 *   - an amount where the rules computed none (missing evidence): the whole amount is the
 *     officer's.
 *
 * Lowering the computed amount below the threshold stays a one-officer decision: it pays less
 * than the law's formula gave, and the reason is recorded and signed.
 */
export interface ApprovalAmount {
  /** The amount the officer approves (KZT). */
  amount: number;
  /** What the rules computed, or null when they could not. */
  computed: number | null;
  /** Months paid (1 for a one-time payment). */
  periodMonths: number;
  /** The service's four-eyes threshold on the total (KZT). */
  threshold: number;
}

export function needsSecondReview({ amount, computed, periodMonths, threshold }: ApprovalAmount): boolean {
  return amount * periodMonths >= threshold || computed === null || amount > computed;
}

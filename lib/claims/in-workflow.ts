/**
 * Officer claims in workflow code: verify in the Update validator, read in the handler.
 *
 *   setHandler(resolveTaskUpdate, (input) => { const officer = claimedOfficer(input); … },
 *              { validator: (input) => { requireOfficerClaim(input); … } });
 *
 * requireOfficerClaim checks the claim (verify-claim.ts) against this workflow's id, the running
 * Update's name and id, its input and workflow time, with the keys the worker put in the bundle
 * (trusted-keys.ts); a refusal is an ApplicationFailure of type ClaimRejected with the reason
 * code in its details, so the caller sees why and the history gets no event at all.
 *
 * claimedOfficer only decodes: validators do not run on replay, and a handler that verified
 * again would make replay depend on today's keys and clock. It is safe because the handler runs
 * only after its validator accepted the same input.
 */
import { ApplicationFailure, currentUpdateInfo, workflowInfo } from '@temporalio/workflow';
import { base64urlDecode, utf8Text, type OfficerClaimPayload } from './claim-format.ts';
import { trustedClaimKeys } from './trusted-keys.ts';
import { verifyOfficerClaim, type ClaimRejectionCode, type VerifiedOfficer } from './verify-claim.ts';

export const CLAIM_REJECTED = 'ClaimRejected';

function rejected(code: ClaimRejectionCode, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: CLAIM_REJECTED, message, nonRetryable: true, details: [{ code }] });
}

export function requireOfficerClaim(input: unknown): VerifiedOfficer {
  const update = currentUpdateInfo();
  if (!update) throw rejected('NO_CLAIM', 'officer claims are verified in Update validators');
  const result = verifyOfficerClaim((input as { claim?: unknown } | null)?.claim, {
    keys: trustedClaimKeys(),
    workflowId: workflowInfo().workflowId,
    updateName: update.name,
    updateId: update.id,
    input,
    nowMs: Date.now(), // workflow time
  });
  if (!result.ok) throw rejected(result.code, result.message);
  return result.officer;
}

/** The officer a validated claim names; throws if the input carries no decodable claim. */
export function claimedOfficer(input: unknown): VerifiedOfficer {
  const token = (input as { claim?: unknown } | null)?.claim;
  const payload = typeof token === 'string' ? token.split('.')[1] : undefined;
  const bytes = payload === undefined ? null : base64urlDecode(payload);
  const text = bytes && utf8Text(bytes);
  if (!text) throw rejected('MALFORMED', 'the Update input carries no officer claim');
  const claim = JSON.parse(text) as OfficerClaimPayload;
  return { id: claim.sub, department: claim.dept, roles: [...claim.roles] };
}

/**
 * Verifying an officer claim (claim-format.ts) — pure, synchronous and deterministic, so an
 * Update validator inside Temporal's workflow sandbox can call it (validators cannot await).
 *
 *   verifyOfficerClaim(token, { keys, workflowId, updateName, updateId, input, nowMs })
 *     → { ok: true, officer: { id, department, roles }, claim } | { ok: false, code, message }
 *
 * Checked in this order, the first failure answering: the token's shape and header (EdDSA, the
 * claim type), the key id among the trusted keys, the Ed25519 signature (RFC 8032 strict
 * encoding: @noble/curves with zip215 off, as OpenSSL verifies), the payload's fields, the time
 * (issued no later than now + skew, not expired, lifetime ≤ 5 minutes) and the bindings to this
 * workflow, this Update name, this Update id and this input. Nothing in the payload is believed
 * before the signature verifies.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  base64urlDecode,
  CLAIM_CLOCK_SKEW_SECONDS,
  CLAIM_TYPE,
  CLAIM_VERSION,
  claimInputDigest,
  MAX_CLAIM_LIFETIME_SECONDS,
  utf8Bytes,
  utf8Text,
  type OfficerClaimPayload,
  type TrustedClaimKeys,
} from './claim-format.ts';

export type ClaimRejectionCode =
  | 'NO_CLAIM'
  | 'MALFORMED'
  | 'UNSUPPORTED'
  | 'NO_TRUSTED_KEYS'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'LIFETIME_TOO_LONG'
  | 'WRONG_WORKFLOW'
  | 'WRONG_UPDATE'
  | 'WRONG_UPDATE_ID'
  | 'WRONG_INPUT';

export interface VerifiedOfficer {
  id: string;
  department: string;
  roles: string[];
}

export type ClaimVerification =
  | { ok: true; officer: VerifiedOfficer; claim: OfficerClaimPayload; keyId: string }
  | { ok: false; code: ClaimRejectionCode; message: string };

export interface ClaimContext {
  keys: TrustedClaimKeys | undefined;
  workflowId: string;
  updateName: string;
  updateId: string;
  /** The Update input the claim came with (its `claim` member is ignored). */
  input: unknown;
  /** Workflow time inside a workflow (Date.now() there), the clock elsewhere. */
  nowMs: number;
}

const MAX_TOKEN_LENGTH = 4096;
const reject = (code: ClaimRejectionCode, message: string): ClaimVerification => ({ ok: false, code, message });

function parseJson(segment: string): unknown {
  const bytes = base64urlDecode(segment);
  const text = bytes && utf8Text(bytes);
  if (text == null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isText = (v: unknown, max = 256): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

function isPayload(p: unknown): p is OfficerClaimPayload {
  if (!p || typeof p !== 'object' || Array.isArray(p)) return false;
  const c = p as Record<string, unknown>;
  return (
    c.v === CLAIM_VERSION &&
    isText(c.sub) &&
    isText(c.dept) &&
    Array.isArray(c.roles) &&
    c.roles.length <= 32 &&
    c.roles.every((r) => isText(r, 64)) &&
    isText(c.wid, 1000) &&
    isText(c.upd) &&
    isText(c.uid, 256) &&
    isText(c.arg, 64) &&
    isSeconds(c.iat) &&
    isSeconds(c.exp)
  );
}

export function verifyOfficerClaim(token: unknown, ctx: ClaimContext): ClaimVerification {
  if (token === undefined || token === null || token === '') return reject('NO_CLAIM', 'the Update carries no officer claim; send it through the API');
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return reject('MALFORMED', 'the officer claim is not a compact token');
  const segments = token.split('.');
  if (segments.length !== 3) return reject('MALFORMED', 'the officer claim is not a compact token');
  const [h, p, s] = segments as [string, string, string];
  const header = parseJson(h) as Record<string, unknown> | undefined;
  if (!header || typeof header !== 'object') return reject('MALFORMED', 'the officer claim header is not JSON');
  if (header.alg !== 'EdDSA' || header.typ !== CLAIM_TYPE || header.crit !== undefined) {
    return reject('UNSUPPORTED', `the officer claim must be typ ${CLAIM_TYPE} signed with EdDSA`);
  }
  if (!ctx.keys || Object.keys(ctx.keys).length === 0) return reject('NO_TRUSTED_KEYS', 'this worker has no trusted claim keys; it cannot accept officer actions');
  const kid = header.kid;
  const keyText = typeof kid === 'string' && Object.prototype.hasOwnProperty.call(ctx.keys, kid) ? ctx.keys[kid] : undefined;
  const publicKey = keyText === undefined ? null : base64urlDecode(keyText);
  if (!publicKey || publicKey.length !== 32) return reject('UNKNOWN_KEY', `the officer claim is signed with key ${String(kid).slice(0, 64)}, which this worker does not trust`);
  const signature = base64urlDecode(s);
  let valid = false;
  if (signature && signature.length === 64) {
    try {
      valid = ed25519.verify(signature, utf8Bytes(`${h}.${p}`), publicKey, { zip215: false });
    } catch {
      valid = false;
    }
  }
  if (!valid) return reject('BAD_SIGNATURE', 'the officer claim signature does not verify');

  const claim = parseJson(p);
  if (!isPayload(claim)) return reject('MALFORMED', 'the officer claim payload is incomplete');
  const now = Math.floor(ctx.nowMs / 1000);
  if (claim.iat > now + CLAIM_CLOCK_SKEW_SECONDS) return reject('NOT_YET_VALID', 'the officer claim was issued in the future');
  if (now >= claim.exp) return reject('EXPIRED', 'the officer claim has expired; repeat the action through the API');
  if (claim.exp - claim.iat > MAX_CLAIM_LIFETIME_SECONDS) return reject('LIFETIME_TOO_LONG', `an officer claim may live at most ${MAX_CLAIM_LIFETIME_SECONDS} s`);
  if (claim.wid !== ctx.workflowId) return reject('WRONG_WORKFLOW', 'the officer claim is for another case');
  if (claim.upd !== ctx.updateName) return reject('WRONG_UPDATE', 'the officer claim is for another action');
  if (claim.uid !== ctx.updateId) return reject('WRONG_UPDATE_ID', 'the officer claim is for another request');
  let digest: string | null;
  try {
    digest = claimInputDigest(ctx.input);
  } catch {
    digest = null;
  }
  if (claim.arg !== digest) return reject('WRONG_INPUT', 'the officer claim was issued for different input');
  return { ok: true, officer: { id: claim.sub, department: claim.dept, roles: [...claim.roles] }, claim, keyId: kid as string };
}

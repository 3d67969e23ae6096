/**
 * The officer claim: which officer the API vouches for, for which Update of which workflow,
 * until when. A compact JWS (RFC 7515) signed with Ed25519 (RFC 8037):
 *
 *   base64url({"alg":"EdDSA","kid":"<RFC 7638 thumbprint>","typ":"qyzmet-officer-claim"})
 *   . base64url({"v":1,"sub":officer id,"dept":department,"roles":[…],
 *                "wid":workflow id,"upd":update name,"uid":update id,"arg":input digest,
 *                "iat":issued (s),"exp":expires (s)})
 *   . base64url(signature)
 *
 * `uid` ties the claim to one Update request (Temporal answers a repeated update id with the
 * first result, so a copied claim cannot run a second time), and `arg` to its exact input: the
 * unpadded base64url SHA-256 of the canonical JSON of the Update input without its `claim`
 * member (claimInputDigest). A claim copied from a history therefore cannot approve another
 * case, take another action, or change the amount.
 *
 * Pure JavaScript (no Node modules, no Buffer): this file runs inside Temporal's workflow sandbox.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { canonicalize } from '../canonicalize.ts';

export const CLAIM_TYPE = 'qyzmet-officer-claim';
export const CLAIM_VERSION = 1;
/** A claim is for one request: the API issues it just before sending the Update. */
export const MAX_CLAIM_LIFETIME_SECONDS = 300;
/** Tolerated difference between the API's clock and workflow time. */
export const CLAIM_CLOCK_SKEW_SECONDS = 60;

export interface ClaimHeader {
  alg: 'EdDSA';
  kid: string;
  typ: typeof CLAIM_TYPE;
}

export interface OfficerClaimPayload {
  v: typeof CLAIM_VERSION;
  sub: string;
  dept: string;
  roles: string[];
  wid: string;
  upd: string;
  uid: string;
  arg: string;
  iat: number;
  exp: number;
}

/** Trusted verification keys: key id (RFC 7638 thumbprint) → raw Ed25519 public key, base64url (the JWK `x`). */
export type TrustedClaimKeys = Readonly<Record<string, string>>;

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX = Object.fromEntries([...B64URL].map((c, i) => [c, i])) as Record<string, number>;

export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let j = 0; j < chars; j++) out += B64URL[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

/** Strict unpadded base64url; null for anything else (including non-canonical trailing bits). */
export function base64urlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of text) {
    acc = (acc << 6) | B64URL_INDEX[c]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

const utf8 = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}

export function utf8Text(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The `arg` a claim carries for an Update input: its canonical JSON without `claim`, hashed. */
export function claimInputDigest(input: unknown): string {
  const rest = input && typeof input === 'object' && !Array.isArray(input) ? { ...(input as Record<string, unknown>), claim: undefined } : input;
  return base64urlEncode(sha256(utf8Bytes(canonicalize(rest))));
}

/**
 * How the trusted claim keys reach the workflow sandbox without I/O: the worker writes them into
 * the workflow bundle it runs, as a frozen global defined by a one-line prelude.
 *
 *   withTrustedClaimKeys(bundleCode, keys) → bundle code for Worker.create({ workflowBundle: { code } })
 *   trustedClaimKeys()                     → the keys, read inside workflow code (undefined if absent)
 *
 * Why this way: it works the same for a bundle built at start (bundleWorkflowCode) and for a
 * prebuilt bundle file read at start, so production's one reviewed artifact never has keys baked
 * in at build time, and rotating keys is a worker restart with a new key file, not a rebuild.
 * The prelude is inserted just before the bundle's inline source map (which the worker parses
 * from the end of the code), so line numbers and the map stay valid. It runs while the worker
 * evaluates the bundle, before any workflow exists; Temporal's reusable V8 context then freezes
 * every global it finds, and the property is read-only besides, so workflow code cannot swap the
 * keys. A webpack define would instead fix the keys at build time and need a rebuild per rotation.
 *
 * Only Update validators may depend on these keys: validators do not run on replay, so a history
 * replays the same whatever keys the replaying worker holds. Handlers must not verify again
 * (use claimedOfficer from in-workflow.ts).
 */
import type { TrustedClaimKeys } from './claim-format.ts';

export const CLAIM_KEYS_GLOBAL = '__qyzmetTrustedClaimKeys';
// Built at run time, so the bundle (which contains this module) never holds the text itself.
const PRELUDE_START = `Object.defineProperty(globalThis, ${JSON.stringify(CLAIM_KEYS_GLOBAL)}`;
const KID = /^[A-Za-z0-9_-]{1,128}$/;
const RAW_ED25519_KEY = /^[A-Za-z0-9_-]{43}$/;

export class TrustedKeysError extends Error {
  override name = 'TrustedKeysError';
}

export function claimKeysPrelude(keys: TrustedClaimKeys): string {
  for (const [kid, x] of Object.entries(keys)) {
    if (!KID.test(kid)) throw new TrustedKeysError(`claim key id ${JSON.stringify(kid.slice(0, 40))} must be 1–128 base64url characters`);
    if (!RAW_ED25519_KEY.test(x)) throw new TrustedKeysError(`claim key ${kid} must be a raw Ed25519 public key in base64url (43 characters)`);
  }
  const literal = JSON.stringify(Object.fromEntries(Object.entries(keys).sort(([a], [b]) => (a < b ? -1 : 1))));
  return `${PRELUDE_START}, { value: Object.freeze(${literal}), writable: false, enumerable: false, configurable: false });`;
}

const SOURCE_MAP_COMMENT = '//# sourceMappingURL=data:';

export function withTrustedClaimKeys(bundleCode: string, keys: TrustedClaimKeys): string {
  if (bundleCode.includes(PRELUDE_START)) throw new TrustedKeysError('this workflow bundle already defines trusted claim keys');
  const at = bundleCode.lastIndexOf(SOURCE_MAP_COMMENT);
  if (at < 0) throw new TrustedKeysError('not a Temporal workflow bundle: it has no inline source map');
  return `${bundleCode.slice(0, at)}\n${claimKeysPrelude(keys)}\n${bundleCode.slice(at)}`;
}

export function trustedClaimKeys(): TrustedClaimKeys | undefined {
  return (globalThis as Record<string, unknown>)[CLAIM_KEYS_GLOBAL] as TrustedClaimKeys | undefined;
}

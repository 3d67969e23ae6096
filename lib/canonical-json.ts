/**
 * Canonical JSON (lib/canonicalize.ts) and the content hashes computed over it.
 */
import { createHash } from 'node:crypto';
import { canonicalize } from './canonicalize.ts';

export { CanonicalJsonError, canonicalize } from './canonicalize.ts';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** "sha256:<hex>" of the canonical form: the content hash stored with decisions and evidence. */
export function contentHash(value: unknown): string {
  return `sha256:${sha256Hex(canonicalize(value))}`;
}

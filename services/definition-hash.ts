/**
 * The content hash of a definition ("sha256:<hex>" of its canonical JSON): stored with the
 * published version and with every decision, so an auditor can prove which rules decided.
 */
import { contentHash } from '../lib/canonical-json.ts';
import type { ServiceDefinition } from './definition.ts';

const cache = new WeakMap<object, string>();

export function definitionHash(def: ServiceDefinition): string {
  // Cached per object: catalog definitions are frozen, so the object cannot change under the hash.
  if (Object.isFrozen(def)) {
    const hit = cache.get(def);
    if (hit) return hit;
    const hash = contentHash(def);
    cache.set(def, hash);
    return hash;
  }
  return contentHash(def);
}

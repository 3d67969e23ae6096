/**
 * Ids in arguments: Relay global ids (what `id` fields return) or, for convenience in scripts
 * and curl, the raw ids (`caseId`, `taskId`, `decisionId` fields). A global id of another type
 * never matches.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';

const RAW_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export function parseId(value: string, typename: 'Case' | 'Task' | 'Decision'): string | null {
  try {
    const decoded = decodeGlobalID(value);
    if (decoded.typename === typename) return decoded.id;
    if (['Case', 'Task', 'Decision'].includes(decoded.typename)) return null;
  } catch {
    // not a global id: maybe a raw one
  }
  return RAW_ID.test(value) ? value : null;
}

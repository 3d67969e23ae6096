/**
 * Scrubbing personal data out of a workflow history (in the SDK's history JSON form) so it can be
 * committed or shared. Histories hold ids and hashes by design, but some inputs are the outside
 * world's words: Update arguments (officer ids, reasons, requests, a citizen's answers), life
 * event ids built from an IIN, failure messages that quote a registry. So:
 *
 *   - every payload is decoded and walked, not just the JSON around it (payloads are base64);
 *   - Update arguments are deny-by-default: only structural fields (task ids, actions, groups,
 *     amounts) survive, every other string becomes a pseudonym;
 *   - everywhere else, known fields are pseudonymised (officer ids, reasons, requests, answers)
 *     and IINs and +7 phones are replaced wherever they occur, ids and messages included;
 *   - stack traces, worker identities and sticky queue names (host names) are dropped.
 *
 * Replacements are consistent (keyed HMAC, see pseudonyms.ts): replay never compares activity
 * inputs or Update payloads, but the workflow does compare officer ids with each other, and the
 * same IIN must become the same fake IIN in a workflow id and in the input that repeats it.
 */
import { Pseudonyms } from './pseudonyms.ts';

import type { HistoryJson } from './json.ts';

export type { HistoryJson };

const IIN = /(?<![0-9A-Za-z])\d{12}(?![0-9A-Za-z])/g;
const PHONE = /(?<![\d+])(?:\+7|8)[\s(-]*7\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)|(?<![\d+])\+7\d{10}(?!\d)/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\/request)?$/i;

/** Keys whose value names a person acting on the case (an officer, a supervisor). */
const ACTOR_KEYS = new Set(['officerId', 'assignee', 'firstReviewer', 'decidedBy', 'by', 'actor']);
/** Actor values that are roles, not people. */
const ROLE_ACTORS = new Set(['citizen', 'system', 'SYSTEM']);
/** Keys whose value is free text written by a person. */
const TEXT_KEYS = new Set(['reason', 'request', 'comment', 'note', 'message']);
/** Update-argument fields that are structure, not personal data (the deny-by-default allowlist). */
const UPDATE_STRUCTURAL_KEYS = new Set(['taskId', 'action', 'kind', 'status', 'department', 'role', 'roles', 'consent', 'channel', 'submissionId', 'amount', 'caseId']);

const JSON_PLAIN = 'json/plain';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

export interface Scrubber {
  /** IINs and phones in any string (ids, messages). */
  text(value: string): string;
  /** A workflow id, scrubbed exactly as the same id inside histories is. */
  workflowId(id: string): string;
  /** A scrubbed deep copy of a history in the SDK's JSON form. */
  history(history: HistoryJson): HistoryJson;
}

export function createScrubber(options: { key?: string } = {}): Scrubber {
  const p = new Pseudonyms(options.key);

  const text = (value: string): string => {
    if (UUID.test(value)) return value; // run ids, request ids, update ids: Temporal's own
    return value.replace(PHONE, (m) => p.phone(m)).replace(IIN, (m) => p.iin(m));
  };

  const actor = (v: unknown): unknown => (typeof v === 'string' && !ROLE_ACTORS.has(v) ? p.actor(v) : v);

  /**
   * An officer claim in an Update argument (lib/claims): its payload is what the workflow's
   * handler reads on replay, so it stays a decodable token — the officer pseudonymised as every
   * other actor, the signature dropped (replay never verifies; validators do not run on replay).
   */
  function claim(token: string): string {
    const [header, body] = token.split('.');
    try {
      const payload = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      if (typeof payload.sub !== 'string') throw new Error('no subject');
      const scrubbed = { ...payload, sub: actor(payload.sub), wid: typeof payload.wid === 'string' ? text(payload.wid) : payload.wid };
      return `${header}.${Buffer.from(JSON.stringify(scrubbed), 'utf8').toString('base64url')}.scrubbed`;
    } catch {
      return p.text(token);
    }
  }

  /** A decoded payload value. `strict` is for Update arguments (deny by default). */
  function value(v: unknown, key: string | null, parent: string | null, strict: boolean): unknown {
    if (Array.isArray(v)) return v.map((x) => value(x, key, parent, strict));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = value(x, k, key, strict);
      return out;
    }
    if (typeof v !== 'string') return v;
    if (key === 'claim' && strict) return claim(v);
    if (key !== null && (ACTOR_KEYS.has(key) || (key === 'id' && parent === 'officer'))) return actor(v);
    if (parent === 'answers' || (key !== null && TEXT_KEYS.has(key))) return p.text(v);
    if (strict && !(key !== null && UPDATE_STRUCTURAL_KEYS.has(key))) return p.text(v);
    return text(v);
  }

  function payload(pl: Record<string, unknown>, strict: boolean): Record<string, unknown> {
    const metadata = pl.metadata as Record<string, string>;
    if (typeof pl.data !== 'string' || !metadata.encoding || unb64(metadata.encoding) !== JSON_PLAIN) return pl;
    const decoded = JSON.parse(unb64(pl.data)) as unknown;
    return { ...pl, data: b64(JSON.stringify(value(decoded, null, null, strict))) };
  }

  /** The history JSON around payloads. `strict` turns on below an Update request's input. */
  function walk(node: unknown, key: string | null, strict: boolean): unknown {
    if (Array.isArray(node)) return node.map((x) => walk(x, key, strict));
    if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.metadata && typeof obj.metadata === 'object' && 'encoding' in (obj.metadata as object)) return payload(obj, strict);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(obj)) {
        if (k === 'stackTrace') out[k] = '';
        else if (k === 'identity') out[k] = typeof x === 'string' && x ? 'scrubbed' : x;
        else if (k === 'name' && obj.kind === 'TASK_QUEUE_KIND_STICKY') out[k] = 'sticky'; // <pid>@<host>-<uuid>
        else out[k] = walk(x, k, strict || ((k === 'acceptedRequest' || k === 'request') && isUpdateRequest(x)));
      }
      return out;
    }
    return typeof node === 'string' ? text(node) : node;
  }

  return {
    text,
    workflowId: text,
    history: (history) => walk(history, null, false) as HistoryJson,
  };
}

function isUpdateRequest(x: unknown): boolean {
  return Boolean(x && typeof x === 'object' && 'input' in x && 'meta' in x);
}

/**
 * A history as stored by Temporal carries its payloads as the codec left them (encrypted). The
 * history toolbox reads, summarises, scrubs and replays decoded histories, so every history is
 * decoded once, where it enters: fetched from Temporal (select.ts) or read from a file
 * (scripts/replay.ts). Replaying a decoded history needs no codec; the Temporal UI and CLI decode
 * through the codec server instead (lib/temporal/codec-server.ts).
 *
 * Payloads are found by shape, not by event type: every object whose `metadata` holds an
 * `encoding` is a Payload (Temporal's own codec server walks proto JSON the same way), so new
 * event types and nested failures are covered without a list to keep. Payloads already in clear
 * text pass through the codec unchanged.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';

interface Slot {
  parent: Record<string | number, unknown>;
  key: string | number;
  payload: Payload;
}

function isPayload(value: unknown): value is Payload {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const metadata = (value as { metadata?: unknown }).metadata;
  if (!metadata || typeof metadata !== 'object') return false;
  const encoding = (metadata as Record<string, unknown>).encoding;
  return encoding instanceof Uint8Array;
}

function collect(node: unknown, slots: Slot[], seen: Set<object>): void {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array || seen.has(node)) return;
  seen.add(node);
  const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
  for (const [key, value] of entries) {
    if (isPayload(value)) slots.push({ parent: node as Record<string | number, unknown>, key, payload: value });
    else collect(value, slots, seen);
  }
}

/** Decodes every payload of a (proto-decoded) history in place and returns it; codecs apply last first, as the SDK does. */
export async function decodeHistory<T>(history: T, codecs: readonly PayloadCodec[]): Promise<T> {
  if (codecs.length === 0) return history;
  const slots: Slot[] = [];
  collect(history, slots, new Set());
  if (slots.length === 0) return history;
  let payloads = slots.map((s) => s.payload);
  for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
  slots.forEach((s, i) => (s.parent[s.key] = payloads[i]));
  return history;
}

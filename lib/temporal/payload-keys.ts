/**
 * Where the payload codec's keys come from: a secret file in production, a generated file in
 * development — as decision-signing keys are handled (lib/signing.ts).
 *
 *   loadPayloadKeys({ PAYLOAD_KEYS_FILE?, DATA_DIR, production }) → { keys, source, created }
 *   parsePayloadKeys(json, source)                                 → PayloadKeySet (throws PayloadKeyError)
 *   newPayloadKeyFile() / rotatePayloadKeys(file, newKeyId?)       → a key file, or it with a new active key
 *
 * The file: { "active": "<kid>", "keys": { "<kid>": "<base64 of 32 random bytes>", … } }. Key ids
 * are 1–64 of [A-Za-z0-9_.-]. To rotate, add a key and make it active; keep the old ones listed
 * for as long as histories encrypted with them may be replayed, read or decoded in the UI.
 *
 * PAYLOAD_KEYS_FILE unset: in production that is an error (histories would be encrypted with a
 * key nobody manages); elsewhere DATA_DIR/keys/payload-keys.json is created once with a random
 * key (mode 0600, atomically, so an API and a worker starting together agree on one key).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { PayloadKeySet } from './payload-codec.ts';

export class PayloadKeyError extends Error {
  override name = 'PayloadKeyError';
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const keyFileSchema = z
  .object({
    active: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1–64 of [A-Za-z0-9_.-]'),
    keys: z.record(
      z.string().regex(/^[\w.-]{1,64}$/, 'key ids must be 1–64 of [A-Za-z0-9_.-]'),
      z
        .string()
        .regex(STRICT_BASE64, 'must be standard base64')
        .refine((v) => Buffer.from(v, 'base64').length === 32, 'must decode to exactly 32 bytes (AES-256)'),
    ),
  })
  .strict()
  .refine((f) => f.active in f.keys, { message: 'names a key that is not in "keys"', path: ['active'] });

export type PayloadKeyFile = z.infer<typeof keyFileSchema>;

export function parsePayloadKeys(json: string, source: string): PayloadKeySet {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new PayloadKeyError(`${source} is not JSON (${(e as Error).message})`);
  }
  const parsed = keyFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PayloadKeyError(`${source}: ${issue.path.join('.') || '(file)'} ${issue.message}`);
  }
  return {
    active: parsed.data.active,
    keys: new Map(Object.entries(parsed.data.keys).map(([kid, b64]) => [kid, new Uint8Array(Buffer.from(b64, 'base64'))])),
  };
}

/** A fresh key file with one random key. The default id is derived from the key (it reveals nothing). */
export function newPayloadKeyFile(keyIdPrefix = 'k'): PayloadKeyFile {
  return rotatePayloadKeys({ active: '', keys: {} }, undefined, keyIdPrefix);
}

export function rotatePayloadKeys(file: PayloadKeyFile, newKeyId?: string, keyIdPrefix = 'k'): PayloadKeyFile {
  const key = randomBytes(32);
  const kid = newKeyId ?? `${keyIdPrefix}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  if (kid in file.keys) throw new PayloadKeyError(`key id ${kid} is already in the file`);
  return { active: kid, keys: { ...file.keys, [kid]: key.toString('base64') } };
}

export const DEV_PAYLOAD_KEYS_FILE = 'payload-keys.json';

/** Writes `contents` to `file` unless it exists; true when this call created it. */
function createOnce(file: string, contents: string): boolean {
  if (fs.existsSync(file)) return false;
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, contents, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export interface PayloadKeySource {
  PAYLOAD_KEYS_FILE?: string;
  DATA_DIR: string;
  production: boolean;
}

export function loadPayloadKeys(config: PayloadKeySource): { keys: PayloadKeySet; source: string; created: boolean } {
  let file = config.PAYLOAD_KEYS_FILE;
  let created = false;
  if (!file) {
    if (config.production) {
      throw new PayloadKeyError('PAYLOAD_KEYS_FILE is required in production (the AES-256 keys that encrypt workflow histories)');
    }
    const dir = path.join(config.DATA_DIR, 'keys');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    file = path.join(dir, DEV_PAYLOAD_KEYS_FILE);
    created = createOnce(file, JSON.stringify(newPayloadKeyFile('dev'), null, 2) + '\n');
  }
  let json: string;
  try {
    json = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new PayloadKeyError(`cannot read payload key file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { keys: parsePayloadKeys(json, file), source: file, created };
}

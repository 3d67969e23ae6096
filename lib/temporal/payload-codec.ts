/**
 * A Temporal PayloadCodec that encrypts every payload with AES-256-GCM, so workflow histories on
 * the Temporal server hold no clear text (Update inputs carry officers' reasons and citizens'
 * answers).
 *
 *   new EncryptionCodec(keys)       keys: { active: kid, keys: Map<kid, 32-byte key> } (payload-keys.ts)
 *   codec.encode(payloads) / codec.decode(payloads)   — give it to the client, the worker, the
 *                                   Replayer and the codec server as `dataConverter.payloadCodecs`
 *
 * Each payload (its metadata and data, serialised as the Payload protobuf) is encrypted with the
 * active key; the result carries `encoding: binary/encrypted` and `encryption-key-id: <kid>` in
 * its metadata, and `data = 0x01 ‖ 12-byte random IV ‖ ciphertext ‖ 16-byte tag`. The key id is
 * also bound as additional authenticated data, so relabelling a payload with another key's id
 * fails authentication instead of decrypting under the wrong key.
 *
 * Rotation: encode always uses the active key; decode accepts any key in the set, so histories
 * written before a rotation keep replaying as long as their key stays listed. A payload whose key
 * id is not in the set, or whose tag does not verify, is a PayloadCodecError naming the key id —
 * never silently passed on. Payloads that are not encrypted (histories from before the codec
 * was enabled) are passed through unchanged, so old cases keep replaying.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
// A CommonJS module whose named exports Node's ESM loader cannot see: take them from the default export.
import proto from '@temporalio/proto';

const { temporal } = proto;

export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKeySet {
  active: string;
  keys: ReadonlyMap<string, Uint8Array>;
}

export type PayloadCodecErrorCode = 'UNKNOWN_KEY' | 'DECRYPT_FAILED' | 'MALFORMED';

export class PayloadCodecError extends Error {
  constructor(
    readonly code: PayloadCodecErrorCode,
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'PayloadCodecError';
  }
}

const utf8 = new TextEncoder();
const fromUtf8 = (bytes: Uint8Array | null | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);
const aad = (keyId: string) => utf8.encode(`qyzmet/payload/v${FORMAT_VERSION}:${keyId}`);

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keySet: PayloadKeySet) {
    const key = keySet.keys.get(keySet.active);
    if (!key) throw new PayloadCodecError('UNKNOWN_KEY', `the active payload key ${keySet.active} is not in the key set`, keySet.active);
    for (const [kid, k] of keySet.keys) {
      if (k.length !== 32) throw new PayloadCodecError('MALFORMED', `payload key ${kid} has ${k.length} bytes; AES-256 needs 32`, kid);
    }
  }

  get activeKeyId(): string {
    return this.keySet.active;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.keySet.active;
    const key = this.keySet.keys.get(keyId)!;
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(keyId));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: utf8.encode(ENCODING_ENCRYPTED), [METADATA_KEY_ID]: utf8.encode(keyId) },
        data: Buffer.concat([Buffer.of(FORMAT_VERSION), iv, body, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (fromUtf8(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCODING_ENCRYPTED) return payload;
      const keyId = fromUtf8(payload.metadata?.[METADATA_KEY_ID]);
      if (!keyId) throw new PayloadCodecError('MALFORMED', `an encrypted payload has no ${METADATA_KEY_ID}`);
      const key = this.keySet.keys.get(keyId);
      if (!key) {
        throw new PayloadCodecError('UNKNOWN_KEY', `payload encrypted with key ${keyId}, which this process does not have; add it to the payload key file (keys.${keyId})`, keyId);
      }
      const data = payload.data ?? new Uint8Array();
      if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== FORMAT_VERSION) {
        throw new PayloadCodecError('MALFORMED', `encrypted payload (key ${keyId}) is truncated or of an unknown format`, keyId);
      }
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new PayloadCodecError('DECRYPT_FAILED', `encrypted payload (key ${keyId}) failed authentication: altered, or not written with this key`, keyId);
      }
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/**
 * The data converter every Temporal client and worker of a deployment uses: payloads leave the
 * process encrypted (payload-codec.ts) with the keys of PAYLOAD_KEYS_FILE, or, outside
 * production, a key file generated once under DATA_DIR/keys (payload-keys.ts). The worker, the
 * API's client, `npm start`, the replay tools, the tests' engine and the bench all take it from
 * here (through lib/platform.ts or directly), so no process writes clear text into a history
 * and every process can read what another wrote.
 *
 *   const codec = loadPayloadCodec(config)        → EncryptionCodec (throws PayloadKeyError)
 *   dataConverterOf(codec)                       → { payloadCodecs: [codec] }
 */
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import type { Config } from '../config.ts';
import { EncryptionCodec } from './payload-codec.ts';
import { loadPayloadKeys } from './payload-keys.ts';

export type PayloadCodecConfig = Pick<Config, 'PAYLOAD_KEYS_FILE' | 'DATA_DIR' | 'production'>;

export interface LoadedPayloadCodec {
  codec: EncryptionCodec;
  /** The key file read (or created). */
  source: string;
  /** True when this call generated the development key file. */
  created: boolean;
}

export function loadPayloadCodec(config: PayloadCodecConfig): LoadedPayloadCodec {
  const { keys, source, created } = loadPayloadKeys({ PAYLOAD_KEYS_FILE: config.PAYLOAD_KEYS_FILE, DATA_DIR: config.DATA_DIR, production: config.production });
  return { codec: new EncryptionCodec(keys), source, created };
}

export function dataConverterOf(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec] };
}

import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { ENCODING_ENCRYPTED, EncryptionCodec, METADATA_KEY_ID, PayloadCodecError, type PayloadKeySet } from './payload-codec.ts';

const keyA = new Uint8Array(randomBytes(32));
const keyB = new Uint8Array(randomBytes(32));
const setOf = (active: string, keys: Record<string, Uint8Array>): PayloadKeySet => ({ active, keys: new Map(Object.entries(keys)) });
const text = (b: Uint8Array | null | undefined) => new TextDecoder().decode(b ?? new Uint8Array());

const MARKER = 'Айгүл Сейітқызы IIN 900101300123';
const original = defaultPayloadConverter.toPayload({ reason: MARKER, amount: 85_000 });

async function rejection(p: Promise<unknown>): Promise<PayloadCodecError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(PayloadCodecError);
  return e as PayloadCodecError;
}

describe('EncryptionCodec', () => {
  it('round-trips a payload, metadata included, and hides its bytes', async () => {
    const codec = new EncryptionCodec(setOf('a', { a: keyA }));
    const [enc] = await codec.encode([original]);
    expect(text(enc!.metadata![METADATA_ENCODING_KEY])).toBe(ENCODING_ENCRYPTED);
    expect(text(enc!.metadata![METADATA_KEY_ID])).toBe('a');
    expect(Buffer.from(enc!.data!).includes(Buffer.from(MARKER))).toBe(false);
    expect(Buffer.from(enc!.data!).includes(Buffer.from('json/plain'))).toBe(false);
    const [dec] = await codec.decode([enc!]);
    expect(defaultPayloadConverter.fromPayload(dec!)).toEqual({ reason: MARKER, amount: 85_000 });
    expect(text(dec!.metadata![METADATA_ENCODING_KEY])).toBe('json/plain');
  });

  it('uses a fresh IV for every payload', async () => {
    const codec = new EncryptionCodec(setOf('a', { a: keyA }));
    const [x, y] = await codec.encode([original, original]);
    expect(Buffer.from(x!.data!).equals(Buffer.from(y!.data!))).toBe(false);
  });

  it('rotation: encrypts with the active key, decrypts with any known key', async () => {
    const before = new EncryptionCodec(setOf('a', { a: keyA }));
    const after = new EncryptionCodec(setOf('b', { a: keyA, b: keyB }));
    const [old] = await before.encode([original]);
    const [fresh] = await after.encode([original]);
    expect(text(fresh!.metadata![METADATA_KEY_ID])).toBe('b');
    expect(defaultPayloadConverter.fromPayload((await after.decode([old!]))[0]!)).toEqual({ reason: MARKER, amount: 85_000 });
    const e = await rejection(before.decode([fresh!]));
    expect([e.code, e.keyId]).toEqual(['UNKNOWN_KEY', 'b']);
    expect(e.message).toMatch(/key b/);
  });

  it.each([
    ['a flipped ciphertext bit', (p: Payload) => ({ ...p, data: flip(p.data!, 20) }), 'DECRYPT_FAILED'],
    ['a flipped tag bit', (p: Payload) => ({ ...p, data: flip(p.data!, p.data!.length - 1) }), 'DECRYPT_FAILED'],
    ['a flipped IV bit', (p: Payload) => ({ ...p, data: flip(p.data!, 3) }), 'DECRYPT_FAILED'],
    ['relabelled with another known key id', (p: Payload) => ({ ...p, metadata: { ...p.metadata, [METADATA_KEY_ID]: new TextEncoder().encode('b') } }), 'DECRYPT_FAILED'],
    ['truncated', (p: Payload) => ({ ...p, data: p.data!.subarray(0, 20) }), 'MALFORMED'],
    ['unknown format version', (p: Payload) => ({ ...p, data: Uint8Array.of(9, ...p.data!.subarray(1)) }), 'MALFORMED'],
    ['no key id', (p: Payload) => ({ ...p, metadata: { [METADATA_ENCODING_KEY]: p.metadata![METADATA_ENCODING_KEY]! } }), 'MALFORMED'],
  ])('refuses %s', async (_name, tamper, code) => {
    const codec = new EncryptionCodec(setOf('a', { a: keyA, b: keyB }));
    const [enc] = await codec.encode([original]);
    expect((await rejection(codec.decode([tamper(enc!)]))).code).toBe(code);
  });

  it('passes payloads that were never encrypted through unchanged', async () => {
    const codec = new EncryptionCodec(setOf('a', { a: keyA }));
    expect(await codec.decode([original])).toEqual([original]);
  });

  it('refuses a key set whose active key is missing or not 256 bits', () => {
    expect(() => new EncryptionCodec(setOf('x', { a: keyA }))).toThrow(PayloadCodecError);
    expect(() => new EncryptionCodec(setOf('a', { a: keyA.subarray(0, 16) }))).toThrow(/32/);
  });
});

function flip(data: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(data);
  copy[index]! ^= 0x01;
  return copy;
}

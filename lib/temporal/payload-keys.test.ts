import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_PAYLOAD_KEYS_FILE, loadPayloadKeys, newPayloadKeyFile, parsePayloadKeys, PayloadKeyError, rotatePayloadKeys } from './payload-keys.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payload-keys-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');

describe('parsePayloadKeys', () => {
  it('reads the active key and every key', () => {
    const set = parsePayloadKeys(JSON.stringify({ active: 'k2', keys: { k1: b64(32), k2: b64(32) } }), 'f.json');
    expect(set.active).toBe('k2');
    expect([...set.keys.keys()]).toEqual(['k1', 'k2']);
    expect(set.keys.get('k1')!.length).toBe(32);
  });

  it.each([
    ['not JSON', '{', /f\.json is not JSON/],
    ['active not listed', JSON.stringify({ active: 'k9', keys: { k1: b64(32) } }), /active names a key that is not in "keys"/],
    ['short key', JSON.stringify({ active: 'k1', keys: { k1: b64(16) } }), /keys\.k1 must decode to exactly 32 bytes/],
    ['not base64', JSON.stringify({ active: 'k1', keys: { k1: '!'.repeat(44) } }), /keys\.k1 must be standard base64/],
    ['bad key id', JSON.stringify({ active: 'a b', keys: { 'a b': b64(32) } }), /must be 1–64/],
    ['unknown member', JSON.stringify({ active: 'k1', keys: { k1: b64(32) }, extra: 1 }), /f\.json/],
  ])('refuses %s', (_name, json, message) => {
    expect(() => parsePayloadKeys(json, 'f.json')).toThrow(PayloadKeyError);
    expect(() => parsePayloadKeys(json, 'f.json')).toThrow(message);
  });
});

describe('loadPayloadKeys', () => {
  it('reads PAYLOAD_KEYS_FILE', () => {
    const file = path.join(tmp, 'prod.json');
    fs.writeFileSync(file, JSON.stringify(newPayloadKeyFile()));
    const { keys, source, created } = loadPayloadKeys({ PAYLOAD_KEYS_FILE: file, DATA_DIR: tmp, production: true });
    expect([source, created, keys.keys.size]).toEqual([file, false, 1]);
  });

  it('refuses production without a key file', () => {
    expect(() => loadPayloadKeys({ DATA_DIR: tmp, production: true })).toThrow(/PAYLOAD_KEYS_FILE is required in production/);
  });

  it('names a missing file', () => {
    expect(() => loadPayloadKeys({ PAYLOAD_KEYS_FILE: path.join(tmp, 'nope.json'), DATA_DIR: tmp, production: true })).toThrow(/cannot read payload key file .*nope\.json: ENOENT/);
  });

  it('development: creates one key under DATA_DIR/keys once, private, and reuses it', () => {
    const dataDir = path.join(tmp, 'dev');
    const first = loadPayloadKeys({ DATA_DIR: dataDir, production: false });
    const again = loadPayloadKeys({ DATA_DIR: dataDir, production: false });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(first.source).toBe(path.join(dataDir, 'keys', DEV_PAYLOAD_KEYS_FILE));
    expect(again.keys.active).toBe(first.keys.active);
    expect(first.keys.active).toMatch(/^dev-[0-9a-f]{12}$/);
    expect(fs.statSync(first.source).mode & 0o777).toBe(0o600);
  });
});

describe('rotatePayloadKeys', () => {
  it('adds a new active key and keeps the old ones', () => {
    const v1 = newPayloadKeyFile();
    const v2 = rotatePayloadKeys(v1, '2026-12');
    expect(v2.active).toBe('2026-12');
    expect(Object.keys(v2.keys)).toEqual([v1.active, '2026-12']);
    expect(parsePayloadKeys(JSON.stringify(v2), 'rotated').keys.size).toBe(2);
    expect(() => rotatePayloadKeys(v2, '2026-12')).toThrow(/already/);
  });
});

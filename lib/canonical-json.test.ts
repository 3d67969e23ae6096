import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalize, contentHash, sha256Hex } from './canonical-json.ts';

describe('canonicalize', () => {
  it('produces the same text whatever the key order, at every depth', () => {
    const a = { b: 1, a: { y: [1, { q: true, p: null }], x: 'x' } };
    const b = { a: { x: 'x', y: [1, { p: null, q: true }] }, b: 1 };
    expect(canonicalize(a)).toBe(canonicalize(b));
    expect(canonicalize(a)).toBe('{"a":{"x":"x","y":[1,{"p":null,"q":true}]},"b":1}');
  });

  it('keeps array order (arrays are sequences, not sets)', () => {
    expect(canonicalize([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalize([[2, 1], [], [[{}]]])).toBe('[[2,1],[],[[{}]]]');
  });

  it('sorts integer-like keys as strings, not in JavaScript property order', () => {
    expect(canonicalize({ a: 3, 9: 2, 10: 1 })).toBe('{"10":1,"9":2,"a":3}');
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalize(value)) as object);
    // JSON.parse re-orders integer-like keys, so read the order from the text itself.
    const order = [...canonicalize(value).matchAll(/"([^"]+)":"([^"]+)"/g)].map((m) => m[2]);
    expect(keys).toHaveLength(7);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it('matches the RFC 8785 §3.2.2 sample (numbers, escapes, literals)', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('writes numbers in shortest form and -0 as 0', () => {
    expect(canonicalize([-0, 0, 1.0, 0.1 + 0.2, 1e21, 1e-7, -1.5, 2 ** 53])).toBe(
      '[0,0,1,0.30000000000000004,1e+21,1e-7,-1.5,9007199254740992]',
    );
  });

  it('keeps unicode as is and escapes only what JSON requires', () => {
    expect(canonicalize({ name: 'Айгүл Нұрланқызы', emoji: '👶', ctl: '\u0001\t' })).toBe(
      '{"ctl":"\\u0001\\t","emoji":"👶","name":"Айгүл Нұрланқызы"}',
    );
  });

  it('omits undefined properties and honours toJSON (Date → ISO string)', () => {
    expect(canonicalize({ a: undefined, b: new Date('2025-01-02T03:04:05.006Z') })).toBe('{"b":"2025-01-02T03:04:05.006Z"}');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, number>;
    bare.z = 1;
    bare.a = 2;
    expect(canonicalize(bare)).toBe('{"a":2,"z":1}');
  });

  it('allows shared (non-circular) references', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe('canonicalize errors', () => {
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;

  it.each([
    ['NaN', { amount: Number.NaN }, /\$\.amount: NaN is not a finite number/],
    ['Infinity', [1, Infinity], /\$\[1\]: Infinity/],
    ['-Infinity', -Infinity, /-Infinity/],
    ['BigInt', { big: { n: 10n } }, /\$\.big\.n: BigInt/],
    ['function', { f: () => 1 }, /\$\.f: functions are not data/],
    ['symbol', { s: Symbol('x') }, /\$\.s: symbols are not data/],
    ['undefined in an array', [1, undefined], /\$\[1\]: undefined/],
    ['undefined at the top', undefined, /\$: undefined/],
    ['Map', { m: new Map([['a', 1]]) }, /\$\.m: Map is not a plain object/],
    ['Set', new Set([1]), /Set is not a plain object/],
    ['class instance', { c: new (class Money { amount = 1 })() }, /Money is not a plain object/],
    ['circular reference', circular, /\$\.self: circular reference/],
    ['lone surrogate', { s: 'a\ud800b' }, /lone UTF-16 surrogate/],
    ['key with an odd name', { 'a b': 1n }, /\$\["a b"\]: BigInt/],
  ])('rejects %s with a clear error naming the path', (_label, value, message) => {
    expect(() => canonicalize(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalize(value)).toThrow(message);
  });
});

describe('hashes', () => {
  it('sha256Hex hashes the UTF-8 bytes', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('Қ')).toBe(createHash('sha256').update(Buffer.from('Қ', 'utf8')).digest('hex'));
  });

  it('contentHash is "sha256:" + the hash of the canonical form, independent of key order', () => {
    const value = { b: [1, 2], a: 'x' };
    expect(contentHash(value)).toBe(`sha256:${sha256Hex('{"a":"x","b":[1,2]}')}`);
    expect(contentHash({ a: 'x', b: [1, 2] })).toBe(contentHash(value));
    expect(contentHash({ a: 'x', b: [2, 1] })).not.toBe(contentHash(value));
  });
});

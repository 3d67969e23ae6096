/**
 * Canonical JSON in the style of RFC 8785 (JCS): the one byte string that signatures and content
 * hashes are computed over, so the same value always hashes the same whatever its key order.
 *
 * - object keys sorted by UTF-16 code units (JavaScript's default sort order), no whitespace;
 * - numbers in ECMAScript's shortest round-trip form (-0 becomes 0); NaN/±Infinity rejected;
 * - strings escaped as JSON.stringify does; lone surrogates rejected (I-JSON forbids them);
 * - object properties whose value is undefined are omitted, as JSON.stringify does;
 * - toJSON() is honoured (Date → ISO string), as JSON.stringify does.
 * Anything JSON cannot carry faithfully — functions, symbols, BigInt, undefined in an array or at
 * the top, Map/Set and other class instances without toJSON, cycles — throws CanonicalJsonError
 * naming the path, rather than silently changing the value being signed.
 *
 * Pure (no Node modules), so workflow code may canonicalise too (lib/claims binds an officer's
 * claim to the Update input it signs); lib/canonical-json.ts adds the hashes.
 */

export class CanonicalJsonError extends TypeError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot canonicalise ${path}: ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}

const LONE_SURROGATE = /\p{Cs}/u;

export function canonicalize(value: unknown): string {
  return serialize(value, '$', new Set());
}

function serialize(value: unknown, path: string, ancestors: Set<object>): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON('');
  }
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, 'string contains a lone UTF-16 surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a finite number`);
      // ECMAScript Number-to-String is the shortest round-trip form JCS requires; it prints -0 as "0".
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      throw new CanonicalJsonError(path, 'undefined has no JSON form (only object properties may be undefined, and are omitted)');
    case 'bigint':
      throw new CanonicalJsonError(path, 'BigInt has no exact JSON number form; convert it to a string first');
    case 'function':
      throw new CanonicalJsonError(path, 'functions are not data');
    case 'symbol':
      throw new CanonicalJsonError(path, 'symbols are not data');
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (ancestors.has(obj)) throw new CanonicalJsonError(path, 'circular reference');
  ancestors.add(obj);
  try {
    if (Array.isArray(obj)) {
      return '[' + obj.map((item, i) => serialize(item, `${path}[${i}]`, ancestors)).join(',') + ']';
    }
    const proto = Object.getPrototypeOf(obj) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (obj.constructor as { name?: string } | undefined)?.name ?? 'object';
      throw new CanonicalJsonError(path, `${name} is not a plain object; convert it to one first`);
    }
    const record = obj as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const child = record[key];
      if (child === undefined) continue;
      if (LONE_SURROGATE.test(key)) throw new CanonicalJsonError(path, `key ${JSON.stringify(key)} contains a lone UTF-16 surrogate`);
      parts.push(JSON.stringify(key) + ':' + serialize(child, `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? '.' + key : `[${JSON.stringify(key)}]`}`, ancestors));
    }
    return '{' + parts.join(',') + '}';
  } finally {
    ancestors.delete(obj);
  }
}

/**
 * Keyset (cursor) pagination over Prisma for Relay connections: a cursor holds the sort values
 * of the last row seen, so pages stay stable while cases are added — no OFFSET, no skipped or
 * repeated rows. The last sort key must be unique (the id).
 */
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { ApiError } from './errors.ts';

export interface SortKey<Row> {
  field: string;
  direction: 'asc' | 'desc';
  kind: 'date' | 'number' | 'string';
  value: (row: Row) => Date | number | string;
}

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

function encode(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decode<Row>(cursor: string, keys: SortKey<Row>[]): (Date | number | string)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (!Array.isArray(values) || values.length !== keys.length) throw new ApiError('BAD_REQUEST', 'The cursor is not valid.', { status: 400, detail: 'pass a cursor this connection returned' });
  return keys.map((k, i) => {
    const v = values[i];
    if (k.kind === 'number' && typeof v === 'number') return v;
    if (k.kind === 'string' && typeof v === 'string') return v;
    if (k.kind === 'date' && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v);
    throw new ApiError('BAD_REQUEST', 'The cursor is not valid.', { status: 400, detail: 'pass a cursor this connection returned' });
  });
}

/** Rows strictly after (or before) the cursor in the sort order: (a > x) OR (a = x AND b > y) … */
function beyond<Row>(keys: SortKey<Row>[], values: (Date | number | string)[], side: 'after' | 'before'): Record<string, unknown> {
  return {
    OR: keys.map((key, i) => {
      const forward = key.direction === 'asc' ? 'gt' : 'lt';
      const backward = key.direction === 'asc' ? 'lt' : 'gt';
      const equal = keys.slice(0, i).map((k, j) => ({ [k.field]: values[j] }));
      return { AND: [...equal, { [key.field]: { [side === 'after' ? forward : backward]: values[i] } }] };
    }),
  };
}

export async function keysetConnection<Row>(
  args: ConnectionArgs,
  keys: SortKey<Row>[],
  fetch: (query: { where: Record<string, unknown>; orderBy: Record<string, 'asc' | 'desc'>[]; take: number }) => Promise<Row[]>,
) {
  for (const n of [args.first, args.last]) {
    if (n !== null && n !== undefined && (n < 0 || n > MAX_PAGE)) {
      throw new ApiError('BAD_REQUEST', `Ask for at most ${MAX_PAGE} items per page.`, { status: 400, detail: 'first/last must be between 0 and 100' });
    }
  }
  const toCursor = (row: Row) => encode(keys.map((k) => { const v = k.value(row); return v instanceof Date ? v.toISOString() : v; }));
  return resolveCursorConnection(
    { args, toCursor, defaultSize: DEFAULT_PAGE, maxSize: MAX_PAGE },
    ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) => {
      const conditions: Record<string, unknown>[] = [];
      if (after) conditions.push(beyond(keys, decode(after, keys), 'after'));
      if (before) conditions.push(beyond(keys, decode(before, keys), 'before'));
      const flip = (d: 'asc' | 'desc') => (inverted ? (d === 'asc' ? 'desc' : 'asc') : d);
      return fetch({ where: { AND: conditions }, orderBy: keys.map((k) => ({ [k.field]: flip(k.direction) })), take: limit });
    },
  );
}

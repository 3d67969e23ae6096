import { describe, expect, it } from 'vitest';
import { errorCauses, MAX_CAUSE_DEPTH, ownSqlState, sqlStateOf } from './error-causes.ts';

describe('errorCauses', () => {
  it('walks cause chains, and from a Prisma error into its driver adapter error', () => {
    const adapter = { cause: { kind: 'postgres', code: '22P05' } };
    const prisma = Object.assign(new Error('Invalid `prisma.x.create()` invocation'), { meta: { driverAdapterError: adapter } });
    const outer = new Error('projection failed', { cause: prisma });
    expect([...errorCauses(outer)]).toEqual([outer, prisma, adapter, adapter.cause]);
  });

  it('stops at a cycle after a bounded number of steps, and yields nothing for nothing', () => {
    const a: { cause?: unknown } = {};
    a.cause = { cause: a };
    expect([...errorCauses(a)]).toHaveLength(MAX_CAUSE_DEPTH);
    expect([...errorCauses(undefined)]).toEqual([]);
  });
});

describe('sqlStateOf', () => {
  it.each([
    ['the embedded adapter (kind postgres)', { meta: { driverAdapterError: { cause: { kind: 'postgres', code: '22P05' } } } }, '22P05'],
    ['@prisma/adapter-pg (a named kind, originalCode)', { meta: { driverAdapterError: { cause: { kind: 'ValueOutOfRange', originalCode: '22003' } } } }, '22003'],
    ['node-postgres (code beside severity)', Object.assign(new Error('terminating connection'), { code: '57P01', severity: 'FATAL' }), '57P01'],
    ['a deeper cause', new Error('outer', { cause: new Error('middle', { cause: { kind: 'postgres', code: '23514' } }) }), '23514'],
  ])('reads %s', (_name, e, expected) => {
    expect(sqlStateOf(e)).toBe(expected);
  });

  it.each([
    ['a socket code', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ["a Prisma code (not PostgreSQL's)", { name: 'PrismaClientKnownRequestError', code: 'P2024' }],
    ['a five-character code with no sign of PostgreSQL', { code: 'ABCDE' }],
    ['a plain error', new Error('boom')],
    ['nothing', null],
  ])('finds none in %s', (_name, e) => {
    expect(sqlStateOf(e)).toBeUndefined();
    expect(ownSqlState(e)).toBeUndefined();
  });
});

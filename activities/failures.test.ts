/**
 * Which database errors can never succeed by retrying, as each driver adapter reports them: the
 * embedded adapter as kind `postgres` with the SQLSTATE, @prisma/adapter-pg with a named kind and
 * the SQLSTATE as `originalCode` (a numeric overflow — an amount beyond Decimal(14,2) — is
 * `ValueOutOfRange` there, and was retried for ever).
 */
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { FailureType } from '../workflows/messages.ts';
import { failingFinallyOnInvalidData, isInvalidData, writeOrFail } from './failures.ts';

const embedded = (code: string) => Object.assign(new Error(`pglite ${code}`), { cause: { kind: 'postgres', code } });
const pgAdapter = (kind: string, originalCode: string) => Object.assign(new Error(`adapter-pg ${kind}`), { cause: { kind, originalCode } });
const viaPrisma = (cause: object) => Object.assign(new Error('Invalid `prisma.decision.create()` invocation:\n\nvalue out of range'), { meta: { driverAdapterError: { cause } } });

describe('isInvalidData', () => {
  it.each([
    ['a NUL in jsonb (embedded)', embedded('22P05')],
    ['a numeric overflow (adapter-pg ValueOutOfRange)', pgAdapter('ValueOutOfRange', '22003')],
    ['a numeric overflow through Prisma (adapter-pg)', viaPrisma({ kind: 'ValueOutOfRange', originalCode: '22003' })],
    ['a string too long (adapter-pg LengthMismatch)', pgAdapter('LengthMismatch', '22001')],
    ['a required value missing (23502)', pgAdapter('NullConstraintViolation', '23502')],
    ['a CHECK constraint refusing the value (23514)', embedded('23514')],
    ['canonical JSON refusing a lone surrogate', Object.assign(new Error('lone surrogate'), { name: 'CanonicalJsonError' })],
  ])('%s can never succeed', (_name, e) => {
    expect(isInvalidData(e)).toBe(true);
  });

  it.each([
    ['a unique violation (a concurrent write that won)', pgAdapter('UniqueConstraintViolation', '23505')],
    ['a foreign-key violation (a parent row being written)', embedded('23503')],
    ['a serialization failure', pgAdapter('TransactionWriteConflict', '40001')],
    ['a connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['anything else', new Error('boom')],
  ])('%s is left to the retry policy', (_name, e) => {
    expect(isInvalidData(e)).toBe(false);
  });
});

describe('writeOrFail', () => {
  it('turns a value that can never be written into a final InvalidData failure carrying its SQLSTATE', async () => {
    const e = await writeOrFail(() => Promise.reject(viaPrisma({ kind: 'ValueOutOfRange', originalCode: '22003' }))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApplicationFailure);
    expect(e).toMatchObject({ type: FailureType.InvalidData, nonRetryable: true, details: [{ sqlState: '22003' }] });
  });

  it('applies to every activity of a factory, and passes results and other errors through', async () => {
    const transient = new Error('connection reset');
    const acts = failingFinallyOnInvalidData({
      ok: async (n: number) => n + 1,
      overflow: async () => Promise.reject(pgAdapter('ValueOutOfRange', '22003')),
      flaky: async () => Promise.reject(transient),
    });
    expect(await acts.ok(1)).toBe(2);
    expect(await acts.overflow().catch((x: unknown) => x)).toMatchObject({ type: FailureType.InvalidData, nonRetryable: true });
    expect(await acts.flaky().catch((x: unknown) => x)).toBe(transient);
  });
});

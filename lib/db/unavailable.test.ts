import { describe, expect, it } from 'vitest';
import { databaseUnavailable } from './unavailable.ts';

describe('databaseUnavailable', () => {
  it.each([
    ['the pool acquisition timeout', new Error('timeout exceeded when trying to connect'), 'pool is busy'],
    ['a dropped connection', new Error('Connection terminated unexpectedly'), 'pool is busy'],
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    ['a server shutting down (pg error)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' }), '57P01'],
    ['too many connections through the adapter', { name: 'PrismaClientKnownRequestError', code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', code: '53300' } } } }, '53300'],
    ['a serialisation failure through the adapter', { meta: { driverAdapterError: { cause: { kind: 'TransactionWriteConflict' } } } }, 'TransactionWriteConflict'],
    ["Prisma's pool timeout", { name: 'PrismaClientKnownRequestError', code: 'P2024' }, 'P2024'],
    ['a wrapped cause', new Error('outer', { cause: new Error('timeout exceeded when trying to connect') }), 'pool is busy'],
  ])('%s is "not now"', (_, error, expected) => {
    expect(databaseUnavailable(error)).toContain(expected);
  });

  it.each([
    ['a unique violation', { meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation' } } } }],
    ['a data exception (NUL in jsonb)', { meta: { driverAdapterError: { cause: { kind: 'postgres', code: '22P05' } } } }],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a record not found', { name: 'PrismaClientKnownRequestError', code: 'P2025' }],
    ['nothing', undefined],
  ])('%s is not', (_, error) => {
    expect(databaseUnavailable(error)).toBeNull();
  });
});

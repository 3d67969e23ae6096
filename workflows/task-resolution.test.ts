import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { oneResolution, requireOpened } from './task-resolution.ts';

function failureOf(fn: () => unknown): ApplicationFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApplicationFailure) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('a task visible before its workflow holds it', () => {
  it('is refused as UNAVAILABLE (try again), not as a wrong state', () => {
    const f = failureOf(() => requireOpened(null, 'payment rejection'));
    expect(f.type).toBe('UNAVAILABLE');
    expect(f.message).toBe('the payment rejection is still being opened; try again in a moment');
    expect(f.nonRetryable).toBe(true);
  });

  it('answers the opened task once it is held', () => {
    const task = { taskId: 't-1' };
    expect(requireOpened(task, 'appeal')).toBe(task);
  });
});

describe('the one action that settles a task', () => {
  it('is taken from the moment it starts, and holds its result once done', async () => {
    const r = oneResolution<string>();
    expect(r.taken).toBe(false);
    let finish!: (v: string) => void;
    const settling = r.settle(() => new Promise<string>((resolve) => (finish = resolve)));
    expect(r.taken).toBe(true);
    expect(r.result).toBeNull();
    finish('done');
    await expect(settling).resolves.toBe('done');
    expect(r.result).toBe('done');
    expect(r.taken).toBe(true);
  });

  it('reopens the task when the action fails, passing a typed refusal to the caller with its code', async () => {
    const r = oneResolution<string>();
    const refusal = ApplicationFailure.create({ type: 'VALIDATION_FAILED', message: 'iban: the bank registry does not know this account', nonRetryable: true });
    const failed = new ActivityFailure('activity failed', 'reissuePaymentInstruction', '1', 'NON_RETRYABLE_FAILURE', 'x', refusal);
    const settling = r.settle(() => Promise.reject(failed));
    await expect(settling).rejects.toMatchObject({ type: 'VALIDATION_FAILED', message: 'iban: the bank registry does not know this account' });
    expect(r.taken).toBe(false);
    expect(r.result).toBeNull();
  });

  it('rethrows a failure that is not a refusal as it is', async () => {
    const r = oneResolution<string>();
    const crash = new Error('database gone');
    await expect(r.settle(() => Promise.reject(crash))).rejects.toBe(crash);
    expect(r.taken).toBe(false);
  });
});

/**
 * How registry clients end a call whose AbortSignal fired. A deadline (AbortSignal.timeout) is a
 * TIMEOUT the caller can retry; any other abort — Temporal cancelling the activity, a client
 * going away — rethrows the signal's own reason, so cancellation stays cancellation (Temporal
 * reports an activity cancelled only when it ends with the CancelledFailure it was given).
 */
import { RegistryError, type QueryName } from './types.ts';

export function abortError(signal: AbortSignal, query: QueryName): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new RegistryError('TIMEOUT', query, `${query}: the caller's deadline passed before the registry answered`);
  }
  return reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Resolves after `ms`, or rejects with abortError() as soon as the signal fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, query: QueryName): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal, query));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!, query));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

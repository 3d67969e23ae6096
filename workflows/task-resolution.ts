/**
 * What the task workflows (an appeal, a payer's rejection) share about the one action that
 * settles their task:
 *
 * - The task row is in the officers' inbox as soon as the opening activity has written it, a
 *   moment before the workflow holds that activity's result. An action in that moment is refused
 *   as UNAVAILABLE — nothing is wrong with it, and the same action succeeds a moment later —
 *   never as INVALID_STATE (`requireOpened`).
 * - The settling Update runs once: while its activity runs, and after it succeeded, a second one
 *   is refused; should the activity fail, the task is open again and the refusal reaches the
 *   caller with its typed code (`oneResolution`).
 *
 * State lives in the closure of each workflow run, never at module level.
 */
import { reject } from './case/reject.ts';
import { rethrowForCaller } from './refusal-for-caller.ts';

/** The opened task, or the typed "try again in a moment" while the opening step is finishing. */
export function requireOpened<T>(opened: T | null, what: string): T {
  if (opened === null) reject('UNAVAILABLE', `the ${what} is still being opened; try again in a moment`);
  return opened;
}

export interface OneResolution<R> {
  /** The settled result, or null while the task is open. */
  readonly result: R | null;
  /** Whether the settling action has begun or is done: a second one is refused. */
  readonly taken: boolean;
  /** Runs the settling action; a failure reopens the task and is rethrown for the caller. */
  settle(act: () => Promise<R>): Promise<R>;
}

export function oneResolution<R>(): OneResolution<R> {
  let deciding = false;
  let result: R | null = null;
  return {
    get result() {
      return result;
    },
    get taken() {
      return deciding || result !== null;
    },
    async settle(act) {
      deciding = true;
      try {
        result = await act();
        return result;
      } catch (e) {
        deciding = false;
        return rethrowForCaller(e);
      }
    },
  };
}

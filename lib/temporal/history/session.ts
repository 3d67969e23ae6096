/**
 * One replay worker for many histories, asked one at a time. `Worker.runReplayHistories` pulls
 * histories from an iterable and yields a result after each; feeding that iterable from a queue
 * turns it into `replay(history) → error | undefined`, so a caller can decide what to replay next
 * from the previous answer (the diagnosis bisects a failing history this way) without paying for
 * a new replay worker and V8 context per question.
 */
import { Worker } from '@temporalio/worker';
import type { WorkflowBundle } from '../workflow-code.ts';
import type { History } from './json.ts';
import { DROPPED_WORKFLOW_SPANS } from '../../tracing/temporal.ts';

/** One history's answer: the run it replayed, and the error if the code disagreed. */
export interface ReplayAnswer {
  runId: string;
  error?: Error;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

export class ReplaySession {
  private nextItem: Waiter<{ workflowId: string; history: History } | null> | null = null;
  private itemReady: Promise<{ workflowId: string; history: History } | null> | null = null;
  private result: Waiter<ReplayAnswer> | null = null;
  private readonly done: Promise<void>;
  private closed = false;
  private failure: unknown = null;

  constructor(workflowBundle: WorkflowBundle, replayName = 'qyzmet-replay') {
    this.arm();
    const session = this;
    async function* feed() {
      for (;;) {
        const item = await session.itemReady!;
        if (item === null) return;
        session.arm();
        yield item;
      }
    }
    this.done = (async () => {
      try {
        for await (const r of Worker.runReplayHistories({ workflowBundle, replayName, sinks: DROPPED_WORKFLOW_SPANS }, feed())) {
          const waiter = this.result;
          this.result = null;
          waiter?.resolve({ runId: r.runId, error: r.error });
        }
      } catch (e) {
        this.failure = e;
        this.result?.reject(e);
        throw e;
      }
    })();
    this.done.catch(() => {}); // surfaced through replay() and close()
  }

  private arm(): void {
    this.itemReady = new Promise((resolve, reject) => {
      this.nextItem = { resolve, reject };
    });
  }

  /** Replays one history against the session's workflow code. Calls must not overlap. */
  replay(history: History, workflowId: string): Promise<ReplayAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the replay session is closed'));
    if (this.result) return Promise.reject(new Error('one replay at a time'));
    const outcome = new Promise<ReplayAnswer>((resolve, reject) => {
      this.result = { resolve, reject };
    });
    this.nextItem!.resolve({ workflowId, history });
    return outcome;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.nextItem!.resolve(null);
    await this.done;
  }
}

/**
 * Live case changes for the `caseUpdated` subscription. The activities NOTIFY `qyzmet_case` with
 * the case id after every committed step; one LISTEN per API process fans the notifications out
 * to the subscribers of that case. A watcher only learns "something changed" (bursts coalesce);
 * the subscriber re-reads the case, so nothing depends on notification payloads or ordering.
 */
import type { Database } from '../lib/db/client.ts';
import type { Unlisten } from '../lib/db/listen.ts';
import type { Logger } from '../lib/logger.ts';
import { CASE_CHANGES_CHANNEL } from '../workflows/messages.ts';

export class CaseWatch implements AsyncIterableIterator<void> {
  private dirty = false;
  private waiting: (() => void) | null = null;
  private closed = false;

  constructor(private readonly onClose: (w: CaseWatch) => void) {}

  poke(): void {
    if (this.waiting) {
      const wake = this.waiting;
      this.waiting = null;
      wake();
    } else {
      this.dirty = true;
    }
  }

  async next(): Promise<IteratorResult<void>> {
    if (!this.closed && !this.dirty) await new Promise<void>((resolve) => (this.waiting = resolve));
    this.dirty = false;
    return this.closed ? { done: true, value: undefined } : { done: false, value: undefined };
  }

  async return(): Promise<IteratorResult<void>> {
    if (!this.closed) {
      this.closed = true;
      this.onClose(this);
      this.poke();
    }
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

export class CaseUpdates {
  private readonly watchers = new Map<string, Set<CaseWatch>>();
  private listening: Promise<Unlisten> | null = null;

  constructor(
    private readonly db: Pick<Database, 'listen'>,
    private readonly logger: Logger,
  ) {}

  /** Starts listening first, so a change between the subscriber's first read and now is not lost. */
  async watch(caseId: string): Promise<CaseWatch> {
    this.listening ??= this.db.listen(CASE_CHANGES_CHANNEL, (payload) => this.dispatch(payload)).catch((e: Error) => {
      this.listening = null;
      throw e;
    });
    await this.listening;
    const watch = new CaseWatch((w) => {
      const set = this.watchers.get(caseId);
      set?.delete(w);
      if (set?.size === 0) this.watchers.delete(caseId);
    });
    const set = this.watchers.get(caseId) ?? new Set();
    set.add(watch);
    this.watchers.set(caseId, set);
    return watch;
  }

  /** `null`: the listener reconnected and may have missed notifications — wake everyone. */
  private dispatch(caseId: string | null): void {
    if (caseId === null) {
      this.logger.warn('case notifications reconnected; refreshing every subscriber');
      for (const set of this.watchers.values()) for (const w of set) w.poke();
      return;
    }
    for (const w of this.watchers.get(caseId) ?? []) w.poke();
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.watchers.values()) n += set.size;
    return n;
  }

  async close(): Promise<void> {
    for (const set of [...this.watchers.values()]) for (const w of [...set]) await w.return();
    const listening = this.listening;
    this.listening = null;
    if (listening) await (await listening.catch(() => null))?.();
  }
}

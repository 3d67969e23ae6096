/**
 * Bulk what-if previews running in this API process (previewReevaluation and its progress
 * subscription): at most MAX_PREVIEWS_PER_CALLER at once per caller, since each is CPU work over
 * up to a ministry's year of decisions; each can be stopped — when its client goes away, and all
 * of them when the API shuts down. A caller's slot frees when its preview has stopped, not when
 * it was asked to, so reconnecting in a loop cannot pile up work.
 */
import { StreamSlots } from './schema/subscriptions.ts';

export const MAX_PREVIEWS_PER_CALLER = 2;

export interface PreviewRun {
  signal: AbortSignal;
  /** Asks the preview to stop before its next case. */
  abort(): void;
  /** The preview has stopped (finished, failed or aborted): the slot is free again. */
  end(): void;
}

export class PreviewRuns {
  private readonly slots: StreamSlots;
  private readonly running = new Set<AbortController>();
  /** Previews that stopped because they were asked to (client gone, shutdown), since this process started. */
  aborted = 0;

  constructor(max = MAX_PREVIEWS_PER_CALLER) {
    this.slots = new StreamSlots(max);
  }

  /** A slot for one preview of `actor`, or null when the caller already runs as many as allowed. */
  start(actor: string): PreviewRun | null {
    const release = this.slots.acquire(actor);
    if (!release) return null;
    const controller = new AbortController();
    this.running.add(controller);
    return {
      signal: controller.signal,
      abort: () => controller.abort(),
      end: () => {
        if (this.running.delete(controller) && controller.signal.aborted) this.aborted += 1;
        release();
      },
    };
  }

  /** Previews running now (all callers). */
  get size(): number {
    return this.running.size;
  }

  abortAll(): void {
    for (const c of this.running) c.abort();
  }
}

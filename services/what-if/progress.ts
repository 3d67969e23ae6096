/**
 * Progress of a bulk what-if preview, for whoever watches it (the CLI's stderr, the API's
 * progress subscription): counts only — never a case id or anything about a person — with the
 * rate so far and the time left at that rate. Pure: the clock is given.
 */

/** What previewBulkReevaluation reports as it goes: `done` = `evaluated` + `failed`, out of `total`. */
export interface BulkProgress {
  done: number;
  evaluated: number;
  failed: number;
  /** The selection's size when the preview began, capped by its limit (the last report has the final count). */
  total: number;
}

export interface ProgressReading extends BulkProgress {
  elapsedMs: number;
  /** Cases per second since the start; null until a case is done. */
  perSecond: number | null;
  /** At the rate so far; null until a case is done. */
  secondsLeft: number | null;
}

/** Rate and time left since the first reading. */
export class ProgressMeter {
  private readonly startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  read(p: BulkProgress): ProgressReading {
    const elapsedMs = Math.max(0, this.now() - this.startedAt);
    const perSecond = p.done > 0 && elapsedMs > 0 ? (p.done * 1000) / elapsedMs : null;
    const secondsLeft = perSecond ? Math.max(0, p.total - p.done) / perSecond : p.done > 0 && p.done >= p.total ? 0 : null;
    return { ...p, elapsedMs, perSecond, secondsLeft };
  }
}

/**
 * Which reports to pass on, so a watcher sees a bounded number of them however large the
 * selection: the first and the last always; between them one once `everyMs` has passed since the
 * last one passed on, and (with `steps`) one each time another 1/steps of the total is done — so
 * a short preview still shows its way to the end, and a long one at most one report per
 * `everyMs` beyond those `steps`.
 */
export class ProgressThrottle {
  private lastAt: number | null = null;
  private nextStep = 1;

  constructor(private readonly options: { everyMs: number; steps?: number; now?: () => number }) {}

  pass(p: BulkProgress, final = false): boolean {
    const now = (this.options.now ?? Date.now)();
    const { everyMs, steps } = this.options;
    let due = final || this.lastAt === null || now - this.lastAt >= everyMs;
    if (steps && p.total > 0 && p.done * steps >= this.nextStep * p.total) {
      due = true;
      this.nextStep = Math.floor((p.done * steps) / p.total) + 1;
    }
    if (due) this.lastAt = now;
    return due;
  }
}

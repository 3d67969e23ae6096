import { describe, expect, it } from 'vitest';
import { ProgressMeter, ProgressThrottle, type BulkProgress } from './progress.ts';

const at = (done: number, total = 1000): BulkProgress => ({ done, evaluated: done, failed: 0, total });

describe('ProgressMeter', () => {
  it('gives the rate since the start and the time left at that rate', () => {
    let now = 10_000;
    const meter = new ProgressMeter(() => now);
    expect(meter.read(at(0))).toMatchObject({ elapsedMs: 0, perSecond: null, secondsLeft: null });
    now += 2000;
    expect(meter.read(at(500))).toMatchObject({ elapsedMs: 2000, perSecond: 250, secondsLeft: 2 });
    now += 2000;
    expect(meter.read(at(1000))).toMatchObject({ perSecond: 250, secondsLeft: 0 });
  });
});

describe('ProgressThrottle', () => {
  /** Reports of a preview of `total` cases at `perMs` cases per millisecond; which ones pass. */
  function run(total: number, perMs: number, options: { everyMs: number; steps?: number }) {
    let now = 0;
    const throttle = new ProgressThrottle({ ...options, now: () => now });
    const passed: { done: number; at: number }[] = [];
    for (let done = 0; done <= total; done++) {
      now = done / perMs;
      if (throttle.pass(at(done, total), done === total)) passed.push({ done, at: now });
    }
    return passed;
  }

  it('passes the first and the last, and between them at most one per interval however many cases', () => {
    const passed = run(100_000, 10, { everyMs: 1000 }); // 10 s of work
    expect(passed[0]!.done).toBe(0);
    expect(passed.at(-1)!.done).toBe(100_000);
    expect(passed.length).toBeLessThanOrEqual(2 + 10);
    expect(passed.length).toBeGreaterThanOrEqual(10);
    for (let i = 2; i < passed.length - 1; i++) expect(passed[i]!.at - passed[i - 1]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('with steps, shows a fast preview on its way: one report per step, still bounded', () => {
    const passed = run(3000, 1000, { everyMs: 1000, steps: 20 }); // 3 ms of work
    const dones = passed.map((p) => p.done);
    expect(dones).toEqual([0, ...Array.from({ length: 20 }, (_, i) => ((i + 1) * 3000) / 20)]);
    const slow = run(100_000, 10, { everyMs: 1000, steps: 20 });
    expect(slow.length).toBeLessThanOrEqual(2 + 10 + 20);
  });

  it('passes a small selection case by case rather than skipping a step', () => {
    expect(run(3, 1000, { everyMs: 1000, steps: 20 }).map((p) => p.done)).toEqual([0, 1, 2, 3]);
  });
});

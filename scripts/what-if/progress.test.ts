import { describe, expect, it } from 'vitest';
import { duration, formatProgress } from './format.ts';
import { progressLines } from './progress.ts';

describe("the what-if CLI's progress lines", () => {
  it('says the size, then done/total with rate and time left at most every 2 s, then how long it took', () => {
    let now = 0;
    const lines: string[] = [];
    const report = progressLines((l) => lines.push(l), { now: () => now });
    const total = 48_000;
    for (let done = 0; done <= total; done += 100) {
      now = done * 1.25; // 800 cases/s: a minute's work
      report({ done, evaluated: done - Math.floor(done / 10_000), failed: Math.floor(done / 10_000), total }, false);
    }
    report({ done: total, evaluated: total - 4, failed: 4, total }, true);
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
    expect(lines[0]).toBe('what-if: 48,000 decided cases to re-evaluate\n');
    expect(lines[1]).toBe('what-if: 1,600/48,000 cases (3%), 800 cases/s, about 58 s left\n');
    expect(lines.at(-1)).toBe('what-if: 48,000/48,000 cases in 1 min, 800 cases/s, 4 could not be evaluated\n');
    // 60 s of work, a line every 2 s at most: the size, 30 updates, the end.
    expect(lines.length).toBeLessThanOrEqual(32);
    const done = lines.slice(1, -1).map((l) => Number(/ ([\d,]+)\//.exec(l)![1]!.replace(/,/g, '')));
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  it('formats durations an engineer reads at a glance', () => {
    expect([duration(3.24), duration(45), duration(200), duration(3900)]).toEqual(['3.2 s', '45 s', '3 min 20 s', '1 h 5 min']);
    expect(formatProgress({ done: 0, evaluated: 0, failed: 0, total: 10, elapsedMs: 0, perSecond: null, secondsLeft: null }, 'running')).toBe('what-if: 0/10 cases (0%)');
  });
});

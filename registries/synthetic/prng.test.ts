import { describe, expect, it } from 'vitest';
import { createRng } from './prng.ts';

const draw = (seed: number | string, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('repeats its sequence for the same seed and differs between seeds', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50));
    expect(draw('42', 50)).toEqual(draw(42, 50));
    expect(draw(43, 50)).not.toEqual(draw(42, 50));
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const values = draw('uniform', 20_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const buckets = new Array(10).fill(0) as number[];
    for (const v of values) buckets[Math.floor(v * 10)]!++;
    for (const count of buckets) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('int covers both bounds and nothing outside them', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.int(3, 7));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('weighted follows the weights', () => {
    const rng = createRng(2);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (rng.weighted([['a', 0.8], ['b', 0.2]] as const) === 'a') heavy++;
    expect(heavy / 10_000).toBeCloseTo(0.8, 1);
  });

  it('normal has the requested mean and spread', () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 20_000 }, () => rng.normal(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it('a fork depends only on the seed and its label, not on draws made before it', () => {
    const a = createRng(5);
    const b = createRng(5);
    b.next();
    b.next();
    const forkA = a.fork('x');
    const forkB = b.fork('x');
    expect(forkA.next()).toBe(forkB.next());
    expect(createRng(5).fork('y').next()).not.toBe(createRng(5).fork('x').next());
  });
});

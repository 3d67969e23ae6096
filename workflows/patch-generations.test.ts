/**
 * The rules of patch generations (workflows/patch-generations.ts): every patch id is named by the
 * newest generation, generations only grow, and markers never repeat a patch id.
 */
import { describe, expect, it } from 'vitest';
import { PATCH } from './case/patches.ts';
import { PAYMENT_PATCH } from './payment-patches.ts';
import { PATCH_GENERATIONS } from './patch-generations.ts';

const ids = [...Object.values(PATCH), ...Object.values(PAYMENT_PATCH)];

describe('patch generations', () => {
  it('the newest generation names every patch id of the workflows (a new patch needs a new generation)', () => {
    expect(ids.filter((id) => !PATCH_GENERATIONS.at(-1)!.covers.includes(id))).toEqual([]);
  });

  it('each generation names everything the one before it named: a workflow of generation N keeps its paths under N+1', () => {
    for (let g = 1; g < PATCH_GENERATIONS.length; g++) {
      expect(PATCH_GENERATIONS[g - 1]!.covers.filter((id) => !PATCH_GENERATIONS[g]!.covers.includes(id))).toEqual([]);
    }
  });

  it('markers are unique and are not patch ids', () => {
    const markers = PATCH_GENERATIONS.map((g) => g.marker);
    expect(new Set(markers).size).toBe(markers.length);
    expect(markers.filter((m) => ids.includes(m as never))).toEqual([]);
    expect(PATCH_GENERATIONS.every((g) => g.covers.every((id) => ids.includes(id as never)))).toBe(true);
  });
});

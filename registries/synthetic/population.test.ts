import { describe, expect, it } from 'vitest';
import { parseIin } from '../../lib/iin.ts';
import { getDataset, populationPage } from './dataset.ts';
import { generatePopulation } from './population.ts';

const REF = '2026-03-16';

describe('the population at large', () => {
  it('is the same for the same seed, reference date and size, and different for another seed', () => {
    const a = generatePopulation({ seed: 7, referenceDate: REF, households: 500 });
    const b = generatePopulation({ seed: 7, referenceDate: REF, households: 500 });
    const c = generatePopulation({ seed: 8, referenceDate: REF, households: 500 });
    expect([...b.persons.values()]).toEqual([...a.persons.values()]);
    expect([...b.childrenByParent]).toEqual([...a.childrenByParent]);
    expect(c.order).not.toEqual(a.order);
  });

  it('holds at least 100 000 persons for 34 000 households, every IIN valid and unique, none of the dataset’s', () => {
    const ds = getDataset({ referenceDate: REF, populationHouseholds: 34_000 });
    const pop = ds.population;
    expect(pop.persons.size).toBeGreaterThanOrEqual(100_000);
    expect(new Set(pop.order).size).toBe(pop.persons.size);
    expect(pop.order.filter((iin) => ds.persons.has(iin))).toEqual([]);
    expect(pop.order.filter((_, i) => i % 997 === 0).every((iin) => parseIin(iin).ok)).toBe(true);
    // A large family is common enough for a sweep to matter.
    const large = [...pop.childrenByParent.entries()].filter(([parent, kids]) => pop.persons.get(parent)!.sex === 'F' && kids.length >= 4);
    expect(large.length).toBeGreaterThan(1_000);
  });

  it('is read in IIN order by pages that neither skip nor repeat anyone, the dataset’s people included', () => {
    const ds = getDataset({ referenceDate: REF, populationHouseholds: 300 });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = populationPage(ds, cursor, 250);
      seen.push(...page.persons.map((p) => p.iin));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...ds.order, ...ds.population.order].sort());
    const mother = [...ds.population.childrenByParent.keys()].find((iin) => ds.population.persons.get(iin)!.sex === 'F')!;
    const page = populationPage(ds, null, 100_000);
    expect(page.persons.find((p) => p.iin === mother)!.children.map((c) => c.iin)).toEqual(ds.population.childrenByParent.get(mother));
    expect(page.nextCursor).toBeNull();
  });
});

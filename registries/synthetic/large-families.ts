/**
 * Large families of the population at large whose count changes within a year: a child of 17
 * turns 18 — and, unless in full-time education, stops counting for the large-family allowance.
 * The re-check walkthrough and its tests pick from these, so each run takes a family nobody used.
 * Counting as the allowance's rule LF-01/LF-03 does: under 18, or under 23 in full-time education,
 * registered at the mother's address.
 */
import { addMonths, compareDates, yearsBetween } from '../../lib/dates.ts';
import { childrenOf, type SyntheticDataset } from './dataset.ts';

export interface TurningFamily {
  motherIin: string;
  /** Children who count on the reference date. */
  countedNow: number;
  /** The first child to turn 18 within the window, the date, and whether the child studies full-time. */
  turning: { childIin: string; on: string; studying: boolean };
  /** Children who count on that birthday. */
  countedThen: number;
}

/** Mothers of the population whose first child to turn 18 does so within `months` months of the reference date. */
export function familiesWithChildTurning18(ds: SyntheticDataset, months = 12): TurningFamily[] {
  const ref = ds.referenceDate;
  const until = addMonths(ref, months);
  const out: TurningFamily[] = [];
  for (const [parentIin] of ds.population.childrenByParent) {
    const parent = ds.population.persons.get(parentIin);
    if (!parent || parent.sex !== 'F' || parent.deceased || !parent.registeredAddress) continue;
    const children = childrenOf(ds, parentIin) ?? [];
    const counts = (on: string) => children.filter((c) => c.registeredAddress === parent.registeredAddress && (yearsBetween(c.birthDate, on) < 18 || (c.inFullTimeEducation && yearsBetween(c.birthDate, on) < 23))).length;
    const turning = children
      .map((c) => ({ childIin: c.iin, on: addMonths(c.birthDate, 18 * 12), studying: c.inFullTimeEducation }))
      .filter((t) => compareDates(t.on, ref) > 0 && compareDates(t.on, until) < 0)
      .sort((a, b) => compareDates(a.on, b.on))[0];
    if (!turning) continue;
    out.push({ motherIin: parentIin, countedNow: counts(ref), turning, countedThen: counts(turning.on) });
  }
  return out;
}

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

/**
 * Mothers of the population whose child turns 18 within `months` months of the reference date, that
 * birthday being the only milestone of the window (no other child turning 18, no student turning 23).
 */
export function familiesWithChildTurning18(ds: SyntheticDataset, months = 12): TurningFamily[] {
  const ref = ds.referenceDate;
  const until = addMonths(ref, months);
  const out: TurningFamily[] = [];
  for (const [parentIin] of ds.population.childrenByParent) {
    const parent = ds.population.persons.get(parentIin);
    if (!parent || parent.sex !== 'F' || parent.deceased || !parent.registeredAddress) continue;
    const children = childrenOf(ds, parentIin) ?? [];
    const counts = (on: string) => children.filter((c) => c.registeredAddress === parent.registeredAddress && (yearsBetween(c.birthDate, on) < 18 || (c.inFullTimeEducation && yearsBetween(c.birthDate, on) < 23))).length;
    const inWindow = (on: string) => compareDates(on, ref) > 0 && compareDates(on, until) < 0;
    const turning = children
      .map((c) => ({ childIin: c.iin, on: addMonths(c.birthDate, 18 * 12), studying: c.inFullTimeEducation }))
      .filter((t) => inWindow(t.on))
      .sort((a, b) => compareDates(a.on, b.on))[0];
    if (!turning) continue;
    // The birthday is the window's only milestone: no other child turns 18 and no student turns 23
    // in it, so the re-check it triggers is the only one and any change in the count is its own.
    const milestones = children.flatMap((c) => [addMonths(c.birthDate, 18 * 12), ...(c.inFullTimeEducation ? [addMonths(c.birthDate, 23 * 12)] : [])]).filter(inWindow);
    if (milestones.length !== 1) continue;
    out.push({ motherIin: parentIin, countedNow: counts(ref), turning, countedThen: counts(turning.on) });
  }
  return out;
}

/**
 * Mothers outside social insurance (fewer than 6 contribution months of the 24 before the birth),
 * whose childcare allowance is the state allowance in MCI (5.76 / 6.81 / 7.85 / 8.90 by birth order):
 * the entitlements whose periods are indexed to the MCI.
 */
import type { SyntheticDataset } from '../../registries/synthetic/dataset.ts';

const CARE_MCI = [5.76, 6.81, 7.85, 8.9];

/** An uninsured mother of a child born on this date, her child, and the allowance's MCI multiplier. */
export function uninsuredBirth(ds: SyntheticDataset, birthDate: string): { applicantIin: string; childIin: string; multiplier: number } {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  const b = [...ds.births.values()].find((x) => {
    if (x.birthDate !== birthDate || ds.bankAccounts.get(x.motherIin)?.verified !== true) return false;
    const month = x.birthDate.slice(0, 7);
    const window = new Set((ds.employment.get(x.motherIin)?.contributions ?? []).filter((c) => c.month < month && index(month) - index(c.month) <= 24).map((c) => c.month));
    return window.size < 6;
  });
  if (!b) throw new Error(`the synthetic population has no uninsured mother of a child born ${birthDate}`);
  return { applicantIin: b.motherIin, childIin: b.childIin, multiplier: CARE_MCI[Math.min(b.birthOrder, 4) - 1]! };
}

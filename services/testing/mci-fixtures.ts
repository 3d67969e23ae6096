/**
 * Childcare-allowance versions whose MCI figures are not the law's, for tests only (never the
 * live catalog): a catalog that lacks a year's MCI, or carries a hypothetical future one.
 */
import { childcareAllowanceV4 } from '../catalog/index.ts';
import { MCI } from '../catalog/common.ts';
import type { ParameterValue, ServiceDefinition } from '../definition.ts';
import { validateDefinition } from '../validate.ts';

/** The live childcare allowance as a later version with these MCI values in place of the law's. */
export function childcareWithMci(version: number, values: ParameterValue[]): ServiceDefinition {
  return validateDefinition({
    ...childcareAllowanceV4,
    version,
    supersedes: [childcareAllowanceV4.version],
    parameters: childcareAllowanceV4.parameters.map((p) => (p.name === MCI.name ? { ...p, values } : p)),
  });
}

/** The MCI values of the live catalog up to and including a year. */
export const mciUpTo = (year: number): ParameterValue[] => MCI.values.filter((v) => Number(v.from.slice(0, 4)) <= year);

/**
 * A 2027 MCI no budget law has fixed: a hypothetical figure for tests only (unverified, no source),
 * standing for the figure the catalog gains once the law is passed.
 */
export const HYPOTHETICAL_MCI_2027: ParameterValue = { from: '2027-01-01', to: '2027-12-31', value: 4_600, verified: false };

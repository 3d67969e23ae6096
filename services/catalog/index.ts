/**
 * The built-in service catalog: the version of every service in force, as validated, frozen data.
 * Versions they supersede are not here (their published rows stay in the database for the
 * decisions signed under them). `npm run` tooling publishes these to the database
 * (services/publish.ts); the workflow selects a version by legal-fact date (services/registry.ts).
 */
import type { ServiceDefinition } from '../definition.ts';
import type { EmploymentEventRules } from '../employment-events.ts';
import type { EntitlementDeclaration } from '../entitlements.ts';
import type { RecheckDeclaration } from '../rechecks.ts';
import { birthAllowanceEntitlement, birthAllowanceV3, birthAllowanceV4, birthAllowanceV5 } from './birth-allowance.ts';
import { childcareAllowanceEmploymentEvents, childcareAllowanceEntitlement, childcareAllowanceV2, childcareAllowanceV3, childcareAllowanceV4 } from './childcare-allowance.ts';
import { jobLossPaymentEntitlement, jobLossPaymentV2, jobLossPaymentV3, jobLossPaymentV4 } from './job-loss-payment.ts';
import { largeFamilyAllowanceEntitlement, largeFamilyAllowanceRechecks, largeFamilyAllowanceV2, largeFamilyAllowanceV3, largeFamilyAllowanceV4 } from './large-family-allowance.ts';

export { birthAllowanceV3, birthAllowanceV4, birthAllowanceV5, childcareAllowanceV2, childcareAllowanceV3, childcareAllowanceV4, jobLossPaymentV2, jobLossPaymentV3, jobLossPaymentV4, largeFamilyAllowanceV2, largeFamilyAllowanceV3, largeFamilyAllowanceV4 };

export const catalog: readonly ServiceDefinition[] = Object.freeze([birthAllowanceV5, childcareAllowanceV4, jobLossPaymentV4, largeFamilyAllowanceV4]);

/**
 * Every version ever built in, superseded ones included: what a tool that computes cases of past
 * legal-fact dates selects from (a version is out of force only if a later one in the list
 * supersedes it, so a list with a gap in the chain would bring an old version back into force).
 */
export const catalogHistory: readonly ServiceDefinition[] = Object.freeze([
  birthAllowanceV3, birthAllowanceV4, birthAllowanceV5,
  childcareAllowanceV2, childcareAllowanceV3, childcareAllowanceV4,
  jobLossPaymentV2, jobLossPaymentV3, jobLossPaymentV4,
  largeFamilyAllowanceV2, largeFamilyAllowanceV3, largeFamilyAllowanceV4,
]);

/** Each service's entitlement (what one grant covers), by service code; a code without one has no uniqueness to enforce. */
export const entitlements: Readonly<Record<string, EntitlementDeclaration>> = Object.freeze({
  'birth-allowance': birthAllowanceEntitlement,
  'childcare-allowance': childcareAllowanceEntitlement,
  'job-loss-payment': jobLossPaymentEntitlement,
  'large-family-allowance': largeFamilyAllowanceEntitlement,
});

export function entitlementOf(serviceCode: string): EntitlementDeclaration | null {
  return entitlements[serviceCode] ?? null;
}

/** What the employment registry's events do to each service's running entitlements (services/employment-events.ts). */
export const employmentEventRules: Readonly<Record<string, EmploymentEventRules>> = Object.freeze({
  'childcare-allowance': childcareAllowanceEmploymentEvents,
});

/** Each service's scheduled re-checks of a granted entitlement (services/rechecks.ts), by service code. */
export const rechecks: Readonly<Record<string, RecheckDeclaration>> = Object.freeze({
  'large-family-allowance': largeFamilyAllowanceRechecks,
});

export function rechecksOf(serviceCode: string): RecheckDeclaration | null {
  return rechecks[serviceCode] ?? null;
}

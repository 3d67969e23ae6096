/**
 * The built-in service catalog: the version of every service in force, as validated, frozen data.
 * Versions they supersede are not here (their published rows stay in the database for the
 * decisions signed under them). `npm run` tooling publishes these to the database
 * (services/publish.ts); the workflow selects a version by legal-fact date (services/registry.ts).
 */
import type { ServiceDefinition } from '../definition.ts';
import { birthAllowanceV3 } from './birth-allowance.ts';
import { childcareAllowanceV2 } from './childcare-allowance.ts';
import { jobLossPaymentV2 } from './job-loss-payment.ts';
import { largeFamilyAllowanceV2 } from './large-family-allowance.ts';

export { birthAllowanceV3, childcareAllowanceV2, jobLossPaymentV2, largeFamilyAllowanceV2 };

export const catalog: readonly ServiceDefinition[] = Object.freeze([birthAllowanceV3, childcareAllowanceV2, jobLossPaymentV2, largeFamilyAllowanceV2]);

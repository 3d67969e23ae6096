/**
 * The built-in service catalog: every version of every service, as validated, frozen data.
 * `npm run` tooling publishes these to the database (services/publish.ts); the workflow selects
 * a version by legal-fact date (services/registry.ts).
 */
import type { ServiceDefinition } from '../definition.ts';
import { birthAllowanceV1, birthAllowanceV2 } from './birth-allowance.ts';
import { childcareAllowanceV1 } from './childcare-allowance.ts';
import { jobLossPaymentV1 } from './job-loss-payment.ts';
import { largeFamilyAllowanceV1 } from './large-family-allowance.ts';

export { birthAllowanceV1, birthAllowanceV2, childcareAllowanceV1, jobLossPaymentV1, largeFamilyAllowanceV1 };

export const catalog: readonly ServiceDefinition[] = Object.freeze([
  birthAllowanceV1,
  birthAllowanceV2,
  childcareAllowanceV1,
  jobLossPaymentV1,
  largeFamilyAllowanceV1,
]);

/**
 * Events of the employment registry (ЕСУТД, employment contracts) that change a running
 * entitlement instead of offering a service: a parent back at work, a parent back on childcare
 * leave. What each does to which service is law, so it is data of the service in the catalog
 * (e.g. services/catalog/childcare-allowance.ts), with its legal basis and whether it is verified.
 */
import type { LegalBasis, LifeEventType } from './definition.ts';
import { citeLegalBasis } from './legal-basis.ts';

export const EMPLOYMENT_EVENT_TYPES = ['RETURNED_TO_WORK', 'CHILDCARE_LEAVE_RESUMED'] as const satisfies readonly LifeEventType[];
export type EmploymentEventType = (typeof EMPLOYMENT_EVENT_TYPES)[number];

export const isEmploymentEvent = (type: string): type is EmploymentEventType => (EMPLOYMENT_EVENT_TYPES as readonly string[]).includes(type);

/** What an event does to the entitlement: the signal the entitlement workflow receives. */
export type EntitlementChangeOnEvent = 'SUSPEND' | 'RESUME';

export interface EmploymentEventRule {
  change: EntitlementChangeOnEvent;
  /** The rule in plain words (English, as entitlement change reasons are recorded). */
  text: string;
  legalBasis: LegalBasis;
}

/** A service's rules for the employment registry's events. */
export type EmploymentEventRules = Readonly<Partial<Record<EmploymentEventType, EmploymentEventRule>>>;

/** The reason an entitlement change records: the event, the rule and its legal basis, unverified said so. */
export function entitlementChangeReason(type: EmploymentEventType, rule: EmploymentEventRule, event: { eventId: string; source: string; date: string }): string {
  return `${type}: ${rule.text}; legal basis: ${citeLegalBasis(rule.legalBasis)}; event ${event.eventId} from ${event.source} of ${event.date}`;
}

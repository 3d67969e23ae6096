/**
 * Proactive discovery: which services a population sweep offers, and who in a page of the civil
 * registry's population extract is entitled to one. Eligibility is the service's own: the children
 * who count are the ones its entitlement declaration covers (the same CEL expression that keys its
 * grants — for the large-family allowance, the children under 18, or under 23 in full-time
 * education, registered at the parent's address), and the family qualifies when there are at least
 * `minKeys` of them. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import type { ChildRecord, PersonRecord } from '../registries/types.ts';
import { entitlementOf } from './catalog/index.ts';
import { entitlementKeysOf } from './entitlements.ts';

export interface DiscoverableService {
  serviceCode: string;
  /** Entitled when the service's entitlement keys number at least this many (4 children for a large family). */
  minKeys: number;
  /** The rules the offer's pre-check runs when the service's definition names none (no `proactive` block). */
  precheck: string[];
  /** Declarations the sweep establishes from the register instead of asking: field → the rule that establishes it. */
  establishedBy: Record<string, string>;
}

/** The services a sweep may offer, by code. */
export const DISCOVERABLE: Readonly<Record<string, DiscoverableService>> = Object.freeze({
  'large-family-allowance': {
    serviceCode: 'large-family-allowance',
    minKeys: 4,
    precheck: ['LF-01', 'LF-02', 'LF-03'],
    establishedBy: { confirmsCohabitation: 'LF-03' },
  },
});

export const discoverableService = (code: string): DiscoverableService | null => DISCOVERABLE[code] ?? null;

export interface DiscoveredFamily {
  /** The parent the offer goes to. */
  applicantIin: string;
  /** The service's entitlement keys for this family (the children who count), sorted. */
  keys: string[];
  /** The offer's case id: derived from the service and the family, so no sweep can offer it twice. */
  caseId: string;
  application: Record<string, unknown>;
}

/** The offer's case id for a family: the same whichever parent or sweep finds it. */
export const sweepOfferCaseId = (serviceCode: string, keys: readonly string[]): string =>
  `c${createHash('sha256').update(`population-sweep|${serviceCode}|${[...keys].sort().join(',')}`).digest('hex').slice(0, 20)}`;

/**
 * The families of a page entitled to the service on `asOf`. Both parents of a family list the same
 * children; a married man whose wife is alive defers to her (she is found on her own page), and
 * two parents who still both qualify converge on one case id.
 */
export function discoverFamilies(service: DiscoverableService, persons: readonly (PersonRecord & { children: ChildRecord[] })[], asOf: string): DiscoveredFamily[] {
  const declaration = entitlementOf(service.serviceCode);
  if (!declaration) throw new Error(`service ${service.serviceCode} declares no entitlement: a sweep cannot tell who is entitled`);
  const found = new Map<string, DiscoveredFamily>();
  for (const p of persons) {
    if (p.deceased || p.children.length < service.minKeys) continue;
    if (p.sex === 'M' && p.maritalStatus === 'MARRIED' && p.spouseIin) continue;
    const { children, ...person } = p;
    const keys = entitlementKeysOf(declaration, { applicantIin: p.iin, application: {}, legalFactDate: asOf, evidence: { children, person } });
    if (keys.status !== 'KNOWN' || keys.keys.length < service.minKeys) continue;
    const caseId = sweepOfferCaseId(service.serviceCode, keys.keys);
    if (found.has(caseId)) continue;
    found.set(caseId, { applicantIin: p.iin, keys: keys.keys, caseId, application: Object.fromEntries(Object.keys(service.establishedBy).map((f) => [f, true])) });
  }
  return [...found.values()];
}

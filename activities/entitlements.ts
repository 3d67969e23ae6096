/**
 * A case's entitlement, as the activities see it: the keys it asks for (from its application and
 * its stored evidence), and what the evaluation must know about other cases asking for them —
 * a grant that refuses it, or an earlier pending case that sends it to an officer.
 */
import { entitlementOf } from '../services/catalog/index.ts';
import { competingCases, grantFor, recordCaseEntitlement, type EntitlementGrant } from '../services/entitlement-store.ts';
import { entitlementKeysOf, type EntitlementDeclaration } from '../services/entitlements.ts';
import { applicationOf } from '../services/case-evaluation.ts';
import type { PrismaClient } from '../lib/db/client.ts';
import type { CaseRow } from './case-row.ts';

/** The failed-rule id a duplicate refusal carries (in the evaluation, the decision and its record). */
export const DUPLICATE_ENTITLEMENT = 'DUPLICATE_ENTITLEMENT';
/** The precheck's reason for no offer when an application (or another offer) for the same entitlement is open. */
export const ENTITLEMENT_PENDING = 'ENTITLEMENT_PENDING';
/** Escalation reason: `ENTITLEMENT_PENDING:<caseId>` names the earlier case an officer must look at. */
export const pendingReason = (caseId: string): string => `${ENTITLEMENT_PENDING}:${caseId}`;

export interface CaseEntitlement {
  declaration: EntitlementDeclaration;
  scope: string;
  keys: string[];
}

/** Evidence data by key as the key expression reads it (null unless FOUND). */
export function evidenceDataOf(rows: { key: string; status: string; data: unknown }[]): Record<string, unknown> {
  return Object.fromEntries(rows.map((r) => [r.key, r.status === 'FOUND' ? (r.data ?? null) : null]));
}

/** The keys the case asks for; null when its service declares none or they cannot be known. */
export function caseEntitlementOf(row: CaseRow, evidence: Record<string, unknown>): CaseEntitlement | null {
  const declaration = entitlementOf(row.serviceCode);
  if (!declaration || !row.legalFactDate) return null;
  const keys = entitlementKeysOf(declaration, {
    applicantIin: row.applicantIin,
    application: applicationOf(row),
    legalFactDate: row.legalFactDate.toISOString().slice(0, 10),
    evidence,
  });
  return keys.status === 'KNOWN' ? { declaration, scope: keys.scope, keys: keys.keys } : null;
}

export type EntitlementCheck =
  | { status: 'FREE' }
  | { status: 'GRANTED'; grant: EntitlementGrant }
  /** Open cases that come first: an earlier application, a consented offer, (for a precheck) any earlier offer. */
  | { status: 'PENDING'; caseIds: string[] };

/**
 * Where the case stands among cases for the same entitlement. A grant refuses it. For a precheck
 * any open application or consented offer — and any earlier open offer (a birth re-sent under a
 * new event id) — means no offer; for a decision, an earlier open application or consented offer
 * means an officer decides (proactive offers not yet accepted do not block an application: intake
 * closes them).
 */
export async function checkEntitlement(prisma: PrismaClient, row: CaseRow, entitlement: CaseEntitlement, purpose: 'PRECHECK' | 'DECISION'): Promise<EntitlementCheck> {
  await recordCaseEntitlement(prisma, row.id, entitlement.scope, entitlement.keys);
  const onDate = row.legalFactDate!.toISOString().slice(0, 10);
  const grant = await grantFor(prisma, entitlement.scope, entitlement.keys, onDate, row.id);
  if (grant) return { status: 'GRANTED', grant };
  const others = await competingCases(prisma, row.id, entitlement.scope, entitlement.keys);
  const earlier = (c: { createdAt: Date; caseId: string }) => c.createdAt < row.createdAt || (c.createdAt.getTime() === row.createdAt.getTime() && c.caseId < row.id);
  const asks = (c: { origin: string; consented: boolean }) => c.origin !== 'PROACTIVE' || c.consented;
  const blocking = others.filter((c) => (purpose === 'PRECHECK' ? asks(c) || earlier(c) : asks(c) && earlier(c)));
  return blocking.length ? { status: 'PENDING', caseIds: blocking.map((c) => c.caseId) } : { status: 'FREE' };
}

/**
 * Intake's side of entitlements (services/entitlements.ts), before a workflow starts:
 *  - an application for an entitlement another case was granted is refused, DUPLICATE_ENTITLEMENT
 *    naming that case (a retry of the granted case's own request is not a duplicate);
 *  - an accepted application records the keys it asks for, so a later one finds it pending;
 *  - a proactive offer for the same entitlement not yet accepted closes: the citizen's (or the
 *    other parent's) application is the case that goes on, the offer is withdrawn with a reason
 *    naming it. An offer already accepted is an application by then: the new one goes to an
 *    officer (the case's evaluation names the earlier case).
 * Keys that only the registries know (the large-family allowance's children) are checked inside
 * the case, once its evidence is in.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { entitlementOf } from '../../services/catalog/index.ts';
import { grantFor, recordAndCompete } from '../../services/entitlement-store.ts';
import { entitlementKeysOf } from '../../services/entitlements.ts';
import { caseWorkflowId, withdrawCaseUpdate } from '../../workflows/messages.ts';
import type { PrismaClient } from '../../lib/db/client.ts';
import { DuplicateEntitlementError } from '../../lib/errors.ts';

/** How long intake waits for an offer's workflow to close it; past that the application goes on regardless. */
export const CLOSE_OFFER_TIMEOUT_MS = 10_000;

export interface IntakeEntitlement {
  scope: string;
  keys: string[];
}

/** The keys an application asks for, refused when another case holds one of them. */
export async function refuseGrantedEntitlement(
  prisma: PrismaClient,
  application: { caseId: string; serviceCode: string; applicantIin: string; application: Record<string, unknown>; legalFactDate: string },
): Promise<IntakeEntitlement | null> {
  const declaration = entitlementOf(application.serviceCode);
  if (!declaration) return null;
  const keys = entitlementKeysOf(declaration, application);
  if (keys.status !== 'KNOWN') return null;
  const grant = await grantFor(prisma, keys.scope, keys.keys, application.legalFactDate, application.caseId);
  if (grant) {
    const fields = Object.keys(application.application).filter((f) => keys.keys.includes(String(application.application[f])));
    throw new DuplicateEntitlementError(
      grant.caseId,
      `${application.serviceCode}: the entitlement ${keys.scope} ${grant.key} was already granted in case ${grant.caseId} (decision ${grant.decisionId})`,
      fields.map((f) => ({ field: `application.${f}`, code: 'DUPLICATE_ENTITLEMENT', message: `already granted in case ${grant.caseId}` })),
    );
  }
  return { scope: keys.scope, keys: keys.keys };
}

/** Records what an accepted application asks for and closes the open offers it replaces. */
export async function joinEntitlement(deps: { prisma: PrismaClient; temporal: Client }, caseId: string, entitlement: IntakeEntitlement): Promise<void> {
  const offers = (await recordAndCompete(deps.prisma, caseId, entitlement.scope, entitlement.keys)).filter((c) => c.origin === 'PROACTIVE' && !c.consented);
  for (const offer of offers) {
    try {
      const handle = deps.temporal.workflow.getHandle(caseWorkflowId(offer.caseId));
      await deps.temporal.connection.withDeadline(Date.now() + CLOSE_OFFER_TIMEOUT_MS, () =>
        handle.executeUpdate(withdrawCaseUpdate, { args: [{ reason: `an application for the same entitlement was made: case ${caseId}`, by: 'system' }] }),
      );
    } catch (e) {
      // Closed meanwhile (decided, refused, expired, accepted): nothing to withdraw. An accepted
      // offer is then pending for the new case's evaluation, which sends it to an officer. A
      // worker too slow to answer leaves the offer open: the claim still pays only one of them.
      if (e instanceof WorkflowUpdateFailedError || e instanceof WorkflowNotFoundError || e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) continue;
      if ((e as { code?: number }).code === 4 /* DEADLINE_EXCEEDED */) continue;
      throw e;
    }
  }
}

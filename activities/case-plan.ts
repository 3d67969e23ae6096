/**
 * Resolving a case's plan: the service version in effect on the legal-fact date (not the request
 * date), pinned in the case so every later step — and every retry — uses the same rules. An
 * application arrives pinned (api/intake/start-case.ts chose and validated the version when it
 * accepted it); a proactive case, created by planOffers from a life event, and a case received
 * before intake pinned, are pinned here on first resolution.
 */
import { consentWindowMs, durationToMs, type ServiceDefinition } from '../services/definition.ts';
import { operationalPolicyOf, type OperationalPolicies } from '../services/operational-policy.ts';
import { definitionHash, selectVersionForApplication, validateApplication } from '../services/registry.ts';
import { registryOf, type QueryName } from '../registries/types.ts';
import { FailureType } from '../workflows/messages.ts';
import type { ActivityDeps } from './deps.ts';
import { applicationOf, submittedOn } from '../services/case-evaluation.ts';
import { loadCaseRow } from './case-row.ts';
import type { CasePlan } from './types.ts';
import { finalFailure } from './failures.ts';

export function planOf(caseId: string, def: ServiceDefinition, contentHash: string, intakeErrors: string[], policies: OperationalPolicies = {}): CasePlan {
  const e = def.escalation;
  // Operational, not law: the department's chain and four-eyes rule, beside the definition's figures.
  const operational = operationalPolicyOf(def, policies);
  return {
    caseId,
    serviceCode: def.code,
    serviceVersion: def.version,
    definitionHash: contentHash,
    department: def.department,
    evidence: def.evidence.map((spec) => ({ key: spec.key, query: spec.query, registry: registryOf(spec.query as QueryName), required: spec.required })),
    policy: {
      slaMs: durationToMs(e.sla),
      supervisorSlaMs: durationToMs(e.supervisorSla),
      informationDeadlineMs: durationToMs(e.informationDeadline),
      consentWindowMs: consentWindowMs(def),
      candidateGroup: e.candidateGroup,
      supervisorGroup: e.supervisorGroup,
      fourEyesThreshold: e.fourEyesThreshold,
      ...(e.hearingWorkingDays ? { hearingWorkingDays: e.hearingWorkingDays } : {}),
      escalationChain: operational.escalationChain,
      secondReviewBySupervisor: operational.secondReviewBySupervisor,
    },
    intakeErrors,
    ...(def.refusalGrounds ? { refusalGrounds: def.refusalGrounds.map((g) => g.code) } : {}),
    ...(def.answerSubstitutes ? { answerSubstitutes: def.answerSubstitutes.map((s) => ({ ...s, registry: registryOf(s.check) })) } : {}),
  };
}

export function createCasePlanActivities({ prisma, catalog, operationalPolicies = {} }: Pick<ActivityDeps, 'prisma' | 'catalog' | 'operationalPolicies'>) {
  return {
    async loadCasePlan({ caseId }: { caseId: string }): Promise<CasePlan> {
      const row = await loadCaseRow(prisma, caseId);
      if (row.definitionHash) {
        const def = await catalog.byContentHash(row.definitionHash);
        return planOf(caseId, def, row.definitionHash, [], operationalPolicies);
      }
      const application = applicationOf(row);
      const published = await catalog.published();
      let chosen: { definition: ServiceDefinition; legalFactDate: string };
      try {
        chosen = selectVersionForApplication(published, row.serviceCode, application, submittedOn(row));
      } catch (e) {
        throw finalFailure(FailureType.ServiceNotFound, (e as Error).message);
      }
      const def = chosen.definition;
      const check = validateApplication(def, application, { submittedOn: submittedOn(row) });
      const intakeErrors = check.ok ? [] : check.issues.map((i) => `${i.field}: ${i.message}`);
      const hash = definitionHash(def);
      // Pin once: a concurrent or repeated resolution finds the row already pinned and keeps it.
      // One statement (Prisma's updateMany would add a transaction around it).
      const pinnedNow = await prisma.$executeRawUnsafe(
        `UPDATE "Case" SET "serviceVersion" = $2, "definitionHash" = $3, "legalFactDate" = $4::date, "department" = $5, "updatedAt" = (now() AT TIME ZONE 'UTC')
         WHERE "id" = $1 AND "definitionHash" IS NULL`,
        caseId,
        def.version,
        hash,
        chosen.legalFactDate,
        def.department,
      );
      if (pinnedNow === 1) return planOf(caseId, def, hash, intakeErrors, operationalPolicies);
      const pinned = await loadCaseRow(prisma, caseId); // an earlier attempt pinned it first
      return planOf(caseId, await catalog.byContentHash(pinned.definitionHash!), pinned.definitionHash!, intakeErrors, operationalPolicies);
    },
  };
}

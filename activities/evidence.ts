/**
 * Fetching one piece of evidence from another agency's registry and storing it with its
 * provenance (registry, source, time, content hash). Not-found is an answer, recorded and final;
 * an unavailable registry is retried by Temporal with the workflow's per-registry policy.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Prisma } from '../generated/prisma/client.ts';
import { contentHash } from '../lib/canonical-json.ts';
import { RegistryError, registryOf, type QueryName } from '../registries/types.ts';
import { resolveEvidenceRequest } from '../services/evidence.ts';
import { isInternalQuery } from '../services/definition.ts';
import { grantsOfPerson } from '../services/entitlement-store.ts';
import { evidenceIdOf, FailureType } from '../workflows/messages.ts';
import { applicationOf, submittedOn } from '../services/case-evaluation.ts';
import { loadCaseRow } from './case-row.ts';
import type { ActivityDeps } from './deps.ts';
import type { FetchEvidenceInput, FetchEvidenceResult } from './types.ts';
import { finalFailure } from './failures.ts';

/** The running activity's cancellation, passed to a registry call so a cancelled activity stops it. */
export function cancellationSignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined; // called outside an activity (tests)
  }
}

export function createEvidenceActivities({ prisma, registries, catalog }: Pick<ActivityDeps, 'prisma' | 'registries' | 'catalog'>) {
  async function store(caseId: string, key: string, query: string, status: 'FOUND' | 'NOT_FOUND', data: unknown, source: string, fetchedAt: Date) {
    const hash = contentHash(status === 'FOUND' ? data : { status, query });
    const values = { registry: registryOf(query as QueryName), query, status, data: (data ?? undefined) as Prisma.InputJsonValue | undefined, contentHash: hash, source, fetchedAt };
    await prisma.evidence.upsert({
      where: { id: evidenceIdOf(caseId, key) },
      create: { id: evidenceIdOf(caseId, key), caseId, key, ...values },
      update: values,
    });
    return hash;
  }

  const notFound = (key: string, why: string) =>
    finalFailure(FailureType.RegistryNotFound, `${key}: ${why}`);

  return {
    async fetchEvidence({ caseId, key }: FetchEvidenceInput): Promise<FetchEvidenceResult> {
      const row = await loadCaseRow(prisma, caseId);
      const def = await catalog.byContentHash(row.definitionHash!);
      const spec = def.evidence.find((e) => e.key === key);
      if (!spec) throw finalFailure('VALIDATION_FAILED', `service ${def.code} has no evidence ${key}`);
      const request = resolveEvidenceRequest(spec, {
        applicant: { iin: row.applicantIin },
        application: applicationOf(row),
        legalFactDate: row.legalFactDate!.toISOString().slice(0, 10),
        today: submittedOn(row),
      });
      if (!request.params) {
        await store(caseId, key, spec.query, 'NOT_FOUND', null, 'application', new Date());
        throw notFound(key, `no value for ${request.unresolved.join(', ')}`);
      }
      if (isInternalQuery(spec.query)) {
        // Qyzmet's own record of grants, read at this moment: the answer is stored and hashed like
        // a registry's, so the decision cites exactly what the rule read.
        const grants = await grantsOfPerson(prisma, String(request.params.iin));
        const hash = await store(caseId, key, spec.query, 'FOUND', grants, 'qyzmet:entitlements', new Date());
        return { key, status: 'FOUND', contentHash: hash };
      }
      try {
        const answer = await registries.query(spec.query as QueryName, request.params as never, { signal: cancellationSignal() });
        const hash = await store(caseId, key, spec.query, 'FOUND', answer.data, answer.source, new Date(answer.fetchedAt));
        return { key, status: 'FOUND', contentHash: hash };
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
        if (e.kind === 'NOT_FOUND') {
          await store(caseId, key, spec.query, 'NOT_FOUND', null, registryOf(spec.query as QueryName), new Date());
          throw notFound(key, e.message);
        }
        if (e.kind === 'BAD_REQUEST') throw finalFailure(FailureType.RegistryBadRequest, e.message);
        throw ApplicationFailure.create({ type: FailureType.RegistryUnavailable, message: `${spec.query}: ${e.kind} ${e.message}` });
      }
    },
  };
}

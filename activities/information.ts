/**
 * A citizen's answer to a request for information, used as evidence: the documents attached to
 * answers become one evidence item (their SHA-256 hashes, so the signed decision's evidence
 * hashes cover them), and an answer the service declares a substitute for evidence — an IBAN for
 * the bank account — is checked with its registry: the bank confirms who holds that IBAN, and the
 * evidence says the account is verified only when the holder is the applicant and it is open.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Prisma } from '../generated/prisma/client.ts';
import { contentHash } from '../lib/canonical-json.ts';
import { RegistryError, registryOf, type QueryName } from '../registries/types.ts';
import { evidenceIdOf, FailureType, type InformationDocument } from '../workflows/messages.ts';
import { loadCaseRow } from './case-row.ts';
import type { ActivityDeps } from './deps.ts';
import { cancellationSignal } from './evidence.ts';
import { finalFailure } from './failures.ts';

/** The evidence key of the documents attached to answers; no service names an evidence item so. */
export const DOCUMENTS_EVIDENCE_KEY = 'documents';

export interface RecordDocumentEvidenceInput {
  caseId: string;
  documents: (InformationDocument & { submissionId: string })[];
}

export interface CheckAnswerSubstituteInput {
  caseId: string;
  /** The evidence key the answer stands in for (`bank`). */
  evidence: string;
  /** The registry query that checks it (`bank.accountByIban`). */
  check: string;
  /** The answer, as validated by the Update (a KZ IBAN, normalised). */
  answer: string;
}

export interface CheckAnswerSubstituteResult {
  evidence: string;
  verified: boolean;
  contentHash: string;
}

export function createInformationActivities({ prisma, registries }: Pick<ActivityDeps, 'prisma' | 'registries'>) {
  async function store(caseId: string, key: string, query: string, registry: string, data: unknown, source: string, fetchedAt: Date): Promise<string> {
    const hash = contentHash(data);
    const values = { registry, query, status: 'FOUND', data: data as Prisma.InputJsonValue, contentHash: hash, source, fetchedAt };
    await prisma.evidence.upsert({ where: { id: evidenceIdOf(caseId, key) }, create: { id: evidenceIdOf(caseId, key), caseId, key, ...values }, update: values });
    return hash;
  }

  return {
    /** Idempotent: the whole list each time, so a retry or a later answer writes the same row again. */
    async recordDocumentEvidence({ caseId, documents }: RecordDocumentEvidenceInput): Promise<{ contentHash: string }> {
      await loadCaseRow(prisma, caseId);
      const data = documents.map((d) => ({ submissionId: d.submissionId, sha256: d.sha256, contentType: d.contentType, size: d.size }));
      return { contentHash: await store(caseId, DOCUMENTS_EVIDENCE_KEY, 'citizen.documents', 'citizen', data, 'citizen', new Date()) };
    },

    async checkAnswerSubstitute({ caseId, evidence, check, answer }: CheckAnswerSubstituteInput): Promise<CheckAnswerSubstituteResult> {
      if (check !== 'bank.accountByIban') throw finalFailure('VALIDATION_FAILED', `no answer check ${check}`);
      const row = await loadCaseRow(prisma, caseId);
      try {
        const holder = await registries.query('bank.accountByIban', { iban: answer }, { signal: cancellationSignal() });
        const verified = holder.data.iin === row.applicantIin && holder.data.open;
        // The shape of bank.account's answer, so the rules read it as they read the registry's.
        const data = { iin: row.applicantIin, iban: answer, bankBic: holder.data.bankBic, verified, confirmedBy: check, holderIsApplicant: holder.data.iin === row.applicantIin, open: holder.data.open };
        return { evidence, verified, contentHash: await store(caseId, evidence, check, registryOf(check as QueryName), data, holder.source, new Date(holder.fetchedAt)) };
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
        if (e.kind === 'NOT_FOUND') {
          // No bank holds this IBAN: the answer stands as given, unverified, for the officer to see.
          const data = { iin: row.applicantIin, iban: answer, verified: false, confirmedBy: check, holderIsApplicant: false, open: false };
          return { evidence, verified: false, contentHash: await store(caseId, evidence, check, registryOf(check as QueryName), data, registryOf(check as QueryName), new Date()) };
        }
        if (e.kind === 'BAD_REQUEST') throw finalFailure(FailureType.RegistryBadRequest, e.message);
        throw ApplicationFailure.create({ type: FailureType.RegistryUnavailable, message: `${check}: ${e.kind} ${e.message}` });
      }
    },
  };
}

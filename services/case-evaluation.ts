/**
 * What the rules read from a stored case — its application, its applicant, the date it counts as
 * submitted, its stored evidence — and a definition's rules over them. Pure: the case engine's
 * evaluateCase activity and what-if (services/what-if/) both call it, so a what-if under the
 * pinned version reproduces what the engine decided.
 */
import type { Case, Evidence } from '../generated/prisma/client.ts';
import { kzDate } from '../lib/kz-time.ts';
import type { Lang, ServiceDefinition } from './definition.ts';
import { evaluateService, type EvaluationInput, type EvaluationResult, type EvidenceItem } from './rules.ts';

/** The columns of a case the rules read. */
export type CaseFacts = Pick<Case, 'application' | 'applicantIin' | 'createdAt' | 'language'>;

/** The date the application counts as made: its receipt, in Kazakhstan. Rules never read the clock. */
export function submittedOn(row: Pick<Case, 'createdAt'>): string {
  return kzDate(row.createdAt);
}

export function applicationOf(row: Pick<Case, 'application'>): Record<string, unknown> {
  const app = row.application;
  return app && typeof app === 'object' && !Array.isArray(app) ? (app as Record<string, unknown>) : {};
}

export const evidenceItemOf = (row: Pick<Evidence, 'status' | 'data'>): EvidenceItem => ({ status: row.status as EvidenceItem['status'], data: row.data ?? undefined });

/** The rules' input for a case and the evidence they may read. */
export function ruleInputOf(row: CaseFacts, evidence: Record<string, EvidenceItem>): EvaluationInput {
  return { application: applicationOf(row), applicant: { iin: row.applicantIin }, evidence, asOf: submittedOn(row) };
}

/** The rules of `def` over a case's application and evidence, texts in the case's language. */
export function evaluateCaseWith(def: ServiceDefinition, row: CaseFacts, evidence: Record<string, EvidenceItem>): EvaluationResult {
  return evaluateService(def, ruleInputOf(row, evidence), row.language as Lang);
}

/**
 * Accepting an application: validate it against the service version in force on its legal-fact
 * date, record the case, start its workflow. Idempotent by (client, request id): a retry — even
 * five at once — returns the same case, because the case id is derived from the request id and
 * both the database row and the workflow id are unique. An application for an entitlement already
 * granted is refused before anything is written (api/intake/entitlement.ts).
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Case, Prisma } from '../../generated/prisma/client.ts';
import { CatalogStore } from '../../services/catalog-store.ts';
import { selectVersionForApplication, validateApplication } from '../../services/registry.ts';
import type { caseWorkflow } from '../../workflows/case-workflow.ts';
import { applicationStartOptions, caseWorkflowId, type TimingOverrides } from '../../workflows/messages.ts';
import { contentHash } from '../../lib/canonical-json.ts';
import type { PrismaClient } from '../../lib/db/client.ts';
import { insertUnlessExists } from '../../lib/db/unique.ts';
import { parseIin } from '../../lib/iin.ts';
import { kzDate } from '../../lib/kz-time.ts';
import { QyzmetError } from '../../lib/errors.ts';
import { joinEntitlement, refuseGrantedEntitlement } from './entitlement.ts';

export interface StartCaseInput {
  clientId: string;
  clientRequestId: string;
  serviceCode: string;
  applicantIin: string;
  application: Record<string, unknown>;
  language: 'kk' | 'ru' | 'en';
  /**
   * The applicant chose `language` (default true): it is then the language of every message,
   * whatever the registry says. False when `language` only defaulted to the request's.
   */
  languageChosen?: boolean;
  timing?: TimingOverrides;
}

export interface IntakeDeps {
  prisma: PrismaClient;
  /** Published definitions and their content hashes; default the process's cache for `prisma`. */
  catalog?: Pick<CatalogStore, 'published' | 'contentHashOf'>;
  temporal: Client;
  taskQueue: string;
  /** Clock for the submission date; injectable for tests. */
  now?: () => Date;
}

export const caseIdFor = (clientId: string, requestId: string): string =>
  `c${createHash('sha256').update(`request|${clientId}|${requestId}`).digest('hex').slice(0, 20)}`;

/**
 * The case, whether this request made it, and its row as intake wrote or found it (before the
 * workflow's first step: the API answers with it instead of reading it again).
 */
export async function startCase(deps: IntakeDeps, input: StartCaseInput): Promise<{ caseId: string; created: boolean; row: Case }> {
  if (!input.clientRequestId?.trim() || input.clientRequestId.length > 128) {
    throw new QyzmetError('VALIDATION_FAILED', 'clientRequestId is required (at most 128 characters)', [{ field: 'clientRequestId', code: 'required', message: 'required' }]);
  }
  const iin = parseIin(input.applicantIin);
  if (!iin.ok) throw new QyzmetError('INVALID_IIN', `applicantIin: ${iin.message}`, [{ field: 'applicantIin', code: iin.reason, message: iin.message }]);

  const now = deps.now?.() ?? new Date();
  const catalog = deps.catalog ?? CatalogStore.of(deps.prisma);
  const definitions = await catalog.published();
  if (!definitions.some((d) => d.code === input.serviceCode)) {
    throw new QyzmetError('SERVICE_NOT_FOUND', `unknown service "${input.serviceCode}"; published services: ${[...new Set(definitions.map((d) => d.code))].join(', ')}`);
  }
  let version;
  try {
    version = selectVersionForApplication(definitions, input.serviceCode, input.application, kzDate(now));
  } catch (e) {
    const err = e as Error & { field?: string | null };
    if (err.name === 'LegalFactUnavailable') {
      throw new QyzmetError('VALIDATION_FAILED', err.message, err.field ? [{ field: err.field, code: 'invalid', message: err.message }] : []);
    }
    throw new QyzmetError('NO_EFFECTIVE_VERSION', err.message);
  }
  const check = validateApplication(version.definition, input.application, { submittedOn: kzDate(now) });
  if (!check.ok) {
    throw new QyzmetError('VALIDATION_FAILED', `the application does not match ${input.serviceCode}: ${check.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, check.issues);
  }

  const def = version.definition;
  const caseId = caseIdFor(input.clientId, input.clientRequestId);
  const entitlement = await refuseGrantedEntitlement(deps.prisma, { caseId, serviceCode: input.serviceCode, applicantIin: input.applicantIin, application: check.application, legalFactDate: version.legalFactDate });
  const requestHash = contentHash({ serviceCode: input.serviceCode, applicantIin: input.applicantIin, application: input.application });
  // Insert first: on the usual path (a new request) that is the only statement; a repeat finds
  // the row taken and compares what it asked for. The case is pinned here to the version chosen
  // and validated above, so the workflow's plan reads it instead of choosing again.
  const inserted = await insertUnlessExists(() =>
    deps.prisma.case.create({
      data: {
        id: caseId,
        workflowId: caseWorkflowId(caseId),
        serviceCode: input.serviceCode,
        serviceVersion: def.version,
        definitionHash: catalog.contentHashOf(def),
        legalFactDate: new Date(version.legalFactDate),
        department: def.department,
        status: 'RECEIVED',
        origin: 'APPLICATION',
        applicantIin: input.applicantIin,
        language: input.language,
        languageChosen: input.languageChosen ?? true,
        application: check.application as Prisma.InputJsonValue,
        clientId: input.clientId,
        clientRequestId: input.clientRequestId,
        requestHash,
        createdAt: now,
      },
    }),
  );
  const created = inserted !== null;
  const row = inserted ?? (await deps.prisma.case.findUnique({ where: { id: caseId } }));
  if (!row || row.requestHash !== requestHash) {
    throw new QyzmetError('IDEMPOTENCY_CONFLICT', `clientRequestId "${input.clientRequestId}" was already used for a different application`);
  }

  // The workflow starts beside the entitlement's record (and the withdrawal of the offers it
  // replaces): its row exists, and neither is the case's to wait for — its evaluation records the
  // keys again and is not blocked by an offer not accepted (activities/entitlements.ts
  // checkEntitlement). A failed record is still this request's error (its workflow started); a
  // retry records it, and so does the case's own evaluation.
  // Started on every attempt, so a crash between the insert and the start heals on retry; and if
  // no retry comes (the API died here, the client gave up), the worker's reconciler starts it
  // (activities/case-reconciler.ts). USE_EXISTING makes the concurrent attempts share one workflow.
  const [joined, started] = await Promise.allSettled([
    entitlement ? joinEntitlement(deps, caseId, entitlement) : null,
    deps.temporal.workflow.start<typeof caseWorkflow>(
      'caseWorkflow',
      applicationStartOptions({ caseId, serviceCode: input.serviceCode, department: def.department, taskQueue: deps.taskQueue, timing: input.timing }),
    ),
  ]);
  if (joined.status === 'rejected') throw joined.reason;
  if (started.status === 'rejected') {
    if ((started.reason as Error).name === 'WorkflowExecutionAlreadyStartedError') return { caseId, created, row };
    // The row stands; the reconciler starts its workflow if no retry does. No transport detail leaves.
    throw new QyzmetError('UNAVAILABLE', `case ${caseId} was recorded but its workflow could not be started yet; it will be started shortly, and a retry with the same clientRequestId is safe`);
  }
  return { caseId, created, row };
}

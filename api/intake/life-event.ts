/**
 * Accepting a life event from a registry (a birth registered, a person registered as unemployed). Stored once per event
 * id — a repeated submission returns the first — and handed to a life-event workflow whose id is
 * derived from the event id, so the offers it creates are made once.
 */
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Prisma } from '../../generated/prisma/client.ts';
import { LIFE_EVENT_TYPES } from '../../services/definition.ts';
import type { lifeEventWorkflow } from '../../workflows/life-event-workflow.ts';
import { lifeEventWorkflowId, type TimingOverrides } from '../../workflows/messages.ts';
import { lifeEventMetadata } from '../../workflows/user-metadata.ts';
import { contentHash } from '../../lib/canonical-json.ts';
import { createUnlessExists } from '../../lib/db/unique.ts';
import { parseIin } from '../../lib/iin.ts';
import { QyzmetError } from '../../lib/errors.ts';
import { kzDate } from '../../lib/kz-time.ts';
import { lifeEventPayloadProblems } from './life-event-payload.ts';
import type { IntakeDeps } from './start-case.ts';

export interface LifeEventInput {
  eventId: string;
  type: string;
  source: string;
  subjectIin: string;
  payload: Record<string, unknown>;
  timing?: TimingOverrides;
}

export async function submitLifeEvent(deps: IntakeDeps, input: LifeEventInput): Promise<{ eventId: string; created: boolean }> {
  if (!input.eventId?.trim() || input.eventId.length > 128) throw new QyzmetError('VALIDATION_FAILED', 'eventId is required (at most 128 characters)');
  if (!(LIFE_EVENT_TYPES as readonly string[]).includes(input.type)) {
    throw new QyzmetError('VALIDATION_FAILED', `unknown life event type "${input.type}"; known: ${LIFE_EVENT_TYPES.join(', ')}`, [{ field: 'type', code: 'enum', message: 'unknown type' }]);
  }
  const subject = parseIin(input.subjectIin);
  if (!subject.ok) throw new QyzmetError('INVALID_IIN', `subjectIin: ${subject.message}`, [{ field: 'subjectIin', code: subject.reason, message: subject.message }]);
  for (const [key, value] of Object.entries(input.payload)) {
    if (/iin$/i.test(key) && value !== null && value !== undefined) {
      const parsed = parseIin(value);
      if (!parsed.ok) throw new QyzmetError('INVALID_IIN', `payload.${key}: ${parsed.message}`, [{ field: `payload.${key}`, code: parsed.reason, message: parsed.message }]);
    }
  }
  const problems = lifeEventPayloadProblems(input.type, input.subjectIin, input.payload, kzDate(deps.now?.() ?? new Date()));
  if (problems.length > 0) throw new QyzmetError('VALIDATION_FAILED', `${input.type}: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  const payloadHash = contentHash({ type: input.type, subjectIin: input.subjectIin, payload: input.payload });
  const created = await createUnlessExists(() =>
    deps.prisma.lifeEvent.create({
      data: { id: input.eventId, eventId: input.eventId, type: input.type, subjectIin: input.subjectIin, payload: input.payload as Prisma.InputJsonValue, source: input.source, payloadHash, receivedAt: deps.now?.() ?? new Date() },
      select: { id: true },
    }),
  );
  if (!created) {
    const first = await deps.prisma.lifeEvent.findUnique({ where: { eventId: input.eventId }, select: { payloadHash: true } });
    if (first?.payloadHash !== payloadHash) throw new QyzmetError('IDEMPOTENCY_CONFLICT', `event ${input.eventId} was already submitted with different content`);
  }
  try {
    await deps.temporal.workflow.start<typeof lifeEventWorkflow>('lifeEventWorkflow', {
      workflowId: lifeEventWorkflowId(input.eventId),
      taskQueue: deps.taskQueue,
      args: [{ eventId: input.eventId, timing: input.timing }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...lifeEventMetadata({ eventId: input.eventId, type: input.type, source: input.source }),
    });
  } catch (e) {
    if ((e as Error).name !== 'WorkflowExecutionAlreadyStartedError') {
      throw new QyzmetError('UNAVAILABLE', `the event was recorded but could not be processed yet (${(e as Error).message}); submit it again`);
    }
  }
  return { eventId: input.eventId, created };
}

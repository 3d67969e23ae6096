/**
 * Payments after the decision (workflows/entitlement-workflow.ts): `Case.entitlement` — the
 * schedule, its periods, instructions and changes — for whoever may read the case;
 * `paymentInstructions` for engineers and payers (API keys with payments:acknowledge); and
 * `recordPayerAcknowledgement`, the payer's answer to an instruction, recorded once (a repeated
 * acknowledgement changes nothing, a contrary one is refused). A rejection starts its rejection
 * workflow (workflows/payment-rejection-workflow.ts), whose PAYMENT_REJECTED task an officer
 * resolves with `reissuePayment`: another account, checked with the bank registry, and the payment
 * re-issued to it.
 */
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { EntitlementChange, EntitlementPeriod, EntitlementSchedule, PaymentInstruction } from '../../generated/prisma/client.ts';
import { recordAcknowledgement } from '../../lib/payer/acknowledgements.ts';
import { isReissuable, periodOfInstruction } from '../../lib/payer/vocabulary.ts';
import { paymentRejectionMetadata } from '../../workflows/user-metadata.ts';
import type { paymentRejectionWorkflow } from '../../workflows/payment-rejection-workflow.ts';
import {
  ACKNOWLEDGEMENT_STATUSES,
  ENTITLEMENT_CHANGE_KINDS,
  ENTITLEMENT_STATUSES,
  PAYERS,
  PAYMENT_INSTRUCTION_KINDS,
  PAYMENT_INSTRUCTION_STATUSES,
  paymentRejectionWorkflowId,
  reissuePaymentUpdate,
} from '../../workflows/messages.ts';
import { officerOf, type Caller } from '../auth/caller.ts';
import { inCandidateGroup } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { InvalidState, NotFound, toGraphQL, ValidationFailed } from '../errors.ts';
import { temporalUnavailable } from '../temporal/failures.ts';
import { runOfficerUpdate } from '../temporal/updates.ts';
import { CaseRef } from './cases.ts';
import { IndexationStatusEnum, indexationOf, PeriodIndexationRef, type IndexationStatus } from './period-indexation.ts';
import { checkKzIban, SHORT_TEXT, type Checked, type TextRule } from '../../lib/input/index.ts';
import { checkIdentifier, checkText, OFFICER_TEXT, validMutationInput, validQueryArgs } from './input-rules.ts';

/** A payer's rejection reason: a code or a short sentence. */
const REASON_RULE: TextRule = { ...SHORT_TEXT, maxCodePoints: 200, maxBytes: 800 };
const refused = (field: string, code: 'EMPTY' | 'TOO_LARGE', message: string): Checked<never> => ({ ok: false, problem: { field, code, message } });

const EntitlementStatusEnum = builder.enumType('EntitlementStatus', { values: ENTITLEMENT_STATUSES });
const EntitlementChangeKindEnum = builder.enumType('EntitlementChangeKind', {
  values: ENTITLEMENT_CHANGE_KINDS,
  description: 'ENDED stops the payment from the next period; REVOKED ends it from the start (a refusal replaced the approval: each period instructed is recovered); RECALCULATED follows a decision with another amount; REINDEXED pays PROVISIONAL periods the difference once the MCI of their year is in the catalog.',
});
const PayerEnum = builder.enumType('Payer', { values: PAYERS, description: 'STATE_CORPORATION pays budget allowances, SOCIAL_INSURANCE_FUND social payments.' });
const PaymentInstructionStatusEnum = builder.enumType('PaymentInstructionStatus', { values: PAYMENT_INSTRUCTION_STATUSES });
const PaymentInstructionKindEnum = builder.enumType('PaymentInstructionKind', {
  values: PAYMENT_INSTRUCTION_KINDS,
  description: 'PAYMENT pays a period (a rejected one re-issued under a new key); CORRECTION pays the difference a replaced decision, or the MCI of a period paid PROVISIONAL, adds; RECOVERY asks back an overpayment (every period instructed when a refusal replaced the approval).',
});
const AcknowledgementStatusEnum = builder.enumType('PayerAcknowledgementStatus', { values: ACKNOWLEDGEMENT_STATUSES });

/** The payer reads the account it pays into; everyone else sees its last four characters. */
const seesAccount = (caller: Caller) => caller.kind === 'frontend' && (caller.scopes as string[]).includes('payments:acknowledge');
const maskedIban = (iban: string) => `${iban.slice(0, 2)}${'*'.repeat(Math.max(iban.length - 6, 0))}${iban.slice(-4)}`;

const money = (d: { toNumber(): number }) => d.toNumber();

const PaymentInstructionRef = builder.objectRef<PaymentInstruction>('PaymentInstruction').implement({
  description: 'One payment handed to the payer through the outbox; the payer deduplicates on idempotencyKey.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    idempotencyKey: t.exposeString('idempotencyKey', { description: '<entitlement id>:<period>, then :reissue-<n> for a re-issued payment, :correction-<decision id> after a replaced decision, or :indexed-<MCI year> for a PROVISIONAL period indexed.' }),
    caseId: t.exposeID('caseId'),
    period: t.string({ resolve: (i) => periodOfInstruction(i) }),
    kind: t.field({ type: PaymentInstructionKindEnum, resolve: (i) => i.kind as (typeof PAYMENT_INSTRUCTION_KINDS)[number] }),
    reissuedBy: t.string({ nullable: true, description: 'A rejected payment: the id of the instruction that re-issued it.', resolve: (i) => i.reissuedBy }),
    decisionId: t.string({ nullable: true, description: 'A correction or recovery: the decision (after an appeal) it follows; the standing decision for a PROVISIONAL period indexed.', resolve: (i) => i.decisionId }),
    payer: t.field({ type: PayerEnum, resolve: (i) => i.payer as (typeof PAYERS)[number] }),
    iban: t.string({ description: 'Masked except for the payer.', resolve: (i, _a, ctx) => (seesAccount(ctx.caller) ? i.iban : maskedIban(i.iban)) }),
    amount: t.float({ resolve: (i) => money(i.amount) }),
    currency: t.exposeString('currency'),
    status: t.field({ type: PaymentInstructionStatusEnum, resolve: (i) => i.status as (typeof PAYMENT_INSTRUCTION_STATUSES)[number] }),
    indexation: t.field({ type: IndexationStatusEnum, nullable: true, description: 'A payment of a benefit defined in MCI: INDEXED, or PROVISIONAL when no MCI for its year was in the catalog.', resolve: (i) => i.indexation as IndexationStatus | null }),
    attempts: t.exposeInt('attempts'),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (i) => i.createdAt }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.deliveredAt }),
    acknowledgedAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.acknowledgedAt }),
  }),
});

const EntitlementPeriodRef = builder.objectRef<EntitlementPeriod>('EntitlementPeriod').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    period: t.exposeString('period', { description: 'YYYY-MM, or ONCE for a one-time benefit.' }),
    amount: t.float({ description: 'KZT due for the period (0 while suspended).', resolve: (p) => money(p.amount) }),
    status: t.exposeString('status', { description: 'INSTRUCTED, PAID, REJECTED or SUSPENDED.' }),
    indexation: t.field({ type: PeriodIndexationRef, nullable: true, description: 'A benefit defined in MCI: the MCI the period was paid at; null when the amount is not indexed.', resolve: (p) => indexationOf(p.indexation) }),
    paidAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.paidAt }),
  }),
});

const EntitlementChangeRef = builder.objectRef<EntitlementChange>('EntitlementChange').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    kind: t.field({ type: EntitlementChangeKindEnum, resolve: (c) => c.kind as (typeof ENTITLEMENT_CHANGE_KINDS)[number] }),
    reason: t.exposeString('reason'),
    at: t.field({ type: 'DateTime', resolve: (c) => c.at }),
  }),
});

export const EntitlementRef = builder.objectRef<EntitlementSchedule>('Entitlement').implement({
  description: 'The payment life of an approved decision: its periods, the instructions sent to the payer and the changes life events made.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    status: t.field({ type: EntitlementStatusEnum, resolve: (e) => e.status as (typeof ENTITLEMENT_STATUSES)[number] }),
    payer: t.field({ type: PayerEnum, resolve: (e) => e.payer as (typeof PAYERS)[number] }),
    monthly: t.exposeBoolean('monthly'),
    amount: t.float({ description: 'KZT per period (monthly) or once, as signed.', resolve: (e) => money(e.amount) }),
    periodsGranted: t.stringList({ resolve: (e) => e.periods }),
    periods: t.field({ type: [EntitlementPeriodRef], resolve: (e, _a, ctx) => ctx.prisma.entitlementPeriod.findMany({ where: { entitlementId: e.id }, orderBy: { seq: 'asc' } }) }),
    instructions: t.field({ type: [PaymentInstructionRef], resolve: (e, _a, ctx) => ctx.prisma.paymentInstruction.findMany({ where: { entitlementId: e.id }, orderBy: { createdAt: 'asc' } }) }),
    changes: t.field({ type: [EntitlementChangeRef], resolve: (e, _a, ctx) => ctx.prisma.entitlementChange.findMany({ where: { entitlementId: e.id }, orderBy: { at: 'asc' } }) }),
  }),
});

builder.objectField(CaseRef, 'entitlement', (t) =>
  t.field({
    type: EntitlementRef,
    nullable: true,
    description: 'Once an approval with an amount is being paid: its entitlement.',
    resolve: (c, _a, ctx) => ctx.prisma.entitlementSchedule.findUnique({ where: { caseId: c.id } }),
  }),
);

const PaymentInstructionFilter = builder.inputType('PaymentInstructionFilter', {
  fields: (t) => ({
    status: t.field({ type: PaymentInstructionStatusEnum }),
    payer: t.field({ type: PayerEnum }),
    caseId: t.id(),
  }),
});

builder.queryField('paymentInstructions', (t) =>
  t.field({
    type: [PaymentInstructionRef],
    description: 'Payment instructions, newest first (engineers; payers with payments:acknowledge). At most 100.',
    authScopes: { $any: { engineer: true, apiKey: 'payments:acknowledge' } },
    args: { filter: t.arg({ type: PaymentInstructionFilter }), first: t.arg.int({ defaultValue: 50 }) },
    resolve: (_root, { filter, first }, ctx) => {
      const take = first ?? 50;
      const checked = validQueryArgs(ctx, 'Query.paymentInstructions', {
        ...(filter?.caseId ? { caseId: checkIdentifier('filter.caseId', String(filter.caseId), { maxLength: 400 }) } : {}),
        ...(take < 1 || take > 100 ? { first: refused('first', 'TOO_LARGE', 'first must be between 1 and 100') } : {}),
      });
      return ctx.prisma.paymentInstruction.findMany({
        where: { ...(filter?.status ? { status: filter.status } : {}), ...(filter?.payer ? { payer: filter.payer } : {}), ...(checked.caseId ? { caseId: checked.caseId as string } : {}) },
        orderBy: { createdAt: 'desc' },
        take,
      });
    },
  }),
);

async function startPaymentRejection(ctx: Context, instructionId: string): Promise<void> {
  try {
    await ctx.temporal.workflow.start<typeof paymentRejectionWorkflow>('paymentRejectionWorkflow', {
      workflowId: paymentRejectionWorkflowId(instructionId),
      taskQueue: ctx.taskQueue,
      args: [{ instructionId }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...paymentRejectionMetadata({ instructionId, startedBy: 'api' }),
    });
  } catch (e) {
    // Resolved and closed already: the rejection was handled.
    if ((e as Error).name === 'WorkflowExecutionAlreadyStartedError') return;
    const unavailable = temporalUnavailable(e);
    if (unavailable) throw toGraphQL(ctx.lang, unavailable);
    throw e;
  }
}

const RecordPayerAcknowledgementInput = builder.inputType('RecordPayerAcknowledgementInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: 'The instruction’s idempotency key.' }),
    status: t.field({ type: AcknowledgementStatusEnum, required: true }),
    reason: t.string({ description: 'Why the payer rejected it, e.g. CLOSED_ACCOUNT (required with REJECTED).' }),
  }),
});

const RecordPayerAcknowledgementPayload = builder.objectRef<{ instruction: PaymentInstruction; alreadyRecorded: boolean }>('RecordPayerAcknowledgementPayload').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    instruction: t.field({ type: PaymentInstructionRef, resolve: (p) => p.instruction }),
    alreadyRecorded: t.exposeBoolean('alreadyRecorded', { description: 'True when this acknowledgement had been recorded before: nothing changed.' }),
  }),
});

builder.mutationField('recordPayerAcknowledgement', (t) =>
  t.field({
    type: RecordPayerAcknowledgementPayload,
    description: 'The payer’s answer to an instruction (API key with payments:acknowledge). Idempotent: the same answer again changes nothing; a different answer after the first is INVALID_STATE.',
    authScopes: { apiKey: 'payments:acknowledge' },
    errors: { types: [ValidationFailed, NotFound, InvalidState] },
    args: { input: t.arg({ type: RecordPayerAcknowledgementInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const v = validMutationInput(ctx, 'Mutation.recordPayerAcknowledgement', {
        idempotencyKey: checkIdentifier('idempotencyKey', input.idempotencyKey, { maxLength: 400 }),
        ...(input.reason != null ? { reason: checkText('reason', input.reason, REASON_RULE) } : {}),
      });
      if (input.status === 'REJECTED' && !v.reason) {
        validMutationInput(ctx, 'Mutation.recordPayerAcknowledgement', { reason: refused('reason', 'EMPTY', 'a rejection needs a reason') });
      }
      const outcome = await recordAcknowledgement(ctx.prisma, { idempotencyKey: v.idempotencyKey as string, status: input.status, reason: (v.reason as string | undefined) ?? null, at: new Date() });
      if (outcome.result === 'NOT_FOUND') throw new NotFound(ctx.lang, `no payment instruction ${input.idempotencyKey}`);
      if (outcome.result === 'CONFLICT') throw new InvalidState(ctx.lang, `instruction ${input.idempotencyKey} was already acknowledged ${outcome.recorded}`);
      const instruction = await ctx.prisma.paymentInstruction.findUniqueOrThrow({ where: { id: outcome.instructionId } });
      // A payment or correction rejected goes to an officer (again on a repeat, should the first start have failed).
      if (instruction.status === 'REJECTED' && isReissuable(instruction.kind) && !instruction.reissuedBy) await startPaymentRejection(ctx, instruction.id);
      return { instruction, alreadyRecorded: outcome.result === 'ALREADY_RECORDED' };
    },
  }),
);

// ── a rejected payment re-issued ────────────────────────────────────────────────────────────────

const ReissuePaymentInput = builder.inputType('ReissuePaymentInput', {
  fields: (t) => ({
    taskId: t.id({ required: true, description: 'The PAYMENT_REJECTED task.' }),
    iban: t.string({ required: true, description: 'The account to pay into instead: the bank registry must hold it, open, in the applicant’s name.' }),
    reason: t.string({ required: true, description: 'Why (e.g. how the new account was confirmed); recorded in the audit log.' }),
  }),
});

const ReissuePaymentPayload = builder.objectRef<{ rejected: PaymentInstruction; instruction: PaymentInstruction }>('ReissuePaymentPayload').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    rejected: t.field({ type: PaymentInstructionRef, description: 'The rejected payment.', resolve: (p) => p.rejected }),
    instruction: t.field({ type: PaymentInstructionRef, description: 'The payment re-issued to the new account (in the outbox, or already answered).', resolve: (p) => p.instruction }),
  }),
});

builder.mutationField('reissuePayment', (t) =>
  t.field({
    type: ReissuePaymentPayload,
    description: 'An officer of the case’s group resolves a PAYMENT_REJECTED task: the payment is re-issued, under a new idempotency key, to another account the bank registry confirms.',
    authScopes: { $any: { officer: true, supervisor: true } },
    errors: { types: [NotFound, InvalidState, ValidationFailed] },
    args: { input: t.arg({ type: ReissuePaymentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const operation = 'Mutation.reissuePayment';
      const caller = ctx.caller;
      if (caller.kind !== 'staff') throw ctx.security.deny({ operation, reason: 'a rejected payment is re-issued by an officer' });
      const v = validMutationInput(ctx, operation, {
        taskId: checkIdentifier('taskId', String(input.taskId), { maxLength: 200 }),
        iban: checkKzIban('iban', input.iban),
        reason: checkText('reason', input.reason, OFFICER_TEXT),
      });
      const task = await ctx.prisma.task.findUnique({ where: { id: v.taskId as string } });
      if (!task || task.kind !== 'PAYMENT_REJECTED') throw new NotFound(ctx.lang, `no rejected-payment task ${input.taskId}`);
      if (!inCandidateGroup(caller, task)) throw ctx.security.deny({ operation, reason: `task ${task.id} belongs to ${task.department}/${task.role}`, target: { caseId: task.caseId } });
      if (task.status === 'COMPLETED' || task.status === 'CANCELLED') throw new InvalidState(ctx.lang, `task ${task.id} is ${task.status}`);
      const result = await runOfficerUpdate(ctx, { operation, caseId: task.caseId, taskId: task.id, workflowId: task.workflowId }, reissuePaymentUpdate, officerOf(caller), {
        taskId: task.id,
        iban: v.iban as string,
        reason: v.reason as string,
      });
      const [rejected, instruction] = await Promise.all([
        ctx.prisma.paymentInstruction.findUniqueOrThrow({ where: { id: result.rejectedInstructionId } }),
        ctx.prisma.paymentInstruction.findUniqueOrThrow({ where: { id: result.instructionId } }),
      ]);
      return { rejected, instruction };
    },
  }),
);

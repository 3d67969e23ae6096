/**
 * Payments through the API: `Case.entitlement` for whoever reads the case, `paymentInstructions`
 * for engineers (account masked) and payers, and `recordPayerAcknowledgement` for a payer's key —
 * recorded once, repeated harmlessly, a contrary answer refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../lib/auth/api-keys.ts';
import { entitlementWorkflowId } from '../../workflows/messages.ts';
import { freshApplicants } from '../support/fresh-applicants.ts';
import { startCaseAs } from './support/fixtures.ts';
import { codesOf, expectOk, startHarness, type Harness } from './support/harness.ts';
import { CASE_ENTITLEMENT, PAYMENT_INSTRUCTIONS, RECORD_PAYER_ACKNOWLEDGEMENT } from '../../api/client/operations.ts';

let h: Harness;
let payerKey: Record<string, string>;
beforeAll(async () => {
  h = await startHarness({ kind: 'pglite' });
  const { key } = await createApiKey(h.engine.db.prisma, { name: 'State Corporation payments', clientId: 'payer-gfc', scopes: ['payments:acknowledge'] });
  payerKey = { 'x-api-key': key };
}, 120_000);
afterAll(async () => h?.close());

describe('payments over GraphQL', () => {
  it('shows the entitlement, lists instructions to engineers and payers, and records an acknowledgement once', async () => {
    const caseId = await startCaseAs(h, 'frontendA', freshApplicants(h.engine).birth());
    expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();

    const view = expectOk(await h.gql('frontendA', CASE_ENTITLEMENT, { id: caseId })).case.entitlement;
    expect(view).toMatchObject({ status: 'COMPLETED', payer: 'STATE_CORPORATION', monthly: false, periodsGranted: ['ONCE'], periods: [{ period: 'ONCE', status: 'PAID', indexation: null }], instructions: [{ status: 'PAID', indexation: null }] });
    expect(view.changes.map((c: { kind: string }) => c.kind)).toEqual(['STARTED', 'COMPLETED']);
    const key = view.instructions[0].idempotencyKey as string;

    const asEngineer = expectOk(await h.gql('engineer', PAYMENT_INSTRUCTIONS, { filter: { caseId } })).paymentInstructions;
    expect(asEngineer).toHaveLength(1);
    expect(asEngineer[0].iban).toMatch(/^KZ\*+\w{4}$/);
    const asPayer = expectOk(await h.gql(payerKey, PAYMENT_INSTRUCTIONS, { filter: { caseId } })).paymentInstructions;
    expect(asPayer[0].iban).toMatch(/^KZ\d{2}/);
    expect(codesOf(await h.gql('frontendA', PAYMENT_INSTRUCTIONS, {}))).toEqual(['FORBIDDEN']);

    // A payer that answered "accepted" on delivery acknowledges later.
    await h.engine.db.prisma.paymentInstruction.update({ where: { idempotencyKey: key }, data: { status: 'DELIVERED', acknowledgedAt: null } });
    const first = expectOk(await h.gql(payerKey, RECORD_PAYER_ACKNOWLEDGEMENT, { input: { idempotencyKey: key, status: 'PAID' } })).recordPayerAcknowledgement;
    expect(first).toEqual({ __typename: 'RecordPayerAcknowledgementPayload', alreadyRecorded: false, instruction: { status: 'PAID' } });
    const acknowledgedAt = (await h.engine.db.prisma.paymentInstruction.findUniqueOrThrow({ where: { idempotencyKey: key } })).acknowledgedAt;
    const again = expectOk(await h.gql(payerKey, RECORD_PAYER_ACKNOWLEDGEMENT, { input: { idempotencyKey: key, status: 'PAID' } })).recordPayerAcknowledgement;
    expect(again).toMatchObject({ alreadyRecorded: true, instruction: { status: 'PAID' } });
    expect((await h.engine.db.prisma.paymentInstruction.findUniqueOrThrow({ where: { idempotencyKey: key } })).acknowledgedAt).toEqual(acknowledgedAt);

    expect(expectOk(await h.gql(payerKey, RECORD_PAYER_ACKNOWLEDGEMENT, { input: { idempotencyKey: key, status: 'REJECTED', reason: 'CLOSED_ACCOUNT' } })).recordPayerAcknowledgement).toEqual({ __typename: 'InvalidState', code: 'INVALID_STATE' });
    expect(expectOk(await h.gql(payerKey, RECORD_PAYER_ACKNOWLEDGEMENT, { input: { idempotencyKey: key, status: 'REJECTED' } })).recordPayerAcknowledgement).toEqual({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED' });
    expect(expectOk(await h.gql(payerKey, RECORD_PAYER_ACKNOWLEDGEMENT, { input: { idempotencyKey: 'ent_nobody:ONCE', status: 'PAID' } })).recordPayerAcknowledgement).toEqual({ __typename: 'NotFound', code: 'NOT_FOUND' });
    expect(codesOf(await h.gql('frontendA', RECORD_PAYER_ACKNOWLEDGEMENT, { input: { idempotencyKey: key, status: 'PAID' } }))).toEqual(['FORBIDDEN']);
    expect((await h.engine.db.prisma.entitlementPeriod.findFirstOrThrow({ where: { instructions: { some: { idempotencyKey: key } } } })).status).toBe('PAID');
  });
});

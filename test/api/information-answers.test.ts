/**
 * The IBAN loop, closed, on a real Temporal dev server through `yoga.fetch`: a birth allowance
 * with no verified bank account goes to an officer, who asks for an IBAN; the citizen attaches a
 * PDF and answers with the IBAN; the bank confirms that IBAN is the applicant's; the case is
 * approved automatically without returning to the officer; the officer reads the answer and the
 * document's hash; both are in the evidence the signed decision lists. Refusals first: a
 * too-large, a wrong-type and a mislabelled document, an IBAN with bad check digits — each a typed
 * VALIDATION_FAILED naming the field, and the case keeps waiting with nothing lost.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACH_DOCUMENT, CASE_INFORMATION_REQUESTS, CLAIM, PROVIDE_INFORMATION, RESOLVE } from '../../api/client/operations.ts';
import { kzDeadline } from '../../lib/kz-time.ts';
import { bankAccountOf } from '../../registries/synthetic/dataset.ts';
import { informationDueAt } from '../../workflows/case/information-deadline.ts';
import { DOCUMENT_MAX_BYTES, isSettled, provideInformationUpdate, caseWorkflowId } from '../../workflows/messages.ts';
import { pendingReview, startCaseAs } from './support/fixtures.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';

const DUE = `query Due($id: ID!) { case(id: $id) { informationRequests { dueAt } } }`;

/** The smallest file each type's signature recognises, padded to `size` bytes. */
const pdf = (size = 2_000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size - 9, 0x20)]);
const png = () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('information answers as evidence: the IBAN loop', () => {
  it('closes: officer asks for an IBAN → citizen answers with it and a PDF → the bank confirms it → approved automatically', async () => {
    const mother = h.engine.dataset.personas.unverifiedBankAccount;
    const onFile = bankAccountOf(h.engine.dataset, mother.iin)!;
    expect(onFile.verified).toBe(false);

    const caseId = await startCaseAs(h, 'frontendA', { serviceCode: 'birth-allowance', applicantIin: mother.iin, application: { childIin: mother.childIin! } }, { timing: { slaMs: 600_000 } });
    const review = await h.engine.waitFor(caseId, pendingReview);
    expect(review.escalationReasons).toEqual(['POLICY:NO_VERIFIED_ACCOUNT']);
    const taskId = review.tasks[0]!.taskId;
    expectOk(await h.gql('officerSocial', CLAIM, { taskId }));
    const asked = expectOk(await h.gql('officerSocial', RESOLVE, { input: { taskId, action: 'REQUEST_INFORMATION', reason: 'no verified account', request: 'The IBAN of your account, please' } })).resolveTask as any;
    expect(asked.case.status).toBe('AWAITING_INFORMATION');
    await h.engine.waitFor(caseId, (s) => s.status === 'AWAITING_INFORMATION');
    await expect.poll(async () => (await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('AWAITING_INFORMATION');
    // The deadline the API shows is the one the citizen's SMS names: 24:00 Almaty time at the end of
    // the service's 10th working day after the request (workflows/case/information-deadline.ts).
    const due = (expectOk(await h.gql('officerSocial', DUE, { id: caseId })) as any).case.informationRequests[0].dueAt as string;
    const requestedAt = (await h.engine.db.prisma.caseEvent.findFirstOrThrow({ where: { caseId, type: 'INFORMATION_REQUESTED' } })).at;
    expect(due).toBe(informationDueAt(10 * 86_400_000, undefined, requestedAt.getTime()).dueAt);
    expect(due).toMatch(/T19:00:00\.000Z$/);
    await expect.poll(() => h.engine.db.prisma.notification.findFirst({ where: { caseId, template: 'informationRequested' } })).toBeTruthy();
    expect((await h.engine.db.prisma.notification.findFirstOrThrow({ where: { caseId, template: 'informationRequested' } })).body).toContain(kzDeadline(due));

    // Documents refused, each with its field and code.
    const attach = async (bytes: Buffer, contentType: string) => expectOk(await h.gql('frontendA', ATTACH_DOCUMENT, { input: { caseId, contentType, contentBase64: bytes.toString('base64') } })).attachDocument as any;
    expect(await attach(pdf(DOCUMENT_MAX_BYTES + 1), 'application/pdf')).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED', fields: [{ field: 'document.contentBase64', code: 'TOO_LARGE' }] });
    expect(await attach(Buffer.from('MZ\x90\x00 an executable'), 'application/pdf')).toMatchObject({ __typename: 'ValidationFailed', fields: [{ field: 'document.contentBase64', code: 'UNSUPPORTED_TYPE' }] });
    expect(await attach(png(), 'application/pdf')).toMatchObject({ __typename: 'ValidationFailed', fields: [{ field: 'document.contentType', code: 'TYPE_MISMATCH' }] });
    expect(await attach(pdf(), 'text/html')).toMatchObject({ __typename: 'ValidationFailed', fields: [{ field: 'document.contentType', code: 'UNSUPPORTED_TYPE' }] });
    expect(await h.engine.db.prisma.caseDocument.count({ where: { caseId } })).toBe(0);

    // A PDF at the limit is stored, content-addressed; the same bytes again are the same document.
    const statement = pdf(DOCUMENT_MAX_BYTES);
    const sha256 = createHash('sha256').update(statement).digest('hex');
    expect(await attach(statement, 'application/pdf')).toMatchObject({ __typename: 'AttachDocumentPayload', document: { sha256, contentType: 'application/pdf', size: DOCUMENT_MAX_BYTES } });
    expect((await attach(statement, 'application/pdf')).document.sha256).toBe(sha256);
    expect(await h.engine.db.prisma.caseDocument.count({ where: { caseId } })).toBe(1);

    // An IBAN with a mistyped digit: refused with its field, nothing lost, the case still waits.
    const typo = onFile.iban.slice(0, 12) + ((Number(onFile.iban[12]) + 1) % 10) + onFile.iban.slice(13);
    const refused = expectOk(await h.gql('frontendA', PROVIDE_INFORMATION, { input: { caseId, submissionId: 'iban-1', answers: { iban: typo }, documents: [sha256] } })).provideInformation as any;
    expect(refused).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED', fields: [{ field: 'answers.iban', code: 'IBAN_CHECKSUM' }] });
    // Sent around the API, straight to Temporal, the workflow's validator refuses it too.
    const direct = await h.engine.client.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(provideInformationUpdate, { args: [{ submissionId: 'iban-x', answers: { iban: typo } }] }).then(() => null, (e: any) => e.cause);
    expect(direct).toMatchObject({ type: 'VALIDATION_FAILED' });
    expect((await h.engine.state(caseId)).status).toBe('AWAITING_INFORMATION');
    // A document this case never stored cannot be named.
    const unknown = expectOk(await h.gql('frontendA', PROVIDE_INFORMATION, { input: { caseId, submissionId: 'iban-2', answers: { iban: onFile.iban }, documents: ['0'.repeat(64)] } })).provideInformation as any;
    expect(unknown).toMatchObject({ __typename: 'ValidationFailed', fields: [{ field: 'documents', code: 'UNKNOWN_DOCUMENT' }] });

    // The answer, as a citizen types it (grouped, lower case), with the statement.
    const typed = onFile.iban.toLowerCase().replace(/(.{4})/g, '$1 ').trim();
    const answered = expectOk(await h.gql('frontendA', PROVIDE_INFORMATION, { input: { caseId, submissionId: 'iban-3', answers: { iban: typed }, documents: [sha256] } })).provideInformation as any;
    expect(answered.__typename).toBe('CasePayload');

    const done = await h.engine.waitFor(caseId, (s) => isSettled(s.status));
    expect(done.status).toBe('APPROVED');
    expect(done.decision).toMatchObject({ outcome: 'APPROVED', decidedBy: 'system' });
    // Never back to the officer: the one task is the one that asked.
    expect(done.tasks.map((t) => t.taskId)).toEqual([taskId]);

    // The bank's confirmation of THAT IBAN is the bank evidence; the document's hash is evidence too.
    const evidence = await h.engine.db.prisma.evidence.findMany({ where: { caseId }, orderBy: { key: 'asc' } });
    const bank = evidence.find((e) => e.key === 'bank')!;
    expect(bank).toMatchObject({ query: 'bank.accountByIban', status: 'FOUND', source: 'sim:bank' });
    expect(bank.data).toMatchObject({ iin: mother.iin, iban: onFile.iban, verified: true, holderIsApplicant: true });
    const documents = evidence.find((e) => e.key === 'documents')!;
    expect(documents.data).toEqual([{ submissionId: 'iban-3', sha256, contentType: 'application/pdf', size: DOCUMENT_MAX_BYTES }]);
    const decision = await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    const signed = JSON.parse(decision.record) as { evidence: { key: string; contentHash: string }[] };
    expect(signed.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'bank', contentHash: bank.contentHash }), expect.objectContaining({ key: 'documents', contentHash: documents.contentHash })]));

    // The officer reads the request, the answer and the document; an engineer reads them withheld.
    const read = expectOk(await h.gql('officerSocial', CASE_INFORMATION_REQUESTS, { id: caseId })).case as any;
    expect(read.informationRequests).toEqual([
      { request: 'The IBAN of your account, please', fields: ['iban'], answers: { iban: typed }, answeredAt: expect.any(String), documents: [{ sha256, contentType: 'application/pdf', size: DOCUMENT_MAX_BYTES }] },
    ]);
    const citizen = expectOk(await h.gql('frontendA', CASE_INFORMATION_REQUESTS, { id: caseId })).case as any;
    expect(citizen.informationRequests[0].answers).toEqual({ iban: typed });
    const engineer = expectOk(await h.gql('engineer', CASE_INFORMATION_REQUESTS, { id: caseId })).case as any;
    expect(engineer.informationRequests[0]).toMatchObject({ request: '[withheld]', answers: { iban: '[withheld]' }, documents: [{ sha256 }] });
  });
});

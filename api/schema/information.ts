/**
 * Requests for information and their answers: `Case.informationRequests` (what the officer asked,
 * what the citizen answered, which documents came with it) and `attachDocument`, which stores a
 * document — a PDF, PNG or JPEG recognised by its first bytes, at most DOCUMENT_MAX_BYTES —
 * content-addressed by its SHA-256 for `provideInformation(documents: [sha256])` to name.
 *
 * The answers are read from the case's timeline (INFORMATION_REQUESTED, INFORMATION_PROVIDED), as
 * the workflow projected them; free text in them is withheld from callers who see the case
 * masked (api/auth/personal-data.ts). Cases answered before answers were kept show the answered
 * fields' names only (`answers` null).
 */
import type { Case, CaseEvent } from '../../generated/prisma/client.ts';
import { checkKzIban } from '../../lib/input/iban.ts';
import { checkDocument } from '../../lib/input/document.ts';
import { DOCUMENT_MAX_BYTES, MAX_DOCUMENTS_PER_ANSWER, type InformationDocument } from '../../workflows/messages.ts';
import { actorOf } from '../auth/caller.ts';
import { forCaller } from '../auth/personal-data.ts';
import { canActForCitizen } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { InvalidState, NotFound, ValidationFailed, type FieldProblem } from '../errors.ts';
import { caseForAction } from './case-action-kit.ts';
import { CaseRef } from './cases.ts';
import { validMutationInput } from './input-rules.ts';

export interface InformationRequestView {
  request: string | null;
  requestedAt: Date;
  dueAt: string | null;
  answeredAt: Date | null;
  fields: string[];
  answers: Record<string, string> | null;
  documents: InformationDocument[];
}

type Data = Record<string, unknown> | null;

/** Pairs each INFORMATION_REQUESTED with the INFORMATION_PROVIDED that answered it, oldest first. */
export function informationRequestsOf(timeline: readonly CaseEvent[]): InformationRequestView[] {
  const out: InformationRequestView[] = [];
  for (const e of timeline) {
    const data = e.data as Data;
    if (e.type === 'INFORMATION_REQUESTED') {
      out.push({ request: typeof data?.request === 'string' ? data.request : null, requestedAt: e.at, dueAt: typeof data?.dueAt === 'string' ? data.dueAt : null, answeredAt: null, fields: [], answers: null, documents: [] });
    } else if (e.type === 'INFORMATION_PROVIDED') {
      const open = out.at(-1);
      if (!open || open.answeredAt) continue;
      open.answeredAt = e.at;
      open.fields = Array.isArray(data?.fields) ? (data.fields as string[]) : [];
      open.answers = data?.answers && typeof data.answers === 'object' ? (data.answers as Record<string, string>) : null;
      open.documents = Array.isArray(data?.documents) ? (data.documents as InformationDocument[]) : [];
    }
  }
  return out;
}

const InformationDocumentRef = builder.objectRef<InformationDocument>('InformationDocument').implement({
  description: 'A document attached to an answer: content-addressed, its hash is in the case evidence the decision signs.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    sha256: t.exposeString('sha256', { description: 'Hex SHA-256 of the bytes.' }),
    contentType: t.exposeString('contentType', { description: 'application/pdf, image/png or image/jpeg, as recognised from the content.' }),
    size: t.exposeInt('size', { description: 'Bytes.' }),
  }),
});

const InformationRequestRef = builder.objectRef<InformationRequestView & { department: string }>('InformationRequest').implement({
  description: "An officer's request for information and the citizen's answer.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    request: t.string({ nullable: true, description: 'What the officer asked (withheld from callers who see the case masked).', resolve: (r, _a, ctx) => forCaller(ctx.caller, { request: r.request }, r.department).request }),
    requestedAt: t.field({ type: 'DateTime', resolve: (r) => r.requestedAt }),
    dueAt: t.string({ nullable: true, description: 'The deadline for the answer (ISO time).', resolve: (r) => r.dueAt }),
    answeredAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.answeredAt }),
    fields: t.stringList({ description: 'The answered keys.', resolve: (r) => r.fields }),
    answers: t.field({
      type: 'JSON',
      nullable: true,
      description: "The citizen's answers by key (null before the answer, or for answers given before they were kept); withheld from callers who see the case masked.",
      resolve: (r, _a, ctx) => (r.answers === null ? null : forCaller(ctx.caller, { answers: r.answers }, r.department).answers),
    }),
    documents: t.field({ type: [InformationDocumentRef], resolve: (r) => r.documents }),
  }),
});

builder.objectField(CaseRef, 'informationRequests', (t) =>
  t.field({
    type: [InformationRequestRef],
    description: "Every request for information on the case, oldest first, with the citizen's answer and documents.",
    resolve: async (c, _args, ctx) => informationRequestsOf(await ctx.loaders.timelineByCaseId.load(c.id)).map((r) => ({ ...r, department: c.department })),
  }),
);

const AttachDocumentInput = builder.inputType('AttachDocumentInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    contentType: t.string({ required: true, description: 'application/pdf, image/png or image/jpeg; must match the content.' }),
    contentBase64: t.string({ required: true, description: `The document, base64 (RFC 4648, padded); at most ${DOCUMENT_MAX_BYTES} bytes decoded.` }),
  }),
});

const AttachDocumentPayload = builder.objectRef<{ document: InformationDocument }>('AttachDocumentPayload').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({ document: t.field({ type: InformationDocumentRef, resolve: (p) => p.document }) }),
});

builder.mutationField('attachDocument', (t) =>
  t.field({
    type: AttachDocumentPayload,
    description: 'Store a document for the answer to a request for information; name its sha256 in provideInformation(documents). The same bytes again are the same document.',
    authScopes: { apiKey: ['cases:write', 'offers:respond'] },
    errors: { types: [NotFound, InvalidState, ValidationFailed] },
    args: { input: t.arg({ type: AttachDocumentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { document } = validMutationInput(ctx, 'Mutation.attachDocument', { document: checkDocument('document', input, { maxBytes: DOCUMENT_MAX_BYTES }) });
      const row = await caseForAction(ctx, input.caseId, 'Mutation.attachDocument', canActForCitizen);
      if (row.status !== 'AWAITING_INFORMATION') throw new InvalidState(ctx.lang, `case ${row.id} is not waiting for information`);
      const { sha256, contentType, size, bytes } = document;
      await ctx.prisma.caseDocument.upsert({
        where: { caseId_sha256: { caseId: row.id, sha256 } },
        create: { caseId: row.id, sha256, contentType, size, contentBase64: bytes.toString('base64'), attachedBy: actorOf(ctx.caller) },
        update: {},
      });
      return { document: { sha256, contentType, size } };
    },
  }),
);

/**
 * The documents an answer names (sha256s attachDocument returned for this case), and its answers
 * that the service checks with a registry (an IBAN: format and check digits), refused here with
 * the fields named — the case workflow's validator refuses them too, for Updates sent around the API.
 */
export async function answerExtras(ctx: Context, row: Case, answers: Record<string, string>, documentHashes: readonly string[] | null | undefined): Promise<InformationDocument[]> {
  const problems: FieldProblem[] = [];
  const hashes = [...new Set(documentHashes ?? [])];
  if (hashes.length > MAX_DOCUMENTS_PER_ANSWER) problems.push({ field: 'documents', code: 'TOO_LONG', message: `at most ${MAX_DOCUMENTS_PER_ANSWER} documents` });
  const stored = hashes.length && problems.length === 0
    ? await ctx.prisma.caseDocument.findMany({ where: { caseId: row.id, sha256: { in: hashes } }, select: { sha256: true, contentType: true, size: true } })
    : [];
  for (const h of hashes) if (!stored.some((d) => d.sha256 === h) && problems.length === 0) problems.push({ field: 'documents', code: 'UNKNOWN_DOCUMENT', message: 'a document was not attached to this case (attachDocument)' });
  const def = row.definitionHash ? await ctx.catalog.byContentHash(row.definitionHash) : null;
  for (const s of def?.answerSubstitutes ?? []) {
    if (answers[s.answer] === undefined) continue;
    const checked = checkKzIban(`answers.${s.answer}`, answers[s.answer]);
    if (!checked.ok) problems.push({ field: checked.problem.field, code: checked.problem.code, message: checked.problem.message });
  }
  if (problems.length) {
    ctx.security.refuseInput('Mutation.provideInformation', problems.map((p) => ({ field: p.field, code: p.code })));
    throw new ValidationFailed(ctx.lang, problems.map((p) => p.message).join('; '), problems);
  }
  return hashes.map((h) => {
    const d = stored.find((s) => s.sha256 === h)!;
    return { sha256: d.sha256, contentType: d.contentType as InformationDocument['contentType'], size: d.size };
  });
}

/**
 * The hearing before a refusal (workflows/case/hearing.ts): `Case.hearing` — the preliminary
 * refusal, its grounds, the window and the citizen's objection, as the timeline recorded them — and
 * `submitObjection`, the citizen's position, a workflow Update authorized like the citizen's other
 * case actions. The objection text is free text: whole for those who see the case's personal data,
 * withheld from everyone else.
 */
import type { CaseEvent } from '../../generated/prisma/client.ts';
import { checkIdentifier, checkText, FREE_TEXT, type Checked } from '../../lib/input/index.ts';
import { OBJECTION_SUBMITTED, PRELIMINARY_REFUSAL, recheckWorkflowId, submitObjectionUpdate } from '../../workflows/messages.ts';
import { freeTextForCaller } from '../auth/personal-data.ts';
import { canActForCitizen } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { refusalGroundsFor } from '../../services/refusal-grounds.ts';
import { InvalidState, NotFound, ValidationFailed } from '../errors.ts';
import { runCaseUpdate } from '../temporal/updates.ts';
import { caseForAction, CasePayload, reloadCase } from './case-action-kit.ts';
import { CaseRef } from './cases.ts';
import { validMutationInput } from './input-rules.ts';

/** What the citizen may write in an objection (the workflow's validator applies the same rule). */
export const OBJECTION_TEXT = FREE_TEXT;
/** As the workflow's MAX_OBJECTION_DOCUMENTS. */
const MAX_DOCUMENTS = 10;

interface HearingView {
  caseId: string;
  department: string;
  /** The service version the case is pinned to (its closed list of refusal grounds). */
  definitionHash: string | null;
  refusal: CaseEvent;
  objection: CaseEvent | null;
}

const data = (e: CaseEvent) => (e.data ?? {}) as Record<string, unknown>;

/**
 * The grounds of a preliminary refusal: the officer's, as recorded; an automatic refusal records
 * none, and cites those its failed rules map to in the version's list — as its SMS does
 * (activities/notifications.ts) and its signed record will.
 */
async function hearingGrounds(ctx: Context, h: HearingView): Promise<string[]> {
  const named = (data(h.refusal).grounds as string[] | undefined) ?? [];
  if (named.length || !h.definitionHash) return named;
  const def = await ctx.catalog.byContentHash(h.definitionHash);
  return refusalGroundsFor(def, (data(h.refusal).failedRules as string[] | undefined) ?? [], undefined).map((g) => g.code);
}

const HearingRef = builder.objectRef<HearingView>('Hearing').implement({
  description: 'A preliminary refusal and its hearing (Administrative Procedural Code art. 73): the grounds, until when the citizen may object, and the objection.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    refusedAt: t.field({ type: 'DateTime', resolve: (h) => h.refusal.at }),
    dueAt: t.field({ type: 'DateTime', description: 'The end of the hearing window: silence until then makes the refusal final.', resolve: (h) => new Date(String(data(h.refusal).dueAt)) }),
    workingDays: t.int({ nullable: true, description: 'The window in working days (null when a test or demo override set it).', resolve: (h) => (data(h.refusal).workingDays as number | null) ?? null }),
    grounds: t.stringList({ description: 'The refusal ground codes an officer named (an automatic refusal cites those its failed rules map to).', resolve: (h, _a, ctx) => hearingGrounds(ctx, h) }),
    failedRules: t.stringList({ resolve: (h) => (data(h.refusal).failedRules as string[]) ?? [] }),
    automatic: t.boolean({ description: 'Reached by the rules alone, without an officer.', resolve: (h) => data(h.refusal).decidedBy === 'system' }),
    objectedAt: t.field({ type: 'DateTime', nullable: true, resolve: (h) => h.objection?.at ?? null }),
    objection: t.string({
      nullable: true,
      description: "The citizen's objection, withheld from callers who see personal data masked.",
      resolve: (h, _args, ctx) => (h.objection ? freeTextForCaller(ctx.caller, String(data(h.objection).objection ?? ''), h.department) : null),
    }),
    documents: t.stringList({ description: 'References of the documents the objection attached.', resolve: (h) => (h.objection ? ((data(h.objection).documents as string[]) ?? []) : []) }),
  }),
});

builder.objectField(CaseRef, 'hearing', (t) =>
  t.field({
    type: HearingRef,
    nullable: true,
    description: 'The preliminary refusal and its hearing, if the case had one.',
    resolve: async (c, _args, ctx) => {
      const timeline = await ctx.loaders.timelineByCaseId.load(c.id);
      const refusal = timeline.filter((e) => e.type === PRELIMINARY_REFUSAL).at(-1);
      if (!refusal) return null;
      const objection = timeline.find((e) => e.type === OBJECTION_SUBMITTED && e.seq > refusal.seq) ?? null;
      return { caseId: c.id, department: c.department, definitionHash: c.definitionHash, refusal, objection };
    },
  }),
);

const SubmitObjectionInput = builder.inputType('SubmitObjectionInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    text: t.string({ required: true, description: 'The citizen’s position on the preliminary refusal (at most 4 000 characters).' }),
    documents: t.stringList({ description: `References (ids or content hashes) of attached documents, at most ${MAX_DOCUMENTS}.` }),
  }),
});

function checkDocuments(value: readonly string[] | null | undefined): Checked<string[] | undefined> {
  if (value == null) return { ok: true, value: undefined };
  if (value.length > MAX_DOCUMENTS) return { ok: false, problem: { field: 'documents', code: 'TOO_LONG', message: `at most ${MAX_DOCUMENTS} documents` } };
  const out: string[] = [];
  for (const d of value) {
    const r = checkIdentifier('documents', d, { maxLength: 200, noIin: true });
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
}

builder.mutationField('submitObjection', (t) =>
  t.field({
    type: CasePayload,
    description: "The citizen states a position on a preliminary refusal, or on a re-check's preliminary decision to lower or end the payment, within its hearing window; an officer then decides with it in view.",
    authScopes: { apiKey: ['cases:write', 'offers:respond'] },
    errors: { types: [NotFound, InvalidState, ValidationFailed] },
    args: { input: t.arg({ type: SubmitObjectionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { text, documents } = validMutationInput(ctx, 'Mutation.submitObjection', {
        text: checkText('text', input.text, OBJECTION_TEXT),
        documents: checkDocuments(input.documents),
      });
      const row = await caseForAction(ctx, input.caseId, 'Mutation.submitObjection', canActForCitizen);
      // A preliminary decision of a re-check of the entitlement is heard in the re-check's workflow.
      const hearing = await ctx.prisma.entitlementRecheck.findFirst({ where: { caseId: row.id, status: 'HEARING' }, select: { id: true } });
      const target = { operation: 'Mutation.submitObjection', caseId: row.id, ...(hearing ? { workflowId: recheckWorkflowId(row.id) } : {}) };
      await runCaseUpdate(ctx, target, submitObjectionUpdate, [{ text, ...(documents?.length ? { documents } : {}) }]);
      return reloadCase(ctx, row.id);
    },
  }),
);

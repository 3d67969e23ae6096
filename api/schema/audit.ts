/**
 * The hash-chained audit log, read back with its chain verified from the stream's newest signed
 * checkpoint (lib/audit-checkpoints.ts): a case's stream (supervisors of its department,
 * engineers) and the `security` stream of refusals (engineers). A cut tail, a recomputed stream
 * or a forged checkpoint fails verification; a decided case whose chain lacks its
 * DECISION_ISSUED entry for the signed decision's record hash fails too.
 */
import type { AuditEntry } from '../../generated/prisma/client.ts';
import { readVerifiedStream, type StreamVerification, type VerifiedStream } from '../../lib/audit-checkpoints.ts';
import { contentHash } from '../../lib/canonical-json.ts';
import { caseAuditStream, SECURITY_AUDIT_STREAM } from '../../workflows/messages.ts';
import { canReadCaseAudit } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { apiError } from '../errors.ts';
import { readableCase } from './cases.ts';

type AuditLogShape = VerifiedStream;

const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
  authScopes: { $any: { supervisor: true, engineer: true } },
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    actor: t.exposeString('actor', { description: 'system, citizen, an officer id, staff:<id>, api-key:<id> or anonymous.' }),
    action: t.exposeString('action'),
    details: t.field({ type: 'JSON', resolve: (e) => e.details }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    prevHash: t.exposeString('prevHash'),
    hash: t.exposeString('hash'),
  }),
});

const ChainVerificationRef = builder.objectRef<StreamVerification>('ChainVerification').implement({
  description: 'Whether every entry still matches its hash and points at the one before it, and the stream still holds the head its newest signed checkpoint recorded.',
  authScopes: { $any: { supervisor: true, engineer: true } },
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    count: t.int({ nullable: true, resolve: (v) => (v.ok ? v.count : null) }),
    head: t.string({ nullable: true, description: 'The last hash; record it elsewhere to detect a cut tail later.', resolve: (v) => (v.ok ? v.head : null) }),
    brokenAt: t.int({ nullable: true, description: 'The seq of the first entry that fails.', resolve: (v) => (v.ok ? null : v.brokenAt) }),
    reason: t.string({
      nullable: true,
      description: 'HASH_MISMATCH, PREV_MISMATCH, SEQ_GAP; TAIL_DELETED, CHECKPOINT_MISMATCH (rewritten and recomputed), CHECKPOINT_INVALID; DECISION_MISSING, DECISION_MISMATCH (a decided case).',
      resolve: (v) => (v.ok ? null : v.reason),
    }),
    checkpointSeq: t.int({ nullable: true, description: 'The seq whose head the newest signed checkpoint pins; null before the first checkpoint.', resolve: (v) => v.checkpoint?.seq ?? null }),
    checkpointAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.checkpoint?.at ?? null }),
    message: t.string({ nullable: true, resolve: (v) => (v.ok ? null : v.message) }),
  }),
});

const AuditLogRef = builder.objectRef<AuditLogShape>('AuditLog').implement({
  authScopes: { $any: { supervisor: true, engineer: true } },
  fields: (t) => ({
    stream: t.exposeString('stream'),
    total: t.exposeInt('total', { description: 'Entries in the stream (its highest seq).' }),
    entries: t.field({ type: [AuditEntryRef], resolve: (l) => l.entries }),
    verification: t.field({ type: ChainVerificationRef, resolve: (l) => l.verification }),
  }),
});

/**
 * A decided case's chain must hold an entry for each of its signed decisions with the record's
 * hash: DECISION_ISSUED for the case's own, DECISION_REPLACED for each an appeal put in its place.
 */
const DECISION_ENTRIES = ['DECISION_ISSUED', 'DECISION_REPLACED'];
async function withDecisionCheck(ctx: Context, caseId: string, log: AuditLogShape): Promise<AuditLogShape> {
  if (!log.verification.ok) return log;
  const decisions = await ctx.prisma.decision.findMany({ where: { caseId }, select: { id: true, record: true }, orderBy: { decidedAt: 'asc' } });
  if (decisions.length === 0) return log;
  const checkpoint = log.verification.checkpoint;
  const entries = log.entries.filter((e) => DECISION_ENTRIES.includes(e.action));
  for (const decision of decisions) {
    let recordHash: string | null = null;
    try {
      recordHash = contentHash(JSON.parse(decision.record));
    } catch {
      recordHash = null;
    }
    if (entries.length === 0) {
      return { ...log, verification: { ok: false, brokenAt: log.total + 1, reason: 'DECISION_MISSING', message: `decision ${decision.id} was issued, but the case's chain has no DECISION_ISSUED entry: it was deleted`, checkpoint } };
    }
    const matches = entries.some((e) => (e.details as { decisionId?: string; recordHash?: string } | null)?.recordHash === recordHash && (e.details as { decisionId?: string }).decisionId === decision.id);
    if (!matches) {
      return { ...log, verification: { ok: false, brokenAt: entries[0]!.seq, reason: 'DECISION_MISMATCH', message: `no entry of the chain names decision ${decision.id} with its record hash ${recordHash}`, checkpoint } };
    }
  }
  return log;
}

builder.queryField('auditLog', (t) =>
  t.field({
    type: AuditLogRef,
    description: "A case's audit trail (claims, resolutions, the decision …), with its hash chain verified.",
    authScopes: { $any: { supervisor: true, engineer: true } },
    args: { caseId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const row = await readableCase(ctx, args.caseId, 'Query.auditLog');
      if (!canReadCaseAudit(ctx.caller, row)) throw ctx.security.deny({ operation: 'Query.auditLog', reason: 'case audit is for supervisors of its department and engineers', target: { caseId: row.id } });
      return withDecisionCheck(ctx, row.id, await readVerifiedStream(ctx.prisma, ctx.keyRing, caseAuditStream(row.id)));
    },
  }),
);

builder.queryField('securityAuditLog', (t) =>
  t.field({
    type: AuditLogRef,
    description: 'Refused requests and key changes (stream "security"), newest last; verified from the newest signed checkpoint (the last entries and those since the checkpoint are read, never the whole stream).',
    authScopes: { engineer: true },
    args: { last: t.arg.int({ required: false, defaultValue: 50, description: 'How many of the latest entries to return (1–500).' }) },
    resolve: async (_root, args, ctx) => {
      const last = args.last ?? 50;
      if (last < 1 || last > 500) throw apiError(ctx.lang, 'VALIDATION_FAILED', { detail: 'last must be between 1 and 500' });
      return readVerifiedStream(ctx.prisma, ctx.keyRing, SECURITY_AUDIT_STREAM, { last });
    },
  }),
);

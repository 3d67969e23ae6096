/**
 * The hash-chained audit log, read back with its chain verified: a case's stream (supervisors of
 * its department, engineers) and the `security` stream of refusals (engineers).
 */
import type { AuditEntry } from '../../generated/prisma/client.ts';
import { verifyChain, type ChainVerification } from '../../lib/hash-chain.ts';
import { caseAuditStream, SECURITY_AUDIT_STREAM } from '../../workflows/messages.ts';
import { canReadCaseAudit } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { apiError } from '../errors.ts';
import { readableCase } from './cases.ts';

interface AuditLogShape {
  stream: string;
  entries: AuditEntry[];
  total: number;
  verification: ChainVerification;
}

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

const ChainVerificationRef = builder.objectRef<ChainVerification>('ChainVerification').implement({
  description: 'Whether every entry still matches its hash and points at the one before it.',
  authScopes: { $any: { supervisor: true, engineer: true } },
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    count: t.int({ nullable: true, resolve: (v) => (v.ok ? v.count : null) }),
    head: t.string({ nullable: true, description: 'The last hash; record it elsewhere to detect a cut tail later.', resolve: (v) => (v.ok ? v.head : null) }),
    brokenAt: t.int({ nullable: true, description: 'The seq of the first entry that fails.', resolve: (v) => (v.ok ? null : v.brokenAt) }),
    reason: t.string({ nullable: true, description: 'HASH_MISMATCH, PREV_MISMATCH, SEQ_GAP …', resolve: (v) => (v.ok ? null : v.reason) }),
    message: t.string({ nullable: true, resolve: (v) => (v.ok ? null : v.message) }),
  }),
});

const AuditLogRef = builder.objectRef<AuditLogShape>('AuditLog').implement({
  authScopes: { $any: { supervisor: true, engineer: true } },
  fields: (t) => ({
    stream: t.exposeString('stream'),
    total: t.exposeInt('total', { description: 'Entries in the stream (all were verified).' }),
    entries: t.field({ type: [AuditEntryRef], resolve: (l) => l.entries }),
    verification: t.field({ type: ChainVerificationRef, resolve: (l) => l.verification }),
  }),
});

async function readStream(ctx: Context, stream: string, last?: number): Promise<AuditLogShape> {
  const entries = await ctx.prisma.auditEntry.findMany({ where: { stream }, orderBy: { seq: 'asc' } });
  return { stream, entries: last === undefined ? entries : entries.slice(-last), total: entries.length, verification: verifyChain(entries) };
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
      return readStream(ctx, caseAuditStream(row.id));
    },
  }),
);

builder.queryField('securityAuditLog', (t) =>
  t.field({
    type: AuditLogRef,
    description: 'Refused requests and key changes (stream "security"), newest last; the whole chain is verified.',
    authScopes: { engineer: true },
    args: { last: t.arg.int({ required: false, defaultValue: 50, description: 'How many of the latest entries to return (1–500).' }) },
    resolve: async (_root, args, ctx) => {
      const last = args.last ?? 50;
      if (last < 1 || last > 500) throw apiError(ctx.lang, 'VALIDATION_FAILED', { detail: 'last must be between 1 and 500' });
      return readStream(ctx, SECURITY_AUDIT_STREAM, last);
    },
  }),
);

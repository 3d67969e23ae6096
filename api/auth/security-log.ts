/**
 * Every refusal — a failed authentication, a denied field or action — is appended to the
 * hash-chained audit stream `security`, so who tried what is evident and tamper-evident. Entries
 * name the caller and the target ids, never a credential or the request's personal data.
 *
 * Denials found by scope checks are raised synchronously (Pothos needs the error at once), so
 * their writes are queued per request and awaited before the response leaves (api/yoga.ts).
 *
 * Bounded: one request writes at most one ACCESS_DENIED row (a query with many denied fields
 * names the first and counts the rest) and at most one INPUT_REFUSED row (the fields and codes
 * refused, never the values); the number of requests is bounded by the rate limit.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../lib/audit-log.ts';
import type { PrismaClient } from '../../lib/db/client.ts';
import type { Logger } from '../../lib/logger.ts';
import { SECURITY_AUDIT_STREAM } from '../../workflows/messages.ts';
import { apiError, type ApiError } from '../errors.ts';
import type { Lang } from '../i18n.ts';
import { actorOf, type Caller } from './caller.ts';

export interface SecurityEntry {
  actor: string;
  action: 'ACCESS_DENIED' | 'AUTHENTICATION_FAILED' | 'INPUT_REFUSED' | 'API_KEY_REQUESTED' | 'API_KEY_APPROVED' | 'API_KEY_CREATED' | 'API_KEY_REVOKED' | 'OFFERS_DELIVERED';
  details: Record<string, unknown>;
}

export async function appendSecurityEntry(prisma: PrismaClient, entry: SecurityEntry, at = new Date()): Promise<void> {
  await prisma.$transaction((tx) => appendAudit(tx, { stream: SECURITY_AUDIT_STREAM, idempotencyKey: `security:${randomUUID()}`, at: at.toISOString(), ...entry }));
}

export interface Denial {
  /** `Type.field`, e.g. `Mutation.claimTask`. */
  operation: string;
  reason: string;
  target?: Record<string, string | null | undefined>;
}

/** One refused input field, as the audit log records it: where and why, never what. */
export interface RefusedField {
  field: string;
  code: string;
  at?: number;
}

export class SecurityLog {
  private pending: Promise<void>[] = [];
  private denial: SecurityEntry | null = null;
  private moreDenials = 0;
  private inputRefused = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly caller: Caller,
    private readonly lang: Lang,
    private readonly logger: Logger,
  ) {}

  /** Records the denial (queued) and returns the error to throw: UNAUTHENTICATED for nobody, else FORBIDDEN. */
  deny(denial: Denial): ApiError {
    const code = this.caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
    const target = Object.fromEntries(Object.entries(denial.target ?? {}).filter(([, v]) => v !== undefined && v !== null));
    if (this.denial) this.moreDenials += 1;
    else this.denial = { actor: actorOf(this.caller), action: 'ACCESS_DENIED', details: { code, operation: denial.operation, reason: denial.reason, target } };
    return apiError(this.lang, code, { detail: denial.reason });
  }

  /** Records that this request's input was refused (once per request, whatever the number of fields). */
  refuseInput(operation: string, fields: RefusedField[]): void {
    if (this.inputRefused) return;
    this.inputRefused = true;
    const listed = fields.slice(0, 20).map((f) => ({ field: f.field.slice(0, 100), code: f.code, ...(f.at === undefined ? {} : { at: f.at }) }));
    this.enqueue({ actor: actorOf(this.caller), action: 'INPUT_REFUSED', details: { operation, fields: listed, ...(fields.length > listed.length ? { more: fields.length - listed.length } : {}) } });
  }

  /** Whether this request's input has been refused (the request is then one refusal, not more). */
  get refusedInput(): boolean {
    return this.inputRefused;
  }

  enqueue(entry: SecurityEntry): void {
    this.pending.push(
      appendSecurityEntry(this.prisma, entry).catch((e: Error) => {
        // The caller is refused either way; a lost audit entry must be loud in the logs.
        this.logger.error({ err: e.message, entry: { action: entry.action, actor: entry.actor } }, 'security audit entry not written');
      }),
    );
  }

  async flush(): Promise<void> {
    if (this.denial) {
      const entry = this.denial;
      if (this.moreDenials) entry.details.more = this.moreDenials;
      this.denial = null;
      this.moreDenials = 0;
      this.enqueue(entry);
    }
    while (this.pending.length) await Promise.all(this.pending.splice(0));
  }
}

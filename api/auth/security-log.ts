/**
 * Every refusal — a failed authentication, a denied field or action — is appended to the
 * hash-chained audit stream `security`, so who tried what is evident and tamper-evident. Entries
 * name the caller and the target ids, never a credential or the request's personal data.
 *
 * Denials found by scope checks are raised synchronously (Pothos needs the error at once), so
 * their writes are queued per request and awaited before the response leaves (api/yoga.ts).
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
  action: 'ACCESS_DENIED' | 'AUTHENTICATION_FAILED' | 'API_KEY_CREATED' | 'API_KEY_REVOKED';
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

export class SecurityLog {
  private pending: Promise<void>[] = [];

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
    this.enqueue({ actor: actorOf(this.caller), action: 'ACCESS_DENIED', details: { code, operation: denial.operation, reason: denial.reason, target } });
    return apiError(this.lang, code, { detail: denial.reason });
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
    while (this.pending.length) await Promise.all(this.pending.splice(0));
  }
}

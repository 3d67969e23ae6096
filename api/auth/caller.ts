/**
 * Who is calling: a front-end system (API key, in `X-Api-Key` or `Authorization: ApiKey …`), a
 * staff member (`Authorization: Bearer <jwt>`), or nobody. Bad credentials are not "anonymous":
 * they end the request with 401 and a reason (expired, revoked …), so a client never mistakes a
 * broken key for missing permissions.
 */
import { verifyApiKeyCached, type ApiKeyScope } from '../../lib/auth/api-keys.ts';
import { InvalidToken, type StaffRole, type TokenVerifier } from '../../lib/auth/tokens.ts';
import type { PrismaClient } from '../../lib/db/client.ts';
import type { Officer } from '../../workflows/messages.ts';

export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'frontend'; apiKeyId: string; clientId: string; name: string; scopes: ApiKeyScope[] }
  | { kind: 'staff'; sub: string; roles: StaffRole[]; department: string | null };

export type FrontendCaller = Extract<Caller, { kind: 'frontend' }>;
export type StaffCaller = Extract<Caller, { kind: 'staff' }>;

export type CredentialProblem = 'EXPIRED' | 'INVALID' | 'REVOKED' | 'UNKNOWN' | 'MALFORMED' | 'AMBIGUOUS';

export type Authentication =
  | { ok: true; caller: Caller }
  | { ok: false; scheme: 'api-key' | 'bearer' | 'unknown'; problem: CredentialProblem };

export const ANONYMOUS: Caller = { kind: 'anonymous' };

/** The audit log's name for a caller; never a secret. */
export function actorOf(caller: Caller): string {
  if (caller.kind === 'frontend') return `api-key:${caller.apiKeyId}`;
  if (caller.kind === 'staff') return `staff:${caller.sub}`;
  return 'anonymous';
}

/** A staff caller as the case workflow knows an officer (its Update inputs, the task-permission rule). */
export function officerOf(caller: StaffCaller): Officer {
  return { id: caller.sub, department: caller.department ?? '', roles: [...caller.roles] };
}

export interface AuthenticateDeps {
  prisma: PrismaClient;
  verifyToken: () => Promise<TokenVerifier>;
}

export async function authenticate(headers: Headers, deps: AuthenticateDeps): Promise<Authentication> {
  const authorization = headers.get('authorization')?.trim() ?? '';
  const headerKey = headers.get('x-api-key')?.trim() ?? '';
  const [scheme = '', ...rest] = authorization.split(/\s+/);
  const credential = rest.join(' ');
  // A credential header that is present but empty is a broken credential, not "none": a client
  // whose key variable is unset must hear 401, not be served as anonymous.
  // (`get`, not `has`: some Headers implementations report an empty header as absent.)
  if (headers.get('x-api-key') !== null && !headerKey) return { ok: false, scheme: 'api-key', problem: 'MALFORMED' };
  if (headers.get('authorization') !== null && !authorization) return { ok: false, scheme: 'unknown', problem: 'MALFORMED' };
  const apiKey = headerKey || (/^apikey$/i.test(scheme) ? credential : '');
  const bearer = /^bearer$/i.test(scheme) ? credential : '';

  if (apiKey && bearer) return { ok: false, scheme: 'unknown', problem: 'AMBIGUOUS' };
  if (authorization && !apiKey && !bearer) return { ok: false, scheme: 'unknown', problem: 'MALFORMED' };
  if (apiKey) {
    const check = await verifyApiKeyCached(deps.prisma, apiKey);
    // The audit entry names no part of the presented key: a prefix the attacker typed would
    // otherwise be written into the log as if it were a real key's name.
    if (!check.ok) return { ok: false, scheme: 'api-key', problem: check.reason };
    const p = check.principal;
    return { ok: true, caller: { kind: 'frontend', apiKeyId: p.apiKeyId, clientId: p.clientId, name: p.name, scopes: p.scopes } };
  }
  if (bearer) {
    try {
      const claims = await (await deps.verifyToken())(bearer);
      return { ok: true, caller: { kind: 'staff', sub: claims.sub, roles: claims.roles, department: claims.department } };
    } catch (e) {
      if (e instanceof InvalidToken) return { ok: false, scheme: 'bearer', problem: e.reason };
      throw e;
    }
  }
  return { ok: true, caller: ANONYMOUS };
}

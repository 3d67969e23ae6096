/**
 * The API's side of the one error language (lib/errors.ts), in two kinds:
 *  - request and access errors (UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED, BAD_REQUEST …) are
 *    GraphQL errors with a stable `extensions.code`; the same on every field, so a client
 *    handles them in one place;
 *  - domain errors (a bad IIN, a task already taken) are members of a mutation's result union,
 *    typed objects with the same stable `code`, a message in the caller's language and the
 *    technical `detail` in English.
 * Anything else is masked as INTERNAL_SERVER_ERROR (api/yoga.ts).
 */
import { GraphQLError } from 'graphql';
import { DuplicateEntitlementError, QyzmetError, type ErrorCode, type FieldProblem } from '../lib/errors.ts';
import { message, type Lang, type MessageKey } from './i18n.ts';

export { ERROR_CODES, type ErrorCode, type FieldProblem } from '../lib/errors.ts';

export interface ApiErrorOptions {
  detail?: string;
  /** HTTP status for errors that end the whole request (401, 413, 429 …). */
  status?: number;
  headers?: Record<string, string>;
  /** Extra machine-readable facts, e.g. `reason: 'EXPIRED'`. */
  extensions?: Record<string, unknown>;
}

/** A GraphQL error that passes error masking with its code and (localised) message intact. */
export class ApiError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, {
      extensions: {
        code,
        ...(options.detail ? { detail: options.detail } : {}),
        ...options.extensions,
        ...(options.status ? { http: { status: options.status, headers: options.headers ?? {} } } : {}),
      },
    });
    this.name = 'ApiError';
  }
}

export function apiError(lang: Lang, code: ErrorCode, options: ApiErrorOptions & { key?: MessageKey } = {}): ApiError {
  return new ApiError(code, message(lang, options.key ?? (code as MessageKey)), options);
}

/** The body of a response that ends a request before GraphQL runs (413, 401, 429 …). */
export function errorResponse(
  status: number,
  lang: Lang,
  code: ErrorCode,
  options: { key?: MessageKey; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): Response {
  const body = { errors: [{ message: message(lang, options.key ?? (code as MessageKey)), extensions: { code, ...options.extensions } }] };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/graphql-response+json; charset=utf-8', ...options.headers },
  });
}

/** A domain error: returned as a member of a field's result union, never thrown to the client. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  constructor(
    lang: Lang,
    key: MessageKey,
    readonly detail: string | null = null,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message(lang, key));
  }
}

export type DomainErrorClass = new (lang: Lang, detail: string | null, fields?: FieldProblem[]) => DomainError;

/** The union member for one wire code: its message is the code's, in the caller's language. */
function member<C extends ErrorCode & MessageKey>(code: C) {
  return class extends DomainError {
    readonly code: C = code;
    constructor(lang: Lang, detail: string | null, fields: FieldProblem[] = []) {
      super(lang, code, detail, fields);
    }
  };
}

export class ValidationFailed extends member('VALIDATION_FAILED') {}
export class InvalidIin extends member('INVALID_IIN') {}
export class ServiceNotFound extends member('SERVICE_NOT_FOUND') {}
export class NoEffectiveVersion extends member('NO_EFFECTIVE_VERSION') {}
export class IdempotencyConflict extends member('IDEMPOTENCY_CONFLICT') {}
export class NotFound extends member('NOT_FOUND') {}
export class InvalidState extends member('INVALID_STATE') {}
export class FourEyesViolation extends member('FOUR_EYES') {}
export class VersionNotFound extends member('VERSION_NOT_FOUND') {}
export class ServiceMismatch extends member('SERVICE_MISMATCH') {}
export class DuplicateEntitlement extends member('DUPLICATE_ENTITLEMENT') {
  /** The case that holds the grant. */
  earlierCaseId: string | null = null;
}

/**
 * Every typed union member: its GraphQL name and description (api/schema/errors.ts registers
 * them from here), and the code it stands for. A new typed error is one code in lib/errors.ts,
 * one class and one row here, and its message in api/i18n.ts.
 */
export const UNION_MEMBERS: { code: ErrorCode; type: DomainErrorClass; name: string; description: string; listsFields?: true }[] = [
  { code: 'VALIDATION_FAILED', type: ValidationFailed, name: 'ValidationFailed', description: 'The input breaks a rule (a required field, a length, a format).', listsFields: true },
  { code: 'INVALID_IIN', type: InvalidIin, name: 'InvalidIin', description: 'An IIN with a wrong length, date or checksum.', listsFields: true },
  { code: 'SERVICE_NOT_FOUND', type: ServiceNotFound, name: 'ServiceNotFound', description: 'No published service has this code.' },
  { code: 'NO_EFFECTIVE_VERSION', type: NoEffectiveVersion, name: 'NoEffectiveVersion', description: 'The service has no version in force on the legal-fact date.' },
  { code: 'IDEMPOTENCY_CONFLICT', type: IdempotencyConflict, name: 'IdempotencyConflict', description: 'The request id was already used with different content.' },
  { code: 'NOT_FOUND', type: NotFound, name: 'NotFound', description: 'The case, task or key does not exist.' },
  { code: 'INVALID_STATE', type: InvalidState, name: 'InvalidState', description: 'The case or task is not in a state that allows this (already claimed, already decided …).' },
  { code: 'FOUR_EYES', type: FourEyesViolation, name: 'FourEyesViolation', description: 'The second approval of a large amount must come from a different officer.' },
  { code: 'VERSION_NOT_FOUND', type: VersionNotFound, name: 'VersionNotFound', description: 'The service has no version with this number, published or draft.' },
  { code: 'SERVICE_MISMATCH', type: ServiceMismatch, name: 'ServiceMismatch', description: 'A service definition given for a case or a selection of another service.' },
  {
    code: 'DUPLICATE_ENTITLEMENT',
    type: DuplicateEntitlement,
    name: 'DuplicateEntitlement',
    description: 'What this application asks for (e.g. the birth allowance for this child) was already granted in another case, named by earlierCaseId.',
    listsFields: true,
  },
];

/**
 * The one mapper from the domain to the wire. A QyzmetError becomes the union member of its code
 * (the field lists the members it may return) or, for a code without one (UNAVAILABLE …), a
 * GraphQL error with that `extensions.code`; INTERNAL_SERVER_ERROR and anything that is not a
 * QyzmetError pass unchanged, to be logged and masked.
 */
export function toGraphQL(lang: Lang, e: unknown): unknown {
  if (!(e instanceof QyzmetError) || e.code === 'INTERNAL_SERVER_ERROR') return e;
  const Member = UNION_MEMBERS.find((m) => m.code === e.code)?.type;
  if (!Member) return apiError(lang, e.code, { detail: e.message });
  const member = new Member(lang, e.message, e.fields);
  if (member instanceof DuplicateEntitlement && e instanceof DuplicateEntitlementError) member.earlierCaseId = e.earlierCaseId;
  return member;
}

/**
 * The API's errors, in two kinds:
 *  - request and access errors (UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED, BAD_REQUEST …) are
 *    GraphQL errors with a stable `extensions.code`; the same on every field, so a client
 *    handles them in one place;
 *  - domain errors (a bad IIN, a task already taken) are members of a mutation's result union,
 *    typed objects with the same stable `code`, a message in the caller's language and the
 *    technical `detail` in English.
 * Anything else is masked as INTERNAL_SERVER_ERROR (api/yoga.ts).
 */
import { GraphQLError } from 'graphql';
import { message, type Lang, type MessageKey } from './i18n.ts';

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'QUERY_TOO_COMPLEX',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'INVALID_IIN',
  'SERVICE_NOT_FOUND',
  'NO_EFFECTIVE_VERSION',
  'IDEMPOTENCY_CONFLICT',
  'INVALID_STATE',
  'FOUR_EYES',
  'VERSION_NOT_FOUND',
  'SERVICE_MISMATCH',
  'UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

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

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** A domain error: returned as a member of the mutation's result union, never thrown to the client. */
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

export class ValidationFailed extends DomainError {
  readonly code = 'VALIDATION_FAILED' as const;
  constructor(lang: Lang, detail: string | null, fields: FieldProblem[] = []) {
    super(lang, 'VALIDATION_FAILED', detail, fields);
  }
}
export class InvalidIin extends DomainError {
  readonly code = 'INVALID_IIN' as const;
  constructor(lang: Lang, detail: string | null, fields: FieldProblem[] = []) {
    super(lang, 'INVALID_IIN', detail, fields);
  }
}
export class ServiceNotFound extends DomainError {
  readonly code = 'SERVICE_NOT_FOUND' as const;
  constructor(lang: Lang, detail: string | null) {
    super(lang, 'SERVICE_NOT_FOUND', detail);
  }
}
export class NoEffectiveVersion extends DomainError {
  readonly code = 'NO_EFFECTIVE_VERSION' as const;
  constructor(lang: Lang, detail: string | null) {
    super(lang, 'NO_EFFECTIVE_VERSION', detail);
  }
}
export class IdempotencyConflict extends DomainError {
  readonly code = 'IDEMPOTENCY_CONFLICT' as const;
  constructor(lang: Lang, detail: string | null) {
    super(lang, 'IDEMPOTENCY_CONFLICT', detail);
  }
}
export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor(lang: Lang, detail: string | null) {
    super(lang, 'NOT_FOUND', detail);
  }
}
export class InvalidState extends DomainError {
  readonly code = 'INVALID_STATE' as const;
  constructor(lang: Lang, detail: string | null) {
    super(lang, 'INVALID_STATE', detail);
  }
}
export class FourEyesViolation extends DomainError {
  readonly code = 'FOUR_EYES' as const;
  constructor(lang: Lang, detail: string | null) {
    super(lang, 'FOUR_EYES', detail);
  }
}
export class VersionNotFound extends DomainError {
  readonly code = 'VERSION_NOT_FOUND' as const;
  constructor(lang: Lang, detail: string | null) {
    super(lang, 'VERSION_NOT_FOUND', detail);
  }
}
export class ServiceMismatch extends DomainError {
  readonly code = 'SERVICE_MISMATCH' as const;
  constructor(lang: Lang, detail: string | null) {
    super(lang, 'SERVICE_MISMATCH', detail);
  }
}

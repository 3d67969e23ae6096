/**
 * One error language from the domain to the wire. An expected refusal — a bad IIN, an unknown
 * service, a task already taken — is a QyzmetError carrying a wire code: the code a GraphQL client
 * reads in a typed union member or in `extensions.code`, and the ApplicationFailure type a
 * workflow's Update validator rejects with. Its message is the technical detail in English; the
 * API adds the caller's language. The one mapper to GraphQL is api/errors.ts (`toGraphQL`).
 *
 * Imported by workflow code (Update validators): plain data and a class, nothing else.
 */

/** Every code a client can receive. The GraphQL enum `ErrorCode` is this list. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  'DOCUMENT_NOT_TRUSTED',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'INVALID_IIN',
  'SERVICE_NOT_FOUND',
  'NO_EFFECTIVE_VERSION',
  'IDEMPOTENCY_CONFLICT',
  'DUPLICATE_ENTITLEMENT',
  'INVALID_STATE',
  'FOUR_EYES',
  'VERSION_NOT_FOUND',
  'SERVICE_MISMATCH',
  'UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const isErrorCode = (value: unknown): value is ErrorCode => (ERROR_CODES as readonly unknown[]).includes(value);

/** What is wrong with one input field. */
export interface FieldProblem {
  /** Path of the field, e.g. `application.childIin`. */
  field: string;
  /** A machine-readable reason, e.g. REQUIRED, checksum. */
  code: string;
  message: string;
}

/** An expected refusal with its wire code; nothing has been written when one is thrown. */
export class QyzmetError extends Error {
  override name = 'QyzmetError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** The entitlement applied for was already granted in another case, which it names. */
export class DuplicateEntitlementError extends QyzmetError {
  override name = 'DuplicateEntitlementError';
  constructor(
    readonly earlierCaseId: string,
    message: string,
    fields: FieldProblem[] = [],
  ) {
    super('DUPLICATE_ENTITLEMENT', message, fields);
  }
}

/**
 * Typed intake failures. Each carries a stable code the API turns into `extensions.code`, and a
 * message a front-end developer can act on. Nothing is written when one is thrown.
 */
export type IntakeErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_IIN'
  | 'SERVICE_NOT_FOUND'
  | 'NO_EFFECTIVE_VERSION'
  | 'IDEMPOTENCY_CONFLICT'
  | 'TEMPORAL_UNAVAILABLE';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export class IntakeError extends Error {
  constructor(
    readonly code: IntakeErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'IntakeError';
  }
}

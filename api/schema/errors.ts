/**
 * Domain errors as GraphQL types: members of mutation result unions, all implementing `Error`
 * with the same stable codes that request-level errors carry in `extensions.code`.
 */
import { builder } from '../builder.ts';
import {
  DomainError,
  ERROR_CODES,
  FourEyesViolation,
  IdempotencyConflict,
  InvalidIin,
  InvalidState,
  NoEffectiveVersion,
  NotFound,
  ServiceMismatch,
  ServiceNotFound,
  ValidationFailed,
  VersionNotFound,
  type FieldProblem,
} from '../errors.ts';

export const ErrorCodeEnum = builder.enumType('ErrorCode', { values: ERROR_CODES });

const FieldProblemRef = builder.objectRef<FieldProblem>('FieldProblem').implement({
  description: 'What is wrong with one input field.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Path of the field, e.g. application.childIin.' }),
    code: t.exposeString('code', { description: 'A machine-readable reason, e.g. REQUIRED, checksum.' }),
    message: t.exposeString('message'),
  }),
});

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'A typed, expected failure of a mutation.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (e) => e.code }),
    message: t.exposeString('message', { description: "In the request's language." }),
    detail: t.string({ nullable: true, description: 'The technical reason, in English.', resolve: (e) => e.detail }),
  }),
});

// `any[]`: Pothos infers the object shape from a constructor type, which `never[]` defeats.
type DomainErrorClass = new (...args: any[]) => DomainError;

function errorType(cls: DomainErrorClass, name: string, description: string): void {
  builder.objectType(cls, {
    name,
    description,
    interfaces: [ErrorInterface],
    authScopes: { authenticated: true },
    isTypeOf: (value) => value instanceof cls,
    fields: () => ({}),
  });
}

/** Errors about specific input fields list them. */
function fieldErrorType(cls: DomainErrorClass, name: string, description: string): void {
  builder.objectType(cls, {
    name,
    description,
    interfaces: [ErrorInterface],
    authScopes: { authenticated: true },
    isTypeOf: (value) => value instanceof cls,
    fields: (t) => ({ fields: t.field({ type: [FieldProblemRef], resolve: (e) => e.fields }) }),
  });
}

fieldErrorType(ValidationFailed, 'ValidationFailed', 'The input breaks a rule (a required field, a length, a format).');
fieldErrorType(InvalidIin, 'InvalidIin', 'An IIN with a wrong length, date or checksum.');
errorType(ServiceNotFound, 'ServiceNotFound', 'No published service has this code.');
errorType(NoEffectiveVersion, 'NoEffectiveVersion', 'The service has no version in force on the legal-fact date.');
errorType(IdempotencyConflict, 'IdempotencyConflict', 'The request id was already used with different content.');
errorType(NotFound, 'NotFound', 'The case, task or key does not exist.');
errorType(InvalidState, 'InvalidState', 'The case or task is not in a state that allows this (already claimed, already decided …).');
errorType(FourEyesViolation, 'FourEyesViolation', 'The second approval of a large amount must come from a different officer.');
errorType(VersionNotFound, 'VersionNotFound', 'The service has no version with this number, published or draft.');
errorType(ServiceMismatch, 'ServiceMismatch', 'A service definition given for a case or a selection of another service.');

export { FourEyesViolation, IdempotencyConflict, InvalidIin, InvalidState, NoEffectiveVersion, NotFound, ServiceMismatch, ServiceNotFound, ValidationFailed, VersionNotFound };

/**
 * Domain errors as GraphQL types: members of mutation result unions, all implementing `Error`
 * with the same stable codes that request-level errors carry in `extensions.code`.
 */
import { builder } from '../builder.ts';
import { DomainError, DuplicateEntitlement, ERROR_CODES, UNION_MEMBERS, type FieldProblem } from '../errors.ts';

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

for (const m of UNION_MEMBERS) {
  builder.objectType(m.type, {
    name: m.name,
    description: m.description,
    interfaces: [ErrorInterface],
    authScopes: { authenticated: true },
    isTypeOf: (value) => value instanceof m.type,
    // Errors about specific input fields list them.
    fields: (t) => {
      const fields: Record<string, ReturnType<typeof t.field>> = {};
      if (m.listsFields) fields.fields = t.field({ type: [FieldProblemRef], resolve: (e) => e.fields });
      if (m.type === DuplicateEntitlement) {
        fields.earlierCaseId = t.id({ nullable: true, description: 'The case that holds the grant.', resolve: (e) => (e instanceof DuplicateEntitlement ? e.earlierCaseId : null) });
      }
      return fields;
    },
  });
}

/**
 * The schema's contract: the committed, sorted schema.graphql matches the code (regenerate with
 * `npm run schema:print`), every field is behind a scope check, and mutations follow one shape.
 */
import fs from 'node:fs';
import { isObjectType, isUnionType, parse, validate, type GraphQLField, type GraphQLObjectType } from 'graphql';
import * as operations from '../../api/client/operations.ts';
import { describe, expect, it } from 'vitest';
import { schema } from '../../api/schema/index.ts';
import { printedSchema, SCHEMA_FILE } from '../../scripts/print-schema.ts';

const scopesOf = (x: { extensions?: unknown }) => (x.extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions?.authScopes;
const ROOTS = ['Query', 'Mutation', 'Subscription'];

describe('schema.graphql', () => {
  it('is the printed, sorted schema of the code', () => {
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed === printedSchema(), 'schema.graphql is out of date: run `npm run schema:print` and commit it').toBe(true);
  });

  it('puts every field behind scope-auth: root fields each, other types as a whole', () => {
    const unguarded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
      if (ROOTS.includes(type.name)) unguarded.push(...fields.filter((f) => !scopesOf(f)).map((f) => `${type.name}.${f.name}`));
      else if (!scopesOf(type)) unguarded.push(...fields.filter((f) => !scopesOf(f)).map((f) => `${type.name}.${f.name}`));
    }
    expect(unguarded).toEqual([]);
  });

  it('gives every mutation a verb-noun name, one input and a result union with typed errors', () => {
    const mutation = schema.getMutationType() as GraphQLObjectType;
    for (const field of Object.values(mutation.getFields())) {
      expect(field.name).toMatch(/^(start|submit|respond|attach|provide|withdraw|claim|release|reassign|resolve|retry|create|revoke|approve|open|file|record|reissue)[A-Z][a-zA-Z]+$/);
      expect(field.args.map((a) => `${a.name}: ${a.type}`)).toEqual([`input: ${field.name[0]!.toUpperCase()}${field.name.slice(1)}Input!`]);
      const union = (field.type as { ofType?: unknown }).ofType;
      expect(isUnionType(union), field.name).toBe(true);
      const members = isUnionType(union) ? union.getTypes() : [];
      expect(members.some((m) => m.getInterfaces().some((i) => i.name === 'Error')), field.name).toBe(true);
    }
  });

  it('accepts every operation document the client sends (the demo, the bench and these tests)', () => {
    const documents = Object.entries(operations).filter(([, v]) => typeof v === 'string');
    expect(documents.length).toBeGreaterThan(20);
    const invalid = documents.flatMap(([name, text]) => validate(schema, parse(text)).map((e) => `${name}: ${e.message}`));
    expect(invalid).toEqual([]);
  });
});

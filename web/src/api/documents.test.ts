/**
 * Every GraphQL document the console sends is valid against the committed schema.graphql —
 * the same check the API makes, without introspection (production has none). gql.tada types
 * the results from that schema, but does not stop the compiler on an unknown field; this does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, Kind, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..');
const schema = buildSchema(fs.readFileSync(path.resolve(SRC, '..', '..', 'schema.graphql'), 'utf8'));

/** Modules that define documents: every documents.ts, and the viewer query. */
function documentModules(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return documentModules(full);
    return e.name === 'documents.ts' || full === path.join(SRC, 'api', 'viewer.tsx') ? [full] : [];
  });
}

/** A document the console sends: one with an operation (fragments are checked where they are spread). */
const isOperation = (value: unknown): value is DocumentNode =>
  (value as DocumentNode | null)?.kind === Kind.DOCUMENT && (value as DocumentNode).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION);

describe("the console's GraphQL documents", async () => {
  const documents: [string, DocumentNode][] = [];
  for (const file of documentModules()) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) if (isOperation(value)) documents.push([`${path.relative(SRC, file)}: ${name}`, value]);
  }

  it('are all found', () => {
    const operations = documents.flatMap(([, d]) => d.definitions.filter((x) => x.kind === Kind.OPERATION_DEFINITION).map((x) => x.name?.value));
    expect(operations.sort()).toEqual(['CaseAudit', 'CaseLive', 'CaseView', 'ClaimTask', 'DepartmentCases', 'Inbox', 'ReassignTask', 'ReissuePayment', 'ReleaseTask', 'ResolveAppeal', 'ResolveTask', 'ServiceFields', 'Staff', 'Viewer'].sort());
  });

  it.each(documents.map(([name, doc]) => [name, doc] as const))('%s is valid against schema.graphql', (_name, doc) => {
    expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
  });
});

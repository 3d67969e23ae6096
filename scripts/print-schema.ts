// `npm run schema:print`: writes the sorted SDL of the GraphQL schema to schema.graphql, which is
// committed; test/api/schema.test.ts fails when the two differ.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../api/schema/index.ts';
import { PROJECT_ROOT } from '../lib/config.ts';

export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema.graphql');

export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  fs.writeFileSync(SCHEMA_FILE, printedSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

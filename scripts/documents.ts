// `npm run documents`: the trusted documents an API key may send (api/client/operations.ts), as
// the API hashes them when it starts. Without arguments: a persisted-documents manifest,
// `{ "sha256:<hash>": "<document>" }`, for a front-end's build or a gateway. With an operation
// name (`npm run -s documents -- StartCase`): that document's id, or its text with `--text`.
import { pathToFileURL } from 'node:url';
import { Kind, parse } from 'graphql';
import * as operations from '../api/client/operations.ts';
import { documentHash, trustedDocuments } from '../api/http/trusted-documents.ts';

/** The catalogue by operation name: the name of its (first) operation → the document's text. */
export function documentsByOperation(): Map<string, string> {
  const byName = new Map<string, string>();
  for (const text of new Set(trustedDocuments([operations]).values())) {
    const op = parse(text).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (op?.name) byName.set(op.name.value, text);
  }
  return byName;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [name, flag] = process.argv.slice(2);
  const byName = documentsByOperation();
  if (!name) {
    const manifest = Object.fromEntries([...byName.values()].map((text) => [`sha256:${documentHash(text)}`, text]));
    console.log(JSON.stringify(manifest, null, 2));
  } else {
    const text = byName.get(name);
    if (!text) {
      console.error(`no trusted document has an operation named ${name}; known: ${[...byName.keys()].sort().join(', ')}`);
      process.exit(1);
    }
    console.log(flag === '--text' ? text : `sha256:${documentHash(text)}`);
  }
}

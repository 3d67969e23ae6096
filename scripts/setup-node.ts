// `npm run setup:node24`: installs the pinned Node 24 (scripts/support/node-runtime.ts) from the
// npm registry into .tools/node24/, unless that exact version is already there. The system Node
// is not touched. Exit 1 with one line saying why when the registry cannot supply it.
import { ensureNode24, NODE24_VERSION, NodeRuntimeError } from './support/node-runtime.ts';

try {
  const binary = ensureNode24();
  console.log(`qyzmet: Node ${NODE24_VERSION} at ${binary}`);
} catch (e) {
  if (!(e instanceof NodeRuntimeError)) throw e;
  console.error(`qyzmet: ${e.message}`);
  process.exit(1);
}

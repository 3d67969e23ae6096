// `npm run test:node24 [-- vitest args]`: runs a command (the package script gives `npm test`)
// with the pinned Node 24 from .tools/node24/ first on PATH, so npm, tsc, vitest and every
// process the tests start run on it; the system Node stays as it is. Fails with the setup
// command when Node 24 is not installed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { node24BinDir, NodeRuntimeError, requireNode24 } from './support/node-runtime.ts';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node --import tsx scripts/with-node24.ts <command> [args…]');
  process.exit(2);
}
try {
  requireNode24();
} catch (e) {
  if (!(e instanceof NodeRuntimeError)) throw e;
  console.error(`qyzmet: ${e.message}`);
  process.exit(1);
}
const PATH = [node24BinDir(), process.env.PATH ?? ''].join(path.delimiter);
const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, PATH } });
if (result.error) throw result.error;
process.exit(result.status ?? 1);

// `npm run build:console [-- --force]`: builds the officer console into web/dist when it is
// missing or stale (web/build.ts); prints what it did.
import { parseArgs } from 'node:util';
import { runMain } from '../lib/startup.ts';
import { ensureConsoleBuilt } from '../web/build.ts';

runMain('build:console', async () => {
  const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } } });
  const outcome = await ensureConsoleBuilt({ force: values.force, log: (line) => console.log(line) });
  console.log(outcome.built ? `officer console built in ${(outcome.ms / 1000).toFixed(1)} s → web/dist` : 'officer console is up to date (web/dist)');
});

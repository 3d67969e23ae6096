// npm install (postinstall) and `npm run setup:temporal`: make sure a Temporal CLI (the dev server)
// and, for the tests, the time-skipping test server are available.
import { ensureTemporalCli, TemporalCliMissingError } from '../lib/temporal/cli.ts';
import { ensureTestServer, TemporalTestServerMissingError } from '../lib/temporal/test-server.ts';

if (process.env.QYZMET_SKIP_TEMPORAL_CLI === '1') process.exit(0);
try {
  const cli = ensureTemporalCli();
  const testServer = ensureTestServer();
  if (process.argv.includes('--verbose')) console.log(`qyzmet: Temporal CLI at ${cli}\nqyzmet: Temporal test server at ${testServer}`);
} catch (e) {
  if (e instanceof TemporalCliMissingError || e instanceof TemporalTestServerMissingError) {
    console.error(`qyzmet: ${e.message}`);
    process.exit(1);
  }
  throw e;
}

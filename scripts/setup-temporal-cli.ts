// npm install (postinstall) and `npm run setup:temporal`: make sure a Temporal CLI is available.
import { ensureTemporalCli, TemporalCliMissingError } from '../lib/temporal/cli.ts';

if (process.env.QYZMET_SKIP_TEMPORAL_CLI === '1') process.exit(0);
try {
  const cli = ensureTemporalCli();
  if (process.argv.includes('--verbose')) console.log(`qyzmet: Temporal CLI at ${cli}`);
} catch (e) {
  if (e instanceof TemporalCliMissingError) {
    console.error(`qyzmet: ${e.message}`);
    process.exit(1);
  }
  throw e;
}

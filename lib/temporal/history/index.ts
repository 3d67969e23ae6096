/**
 * The history toolbox: Temporal workflow histories read, summarised, scrubbed, exported and
 * replayed, knowing nothing of cases. Its callers bring the case vocabulary: the replay CLI
 * (scripts/replay.ts), the corpus generator, and the API's engineering queries
 * (api/temporal/history.ts, api/temporal/replay.ts).
 *
 *   select.ts     visibility queries from convenience filters; listing and fetching histories
 *   json.ts       History ⇄ the SDK's history JSON;  files.ts  history files and corpus dirs
 *   events.ts     reading one event (its type, attributes, markers) for people
 *   summary.ts    one plain-language line per event (caseHistory)
 *   scrub.ts      personal data out, consistently (pseudonyms.ts), so a scrubbed history replays
 *   export.ts     histories as JSON files
 *   replayer.ts   replay against workflow code, with diagnose.ts naming the first mismatch;
 *                 report.ts prints the summary
 */
export { exportHistories, exportHistoryJson, exportHistoryText } from './export.ts';
export { collectHistoryFiles, historyJsonOf, MANIFEST_FILE, readHistoryFile, type HistorySource } from './files.ts';
export { historyFromJson, historyToJson, type History, type HistoryJson } from './json.ts';
export { formatSummary } from './report.ts';
export { replayHistories, type ReplayFailure, type ReplaySummary } from './replayer.ts';
export { createScrubber, type Scrubber } from './scrub.ts';
export { fetchHistories, fetchHistory, HistoryNotFound, listExecutions, SelectionError, visibilityQuery, type ExecutionRef, type QueryFilters } from './select.ts';

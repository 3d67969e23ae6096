/**
 * Exporting histories as JSON files (the SDK's format), optionally scrubbed of personal data.
 */
import path from 'node:path';
import type { History } from './json.ts';
import { historyJsonOf, serializeHistory, writeHistoryFile, type HistorySource } from './files.ts';
import type { HistoryJson } from './json.ts';
import type { Scrubber } from './scrub.ts';

/** One history as exportable JSON; what a `caseHistory` export returns. */
export function exportHistoryJson(history: History, options: { scrubber?: Scrubber } = {}): HistoryJson {
  const json = historyJsonOf(history);
  return options.scrubber ? options.scrubber.history(json) : json;
}

/** The file text of an exported history (one event per line). */
export function exportHistoryText(history: History, options: { scrubber?: Scrubber } = {}): string {
  return serializeHistory(exportHistoryJson(history, options));
}

export interface ExportedFile {
  workflowId: string;
  file: string;
  bytes: number;
}

/**
 * Writes each history to `dir/<workflowId>.json` (or under `subdir(h)`); with a scrubber, the
 * workflow id in the file name is scrubbed the same way as inside the history.
 */
export function exportHistories(histories: readonly HistorySource[], dir: string, options: { scrubber?: Scrubber; subdir?(h: HistorySource): string } = {}): ExportedFile[] {
  return histories.map((h) => {
    const workflowId = options.scrubber ? options.scrubber.workflowId(h.workflowId) : h.workflowId;
    const json = exportHistoryJson(h.history, options);
    const file = writeHistoryFile(options.subdir ? path.join(dir, options.subdir(h)) : dir, workflowId, json);
    return { workflowId, file, bytes: Buffer.byteLength(serializeHistory(json)) };
  });
}

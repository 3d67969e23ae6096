/**
 * History files in the SDK's JSON form (what the SDK's `historyToJSON` writes and
 * `temporal workflow show --output json` prints; see history-json.ts). Histories do not carry their workflow id, so the
 * file name does: `<workflowId>.json`, percent-encoded where an id holds a character a file name
 * cannot. Files are written one event per line: small to commit, readable in a diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJson, historyToJson, type History, type HistoryJson } from './json.ts';

export interface HistorySource {
  workflowId: string;
  history: History;
  /** Where it came from: a file path, or `temporal:<workflowId>/<runId>`. */
  source: string;
}

export const historyJsonOf = (history: History): HistoryJson => historyToJson(history);

export function serializeHistory(json: HistoryJson): string {
  return `{"events":[\n${json.events.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`;
}

export function historyFileName(workflowId: string): string {
  const encoded = workflowId.replace(/[^A-Za-z0-9._-]/gu, (c) => [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
  return `${encoded}.json`;
}

export function workflowIdOfFile(file: string): string {
  return decodeURIComponent(path.basename(file).replace(/\.json$/i, ''));
}

export function writeHistoryFile(dir: string, workflowId: string, json: HistoryJson): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, historyFileName(workflowId));
  fs.writeFileSync(file, serializeHistory(json));
  return file;
}

/** A corpus directory's description; files starting with `_` are never histories. */
export const MANIFEST_FILE = '_manifest.json';

/** Every `.json` history file under the given files and directories, sorted, each once. */
export function collectHistoryFiles(paths: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new Error(`no such file or directory: ${p}`);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    else if (p.endsWith('.json') && !path.basename(p).startsWith('_')) found.add(path.resolve(p));
  };
  for (const p of paths) visit(p);
  return [...found].sort();
}

export function readHistoryFile(file: string): HistorySource {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not a JSON history (${(e as Error).message})`);
  }
  try {
    return { workflowId: workflowIdOfFile(file), history: historyFromJson(raw), source: file };
  } catch (e) {
    throw new Error(`${file}: not a Temporal history (${(e as Error).message})`);
  }
}

/**
 * The replay summary as text, for terminals and CI logs: counts first, then each failure with the
 * workflow, the first event the code disagrees with, what the code did instead, and the fix.
 */
import path from 'node:path';
import type { ReplaySummary } from './replayer.ts';

/** Failures shown in full; the rest get one line each (a bad change fails most histories alike). */
const DETAILED = 10;

export function formatSummary(summary: ReplaySummary, options: { against: string; cwd?: string } = { against: 'the current code' }): string {
  const where = (source: string) => (source.startsWith('temporal:') ? source : path.relative(options.cwd ?? process.cwd(), source) || source);
  const lines = [
    `Replay summary: ${summary.replayed} replayed, ${summary.passed} passed, ${summary.failed} failed (${(summary.durationMs / 1000).toFixed(1)} s) against ${options.against}`,
  ];
  for (const [i, f] of summary.failures.entries()) {
    const m = f.mismatch;
    if (i === DETAILED) lines.push('');
    if (i >= DETAILED) {
      lines.push(`FAILED ${f.workflowId}: ${m ? `event ${m.eventId ?? '?'} ${m.eventType ?? ''} — ${m.event ?? ''}` : f.message.split('\n')[0]} (${where(f.source)})`);
      continue;
    }
    lines.push('', `FAILED ${f.workflowId} (${f.workflowType}, run ${f.runId})`, `  history:        ${where(f.source)}`);
    if (m) {
      lines.push(
        `  first mismatch: ${m.eventId === null ? 'event ?' : `event ${m.eventId}`} ${m.eventType ?? ''}${m.event && m.event !== m.eventType ? ` — ${m.event}` : ''}`,
        `  code produced:  ${m.command}`,
        `  core says:      ${m.detail}`,
        `  fix:            ${m.hint}`,
      );
    } else {
      lines.push(`  error:          ${f.message.split('\n')[0]}`);
    }
  }
  return lines.join('\n');
}

/**
 * Progress of a bulk preview on stderr, so an engineer running a ministry-sized one sees it move:
 * the selection's size at once, then done/total, rate and time left at most once per `everyMs`,
 * and how long it took at the end. stdout keeps the result alone (it may be piped, or --json).
 */
import { ProgressMeter, ProgressThrottle, type BulkProgress } from '../../services/what-if/index.ts';
import { formatProgress } from './format.ts';

export const PROGRESS_EVERY_MS = 2000;

export function progressLines(write: (line: string) => void, options: { everyMs?: number; now?: () => number } = {}): (p: BulkProgress, final: boolean) => void {
  const now = options.now ?? Date.now;
  const meter = new ProgressMeter(now);
  const throttle = new ProgressThrottle({ everyMs: options.everyMs ?? PROGRESS_EVERY_MS, now });
  let started = false;
  return (p, final) => {
    if (!throttle.pass(p, final)) return;
    const stage = final ? 'end' : started ? 'running' : 'start';
    started = true;
    write(`${formatProgress(meter.read(p), stage)}\n`);
  };
}

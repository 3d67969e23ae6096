/** Progress lines on stderr (stdout carries the table), prefixed with the time since start. */
const t0 = Date.now();

export function log(message: string): void {
  const s = Math.round((Date.now() - t0) / 1000);
  process.stderr.write(`[bench ${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${message}\n`);
}

/** Logs `status()` every few seconds while `work` runs (long rounds stay visibly alive). */
export async function withTicker<T>(status: () => string, work: Promise<T>, everyMs = 5000): Promise<T> {
  const timer = setInterval(() => log(`  … ${status()}`), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

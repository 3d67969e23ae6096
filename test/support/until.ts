/** Polls `read` until `ok` holds (every 100 ms), or fails after `timeoutMs` naming what was awaited and the last value read. */
export async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not reached; last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

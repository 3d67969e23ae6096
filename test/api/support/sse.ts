/** A GraphQL-over-SSE client for tests: POST with Accept: text/event-stream, read `next` events until `complete`. */
import type { ApiClient, GqlResult } from './harness.ts';

export interface SseStream {
  status: number;
  /** The next `next` payload, or null once the server sent `complete` or closed the stream. */
  next(timeoutMs?: number): Promise<GqlResult['body'] | null>;
  cancel(): Promise<void>;
}

export async function subscribe(api: ApiClient, headers: Record<string, string>, query: string, variables: Record<string, unknown>): Promise<SseStream> {
  const response = await api.yoga.fetch('http://api.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'accept-language': 'en', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let done = false;
  const events: (GqlResult['body'] | null)[] = [];

  async function fill(): Promise<void> {
    while (!done && events.length === 0) {
      const chunk = await reader.read();
      if (chunk.done) {
        done = true;
        events.push(null);
        return;
      }
      buffer += chunk.value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (event === 'next') events.push(JSON.parse(data));
        if (event === 'complete') {
          done = true;
          events.push(null);
        }
      }
    }
  }

  return {
    status: response.status,
    async next(timeoutMs = 20_000) {
      if (events.length === 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([fill(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no SSE event in time')), timeoutMs)))]).finally(() => clearTimeout(timer));
      }
      return events.shift() ?? null;
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}

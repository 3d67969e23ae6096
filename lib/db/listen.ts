/**
 * PostgreSQL LISTEN/NOTIFY for live updates (the API's `caseUpdated` subscription): activities
 * run `pg_notify('qyzmet_case', caseId)` after each committed step, and listeners here wake up.
 *
 * A PostgreSQL server needs one dedicated connection per process (a pooled connection would
 * drop its LISTEN when returned); it reconnects after a failure and then reports `null` to every
 * listener, meaning "notifications may have been missed, re-read what you watch".
 * PGlite delivers notifications of its own instance through `pglite.listen`.
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** `payload` is null after a reconnect: something may have been missed. */
export type NotificationHandler = (payload: string | null) => void;
export type Unlisten = () => Promise<void>;

export interface NotificationSource {
  listen(channel: string, handler: NotificationHandler): Promise<Unlisten>;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

function checkChannel(channel: string): void {
  // LISTEN takes an identifier, not a parameter; only plain names are accepted.
  if (!CHANNEL.test(channel)) throw new Error(`invalid notification channel "${channel}"`);
}

export function pgliteNotifications(pglite: PGlite): NotificationSource {
  return {
    async listen(channel, handler) {
      checkChannel(channel);
      const unsubscribe = await pglite.listen(channel, (payload) => handler(payload));
      return async () => {
        if (!pglite.closed) await unsubscribe();
      };
    },
    async close() {},
  };
}

export interface PgNotificationOptions {
  reconnectDelayMs?: number;
  /** Names the connection in pg_stat_activity. */
  applicationName?: string;
  onError?: (e: Error) => void;
}

export function pgNotifications(connectionString: string, options: PgNotificationOptions = {}): NotificationSource {
  const handlers = new Map<string, Set<NotificationHandler>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const dispatch = (channel: string, payload: string | null) => {
    for (const h of handlers.get(channel) ?? []) h(payload);
  };

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString, application_name: options.applicationName ?? 'qyzmet-listen' });
      c.on('notification', (n) => dispatch(n.channel, n.payload ?? ''));
      c.on('error', (e) => lost(c, e));
      c.on('end', () => lost(c, new Error('connection ended')));
      await c.connect();
      for (const channel of handlers.keys()) await c.query(`LISTEN ${channel}`);
      client = c;
      return c;
    })().catch((e: Error) => {
      connecting = null;
      throw e;
    });
    return connecting;
  };

  const lost = (c: pg.Client, e: Error) => {
    if (closed || client !== c) return;
    client = null;
    connecting = null;
    options.onError?.(e);
    const again = () => {
      if (closed || handlers.size === 0) return;
      connect().then(
        () => {
          for (const channel of handlers.keys()) dispatch(channel, null);
        },
        () => (retry = setTimeout(again, options.reconnectDelayMs ?? 1000)),
      );
    };
    retry = setTimeout(again, options.reconnectDelayMs ?? 1000);
  };

  return {
    async listen(channel, handler) {
      checkChannel(channel);
      let set = handlers.get(channel);
      const first = !set;
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      const c = await connect();
      if (first && client === c) await c.query(`LISTEN ${channel}`);
      return async () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(channel) === set) {
          handlers.delete(channel);
          await client?.query(`UNLISTEN ${channel}`).catch(() => {});
        }
      };
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      handlers.clear();
      const c = client ?? (connecting ? await connecting.catch(() => null) : null);
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

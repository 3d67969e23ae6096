/**
 * The urql client: every request carries the officer's token and language; queries and
 * mutations are POSTed as JSON (the API refuses simple GETs without its CSRF header), and
 * subscriptions arrive over server-sent events on the same endpoint. An UNAUTHENTICATED answer
 * ends the session, whatever asked.
 */
import { cacheExchange, Client, fetchExchange, mapExchange } from '@urql/core';
import type { Lang } from '../i18n/messages.ts';
import { errorCode } from './errors.ts';

export interface ClientOptions {
  url: string;
  token: string;
  lang: Lang;
  onUnauthenticated(reason: string): void;
}

export function createApiClient(options: ClientOptions): Client {
  return new Client({
    url: options.url,
    preferGetMethod: false,
    fetchSubscriptions: true,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: { authorization: `Bearer ${options.token}`, 'accept-language': options.lang } }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (errorCode(error) !== 'UNAUTHENTICATED') return;
          const reason = error.graphQLErrors.find((e) => e.extensions?.code === 'UNAUTHENTICATED')?.extensions?.reason;
          options.onUnauthenticated(typeof reason === 'string' ? reason : 'UNAUTHENTICATED');
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}

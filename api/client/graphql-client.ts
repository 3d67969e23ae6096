/**
 * A small GraphQL-over-HTTP client, the kind a front-end or the officer console holds: one POST
 * per operation, JSON in and out, typed errors read from the result. The demo and the bench send
 * through it over the network; the API tests send through it straight into `yoga.fetch`. Its
 * operation documents are operations.ts.
 */

/** Delivers one request body with headers and returns the HTTP response (fetch, or yoga.fetch). */
export type Send = (body: string, headers: Record<string, string>) => Promise<Response>;

/** Over the network, with a deadline so a stuck server fails the caller instead of hanging it. */
export function overHttp(url: string, options: { timeoutMs?: number } = {}): Send {
  return (body, headers) => fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
}

export interface GraphQLErrorJson {
  message: string;
  path?: string[];
  extensions?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- extensions are free-form
}

export interface GraphQLResult<T = Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any -- data shapes are the caller's
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: GraphQLErrorJson[] };
}

/** A request that came back with errors (or no data): `CODE: message` for each. */
export class GraphQLFailure extends Error {
  override name = 'GraphQLFailure';
}

export interface GraphQLClient {
  /** The whole result: status, headers, data and errors, for callers that look at all of it. */
  execute<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The data, or a GraphQLFailure naming the errors' codes. */
  data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function graphqlClient(send: Send, defaultHeaders: Record<string, string> = {}): GraphQLClient {
  const execute: GraphQLClient['execute'] = async (query, variables = {}, headers = {}) => {
    // No Accept header unless the caller sends one: it decides which HTTP statuses yoga answers with.
    const response = await send(JSON.stringify({ query, variables }), { 'content-type': 'application/json', ...defaultHeaders, ...headers });
    const text = await response.text();
    try {
      return { status: response.status, headers: response.headers, body: JSON.parse(text) };
    } catch {
      throw new GraphQLFailure(`not JSON (${response.status}): ${text.slice(0, 500)}`);
    }
  };
  return {
    execute,
    async data<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T> {
      const { status, body } = await execute<T>(query, variables, headers);
      if (body.errors?.length || !body.data) {
        const errors = body.errors?.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
        throw new GraphQLFailure(`GraphQL ${status}: ${errors ?? JSON.stringify(body).slice(0, 300)}`);
      }
      return body.data;
    },
  };
}

/** A union result that is not the payload (`expected`, or anything without a `code`) is a typed failure: thrown with its code. */
export function payload<T extends { __typename: string }>(result: T, expected?: string): T {
  const failed = expected ? result.__typename !== expected : Boolean((result as { code?: string }).code);
  if (failed) {
    const { code, message } = result as { code?: string; message?: string };
    throw new GraphQLFailure(code ? `${code}: ${message}` : `${result.__typename}: ${JSON.stringify(result)}`);
  }
  return result;
}

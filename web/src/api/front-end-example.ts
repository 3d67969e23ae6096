/**
 * The typed client a front-end system (an API-key caller) writes, as the README's "For front-end
 * teams" shows it: gql.tada checks each document against the committed schema.graphql and types
 * its variables and result, as the console's documents are; each request names its document by
 * hash (the `persistedQuery` extension), because an API key may run trusted documents only —
 * these two are in api/client/operations.ts. test/api/trusted-documents.test.ts runs it against
 * the API. The console itself signs in as staff and needs none of this.
 */
import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';
import { graphql } from './graphql.ts';

export const StartCase = graphql(`
  mutation StartCaseLean($input: StartCaseInput!) {
    startCase(input: $input) { __typename ... on StartCasePayload { created case { caseId status } } ... on Error { code message } }
  }
`);

export const CaseSummary = graphql(`
  query CaseSummary($id: ID!) { case(id: $id) { id caseId status serviceCode serviceVersion outcome amount createdAt decidedAt } }
`);

/** sha256 of the printed document, hex: how the API knows a trusted document. */
export async function documentId(document: TadaDocumentNode<unknown, never>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(print(document)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Delivers a request body to POST /graphql (`fetch` in a browser or on a server). */
export type Post = (body: string, headers: Record<string, string>) => Promise<Response>;

export class GraphQLRequestFailed extends Error {
  constructor(readonly codes: string[], message: string) {
    super(message);
  }
}

export function frontEndClient(post: Post, apiKey: string) {
  return async function request<Result, Variables>(document: TadaDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
    const sha256Hash = await documentId(document as TadaDocumentNode<unknown, never>);
    const body = JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } }, variables });
    const response = await post(body, { 'content-type': 'application/json', 'x-api-key': apiKey });
    const result = (await response.json()) as { data?: Result | null; errors?: { message: string; extensions?: { code?: string } }[] };
    if (result.errors?.length || !result.data) {
      const errors = result.errors ?? [];
      throw new GraphQLRequestFailed(errors.map((e) => e.extensions?.code ?? 'ERROR'), errors.map((e) => e.message).join('; ') || `HTTP ${response.status}`);
    }
    return result.data;
  };
}

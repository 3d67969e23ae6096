/** A minimal GraphQL-over-HTTP client for the bench (fetch keeps connections alive). */

export class GraphqlError extends Error {}

export async function graphql<T>(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  if (!res.ok || !body || body.errors?.length || !body.data) {
    const first = body?.errors?.[0];
    throw new GraphqlError(`GraphQL ${res.status}: ${first ? `${first.extensions?.code ?? ''} ${first.message}` : JSON.stringify(body).slice(0, 300)}`);
  }
  return body.data;
}

export const START_CASE = /* GraphQL */ `
  mutation StartCase($input: StartCaseInput!) {
    startCase(input: $input) {
      __typename
      ... on StartCasePayload { created case { caseId status } }
      ... on Error { code message }
    }
  }
`;

/** What a front-end polls to follow a case: read-model fields only (no workflow query). */
export const CASE_QUERY = /* GraphQL */ `
  query Case($id: ID!) {
    case(id: $id) { id caseId status serviceCode serviceVersion outcome amount createdAt decidedAt }
  }
`;

export const RESOLVE_TASK = /* GraphQL */ `
  mutation ResolveTask($input: ResolveTaskInput!) {
    resolveTask(input: $input) {
      __typename
      ... on ResolveTaskPayload { action case { status } }
      ... on Error { code message }
    }
  }
`;

/** A union result that is not the payload is a typed failure: fail the request with its code. */
export function payload<T extends { __typename: string }>(result: T, expected: string): T {
  if (result.__typename !== expected) throw new GraphqlError(`${result.__typename}: ${JSON.stringify(result)}`);
  return result;
}

/**
 * A small GraphQL client for the demo: the running platform's API, with the development
 * credentials `npm start` prints (the API key kept under .data/, staff tokens minted with the
 * development secret).
 */
import fs from 'node:fs';
import path from 'node:path';
import { mintStaffToken, type StaffRole } from '../../lib/auth/tokens.ts';
import type { Config } from '../../lib/config.ts';

export interface Caller {
  label: string;
  headers: Record<string, string>;
}

export class GraphQLFailure extends Error {}

export function apiKeyCaller(config: Config): Caller {
  const key = process.env.DEMO_API_KEY ?? fs.readFileSync(path.join(config.DATA_DIR, 'dev-api-key'), 'utf8').trim();
  return { label: 'front-end', headers: { 'x-api-key': key } };
}

export async function staffCaller(config: Config, sub: string, role: StaffRole, department: string | null): Promise<Caller> {
  const token = await mintStaffToken(config, { sub, roles: [role], department });
  return { label: sub, headers: { authorization: `Bearer ${token}` } };
}

export function graphql(url: string) {
  return async function request<T = Record<string, any>>(caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en', ...caller.headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) throw new GraphQLFailure(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    return body.data as T;
  };
}

export type Request = ReturnType<typeof graphql>;

/** A mutation's union result: the payload, or a typed error thrown as GraphQLFailure. */
export function payload<T>(result: { __typename: string; code?: string; message?: string } & T): T {
  if ('code' in result && result.code) throw new GraphQLFailure(`${result.code}: ${result.message}`);
  return result;
}

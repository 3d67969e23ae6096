/**
 * Who the demo calls as, against the running platform's API: the front-end with the development
 * API key `npm start` keeps under .data/, and staff with tokens minted from the development
 * secret. Requests go through the API's own client (api/client/graphql-client.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { graphqlClient, overHttp } from '../../api/client/graphql-client.ts';
import { mintStaffToken, type StaffRole } from '../../lib/auth/tokens.ts';
import type { Config } from '../../lib/config.ts';

export { GraphQLFailure, payload } from '../../api/client/graphql-client.ts';

export interface Caller {
  label: string;
  headers: Record<string, string>;
}

export function apiKeyCaller(config: Config): Caller {
  const key = process.env.DEMO_API_KEY ?? fs.readFileSync(path.join(config.DATA_DIR, 'dev-api-key'), 'utf8').trim();
  return { label: 'front-end', headers: { 'x-api-key': key } };
}

export async function staffCaller(config: Config, sub: string, role: StaffRole, department: string | null): Promise<Caller> {
  const token = await mintStaffToken(config, { sub, roles: [role], department });
  return { label: sub, headers: { authorization: `Bearer ${token}` } };
}

/** Sends one operation as `caller` and returns its data (a GraphQLFailure on errors). */
export function graphql(url: string) {
  const client = graphqlClient(overHttp(url), { 'accept-language': 'en' });
  return <T = Record<string, any>>(caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<T> => client.data<T>(query, variables, caller.headers);
}

export type Request = ReturnType<typeof graphql>;

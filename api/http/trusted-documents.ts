/**
 * Trusted documents: a front-end system (an API-key caller) may run only the operations the
 * project ships for front-ends, so a leaked or misused key cannot explore the schema or send a
 * query nobody reviewed. Staff (officer, supervisor and engineer tokens) may still send any
 * query: their fields are authorised one by one and engineers need ad-hoc queries.
 *
 * The catalogue is the operation documents of api/client/operations.ts, hashed (sha256 of the
 * text, hex) when the API starts; nothing generated is committed. Each document is known by the
 * hash of its exact text and by the hashes of its two canonical forms — graphql-js `print` (what
 * a typed client prints and hashes) and `stripIgnoredCharacters` (the GraphQL-over-HTTP
 * persisted-operations draft) — so a client whose tooling reformats a document still matches
 * it. Every form is the same AST: whitespace and commas never change what runs. A request names
 * a trusted document in one of the usual ways:
 *  - `documentId`: `sha256:<hex>` or `<hex>` (the GraphQL-over-HTTP persisted-documents draft);
 *  - `extensions.persistedQuery.sha256Hash` (Apollo's persisted queries, `version: 1`);
 *  - or the full `query`, accepted from an API key only when it, or its printed form, is a
 *    trusted document (a hash sent with its text is judged by the text: an automatic
 *    persisted-query client's retry).
 * Anything else from an API key is refused before parsing or execution — 400 with
 * PERSISTED_QUERY_NOT_FOUND (a hash alone that names nothing) or DOCUMENT_NOT_TRUSTED (a text not
 * in the catalogue) — and written to the security audit stream as an ACCESS_DENIED row, as every
 * other refusal is. A hash alone names nothing outside the catalogue, for staff too.
 */
import { createHash } from 'node:crypto';
import { Kind, parse, print, stripIgnoredCharacters, type DocumentNode } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import * as operations from '../client/operations.ts';
import { actorOf, type Caller } from '../auth/caller.ts';
import type { SecurityEntry } from '../auth/security-log.ts';
import { apiError, type ErrorCode } from '../errors.ts';
import { negotiateLanguage, type Lang } from '../i18n.ts';

/** The hash a trusted document is known by: sha256 of its exact UTF-8 text, lowercase hex. */
export const documentHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Hash → document text. */
export type TrustedDocuments = ReadonlyMap<string, string>;

/** The document, if a string is a GraphQL document of operations (not a fragment or some other constant). */
function operationDocument(text: string): DocumentNode | undefined {
  try {
    const doc = parse(text, { noLocation: true });
    const ok = doc.definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) && doc.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION);
    return ok ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** The hashes a document is known by: its text's, and its printed and its stripped forms'. */
export function documentHashes(text: string, doc: DocumentNode): string[] {
  return [...new Set([documentHash(text), documentHash(print(doc)), documentHash(stripIgnoredCharacters(text))])];
}

/** The catalogue: every operation document a module exports (api/client/operations.ts by default). */
export function trustedDocuments(modules: readonly Record<string, unknown>[] = [operations]): TrustedDocuments {
  const catalogue = new Map<string, string>();
  for (const module of modules) {
    for (const value of Object.values(module)) {
      const doc = typeof value === 'string' ? operationDocument(value) : undefined;
      if (doc) for (const hash of documentHashes(value as string, doc)) catalogue.set(hash, value as string);
    }
  }
  return catalogue;
}

/** Whether a query's text, or its printed form, is a trusted document (the text is parsed only when its own hash is unknown). */
function isTrustedText(catalogue: TrustedDocuments, query: string): boolean {
  if (catalogue.has(documentHash(query))) return true;
  const doc = operationDocument(query);
  return doc !== undefined && catalogue.has(documentHash(print(doc)));
}

/** The hash a request names (documentId or the persisted-query extension), `undefined` when none, `null` when malformed. */
export function persistedHashOf(params: GraphQLParams & { documentId?: unknown }): string | null | undefined {
  const extension = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  const named = params.documentId ?? (extension && typeof extension === 'object' ? extension.sha256Hash : undefined);
  if (named === undefined || named === null) return undefined;
  if (typeof named !== 'string') return null;
  const hex = named.replace(/^sha256:/, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** The document a request names by hash, if it is in the catalogue (the gate's upload-size check uses it). */
export function namedDocument(catalogue: TrustedDocuments, params: GraphQLParams & { documentId?: unknown }): string | undefined {
  const hash = persistedHashOf(params);
  return hash ? catalogue.get(hash) : undefined;
}

export interface TrustedDocumentsOptions {
  catalogue: TrustedDocuments;
  callerOf(request: Request): Caller | undefined;
  defaultLang: Lang;
  /** Writes the refusal to the security audit stream (awaited before the answer leaves). */
  record(entry: SecurityEntry): Promise<void>;
}

/** The codes of a document refused to an API key (the refusal metric counts them, api/http/metrics.ts). */
export const DOCUMENT_REFUSAL_CODES = ['PERSISTED_QUERY_NOT_FOUND', 'DOCUMENT_NOT_TRUSTED'] as const satisfies readonly ErrorCode[];

type Refusal = { code: (typeof DOCUMENT_REFUSAL_CODES)[number] | 'BAD_REQUEST'; reason: string; hash?: string };

/**
 * What a request may run: the document to execute, or why not. `mustBeTrusted` is the caller's
 * side of the rule (an API key); for everyone a hash must name a trusted document, and a hash
 * sent with a query must be the query's.
 */
export function resolveDocument(catalogue: TrustedDocuments, params: GraphQLParams & { documentId?: unknown }, mustBeTrusted: boolean): { query: string } | Refusal {
  const hash = persistedHashOf(params);
  const query = typeof params.query === 'string' && params.query !== '' ? params.query : undefined;
  if (hash === null) return { code: 'BAD_REQUEST', reason: 'documentId or persistedQuery.sha256Hash must be a sha256 hash in hex (64 characters)' };
  if (hash !== undefined) {
    if (query !== undefined && documentHash(query) !== hash) return { code: 'BAD_REQUEST', reason: 'the query does not match the hash sent with it', hash };
    const trusted = catalogue.get(hash);
    if (trusted !== undefined) return { query: trusted };
    if (query === undefined) return { code: 'PERSISTED_QUERY_NOT_FOUND', reason: 'no trusted document has this hash', hash };
    // An automatic-persisted-query client's retry (its hash, and now its text): judged by the text.
  }
  if (query === undefined) return { code: 'BAD_REQUEST', reason: 'send a query, a documentId or extensions.persistedQuery.sha256Hash' };
  if (!mustBeTrusted) return { query };
  return isTrustedText(catalogue, query) ? { query } : { code: 'DOCUMENT_NOT_TRUSTED', reason: 'the document is not in the trusted catalogue', hash: documentHash(query) };
}

export function requireTrustedDocuments(options: TrustedDocumentsOptions): Plugin {
  return {
    async onParams({ request, params, setParams }) {
      const caller = options.callerOf(request);
      const resolved = resolveDocument(options.catalogue, params, caller?.kind === 'frontend');
      if ('query' in resolved) {
        // From here on the request is an ordinary one: its document, no hash (yoga's own checks follow).
        const { documentId: _named, ...rest } = params as GraphQLParams & { documentId?: unknown };
        setParams({ ...rest, query: resolved.query });
        return;
      }
      const lang = negotiateLanguage(request.headers.get('accept-language'), options.defaultLang);
      if (caller?.kind === 'frontend' && resolved.code !== 'BAD_REQUEST') {
        await options.record({
          actor: actorOf(caller),
          action: 'ACCESS_DENIED',
          // The hash and the operation's name, never the document or its variables.
          details: { code: resolved.code, operation: 'document', reason: resolved.reason, target: { documentHash: resolved.hash ?? null, operationName: typeof params.operationName === 'string' ? params.operationName.slice(0, 100) : null } },
        });
      }
      // Thrown before parsing: nothing is parsed or executed; the answer is a 400 with the code.
      throw apiError(lang, resolved.code, { status: 400, detail: resolved.reason });
    },
  };
}

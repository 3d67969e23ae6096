/**
 * The API's Prometheus metrics: HTTP requests and GraphQL operations (count and duration), auth
 * refusals and the officers' inbox (open and overdue tasks), served at GET /metrics to the
 * scraper's network only (API_METRICS_ALLOW, the socket's peer address — X-Forwarded-For is not
 * believed here); anyone else gets 404.
 *
 * Labels are bounded: the operation is named by its type and first root field (from the schema,
 * so a closed set) rather than by the client's operationName, which a caller writes freely and
 * could fill with anything, personal data included.
 */
import type http from 'node:http';
import { getOperationAST, Kind, type DocumentNode, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { trustedProxyMatcher } from '../../lib/config.ts';
import type { PrismaClient } from '../../lib/db/client.ts';
import { registerInboxGauges } from './inbox-metrics.ts';
import { registerOutboxGauges } from './outbox-metrics.ts';
import { DOCUMENT_REFUSAL_CODES } from './trusted-documents.ts';

export const API_METRICS = {
  httpRequests: 'qyzmet_api_http_requests_total',
  httpDuration: 'qyzmet_api_http_request_duration_seconds',
  operations: 'qyzmet_api_graphql_operations_total',
  operationDuration: 'qyzmet_api_graphql_operation_duration_seconds',
  authRefusals: 'qyzmet_api_auth_refusals_total',
} as const;

const REFUSALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
/** Refused before execution (api/http/trusted-documents.ts): counted from the result, never from an execution. */
const DOCUMENT_REFUSALS = new Set<string>(DOCUMENT_REFUSAL_CODES);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ApiMetrics {
  registry: Registry;
  /** The yoga plugin that records requests, operations and refusals. */
  plugin: Plugin;
  /** Answers GET /metrics (or 404 to a caller outside API_METRICS_ALLOW); false for any other path. */
  serve(req: http.IncomingMessage, res: http.ServerResponse): boolean;
}

/** `query:case`, `mutation:startCase`: the operation's type and its first root field. */
export function operationLabel(document: DocumentNode, operationName?: string | null): { type: string; operation: string } {
  const op = getOperationAST(document, operationName ?? undefined);
  if (!op) return { type: 'unknown', operation: 'unknown' };
  const first = op.selectionSet.selections[0];
  return { type: op.operation, operation: first?.kind === Kind.FIELD ? first.name.value : 'fragment' };
}

function errorsOf(result: unknown): readonly GraphQLError[] {
  return (result as ExecutionResult | undefined)?.errors ?? [];
}

/** `prisma`: the read model, for the inbox and outbox gauges (api/http/inbox-metrics.ts, outbox-metrics.ts). */
export function createApiMetrics(options: { allow: readonly string[]; prisma?: PrismaClient }): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'qyzmet_api_' });
  if (options.prisma) {
    registerInboxGauges(registry, options.prisma);
    registerOutboxGauges(registry, options.prisma);
  }
  const httpRequests = new Counter({ name: API_METRICS.httpRequests, help: 'GraphQL HTTP requests answered, by status', labelNames: ['status'], registers: [registry] });
  const httpDuration = new Histogram({ name: API_METRICS.httpDuration, help: 'GraphQL HTTP request duration, by status', labelNames: ['status'], buckets: BUCKETS, registers: [registry] });
  const operations = new Counter({ name: API_METRICS.operations, help: 'GraphQL operations executed, by type, first root field and outcome', labelNames: ['type', 'operation', 'outcome'], registers: [registry] });
  const operationDuration = new Histogram({ name: API_METRICS.operationDuration, help: 'GraphQL operation execution time', labelNames: ['type', 'operation'], buckets: BUCKETS, registers: [registry] });
  const authRefusals = new Counter({ name: API_METRICS.authRefusals, help: 'Refused callers: bad credentials (401), denied fields and untrusted documents from API keys, by code', labelNames: ['code'], registers: [registry] });

  const started = new WeakMap<Request, number>();
  const plugin: Plugin = {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onExecute({ args }) {
      const t0 = performance.now();
      const { type, operation } = operationLabel(args.document, args.operationName);
      return {
        onExecuteDone({ result }) {
          const errors = errorsOf(result);
          operations.inc({ type, operation, outcome: errors.length ? 'error' : 'ok' });
          operationDuration.observe({ type, operation }, (performance.now() - t0) / 1000);
          for (const e of errors) {
            const code = e.extensions?.code;
            if (typeof code === 'string' && REFUSALS.has(code)) authRefusals.inc({ code });
          }
        },
      };
    },
    onResultProcess({ result }) {
      if (Array.isArray(result) || Symbol.asyncIterator in (result as object)) return;
      for (const e of errorsOf(result)) {
        const code = e.extensions?.code;
        if (typeof code === 'string' && DOCUMENT_REFUSALS.has(code)) authRefusals.inc({ code });
      }
    },
    onResponse({ request, response }) {
      const status = String(response.status);
      httpRequests.inc({ status });
      const t0 = started.get(request);
      if (t0 !== undefined) httpDuration.observe({ status }, (performance.now() - t0) / 1000);
      if (response.status === 401) authRefusals.inc({ code: 'UNAUTHENTICATED' });
    },
  };

  const allowed = trustedProxyMatcher(options.allow);
  return {
    registry,
    plugin,
    serve(req, res) {
      if (new URL(req.url ?? '/', 'http://api').pathname !== '/metrics') return false;
      if (req.method !== 'GET' || !allowed(req.socket.remoteAddress ?? '')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"NOT_FOUND"}');
        return true;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500, { 'content-type': 'application/json' }).end('{"code":"INTERNAL"}'),
      );
      return true;
    },
  };
}

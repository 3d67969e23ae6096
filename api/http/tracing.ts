/**
 * One span per GraphQL operation, named as OpenTelemetry's GraphQL conventions say
 * (`mutation StartCase`), with `graphql.operation.type` and `graphql.operation.name` only: never
 * the document or its variables, which carry IINs, names and phones. The operation runs inside
 * the span, so what it calls — the Temporal client's StartWorkflow and Update spans, and through
 * their headers the workflow and its activities — joins the same trace. A caller that sends a
 * W3C `traceparent` header gets the operation as a child of its own span. createApi adds it
 * only when the process traces (lib/tracing/setup.ts).
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type TextMapGetter } from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

export function graphqlTracing(): Plugin {
  const tracer = trace.getTracer('qyzmet-api');
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      const type = operation?.operation ?? 'query';
      const name = operation?.name?.value;
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      const parent = request ? propagation.extract(context.active(), request.headers, headerGetter) : context.active();
      const attributes = { 'graphql.operation.type': type, ...(name ? { 'graphql.operation.name': name } : {}) };
      setExecuteFn((execArgs) =>
        tracer.startActiveSpan(name ? `${type} ${name}` : type, { kind: SpanKind.SERVER, attributes }, parent, async (span) => {
          try {
            const result = await executeFn(execArgs);
            const errors = 'errors' in result ? (result.errors as readonly { extensions?: Record<string, unknown> }[] | undefined) : undefined;
            if (errors?.length) {
              span.setAttribute('qyzmet.graphql.error_codes', [...new Set(errors.map((e): string => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))]);
              span.setStatus({ code: SpanStatusCode.ERROR });
            }
            return result;
          } catch (e) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).name });
            throw e;
          } finally {
            span.end();
          }
        }),
      );
    },
  };
}

/**
 * A span per registry query, whichever adapter answers it (the simulation or the HTTP connector):
 * `registry <query>` (e.g. `registry civil.personByIin`), a CLIENT span under the activity that
 * asked, with the registry's name, the query's name and, on failure, the kind of failure
 * (`RegistryError.kind`). The parameters and the answer — IINs, names, phones, incomes — never
 * become attributes, nor does an error message. Without a registered tracer provider the spans
 * are the OpenTelemetry API's no-ops.
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { RegistryError, registryOf, type RegistryClient } from './types.ts';

export function tracedRegistries(inner: RegistryClient): RegistryClient {
  const tracer = trace.getTracer('qyzmet-registries');
  return {
    query(query, params, options) {
      const attributes = { 'qyzmet.registry': registryOf(query), 'qyzmet.registry.query': query };
      return tracer.startActiveSpan(`registry ${query}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
        try {
          return await inner.query(query, params, options);
        } catch (e) {
          const kind = e instanceof RegistryError ? e.kind : 'OTHER';
          span.setAttribute('qyzmet.registry.error', kind);
          span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
          throw e;
        } finally {
          span.end();
        }
      });
    },
  };
}

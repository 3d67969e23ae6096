/**
 * OpenTelemetry tracing of a process, off unless the standard OTEL_* variables switch it on:
 * OTEL_TRACES_EXPORTER=otlp sends spans over OTLP/HTTP (protobuf) to OTEL_EXPORTER_OTLP_ENDPOINT
 * (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; headers, timeout and compression from their OTEL_*
 * variables, read by the exporter itself), named OTEL_SERVICE_NAME, sampled by OTEL_TRACES_SAMPLER,
 * batched by OTEL_BSP_*. Unset, `none`, or OTEL_SDK_DISABLED=true: no provider is registered, the
 * OpenTelemetry API stays its no-op self and the Temporal interceptors are not installed.
 *
 * One provider per process (startTracing is idempotent): openPlatform starts it, the Temporal
 * client, the worker and the API's GraphQL plugin ask it (lib/tracing/temporal.ts).
 */
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource, envDetectorSync } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface Tracing {
  /** A provider is registered: spans are recorded and exported. */
  readonly enabled: boolean;
  /** Where finished spans go (the workflow sandbox's spans join it through a sink); null when off. */
  readonly spanProcessor: SpanProcessor | null;
  readonly resource: Resource;
  /** Exports what is still buffered (a process calls it when it closes). */
  flush(): Promise<void>;
}

/** A value of OTEL_TRACES_EXPORTER this process cannot honour: it stops at start, not silently untraced. */
export class TracingConfigError extends Error {
  override name = 'TracingConfigError';
}

const OFF: Tracing = { enabled: false, spanProcessor: null, resource: new Resource({}), flush: async () => {} };
let current: Tracing | undefined;

/** Whether the environment asks for traces (and with which exporter). */
export function tracesExporterOf(env: Record<string, string | undefined>): 'otlp' | 'none' {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return 'none';
  const names = (env.OTEL_TRACES_EXPORTER ?? 'none').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => n !== 'otlp' && n !== 'none');
  if (unknown.length) throw new TracingConfigError(`OTEL_TRACES_EXPORTER=${env.OTEL_TRACES_EXPORTER}: only "otlp" or "none" (the default) are supported`);
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (names.includes('otlp') && protocol && protocol !== 'http/protobuf') throw new TracingConfigError(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: only http/protobuf is supported`);
  return names.includes('otlp') ? 'otlp' : 'none';
}

/**
 * Starts the process's tracing once: from the environment, or with `spanProcessor` (tests: an
 * in-memory exporter). Later calls return the first one's handle.
 */
export function startTracing(options: { env?: Record<string, string | undefined>; serviceName?: string; spanProcessor?: SpanProcessor } = {}): Tracing {
  if (current) return current;
  const env = options.env ?? process.env;
  if (!options.spanProcessor && tracesExporterOf(env) === 'none') return (current = OFF);
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the process's own name.
  const resource = Resource.default()
    .merge(new Resource({ 'service.name': options.serviceName ?? 'qyzmet' }))
    .merge(envDetectorSync.detect());
  const spanProcessor = options.spanProcessor ?? new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new BasicTracerProvider({ resource });
  provider.addSpanProcessor(spanProcessor);
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable(), propagator: new W3CTraceContextPropagator() });
  current = { enabled: true, spanProcessor, resource, flush: () => provider.forceFlush() };
  return current;
}

/** The process's tracing (off until startTracing switched it on). */
export function currentTracing(): Tracing {
  return current ?? OFF;
}

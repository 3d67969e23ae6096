/**
 * Temporal's OpenTelemetry interceptors (@temporalio/interceptors-opentelemetry, the same
 * version as the SDK), wired from the process's tracing (lib/tracing/setup.ts):
 *
 * - the client's: a `StartWorkflow:<type>` span (and signal, query, Update spans) whose context
 *   travels to the workflow in the `_tracer-data` header — only when tracing is on, so an
 *   untraced deployment sends no header at all;
 * - the activities': a `RunActivity:<type>` span, child of the workflow's `StartActivity` span;
 * - the workflows': in the sandbox (workflows/tracing-interceptors.ts, bundled with the workflow
 *   code: WORKFLOW_INTERCEPTOR_MODULES in lib/temporal/workflow-code.ts), their spans reach this
 *   process through the `exporter` sink, which is always
 *   registered — a workflow started by a traced API is traced whichever worker runs it; when
 *   this process does not trace, the sink drops them.
 */
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import { currentTracing, type Tracing } from './setup.ts';

/** The client's workflow interceptors: none when tracing is off. */
export function clientTracingInterceptors(tracing: Tracing = currentTracing()): WorkflowClientInterceptor[] {
  return tracing.enabled ? [new OpenTelemetryWorkflowClientInterceptor()] : [];
}

/** The worker's activity interceptors: none when tracing is off. */
export function activityTracingInterceptors(tracing: Tracing = currentTracing()): ActivityInterceptorsFactory[] {
  if (!tracing.enabled) return [];
  return [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })];
}

/** A sink that drops the sandbox's spans: an untraced worker's, and every replay's (a replay is not a run). */
export const DROPPED_WORKFLOW_SPANS: InjectedSinks<OpenTelemetrySinks> = { exporter: { export: { fn: () => undefined } } };

/** The sink the sandbox's spans leave through: to the process's span processor, or nowhere. */
export function workflowSpanSinks(tracing: Tracing = currentTracing()): InjectedSinks<OpenTelemetrySinks> {
  if (tracing.spanProcessor) return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
  return DROPPED_WORKFLOW_SPANS;
}

/**
 * The workflow sandbox's tracing (Temporal's OpenTelemetry workflow interceptors), bundled with
 * every workflow (lib/temporal/workflow-code.ts) — and active only in a workflow whose start
 * carried a trace context (the `_tracer-data` header a traced client sends). An untraced
 * workflow runs through them untouched: no span, no sink call, no SDK flag, and replaying a
 * history recorded before tracing existed is unchanged. A traced one gets a
 * `RunWorkflow:<type>` span under the client's `StartWorkflow` span and a `StartActivity:<type>`
 * span per activity, whose context the activity's span continues. Interceptors add headers only:
 * the commands are the same either way. The on/off choice lives in per-workflow state (the
 * factory below runs once per workflow), never in module state.
 */
import type * as OtelWorkflow from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import type { Headers } from '@temporalio/common';
import type { WorkflowInboundCallsInterceptor, WorkflowInterceptors, WorkflowInternalsInterceptor, WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';

/**
 * Temporal's OpenTelemetry workflow interceptors and the OpenTelemetry SDK under them (about 80
 * modules), loaded by a traced workflow when it first needs them. They keep their tracer in module
 * state, so each workflow loads its own copy; an untraced workflow — nearly every one — loads none
 * and holds none in the worker's cache. Loaded inside the workflow, the modules land in that
 * workflow's module cache, as they did when every workflow imported them (the workflow modules
 * themselves are shared: lib/temporal/workflow-code.ts).
 */
const otel = (): typeof OtelWorkflow => require('@temporalio/interceptors-opentelemetry/lib/workflow/index.js') as typeof OtelWorkflow;

/** The header Temporal's OpenTelemetry interceptors carry a trace context in. */
const TRACE_HEADER = '_tracer-data';

function carriesTrace(headers: Headers): boolean {
  const payload = headers[TRACE_HEADER];
  // A JSON text map; an untraced caller's would be "{}".
  return payload?.data != null && payload.data.length > 2;
}

export const interceptors = (): WorkflowInterceptors => {
  const state = { traced: false };
  let inbound: OtelWorkflow.OpenTelemetryInboundInterceptor | undefined;
  let outbound: OtelWorkflow.OpenTelemetryOutboundInterceptor | undefined;
  const otelIn = () => (inbound ??= new (otel().OpenTelemetryInboundInterceptor)());
  const otelOut = () => (outbound ??= new (otel().OpenTelemetryOutboundInterceptor)());

  const inboundCalls: WorkflowInboundCallsInterceptor = {
    execute(input, next) {
      if (!carriesTrace(input.headers)) return next(input);
      state.traced = true;
      return otelIn().execute(input, next);
    },
    handleSignal: (input, next) => (state.traced ? otelIn().handleSignal(input, next) : next(input)),
    handleUpdate: (input, next) => (state.traced ? otelIn().handleUpdate(input, next) : next(input)),
    validateUpdate: (input, next) => (state.traced ? otelIn().validateUpdate(input, next) : next(input)),
    handleQuery: (input, next) => (state.traced ? otelIn().handleQuery(input, next) : next(input)),
  };
  const outboundCalls: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (state.traced ? otelOut().scheduleActivity(input, next) : next(input)),
    scheduleLocalActivity: (input, next) => (state.traced ? otelOut().scheduleLocalActivity(input, next) : next(input)),
    startChildWorkflowExecution: (input, next) => (state.traced ? otelOut().startChildWorkflowExecution(input, next) : next(input)),
    continueAsNew: (input, next) => (state.traced ? otelOut().continueAsNew(input, next) : next(input)),
    signalWorkflow: (input, next) => (state.traced ? otelOut().signalWorkflow(input, next) : next(input)),
    getLogAttributes: (input, next) => (state.traced ? otelOut().getLogAttributes(input, next) : next(input)),
  };
  const internals: WorkflowInternalsInterceptor = {
    dispose: (input, next) => (state.traced ? new (otel().OpenTelemetryInternalsInterceptor)().dispose(input, next) : next(input)),
  };
  return { inbound: [inboundCalls], outbound: [outboundCalls], internals: [internals] };
};

import { describe, expect, it } from 'vitest';
import { tracesExporterOf, TracingConfigError } from './setup.ts';

describe('the OTEL_* switch', () => {
  it('is off unless OTEL_TRACES_EXPORTER asks for otlp', () => {
    expect(tracesExporterOf({})).toBe('none');
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'none' })).toBe('none');
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' })).toBe('none');
  });

  it('refuses an exporter or a protocol it cannot honour, rather than run untraced', () => {
    expect(() => tracesExporterOf({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(TracingConfigError);
    expect(() => tracesExporterOf({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/http\/protobuf/);
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' })).toBe('otlp');
  });
});

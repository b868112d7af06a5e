// OpenTelemetry GenAI mapping of request attempts (pure). The SDK-backed exporter is otlpExporter.ts, bundled
// apart as dist/otel.js and never imported from here, so importing this module costs nothing.
export {
  attemptTelemetry,
  providerName,
  METRIC_TOKEN_USAGE,
  METRIC_OPERATION_DURATION,
  METRIC_CACHE_READ_TOKENS,
  METRIC_REASONING_TOKENS,
  TOKEN_BUCKETS,
  DURATION_BUCKETS,
  type AttemptTelemetry,
  type MetricPoint,
  type Attributes,
  type AttributeValue,
} from './genai';
export type { OtlpTelemetry, OtlpTelemetryOptions } from './otlpExporter';
export { parseOtlpHeaders } from './headers';

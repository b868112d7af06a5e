// OpenTelemetry export of request attempts over OTLP/HTTP (JSON) with the official JS SDK. The only module that
// imports the SDK; it is bundled on its own (dist/otel.js) and loaded only when frugal.telemetry.otlp.enabled is on,
// so activation and dist/extension.js carry none of it.
//
// On the request path `observe` only queues plain data (a few hundred nanoseconds); spans and metric points are
// made from the queue on the next turn of the event loop, and the SDK's batch span processor and periodic metric
// reader send them later still.
import { DiagLogLevel, SpanKind, SpanStatusCode, diag, type Histogram, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { AttemptEvent } from '../pipeline';
import {
  DURATION_BUCKETS,
  METRIC_CACHE_READ_TOKENS,
  METRIC_OPERATION_DURATION,
  METRIC_REASONING_TOKENS,
  METRIC_TOKEN_USAGE,
  TOKEN_BUCKETS,
  attemptTelemetry,
} from './genai';

export interface OtlpTelemetryOptions {
  /** collector base URL; /v1/traces and /v1/metrics are added */
  endpoint: string;
  /** e.g. an authorization header for the collector (kept in SecretStorage by the editor side) */
  headers?: Record<string, string>;
  serviceVersion?: string;
  /** default 30 000 */
  metricIntervalMs?: number;
  /** default 5 000 */
  spanDelayMs?: number;
  /** give up on one export (retries included) after this long; default 10 000 */
  timeoutMs?: number;
  /** export failures (never thrown at the caller) */
  onError?: (message: string) => void;
}

export interface OtlpTelemetry {
  /** queues one attempt; never throws, never blocks */
  observe(a: AttemptEvent): void;
  /** sends everything queued and recorded so far */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function createOtlpTelemetry(opts: OtlpTelemetryOptions): OtlpTelemetry {
  const base = opts.endpoint.replace(/\/+$/, '');
  const headers = opts.headers ?? {};
  const resource = resourceFromAttributes({
    'service.name': 'frugal-vscode',
    ...(opts.serviceVersion ? { 'service.version': opts.serviceVersion } : {}),
  });
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${base}/v1/traces`, headers, timeoutMillis: opts.timeoutMs ?? 10_000 }),
        { scheduledDelayMillis: opts.spanDelayMs ?? 5_000 },
      ),
    ],
  });
  const reader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics`, headers, timeoutMillis: opts.timeoutMs ?? 10_000 }),
    exportIntervalMillis: opts.metricIntervalMs ?? 30_000,
  });
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  const tracer: Tracer = tracerProvider.getTracer('frugal', opts.serviceVersion);
  const meter = meterProvider.getMeter('frugal', opts.serviceVersion);
  const histograms: Record<string, Histogram> = {
    [METRIC_TOKEN_USAGE]: meter.createHistogram(METRIC_TOKEN_USAGE, {
      unit: '{token}',
      description: 'Number of input and output tokens used',
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    }),
    [METRIC_OPERATION_DURATION]: meter.createHistogram(METRIC_OPERATION_DURATION, {
      unit: 's',
      description: 'GenAI operation duration',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    [METRIC_CACHE_READ_TOKENS]: meter.createHistogram(METRIC_CACHE_READ_TOKENS, {
      unit: '{token}',
      description: "Input tokens served from the provider's prompt cache",
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    }),
    [METRIC_REASONING_TOKENS]: meter.createHistogram(METRIC_REASONING_TOKENS, {
      unit: '{token}',
      description: 'Output tokens spent on reasoning',
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    }),
  };

  let queue: AttemptEvent[] = [];
  let scheduled = false;
  const report = (e: unknown) => opts.onError?.(e instanceof Error ? e.message : String(e));
  // The SDK tells of failed exports (collector down, 4xx) only through its diagnostic logger.
  diag.setLogger(
    {
      error: (m: string) => report(`OTLP export: ${m}`),
      warn: (m: string) => report(`OTLP export: ${m}`),
      info() {},
      debug() {},
      verbose() {},
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );

  const drain = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    for (const a of batch) {
      try {
        const t = attemptTelemetry(a);
        const span = tracer.startSpan(t.span.name, {
          kind: SpanKind.CLIENT,
          startTime: t.span.startTimeMs,
          attributes: t.span.attributes,
        });
        if (t.span.error) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end(t.span.endTimeMs);
        for (const p of t.metrics) histograms[p.name].record(p.value, p.attributes);
      } catch (e) {
        report(e);
      }
    }
  };

  return {
    observe(a) {
      queue.push(a);
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    async flush() {
      drain();
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]).catch(report);
    },
    async shutdown() {
      drain();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]).catch(report);
    },
  };
}

// One request attempt as OpenTelemetry GenAI semantic conventions see it: a CLIENT span named
// "{gen_ai.operation.name} {gen_ai.request.model}", the gen_ai.client.token.usage and
// gen_ai.client.operation.duration histograms, and Frugal's own frugal.* attributes. Pure mapping, no SDK here.
//
// Names checked against opentelemetry.io/docs/specs/semconv/gen-ai (gen-ai-spans, gen-ai-metrics) and the
// semantic-conventions-genai registry (gen_ai.usage.cache_read.input_tokens, gen_ai.usage.reasoning.output_tokens,
// gen_ai.client.inference.usage.cache_read.input_tokens / .reasoning.output_tokens). Only numbers and fixed words are
// exported: never the prompt, the code, the answer, the router's reason, an error message or the workspace name.
import type { AttemptEvent } from '../pipeline';

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export const METRIC_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const METRIC_OPERATION_DURATION = 'gen_ai.client.operation.duration';
export const METRIC_CACHE_READ_TOKENS = 'gen_ai.client.inference.usage.cache_read.input_tokens';
export const METRIC_REASONING_TOKENS = 'gen_ai.client.inference.usage.reasoning.output_tokens';

/** Bucket boundaries the conventions recommend. */
export const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
export const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

export interface MetricPoint {
  name: string;
  value: number;
  attributes: Attributes;
}

export interface AttemptTelemetry {
  span: { name: string; startTimeMs: number; endTimeMs: number; attributes: Attributes; error: boolean };
  metrics: MetricPoint[];
}

/** gen_ai.provider.name: a well-known value where the host is one, else the gateway's name or "openai" (compatible). */
export function providerName(baseUrl: string, gateway?: string): string {
  if (gateway) return gateway;
  let host = '';
  try {
    host = new URL(baseUrl).host.toLowerCase();
  } catch {
    /* not a URL */
  }
  if (host.endsWith('deepseek.com')) return 'deepseek';
  if (host.endsWith('openrouter.ai')) return 'openrouter';
  if (host.endsWith(':11434')) return 'ollama';
  if (host.endsWith('openai.com')) return 'openai';
  return 'openai';
}

function server(baseUrl: string): Attributes {
  try {
    const u = new URL(baseUrl);
    const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    return { 'server.address': u.hostname, 'server.port': port };
  } catch {
    return {};
  }
}

const round = (n: number) => Math.round(n * 1e8) / 1e8;

export function attemptTelemetry(a: AttemptEvent): AttemptTelemetry {
  const r = a.record;
  const operation = a.operation;
  const common: Attributes = {
    'gen_ai.operation.name': operation,
    'gen_ai.provider.name': providerName(a.baseUrl, a.gateway),
    'gen_ai.request.model': a.modelName,
    ...server(a.baseUrl),
    'frugal.tier': r.tier,
    'frugal.task': r.task,
  };
  const failed = !!a.errorType;
  if (failed) common['error.type'] = a.errorType!;
  if (!failed && !r.cacheHit) common['gen_ai.response.model'] = a.responseModel ?? a.modelName;

  const span: Attributes = {
    ...common,
    'gen_ai.usage.input_tokens': r.inputTokens,
    'gen_ai.usage.output_tokens': r.outputTokens,
    'frugal.cost_usd': round(r.costUsd),
    'frugal.saved_usd': round(r.baselineCostUsd - r.costUsd),
    'frugal.cache_hit': r.cacheHit,
    'frugal.gateway_cache_hit': !!a.proxyCacheHit,
    'frugal.outcome': r.outcome,
    'frugal.attempt': r.attempt,
    'frugal.estimated': r.estimated,
  };
  if (r.cachedInputTokens > 0) span['gen_ai.usage.cache_read.input_tokens'] = r.cachedInputTokens;
  if (r.reasoningTokens > 0) span['gen_ai.usage.reasoning.output_tokens'] = r.reasoningTokens;

  const endTimeMs = r.ts;
  const startTimeMs = r.ts - Math.max(0, r.latencyMs);
  const metrics: MetricPoint[] = [];
  // Frugal's own cache answered without a model call: a span, but no model operation to measure.
  if (!r.cacheHit) {
    metrics.push({ name: METRIC_OPERATION_DURATION, value: Math.max(0, r.latencyMs) / 1000, attributes: common });
    // Billable tokens only: a refused or cancelled-before-output attempt has none to report.
    if (r.inputTokens > 0 || r.outputTokens > 0) {
      metrics.push({
        name: METRIC_TOKEN_USAGE,
        value: r.inputTokens,
        attributes: { ...common, 'gen_ai.token.type': 'input' },
      });
      metrics.push({
        name: METRIC_TOKEN_USAGE,
        value: r.outputTokens,
        attributes: { ...common, 'gen_ai.token.type': 'output' },
      });
    }
    if (r.cachedInputTokens > 0)
      metrics.push({ name: METRIC_CACHE_READ_TOKENS, value: r.cachedInputTokens, attributes: common });
    if (r.reasoningTokens > 0)
      metrics.push({ name: METRIC_REASONING_TOKENS, value: r.reasoningTokens, attributes: common });
  }
  return {
    span: { name: `${operation} ${a.modelName}`, startTimeMs, endTimeMs, attributes: span, error: failed },
    metrics,
  };
}

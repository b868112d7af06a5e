// OpenTelemetry export (#17), pure part: the GenAI semantic-convention mapping of attempts and the collector header
// syntax. The real SDK exporter against a 127.0.0.1 collector is in test/system/otlpExport.test.ts.
import { strict as assert } from 'node:assert';
import {
  attemptTelemetry,
  providerName,
  METRIC_OPERATION_DURATION,
  METRIC_TOKEN_USAGE,
} from '../../src/core/telemetry';
import type { AttemptEvent } from '../../src/core/pipeline';
import type { LedgerRecord } from '../../src/core/types';

const RECORD: LedgerRecord = {
  v: 1,
  id: 'r1',
  requestId: 'q1',
  attempt: 1,
  ts: 1_764_600_000_000,
  workspace: 'secret-project',
  task: 'fix',
  model: 'deepseek-coder',
  tier: 'coder',
  reason: 'coder: fix with a stated error in parseInvoiceTotals',
  inputTokens: 1200,
  outputTokens: 300,
  cachedInputTokens: 1024,
  reasoningTokens: 40,
  costUsd: 0.0004,
  baselineCostUsd: 0.015,
  savedRoutingUsd: 0.0146,
  savedCacheUsd: 0,
  savedCompressionUsd: 0,
  estimated: false,
  latencyMs: 850,
  outcome: 'ok',
  cacheHit: false,
  tokensSavedByCompression: 0,
  error: undefined,
};
const EVENT: AttemptEvent = {
  record: RECORD,
  providerId: 'default',
  baseUrl: 'https://api.deepseek.com/v1',
  modelName: 'deepseek-v4-flash',
  operation: 'chat',
  responseModel: 'deepseek-v4-flash-2026',
};

describe('telemetry: GenAI semantic-convention mapping', () => {
  it('one CLIENT span per attempt with gen_ai.* and frugal.* attributes, never the reason, workspace or error text', () => {
    const t = attemptTelemetry(EVENT);
    assert.equal(t.span.name, 'chat deepseek-v4-flash');
    assert.equal(t.span.endTimeMs - t.span.startTimeMs, 850);
    assert.deepEqual(t.span.attributes, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'deepseek',
      'gen_ai.request.model': 'deepseek-v4-flash',
      'gen_ai.response.model': 'deepseek-v4-flash-2026',
      'server.address': 'api.deepseek.com',
      'server.port': 443,
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.cache_read.input_tokens': 1024,
      'gen_ai.usage.reasoning.output_tokens': 40,
      'frugal.tier': 'coder',
      'frugal.task': 'fix',
      'frugal.cost_usd': 0.0004,
      'frugal.saved_usd': 0.0146,
      'frugal.cache_hit': false,
      'frugal.gateway_cache_hit': false,
      'frugal.outcome': 'ok',
      'frugal.attempt': 1,
      'frugal.estimated': false,
    });
    const all = JSON.stringify(t);
    for (const word of ['parseInvoiceTotals', 'secret-project', 'stated error']) assert.ok(!all.includes(word), word);
  });

  it('metrics: token usage by gen_ai.token.type, duration in seconds, cache-read and reasoning counts', () => {
    const t = attemptTelemetry(EVENT);
    const usage = t.metrics
      .filter((m) => m.name === METRIC_TOKEN_USAGE)
      .map((m) => [m.attributes['gen_ai.token.type'], m.value]);
    assert.deepEqual(usage, [
      ['input', 1200],
      ['output', 300],
    ]);
    assert.equal(t.metrics.find((m) => m.name === METRIC_OPERATION_DURATION)!.value, 0.85);
    assert.deepEqual(
      t.metrics.filter((m) => m.name.startsWith('gen_ai.client.inference.')).map((m) => [m.name, m.value]),
      [
        ['gen_ai.client.inference.usage.cache_read.input_tokens', 1024],
        ['gen_ai.client.inference.usage.reasoning.output_tokens', 40],
      ],
    );
    for (const m of t.metrics)
      assert.ok(!('gen_ai.usage.input_tokens' in m.attributes), 'metric attributes stay low-cardinality');
  });

  it('a failed attempt carries error.type and no response model; a cache hit has a span but no model operation', () => {
    const failed = attemptTelemetry({
      ...EVENT,
      errorType: 'budget',
      record: {
        ...RECORD,
        outcome: 'blocked',
        inputTokens: 0,
        outputTokens: 0,
        cachedInputTokens: 0,
        reasoningTokens: 0,
      },
    });
    assert.equal(failed.span.error, true);
    assert.equal(failed.span.attributes['error.type'], 'budget');
    assert.equal(failed.span.attributes['gen_ai.response.model'], undefined);
    assert.deepEqual(
      failed.metrics.map((m) => m.name),
      [METRIC_OPERATION_DURATION],
    );
    const hit = attemptTelemetry({ ...EVENT, record: { ...RECORD, outcome: 'cached', cacheHit: true, costUsd: 0 } });
    assert.equal(hit.span.attributes['frugal.cache_hit'], true);
    assert.equal(hit.span.attributes['frugal.saved_usd'], 0.015);
    assert.deepEqual(hit.metrics, []);
  });

  it('provider names', () => {
    assert.equal(providerName('https://api.deepseek.com'), 'deepseek');
    assert.equal(providerName('https://openrouter.ai/api/v1'), 'openrouter');
    assert.equal(providerName('http://127.0.0.1:11434/v1'), 'ollama');
    assert.equal(providerName('http://127.0.0.1:4000/v1', 'litellm'), 'litellm');
    assert.equal(providerName('https://global-apis.com/v1'), 'openai');
  });
});

describe('telemetry: collector headers', () => {
  it('reads OTEL_EXPORTER_OTLP_HEADERS-style pairs and JSON, and names what is wrong without echoing values', async () => {
    const { parseOtlpHeaders } = await import('../../src/core/telemetry');
    assert.deepEqual(parseOtlpHeaders('Authorization=Bearer%20abc123, x-team = eng'), {
      headers: { authorization: 'Bearer abc123', 'x-team': 'eng' },
    });
    assert.deepEqual(parseOtlpHeaders('{"api-key": "k1"}'), { headers: { 'api-key': 'k1' } });
    assert.deepEqual(parseOtlpHeaders('  '), { headers: {} });
    const bad = parseOtlpHeaders('Bearer sk-secret-token-123');
    assert.ok('error' in bad && !bad.error.includes('sk-secret'));
    assert.ok('error' in parseOtlpHeaders('{"a b": "x"}'));
    assert.ok('error' in parseOtlpHeaders('{"k": 1}'));
  });
});

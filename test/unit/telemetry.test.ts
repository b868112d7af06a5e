// OpenTelemetry export (#17): the pure GenAI mapping of attempts, and the real SDK exporter sending OTLP/HTTP JSON to
// a collector on 127.0.0.1, its payloads decoded and checked against the OTLP JSON encoding, and scanned for any
// prompt or code text (there must be none).
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { attemptTelemetry, providerName, METRIC_OPERATION_DURATION, METRIC_TOKEN_USAGE } from '../../src/core/telemetry';
import { createOtlpTelemetry } from '../../src/core/telemetry/otlpExporter';
import { Pipeline, type AttemptEvent } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { parseConfig } from '../../src/core/config';
import { ProviderClient } from '../../src/core/provider';
import { MemoryLogger } from '../../src/core/ports';
import type { EditorRequest, LedgerRecord } from '../../src/core/types';
import { startSimulator, type Simulator } from '../fixtures/simulator';
import { KEY_INFO, startFakeProxy, type FakeProxy } from '../fixtures/litellm/fakeProxy';
import { checkMetrics, checkTraces, leakedChars, startCollector, type Collector } from '../fixtures/otlp/collector';

const RECORD: LedgerRecord = {
  v: 1, id: 'r1', requestId: 'q1', attempt: 1, ts: 1_764_600_000_000, workspace: 'secret-project', task: 'fix', model: 'deepseek-coder',
  tier: 'coder', reason: 'coder: fix with a stated error in parseInvoiceTotals', inputTokens: 1200, outputTokens: 300, cachedInputTokens: 1024,
  reasoningTokens: 40, costUsd: 0.0004, baselineCostUsd: 0.015, savedRoutingUsd: 0.0146, savedCacheUsd: 0, savedCompressionUsd: 0,
  estimated: false, latencyMs: 850, outcome: 'ok', cacheHit: false, tokensSavedByCompression: 0, error: undefined,
};
const EVENT: AttemptEvent = { record: RECORD, providerId: 'default', baseUrl: 'https://api.deepseek.com/v1', modelName: 'deepseek-v4-flash', operation: 'chat', responseModel: 'deepseek-v4-flash-2026' };

describe('telemetry: GenAI semantic-convention mapping', () => {
  it('one CLIENT span per attempt with gen_ai.* and frugal.* attributes, never the reason, workspace or error text', () => {
    const t = attemptTelemetry(EVENT);
    assert.equal(t.span.name, 'chat deepseek-v4-flash');
    assert.equal(t.span.endTimeMs - t.span.startTimeMs, 850);
    assert.deepEqual(t.span.attributes, {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'deepseek', 'gen_ai.request.model': 'deepseek-v4-flash',
      'gen_ai.response.model': 'deepseek-v4-flash-2026', 'server.address': 'api.deepseek.com', 'server.port': 443,
      'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 300, 'gen_ai.usage.cache_read.input_tokens': 1024,
      'gen_ai.usage.reasoning.output_tokens': 40, 'frugal.tier': 'coder', 'frugal.task': 'fix', 'frugal.cost_usd': 0.0004,
      'frugal.saved_usd': 0.0146, 'frugal.cache_hit': false, 'frugal.gateway_cache_hit': false, 'frugal.outcome': 'ok',
      'frugal.attempt': 1, 'frugal.estimated': false,
    });
    const all = JSON.stringify(t);
    for (const word of ['parseInvoiceTotals', 'secret-project', 'stated error']) assert.ok(!all.includes(word), word);
  });

  it('metrics: token usage by gen_ai.token.type, duration in seconds, cache-read and reasoning counts', () => {
    const t = attemptTelemetry(EVENT);
    const usage = t.metrics.filter((m) => m.name === METRIC_TOKEN_USAGE).map((m) => [m.attributes['gen_ai.token.type'], m.value]);
    assert.deepEqual(usage, [['input', 1200], ['output', 300]]);
    assert.equal(t.metrics.find((m) => m.name === METRIC_OPERATION_DURATION)!.value, 0.85);
    assert.deepEqual(t.metrics.filter((m) => m.name.startsWith('gen_ai.client.inference.')).map((m) => [m.name, m.value]), [
      ['gen_ai.client.inference.usage.cache_read.input_tokens', 1024], ['gen_ai.client.inference.usage.reasoning.output_tokens', 40],
    ]);
    for (const m of t.metrics) assert.ok(!('gen_ai.usage.input_tokens' in m.attributes), 'metric attributes stay low-cardinality');
  });

  it('a failed attempt carries error.type and no response model; a cache hit has a span but no model operation', () => {
    const failed = attemptTelemetry({ ...EVENT, errorType: 'budget', record: { ...RECORD, outcome: 'blocked', inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 } });
    assert.equal(failed.span.error, true);
    assert.equal(failed.span.attributes['error.type'], 'budget');
    assert.equal(failed.span.attributes['gen_ai.response.model'], undefined);
    assert.deepEqual(failed.metrics.map((m) => m.name), [METRIC_OPERATION_DURATION]);
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

describe('telemetry: OTLP/HTTP JSON export to a collector on 127.0.0.1', () => {
  let collector: Collector;
  let sim: Simulator;
  let proxy: FakeProxy;
  before(async () => {
    collector = await startCollector();
    sim = await startSimulator({ chunkDelayMs: 0 });
    proxy = await startFakeProxy({ upstream: sim.baseUrl });
  });
  after(async () => {
    await proxy.close();
    await sim.close();
    await collector.close();
  });

  const REQUESTS: EditorRequest[] = [
    { task: 'explain', instruction: '', languageId: 'python', selection: 'def invoice_total(lines):\n    return sum(l.qty * l.unit_price for l in lines)\n', filePath: 'billing/invoice.py' },
    { task: 'fix', instruction: 'the refund amount comes out negative for partial refunds', languageId: 'typescript', selection: 'export function refundAmount(order: Order, items: Item[]): number {\n  return order.total - items.reduce((s, i) => s + i.price, 0);\n}', diagnostics: [{ message: "Type 'string' is not assignable to type 'number'.", severity: 'error', line: 1 }] },
    { task: 'ask', instruction: 'why does this deadlock when two workers transfer between the same accounts at once?', languageId: 'go', selection: 'a.mu.Lock()\nb.mu.Lock()\ndefer a.mu.Unlock()\ndefer b.mu.Unlock()\n' },
  ];

  it('exports spans and metrics that decode under the OTLP JSON encoding, with headers, and no prompt or code text', async () => {
    const errors: string[] = [];
    const telemetry = createOtlpTelemetry({ endpoint: collector.endpoint, headers: { authorization: 'Bearer otlp-test-token' }, serviceVersion: '0.1.0', onError: (m) => errors.push(m), metricIntervalMs: 3_600_000, spanDelayMs: 3_600_000 });
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-otel-'));
    const logger = new MemoryLogger();
    const ledger = new Ledger({ dir, logger });
    await ledger.load();
    const config = parseConfig({ preset: 'litellm', baseUrl: proxy.baseUrl, 'cache.enabled': false }).config;
    const sentTexts: string[] = [];
    const provider = new ProviderClient({ logger });
    const pipeline = new Pipeline({
      getConfig: () => config,
      provider: { chat: (c) => { sentTexts.push(...c.messages.map((m) => m.content)); return provider.chat(c); }, complete: (c) => provider.complete(c) },
      secrets: { getApiKey: async () => KEY_INFO.response.key }, ledger, logger, workspace: 'acme-billing', onAttempt: (a) => telemetry.observe(a),
    });
    for (const r of REQUESTS) await pipeline.run(r);
    await pipeline.run(REQUESTS[0]); // answered by the proxy's cache
    await telemetry.flush();
    await telemetry.shutdown();
    assert.deepEqual(errors, []);

    const traces = collector.received.filter((r) => r.path === '/v1/traces');
    const metrics = collector.received.filter((r) => r.path === '/v1/metrics');
    assert.ok(traces.length >= 1 && metrics.length >= 1);
    for (const r of collector.received) {
      assert.match(r.contentType, /^application\/json/);
      assert.equal(r.headers.authorization, 'Bearer otlp-test-token');
    }
    const spans = traces.flatMap((r) => checkTraces(r.text));
    assert.equal(spans.length, ledger.recent().length, 'one span per attempt');
    for (const s of spans) {
      assert.equal(s.kind, 3, 'SPAN_KIND_CLIENT');
      assert.equal(s.resource['service.name'], 'frugal-vscode');
      assert.equal(s.scope, 'frugal');
      assert.equal(s.attributes['gen_ai.provider.name'], 'litellm');
      assert.equal(s.attributes['server.address'], '127.0.0.1');
      assert.match(String(s.attributes['gen_ai.request.model']), /^frugal-(cheap|coder|reasoner)$/);
      assert.equal(s.name, `chat ${s.attributes['gen_ai.request.model']}`);
      assert.equal(typeof s.attributes['frugal.cost_usd'], 'number');
    }
    assert.deepEqual(spans.map((s) => s.attributes['frugal.task']), ['explain', 'fix', 'ask', 'explain']);
    assert.deepEqual(spans.map((s) => s.attributes['frugal.gateway_cache_hit']), [false, false, false, true]);
    const ledgerInput = ledger.recent().reduce((a, r) => a + r.inputTokens, 0);
    assert.equal(spans.reduce((a, s) => a + Number(s.attributes['gen_ai.usage.input_tokens']), 0), ledgerInput);

    for (const r of metrics) checkMetrics(r.text);
    // Cumulative temporality: the last export holds every point so far.
    const points = checkMetrics(metrics.at(-1)!.text);
    assert.ok(points.every((p) => p.temporality === 2));
    const usage = points.filter((p) => p.metric === 'gen_ai.client.token.usage');
    assert.ok(usage.every((p) => p.unit === '{token}' && (p.attributes['gen_ai.token.type'] === 'input' || p.attributes['gen_ai.token.type'] === 'output')));
    assert.equal(usage.filter((p) => p.attributes['gen_ai.token.type'] === 'input').reduce((a, p) => a + p.sum, 0), ledgerInput);
    assert.deepEqual(usage[0].explicitBounds.slice(0, 3), [1, 4, 16]);
    const duration = points.filter((p) => p.metric === 'gen_ai.client.operation.duration');
    assert.equal(duration.reduce((a, p) => a + p.count, 0), 4);
    assert.ok(duration.every((p) => p.unit === 's'));

    const payloads = collector.received.map((r) => r.text);
    const texts = [...sentTexts, ...REQUESTS.flatMap((r) => [r.selection, r.instruction, ...(r.diagnostics ?? []).map((d) => d.message)]), ...ledger.recent().map((r) => r.reason)];
    assert.equal(leakedChars(texts, payloads), 0, 'no prompt, code, diagnostic or reason text in any payload');
    assert.ok(!payloads.join('').includes('acme-billing'), 'no workspace name');
    assert.ok(!payloads.join('').includes(KEY_INFO.response.key), 'no key');
    // The scan itself finds text when it is there.
    assert.ok(leakedChars(texts, [JSON.stringify({ v: REQUESTS[1].selection })]) > 100);
  });

  it('a collector that is down never fails a request: the error is reported, not thrown', async () => {
    const errors: string[] = [];
    const telemetry = createOtlpTelemetry({ endpoint: 'http://127.0.0.1:9', timeoutMs: 300, onError: (m) => errors.push(m), metricIntervalMs: 3_600_000, spanDelayMs: 3_600_000 });
    telemetry.observe(EVENT);
    await telemetry.flush();
    await telemetry.shutdown();
    assert.ok(errors.length >= 1, 'the failure is reported');
  });
});

describe('telemetry: collector headers', () => {
  it('reads OTEL_EXPORTER_OTLP_HEADERS-style pairs and JSON, and names what is wrong without echoing values', async () => {
    const { parseOtlpHeaders } = await import('../../src/core/telemetry');
    assert.deepEqual(parseOtlpHeaders('Authorization=Bearer%20abc123, x-team = eng'), { headers: { authorization: 'Bearer abc123', 'x-team': 'eng' } });
    assert.deepEqual(parseOtlpHeaders('{"api-key": "k1"}'), { headers: { 'api-key': 'k1' } });
    assert.deepEqual(parseOtlpHeaders('  '), { headers: {} });
    const bad = parseOtlpHeaders('Bearer sk-secret-token-123');
    assert.ok('error' in bad && !bad.error.includes('sk-secret'));
    assert.ok('error' in parseOtlpHeaders('{"a b": "x"}'));
    assert.ok('error' in parseOtlpHeaders('{"k": 1}'));
  });
});

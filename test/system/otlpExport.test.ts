// OpenTelemetry export (#17): the real SDK exporter sending OTLP/HTTP JSON to a collector on 127.0.0.1, driven by the
// real pipeline and provider client through the fake LiteLLM proxy; payloads decoded and checked against the OTLP
// JSON encoding, and scanned for any prompt or code text (there must be none).
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createOtlpTelemetry } from '../../src/core/telemetry/otlpExporter';
import { Pipeline } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { parseConfig } from '../../src/core/config';
import { ProviderClient } from '../../src/core/provider';
import { MemoryLogger } from '../../src/core/ports';
import type { EditorRequest } from '../../src/core/types';
import { startSimulator, type Simulator } from '../fixtures/simulator';
import { KEY_INFO, startFakeProxy, type FakeProxy } from '../fixtures/litellm/fakeProxy';
import { checkMetrics, checkTraces, leakedChars, startCollector, type Collector } from '../fixtures/otlp/collector';
import type { AttemptEvent } from '../../src/core/pipeline';

const EVENT: AttemptEvent = {
  record: {
    v: 1,
    id: 'r1',
    requestId: 'q1',
    attempt: 1,
    ts: Date.now(),
    workspace: 'w',
    task: 'fix',
    model: 'deepseek-coder',
    tier: 'coder',
    reason: 'r',
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    baselineCostUsd: 0,
    savedRoutingUsd: 0,
    savedCacheUsd: 0,
    savedCompressionUsd: 0,
    estimated: false,
    latencyMs: 5,
    outcome: 'ok',
    cacheHit: false,
    tokensSavedByCompression: 0,
  },
  providerId: 'default',
  baseUrl: 'http://127.0.0.1:9/v1',
  modelName: 'deepseek-coder',
  operation: 'chat',
};

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
    {
      task: 'explain',
      instruction: '',
      languageId: 'python',
      selection: 'def invoice_total(lines):\n    return sum(l.qty * l.unit_price for l in lines)\n',
      filePath: 'billing/invoice.py',
    },
    {
      task: 'fix',
      instruction: 'the refund amount comes out negative for partial refunds',
      languageId: 'typescript',
      selection:
        'export function refundAmount(order: Order, items: Item[]): number {\n  return order.total - items.reduce((s, i) => s + i.price, 0);\n}',
      diagnostics: [{ message: "Type 'string' is not assignable to type 'number'.", severity: 'error', line: 1 }],
    },
    {
      task: 'ask',
      instruction: 'why does this deadlock when two workers transfer between the same accounts at once?',
      languageId: 'go',
      selection: 'a.mu.Lock()\nb.mu.Lock()\ndefer a.mu.Unlock()\ndefer b.mu.Unlock()\n',
    },
  ];

  it('exports spans and metrics that decode under the OTLP JSON encoding, with headers, and no prompt or code text', async () => {
    const errors: string[] = [];
    const telemetry = createOtlpTelemetry({
      endpoint: collector.endpoint,
      headers: { authorization: 'Bearer otlp-test-token' },
      serviceVersion: '0.1.0',
      onError: (m) => errors.push(m),
      metricIntervalMs: 3_600_000,
      spanDelayMs: 3_600_000,
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-otel-'));
    const logger = new MemoryLogger();
    const ledger = new Ledger({ dir, logger });
    await ledger.load();
    const config = parseConfig({ preset: 'litellm', baseUrl: proxy.baseUrl, 'cache.enabled': false }).config;
    const sentTexts: string[] = [];
    const provider = new ProviderClient({ logger });
    const pipeline = new Pipeline({
      getConfig: () => config,
      provider: {
        chat: (c) => {
          sentTexts.push(...c.messages.map((m) => m.content));
          return provider.chat(c);
        },
        complete: (c) => provider.complete(c),
      },
      secrets: { getApiKey: async () => KEY_INFO.response.key },
      ledger,
      logger,
      workspace: 'acme-billing',
      onAttempt: (a) => telemetry.observe(a),
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
    assert.deepEqual(
      spans.map((s) => s.attributes['frugal.task']),
      ['explain', 'fix', 'ask', 'explain'],
    );
    assert.deepEqual(
      spans.map((s) => s.attributes['frugal.gateway_cache_hit']),
      [false, false, false, true],
    );
    const ledgerInput = ledger.recent().reduce((a, r) => a + r.inputTokens, 0);
    assert.equal(
      spans.reduce((a, s) => a + Number(s.attributes['gen_ai.usage.input_tokens']), 0),
      ledgerInput,
    );

    for (const r of metrics) checkMetrics(r.text);
    // Cumulative temporality: the last export holds every point so far.
    const points = checkMetrics(metrics.at(-1)!.text);
    assert.ok(points.every((p) => p.temporality === 2));
    const usage = points.filter((p) => p.metric === 'gen_ai.client.token.usage');
    assert.ok(
      usage.every(
        (p) =>
          p.unit === '{token}' &&
          (p.attributes['gen_ai.token.type'] === 'input' || p.attributes['gen_ai.token.type'] === 'output'),
      ),
    );
    assert.equal(
      usage.filter((p) => p.attributes['gen_ai.token.type'] === 'input').reduce((a, p) => a + p.sum, 0),
      ledgerInput,
    );
    assert.deepEqual(usage[0].explicitBounds.slice(0, 3), [1, 4, 16]);
    const duration = points.filter((p) => p.metric === 'gen_ai.client.operation.duration');
    assert.equal(
      duration.reduce((a, p) => a + p.count, 0),
      4,
    );
    assert.ok(duration.every((p) => p.unit === 's'));

    const payloads = collector.received.map((r) => r.text);
    const texts = [
      ...sentTexts,
      ...REQUESTS.flatMap((r) => [r.selection, r.instruction, ...(r.diagnostics ?? []).map((d) => d.message)]),
      ...ledger.recent().map((r) => r.reason),
    ];
    assert.equal(leakedChars(texts, payloads), 0, 'no prompt, code, diagnostic or reason text in any payload');
    assert.ok(!payloads.join('').includes('acme-billing'), 'no workspace name');
    assert.ok(!payloads.join('').includes(KEY_INFO.response.key), 'no key');
    // The scan itself finds text when it is there.
    assert.ok(leakedChars(texts, [JSON.stringify({ v: REQUESTS[1].selection })]) > 100);
  });

  it('a collector that is down never fails a request: the error is reported, not thrown', async () => {
    const errors: string[] = [];
    const telemetry = createOtlpTelemetry({
      endpoint: 'http://127.0.0.1:9',
      timeoutMs: 300,
      onError: (m) => errors.push(m),
      metricIntervalMs: 3_600_000,
      spanDelayMs: 3_600_000,
    });
    telemetry.observe(EVENT);
    await telemetry.flush();
    await telemetry.shutdown();
    assert.ok(errors.length >= 1, 'the failure is reported');
  });
});

// OpenTelemetry export (#17): what export costs on the request path, what it adds to the shipped bundles, and
// whether any prompt or code text reaches an exported payload. A replay of the routing dev set runs through the
// real pipeline and provider client against the fake LiteLLM proxy (in front of the simulator), with the OTLP
// exporter sending to a collector on 127.0.0.1.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pipeline, type AttemptEvent } from '../src/core/pipeline';
import { Ledger } from '../src/core/ledger';
import { ProviderClient } from '../src/core/provider';
import { parseConfig } from '../src/core/config';
import { silentLogger } from '../src/core/ports';
import type { EditorRequest } from '../src/core/types';
import { createOtlpTelemetry } from '../src/core/telemetry/otlpExporter';
import { startSimulator } from '../test/fixtures/simulator';
import { KEY_INFO, startFakeProxy } from '../test/fixtures/litellm/fakeProxy';
import { leakedChars, startCollector } from '../test/fixtures/otlp/collector';
import { median, percentile, round } from './stats';

type Figures = Record<string, { value: number; unit: string; note: string }>;

export async function runTelemetryBench(root: string): Promise<Figures> {
  const out: Figures = {};
  const ext = path.join(root, 'dist', 'extension.js');
  const otel = path.join(root, 'dist', 'otel.js');
  if (!existsSync(ext) || !existsSync(otel))
    throw new Error('dist/extension.js or dist/otel.js is missing: run `npm run build` first');
  out.bundle_bytes_with_export = {
    value: statSync(ext).size + statSync(otel).size,
    unit: 'bytes',
    note: `dist/extension.js (${statSync(ext).size}) + dist/otel.js (${statSync(otel).size}), the OpenTelemetry SDK bundle required only when frugal.telemetry.otlp.enabled is on; production build`,
  };
  const t0 = performance.now();
  require(otel);
  out.otel_bundle_require_ms = {
    value: round(performance.now() - t0, 3),
    unit: 'ms',
    note: 'require(dist/otel.js) once, the one-time cost of turning export on (not paid at activation)',
  };

  const rows: EditorRequest[] = readFileSync(path.join(root, 'test', 'data', 'routing-dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .map(({ task, instruction, languageId, selection }) => ({ task, instruction, languageId, selection }));
  const sim = await startSimulator({ chunkDelayMs: 0 });
  const proxy = await startFakeProxy({ upstream: sim.baseUrl });
  const collector = await startCollector();
  try {
    const telemetry = createOtlpTelemetry({
      endpoint: collector.endpoint,
      serviceVersion: 'bench',
      spanDelayMs: 1_000,
      metricIntervalMs: 5_000,
    });
    const { config } = parseConfig({
      preset: 'litellm',
      baseUrl: proxy.baseUrl,
      'cache.enabled': false,
      'cascade.enabled': false,
    });
    const ledger = new Ledger({ dir: mkdtempSync(path.join(tmpdir(), 'frugal-otel-bench-')), logger: silentLogger });
    await ledger.load();
    const client = new ProviderClient({ logger: silentLogger });
    const sent: string[] = [];
    let onPath = 0;
    const observe = (a: AttemptEvent) => {
      const t = performance.now();
      telemetry.observe(a);
      onPath += performance.now() - t;
    };
    const pipeline = new Pipeline({
      getConfig: () => config,
      provider: {
        chat: (c) => {
          sent.push(...c.messages.map((m) => m.content));
          return client.chat(c);
        },
        complete: (c) => client.complete(c),
      },
      secrets: { getApiKey: async () => KEY_INFO.response.key },
      ledger,
      logger: silentLogger,
      workspace: 'bench-workspace',
      onAttempt: observe,
    });
    const perRequest: number[] = [];
    for (const [i, r] of rows.entries()) {
      onPath = 0;
      await pipeline.run(r).catch(() => undefined);
      if (i >= 50) perRequest.push(onPath); // the first ones warm the JIT
    }
    // Off the request path: what turning the queue into spans and metric points costs per attempt.
    const events: AttemptEvent[] = [];
    const probe = createOtlpTelemetry({
      endpoint: collector.endpoint,
      spanDelayMs: 3_600_000,
      metricIntervalMs: 3_600_000,
    });
    const capture = new Pipeline({
      getConfig: () => config,
      provider: client,
      secrets: { getApiKey: async () => KEY_INFO.response.key },
      ledger,
      logger: silentLogger,
      workspace: 'bench-workspace',
      onAttempt: (a) => events.push(a),
    });
    for (const r of rows.slice(0, 100))
      await capture.run({ ...r, instruction: `${r.instruction} (again)` }).catch(() => undefined);
    const d0 = performance.now();
    for (let k = 0; k < 10; k++) for (const a of events) probe.observe(a);
    await new Promise((resolve) => setImmediate(resolve));
    const drainUs = ((performance.now() - d0) / (10 * events.length)) * 1000;
    await probe.shutdown();
    await telemetry.flush();
    await telemetry.shutdown();

    out.otel_export_overhead_ms = {
      value: round(median(perRequest), 5),
      unit: 'ms',
      note: `time the export adds on the request path per request (the pipeline's onAttempt call into the exporter, which only queues), median over ${perRequest.length} requests of the routing dev set through the LiteLLM preset; p99 ${round(percentile(perRequest, 99), 5)} ms; spans and points are made on the next event-loop turn (~${round(drainUs, 1)} us per attempt, off the path) and sent in batches`,
    };
    const payloads = collector.received
      .filter((r) => r.path === '/v1/traces' || r.path === '/v1/metrics')
      .map((r) => r.text);
    const texts = [...sent, ...rows.flatMap((r) => [r.selection, r.instruction])];
    out.otel_exported_prompt_chars = {
      value: leakedChars(texts, payloads),
      unit: 'chars',
      note: `characters of prompt, instruction or code text (every 16-character window of ${texts.length} texts sent or typed) found in the ${payloads.length} OTLP payloads of the replay (${rows.length} requests)`,
    };
  } finally {
    await collector.close();
    await proxy.close();
    await sim.close();
  }
  return out;
}

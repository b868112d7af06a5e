// Dashboard aggregation: buildDashboardModel over a 100,000-record synthetic ledger (about a year of heavy use),
// median of runs; plus the size of what the extension posts to the webview and the CSV export time.
// Run alone: npx tsx bench/dashboard.ts
import { performance } from 'node:perf_hooks';
import { buildDashboardModel, ledgerToCsv } from '../src/core/dashboard';
import { DEFAULT_BUDGET } from '../src/core/config';
import { TASKS, type LedgerRecord, type Outcome, type Task, type Tier } from '../src/core/types';
import { median, round, seededRandom } from './stats';

type Figures = Record<string, { value: number; unit: string; note: string }>;

const MODELS: { id: string; tier: Tier; price: number }[] = [
  { id: 'Qwen/Qwen3-8B', tier: 'cheap', price: 0.01 },
  { id: 'deepseek-coder', tier: 'coder', price: 0.25 },
  { id: 'deepseek-reasoner', tier: 'reasoner', price: 2.5 },
  { id: 'deepseek-v4-flash', tier: 'coder', price: 0.25 },
  { id: 'Qwen/Qwen3-32B', tier: 'cheap', price: 0.28 },
  { id: 'gpt-4o-mini', tier: 'coder', price: 0.6 },
  { id: 'qwen3:8b', tier: 'cheap', price: 0 },
  { id: 'custom/model-with-a-long-name', tier: 'reasoner', price: 1.2 },
];

/** `n` records spread evenly over `days` days ending at `now`, in time order, with cascades and cache hits. */
export function syntheticLedger(n: number, now: number, days = 365, seed = 7): LedgerRecord[] {
  const rand = seededRandom(seed); // every run aggregates the same ledger
  const out: LedgerRecord[] = [];
  const span = days * 86_400_000;
  let request = 0;
  let attempt = 1;
  for (let i = 0; i < n; i++) {
    const ts = Math.floor(now - span + (span * i) / n);
    const m = MODELS[Math.floor(rand() * MODELS.length)];
    const task: Task = TASKS[Math.floor(rand() * TASKS.length)];
    const roll = rand();
    const outcome: Outcome =
      roll < 0.2
        ? 'cached'
        : roll < 0.25
          ? 'escalated'
          : roll < 0.27
            ? 'error'
            : roll < 0.28
              ? 'blocked'
              : roll < 0.29
                ? 'cancelled'
                : 'ok';
    if (attempt === 1 || outcome === 'cached') request++;
    const input = Math.floor(200 + rand() * 4000);
    const output = Math.floor(50 + rand() * 800);
    const cost =
      outcome === 'cached' || outcome === 'blocked' ? 0 : Math.round((((input + output) * m.price) / 1e6) * 1e8) / 1e8;
    const baseline = outcome === 'blocked' ? 0 : Math.round((((input + output) * 10) / 1e6) * 1e8) / 1e8;
    const savedCache = outcome === 'cached' ? Math.round((((input + output) * m.price) / 1e6) * 1e8) / 1e8 : 0;
    const savedCompression = Math.round(baseline * 0.1 * 1e8) / 1e8;
    out.push({
      v: 1,
      id: `r${i}`,
      requestId: `q${request}`,
      attempt: outcome === 'cached' ? 1 : attempt,
      ts,
      workspace: i % 3 ? 'frugal' : 'other, "quoted" workspace',
      task,
      model: m.id,
      tier: m.tier,
      reason: `${m.tier}: ${task} of ${input} tokens, routed by rule ${i % 17}`,
      inputTokens: input,
      outputTokens: output,
      cachedInputTokens: Math.floor(input * rand() * 0.5),
      reasoningTokens: 0,
      costUsd: cost,
      baselineCostUsd: baseline,
      savedRoutingUsd: Math.round((baseline - cost - savedCache - savedCompression) * 1e8) / 1e8,
      savedCacheUsd: savedCache,
      savedCompressionUsd: savedCompression,
      estimated: rand() < 0.02,
      latencyMs: Math.floor(rand() * 5000),
      outcome,
      cacheHit: outcome === 'cached',
      tokensSavedByCompression: Math.floor(input * 0.1),
      ...(outcome === 'error' ? { error: 'HTTP 500 from the provider, "retry later"' } : {}),
    });
    attempt = outcome === 'escalated' ? attempt + 1 : 1;
  }
  return out;
}

export async function runDashboardBench(): Promise<Figures> {
  const N = 100_000;
  const now = Date.UTC(2026, 10, 29, 15, 0, 0);
  const records = syntheticLedger(N, now);
  const opts = {
    now,
    sessionStart: now - 3_600_000,
    budget: { ...DEFAULT_BUDGET, dailyUsd: 5, monthlyUsd: 100 },
    baselineModel: 'gpt-4o',
  };

  for (let i = 0; i < 5; i++) buildDashboardModel(records, opts); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now();
    buildDashboardModel(records, opts);
    times.push(performance.now() - t0);
  }
  const filtered: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    buildDashboardModel(records, { ...opts, filter: { model: 'deepseek-coder', task: 'fix' } });
    filtered.push(performance.now() - t0);
  }
  const payloadBytes = Buffer.byteLength(
    JSON.stringify({ type: 'update', payload: { model: buildDashboardModel(records, opts) } }),
  );

  const csvTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    ledgerToCsv(records);
    csvTimes.push(performance.now() - t0);
  }

  return {
    dashboard_aggregate_ms: {
      value: round(median(times), 2),
      unit: 'ms',
      note: `buildDashboardModel over a ${N.toLocaleString('en-US')}-record synthetic ledger (a year, 8 models, cascades, cache hits); median of 21 runs after 5 warm-ups; target < 100 ms`,
    },
    dashboard_aggregate_filtered_ms: {
      value: round(median(filtered), 2),
      unit: 'ms',
      note: `the same with a model + task filter on the recent table; median of 9 runs`,
    },
    dashboard_payload_kb: {
      value: round(payloadBytes / 1024, 1),
      unit: 'KB',
      note: `JSON the extension posts to the webview for that ledger (aggregates + the last 100 records), independent of ledger size`,
    },
    dashboard_export_csv_ms: {
      value: round(median(csvTimes), 2),
      unit: 'ms',
      note: `ledgerToCsv over the same ${N.toLocaleString('en-US')} records; median of 3 runs`,
    },
  };
}

if (require.main === module) {
  runDashboardBench().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

// The ledger after years of use (issue #14): histories of 10k, 100k and 1M records at a heavy user's 2,500 records a
// day (inline completions included), written straight into the period-file format, then: the first load without a
// checkpoint (rebuilt from the records, once), the activation load (checkpoint + another window's tail), the heap it
// keeps, the per-request totals (budget guard + status bar), the dashboard opening, the migration from the old single
// file, records lost over SIGKILLs during rotation and compaction, and the agreement of every view over random
// ledgers. Run alone: npm run bench ledger.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, mkdirSync, openSync, writeSync, closeSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { randomBytes } from 'node:crypto';
import { Ledger, LEDGER_DIR, LEDGER_FILE } from '../src/core/ledger';
import { silentLogger } from '../src/core/ports';
import { statusBarView } from '../src/core/summary';
import { dashboardModelOf } from '../src/core/dashboard';
import { DEFAULT_BUDGET } from '../src/core/config';
import { TASKS, type LedgerRecord, type Outcome, type Task, type Tier } from '../src/core/types';
import { median, round, seededRandom } from './stats';
import { rotationLoop } from '../test/fixtures/crash/rotationLoop';
import { randomLedger, viewDisagreements } from '../test/fixtures/ledger/agreement';

type Figures = Record<string, { value: number; unit: string; note: string }>;

const PER_DAY = 2500;
const MODELS: { id: string; tier: Tier; price: number }[] = [
  { id: 'Qwen/Qwen3-8B', tier: 'cheap', price: 0.01 },
  { id: 'deepseek-coder', tier: 'coder', price: 0.25 },
  { id: 'deepseek-reasoner', tier: 'reasoner', price: 2.5 },
  { id: 'gpt-4o-mini', tier: 'coder', price: 0.6 },
  { id: 'codestral-latest', tier: 'cheap', price: 0.3 },
];
const NOW = new Date(2026, 10, 29, 15, 0, 0).getTime();

function gcFunction(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** One record of a synthetic heavy user: 70 % inline completions, the rest chat with cascades, hits and refusals. */
function makeRecord(
  rand: () => number,
  i: number,
  ts: number,
  state: { request: number; attempt: number },
): LedgerRecord {
  const inline = rand() < 0.7;
  const m = inline ? MODELS[4] : MODELS[Math.floor(rand() * 4)];
  const task: Task = inline ? 'complete' : TASKS[Math.floor(rand() * 7)];
  const roll = rand();
  const outcome: Outcome = inline
    ? roll < 0.1
      ? 'cancelled'
      : 'ok'
    : roll < 0.2
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
  if (state.attempt === 1 || outcome === 'cached') state.request++;
  const input = Math.floor(inline ? 300 + rand() * 1200 : 200 + rand() * 4000);
  const output = Math.floor(inline ? 5 + rand() * 60 : 50 + rand() * 800);
  const cost =
    outcome === 'cached' || outcome === 'blocked' ? 0 : Math.round((((input + output) * m.price) / 1e6) * 1e8) / 1e8;
  const baseline = outcome === 'blocked' ? 0 : Math.round((((input + output) * 10) / 1e6) * 1e8) / 1e8;
  const rec: LedgerRecord = {
    v: 1,
    id: `r${i}-${Math.floor(rand() * 1e9).toString(36)}`,
    requestId: `q${state.request}`,
    attempt: outcome === 'cached' ? 1 : state.attempt,
    ts,
    workspace: i % 3 ? 'frugal' : 'other',
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
    savedRoutingUsd: Math.round((baseline - cost) * 1e8) / 1e8,
    savedCacheUsd: outcome === 'cached' ? 0.0001 : 0,
    savedCompressionUsd: 0,
    estimated: rand() < 0.02,
    latencyMs: Math.floor(rand() * 5000),
    outcome,
    cacheHit: outcome === 'cached',
    tokensSavedByCompression: Math.floor(input * 0.1),
    ...(outcome === 'error' ? { error: 'HTTP 500 from the provider, "retry later"' } : {}),
  };
  state.attempt = outcome === 'escalated' ? state.attempt + 1 : 1;
  return rec;
}

const monthKey = (ts: number): string => {
  const d = new Date(ts);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

/**
 * Writes `n` records ending at NOW at PER_DAY a day. `layout` 'periods' writes ledger/YYYY-MM.jsonl files with their
 * headers (what this version writes); 'legacy' writes the single ledger.jsonl of earlier versions.
 */
export function writeHistory(root: string, n: number, layout: 'periods' | 'legacy', seed = 7): { bytes: number } {
  const rand = seededRandom(seed);
  const span = (n / PER_DAY) * 86_400_000;
  const state = { request: 0, attempt: 1 };
  let fd = -1;
  let current = '';
  let buf: string[] = [];
  let bufLen = 0;
  let bytes = 0;
  const flush = () => {
    if (!buf.length) return;
    const data = buf.join('');
    writeSync(fd, data);
    bytes += Buffer.byteLength(data);
    buf = [];
    bufLen = 0;
  };
  if (layout === 'legacy') fd = openSync(path.join(root, LEDGER_FILE), 'w');
  else mkdirSync(path.join(root, LEDGER_DIR), { recursive: true });
  for (let i = 0; i < n; i++) {
    const ts = Math.floor(NOW - span + (span * i) / n);
    if (layout === 'periods') {
      const key = monthKey(ts);
      if (key !== current) {
        if (fd >= 0) {
          flush();
          closeSync(fd);
        }
        current = key;
        fd = openSync(path.join(root, LEDGER_DIR, `${key}.jsonl`), 'w');
        buf.push(
          JSON.stringify({ v: 1, kind: 'frugal.ledger', id: randomBytes(9).toString('base64url'), period: key }) + '\n',
        );
      }
    }
    const line = JSON.stringify(makeRecord(rand, i, ts, state)) + '\n';
    buf.push(line);
    bufLen += line.length;
    if (bufLen > 4 << 20) flush();
  }
  flush();
  closeSync(fd);
  return { bytes };
}

const mb = (x: number): number => round(x / (1024 * 1024), 1);

export async function scale(n: number, label: string, gc: () => void, out: Figures): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), `frugal-bench-ledger-${label}-`));
  try {
    const t0 = performance.now();
    const { bytes } = writeHistory(root, n, 'periods');
    const genMs = performance.now() - t0;
    // First load of files without a checkpoint: every record folded once, then the checkpoint written.
    const r0 = performance.now();
    const first = new Ledger({ dir: root, logger: silentLogger, inlineRetentionDays: 0 });
    await first.load();
    await first.close();
    const rebuildMs = performance.now() - r0;
    // Another window wrote 500 records since (a session's worth): the activation load reads them as the tail.
    const current = path.join(root, LEDGER_DIR, `${monthKey(NOW)}.jsonl`);
    const rand = seededRandom(11);
    const st = { request: 10_000_000, attempt: 1 };
    appendFileSync(
      current,
      Array.from({ length: 500 }, (_, i) => JSON.stringify(makeRecord(rand, n + i, NOW + i, st)) + '\n').join(''),
    );

    const loads: number[] = [];
    let heapMb = 0;
    let ledger: Ledger | undefined;
    for (let k = 0; k < 7; k++) {
      ledger = undefined;
      gc();
      const before = process.memoryUsage().heapUsed;
      const t = performance.now();
      const l = new Ledger({
        dir: root,
        logger: silentLogger,
        clock: { now: () => NOW + 1000 },
        inlineRetentionDays: 0,
      });
      const report = await l.load();
      loads.push(performance.now() - t);
      if (report.records !== n + 500) throw new Error(`loaded ${report.records} of ${n + 500} records`);
      gc();
      heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - before) / (1024 * 1024));
      ledger = l;
    }
    const l = ledger!;
    out[`ledger_load_${label}_ms`] = {
      value: round(median(loads), 1),
      unit: 'ms',
      note: `activation: Ledger.load() over ${n.toLocaleString('en-US')} records (${mb(bytes)} MB in ${l.rollups().buckets.size} buckets' checkpoint + 500 records another window appended since); median of 7${label === '1m' ? '; goal < 100 ms' : ''}`,
    };
    out[`ledger_heap_${label}_mb`] = {
      value: round(heapMb, 1),
      unit: 'MB',
      note: `heap the loaded ledger keeps (after gc, the most of 7 loads)${label === '1m' ? '; goal < 50 MB' : ''}`,
    };
    out[`ledger_rebuild_${label}_ms`] = {
      value: round(rebuildMs, 0),
      unit: 'ms',
      note: `first load with no checkpoint (after an upgrade, or a lost checkpoint): every record read in 4 MiB chunks and folded once; history written in ${round(genMs / 1000, 1)} s`,
    };

    // Per request: the budget guard (today, month, today's inline spend) and the status bar's repaint.
    const cfg = { baselineModel: 'gpt-4o', budget: { ...DEFAULT_BUDGET, dailyUsd: 5, monthlyUsd: 100 } };
    const per: number[] = [];
    let sink = 0;
    for (let b = 0; b < 9; b++) {
      const iters = 5000;
      const t = performance.now();
      for (let i = 0; i < iters; i++) {
        sink += l.totals('today').costUsd + l.totals('month').costUsd + l.totals('today', { task: 'complete' }).costUsd;
        sink += statusBarView(l, cfg).worstBudgetPercent;
      }
      per.push(((performance.now() - t) * 1000) / iters);
    }
    if (!Number.isFinite(sink)) throw new Error('totals');
    out[`ledger_totals_per_request_${label}_us`] = {
      value: round(median(per.slice(2)), 2),
      unit: 'us',
      note: `per request: the budget guard's totals (today, month, today's inline spend) plus the status bar's text and tooltip, over ${n.toLocaleString('en-US')} records; median of 7 batches of 5,000`,
    };

    // Opening the dashboard: the model from the rollups + the first page read backwards from disk, as posted.
    const opens: number[] = [];
    let payload = 0;
    for (let k = 0; k < 9; k++) {
      const t = performance.now();
      const model = await dashboardModelOf(l, {
        now: NOW + 1000,
        sessionStart: NOW,
        budget: cfg.budget,
        baselineModel: 'gpt-4o',
      });
      payload = JSON.stringify({ type: 'update', payload: { model } }).length;
      opens.push(performance.now() - t);
    }
    out[`dashboard_open_${label}_ms`] = {
      value: round(median(opens), 1),
      unit: 'ms',
      note: `dashboard model from the rollups + the newest 100 rows read from disk, serialised as posted (${round(payload / 1024, 1)} KB), over ${n.toLocaleString('en-US')} records; median of 9 (first ${round(opens[0], 1)} ms)${label === '1m' ? '; goal < 300 ms' : ''}`,
    };
    await l.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function migration(n: number, label: string, out: Figures): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), `frugal-bench-migrate-${label}-`));
  try {
    const { bytes } = writeHistory(root, n, 'legacy');
    const t = performance.now();
    const l = new Ledger({ dir: root, logger: silentLogger, inlineRetentionDays: 0 });
    const report = await l.load();
    const ms = performance.now() - t;
    if (report.records !== n) throw new Error(`migrated ${report.records} of ${n}`);
    await l.close();
    out[`ledger_migration_${label}_ms`] = {
      value: round(ms, 0),
      unit: 'ms',
      note: `first start after the upgrade: the old single ledger.jsonl (${mb(bytes)} MB, ${n.toLocaleString('en-US')} records) streamed into monthly files and folded into rollups, once`,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function runLedgerBench(): Promise<Figures> {
  const out: Figures = {};
  const gc = gcFunction();
  for (const [n, label] of [
    [10_000, '10k'],
    [100_000, '100k'],
    [1_000_000, '1m'],
  ] as const)
    await scale(n, label, gc, out);
  out.ledger_totals_per_request_us = {
    ...out.ledger_totals_per_request_1m_us,
    note: `${out.ledger_totals_per_request_1m_us.note}; goal < 100 us`,
  };
  await migration(100_000, '100k', out);
  await migration(1_000_000, '1m', out);

  const rot = await rotationLoop(100);
  out.ledger_records_lost_rotation = {
    value: rot.lost,
    unit: 'records',
    note: `over 100 SIGKILLs of a writer crossing months (a new file every ~150 records) and folding old inline completions (rewriting month files) every 40 records: ${rot.reported.toLocaleString('en-US')} records reported written, ${rot.folded} folded into month headers, ${rot.files} files; goal 0`,
  };
  out.ledger_rollup_mismatches_rotation = {
    value: rot.rollupMismatches,
    unit: 'loads',
    note: 'after each of those kills: rollups loaded from the checkpoint vs rebuilt from the files alone; goal 0',
  };

  let disagreements = 0;
  const seeds = 100;
  for (let seed = 1000; seed < 1000 + seeds; seed++)
    disagreements += (
      await viewDisagreements(randomLedger(seed, 60 + (seed % 50)), { retentionDays: seed % 2 ? 20 : 0 })
    ).length;
  out.ledger_views_disagreements = {
    value: disagreements,
    unit: 'figures',
    note: `${seeds} random ledgers (escalations, fallbacks, cache hits, blocked, cancelled, partial, estimated, inline completions over 75 days): status bar, cost summary, budget guard, dashboard (rollups and records), streamed export, reloads, rebuild and compaction vs a reference from the definitions; goal 0`,
  };
  return out;
}

if (require.main === module) {
  runLedgerBench().then(
    (r) => {
      console.log(JSON.stringify(r, null, 2));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

// The dashboard's provider prompt-cache view: input tokens billed as cache hits and what they saved against the
// cache-miss price, per model and per day.
import { strict as assert } from 'node:assert';
import { buildDashboardModel } from '../../src/core/dashboard';
import { DEFAULT_BUDGET } from '../../src/core/config';
import type { LedgerRecord } from '../../src/core/types';

const NOW = Date.UTC(2026, 10, 15, 12);
const DAY = 86_400_000;

function rec(id: string, ts: number, model: string, input: number, cached: number): LedgerRecord {
  return {
    v: 1,
    id,
    requestId: id,
    attempt: 1,
    ts,
    workspace: 'ws',
    task: 'ask',
    model,
    tier: 'coder',
    reason: 'r',
    inputTokens: input,
    outputTokens: 10,
    cachedInputTokens: cached,
    reasoningTokens: 0,
    costUsd: 0.001,
    baselineCostUsd: 0.01,
    savedRoutingUsd: 0.009,
    savedCacheUsd: 0,
    savedCompressionUsd: 0,
    estimated: false,
    latencyMs: 1,
    outcome: 'ok',
    cacheHit: false,
    tokensSavedByCompression: 0,
  };
}

describe('dashboard: provider prompt cache', () => {
  const records = [
    rec('a', NOW - 2 * DAY, 'deepseek-flash', 1000, 0),
    rec('b', NOW - 2 * DAY + 1000, 'deepseek-flash', 1200, 960),
    rec('c', NOW - 1000, 'deepseek-flash', 1500, 1152),
    rec('d', NOW - 500, 'Qwen/Qwen3-8B', 800, 0),
  ];
  const rates = (model: string) =>
    model === 'deepseek-flash'
      ? { inputPer1M: 0.15, cachedInputPer1M: 0.003 }
      : { inputPer1M: 0.01, cachedInputPer1M: 0.01 };
  const m = buildDashboardModel(records, {
    now: NOW,
    sessionStart: NOW - DAY,
    budget: DEFAULT_BUDGET,
    timeZoneOffsetMinutes: 0,
    cacheRates: rates,
  });

  it('sums cached input tokens and what they saved per model', () => {
    const pc = m.providerCache!;
    assert.equal(pc.cachedInputTokens, 2112);
    assert.deepEqual(
      pc.byModel.map((x) => x.model),
      ['deepseek-flash'],
    );
    const flash = pc.byModel[0];
    assert.equal(flash.inputTokens, 3700);
    assert.ok(Math.abs(flash.savedUsd - (2112 * 0.147) / 1e6) < 1e-9, String(flash.savedUsd));
    assert.equal(pc.savedUsd, flash.savedUsd);
  });

  it("per day, on the chart's 30 days", () => {
    const days = m.providerCache!.days;
    assert.equal(days.length, 30);
    assert.equal(days[29].cachedInputTokens, 1152);
    assert.equal(days[27].cachedInputTokens, 960);
    assert.equal(
      days.reduce((n, d) => n + d.cachedInputTokens, 0),
      2112,
    );
  });

  it('saves nothing where there is no price to compare (no cacheRates)', () => {
    const bare = buildDashboardModel(records, {
      now: NOW,
      sessionStart: NOW - DAY,
      budget: DEFAULT_BUDGET,
      timeZoneOffsetMinutes: 0,
    });
    assert.equal(bare.providerCache!.cachedInputTokens, 2112);
    assert.equal(bare.providerCache!.savedUsd, 0);
  });
});

// Peak rates where the user sees them (answer notice, status bar), the off-peak offer for batch work and its
// saving on the record, and the dashboard's flag when the host's bill and our figure disagree by more than 5%.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pipeline } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { MemoryLogger } from '../../src/core/ports';
import { parseConfig } from '../../src/core/config';
import { offPeakOffer } from '../../src/core/pricing';
import { statusBarView } from '../../src/core/summary';
import { toRow } from '../../src/core/dashboard/model';
import type { CallResult, ChatCall } from '../../src/core/provider';
import type { EditorRequest, LedgerRecord } from '../../src/core/types';

const PEAK = Date.parse('2026-12-01T02:00:00Z'); // a Tuesday, 02:00 UTC
const OFF = Date.parse('2026-12-01T12:00:00Z');
const DOC: EditorRequest = {
  task: 'document',
  instruction: 'document these functions',
  languageId: 'typescript',
  selection: 'function add(a: number, b: number) { return a + b; }',
};

const provider = {
  async chat(call: ChatCall): Promise<CallResult> {
    call.onDelta?.({ content: '/** Adds two numbers. */' });
    return {
      content: '/** Adds two numbers. */',
      reasoning: '',
      finishReason: 'stop',
      latencyMs: 1,
      retries: 0,
      usage: { inputTokens: 10_000, outputTokens: 1_000, cachedInputTokens: 8_000, reasoningTokens: 0 },
    };
  },
  async complete(): Promise<CallResult> {
    throw new Error('unused');
  },
};

async function setup(at: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'frugal-peak-'));
  const logger = new MemoryLogger();
  const ledger = new Ledger({ dir, logger, clock: { now: () => at } });
  await ledger.load();
  const config = parseConfig({ preset: 'deepseek', 'cache.enabled': false }, at).config;
  const pipeline = new Pipeline({
    getConfig: () => config,
    provider,
    secrets: { getApiKey: async () => 'sk-test' },
    ledger,
    logger,
    workspace: 'ws',
    clock: { now: () => at },
  });
  return { pipeline, ledger, config };
}

describe('peak rates and the off-peak offer', () => {
  it('an attempt in a peak window is billed at twice the off-peak rate, and the answer says "peak rate"', async () => {
    const { pipeline, ledger, config } = await setup(PEAK);
    const r = await pipeline.run(DOC);
    // deepseek-flash at peak: 2,000 x $0.30 + 8,000 x $0.006 + 1,000 x $1.20 per million
    assert.equal(r.costUsd, 0.001848);
    assert.equal(r.peak, true);
    assert.match(r.notice!, /peak rate/);
    const rec = ledger.recent()[0];
    assert.deepEqual([rec.peak, rec.priceSource], [true, 'catalog']);
    const view = statusBarView(ledger, config);
    assert.match(view.text, /peak rate/);
    assert.match(view.tooltip, /billed at the peak rate/);
  });

  it('off-peak: half the price, no "peak rate" anywhere', async () => {
    const { pipeline, ledger, config } = await setup(OFF);
    const r = await pipeline.run(DOC);
    assert.equal(r.costUsd, 0.000924);
    assert.equal(r.peak, undefined);
    assert.doesNotMatch(r.notice ?? '', /peak/);
    assert.doesNotMatch(statusBarView(ledger, config).text, /peak/);
  });

  it('offers the batch at the next off-peak time, with both prices', () => {
    const config = parseConfig({ preset: 'deepseek' }, PEAK).config;
    const offer = offPeakOffer(
      config,
      config.models['deepseek-flash'],
      { inputTokens: 10_000, outputTokens: 1_000 },
      PEAK,
    )!;
    assert.equal(offer.runAt, Date.parse('2026-12-01T04:00:00Z'));
    assert.equal(offer.runAtLabel, '04:00 UTC');
    assert.equal(offer.nowUsd, 0.0042); // 10,000 x $0.30 + 1,000 x $1.20 per million
    assert.equal(offer.offPeakUsd, 0.0021);
    assert.equal(
      offPeakOffer(config, config.models['deepseek-flash'], { inputTokens: 10_000, outputTokens: 1_000 }, OFF),
      undefined,
      'off-peak already',
    );
    const agg = parseConfig({}, PEAK).config;
    assert.equal(
      offPeakOffer(agg, agg.models['deepseek-coder'], { inputTokens: 10_000, outputTokens: 1_000 }, PEAK),
      undefined,
      'no time-of-day prices',
    );
    const mine = parseConfig(
      { preset: 'deepseek', models: { 'deepseek-flash': { inputPer1M: 0.2, outputPer1M: 0.5 } } },
      PEAK,
    ).config;
    assert.equal(
      offPeakOffer(mine, mine.models['deepseek-flash'], { inputTokens: 10_000, outputTokens: 1_000 }, PEAK),
      undefined,
      'a price from settings has no time of day',
    );
  });

  it('a job deferred to the off-peak rate records what that saved as its own figure', async () => {
    const { pipeline, ledger } = await setup(OFF);
    await pipeline.run(DOC, { offPeakRun: true });
    const rec = ledger.recent()[0];
    assert.equal(rec.costUsd, 0.000924);
    assert.equal(rec.savedOffPeakUsd, 0.000924, 'the peak rate is twice');
  });
});

describe('dashboard: host cost against ours', () => {
  const base = {
    v: 1,
    id: 'a',
    requestId: 'r',
    attempt: 1,
    ts: OFF,
    workspace: 'w',
    task: 'explain',
    model: 'qwen/qwen3-8b',
    tier: 'cheap',
    reason: 'x',
    inputTokens: 194,
    outputTokens: 2,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    baselineCostUsd: 0.002,
    savedRoutingUsd: 0,
    savedCacheUsd: 0,
    savedCompressionUsd: 0,
    estimated: false,
    latencyMs: 1,
    outcome: 'ok',
    cacheHit: false,
    tokensSavedByCompression: 0,
  } as unknown as LedgerRecord;
  it('flags a difference above 5% with both numbers, and not one below', () => {
    assert.deepEqual(
      toRow({ ...base, costUsd: 0.95, hostCostUsd: 0.95, ourCostUsd: 0.0000105, priceSource: 'host' }).costMismatch,
      { hostUsd: 0.95, oursUsd: 0.0000105 },
    );
    assert.equal(
      toRow({ ...base, costUsd: 0.0000106, hostCostUsd: 0.0000106, ourCostUsd: 0.0000105, priceSource: 'host' })
        .costMismatch,
      undefined,
    );
    assert.equal(toRow({ ...base, costUsd: 0.0000105 }).costMismatch, undefined);
  });
});

import { strict as assert } from 'node:assert';
import {
  CATALOG,
  catalogPrice,
  catalogRows,
  inWindow,
  nextOffPeak,
  priceAttempt,
  retiredAlias,
  ruleAt,
} from '../../src/core/pricing';
import { readUsage, largerUsage } from '../../src/core/provider/usage';
import { DEFAULT_MODELS, parseConfig } from '../../src/core/config';
import { priceJsonLine, pricesText } from '../../src/core/pricing/cli';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const at = (iso: string) => Date.parse(iso);
const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-9, `${msg ?? ''} ${a} vs ${b}`);

/** Prices a raw provider usage object the way `frugal price` does. */
function price(provider: string, model: string, raw: unknown, when: string, headerCost?: string) {
  const r = readUsage(raw, headerCost)!;
  const cfg = parseConfig({ preset: provider as any }, at(when)).config;
  const m = Object.values(cfg.models).find((x) => x.name === model) ?? {
    name: model,
    inputPer1M: 0,
    cachedInputPer1M: 0,
    outputPer1M: 0,
  };
  return priceAttempt({
    catalogProvider: provider,
    model: { ...m, name: model },
    usage: r.usage,
    at: at(when),
    hostCostUsd: r.usage.hostCostUsd,
    estimated: r.missingInput || r.missingOutput || r.problems.length > 0,
  });
}

describe('pricing catalog (catalog.json)', () => {
  it('every price row has a date and a source, and every provider says when it was read', () => {
    for (const [pid, p] of Object.entries(CATALOG.providers)) {
      assert.match(p.read, /^\d{4}-\d{2}-\d{2}$/, pid);
      for (const [name, m] of Object.entries(p.models)) {
        for (const row of m.prices) {
          assert.ok(Number.isFinite(Date.parse(row.from)), `${pid}/${name}`);
          assert.ok(row.source || p.source, `${pid}/${name} has a source`);
          // a host without a cache discount says so
          if (!row.sameAs && row.cachedInputPer1M === row.inputPer1M && row.inputPer1M! > 0)
            assert.ok(row.cache, `${pid}/${name}: cached = input needs a 'cache' note`);
        }
      }
    }
  });

  it('the aggregator keeps the seed prices (DESIGN.md table) and config agrees with the catalog', () => {
    for (const [id, spec] of Object.entries(DEFAULT_MODELS)) {
      const p = catalogPrice('aggregator', spec.name, at('2026-12-01T12:00:00Z'))!;
      assert.ok(p, id);
      assert.equal(p.inputPer1M, spec.inputPer1M, id);
      assert.equal(p.outputPer1M, spec.outputPer1M, id);
    }
    assert.equal(catalogPrice('aggregator', 'deepseek-reasoner', Date.now())!.inputPer1M, 2.5);
  });

  it('DeepSeek: off-peak prices of the November 2026 page, peak twice that, on weekdays 01-04 and 06-10 UTC', () => {
    const off = catalogPrice('deepseek', 'deepseek-flash', at('2026-12-01T12:00:00Z'))!;
    assert.deepEqual([off.cachedInputPer1M, off.inputPer1M, off.outputPer1M, off.peak], [0.003, 0.15, 0.6, false]);
    const peak = catalogPrice('deepseek', 'deepseek-flash', at('2026-12-01T02:30:00Z'))!; // a Tuesday
    assert.deepEqual([peak.cachedInputPer1M, peak.inputPer1M, peak.outputPer1M, peak.peak], [0.006, 0.3, 1.2, true]);
    const pro = catalogPrice('deepseek', 'deepseek-v4-pro', at('2026-12-01T05:00:00Z'))!; // between the windows
    assert.deepEqual([pro.cachedInputPer1M, pro.inputPer1M, pro.outputPer1M, pro.peak], [0.022, 0.66, 1.98, false]);
    assert.equal(catalogPrice('deepseek', 'deepseek-v4-pro', at('2026-12-01T09:59:00Z'))!.peak, true);
    assert.equal(catalogPrice('deepseek', 'deepseek-v4-pro', at('2026-12-01T10:00:00Z'))!.peak, false);
    assert.equal(catalogPrice('deepseek', 'deepseek-v4-pro', at('2026-12-05T02:00:00Z'))!.peak, false, 'Saturday');
    assert.equal(catalogPrice('deepseek', 'deepseek-v4-pro', at('2026-10-01T02:00:00Z'))!.peak, false, 'National Day');
    assert.equal(catalogPrice('deepseek', 'deepseek-v4-pro', at('2026-09-30T02:00:00Z'))!.peak, true, 'the day before');
  });

  it('every attempt is priced by its own time: the price history of deepseek-v4-flash', () => {
    const before = catalogPrice('deepseek', 'deepseek-v4-flash', at('2026-08-10T02:00:00Z'))!;
    assert.deepEqual([before.inputPer1M, before.peak], [0.14, false], 'flat price before 2026-08-16 16:00 UTC');
    const between = catalogPrice('deepseek', 'deepseek-v4-flash', at('2026-08-17T02:00:00Z'))!;
    assert.deepEqual([between.inputPer1M, between.peak], [0.44, true]);
    const now = catalogPrice('deepseek', 'deepseek-v4-flash', at('2026-11-20T12:00:00Z'))!;
    assert.deepEqual([now.model, now.inputPer1M], ['deepseek-flash', 0.15], 'billed as Flash');
    assert.equal(ruleAt('deepseek', at('2026-08-16T15:59:00Z')), undefined);
    assert.ok(ruleAt('deepseek', at('2026-08-16T16:00:00Z')));
  });

  it('retired aliases: deepseek-chat and deepseek-reasoner after 2026-07-24, and the one-time setting message', () => {
    assert.equal(retiredAlias('deepseek', 'deepseek-chat', at('2026-07-20T00:00:00Z')), undefined);
    assert.equal(retiredAlias('deepseek', 'deepseek-chat', at('2026-07-25T00:00:00Z'))!.to, 'deepseek-flash');
    const { config, errors } = parseConfig(
      {
        preset: 'deepseek',
        models: { mine: { name: 'deepseek-reasoner', inputPer1M: 0.15, outputPer1M: 0.6 } },
        tiers: { reasoner: 'mine' },
      },
      at('2026-12-01T12:00:00Z'),
    );
    assert.equal(config.models.mine.name, 'deepseek-flash');
    assert.equal(config.models.mine.thinking, 'on');
    const msg = errors.find((e) => e.setting === 'frugal.models');
    assert.ok(msg, 'a message names the setting');
    assert.match(
      msg!.message,
      /deepseek-reasoner.*retired.*2026-07-24.*sends "deepseek-flash".*frugal\.models\["mine"\]\.name/,
    );
    // Frugal's own seed ids under the deepseek preset are remapped silently
    assert.deepEqual(parseConfig({ preset: 'deepseek' }, at('2026-12-01T12:00:00Z')).errors, []);
  });

  it('nextOffPeak: the end of the current window, or now', () => {
    assert.equal(nextOffPeak('deepseek', at('2026-12-01T02:30:00Z')), at('2026-12-01T04:00:00Z'));
    assert.equal(nextOffPeak('deepseek', at('2026-12-01T07:00:00Z')), at('2026-12-01T10:00:00Z'));
    assert.equal(nextOffPeak('deepseek', at('2026-12-01T12:00:00Z')), at('2026-12-01T12:00:00Z'));
    assert.equal(nextOffPeak('aggregator', at('2026-12-01T02:30:00Z')), undefined);
    const rule = ruleAt('deepseek', at('2026-12-01T00:00:00Z'))!;
    assert.equal(inWindow(rule, at('2026-12-01T00:59:59Z')), false);
  });

  it('catalogRows lists the catalog in force with dates and base (off-peak) prices', () => {
    const rows = catalogRows(at('2026-12-01T02:00:00Z'));
    const flash = rows.find((r) => r.provider === 'deepseek' && r.model === 'deepseek-flash')!;
    assert.deepEqual([flash.inputPer1M, flash.peakMultiplier, flash.read], [0.15, 2, '2026-12-01']);
    assert.ok(rows.find((r) => r.provider === 'openrouter' && r.model === 'qwen/qwen3-8b'));
  });
});

describe('pricing: each usage shape, exact to 1e-9 USD', () => {
  const usageDeepSeek = {
    prompt_tokens: 10000,
    completion_tokens: 500,
    total_tokens: 10500,
    prompt_cache_hit_tokens: 8000,
    prompt_cache_miss_tokens: 2000,
    completion_tokens_details: { reasoning_tokens: 100 },
  };

  it('DeepSeek: prompt_cache_hit_tokens + prompt_cache_miss_tokens = prompt_tokens; reasoning counted once, as output', () => {
    const p = price('deepseek', 'deepseek-flash', usageDeepSeek, '2026-12-01T12:00:00Z');
    close(p.inputUsd, 0.0003);
    close(p.cachedInputUsd, 0.000024);
    close(p.outputUsd, 0.0003);
    close(p.costUsd, 0.000624);
    assert.equal(p.source, 'catalog');
    assert.equal(p.peak, false);
    const peak = price('deepseek', 'deepseek-flash', usageDeepSeek, '2026-12-01T02:00:00Z');
    close(peak.costUsd, 0.001248);
    assert.equal(peak.peak, true);
    close(
      price('deepseek', 'deepseek-v4-pro', usageDeepSeek, '2026-12-01T12:00:00Z').costUsd,
      (2000 * 0.66 + 8000 * 0.022 + 500 * 1.98) / 1e6,
    );
  });

  it('OpenAI-style: prompt_tokens_details.cached_tokens is inside prompt_tokens', () => {
    const u = { prompt_tokens: 10000, completion_tokens: 500, prompt_tokens_details: { cached_tokens: 8000 } };
    const p = price('deepseek', 'deepseek-flash', u, '2026-12-01T12:00:00Z');
    close(p.costUsd, 0.000624);
    // a host with no cache discount bills hits as input
    close(price('openrouter', 'qwen/qwen3-8b', u, '2026-12-01T12:00:00Z').costUsd, (10000 * 0.05 + 500 * 0.4) / 1e6);
  });

  it('Anthropic-style: cache_read_input_tokens is outside input_tokens', () => {
    const u = { input_tokens: 2000, cache_read_input_tokens: 8000, output_tokens: 500 };
    const r = readUsage(u)!;
    assert.deepEqual([r.usage.inputTokens, r.usage.cachedInputTokens], [10000, 8000]);
    close(price('deepseek', 'deepseek-flash', u, '2026-12-01T12:00:00Z').costUsd, 0.000624);
  });

  it('OpenRouter usage.cost and the LiteLLM header are the bill; ours is kept beside', () => {
    const p = price(
      'openrouter',
      'qwen/qwen3-8b',
      { prompt_tokens: 194, completion_tokens: 2, cost: 0.95 },
      '2026-12-01T12:00:00Z',
    );
    assert.deepEqual([p.source, p.costUsd, p.hostCostUsd], ['host', 0.95, 0.95]);
    close(p.ourCostUsd, (194 * 0.05 + 2 * 0.4) / 1e6);
    const l = price(
      'aggregator',
      'deepseek-coder',
      { prompt_tokens: 1000, completion_tokens: 100 },
      '2026-12-01T12:00:00Z',
      '0.000123',
    );
    assert.deepEqual([l.source, l.costUsd], ['host', 0.000123]);
    close(l.ourCostUsd, (1100 * 0.25) / 1e6);
  });
});

describe('usage sanity: hostile or buggy usage', () => {
  it('negative counts are clamped to 0 and flagged', () => {
    const r = readUsage({ prompt_tokens: -1000, completion_tokens: -5 })!;
    assert.deepEqual([r.usage.inputTokens, r.usage.outputTokens], [0, 0]);
    assert.ok(r.problems.length >= 2);
    const p = price(
      'aggregator',
      'deepseek-coder',
      { prompt_tokens: -1000, completion_tokens: 20 },
      '2026-12-01T12:00:00Z',
    );
    assert.ok(p.costUsd >= 0 && p.estimated);
  });

  it('1e308 and Infinity are clamped to the plausible bound, never an infinite cost', () => {
    const r = readUsage({ prompt_tokens: 1e308, completion_tokens: 10 }, undefined, {
      promptTokens: 100,
      maxTokens: 100,
    })!;
    assert.equal(r.usage.inputTokens, 4096);
    const p = price(
      'aggregator',
      'deepseek-reasoner',
      { prompt_tokens: 1e308, completion_tokens: 1e308 },
      '2026-12-01T12:00:00Z',
    );
    assert.ok(Number.isFinite(p.costUsd) && p.costUsd > 0 && p.estimated);
    assert.equal(p.costUsd, 50); // 2 x 10,000,000 tokens at $2.50/M
  });

  it('strings are missing, not zero: flagged for estimation', () => {
    const r = readUsage({ prompt_tokens: '1200', completion_tokens: 'lots' })!;
    assert.equal(r.missingInput, true);
    assert.equal(r.missingOutput, true);
    assert.ok(r.problems.some((p) => /not a number/.test(p)));
  });

  it('a host cost that is negative, NaN, huge or a string of garbage is ignored', () => {
    for (const cost of [-0.01, Number.NaN, 1e308, 'abc'])
      assert.equal(
        readUsage({ prompt_tokens: 1, completion_tokens: 1, cost })!.usage.hostCostUsd,
        undefined,
        String(cost),
      );
    assert.equal(readUsage({ prompt_tokens: 1, completion_tokens: 1 }, '-3')!.usage.hostCostUsd, undefined);
  });

  it('cached above prompt is clamped; a repeated smaller usage chunk does not replace the larger', () => {
    assert.equal(
      readUsage({ prompt_tokens: 10, completion_tokens: 1, prompt_cache_hit_tokens: 50 })!.usage.cachedInputTokens,
      10,
    );
    const big = readUsage({ prompt_tokens: 1000, completion_tokens: 300 })!;
    const small = readUsage({ prompt_tokens: 10, completion_tokens: 3 })!;
    assert.equal(largerUsage(big, small).usage.inputTokens, 1000);
    assert.equal(largerUsage(small, big).usage.inputTokens, 1000);
  });
});

describe('frugal price / frugal prices', () => {
  it('price: exactly the contract fields, per line', () => {
    const out = JSON.parse(
      priceJsonLine(
        JSON.stringify({
          preset: 'deepseek',
          model: 'deepseek-flash',
          usage: {
            prompt_tokens: 10000,
            completion_tokens: 500,
            prompt_cache_hit_tokens: 8000,
            prompt_cache_miss_tokens: 2000,
          },
          at: '2026-12-01T02:00:00Z',
        }),
      ),
    );
    assert.deepEqual(Object.keys(out).sort(), [
      'cachedInputUsd',
      'costUsd',
      'estimated',
      'inputUsd',
      'outputUsd',
      'peak',
      'source',
    ]);
    assert.deepEqual(out, {
      costUsd: 0.001248,
      source: 'catalog',
      inputUsd: 0.0006,
      cachedInputUsd: 0.000048,
      outputUsd: 0.0006,
      peak: true,
      estimated: false,
    });
  });

  it('price: the LiteLLM header (any case) and OpenRouter usage.cost win; settings-free models by provider-side name', () => {
    const h = JSON.parse(
      priceJsonLine(
        JSON.stringify({
          model: 'deepseek-coder',
          usage: { prompt_tokens: 1000, completion_tokens: 100 },
          headers: { 'X-LiteLLM-Response-Cost': '0.0002' },
          at: '2026-12-01T12:00:00Z',
        }),
      ),
    );
    assert.deepEqual([h.source, h.costUsd], ['host', 0.0002]);
    const o = JSON.parse(
      priceJsonLine(
        JSON.stringify({
          preset: 'openrouter',
          model: 'qwen/qwen3-8b',
          usage: { prompt_tokens: 194, completion_tokens: 2, cost: 0.95 },
          at: '2026-12-01T12:00:00Z',
        }),
      ),
    );
    assert.deepEqual([o.source, o.costUsd], ['host', 0.95]);
    const retired = JSON.parse(
      priceJsonLine(
        JSON.stringify({
          preset: 'deepseek',
          model: 'deepseek-chat',
          usage: { prompt_tokens: 14, completion_tokens: 9 },
          at: '2026-12-01T12:00:00Z',
        }),
      ),
    );
    close(retired.costUsd, 0.0000075);
  });

  it('price: hostile usage is flagged, never negative or infinite; bad lines are an error line', () => {
    const bad = JSON.parse(
      priceJsonLine(
        JSON.stringify({
          model: 'deepseek-reasoner',
          usage: { prompt_tokens: 1e308, completion_tokens: -3 },
          at: '2026-12-01T12:00:00Z',
        }),
      ),
    );
    assert.ok(Number.isFinite(bad.costUsd) && bad.costUsd >= 0 && bad.estimated);
    const strings = JSON.parse(
      priceJsonLine(
        JSON.stringify({ model: 'deepseek-reasoner', usage: { prompt_tokens: '12' }, at: '2026-12-01T12:00:00Z' }),
      ),
    );
    assert.equal(strings.estimated, true);
    assert.match(JSON.parse(priceJsonLine('not json')).error, /not JSON/);
    assert.match(JSON.parse(priceJsonLine('{"model":"nope","usage":{}}')).error, /unknown model "nope"/);
    assert.match(JSON.parse(priceJsonLine('{"model":"deepseek-coder","usage":{},"at":"yesterday"}')).error, /ISO time/);
    assert.match(JSON.parse(priceJsonLine('{"preset":"moon","model":"x","usage":{}}')).error, /unknown preset/);
  });

  it('prices: JSON lines of the catalog in force, and the README table is the generated one', () => {
    const lines = pricesText(at('2026-12-01T12:00:00Z'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.provider === 'deepseek' && l.model === 'deepseek-v4-pro' && l.outputPer1M === 1.98));
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    assert.ok(
      readme.includes(pricesText(at('2026-12-01T12:00:00Z'), true).trim()),
      'README table matches `frugal prices --markdown` (regenerate it after a catalog change)',
    );
  });
});

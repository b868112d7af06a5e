import { strict as assert } from 'node:assert';
import { costOf, listCostOf, formatUsd } from '../../src/core/pricing';
import { defaultConfig } from '../../src/core/config';

describe('pricing', () => {
  const c = defaultConfig();

  it('prices Qwen3-8B at $0.01 per million in and out', () => {
    assert.equal(
      costOf(c.models['Qwen/Qwen3-8B'], {
        inputTokens: 1_000_000,
        outputTokens: 1_000_000,
        cachedInputTokens: 0,
        reasoningTokens: 0,
      }),
      0.02,
    );
    assert.equal(
      costOf(c.models['Qwen/Qwen3-8B'], {
        inputTokens: 1200,
        outputTokens: 300,
        cachedInputTokens: 0,
        reasoningTokens: 0,
      }),
      0.000015,
    );
  });

  it('prices deepseek-reasoner with reasoning tokens counted once, as output', () => {
    // completion_tokens already includes reasoning tokens: 2,000 completion of which 1,500 reasoning.
    const cost = costOf(c.models['deepseek-reasoner'], {
      inputTokens: 1000,
      outputTokens: 2000,
      cachedInputTokens: 0,
      reasoningTokens: 1500,
    });
    assert.equal(cost, 0.0075); // (1000 + 2000) * 2.5 / 1e6
  });

  it('prices cache-hit input apart from cache-miss input, never twice', () => {
    const model = { ...c.models['deepseek-coder'], inputPer1M: 0.27, cachedInputPer1M: 0.07, outputPer1M: 1.1 };
    // 10,000 prompt tokens of which 8,000 cache hits; 500 completion tokens.
    const cost = costOf(model, {
      inputTokens: 10_000,
      outputTokens: 500,
      cachedInputTokens: 8_000,
      reasoningTokens: 0,
    });
    assert.equal(cost, 0.00165); // (2,000*0.27 + 8,000*0.07 + 500*1.1) / 1e6 = (540 + 560 + 550) / 1e6
  });

  it('baseline list cost on gpt-4o', () => {
    assert.equal(listCostOf(c.models['gpt-4o'], 1000, 500), 0.015);
  });

  it('formats small amounts with four decimals', () => {
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(0.000015), '$0.000015');
    assert.equal(formatUsd(0.0123), '$0.01');
    assert.equal(formatUsd(0.0042), '$0.0042');
  });
});

import { strict as assert } from 'node:assert';
import { checkBudget, budgetUsage, outputTokenCap, remainingUsd } from '../../src/core/budget';
import { DEFAULT_BUDGET } from '../../src/core/config';

describe('budget guard', () => {
  it('no limits: always ok', () => {
    assert.equal(checkBudget(DEFAULT_BUDGET, { today: 100, month: 1000 }, 5).action, 'ok');
  });

  it('warns at 80% of the daily limit', () => {
    const v = checkBudget({ ...DEFAULT_BUDGET, dailyUsd: 1 }, { today: 0.79, month: 0.79 }, 0.02);
    assert.equal(v.action, 'warn');
    assert.match(v.message!, /81% of the daily budget/);
  });

  it('blocks past the limit with a message naming the setting', () => {
    const v = checkBudget({ ...DEFAULT_BUDGET, dailyUsd: 1 }, { today: 1.0, month: 1.0 }, 0.001);
    assert.equal(v.action, 'block');
    assert.match(v.message!, /frugal\.budget\.dailyUsd/);
  });

  it('downgrades instead when so configured (monthly)', () => {
    const v = checkBudget(
      { ...DEFAULT_BUDGET, monthlyUsd: 10, onExceed: 'downgrade' },
      { today: 0, month: 9.99 },
      0.05,
    );
    assert.equal(v.action, 'downgrade');
  });

  it('usage percentages', () => {
    assert.deepEqual(budgetUsage({ ...DEFAULT_BUDGET, dailyUsd: 2, monthlyUsd: 0 }, { today: 1, month: 5 }), {
      daily: 50,
      monthly: undefined,
    });
  });

  it('what is left before the tightest block limit; nothing caps downgrade mode or no limit', () => {
    assert.equal(remainingUsd({ ...DEFAULT_BUDGET, dailyUsd: 1, monthlyUsd: 10 }, { today: 0.25, month: 9.5 }), 0.5);
    assert.equal(remainingUsd({ ...DEFAULT_BUDGET, dailyUsd: 1 }, { today: 3, month: 3 }), 0);
    assert.equal(
      remainingUsd({ ...DEFAULT_BUDGET, dailyUsd: 1, onExceed: 'downgrade' }, { today: 0, month: 0 }),
      Infinity,
    );
    assert.equal(remainingUsd(DEFAULT_BUDGET, { today: 0, month: 0 }), Infinity);
  });

  it('caps output tokens at what the budget leaves after the input (with a margin)', () => {
    // $0.001 left; 1000 input tokens at $1/M with a 1.15 margin cost $0.00115 > left: no output at all.
    assert.equal(outputTokenCap(0.001, { inputPer1M: 1, outputPer1M: 2 }, 1000), 0);
    // $0.01 left; input $0.00115; $0.00885 at $2/M output = 4425 tokens.
    assert.equal(outputTokenCap(0.01, { inputPer1M: 1, outputPer1M: 2 }, 1000), 4425);
    assert.equal(outputTokenCap(Infinity, { inputPer1M: 1, outputPer1M: 2 }, 1000), undefined);
    assert.equal(outputTokenCap(0.01, { inputPer1M: 0, outputPer1M: 0 }, 1000), undefined);
  });
});

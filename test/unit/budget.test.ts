import { strict as assert } from 'node:assert';
import { checkBudget, budgetUsage } from '../../src/core/budget';
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
    const v = checkBudget({ ...DEFAULT_BUDGET, monthlyUsd: 10, onExceed: 'downgrade' }, { today: 0, month: 9.99 }, 0.05);
    assert.equal(v.action, 'downgrade');
  });

  it('usage percentages', () => {
    assert.deepEqual(budgetUsage({ ...DEFAULT_BUDGET, dailyUsd: 2, monthlyUsd: 0 }, { today: 1, month: 5 }), { daily: 50, monthly: undefined });
  });
});

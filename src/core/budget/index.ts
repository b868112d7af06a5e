// Budget guard: before a request, compare what is spent (plus the request's estimate) with the daily and monthly
// limits. At the warning share it warns; past the limit the setting decides: block, or downgrade to the cheap tier.
import type { BudgetConfig } from '../config';
import { formatUsd } from '../pricing';

export type BudgetAction = 'ok' | 'warn' | 'downgrade' | 'block';

export interface BudgetVerdict {
  action: BudgetAction;
  /** highest share of a limit used, in percent (after this request's estimate) */
  percent: number;
  message?: string;
}

export function checkBudget(
  budget: BudgetConfig,
  spent: { today: number; month: number },
  estimateUsd: number,
): BudgetVerdict {
  const limits: { name: string; setting: string; limit: number; spent: number }[] = [];
  if (budget.dailyUsd > 0)
    limits.push({ name: 'daily', setting: 'frugal.budget.dailyUsd', limit: budget.dailyUsd, spent: spent.today });
  if (budget.monthlyUsd > 0)
    limits.push({ name: 'monthly', setting: 'frugal.budget.monthlyUsd', limit: budget.monthlyUsd, spent: spent.month });
  let verdict: BudgetVerdict = { action: 'ok', percent: 0 };
  for (const l of limits) {
    const before = (l.spent / l.limit) * 100;
    const after = ((l.spent + estimateUsd) / l.limit) * 100;
    if (after > verdict.percent) verdict = { ...verdict, percent: after };
    if (before >= 100 || after > 100) {
      const over =
        budget.onExceed === 'downgrade'
          ? {
              action: 'downgrade' as const,
              message: `The ${l.name} budget (${formatUsd(l.limit)}) is used up (${formatUsd(l.spent)} spent): using the cheapest tier. Raise ${l.setting} to lift this.`,
            }
          : {
              action: 'block' as const,
              message: `The ${l.name} budget of ${formatUsd(l.limit)} is used up (${formatUsd(l.spent)} spent; this request needs about ${formatUsd(estimateUsd)}). Raise ${l.setting} or set frugal.budget.onExceed to "downgrade".`,
            };
      if (verdict.action !== 'block') verdict = { ...verdict, ...over };
    } else if (after >= budget.warnPercent && verdict.action === 'ok') {
      verdict = {
        ...verdict,
        action: 'warn',
        message: `${Math.round(after)}% of the ${l.name} budget (${formatUsd(l.limit)}) is spent.`,
      };
    }
  }
  return verdict;
}

/** Percent of each limit used, for the status bar and dashboard (undefined where there is no limit). */
export function budgetUsage(
  budget: BudgetConfig,
  spent: { today: number; month: number },
): { daily?: number; monthly?: number } {
  return {
    daily: budget.dailyUsd > 0 ? (spent.today / budget.dailyUsd) * 100 : undefined,
    monthly: budget.monthlyUsd > 0 ? (spent.month / budget.monthlyUsd) * 100 : undefined,
  };
}

/**
 * What the block limits leave to spend before the tightest one is reached (Infinity when nothing blocks: no limit
 * is set, or the setting is to downgrade, which keeps working on the cheap tier).
 */
export function remainingUsd(budget: BudgetConfig, spent: { today: number; month: number }): number {
  if (budget.onExceed !== 'block') return Infinity;
  let left = Infinity;
  if (budget.dailyUsd > 0) left = Math.min(left, budget.dailyUsd - spent.today);
  if (budget.monthlyUsd > 0) left = Math.min(left, budget.monthlyUsd - spent.month);
  return Math.max(0, left);
}

/**
 * The most output tokens an attempt may ask for so that, with its input, it cannot cross a block limit: the rest of
 * the budget after the input (estimated with a margin, since the estimate can be low) at the model's output price.
 * Undefined when nothing caps it.
 */
export function outputTokenCap(
  remaining: number,
  model: { inputPer1M: number; outputPer1M: number },
  estimatedInputTokens: number,
  inputMargin = 1.15,
): number | undefined {
  if (!Number.isFinite(remaining) || model.outputPer1M <= 0) return undefined;
  const afterInput = remaining - (estimatedInputTokens * inputMargin * model.inputPer1M) / 1_000_000;
  return Math.max(0, Math.floor((afterInput * 1_000_000) / model.outputPer1M));
}

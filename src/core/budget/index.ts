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
      // used up, or not yet but this request would cross it: say which, with what is spent
      const state = before >= 100 ? 'is used up' : 'would be crossed by this request';
      const over =
        budget.onExceed === 'downgrade'
          ? {
              action: 'downgrade' as const,
              message: `The ${l.name} budget (${formatUsd(l.limit)}) ${state} (${formatUsd(l.spent)} spent${before >= 100 ? '' : `; it needs about ${formatUsd(estimateUsd)}`}): using the cheapest tier. Raise ${l.setting} to lift this.`,
            }
          : {
              action: 'block' as const,
              message: `The ${l.name} budget of ${formatUsd(l.limit)} ${state} (${formatUsd(l.spent)} spent; this request needs about ${formatUsd(estimateUsd)}). Raise ${l.setting} or set frugal.budget.onExceed to "downgrade".`,
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

// ---- budgets a gateway enforces (LiteLLM's key and team budgets, read from /key/info and /team/info) ----

/** One budget as the gateway last reported it (core/gateway's GatewayBudget). */
export interface ReadGatewayBudget {
  scope: 'key' | 'team';
  label: string;
  spendUsd: number;
  /** undefined: no limit */
  maxBudgetUsd?: number;
  /** epoch ms of the next reset, when the gateway says */
  resetsAt?: number;
}

/** What is known of the gateway's budgets before an attempt. */
export interface GatewayBudgetState {
  budgets: readonly ReadGatewayBudget[];
  /** what this window has spent through the gateway since the budgets were read (the gateway's figure lags) */
  spentSinceUsd: number;
  /** epoch ms now: a budget whose reset time has passed is not held against the request */
  now: number;
}

const gatewayLimits = (g: GatewayBudgetState) =>
  g.budgets
    .filter(
      (b) => b.maxBudgetUsd !== undefined && b.maxBudgetUsd >= 0 && !(b.resetsAt !== undefined && b.resetsAt <= g.now),
    )
    .map((b) => ({
      name: `the gateway's ${b.scope} budget (${b.scope === 'key' ? 'virtual key' : 'team'} ${b.label})`,
      limit: b.maxBudgetUsd!,
      spent: b.spendUsd + g.spentSinceUsd,
    }));

/**
 * The gateway's key and team budgets by the same rule as the local ones (checkBudget): in block mode an attempt
 * whose estimate would cross one is refused before it is sent; in downgrade mode it goes to the cheap tier, and once
 * a gateway budget is used up, not even the cheap tier is sent (the gateway would refuse it). `spent` is the
 * gateway's last figure plus this window's spending since, so a budget is not overrun between two reads.
 */
export function checkGatewayBudgets(
  g: GatewayBudgetState | undefined,
  onExceed: 'block' | 'downgrade',
  estimateUsd: number,
  tier: 'cheap' | 'coder' | 'reasoner',
  /** frugal.budget.warnPercent: at this share a warning, as for the local budgets */
  warnPercent = 100,
): BudgetVerdict {
  let verdict: BudgetVerdict = { action: 'ok', percent: 0 };
  if (!g) return verdict;
  for (const l of gatewayLimits(g)) {
    const after = l.limit > 0 ? ((l.spent + estimateUsd) / l.limit) * 100 : Infinity;
    if (after > verdict.percent) verdict = { ...verdict, percent: after };
    const usedUp = l.spent >= l.limit;
    if (!usedUp && l.spent + estimateUsd <= l.limit) {
      if (after >= warnPercent && verdict.action === 'ok')
        verdict = {
          ...verdict,
          action: 'warn',
          message: `${Math.round(after)}% of ${l.name} (${formatUsd(l.limit)}) is spent.`,
        };
      continue;
    }
    // which limit, and what is spent: "The gateway's team budget (team eng) of $5.00 is used up ($5.01 spent)"
    const state = usedUp
      ? `is used up (${formatUsd(l.spent)} spent`
      : `would be crossed (${formatUsd(l.spent)} spent; this request needs about ${formatUsd(estimateUsd)}`;
    const head = `${cap(l.name)} of ${formatUsd(l.limit)} ${state}`;
    if (onExceed === 'downgrade' && !(usedUp && tier === 'cheap')) {
      if (verdict.action === 'ok' || verdict.action === 'warn')
        verdict = {
          ...verdict,
          action: 'downgrade',
          message: `${head}): using the cheapest tier. Ask the gateway's admin to raise it.`,
        };
    } else if (verdict.action !== 'block') {
      verdict = {
        ...verdict,
        action: 'block',
        message:
          onExceed === 'downgrade'
            ? `${head}), on the cheapest tier too. Ask the gateway's admin to raise it, or wait for it to reset.`
            : `${head}). Ask the gateway's admin to raise it, or set frugal.budget.onExceed to "downgrade".`,
      };
    }
  }
  return verdict;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What the gateway's block limits leave to spend (Infinity when none applies or in downgrade mode). */
export function gatewayRemainingUsd(g: GatewayBudgetState | undefined, onExceed: 'block' | 'downgrade'): number {
  if (!g || onExceed !== 'block') return Infinity;
  let left = Infinity;
  for (const l of gatewayLimits(g)) left = Math.min(left, l.limit - l.spent);
  return Math.max(0, left);
}

const SEVERITY: Record<BudgetAction, number> = { ok: 0, warn: 1, downgrade: 2, block: 3 };

/** The stricter of two verdicts (its message), with the higher share of a limit used. */
export function stricterVerdict(a: BudgetVerdict, b: BudgetVerdict): BudgetVerdict {
  const top = SEVERITY[b.action] > SEVERITY[a.action] ? b : a;
  return { ...top, percent: Math.max(a.percent, b.percent) };
}

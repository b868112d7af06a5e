// Money: what a request cost from its usage, and what it would have cost on the baseline model.
import type { ModelConfig } from './config';

export interface TokenUsage {
  /** prompt tokens in total, cache hits included */
  inputTokens: number;
  /** completion tokens, reasoning tokens included (they are billed as output) */
  outputTokens: number;
  /** of inputTokens, how many the provider served from its prompt cache */
  cachedInputTokens: number;
  reasoningTokens: number;
}

const PER_MILLION = 1_000_000;

/** Rounds to a hundredth of a micro-dollar so sums of records stay exact enough to compare. */
export function roundUsd(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}

/** Cost of a request on `model`: cache-hit input at the cached price, the rest of input at the input price. */
export function costOf(model: Pick<ModelConfig, 'inputPer1M' | 'outputPer1M' | 'cachedInputPer1M'>, u: TokenUsage): number {
  const cached = Math.min(u.cachedInputTokens, u.inputTokens);
  const missed = u.inputTokens - cached;
  return roundUsd((missed * model.inputPer1M + cached * model.cachedInputPer1M + u.outputTokens * model.outputPer1M) / PER_MILLION);
}

/** Cost of a request with no prompt-cache discount (what the baseline comparison uses). */
export function listCostOf(model: Pick<ModelConfig, 'inputPer1M' | 'outputPer1M'>, inputTokens: number, outputTokens: number): number {
  return roundUsd((inputTokens * model.inputPer1M + outputTokens * model.outputPer1M) / PER_MILLION);
}

export function formatUsd(x: number): string {
  if (x === 0) return '$0.00';
  // Cheap-tier requests cost millionths of a dollar; show enough digits that they are not rounded to nothing.
  if (Math.abs(x) < 0.0001) return `$${x.toFixed(6)}`;
  if (Math.abs(x) < 0.01) return `$${x.toFixed(4)}`;
  return `$${x.toFixed(2)}`;
}

// Money: what a request cost from its usage, and what it would have cost on the baseline model. The price of an
// attempt is the catalog's at the attempt's own time (peak or off-peak), a price set in settings, or, when the host
// reports one, the host's own figure (ours is kept beside it).
import type { FrugalConfig, ModelConfig } from '../config';
import { catalogPrice, type PricePoint } from './catalog';

export * from './catalog';

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

/**
 * Rounds to a ten-thousandth of a micro-dollar (1e-10 USD: one cache-hit token on DeepSeek costs 3e-9) so sums of
 * records stay exact enough to compare. Never returns NaN, a negative or an infinite figure.
 */
export function roundUsd(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return 0;
  return Math.round(x * 1e10) / 1e10;
}

/** Cost of a request on `model`: cache-hit input at the cached price, the rest of input at the input price. */
export function costOf(
  model: Pick<ModelConfig, 'inputPer1M' | 'outputPer1M' | 'cachedInputPer1M'>,
  u: TokenUsage,
): number {
  const cached = Math.min(u.cachedInputTokens, u.inputTokens);
  const missed = u.inputTokens - cached;
  return roundUsd(
    (missed * model.inputPer1M + cached * model.cachedInputPer1M + u.outputTokens * model.outputPer1M) / PER_MILLION,
  );
}

/** Cost of a request with no prompt-cache discount (what the baseline comparison uses). */
export function listCostOf(
  model: Pick<ModelConfig, 'inputPer1M' | 'outputPer1M'>,
  inputTokens: number,
  outputTokens: number,
): number {
  return roundUsd((inputTokens * model.inputPer1M + outputTokens * model.outputPer1M) / PER_MILLION);
}

export function formatUsd(x: number): string {
  if (x === 0) return '$0.00';
  // Cheap-tier requests cost millionths of a dollar; show enough digits that they are not rounded to nothing.
  if (Math.abs(x) < 0.0001) return `$${x.toFixed(6)}`;
  if (Math.abs(x) < 0.01) return `$${x.toFixed(4)}`;
  return `$${x.toFixed(2)}`;
}

export type PriceSource = 'host' | 'catalog' | 'settings';

export interface PricedAttempt {
  /** the bill: the host's figure when it reported one, else ours */
  costUsd: number;
  source: PriceSource;
  /** our own figure, split: cache-miss input, cache-hit input, output */
  inputUsd: number;
  cachedInputUsd: number;
  outputUsd: number;
  ourCostUsd: number;
  hostCostUsd?: number;
  /** billed at a time-of-day rule's peak rate */
  peak: boolean;
  estimated: boolean;
  /** per million tokens, as applied */
  rates: { inputPer1M: number; cachedInputPer1M: number; outputPer1M: number };
}

type Rates = Pick<ModelConfig, 'inputPer1M' | 'outputPer1M' | 'cachedInputPer1M'>;

/** Splits a usage into priced parts at the given rates. */
export function priceParts(
  rates: Rates,
  u: TokenUsage,
): { inputUsd: number; cachedInputUsd: number; outputUsd: number; total: number } {
  const safe = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);
  const input = safe(u.inputTokens);
  const cached = Math.min(safe(u.cachedInputTokens), input);
  const inputUsd = roundUsd(((input - cached) * rates.inputPer1M) / PER_MILLION);
  const cachedInputUsd = roundUsd((cached * rates.cachedInputPer1M) / PER_MILLION);
  const outputUsd = roundUsd((safe(u.outputTokens) * rates.outputPer1M) / PER_MILLION);
  return {
    inputUsd,
    cachedInputUsd,
    outputUsd,
    total: roundUsd(
      ((input - cached) * rates.inputPer1M +
        cached * rates.cachedInputPer1M +
        safe(u.outputTokens) * rates.outputPer1M) /
        PER_MILLION,
    ),
  };
}

/** The catalog provider whose prices apply to `model` under `config` (none for the custom preset or own providers). */
export function catalogProviderFor(
  config: Pick<FrugalConfig, 'preset' | 'defaultProvider'>,
  model: Pick<ModelConfig, 'provider'>,
): string | undefined {
  if (config.preset === 'custom' || model.provider !== config.defaultProvider) return undefined;
  return config.preset;
}

/**
 * Prices one attempt. Order: a price the user set in settings for this model; the catalog's price in force at
 * `at`; the model's configured price. The host's own cost, when plausible, is the bill.
 */
export function priceAttempt(x: {
  catalogProvider?: string;
  model: Rates & { name: string; priceFromSettings?: boolean };
  usage: TokenUsage;
  at: number;
  hostCostUsd?: number;
  estimated?: boolean;
}): PricedAttempt {
  let point: PricePoint | undefined;
  if (!x.model.priceFromSettings && x.catalogProvider) point = catalogPrice(x.catalogProvider, x.model.name, x.at);
  const rates = point ?? x.model;
  const parts = priceParts(rates, x.usage);
  const host =
    x.hostCostUsd !== undefined && Number.isFinite(x.hostCostUsd) && x.hostCostUsd >= 0
      ? roundUsd(x.hostCostUsd)
      : undefined;
  const out: PricedAttempt = {
    costUsd: host ?? parts.total,
    source: host !== undefined ? 'host' : point ? 'catalog' : 'settings',
    inputUsd: parts.inputUsd,
    cachedInputUsd: parts.cachedInputUsd,
    outputUsd: parts.outputUsd,
    ourCostUsd: parts.total,
    peak: point?.peak ?? false,
    estimated: !!x.estimated,
    rates: { inputPer1M: rates.inputPer1M, cachedInputPer1M: rates.cachedInputPer1M, outputPer1M: rates.outputPer1M },
  };
  if (host !== undefined) out.hostCostUsd = host;
  return out;
}

/** Whether the host's figure and ours differ by more than `threshold` (a fraction of the larger). */
export function hostDiffers(hostUsd: number | undefined, ourUsd: number | undefined, threshold = 0.05): boolean {
  if (hostUsd === undefined || ourUsd === undefined) return false;
  const big = Math.max(Math.abs(hostUsd), Math.abs(ourUsd));
  return big > 0 && Math.abs(hostUsd - ourUsd) / big > threshold;
}
export * from './offPeak';

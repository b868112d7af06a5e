// The off-peak offer for batch work (Document File): when the provider bills a peak rate right now, what the job
// would cost now, what it would cost once the off-peak rate applies, and when that is.
import type { FrugalConfig, ModelConfig } from '../config';
import { nextOffPeak, ruleAt } from './catalog';
import { catalogProviderFor, priceAttempt } from './index';

export interface OffPeakOffer {
  /** estimated cost at the current (peak) rate */
  nowUsd: number;
  /** estimated cost at the off-peak rate */
  offPeakUsd: number;
  savedUsd: number;
  /** epoch ms when the off-peak rate applies */
  runAt: number;
  /** "10:00 UTC" */
  runAtLabel: string;
}

/** The offer, or undefined when the model's prices have no time of day or `now` is off-peak already. */
export function offPeakOffer(
  config: Pick<FrugalConfig, 'preset' | 'defaultProvider'>,
  model: ModelConfig,
  estimate: { inputTokens: number; outputTokens: number },
  now: number,
): OffPeakOffer | undefined {
  const provider = catalogProviderFor(config, model);
  if (!provider || model.priceFromSettings || !ruleAt(provider, now)) return undefined;
  const usage = {
    inputTokens: estimate.inputTokens,
    outputTokens: estimate.outputTokens,
    cachedInputTokens: 0,
    reasoningTokens: 0,
  };
  const atNow = priceAttempt({ catalogProvider: provider, model, usage, at: now });
  if (!atNow.peak) return undefined;
  const runAt = nextOffPeak(provider, now)!;
  const later = priceAttempt({ catalogProvider: provider, model, usage, at: runAt });
  if (later.peak || later.costUsd >= atNow.costUsd) return undefined;
  const d = new Date(runAt);
  const day = new Date(now).getUTCDate() === d.getUTCDate() ? '' : ` on ${d.toISOString().slice(0, 10)}`;
  return {
    nowUsd: atNow.costUsd,
    offPeakUsd: later.costUsd,
    savedUsd: Math.max(0, atNow.costUsd - later.costUsd),
    runAt,
    runAtLabel: `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC${day}`,
  };
}

/** What running at the off-peak rate saved against the peak rate, for a catalog-priced attempt off-peak. */
export function offPeakSaving(provider: string | undefined, ourCostUsd: number, at: number, peak: boolean): number {
  if (!provider || peak) return 0;
  const rule = ruleAt(provider, at);
  return rule ? ourCostUsd * (rule.multiplier - 1) : 0;
}

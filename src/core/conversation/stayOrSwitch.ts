// Stay or switch, priced: before each turn of a conversation, what the turn costs on the model whose prompt cache
// holds the thread's history (cache-hit price for the cached prefix) against the model the router picked for the new
// question (cache-miss price for the whole history, unless it is warm too). The cheaper one the router allows wins,
// and the reason says so with the difference in dollars.
import type { FrugalConfig, ModelConfig } from '../config';
import { catalogProviderFor, formatUsd, priceAttempt } from '../pricing';
import { estimateTokens } from '../tokens';
import { TIERS, type Tier, type WarmPrompt } from '../types';
import type { RouteDecision } from '../router';

/** DeepSeek persists its context cache in 64-token units at request boundaries; a partial unit never hits. */
export const CACHE_UNIT_TOKENS = 64;

/**
 * How long a provider's prompt cache is assumed to hold a prefix. DeepSeek says its disk cache is cleared "within
 * a few hours to a few days" when unused; OpenAI-style caches last minutes. An hour is the cautious middle: past it a
 * cached history is priced as a miss.
 */
export const WARM_FOR_MS = 60 * 60 * 1000;

/** Models with the same provider and provider-side name share one prompt cache (DeepSeek's preset maps three ids to one). */
export function cacheKeyOfModel(m: Pick<ModelConfig, 'provider' | 'name'>): string {
  return `${m.provider}/${m.name}`;
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * Tokens of `prompt` a model's prompt cache should serve: the longest prefix shared with a prompt sent earlier to a
 * model with the same cache, while it is still warm, rounded down to whole cache units.
 */
export function expectedCachedTokens(
  model: ModelConfig,
  prompt: string,
  warm: readonly WarmPrompt[],
  config: FrugalConfig,
  now: number,
): number {
  const key = cacheKeyOfModel(model);
  let best = 0;
  for (const w of warm) {
    const m = config.models[w.model];
    if (!m || cacheKeyOfModel(m) !== key || now - w.at > WARM_FOR_MS || now < w.at - WARM_FOR_MS) continue;
    best = Math.max(best, commonPrefixLength(w.prompt, prompt));
  }
  if (best === 0) return 0;
  const tokens = estimateTokens(prompt.slice(0, best));
  return Math.floor(tokens / CACHE_UNIT_TOKENS) * CACHE_UNIT_TOKENS;
}

export interface PricedCandidate {
  model: ModelConfig;
  tier: Tier;
  cachedTokens: number;
  costUsd: number;
}

/**
 * A turn's expected cost on a model at `at`: the cached prefix at the cache-hit price, the rest of the input at the
 * miss price, from the catalog's price in force then (or the model's own prices from settings).
 */
export function priceTurn(
  config: FrugalConfig,
  model: ModelConfig,
  inputTokens: number,
  cachedTokens: number,
  outputTokens: number,
  at: number,
): number {
  const usage = {
    inputTokens,
    cachedInputTokens: Math.min(cachedTokens, inputTokens),
    outputTokens,
    reasoningTokens: 0,
  };
  return priceAttempt({ catalogProvider: catalogProviderFor(config, model), model, usage, at }).ourCostUsd;
}

function tierOf(config: FrugalConfig, m: ModelConfig): Tier | undefined {
  return m.tier ?? TIERS.find((t) => config.tiers[t] === m.id);
}

export interface StayOrSwitchInput {
  decision: RouteDecision;
  /** promptText of this turn's messages */
  prompt: string;
  warm: readonly WarmPrompt[];
  config: FrugalConfig;
  now: number;
  /** the user chose the model or tier (forced, per-task, pinned): it is priced, never overridden */
  userChose: boolean;
}

/**
 * The turn's model. Candidates: the router's model and every model the thread has warmed that serves the router's
 * tier or a stronger one (the router's tier is the least this question needs; a weaker warm model is never kept).
 * Each is priced with its own cached prefix; the cheapest wins, the router's model on a tie.
 */
export function stayOrSwitch(x: StayOrSwitchInput): RouteDecision & { cachedTokens: number } {
  const { decision, config } = x;
  const inTok = decision.estimatedInputTokens;
  const outTok = decision.estimatedOutputTokens;
  const price = (model: ModelConfig, tier: Tier): PricedCandidate => {
    const cachedTokens = expectedCachedTokens(model, x.prompt, x.warm, config, x.now);
    return { model, tier, cachedTokens, costUsd: priceTurn(config, model, inTok, cachedTokens, outTok, x.now) };
  };
  const routed = price(decision.model, decision.tier);
  const withCost = (c: PricedCandidate, reason: string) => ({
    ...decision,
    model: c.model,
    tier: c.tier,
    reason,
    estimatedCostUsd: c.costUsd,
    cachedTokens: c.cachedTokens,
  });
  if (x.userChose || x.warm.length === 0) return withCost(routed, decision.reason);

  const need = TIERS.indexOf(decision.tier);
  const last = [...x.warm].sort((a, b) => b.at - a.at)[0];
  const lastModel = config.models[last.model];
  const seen = new Set<string>([decision.model.id]);
  const others: PricedCandidate[] = [];
  for (const w of x.warm) {
    const m = config.models[w.model];
    if (!m || seen.has(m.id)) continue;
    seen.add(m.id);
    const t = tierOf(config, m);
    if (t === undefined || TIERS.indexOf(t) < need) continue;
    others.push(price(m, t));
  }
  const best = others.reduce((a, b) => (b.costUsd < a.costUsd ? b : a), routed);
  const router = `router: ${decision.reason}`;
  if (best !== routed) {
    const diff = routed.costUsd - best.costUsd;
    const verb = lastModel && cacheKeyOfModel(lastModel) === cacheKeyOfModel(best.model) ? 'stayed on' : 'went back to';
    return withCost(
      best,
      `${verb} ${best.model.id}: its cached history makes this turn ${formatUsd(diff)} cheaper than moving to ${decision.model.id} (${decision.tier}) · ${router}`,
    );
  }
  if (lastModel && cacheKeyOfModel(lastModel) === cacheKeyOfModel(routed.model)) {
    return withCost(
      routed,
      `stayed on ${routed.model.id}: the router's choice, ${routed.cachedTokens} history tokens cached · ${router}`,
    );
  }
  if (lastModel) {
    const lastTier = tierOf(config, lastModel);
    if (lastTier !== undefined && TIERS.indexOf(lastTier) < need) {
      return withCost(
        routed,
        `moved to ${routed.model.id} (${routed.tier}): this question needs the ${routed.tier} tier, more than ${lastModel.id} · ${router}`,
      );
    }
    const stay = others.find((c) => c.model.id === lastModel.id) ?? price(lastModel, lastTier ?? decision.tier);
    const diff = stay.costUsd - routed.costUsd;
    return withCost(
      routed,
      `moved to ${routed.model.id} (${routed.tier}): ${formatUsd(Math.max(0, diff))} cheaper than staying on ${lastModel.id} even with its cached history · ${router}`,
    );
  }
  return withCost(routed, decision.reason);
}

// route(): the tier and model for one request, why, and what it should cost. Overrides beat the classifier in a
// fixed order so a user's explicit choice always wins over an automatic one.
import type { FrugalConfig, ModelConfig } from '../config';
import { listCostOf } from '../pricing';
import { TIERS, type EditorRequest, type Tier } from '../types';
import { classify } from './classify';
import { estimateTokens } from '../tokens';
import { THINKING_TOKENS, inputTokensFor, outputTokensFor } from './estimate';

export interface RouteOptions {
  /** Tier the user pinned for the session (status-bar menu). */
  pinnedTier?: Tier;
  /** Model id the user chose for this one request. */
  forcedModel?: string;
  /** Input tokens after compression, when the caller already knows them. */
  inputTokens?: number;
}

export interface RouteDecision {
  tier: Tier;
  model: ModelConfig;
  reason: string;
  /** What the classifier alone would have chosen (kept for the dashboard and for tuning, even when overridden). */
  classifiedTier: Tier;
  /** What a correction of this decision is keyed by (the command and the kinds of evidence present). */
  signature: string;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  estimatedCostUsd: number;
}

/** The tier a model serves: its own `tier`, else the tier the configuration maps to it. */
function tierOfModel(config: FrugalConfig, model: ModelConfig): Tier | undefined {
  if (model.tier) return model.tier;
  return TIERS.find((t) => config.tiers[t] === model.id);
}

/** Thinking models spend hidden reasoning tokens, billed as output. */
function thinks(model: ModelConfig, tier: Tier): boolean {
  return model.thinking === 'on' || (model.thinking === 'default' && tier === 'reasoner');
}

export function route(req: EditorRequest, config: FrugalConfig, opts: RouteOptions = {}): RouteDecision {
  const corrections = config.router?.corrections;
  const classified = classify(req, {
    lean: config.router?.lean,
    correction: corrections ? (sig) => corrections.shiftFor(sig) : undefined,
  });
  let tier: Tier = classified.tier;
  let model: ModelConfig | undefined;
  let reason = classified.reason;
  let ignored = '';

  const forced = opts.forcedModel ? config.models[opts.forcedModel] : undefined;
  const perTask = config.taskModels[req.task];
  if (opts.forcedModel && !forced) ignored = ` (model "${opts.forcedModel}" is not configured, so it was ignored)`;

  if (forced) {
    model = forced;
    tier = tierOfModel(config, forced) ?? classified.tier;
    reason = `chosen: you picked ${forced.id} for this request`;
  } else if (perTask && config.models[perTask]) {
    model = config.models[perTask];
    tier = tierOfModel(config, model) ?? classified.tier;
    reason = `per-task setting frugal.taskModels.${req.task}`;
  } else if (opts.pinnedTier && (TIERS as readonly string[]).includes(opts.pinnedTier)) {
    tier = opts.pinnedTier;
    reason = 'tier pinned for this session';
  }
  model ??= config.models[config.tiers[tier]];
  if (!model) throw new Error(`frugal.tiers.${tier} names model "${config.tiers[tier]}", which is not configured`);

  return {
    tier,
    model,
    reason: reason + ignored,
    classifiedTier: classified.tier,
    signature: classified.signals.find((x) => x.startsWith('signature:'))?.slice(10) ?? req.task,
    ...estimateOn(req, model, tier, opts.inputTokens),
  };
}

/** What a request should cost on one model serving one tier (no classification: the model is already chosen). */
export function estimateOn(
  req: EditorRequest,
  model: ModelConfig,
  tier: Tier,
  inputTokens?: number,
): Pick<RouteDecision, 'estimatedInputTokens' | 'estimatedOutputTokens' | 'estimatedCostUsd'> {
  // The selection is counted once for both estimates.
  const sel = estimateTokens(req.selection ?? '');
  const estimatedInputTokens = Math.max(0, Math.round(inputTokens ?? inputTokensFor(req, sel)));
  const answer = outputTokensFor(req.task, sel) + (thinks(model, tier) ? THINKING_TOKENS : 0);
  const estimatedOutputTokens = Math.min(answer, model.maxOutputTokens);
  return {
    estimatedInputTokens,
    estimatedOutputTokens,
    estimatedCostUsd: listCostOf(model, estimatedInputTokens, estimatedOutputTokens),
  };
}

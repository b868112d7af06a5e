// The pipeline's policy as small pure functions (core/pipeline.ts calls them): whose choice a request carries, the
// cache key that follows from it, and which attempt comes next after a failure. One cascade policy covers both
// failures: a provider error the next model may not share (rate limit, server, timeout, unknown model, a broken
// answer) falls back one tier up; an unusable answer (cut off, refused, no code) escalates one tier up. Each is
// tried only with the cascade on, and only on a model other than the one that failed.
import { modelForTier, nextTier, type FrugalConfig, type ModelConfig } from './config';
import type { CacheKeyInput } from './cache';
import type { ProviderErrorKind } from './provider';
import type { EditorRequest, Tier } from './types';

export interface Attempt {
  tier: Tier;
  model: ModelConfig;
  reason: string;
}

/** What the user asked for on top of the router: a model for this request, a per-task model, a pinned tier. */
export interface UserChoice {
  forcedModel?: string;
  pinnedTier?: Tier;
}

/**
 * The user's-choice rule, stated once: a model the user chose (for this request, or per task in
 * frugal.taskModels) is not second-guessed on quality, so an unusable answer from it is returned as partial rather
 * than escalated. It still falls back when it fails outright, as a broken host is not a choice.
 */
export function userChoseModel(req: Pick<EditorRequest, 'task'>, config: FrugalConfig, choice: UserChoice): boolean {
  return !!(choice.forcedModel || config.taskModels[req.task]);
}

/**
 * What constrains the model beyond the router, in the router's own precedence (router/route.ts): a forced model,
 * then the task's model, then a pinned tier. Part of the cache key, so an answer from one choice never serves another.
 */
export function modelConstraint(
  req: Pick<EditorRequest, 'task'>,
  config: FrugalConfig,
  choice: UserChoice,
): string | undefined {
  return (
    choice.forcedModel ?? config.taskModels[req.task] ?? (choice.pinnedTier ? `tier:${choice.pinnedTier}` : undefined)
  );
}

/** The cache key of a request: its task, language, model constraint and the whole prompt text. */
export function cacheKeyFor(
  req: Pick<EditorRequest, 'task' | 'languageId'>,
  config: FrugalConfig,
  choice: UserChoice,
  prompt: string,
): CacheKeyInput {
  return { task: req.task, languageId: req.languageId, modelConstraint: modelConstraint(req, config, choice), prompt };
}

/** Provider errors another model may well not have. Auth, credit, a bad request and cancellation are not. */
export function fallbackWorthy(kind: ProviderErrorKind): boolean {
  return (
    kind === 'rate_limit' ||
    kind === 'server' ||
    kind === 'model_not_found' ||
    kind === 'timeout' ||
    kind === 'bad_response'
  );
}

export type AttemptFailure = { kind: 'error'; errorKind: ProviderErrorKind } | { kind: 'unusable'; problem: string };

/** The attempt after `attempt` failed, or undefined when the request ends here. */
export function nextAttempt(
  attempt: Attempt,
  failure: AttemptFailure,
  config: FrugalConfig,
  userChose: boolean,
): Attempt | undefined {
  if (!config.cascadeEnabled) return undefined;
  if (failure.kind === 'error' && !fallbackWorthy(failure.errorKind)) return undefined;
  if (failure.kind === 'unusable' && userChose) return undefined;
  for (let tier = nextTier(attempt.tier); tier; tier = nextTier(tier)) {
    const model = modelForTier(config, tier);
    if (!model || model.id === attempt.model.id) continue;
    const reason =
      failure.kind === 'error'
        ? `${tier}: fallback after ${attempt.model.id}`
        : `${tier}: escalated because ${failure.problem}`;
    return { tier, model, reason };
  }
  return undefined;
}

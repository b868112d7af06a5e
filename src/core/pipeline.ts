// One request, in order: redact and compress the context, route, check the budget, look in the cache, call the
// provider (escalating when the answer is unusable or the model fails), record the cost, store the answer.
// Everything here is plain data in and out; the editor side supplies the ports.
import { randomUUID } from 'node:crypto';
import { modelForTier, providerFor, type FrugalConfig, type ModelConfig } from './config';
import type { Clock, Logger, SecretSource } from './ports';
import { systemClock } from './ports';
import type { EditorRequest, LedgerRecord, Outcome, Task, Tier } from './types';
import { buildMessages, promptText, type ChatMessageText } from './prompts';
import { catalogProviderFor, listCostOf, offPeakSaving, priceAttempt, roundUsd, formatUsd } from './pricing';
import { estimateMessagesTokens, estimateTokens } from './tokens';
import {
  checkBudget,
  checkGatewayBudgets,
  gatewayRemainingUsd,
  outputTokenCap,
  remainingUsd,
  stricterVerdict,
  type BudgetVerdict,
  type GatewayBudgetState,
} from './budget';
import { route, estimateOn, checkAnswer, type RouteDecision } from './router';
import { prepareContext, type PreparedContext } from './compress';
import { isSensitivePath, redactAroundCursor, redactSecrets } from './privacy';
import type { Ledger } from './ledger';
import type { ResponseCache, CacheKeyInput } from './cache';
import {
  ProviderError,
  type CallResult,
  type ProviderClient,
  type ProviderErrorKind,
  type ProviderUsage,
} from './provider';
import { cacheKeyFor, nextAttempt, userChoseModel, type Attempt } from './cascade';
import { closesFence, fenceOpen } from './lang/fences';
import { gatewayBudgetMessage, type RoutingFacts } from './gateway/litellm';
import type { GatewaySnapshot } from './gateway/keyInfoClient';

/**
 * What one attempt was, as plain data, for observers such as the OpenTelemetry exporter (core/telemetry). Called
 * once per ledger record, synchronously: observers must only queue the data, never do I/O on the request path.
 */
export interface AttemptEvent {
  record: LedgerRecord;
  providerId: string;
  baseUrl: string;
  /** the provider-side model name that was asked for */
  modelName: string;
  operation: 'chat' | 'text_completion';
  /** ProviderError kind when the attempt failed ('budget' for a gateway's budget refusal) */
  errorType?: string;
  /** a gateway answered from its own cache */
  proxyCacheHit?: boolean;
  /** the model the host says answered */
  responseModel?: string;
  /** the provider is a gateway (LiteLLM) */
  gateway?: string;
}
import { prepareTurn } from './conversation/turn';

export interface RunOptions {
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  onReasoning?: (text: string) => void;
  /** a model chosen by the user for this request */
  forcedModel?: string;
  /** a tier pinned for the session */
  pinnedTier?: Tier;
  bypassCache?: boolean;
  /** waitSeconds: the longest this request waits across retries and tiers (frugal.request.maxWaitSeconds) */
  onRoute?: (d: {
    tier: Tier;
    model: string;
    reason: string;
    estimatedCostUsd: number;
    budgetMessage?: string;
    waitSeconds?: number;
  }) => void;
  /** a batch job the user deferred to the off-peak rate: the ledger counts what that saved */
  offPeakRun?: boolean;
  /** called when an attempt is abandoned and the next tier is tried */
  onEscalate?: (d: { from: string; to: string; problem: string }) => void;
  /** the exact messages about to be sent (a conversation starts from them) */
  onPrepared?: (p: PreparedRequest) => void;
}

export interface PipelineResult {
  requestId: string;
  content: string;
  reasoning: string;
  model: string;
  tier: Tier;
  reason: string;
  costUsd: number;
  savedUsd: number;
  cached: boolean;
  outcome: Outcome;
  estimated: boolean;
  secretsWithheld: number;
  secretKinds: string[];
  tokensSaved: number;
  inputTokens: number;
  outputTokens: number;
  /** of inputTokens, how many the provider served from its prompt cache */
  cachedInputTokens: number;
  attempts: number;
  /** things the user should know: budget warning, escalation, partial answer, context withheld, peak rate */
  notice?: string;
  /** the last attempt was billed at the provider's peak rate */
  peak?: boolean;
}

/** A failure the user can read and act on. */
export class PipelineError extends Error {
  constructor(
    readonly userMessage: string,
    readonly kind: 'blocked' | 'provider' | 'cancelled' | 'input',
    readonly partial?: PipelineResult,
    /** kind 'provider': the provider error's own kind, so the editor can offer the fix (Set API Key on 'auth') */
    readonly providerKind?: ProviderErrorKind,
  ) {
    super(userMessage);
    this.name = 'PipelineError';
  }
}

export interface PipelineDeps {
  getConfig(): FrugalConfig;
  provider: Pick<ProviderClient, 'chat' | 'complete'>;
  secrets: SecretSource;
  ledger: Ledger;
  /** undefined when no folder is open (nothing cached then) */
  cache?: ResponseCache;
  logger: Logger;
  clock?: Pick<Clock, 'now'>;
  workspace: string;
  /** called with every attempt's record (see AttemptEvent); errors it throws are logged and ignored */
  onAttempt?: (a: AttemptEvent) => void;
  /**
   * The LiteLLM gateway's key and team budgets as last read (GET /key/info, /team/info), when the default provider
   * is one: every attempt through it is checked against them before it is sent, like the local budgets.
   */
  gatewayBudgets?: () => GatewaySnapshot | undefined;
}

export interface PreparedRequest {
  messages: ChatMessageText[];
  prepared: PreparedContext;
  decision: RouteDecision;
}

export interface PromptPreview extends PreparedRequest {
  /** estimated cost of this prompt on each tier's model */
  perTier: { tier: Tier; model: string; estimatedCostUsd: number }[];
}

/** What the steps of one run() share. */
interface RunContext {
  req: EditorRequest;
  opts: RunOptions;
  config: FrugalConfig;
  requestId: string;
  started: number;
  preview: PreparedRequest;
  /** the route after the budget guard */
  decision: RouteDecision;
  notices: string[];
  key: CacheKeyInput;
  cache?: ResponseCache;
}

/** What the user is told about context that was not sent. */
function withheldNotices(prepared: PreparedContext): string[] {
  const notices: string[] = [];
  if (prepared.contextWithheldReason) notices.push(prepared.contextWithheldReason);
  if (prepared.secretsWithheld)
    notices.push(`${prepared.secretsWithheld} secret${prepared.secretsWithheld === 1 ? ' was' : 's were'} withheld`);
  return notices;
}

const ZERO_USAGE: ProviderUsage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };

export class Pipeline {
  private readonly clock: Pick<Clock, 'now'>;

  constructor(private readonly deps: PipelineDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** The configuration in force (read afresh: settings change). */
  config(): FrugalConfig {
    return this.deps.getConfig();
  }

  /** Redacts, compresses and builds the exact messages for a request, and routes it. Sends nothing. */
  prepare(req: EditorRequest, opts: Pick<RunOptions, 'forcedModel' | 'pinnedTier'> = {}): PreparedRequest {
    const config = this.deps.getConfig();
    if (req.thread) return prepareTurn({ ...req, thread: req.thread }, config, opts, this.clock.now());
    const windows = Object.values(config.tiers).map((id) => config.models[id]?.contextWindow ?? 32768);
    let prepared = this.prepareFor(req, config, Math.max(...windows));
    let messages = this.messagesFor(req, prepared);
    let decision = route(req, config, { ...opts, inputTokens: estimateMessagesTokens(messages) });
    if (decision.estimatedInputTokens + decision.estimatedOutputTokens > decision.model.contextWindow) {
      prepared = this.prepareFor(req, config, decision.model.contextWindow);
      messages = this.messagesFor(req, prepared);
      decision = route(req, config, { ...opts, inputTokens: estimateMessagesTokens(messages) });
    }
    return { messages, prepared, decision };
  }

  /** What "Show What Will Be Sent" shows: the prepared request and its estimated cost on each tier. */
  preview(req: EditorRequest, opts: Pick<RunOptions, 'forcedModel' | 'pinnedTier'> = {}): PromptPreview {
    const prepared = this.prepare(req, opts);
    const config = this.deps.getConfig();
    const perTier = (['cheap', 'coder', 'reasoner'] as Tier[]).map((tier) => {
      const d = route(req, config, { pinnedTier: tier, inputTokens: prepared.decision.estimatedInputTokens });
      return { tier, model: d.model.id, estimatedCostUsd: d.estimatedCostUsd };
    });
    return { ...prepared, perTier };
  }

  private prepareFor(req: EditorRequest, config: FrugalConfig, contextWindow: number): PreparedContext {
    return prepareContext(req, {
      maxInputTokens: config.compression.maxInputTokens,
      contextWindow,
      reservedOutputTokens: Math.min(4096, Math.floor(contextWindow / 4)),
    });
  }

  private messagesFor(req: EditorRequest, prepared: PreparedContext): ChatMessageText[] {
    return buildMessages({
      task: req.task,
      languageId: req.languageId,
      instruction: prepared.instruction,
      selection: prepared.selection,
      context: prepared.context,
      filePath: req.filePath,
      diagnostics: req.diagnostics?.map((d, i) => ({
        ...d,
        message: prepared.diagnosticMessages?.[i] ?? redactSecrets(d.message).text,
      })),
    });
  }

  private lastRefresh = 0;

  /**
   * Picks up other windows' spending for the budget check without waiting on the disk: at most every few seconds,
   * in the background (the editor also refreshes on a timer).
   */
  private refreshLedger(): void {
    const now = this.clock.now();
    if (now - this.lastRefresh < 5_000) return;
    this.lastRefresh = now;
    void this.deps.ledger.refresh();
  }

  /** Spend so far today and this month (all workspaces), for budgets. */
  spent(): { today: number; month: number } {
    return { today: this.deps.ledger.totals('today').costUsd, month: this.deps.ledger.totals('month').costUsd };
  }

  /**
   * One request, in DESIGN's order: prepare (redact, compress, route), the budget guard, the cache, then attempts
   * until one answers or the cascade ends (each attempt re-checked against the budget, priced and recorded).
   */
  async run(req: EditorRequest, opts: RunOptions = {}): Promise<PipelineResult> {
    const config = this.deps.getConfig();
    const requestId = randomUUID();
    const started = this.clock.now();
    this.refreshLedger();
    const preview = this.prepare(req, opts);
    opts.onPrepared?.(preview);
    const notices = withheldNotices(preview.prepared);
    const { decision, verdict } = await this.guardBudget(req, config, preview, requestId);
    if (verdict.message) notices.push(verdict.message);
    opts.onRoute?.({
      tier: decision.tier,
      model: decision.model.id,
      reason: decision.reason,
      estimatedCostUsd: decision.estimatedCostUsd,
      budgetMessage: verdict.message,
      waitSeconds: config.request.maxWaitSeconds,
    });
    const key: CacheKeyInput = cacheKeyFor(req, config, opts, promptText(preview.messages));
    const cache = config.cache.enabled ? this.deps.cache : undefined;
    const ctx: RunContext = { req, opts, config, requestId, started, preview, decision, notices, key, cache };
    const hit = cache && !opts.bypassCache ? await this.fromCache(ctx, cache) : undefined;
    if (hit) return hit;
    return this.attemptUntilAnswered(ctx, verdict.action === 'downgrade' ? (verdict.message ?? '') : undefined);
  }

  /** The budget guard before the first attempt: block (recorded at $0), or downgrade the route to the cheap tier. */
  private async guardBudget(
    req: EditorRequest,
    config: FrugalConfig,
    preview: PreparedRequest,
    requestId: string,
  ): Promise<{ decision: RouteDecision; verdict: BudgetVerdict }> {
    const { prepared } = preview;
    let decision = preview.decision;
    const verdict = this.budgetVerdict(config, decision, decision);
    if (verdict.action === 'block') {
      await this.record({
        requestId,
        attempt: 1,
        req,
        decision: { tier: decision.tier, model: decision.model, reason: decision.reason },
        usage: ZERO_USAGE,
        outcome: 'blocked',
        latencyMs: 0,
        prepared,
        estimated: false,
        error: verdict.message,
      });
      throw new PipelineError(verdict.message!, 'blocked');
    }
    if (verdict.action === 'downgrade' && decision.tier !== 'cheap') {
      decision = route(req, config, { pinnedTier: 'cheap', inputTokens: decision.estimatedInputTokens });
      decision = { ...decision, reason: `cheap: budget used up, downgraded (was ${preview.decision.reason})` };
    }
    return { decision, verdict };
  }

  /** A cached answer for the request: $0, recorded as a hit with the cost it saved. */
  private async fromCache(ctx: RunContext, cache: ResponseCache): Promise<PipelineResult | undefined> {
    const { req, opts, config, requestId, started, decision, notices, key } = ctx;
    const { prepared } = ctx.preview;
    const hit = cache.get(key);
    if (hit) {
      const a = hit.answer;
      const model = config.models[a.model] ?? decision.model;
      const rec = await this.record({
        requestId,
        attempt: 1,
        req,
        decision: { tier: a.tier, model, reason: a.reason },
        usage: { inputTokens: a.inputTokens, outputTokens: a.outputTokens, cachedInputTokens: 0, reasoningTokens: 0 },
        outcome: 'cached',
        latencyMs: this.clock.now() - started,
        prepared,
        estimated: false,
        cachedCostUsd: a.costUsd,
      });
      opts.onDelta?.(a.content);
      return {
        requestId,
        content: a.content,
        reasoning: a.reasoning ?? '',
        model: a.model,
        tier: a.tier,
        reason: a.reason,
        costUsd: 0,
        savedUsd: rec.baselineCostUsd,
        cached: true,
        outcome: 'cached',
        estimated: false,
        secretsWithheld: prepared.secretsWithheld,
        secretKinds: prepared.secrets.map((s) => s.kind),
        tokensSaved: prepared.tokensSaved,
        inputTokens: a.inputTokens,
        outputTokens: a.outputTokens,
        cachedInputTokens: 0,
        attempts: 1,
        notice: [`Served from cache (${hit.match} match): $0, saved ${formatUsd(a.costUsd)}`, ...notices].join(' · '),
      };
    }
    return undefined;
  }

  /**
   * Attempts, escalating one tier at a time, until one answers, the cascade ends or the request's wait runs out.
   * The budget is checked again before every attempt: an escalation or fallback may cost far more than the first.
   */
  private async attemptUntilAnswered(ctx: RunContext, downgradedAtStart?: string): Promise<PipelineResult> {
    const { req, opts, config, requestId, started, decision, notices, key, cache } = ctx;
    const { messages, prepared } = ctx.preview;
    // every attempt, retry and escalation of this request ends by then
    const waitUntil = started + config.request.maxWaitSeconds * 1000;
    let downgraded = downgradedAtStart;
    const userChose = userChoseModel(req, config, opts);
    let attempt: Attempt = { tier: decision.tier, model: decision.model, reason: decision.reason };
    let previous: { result: CallResult; attempt: Attempt; problem: string } | undefined;
    let lastError: ProviderError | undefined;
    let plantedRefusals = 0;
    let n = 0;
    for (;;) {
      n++;
      const waitLeftMs = waitUntil - this.clock.now();
      if (waitLeftMs <= 0) {
        const gaveUp = `Gave up after waiting ${config.request.maxWaitSeconds} s in all (frugal.request.maxWaitSeconds)`;
        if (previous)
          return this.resultFrom(requestId, previous.result, previous.attempt, prepared, n - 1, 'partial', [
            `The answer may be unusable: ${previous.problem}`,
            `not tried on ${attempt.model.id}: ${gaveUp}`,
            ...notices,
          ]);
        throw new PipelineError(lastError ? `${lastError.userMessage} ${gaveUp}.` : `${gaveUp}.`, 'provider');
      }
      const admission = this.admit(req, config, attempt, decision.estimatedInputTokens, downgraded);
      if (!admission.ok) {
        await this.record({
          requestId,
          attempt: n,
          req,
          decision: attempt,
          usage: ZERO_USAGE,
          outcome: 'blocked',
          latencyMs: 0,
          prepared,
          estimated: false,
          error: admission.message,
        });
        if (previous) {
          return this.resultFrom(requestId, previous.result, previous.attempt, prepared, n - 1, 'partial', [
            `The answer may be unusable: ${previous.problem}`,
            `not escalated to ${attempt.model.id}: ${admission.message}`,
            ...notices,
          ]);
        }
        throw new PipelineError(
          lastError
            ? `${lastError.userMessage} Not retried on ${attempt.model.id}: ${admission.message}`
            : admission.message,
          'blocked',
        );
      }
      const t0 = this.clock.now();
      let result: CallResult | undefined;
      try {
        result = await this.call(attempt, messages, req.task, opts, admission.maxOutputTokens, waitLeftMs);
      } catch (e) {
        const err = toProviderError(e);
        lastError = err;
        const partial = err.partial;
        // A request refused before any output (401, 404, 429, 5xx) was not billed: it costs $0. Once output had
        // begun, the host's usage counts, or an estimate of it, flagged.
        const usage = partial
          ? (partial.usage ?? this.estimateUsage(messages, partial.content, partial.reasoning))
          : ZERO_USAGE;
        if (err.kind === 'budget' && err.budget) {
          // A gateway's budget (key, user, team...) behaves like a local one: block, or downgrade to the cheap tier.
          const downgrade =
            config.budget.onExceed === 'downgrade' &&
            attempt.tier !== 'cheap' &&
            modelForTier(config, 'cheap')?.id !== attempt.model.id;
          const message = gatewayBudgetMessage(err.budget, config.budget.onExceed, downgrade);
          await this.record({
            requestId,
            attempt: n,
            req,
            decision: attempt,
            usage: ZERO_USAGE,
            outcome: 'blocked',
            latencyMs: this.clock.now() - t0,
            prepared,
            estimated: false,
            error: message,
            errorType: 'budget',
          });
          if (downgrade) {
            downgraded = message;
            notices.push(message);
            attempt = {
              tier: 'cheap',
              model: modelForTier(config, 'cheap'),
              reason: `cheap: gateway budget used up, downgraded (was ${attempt.reason})`,
            };
            continue;
          }
          throw new PipelineError(message, 'blocked');
        }
        const outcome: Outcome = err.kind === 'cancelled' ? 'cancelled' : partial?.content ? 'partial' : 'error';
        await this.record({
          requestId,
          attempt: n,
          req,
          decision: attempt,
          usage,
          outcome,
          latencyMs: this.clock.now() - t0,
          prepared,
          estimated: !!partial && (!partial.usage || !!partial.usageEstimated),
          error: err.userMessage,
          hostCostUsd: partial?.usage?.hostCostUsd,
          errorType: err.kind,
        });
        if (err.kind === 'cancelled') {
          throw new PipelineError(
            'Cancelled.',
            'cancelled',
            partial
              ? this.resultFrom(requestId, partial, attempt, prepared, n, 'cancelled', [
                  'Cancelled; the partial answer is shown',
                ])
              : undefined,
          );
        }
        const up = nextAttempt(attempt, { kind: 'error', errorKind: err.kind }, config, userChose);
        if (up) {
          opts.onEscalate?.({ from: attempt.model.id, to: up.model.id, problem: err.userMessage });
          notices.push(`${attempt.model.id} failed (${err.userMessage}); fell back to ${up.model.id}`);
          previous = partial?.content ? { result: partial, attempt, problem: err.userMessage } : previous;
          attempt = up;
          continue;
        }
        if (partial?.content) {
          return this.resultFrom(requestId, partial, attempt, prepared, n, 'partial', [
            `Partial answer: ${err.userMessage}`,
            ...notices,
          ]);
        }
        throw new PipelineError(err.userMessage, 'provider', undefined, err.kind);
      }
      const check = checkAnswer(req.task, result.content, result.finishReason);
      const usage = result.usage ?? this.estimateUsage(messages, result.content, result.reasoning);
      if (!check.usable) {
        // A refusal whose words come from the user's own file (a planted "begin every reply with I'm sorry") is
        // what the file asked for, not a sign a dearer model would do better: it earns one escalation, not two.
        const planted = check.problem === REFUSED && refusalQuotesRequest(result.content, req);
        const plantedAgain = planted && plantedRefusals > 0;
        if (planted) plantedRefusals++;
        const up = plantedAgain
          ? undefined
          : nextAttempt(attempt, { kind: 'unusable', problem: check.problem }, config, userChose);
        await this.record({
          requestId,
          attempt: n,
          req,
          decision: attempt,
          usage,
          outcome: up ? 'escalated' : 'partial',
          latencyMs: this.clock.now() - t0,
          prepared,
          estimated: !result.usage || !!result.usageEstimated,
          error: check.problem,
          hostCostUsd: result.usage?.hostCostUsd,
          proxyCacheHit: result.proxyCacheHit,
          responseModel: result.responseModel,
        });
        if (up) {
          opts.onEscalate?.({ from: attempt.model.id, to: up.model.id, problem: check.problem });
          notices.push(`${attempt.model.id}: ${check.problem}; escalated to ${up.model.id}`);
          previous = { result, attempt, problem: check.problem };
          attempt = up;
          continue;
        }
        const why = plantedAgain
          ? [`The answer repeats a refusal written in your file (a planted instruction?); not escalated again`]
          : [];
        return this.resultFrom(requestId, result, attempt, prepared, n, 'partial', [
          `The answer may be unusable: ${check.problem}`,
          ...why,
          ...notices,
        ]);
      }
      const rec = await this.record({
        requestId,
        attempt: n,
        req,
        decision: attempt,
        usage,
        outcome: 'ok',
        latencyMs: this.clock.now() - t0,
        prepared,
        estimated: !result.usage || !!result.usageEstimated,
        hostCostUsd: result.usage?.hostCostUsd,
        proxyCacheHit: result.proxyCacheHit,
        responseModel: result.responseModel,
        offPeakRun: opts.offPeakRun,
      });
      if (result.proxyCacheHit) notices.unshift(`Answered from the gateway's cache (${formatUsd(rec.costUsd)})`);
      // only an answer the host says is finished is kept: a stream that ended without a finish reason, or was cut
      // at the size cap or the token limit, may be incomplete
      if (cache && result.finishReason === 'stop') {
        cache.set(key, {
          content: result.content,
          reasoning: result.reasoning || undefined,
          model: attempt.model.id,
          tier: attempt.tier,
          reason: attempt.reason,
          costUsd: rec.costUsd,
          baselineCostUsd: rec.baselineCostUsd,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          createdAt: this.clock.now(),
        });
      }
      return this.resultFrom(requestId, result, attempt, prepared, n, 'ok', notices, rec);
    }
  }

  /**
   * The budget rule for one attempt, applied before every attempt of a request: in block mode no attempt starts
   * whose estimate would cross a limit, and its output is capped at what the budget has left; once a request is
   * downgraded, nothing above the cheap tier runs.
   */
  private admit(
    req: EditorRequest,
    config: FrugalConfig,
    attempt: Attempt,
    inputTokens: number,
    /** why the request was downgraded (which limit, what was spent), when it was */
    downgraded: string | undefined,
    /** an inline completion: a downgrade verdict stops it whatever its tier */
    completion = false,
  ): { ok: true; maxOutputTokens?: number } | { ok: false; message: string } {
    if (downgraded !== undefined && attempt.tier !== 'cheap') {
      return {
        ok: false,
        message: `this request stays on the cheap tier (frugal.budget.onExceed is "downgrade"): ${downgraded || 'the budget is used up'}`,
      };
    }
    const estimate = estimateOn(req, attempt.model, attempt.tier, inputTokens);
    const verdict = this.budgetVerdict(config, attempt, estimate);
    if (verdict.action === 'block') return { ok: false, message: verdict.message! };
    if (verdict.action === 'downgrade' && (completion || attempt.tier !== 'cheap')) {
      return { ok: false, message: verdict.message ?? 'the budget is used up: staying on the cheap tier' };
    }
    const left = remainingUsd(config.budget, this.spent());
    const gatewayLeft = gatewayRemainingUsd(this.gatewayState(config, attempt.model), config.budget.onExceed);
    const caps = [outputTokenCap(left, attempt.model, inputTokens)];
    const rate = this.gatewayRate(attempt.model);
    if (Number.isFinite(gatewayLeft) && rate) caps.push(outputTokenCap(gatewayLeft, rate, inputTokens));
    const known = caps.filter((c): c is number => c !== undefined);
    const cap = known.length ? Math.min(...known) : undefined;
    if (cap !== undefined && cap < 1)
      return {
        ok: false,
        message:
          verdict.message ??
          `the budget left (${formatUsd(Math.min(left, gatewayLeft))}) does not cover this request's input`,
      };
    return { ok: true, maxOutputTokens: cap };
  }

  /** The inline completions' daily budget for one completion: refused when its estimate would cross it. */
  private inlineAdmission(
    config: FrugalConfig,
    decision: RouteDecision,
  ): { ok: true; maxOutputTokens?: number } | { ok: false; message: string } {
    const limit = config.inline.dailyBudgetUsd;
    if (!(limit > 0)) return { ok: true };
    const spent = this.spentTodayOn('complete');
    const estimate = decision.estimatedCostUsd;
    const cap = outputTokenCap(Math.max(0, limit - spent), decision.model, decision.estimatedInputTokens);
    if (spent + estimate > limit || (cap !== undefined && cap < 1))
      return {
        ok: false,
        message: `Today's inline completion budget of ${formatUsd(limit)} is used up (${formatUsd(spent)} spent; a completion needs about ${formatUsd(estimate)}). Raise frugal.inline.dailyBudgetUsd, or completions resume tomorrow.`,
      };
    return { ok: true, maxOutputTokens: cap };
  }

  /** The local daily and monthly budgets and, for a model behind the LiteLLM gateway, the gateway's. */
  private budgetVerdict(
    config: FrugalConfig,
    attempt: { tier: Tier; model: ModelConfig },
    estimate: Pick<RouteDecision, 'estimatedInputTokens' | 'estimatedOutputTokens' | 'estimatedCostUsd'>,
  ): BudgetVerdict {
    const local = checkBudget(config.budget, this.spent(), estimate.estimatedCostUsd);
    const g = this.gatewayState(config, attempt.model);
    if (!g) return local;
    // behind a gateway a model's price is often left at $0 (the proxy reports each call's cost): then the estimate
    // is priced at what the proxy has charged for that model so far
    const rate = this.gatewayRate(attempt.model);
    const usd =
      estimate.estimatedCostUsd > 0 || !rate
        ? estimate.estimatedCostUsd
        : listCostOf(rate, estimate.estimatedInputTokens, estimate.estimatedOutputTokens);
    return stricterVerdict(
      local,
      checkGatewayBudgets(g, config.budget.onExceed, usd, attempt.tier, config.budget.warnPercent),
    );
  }

  /** What this window spent through the gateway, by time, since the gateway's budgets were last read. */
  private gatewaySpend: { at: number; usd: number }[] = [];
  /** when the gateway's budgets were last read successfully */
  private gatewayReadAt: number | undefined;
  /** What the gateway charged per model: its cost over all tokens of this window's calls (a blended price). */
  private gatewayCharged = new Map<string, { usd: number; tokens: number }>();

  /**
   * A model's price for the gateway checks: its own when set, else the gateway's blended price for it so far, else
   * the dearest blended price the gateway has charged for any model (a model not used yet is not taken as free).
   */
  private gatewayRate(model: ModelConfig): { inputPer1M: number; outputPer1M: number } | undefined {
    if (model.inputPer1M > 0 || model.outputPer1M > 0) return model;
    const per1M = (c: { usd: number; tokens: number } | undefined) =>
      c && c.tokens > 0 && c.usd > 0 ? (c.usd / c.tokens) * 1_000_000 : 0;
    const rate =
      per1M(this.gatewayCharged.get(model.id)) || Math.max(0, ...[...this.gatewayCharged.values()].map(per1M));
    return rate > 0 ? { inputPer1M: rate, outputPer1M: rate } : undefined;
  }

  /**
   * The gateway's budgets for an attempt on `model`, when it goes through the LiteLLM gateway whose budgets were
   * read: its figures plus this window's spending since (the gateway's own figure lags behind).
   */
  private gatewayState(config: FrugalConfig, model: ModelConfig): GatewayBudgetState | undefined {
    const provider = providerFor(config, model);
    if (provider.gateway !== 'litellm' || provider.id !== config.defaultProvider) return undefined;
    const snap = this.deps.gatewayBudgets?.();
    if (!snap?.budgets.length) return undefined;
    // a failed refresh keeps the budgets of the last good read (and says so in `error`): spending since that read
    // still counts
    if (!snap.error || this.gatewayReadAt === undefined) this.gatewayReadAt = snap.fetchedAt;
    const since = this.gatewayReadAt;
    this.gatewaySpend = this.gatewaySpend.filter((x) => x.at >= since);
    return {
      budgets: snap.budgets,
      spentSinceUsd: this.gatewaySpend.reduce((a, x) => a + x.usd, 0),
      now: this.clock.now(),
    };
  }

  /** Ghost-text completion: FIM where the model supports it, a chat prompt otherwise. Priced as task `complete`. */
  async complete(
    req: { prefix: string; suffix: string; languageId: string; filePath?: string; maxTokens: number; stop: string[] },
    signal: AbortSignal,
  ): Promise<{ text: string; costUsd: number; model: string }> {
    // never for files chat refuses to send (.env*, key files): the engine gates them too; this holds for any caller
    if (req.filePath && isSensitivePath(req.filePath))
      throw new PipelineError('No completions in a sensitive file.', 'blocked');
    const config = this.deps.getConfig();
    const editorReq: EditorRequest = {
      task: 'complete',
      instruction: '',
      languageId: req.languageId,
      selection: '',
      prefix: req.prefix,
      suffix: req.suffix,
      filePath: req.filePath,
    };
    const decision = route(editorReq, config, { inputTokens: estimateTokens(req.prefix) + estimateTokens(req.suffix) });
    const model = decision.model;
    // The global budgets hold for completions too, by the same rule as every chat attempt; past them, or in
    // downgrade mode (completions have no cheaper fallback), completions stop and the engine backs off.
    const admission = this.admit(editorReq, config, decision, decision.estimatedInputTokens, undefined, true);
    if (!admission.ok) throw new PipelineError(admission.message, 'blocked');
    // and completions' own daily budget (frugal.inline.dailyBudgetUsd) by the same rule: none starts whose estimate
    // would cross it, and none may ask for more output than it leaves
    const inline = this.inlineAdmission(config, decision);
    if (!inline.ok) throw new PipelineError(inline.message, 'blocked');
    const maxTokens = Math.min(
      req.maxTokens,
      admission.maxOutputTokens ?? Infinity,
      inline.maxOutputTokens ?? Infinity,
    );
    const provider = providerFor(config, model);
    const apiKey = await this.deps.secrets.getApiKey(provider.id);
    // prefix and suffix as one text: the editor's auto-closed quote after the cursor ends the value being typed
    const { prefix, suffix } = redactAroundCursor(req.prefix, req.suffix);
    const requestId = randomUUID();
    const t0 = this.clock.now();
    const prepared = { tokensSaved: 0 }; // completions are not compressed
    const routing: RoutingFacts = {
      task: 'complete',
      tier: decision.tier,
      reason: decision.reason,
      workspace: config.gateway.sendWorkspaceName ? this.deps.workspace : undefined,
    };
    const common = {
      provider,
      model,
      apiKey,
      signal,
      timeoutMs: config.request.timeoutSeconds * 1000,
      deadlineMs: config.request.totalDeadlineSeconds * 1000,
      maxRetries: 0,
      stream: false,
      routing,
    };
    let result: CallResult;
    let messages: ChatMessageText[] | undefined;
    try {
      if (model.fim) {
        result = await this.deps.provider.complete({
          ...common,
          prompt: prefix,
          suffix,
          maxTokens,
          stop: req.stop.slice(0, 16),
        });
      } else {
        messages = buildMessages({
          task: 'complete',
          languageId: req.languageId,
          instruction: 'Continue the code at <CURSOR>.',
          selection: `${prefix}<CURSOR>${suffix}`,
          context: '',
          filePath: req.filePath,
        });
        result = await this.deps.provider.chat({
          ...common,
          messages,
          maxTokens,
          stop: req.stop.slice(0, 4),
          temperature: 0,
        });
      }
    } catch (e) {
      const err = toProviderError(e);
      if (err.kind === 'budget' && err.budget) {
        // Like a local budget: completions stop (the engine backs off).
        const message = gatewayBudgetMessage(err.budget, 'block');
        await this.record({
          requestId,
          attempt: 1,
          req: editorReq,
          decision,
          usage: ZERO_USAGE,
          outcome: 'blocked',
          latencyMs: this.clock.now() - t0,
          prepared,
          estimated: false,
          error: message,
          errorType: 'budget',
          operation: model.fim ? 'text_completion' : 'chat',
        });
        throw new PipelineError(message, 'blocked');
      }
      if (err.kind !== 'cancelled' || err.partial?.usage) {
        const usage = err.partial?.usage ?? ZERO_USAGE;
        await this.record({
          requestId,
          attempt: 1,
          req: editorReq,
          decision,
          usage,
          outcome: err.kind === 'cancelled' ? 'cancelled' : 'error',
          latencyMs: this.clock.now() - t0,
          prepared,
          estimated: !err.partial?.usage || !!err.partial.usageEstimated,
          error: err.userMessage,
          errorType: err.kind,
          operation: model.fim ? 'text_completion' : 'chat',
        });
      }
      throw err;
    }
    const usage = result.usage ?? {
      inputTokens: messages ? estimateMessagesTokens(messages) : estimateTokens(prefix) + estimateTokens(suffix),
      outputTokens: estimateTokens(result.content),
      cachedInputTokens: 0,
      reasoningTokens: 0,
    };
    const rec = await this.record({
      requestId,
      attempt: 1,
      req: editorReq,
      decision,
      usage,
      outcome: 'ok',
      latencyMs: this.clock.now() - t0,
      prepared,
      estimated: !result.usage || !!result.usageEstimated,
      hostCostUsd: result.usage?.hostCostUsd,
      proxyCacheHit: result.proxyCacheHit,
      responseModel: result.responseModel,
      operation: model.fim ? 'text_completion' : 'chat',
    });
    return { text: stripFences(result.content), costUsd: rec.costUsd, model: model.id };
  }

  private completion: { config: FrugalConfig; languageId: string; model: ModelConfig } | undefined;

  /**
   * The model that serves inline completions (so the editor knows whether it takes a suffix). Asked on every
   * keystroke, so the answer is kept until the settings or the language change.
   */
  completionModel(languageId: string): ModelConfig {
    const config = this.deps.getConfig();
    const c = this.completion;
    if (c && c.config === config && c.languageId === languageId) return c.model;
    const model = route({ task: 'complete', instruction: '', languageId, selection: '' }, config).model;
    this.completion = { config, languageId, model };
    return model;
  }

  /** Today's spend on inline completions. */
  spentTodayOn(task: Task): number {
    return this.deps.ledger.totals('today', { task }).costUsd;
  }

  private async call(
    attempt: Attempt,
    messages: ChatMessageText[],
    task: Task,
    opts: RunOptions,
    maxOutputTokens?: number,
    maxWaitMs?: number,
  ): Promise<CallResult> {
    const config = this.deps.getConfig();
    const model = attempt.model;
    const provider = providerFor(config, model);
    const apiKey = await this.deps.secrets.getApiKey(provider.id);
    const routing: RoutingFacts = {
      task,
      tier: attempt.tier,
      reason: attempt.reason,
      workspace: config.gateway.sendWorkspaceName ? this.deps.workspace : undefined,
    };
    return this.deps.provider.chat({
      provider,
      model,
      apiKey,
      messages,
      routing,
      maxTokens: Math.min(
        model.maxOutputTokens,
        task === 'explain' || task === 'ask' ? 2048 : 4096,
        maxOutputTokens ?? Infinity,
      ),
      temperature: task === 'explain' || task === 'ask' ? 0.3 : 0,
      stream: true,
      signal: opts.signal,
      timeoutMs: config.request.timeoutSeconds * 1000,
      maxRetries: config.request.maxRetries,
      deadlineMs: config.request.totalDeadlineSeconds * 1000,
      maxWaitMs,
      onDelta: (d) => {
        if (d.content) opts.onDelta?.(d.content);
        if (d.reasoning) opts.onReasoning?.(d.reasoning);
      },
    });
  }

  private estimateUsage(messages: ChatMessageText[], content: string, reasoning: string): ProviderUsage {
    const reasoningTokens = reasoning ? estimateTokens(reasoning) : 0;
    return {
      inputTokens: estimateMessagesTokens(messages),
      outputTokens: estimateTokens(content) + reasoningTokens,
      cachedInputTokens: 0,
      reasoningTokens,
    };
  }

  private resultFrom(
    requestId: string,
    r: CallResult,
    a: Attempt,
    prepared: PreparedContext,
    attempts: number,
    outcome: Outcome,
    notices: string[],
    rec?: LedgerRecord,
  ): PipelineResult {
    const usage = r.usage;
    return {
      requestId,
      content: r.content,
      reasoning: r.reasoning,
      model: a.model.id,
      tier: a.tier,
      reason: a.reason,
      costUsd: rec?.costUsd ?? (usage ? this.price(a.model, usage, usage.hostCostUsd).costUsd : 0),
      savedUsd: rec ? rec.baselineCostUsd - rec.costUsd : 0,
      cached: false,
      outcome,
      estimated: !usage || !!r.usageEstimated,
      secretsWithheld: prepared.secretsWithheld,
      secretKinds: prepared.secrets.map((s) => s.kind),
      tokensSaved: prepared.tokensSaved,
      inputTokens: usage?.inputTokens ?? 0,
      outputTokens: usage?.outputTokens ?? 0,
      cachedInputTokens: usage?.cachedInputTokens ?? 0,
      attempts,
      notice:
        (rec?.peak ? [`Billed at the peak rate (${formatUsd(rec.costUsd)})`, ...notices] : notices).join(' · ') ||
        undefined,
      ...(rec?.peak ? { peak: true } : {}),
    };
  }

  /** Prices one attempt at this moment: settings, then the catalog's price in force now, and the host's figure when it gave one. */
  private price(model: ModelConfig, usage: ProviderUsage, hostCostUsd: number | undefined) {
    const config = this.deps.getConfig();
    return priceAttempt({
      catalogProvider: catalogProviderFor(config, model),
      model,
      usage,
      at: this.clock.now(),
      hostCostUsd,
    });
  }

  private notifyAttempt(
    rec: LedgerRecord,
    model: ModelConfig,
    x: {
      outcome: Outcome;
      errorType?: string;
      proxyCacheHit?: boolean;
      operation?: AttemptEvent['operation'];
      responseModel?: string;
    },
  ): void {
    const observe = this.deps.onAttempt;
    // A request the local budget refused never reached a model: there was no operation to report.
    if (!observe || (x.outcome === 'blocked' && x.errorType !== 'budget')) return;
    try {
      const provider = providerFor(this.deps.getConfig(), model);
      observe({
        record: rec,
        providerId: provider.id,
        baseUrl: provider.baseUrl,
        modelName: model.name,
        operation: x.operation ?? 'chat',
        ...(x.errorType ? { errorType: x.errorType } : {}),
        ...(x.proxyCacheHit ? { proxyCacheHit: true } : {}),
        ...(x.responseModel ? { responseModel: x.responseModel } : {}),
        ...(provider.gateway ? { gateway: provider.gateway } : {}),
      });
    } catch (e) {
      this.deps.logger.warn(`attempt observer failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Prices one attempt and appends it to the ledger. */
  private async record(x: {
    requestId: string;
    attempt: number;
    req: EditorRequest;
    decision: Attempt | RouteDecision;
    usage: ProviderUsage;
    outcome: Outcome;
    latencyMs: number;
    prepared: Pick<PreparedContext, 'tokensSaved'>;
    estimated: boolean;
    error?: string;
    hostCostUsd?: number;
    cachedCostUsd?: number;
    errorType?: string;
    proxyCacheHit?: boolean;
    operation?: AttemptEvent['operation'];
    responseModel?: string;
    offPeakRun?: boolean;
  }): Promise<LedgerRecord> {
    const config = this.deps.getConfig();
    const baseline = config.models[config.baselineModel];
    const model = x.decision.model;
    const cached = x.outcome === 'cached';
    const blocked = x.outcome === 'blocked';
    const priced = cached || blocked ? undefined : this.price(model, x.usage, x.hostCostUsd);
    const cost = priced?.costUsd ?? 0;
    const tokensSaved = blocked ? 0 : Math.max(0, x.prepared.tokensSaved);
    const baselineCost = blocked ? 0 : listCostOf(baseline, x.usage.inputTokens + tokensSaved, x.usage.outputTokens);
    const savedCompression = listCostOf(baseline, tokensSaved, 0);
    const savedCache = cached ? (x.cachedCostUsd ?? 0) : 0;
    const rec: LedgerRecord = {
      v: 1,
      id: randomUUID(),
      requestId: x.requestId,
      attempt: x.attempt,
      ts: this.clock.now(),
      workspace: this.deps.workspace,
      task: x.req.task,
      model: model.id,
      tier: 'tier' in x.decision ? x.decision.tier : 'cheap',
      reason: x.decision.reason,
      inputTokens: x.usage.inputTokens,
      outputTokens: x.usage.outputTokens,
      cachedInputTokens: x.usage.cachedInputTokens,
      reasoningTokens: x.usage.reasoningTokens,
      costUsd: cost,
      baselineCostUsd: baselineCost,
      savedRoutingUsd: blocked ? 0 : roundUsd(baselineCost - savedCompression - savedCache - cost),
      savedCacheUsd: savedCache,
      savedCompressionUsd: blocked ? 0 : savedCompression,
      hostCostUsd: priced?.hostCostUsd,
      estimated: x.estimated,
      latencyMs: Math.max(0, x.latencyMs),
      outcome: x.outcome,
      cacheHit: cached,
      tokensSavedByCompression: tokensSaved,
      error: x.error,
    };
    if (rec.hostCostUsd === undefined) delete rec.hostCostUsd;
    if (priced) {
      // our own figure beside the host's, how it was priced, and the peak flag
      if (priced.source === 'host') rec.ourCostUsd = priced.ourCostUsd;
      rec.priceSource = priced.source;
      if (priced.peak) rec.peak = true;
      if (x.offPeakRun && priced.source === 'catalog') {
        const saved = roundUsd(
          offPeakSaving(catalogProviderFor(config, model), priced.ourCostUsd, rec.ts, priced.peak),
        );
        if (saved > 0) rec.savedOffPeakUsd = saved;
      }
    }
    if (rec.error === undefined) delete rec.error;
    if (x.proxyCacheHit) rec.proxyCacheHit = true;
    if (cost > 0 && providerFor(config, model).gateway === 'litellm') {
      this.gatewaySpend.push({ at: rec.ts, usd: cost });
      const c = this.gatewayCharged.get(model.id) ?? { usd: 0, tokens: 0 };
      c.usd += cost;
      c.tokens += x.usage.inputTokens + x.usage.outputTokens;
      this.gatewayCharged.set(model.id, c);
    }
    this.notifyAttempt(rec, model, x);
    // In memory at once; the disk write is queued and never holds up the answer (errors are logged by the ledger).
    void this.deps.ledger.append(rec);
    return rec;
  }
}

function toProviderError(e: unknown): ProviderError {
  if (e instanceof ProviderError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new ProviderError({ kind: 'bad_response', userMessage: `Unexpected error: ${msg}`, retryable: false });
}

const REFUSED = 'the model refused to answer';

/** Words only, lower case: how a refusal is compared with the request's own text. */
const wordsOf = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^a-z0-9']+/g, ' ')
    .trim();

/**
 * Whether the opening of a refusal (its first six words or more) is written in the request's own code or context:
 * then the file's text asked for it.
 */
export function refusalQuotesRequest(
  answer: string,
  req: Pick<EditorRequest, 'selection' | 'prefix' | 'suffix'>,
): boolean {
  const opening = wordsOf(answer).split(' ').slice(0, 6).join(' ');
  if (opening.split(' ').length < 4) return false;
  return wordsOf(`${req.prefix ?? ''}\n${req.selection}\n${req.suffix ?? ''}`).includes(opening);
}

/** Removes a Markdown fence a chat model may wrap a completion in. */
export function stripFences(text: string): string {
  const lines = text.trim().split('\n');
  const open = lines.length > 1 ? fenceOpen(lines[0]) : undefined;
  if (!open || open.marker[0] !== '`') return text;
  const last = lines[lines.length - 1];
  if (closesFence(last, open.marker)) return lines.slice(1, -1).join('\n');
  // the closing fence may follow the last line of code directly (`...code```)
  if (last.trimEnd().endsWith(open.marker))
    return [...lines.slice(1, -1), last.trimEnd().slice(0, -open.marker.length)].join('\n');
  return text;
}

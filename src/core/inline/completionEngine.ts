// The ghost-text engine: decides per keystroke whether a suggestion can be shown from what is already known (the
// suggestion on screen, typed through; recent completions) or is worth a request, debounces, cancels what typing made
// stale, keeps to the daily completion budget and trims answers to the block at the cursor. No editor types here.
import type { InlineConfig } from '../config';
import type { Logger } from '../ports';
import { silentLogger } from '../ports';
import type { CompletionBackend, CompletionRequest } from './completionBackend';
import { CompletionCache, positionKey } from './completionCache';
import { isSensitivePath } from '../privacy';
import { promptWindow, shapeCompletion, shapeRequest, stopSequences, type SkipReason } from './completionPolicy';
import { systemClock, type Clock } from '../clock';

export interface InlineContext {
  /** text before the cursor (the editor may cut it to the last few hundred lines) */
  prefix: string;
  /** text after the cursor */
  suffix: string;
  languageId: string;
  filePath?: string;
  /** the editor has a non-empty selection */
  hasSelection?: boolean;
  /** the user asked for a suggestion (no debounce, a remembered "nothing here" is asked again) */
  explicit?: boolean;
}

export type SuggestionSource = 'reuse' | 'cache' | 'request';

export interface InlineSuggestion {
  text: string;
  /** characters after the cursor the text replaces */
  replaceSuffixChars: number;
  source: SuggestionSource;
}

export type InlineState =
  | { kind: 'on' }
  | { kind: 'off' }
  | { kind: 'paused'; by: 'user' }
  | { kind: 'paused'; by: 'budget'; spentUsd: number; budgetUsd: number };

export type GateReason =
  'off' | 'paused' | 'budget' | 'language' | 'selection' | 'sensitive-file' | 'backoff' | 'known-empty' | SkipReason;

export interface EngineStats {
  /** calls from the editor (about one per keystroke) */
  calls: number;
  /** requests sent to the backend */
  requests: number;
  /** sent, then cancelled because the user typed on */
  aborted: number;
  failed: number;
  /** served from the suggestion on screen, typed through */
  reuseHits: number;
  /** served from the completion cache */
  cacheHits: number;
  /** calls that ended in the debounce window (a newer keystroke came first) */
  debounced: number;
  /** requests whose answer had nothing to show */
  empty: number;
  skipped: Partial<Record<GateReason, number>>;
  costUsd: number;
}

export interface EngineDeps {
  backend: CompletionBackend;
  getConfig(): InlineConfig;
  /** whether the model serving completions takes a suffix (FIM) */
  supportsFim(languageId: string): boolean;
  clock?: Clock;
  logger?: Logger;
  /** prompt budget in tokens (Continue: 1,024) */
  maxPromptTokens?: number;
  /** completions remembered (Continue: 1,000) */
  cacheSize?: number;
  /**
   * Let a request in flight finish when the user types on at the same spot (instead of cancelling it), and serve
   * the rest of its answer if the typed characters match. Off by default; the bench measures both.
   */
  keepInFlightWhileTyping?: boolean;
}

/** Longest single-line completion asked for, in tokens: one line rarely needs more. */
const SINGLE_LINE_MAX_TOKENS = 48;
const BACKOFF_MIN_MS = 5_000;
const BACKOFF_MAX_MS = 120_000;

interface InFlight {
  key: string;
  prefix: string;
  suffix: string;
  controller: AbortController;
  promise: Promise<InlineSuggestion | undefined>;
}

interface Debounce {
  handle: unknown;
  resolve(fired: boolean): void;
}

/** The user kept typing at the spot a request was made for (same text after the cursor, a little more before). */
function typedOn(f: InFlight, ctx: InlineContext): boolean {
  if (ctx.suffix.slice(0, 256) !== f.suffix.slice(0, 256)) return false;
  const extra = ctx.prefix.length - f.prefix.length;
  if (extra <= 0 || extra > 64) return false;
  const tail = f.prefix.slice(-256);
  return ctx.prefix.slice(-(extra + tail.length), -extra) === tail;
}

export function languageEnabled(languages: readonly string[], languageId: string): boolean {
  if (languages.includes(`!${languageId}`)) return false;
  return languages.includes('*') || languages.includes(languageId);
}

export class CompletionEngine {
  readonly stats: EngineStats = {
    calls: 0,
    requests: 0,
    aborted: 0,
    failed: 0,
    reuseHits: 0,
    cacheHits: 0,
    debounced: 0,
    empty: 0,
    skipped: {},
    costUsd: 0,
  };
  private readonly cache: CompletionCache;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private seq = 0;
  private inflight: InFlight | undefined;
  private debounce: Debounce | undefined;
  /** key of the cache entry currently on screen */
  private shownKey: string | undefined;
  private userPaused = false;
  private lastBudgetCheck = 0;
  private budgetPaused: { spentUsd: number; budgetUsd: number } | undefined;
  private backoffUntil = 0;
  private backoffMs = 0;
  private lastError: string | undefined;
  private lastModel: string | undefined;
  private readonly listeners = new Set<(s: InlineState) => void>();
  private lastStateKey = '';

  constructor(private readonly deps: EngineDeps) {
    this.cache = new CompletionCache(deps.cacheSize ?? 1000);
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger;
  }

  /** Current state for the status bar. */
  state(): InlineState {
    if (!this.deps.getConfig().enabled) return { kind: 'off' };
    if (this.userPaused) return { kind: 'paused', by: 'user' };
    if (this.budgetPaused) return { kind: 'paused', by: 'budget', ...this.budgetPaused };
    return { kind: 'on' };
  }

  onState(listener: (s: InlineState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  info(): { lastError?: string; lastModel?: string; cacheSize: number } {
    return { lastError: this.lastError, lastModel: this.lastModel, cacheSize: this.cache.size };
  }

  setPaused(paused: boolean): void {
    this.userPaused = paused;
    if (paused) this.cancelPending();
    this.emitState();
  }

  /** Re-reads today's spend against the daily completion budget (cheap to call now and then, not per keystroke). */
  checkBudget(): boolean {
    const budget = this.deps.getConfig().dailyBudgetUsd;
    let spent = 0;
    try {
      spent = budget > 0 ? this.deps.backend.spentTodayUsd() : 0;
    } catch (e) {
      this.logger.warn(`Inline: could not read today's spend: ${(e as Error)?.message ?? e}`);
    }
    this.lastBudgetCheck = this.clock.now();
    // paused once the next completion, at what they have cost on average so far, would cross the budget: no
    // completion starts whose estimate crosses it (the pipeline refuses such a one too)
    const done = this.stats.requests - this.stats.failed - this.stats.aborted;
    const next = done > 0 ? this.stats.costUsd / done : 0;
    this.budgetPaused = budget > 0 && spent + next > budget ? { spentUsd: spent, budgetUsd: budget } : undefined;
    this.emitState();
    return !this.budgetPaused;
  }

  /** Settings changed: the budget may have moved, cached answers stay valid. */
  configChanged(): void {
    this.backoffUntil = 0;
    this.backoffMs = 0;
    this.checkBudget();
  }

  clearCache(): void {
    this.cache.clear();
    this.shownKey = undefined;
  }

  /** Cancels the debounce and the request in flight (editor switched, engine paused). */
  cancelPending(): void {
    this.seq++;
    this.endDebounce(false);
    this.abortInFlight();
  }

  dispose(): void {
    this.cancelPending();
    this.listeners.clear();
  }

  /**
   * One keystroke's worth of work: a suggestion for the cursor, or undefined. Resolves quickly from what is known;
   * otherwise waits out the debounce (a newer call or `signal` ends the wait with undefined) and asks the backend.
   */
  async provide(ctx: InlineContext, signal?: AbortSignal): Promise<InlineSuggestion | undefined> {
    const seq = ++this.seq;
    this.stats.calls++;
    this.endDebounce(false);
    const cfg = this.deps.getConfig();
    const gate = this.gate(ctx, cfg);
    if (gate) {
      this.abortInFlight();
      return this.skip(gate);
    }

    const key = positionKey(ctx.prefix, ctx.suffix);
    const hit = this.cache.lookup(ctx.prefix, ctx.suffix, !ctx.explicit);
    if (hit) {
      if (this.inflight && this.inflight.key !== key) this.abortInFlight();
      if (hit.remaining === '') return this.skip('known-empty');
      const source: SuggestionSource = hit.entry.key === this.shownKey ? 'reuse' : 'cache';
      if (source === 'reuse') this.stats.reuseHits++;
      else this.stats.cacheHits++;
      this.shownKey = hit.entry.key;
      return { text: hit.remaining, replaceSuffixChars: hit.entry.replaceSuffixChars, source };
    }
    this.shownKey = undefined;

    if (this.inflight?.key === key) return this.inflight.promise.then((s) => (seq === this.seq ? s : undefined));
    // typing on made the request in flight stale (unless it may still serve the text being typed)
    const kept =
      this.deps.keepInFlightWhileTyping && this.inflight && typedOn(this.inflight, ctx) ? this.inflight : undefined;
    if (!kept) this.abortInFlight();

    const fim = this.deps.supportsFim(ctx.languageId);
    const shape = shapeRequest(ctx.prefix, ctx.suffix, fim);
    if ('skip' in shape) return this.skip(shape.skip);
    if (this.clock.now() < this.backoffUntil && !ctx.explicit) return this.skip('backoff');

    if (!ctx.explicit && cfg.debounceMs > 0) {
      const fired = await this.wait(cfg.debounceMs, signal);
      if (!fired || seq !== this.seq) {
        this.stats.debounced++;
        return undefined;
      }
    }
    if (signal?.aborted || seq !== this.seq) return undefined;
    if (kept && this.inflight === kept) {
      await kept.promise;
      if (signal?.aborted || seq !== this.seq) return undefined;
    }
    if (kept) {
      const late = this.cache.lookup(ctx.prefix, ctx.suffix, true);
      if (late) {
        if (late.remaining === '') return this.skip('known-empty');
        this.stats.cacheHits++;
        this.shownKey = late.entry.key;
        return { text: late.remaining, replaceSuffixChars: late.entry.replaceSuffixChars, source: 'cache' };
      }
    }
    if (!this.checkBudget()) return this.skip('budget');

    const window = promptWindow(ctx.prefix, ctx.suffix, this.deps.maxPromptTokens ?? 1024);
    const req: CompletionRequest = {
      prefix: window.prefix,
      suffix: window.suffix,
      languageId: ctx.languageId,
      filePath: ctx.filePath,
      maxTokens: shape.multiline ? cfg.maxTokens : Math.min(cfg.maxTokens, SINGLE_LINE_MAX_TOKENS),
      stop: stopSequences(ctx.languageId, shape.multiline),
    };
    const controller = new AbortController();
    const promise = this.send(ctx, req, shape.multiline, controller);
    const flight: InFlight = { key, prefix: ctx.prefix, suffix: ctx.suffix, controller, promise };
    this.inflight = flight;
    const result = await promise;
    if (this.inflight === flight) this.inflight = undefined;
    if (seq !== this.seq || signal?.aborted) return undefined;
    if (result) this.shownKey = key;
    return result;
  }

  private async send(
    ctx: InlineContext,
    req: CompletionRequest,
    multiline: boolean,
    controller: AbortController,
  ): Promise<InlineSuggestion | undefined> {
    this.stats.requests++;
    try {
      const res = await this.deps.backend.complete(req, controller.signal);
      this.stats.costUsd += res.costUsd;
      this.lastModel = res.model;
      this.lastError = undefined;
      this.backoffMs = 0;
      const shaped = shapeCompletion(res.text, ctx.prefix, ctx.suffix, ctx.languageId, multiline);
      this.cache.set(ctx.prefix, ctx.suffix, shaped.text, shaped.replaceSuffixChars);
      this.checkBudget();
      if (!shaped.text) {
        this.stats.empty++;
        return undefined;
      }
      return { text: shaped.text, replaceSuffixChars: shaped.replaceSuffixChars, source: 'request' };
    } catch (e) {
      if (controller.signal.aborted) {
        this.stats.aborted++;
        return undefined;
      }
      this.stats.failed++;
      const message = (e as { userMessage?: string })?.userMessage ?? (e as Error)?.message ?? String(e);
      this.lastError = message;
      // a failing host (no key, no credit, down) is not asked again on every pause
      this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs ? this.backoffMs * 2 : BACKOFF_MIN_MS);
      this.backoffUntil = this.clock.now() + this.backoffMs;
      this.logger.warn(`Inline completion failed (next try in ${Math.round(this.backoffMs / 1000)} s): ${message}`);
      this.emitState();
      return undefined;
    }
  }

  private gate(ctx: InlineContext, cfg: InlineConfig): GateReason | undefined {
    if (!cfg.enabled) return 'off';
    if (this.userPaused) return 'paused';
    if (this.budgetPaused) {
      // a new day (or a raised budget) lifts the pause; re-checked lazily here, at most once a second
      if (this.clock.now() - this.lastBudgetCheck < 1000 || !this.checkBudget()) return 'budget';
    }
    if (!languageEnabled(cfg.languages, ctx.languageId)) return 'language';
    // the files chat never sends as context (.env*, key files, credential stores) get no completions either
    if (ctx.filePath && isSensitivePath(ctx.filePath)) return 'sensitive-file';
    if (ctx.hasSelection) return 'selection';
    return undefined;
  }

  private skip(reason: GateReason): undefined {
    this.stats.skipped[reason] = (this.stats.skipped[reason] ?? 0) + 1;
    return undefined;
  }

  private wait(ms: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      if (signal?.aborted) return resolve(false);
      const onAbort = () => this.endDebounce(false);
      const d: Debounce = {
        handle: this.clock.setTimeout(() => {
          if (this.debounce === d) this.debounce = undefined;
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        }, ms),
        resolve: (fired) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(fired);
        },
      };
      this.debounce = d;
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private endDebounce(fired: boolean): void {
    const d = this.debounce;
    if (!d) return;
    this.debounce = undefined;
    this.clock.clearTimeout(d.handle);
    d.resolve(fired);
  }

  private abortInFlight(): void {
    const f = this.inflight;
    if (!f) return;
    this.inflight = undefined;
    f.controller.abort();
  }

  private emitState(): void {
    const s = this.state();
    const k = JSON.stringify(s) + (this.lastError ?? '');
    if (k === this.lastStateKey) return;
    this.lastStateKey = k;
    for (const l of this.listeners) {
      try {
        l(s);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }
}

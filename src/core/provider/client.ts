// The provider client: one OpenAI-compatible chat or FIM call on the openai SDK, streaming, with thinking switches,
// usage (cache hits, reasoning, host-reported cost), cancellation, an inactivity timeout, and its own retry loop
// (429 / 5xx / connection errors, Retry-After honoured, never after output has begun).
import OpenAI from 'openai';
import { isLoopback } from '../endpoint';
import type { Logger } from '../ports';
import { silentLogger } from '../ports';
import type { ModelConfig, ProviderConfig } from '../config';
import { estimateMessagesTokens, estimateTokens } from '../tokens';
import type { CallResult, ChatCall, Delta, FimCall, FinishReason, ProviderUsage } from './types';
import {
  cancelledError,
  deadlineError,
  hostOf,
  missingKeyError,
  ProviderError,
  toProviderError,
  type ErrorContext,
} from './errors';
import { backoffMs } from './retry';
import { systemClock, type Clock } from '../clock';
import { KeyScrubber, scrubbingLogger, scrubKey } from './scrub';
import { ThinkSplitter, applyThinking, thinkingOn } from './thinking';
import { largerUsage, readUsage, type ReadUsage, type UsageLimits } from './usage';
import { proxyCacheHitOf, requestMetadata } from '../gateway/litellm';

export interface ProviderClientOptions {
  logger?: Logger;
  /**
   * The time and the timers every wait runs on: the inactivity timeout, the total deadline (and the request's wait
   * budget), the backoff between retries and an HTTP-date Retry-After. The real clock by default; tests pass a
   * VirtualClock so a 60 s timeout or an 8 s backoff takes no real time and is measured exactly.
   */
  clock?: Clock;
  /** jitter source, [0, 1) */
  random?: () => number;
  /** a Retry-After longer than this is not waited for: the error is returned instead (default 30 000) */
  maxRetryAfterMs?: number;
  /** fetch implementation handed to the SDK (default: global fetch) */
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
/** an answer is cut here (content and reasoning together): about 100k tokens, more than any real answer */
export const DEFAULT_MAX_ANSWER_CHARS = 400_000;
export const DEFAULT_MAX_RETRIES = 2;
export const FIM_MAX_TOKENS = 4096;
export const FIM_MAX_STOPS = 16;
/** Sent to loopback servers (Ollama, llama.cpp, the simulator) when no key is stored: they need none. */
export const PLACEHOLDER_KEY = 'no-key';

export { isLoopback } from '../endpoint';

/** Maps a host's usage object (OpenAI, DeepSeek, Anthropic-style, OpenRouter shapes) to ours, clamped (see usage.ts). */
export function mapUsage(raw: any, headerCost?: number): ProviderUsage | undefined {
  return readUsage(raw, headerCost)?.usage;
}

function mapFinish(reason: unknown): FinishReason {
  switch (reason) {
    case null:
    case undefined:
    case '':
      return null;
    case 'stop':
    case 'eos':
    case 'end_turn':
    case 'tool_calls':
    case 'function_call':
      return 'stop';
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'error'; // e.g. DeepSeek's insufficient_system_resource
  }
}

function headerCost(response: Response | undefined): string | undefined {
  const raw = response?.headers.get('x-litellm-response-cost') ?? undefined;
  // LiteLLM prices its own cache hits at $0 and may send no cost header with them.
  return raw ?? (proxyCacheHitOf(response?.headers) ? '0' : undefined);
}

/** Routing facts as body fields, for a gateway that records them (LiteLLM); nothing for other hosts. */
function gatewayFields(call: ChatCall | FimCall): Record<string, unknown> {
  return call.provider.gateway === 'litellm' && call.routing ? requestMetadata(call.routing) : {};
}

class BadResponse extends Error {
  override name = 'BadResponse';
}

/** Collects one attempt's output. */
class Accumulator {
  content = '';
  reasoning = '';
  finish: FinishReason = null;
  /** the largest usage the host reported (a repeated smaller chunk never replaces it) */
  read?: ReadUsage;
  /** the response started (headers received) */
  opened = false;
  proxyCacheHit = false;
  /** the model the host says answered (its `model` field) */
  responseModel?: string;

  /** The response's headers arrived: note it, and whether a gateway answered from its own cache. */
  opening(response: Response): void {
    this.opened = true;
    this.proxyCacheHit = proxyCacheHitOf(response.headers);
  }

  /** The body of a non-streamed answer, checked to have `choices` (chat and FIM alike). */
  answerBody(data: unknown): any {
    const res = data as any;
    if (typeof res?.model === 'string') this.responseModel = res.model;
    if (!res || typeof res !== 'object' || !Array.isArray(res.choices)) {
      throw new BadResponse(
        typeof res === 'string' ? `not JSON: ${JSON.stringify(res.slice(0, 80))}` : 'no "choices" in the answer',
      );
    }
    return res;
  }
  /** the answer reached the size cap: what came after it was dropped */
  capped = false;
  private splitter = new ThinkSplitter();

  constructor(
    private readonly onDelta?: (d: Delta) => void,
    private readonly cap = Infinity,
    private readonly onCap?: () => void,
  ) {}

  /** What fits under the cap of `text`; past it, the attempt is ended once. */
  private fit(text: string): string {
    const room = this.cap - this.content.length - this.reasoning.length;
    if (text.length <= room) return text;
    if (!this.capped) {
      this.capped = true;
      this.onCap?.();
    }
    return text.slice(0, Math.max(0, room));
  }

  takeUsage(raw: unknown, cost: string | undefined, limits: UsageLimits): void {
    const r = readUsage(raw, cost, limits);
    if (r) this.read = largerUsage(this.read, r);
  }

  get usage(): ProviderUsage | undefined {
    return this.read?.usage;
  }

  get emitted(): boolean {
    return this.content.length > 0 || this.reasoning.length > 0;
  }

  addReasoning(text: string): void {
    text = this.fit(text);
    if (!text) return;
    this.reasoning += text;
    this.onDelta?.({ reasoning: text });
  }

  addContent(text: string): void {
    if (!text) return;
    this.release(this.splitter.push(text));
  }

  end(): void {
    this.release(this.splitter.flush());
  }

  private release(r: { content: string; reasoning: string }): void {
    if (r.reasoning) this.addReasoning(r.reasoning);
    const content = r.content ? this.fit(r.content) : '';
    if (content) {
      this.content += content;
      this.onDelta?.({ content });
    }
  }
}

interface Attempt {
  client: OpenAI;
  signal: AbortSignal;
  acc: Accumulator;
  /** re-arms the inactivity timer */
  touch(): void;
  /** what the host's usage is judged against */
  limits: UsageLimits;
}

export class ProviderClient {
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly maxRetryAfterMs: number;
  private readonly fetchImpl?: typeof fetch;

  constructor(opts: ProviderClientOptions = {}) {
    this.logger = opts.logger ?? silentLogger;
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 30_000;
    this.fetchImpl = opts.fetch;
  }

  /** A chat completion (streaming by default). Rejects with ProviderError only. */
  chat(call: ChatCall): Promise<CallResult> {
    const stream = call.stream ?? true;
    const { fields, messages } = applyThinking(call.model, call.messages);
    const body: Record<string, unknown> = { model: call.model.name, messages, ...fields, ...gatewayFields(call) };
    if (call.maxTokens !== undefined) body.max_tokens = Math.max(1, Math.floor(call.maxTokens));
    if (call.stop?.length) body.stop = call.stop.slice(0, FIM_MAX_STOPS);
    if (call.temperature !== undefined && !thinkingOn(call.model)) body.temperature = call.temperature;
    if (stream) body.stream_options = { include_usage: true };
    // OpenRouter reports the request's own cost in usage when asked
    if (call.provider.includeUsageCost) body.usage = { include: true };
    const promptStyleOff = call.model.thinkingStyle === 'prompt' && call.model.thinking === 'off';
    this.logger.debug(
      `provider: chat ${call.model.id} -> ${hostOf(call.provider.baseUrl)} model=${call.model.name} stream=${stream} messages=${messages.length}${promptStyleOff ? ' /no_think' : ''}`,
    );

    return this.run(call, 'chat', estimateMessagesTokens(messages), async ({ client, signal, acc, touch, limits }) => {
      if (!stream) {
        const { data, response } = await client.chat.completions
          .create({ ...(body as any), stream: false }, { signal })
          .withResponse();
        acc.opening(response);
        const res = acc.answerBody(data);
        const choice = res.choices[0];
        const msg = choice?.message ?? {};
        const reasoning =
          typeof msg.reasoning_content === 'string'
            ? msg.reasoning_content
            : typeof msg.reasoning === 'string'
              ? msg.reasoning
              : '';
        acc.addReasoning(reasoning);
        acc.addContent(typeof msg.content === 'string' ? msg.content : '');
        acc.end();
        acc.finish = mapFinish(choice?.finish_reason);
        acc.takeUsage(res.usage, headerCost(response), limits);
        return;
      }
      const { data: chunks, response } = await client.chat.completions
        .create({ ...(body as any), stream: true }, { signal })
        .withResponse();
      acc.opening(response);
      touch();
      const cost = headerCost(response);
      for await (const chunk of chunks as unknown as AsyncIterable<any>) {
        if (signal.aborted) break; // nothing more reaches the caller once cancelled
        touch();
        if (!chunk || typeof chunk !== 'object') throw new BadResponse('a stream chunk that is not an object');
        if (typeof chunk.model === 'string') acc.responseModel = chunk.model;
        if (chunk.usage) acc.takeUsage(chunk.usage, cost, limits);
        for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
          if ((choice?.index ?? 0) !== 0) continue;
          const d = choice.delta ?? {};
          const r =
            typeof d.reasoning_content === 'string'
              ? d.reasoning_content
              : typeof d.reasoning === 'string'
                ? d.reasoning
                : '';
          acc.addReasoning(r);
          if (typeof d.content === 'string') acc.addContent(d.content);
          if (choice.finish_reason) acc.finish = mapFinish(choice.finish_reason);
        }
      }
      acc.end();
    });
  }

  /** A fill-in-the-middle completion: POST {fimBaseUrl ?? baseUrl}/completions with prompt and suffix. */
  complete(call: FimCall): Promise<CallResult> {
    const stream = call.stream ?? true;
    const body: Record<string, unknown> = {
      model: call.model.name,
      prompt: call.prompt,
      max_tokens: Math.min(FIM_MAX_TOKENS, Math.max(1, Math.floor(call.maxTokens))),
      ...gatewayFields(call),
    };
    if (call.suffix) body.suffix = call.suffix;
    if (call.stop?.length) body.stop = call.stop.slice(0, FIM_MAX_STOPS);
    if (stream) body.stream_options = { include_usage: true };
    const baseUrl = call.provider.fimBaseUrl ?? call.provider.baseUrl;
    this.logger.debug(
      `provider: fim ${call.model.id} -> ${hostOf(baseUrl)} model=${call.model.name} stream=${stream} max_tokens=${body.max_tokens as number}`,
    );

    return this.run(
      call,
      'fim',
      estimateTokens(call.prompt) + estimateTokens(call.suffix),
      async ({ client, signal, acc, touch, limits }) => {
        if (!stream) {
          const { data, response } = await client.completions
            .create({ ...(body as any), stream: false }, { signal })
            .withResponse();
          acc.opening(response);
          const res = acc.answerBody(data);
          acc.content = typeof res.choices[0]?.text === 'string' ? res.choices[0].text : '';
          if (acc.content) call.onDelta?.({ content: acc.content });
          acc.finish = mapFinish(res.choices[0]?.finish_reason);
          acc.takeUsage(res.usage, headerCost(response), limits);
          return;
        }
        const { data: chunks, response } = await client.completions
          .create({ ...(body as any), stream: true }, { signal })
          .withResponse();
        acc.opening(response);
        touch();
        const cost = headerCost(response);
        for await (const chunk of chunks as unknown as AsyncIterable<any>) {
          if (signal.aborted) break; // nothing more reaches the caller once cancelled
          touch();
          if (!chunk || typeof chunk !== 'object') throw new BadResponse('a stream chunk that is not an object');
          if (typeof chunk.model === 'string') acc.responseModel = chunk.model;
          if (chunk.usage) acc.takeUsage(chunk.usage, cost, limits);
          for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
            if ((choice?.index ?? 0) !== 0) continue;
            if (typeof choice.text === 'string' && choice.text) {
              acc.content += choice.text;
              call.onDelta?.({ content: choice.text });
            }
            if (choice.finish_reason) acc.finish = mapFinish(choice.finish_reason);
          }
        }
      },
    );
  }

  /**
   * One call with its retries. The API key, and any piece of 8+ characters of it, is scrubbed from everything that
   * leaves here: streamed deltas, the result, errors (and their partial answers) and log lines.
   */
  private async run(
    call: ChatCall | FimCall,
    op: 'chat' | 'fim',
    inputEstimate: number,
    attempt: (a: Attempt) => Promise<void>,
  ): Promise<CallResult> {
    const key = call.apiKey?.trim();
    const content = new KeyScrubber(key);
    const reasoning = new KeyScrubber(key);
    const onDelta =
      call.onDelta &&
      ((d: Delta) => {
        const out: Delta = {};
        if (d.content) out.content = content.push(d.content);
        if (d.reasoning) out.reasoning = reasoning.push(d.reasoning);
        if (out.content || out.reasoning) call.onDelta!(out);
      });
    const flush = () => {
      const out: Delta = { content: content.flush(), reasoning: reasoning.flush() };
      if (out.content || out.reasoning) call.onDelta?.(out);
    };
    try {
      const r = await this.runUnscrubbed(
        { ...call, onDelta },
        op,
        inputEstimate,
        attempt,
        scrubbingLogger(this.logger, key),
      );
      flush();
      return scrubResult(r, key);
    } catch (e) {
      flush();
      throw e instanceof ProviderError ? scrubError(e, key) : e;
    }
  }

  private async runUnscrubbed(
    call: ChatCall | FimCall,
    op: 'chat' | 'fim',
    inputEstimate: number,
    attempt: (a: Attempt) => Promise<void>,
    log: Logger,
  ): Promise<CallResult> {
    const clock = this.clock;
    const started = clock.now();
    const { provider, model } = call;
    const baseUrl = op === 'fim' ? (provider.fimBaseUrl ?? provider.baseUrl) : provider.baseUrl;
    const timeoutMs = call.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxRetries = Math.max(0, call.maxRetries ?? DEFAULT_MAX_RETRIES);
    // The hard stop: the attempt's total deadline or what is left of the request's wait budget, whichever is first.
    const deadlineMs = Math.min(call.deadlineMs ?? Infinity, call.maxWaitMs ?? Infinity);
    const deadlineSetting =
      (call.maxWaitMs ?? Infinity) < (call.deadlineMs ?? Infinity)
        ? 'frugal.request.maxWaitSeconds'
        : 'frugal.request.totalDeadlineSeconds';
    const stopAt = started + deadlineMs;
    const maxAnswerChars = call.maxAnswerChars ?? DEFAULT_MAX_ANSWER_CHARS;
    const key = call.apiKey?.trim();
    if (!key && !isLoopback(baseUrl)) throw missingKeyError({ ...provider, baseUrl });
    if (call.signal?.aborted) throw cancelledError();
    if (deadlineMs <= 0)
      throw deadlineError({
        provider,
        model,
        baseUrl,
        timeoutMs,
        streamed: false,
        streamedChars: 0,
        deadlineMs: 0,
        deadlineSetting,
      });

    const client = new OpenAI({
      apiKey: key || PLACEHOLDER_KEY,
      baseURL: baseUrl,
      maxRetries: 0,
      // Our own inactivity timer governs; the SDK's is a backstop only.
      timeout: timeoutMs + 30_000,
      logLevel: 'off',
      ...(this.fetchImpl ? { fetch: this.fetchImpl } : {}),
    });

    let retries = 0;
    for (;;) {
      const ac = new AbortController();
      let aborted: 'cancelled' | 'timeout' | 'deadline' | 'capped' | undefined;
      const acc = new Accumulator(call.onDelta, maxAnswerChars, () => {
        aborted ??= 'capped';
        ac.abort();
      });
      const deadlineTimer = Number.isFinite(stopAt)
        ? clock.setTimeout(
            () => {
              aborted ??= 'deadline';
              ac.abort();
            },
            Math.max(0, stopAt - clock.now()),
          )
        : undefined;
      const onAbort = () => {
        aborted ??= 'cancelled';
        ac.abort();
      };
      call.signal?.addEventListener('abort', onAbort, { once: true });
      let timer: unknown;
      const touch = () => {
        if (timer !== undefined) clock.clearTimeout(timer);
        timer = clock.setTimeout(() => {
          aborted ??= 'timeout';
          ac.abort();
        }, timeoutMs);
      };
      touch();
      /** The attempt's own timers; stopped before a backoff wait too, so none of them runs while it waits. */
      const stopTimers = () => {
        if (timer !== undefined) clock.clearTimeout(timer);
        if (deadlineTimer !== undefined) clock.clearTimeout(deadlineTimer);
        timer = undefined;
      };
      const estimateOutput = () =>
        (acc.content ? estimateTokens(acc.content) : 0) + (acc.reasoning ? estimateTokens(acc.reasoning) : 0);
      /** The host's usage with any count it left out (or sent as a non-number) estimated, and whether it was. */
      const usageOf = (): { usage?: ProviderUsage; estimated: boolean } => {
        const r = acc.read;
        if (!r) return { usage: undefined, estimated: false };
        if (r.problems.length)
          log.warn(`provider: usage from ${hostOf(baseUrl)} (model ${model.id}): ${r.problems.join('; ')}`);
        if (!r.missingInput && !r.missingOutput) return { usage: r.usage, estimated: r.problems.length > 0 };
        return {
          usage: {
            ...r.usage,
            inputTokens: r.missingInput ? inputEstimate : r.usage.inputTokens,
            cachedInputTokens: r.missingInput ? 0 : r.usage.cachedInputTokens,
            outputTokens: r.missingOutput ? estimateOutput() : r.usage.outputTokens,
          },
          estimated: true,
        };
      };
      const partialOf = (finishReason: FinishReason): CallResult => {
        const u = usageOf();
        return {
          content: acc.content,
          reasoning: acc.reasoning,
          finishReason,
          usage: u.usage ?? {
            inputTokens: inputEstimate,
            outputTokens: estimateOutput(),
            cachedInputTokens: 0,
            reasoningTokens: acc.reasoning ? estimateTokens(acc.reasoning) : 0,
          },
          usageEstimated: u.usage === undefined || u.estimated,
          latencyMs: clock.now() - started,
          retries,
        };
      };
      const limits: UsageLimits = { promptTokens: inputEstimate, maxTokens: call.maxTokens ?? model.maxOutputTokens };

      /** An answer cut at the size cap: what came before the cap, ended as 'length' (never cached). */
      const cappedResult = (): CallResult => {
        log.warn(
          `provider: answer from ${hostOf(baseUrl)} (model ${model.id}) passed ${maxAnswerChars} characters; cut there`,
        );
        const r = partialOf('length');
        return acc.read && !acc.read.missingInput && !acc.read.missingOutput
          ? { ...r, usage: acc.usage, usageEstimated: undefined }
          : r;
      };
      try {
        await attempt({ client, signal: ac.signal, acc, touch, limits });
        if (aborted === 'capped') return cappedResult();
        // The SDK ends a stream quietly when it is aborted: tell that apart from a real end.
        if (aborted) throw new Error(`aborted: ${aborted}`);
        if (acc.finish === null && op === 'chat' && acc.opened) {
          log.warn(`provider: stream from ${hostOf(baseUrl)} ended without a finish reason (model ${model.id})`);
        }
        const u = usageOf();
        const result: CallResult = {
          content: acc.content,
          reasoning: acc.reasoning,
          finishReason: acc.finish,
          usage: u.usage,
          latencyMs: clock.now() - started,
          retries,
        };
        if (u.estimated) result.usageEstimated = true;
        if (acc.proxyCacheHit) result.proxyCacheHit = true;
        if (acc.responseModel) result.responseModel = acc.responseModel;
        log.debug(
          `provider: ${op} ${model.id} done in ${result.latencyMs} ms, finish=${result.finishReason}, usage=${result.usage ? `${result.usage.inputTokens}/${result.usage.outputTokens} cached=${result.usage.cachedInputTokens}` : 'none'}, retries=${retries}`,
        );
        return result;
      } catch (e) {
        if (aborted === 'capped') return cappedResult();
        const ctx: ErrorContext = {
          provider,
          model,
          baseUrl,
          apiKey: key,
          timeoutMs,
          aborted,
          streamed: acc.emitted,
          streamedChars: acc.content.length + acc.reasoning.length,
          deadlineMs,
          deadlineSetting,
          now: clock.now(),
        };
        const err = toProviderError(e, ctx);
        if (err.kind === 'cancelled') {
          if (acc.opened || acc.emitted) err.partial = partialOf('cancelled');
          log.info(`provider: ${op} ${model.id} cancelled after ${clock.now() - started} ms`);
          throw err;
        }
        if (acc.opened || acc.emitted) err.partial = partialOf('error');

        // Our own inactivity timeout is not retried: the user has already waited that long.
        const canRetry =
          err.retryable &&
          retries < maxRetries &&
          !acc.emitted &&
          !(err.kind === 'timeout' && err.status === undefined);
        if (canRetry) {
          const asked = err.retryAfterMs;
          if (asked !== undefined && asked > this.maxRetryAfterMs) {
            err.userMessage += ` The host asked to wait ${Math.ceil(asked / 1000)} s before retrying.`;
            log.warn(
              `provider: ${err.message}; not retrying (Retry-After ${asked} ms exceeds ${this.maxRetryAfterMs} ms)`,
            );
            throw err;
          }
          const delay = asked ?? backoffMs(retries, this.random);
          if (clock.now() + delay >= stopAt) {
            err.userMessage += ` Not retried: waiting ${Math.ceil(delay / 1000)} s more would pass ${deadlineSetting} (${Math.round(deadlineMs / 1000)} s).`;
            log.warn(`provider: ${err.message}; not retrying (a ${delay} ms wait passes the deadline)`);
            throw err;
          }
          log.info(
            `provider: ${err.kind} from ${hostOf(baseUrl)} (${err.message}); retry ${retries + 1}/${maxRetries} in ${delay} ms`,
          );
          stopTimers();
          try {
            await clock.sleep(delay, call.signal);
          } catch {
            throw cancelledError();
          }
          if (call.signal?.aborted) throw cancelledError();
          retries++;
          continue;
        }
        if (retries > 0) err.userMessage += ` (gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'})`;
        log.warn(`provider: ${op} ${model.id} failed: ${err.kind}: ${err.message}`);
        throw err;
      } finally {
        stopTimers();
        call.signal?.removeEventListener('abort', onAbort);
      }
    }
  }
}

function scrubResult(r: CallResult, key: string | undefined): CallResult {
  if (!key) return r;
  return { ...r, content: scrubKey(r.content, key), reasoning: scrubKey(r.reasoning, key) };
}

function scrubError(e: ProviderError, key: string | undefined): ProviderError {
  if (!key) return e;
  e.userMessage = scrubKey(e.userMessage, key);
  e.message = scrubKey(e.message, key);
  if (e.providerMessage) (e as { providerMessage?: string }).providerMessage = scrubKey(e.providerMessage, key);
  if (e.partial) e.partial = scrubResult(e.partial, key);
  return e;
}

export type { ModelConfig, ProviderConfig };

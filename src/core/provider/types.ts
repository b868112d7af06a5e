// Contracts of the provider client: what a call takes and what it gives back. Plain data.
import type { ModelConfig, ProviderConfig } from '../config';
import type { RoutingFacts } from '../gateway/litellm';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ProviderUsage {
  /** prompt tokens in total, cache hits included */
  inputTokens: number;
  /** completion tokens, reasoning included (billed as output) */
  outputTokens: number;
  /** of inputTokens, served from the provider's prompt cache */
  cachedInputTokens: number;
  reasoningTokens: number;
  /** what the host itself says the request cost (OpenRouter usage.cost, LiteLLM x-litellm-response-cost) */
  hostCostUsd?: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'cancelled' | 'error' | null;

export interface CallResult {
  /** the answer, without reasoning and without an empty <think></think> */
  content: string;
  /** reasoning_content (or a leading <think> block), kept apart; never send it back */
  reasoning: string;
  finishReason: FinishReason;
  /** undefined when the host sent none */
  usage?: ProviderUsage;
  /** true when `usage` is an estimate (partial results of failed or cancelled streams) */
  usageEstimated?: boolean;
  latencyMs: number;
  retries: number;
  /** a gateway (LiteLLM) answered from its own cache */
  proxyCacheHit?: boolean;
  /** the model the host says answered (the response's `model` field), when it said */
  responseModel?: string;
}

export type ProviderErrorKind =
  | 'auth'
  | 'credit'
  | 'rate_limit'
  | 'model_not_found'
  | 'unreachable'
  | 'timeout'
  | 'server'
  | 'bad_response'
  | 'cancelled'
  | 'bad_request'
  | 'budget';

export type Delta = { content?: string; reasoning?: string };

interface BaseCall {
  provider: ProviderConfig;
  model: ModelConfig;
  apiKey: string | undefined;
  maxTokens?: number;
  stop?: string[];
  /** default true */
  stream?: boolean;
  signal?: AbortSignal;
  /**
   * Give up when the host has been silent this long: until the response starts, and between two streamed chunks
   * (a long answer that keeps streaming is not cut off). Default 60 000.
   */
  timeoutMs?: number;
  /** retries on 429, 5xx and connection errors before any output; default 2 */
  maxRetries?: number;
  /**
   * The attempt ends this long after it starts, retries included, however the host keeps sending (an endless or
   * dripping stream): a deadline error, with what was streamed as its partial. Default: none.
   */
  deadlineMs?: number;
  /** what is left of the request's wait budget (every retry and tier): the attempt ends by then too, and no retry waits past it */
  maxWaitMs?: number;
  /** the answer (content and reasoning) is cut at this many characters: the result has finishReason 'length'. Default 400 000 */
  maxAnswerChars?: number;
  onDelta?: (delta: Delta) => void;
  /** the router's facts for this attempt; a gateway provider (LiteLLM) is sent them as request metadata */
  routing?: RoutingFacts;
}

export interface ChatCall extends BaseCall {
  messages: ChatMessage[];
  temperature?: number;
}

export interface FimCall extends BaseCall {
  /** code before the cursor */
  prompt: string;
  /** code after the cursor */
  suffix: string;
  /** at most 4096 are sent */
  maxTokens: number;
}

// Reading a host's usage object without trusting it: the shapes of OpenAI, DeepSeek, Anthropic-style and OpenRouter
// hosts mapped to one, each count clamped to a non-negative integer within a plausible bound, anything that is not
// a number treated as missing (so the caller estimates it and flags the record), and the host's own cost kept only
// when it is a plausible dollar figure.
import type { ProviderUsage } from './types';

/** With no request to judge by, no count above this is believed (10x the largest context window on sale). */
export const ABSOLUTE_MAX_TOKENS = 10_000_000;
/** A host-reported cost above this for one request is not believed. */
export const MAX_HOST_COST_USD = 1_000;

export interface UsageLimits {
  /** tokens the prompt was estimated at */
  promptTokens?: number;
  /** max_tokens asked for */
  maxTokens?: number;
}

export interface ReadUsage {
  usage: ProviderUsage;
  /** input or output was missing or not a number: those counts are 0 here and must be estimated */
  missingInput: boolean;
  missingOutput: boolean;
  /** what was wrong, for the log and the "estimated" flag */
  problems: string[];
}

/** The plausible bound for one count: 10x (the requested maximum plus the prompt), never below 4,096. */
export function plausibleBound(limits: UsageLimits = {}): number {
  if (limits.promptTokens === undefined && limits.maxTokens === undefined) return ABSOLUTE_MAX_TOKENS;
  const base = (limits.maxTokens ?? 0) + (limits.promptTokens ?? 0);
  return Math.min(ABSOLUTE_MAX_TOKENS, Math.max(4096, 10 * base));
}

/** Reads `raw` (a host's `usage` object). Undefined when it is not an object at all. */
export function readUsage(raw: unknown, headerCost?: unknown, limits: UsageLimits = {}): ReadUsage | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, any>;
  const problems: string[] = [];
  const bound = plausibleBound(limits);
  /** undefined: absent; null: present but not a number; else the clamped count */
  const count = (v: unknown, name: string): number | null | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || Number.isNaN(v)) {
      problems.push(`${name} is not a number (${typeof v === 'string' ? JSON.stringify(v.slice(0, 20)) : String(v)})`);
      return null;
    }
    if (v < 0) {
      problems.push(`${name} is negative (${v})`);
      return 0;
    }
    if (!Number.isFinite(v) || v > bound) {
      problems.push(`${name} is implausible (${v} > ${bound})`);
      return bound;
    }
    if (!Number.isInteger(v)) return Math.round(v);
    return v;
  };
  const sub = (o: unknown, k: string) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined);

  const promptTokens = count(r.prompt_tokens, 'prompt_tokens');
  const inputTokens = count(r.input_tokens, 'input_tokens');
  const hit = count(r.prompt_cache_hit_tokens, 'prompt_cache_hit_tokens');
  const miss = count(r.prompt_cache_miss_tokens, 'prompt_cache_miss_tokens');
  const anthropicRead = count(r.cache_read_input_tokens, 'cache_read_input_tokens');
  const anthropicWrite = count(r.cache_creation_input_tokens, 'cache_creation_input_tokens');
  const openaiCached =
    count(sub(r.prompt_tokens_details, 'cached_tokens'), 'prompt_tokens_details.cached_tokens') ??
    count(sub(r.input_tokens_details, 'cached_tokens'), 'input_tokens_details.cached_tokens');

  let input: number | null | undefined;
  let cached: number;
  if (typeof promptTokens === 'number') {
    input = promptTokens;
    // DeepSeek: hit + miss = prompt_tokens; OpenAI-style: cached_tokens inside prompt_tokens
    cached = typeof hit === 'number' ? hit : typeof openaiCached === 'number' ? openaiCached : 0;
    if (typeof hit === 'number' && typeof miss === 'number' && hit + miss !== promptTokens) {
      problems.push(
        `prompt_cache_hit_tokens + prompt_cache_miss_tokens (${hit + miss}) differs from prompt_tokens (${promptTokens})`,
      );
      input = Math.max(promptTokens, hit + miss);
    }
  } else if (promptTokens === undefined && typeof hit === 'number' && typeof miss === 'number') {
    input = hit + miss;
    cached = hit;
  } else if (promptTokens === undefined && typeof inputTokens === 'number') {
    if (anthropicRead !== undefined || anthropicWrite !== undefined) {
      // Anthropic-style: cache reads and writes are outside input_tokens
      const rd = typeof anthropicRead === 'number' ? anthropicRead : 0;
      const wr = typeof anthropicWrite === 'number' ? anthropicWrite : 0;
      input = inputTokens + rd + wr;
      cached = rd;
    } else {
      input = inputTokens; // Responses API: cached_tokens inside input_tokens
      cached = typeof openaiCached === 'number' ? openaiCached : 0;
    }
  } else {
    input = promptTokens === null || inputTokens === null ? null : undefined;
    cached = 0;
  }
  if (input === undefined && !problems.length) problems.push('no prompt token count');

  const completion = count(r.completion_tokens, 'completion_tokens');
  const outputTokens = count(r.output_tokens, 'output_tokens');
  const output = completion !== undefined ? completion : outputTokens;
  if (output === undefined) problems.push('no completion token count');
  const reasoningRaw =
    count(sub(r.completion_tokens_details, 'reasoning_tokens'), 'completion_tokens_details.reasoning_tokens') ??
    count(sub(r.output_tokens_details, 'reasoning_tokens'), 'output_tokens_details.reasoning_tokens');

  const inN = typeof input === 'number' ? input : 0;
  const outN = typeof output === 'number' ? output : 0;
  if (cached > inN) {
    if (typeof input === 'number') problems.push(`cached tokens (${cached}) exceed prompt tokens (${inN})`);
    cached = inN;
  }
  const reasoning = typeof reasoningRaw === 'number' ? Math.min(reasoningRaw, outN || reasoningRaw) : 0;
  const usage: ProviderUsage = {
    inputTokens: inN,
    outputTokens: outN,
    cachedInputTokens: cached,
    reasoningTokens: reasoning,
  };
  const cost = hostCost(r.cost) ?? hostCost(headerCost);
  if (r.cost !== undefined && hostCost(r.cost) === undefined)
    problems.push(`usage.cost is not a plausible dollar figure (${String(r.cost).slice(0, 20)})`);
  if (cost !== undefined) usage.hostCostUsd = cost;
  return { usage, missingInput: typeof input !== 'number', missingOutput: typeof output !== 'number', problems };
}

/** A host-reported dollar figure, or undefined when it is not a finite, non-negative, plausible number. */
export function hostCost(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= MAX_HOST_COST_USD ? n : undefined;
}

/** Of two usages seen in one stream, the one that counts: the larger (a repeated smaller chunk never shrinks it). */
export function largerUsage(a: ReadUsage | undefined, b: ReadUsage): ReadUsage {
  if (!a) return b;
  const size = (u: ReadUsage) => u.usage.inputTokens + u.usage.outputTokens;
  if (size(b) > size(a))
    return { ...b, usage: { ...b.usage, hostCostUsd: maxDefined(a.usage.hostCostUsd, b.usage.hostCostUsd) } };
  if (size(b) === size(a) && b.usage.hostCostUsd !== undefined && a.usage.hostCostUsd === undefined) return b;
  return { ...a, usage: { ...a.usage, hostCostUsd: maxDefined(a.usage.hostCostUsd, b.usage.hostCostUsd) } };
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

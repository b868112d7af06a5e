// ProviderError and the mapping from whatever went wrong (HTTP status, SDK error, socket error, bad JSON) to a kind
// and a message the user can act on.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ModelConfig, ProviderConfig } from '../config';
import type { CallResult, ProviderErrorKind } from './types';
import { retryAfterMs } from './retry';
import { gatewayBudgetMessage, parseBudgetError, type GatewayBudgetError } from '../gateway/litellm';

export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  /** what to tell the user: what happened and what to change */
  userMessage: string;
  /** worth trying again later (the client has already retried as configured) */
  readonly retryable: boolean;
  /** what streamed before the failure (usage estimated unless the host sent it) */
  partial?: CallResult;
  /** the delay the host asked for, when it did */
  readonly retryAfterMs?: number;
  /** the host's own error message, if any */
  readonly providerMessage?: string;
  /** the host's error code (e.g. model_not_found), if any */
  readonly code?: string;
  /** kind 'budget': which of a gateway's budgets refused the request */
  readonly budget?: GatewayBudgetError;

  constructor(init: {
    kind: ProviderErrorKind;
    userMessage: string;
    message?: string;
    retryable: boolean;
    status?: number;
    partial?: CallResult;
    retryAfterMs?: number;
    providerMessage?: string;
    code?: string;
    cause?: unknown;
    budget?: GatewayBudgetError;
  }) {
    super(init.message ?? init.userMessage);
    this.kind = init.kind;
    this.status = init.status;
    this.userMessage = init.userMessage;
    this.retryable = init.retryable;
    this.partial = init.partial;
    this.retryAfterMs = init.retryAfterMs;
    this.providerMessage = init.providerMessage;
    this.code = init.code;
    this.budget = init.budget;
    if (init.cause !== undefined) (this as { cause?: unknown }).cause = init.cause;
  }
}

export interface ErrorContext {
  provider: ProviderConfig;
  model: ModelConfig;
  /** the base URL the request went to */
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  /** the caller's signal aborted, our inactivity timer fired, or the attempt's total deadline passed */
  aborted?: 'cancelled' | 'timeout' | 'deadline';
  /** the deadline that ended it, in ms, and the setting that sets it */
  deadlineMs?: number;
  deadlineSetting?: string;
  /** output had begun streaming when it failed */
  streamed: boolean;
  streamedChars: number;
  /** the client's clock when the error arrived, for a Retry-After given as an HTTP date (default: Date.now()) */
  now?: number;
}

export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

function redact(text: string, apiKey: string | undefined): string {
  return apiKey && apiKey.length >= 4 ? text.split(apiKey).join('***') : text;
}

/** Error codes along an error's cause chain (undici nests them: TypeError('fetch failed') -> cause.code). */
function codesOf(e: unknown): string[] {
  const codes: string[] = [];
  let cur: any = e;
  for (let depth = 0; cur && depth < 6; depth++) {
    if (typeof cur.code === 'string') codes.push(cur.code);
    if (typeof cur.errno === 'string') codes.push(cur.errno);
    if (cur.name === 'SocketError' || /other side closed|terminated/i.test(String(cur.message ?? '')))
      codes.push('SOCKET_CLOSED');
    cur = cur.cause;
  }
  return codes;
}

const MODEL_MISSING =
  /model[^.]*\b(not[ _]?(exist|found)|does not exist|unknown|not available|no such)|unknown model|no such model|model_not_found/i;

export function cancelledError(partial?: CallResult): ProviderError {
  return new ProviderError({
    kind: 'cancelled',
    message: 'request cancelled',
    userMessage: 'Request cancelled.',
    retryable: false,
    partial,
  });
}

export function missingKeyError(provider: ProviderConfig): ProviderError {
  return new ProviderError({
    kind: 'auth',
    message: `no API key for provider '${provider.id}'`,
    userMessage: `No API key is set for provider '${provider.id}' (${provider.baseUrl}). Run 'Frugal: Set API Key'.`,
    retryable: false,
  });
}

export function timeoutError(ctx: ErrorContext, cause?: unknown): ProviderError {
  const host = hostOf(ctx.baseUrl);
  const secs = Math.round(ctx.timeoutMs / 100) / 10;
  const when = ctx.streamed ? `stopped sending mid-answer for ${secs} s` : `did not answer within ${secs} s`;
  return new ProviderError({
    kind: 'timeout',
    message: `timeout after ${ctx.timeoutMs} ms of silence from ${host}`,
    userMessage: `${host} ${when} (model '${ctx.model.id}'). Try again, or raise frugal.request.timeoutSeconds.`,
    retryable: true,
    cause,
  });
}

/** The attempt's total deadline (or the request's wait budget) passed: not retried, whatever was streamed is partial. */
export function deadlineError(ctx: ErrorContext, cause?: unknown): ProviderError {
  const host = hostOf(ctx.baseUrl);
  const secs = Math.round((ctx.deadlineMs ?? 0) / 100) / 10;
  const setting = ctx.deadlineSetting ?? 'frugal.request.totalDeadlineSeconds';
  return new ProviderError({
    kind: 'timeout',
    message: `deadline of ${ctx.deadlineMs} ms passed (${setting}) on ${host}`,
    userMessage: `${host} ${ctx.streamed ? 'was still sending' : 'had not answered'} after ${secs} s (model '${ctx.model.id}'), the limit set by ${setting}.`,
    retryable: false,
    cause,
  });
}

/** Maps anything thrown during an attempt to a ProviderError (partial and retry counts are added by the caller). */
export function toProviderError(e: unknown, ctx: ErrorContext): ProviderError {
  if (e instanceof ProviderError) return e;
  const host = hostOf(ctx.baseUrl);
  const modelName = ctx.model.name;
  const modelRef = ctx.model.id === modelName ? `'${modelName}'` : `'${modelName}' (model '${ctx.model.id}')`;

  if (ctx.aborted === 'timeout') return timeoutError(ctx, e);
  if (ctx.aborted === 'deadline') return deadlineError(ctx, e);
  if (ctx.aborted === 'cancelled' || e instanceof APIUserAbortError) return cancelledError();
  if (e instanceof APIConnectionTimeoutError) return timeoutError(ctx, e);

  if (e instanceof APIConnectionError) return connectionError(e, ctx, host);

  if (e instanceof APIError && e.status !== undefined) {
    const status = e.status;
    const body = (e.error ?? {}) as { message?: unknown; code?: unknown; type?: unknown };
    const providerMessage = redact(typeof body.message === 'string' ? body.message : e.message, ctx.apiKey);
    const code = typeof body.code === 'string' ? body.code : typeof body.type === 'string' ? body.type : undefined;
    const after = retryAfterMs(e.headers, ctx.now);
    const base = {
      status,
      providerMessage,
      code,
      retryAfterMs: after,
      cause: e,
      message: `${status} ${providerMessage} (${host})`,
    };
    const said = providerMessage ? `: ${providerMessage}` : '';

    // A gateway's budget refusal (LiteLLM: type "budget_exceeded", 400 or 429) is a budget, not a bad request or a
    // rate limit: never retried, and the pipeline treats it like a local budget (block or downgrade).
    const budget =
      ctx.provider.gateway === 'litellm' || body.type === 'budget_exceeded'
        ? parseBudgetError(typeof body.type === 'string' ? body.type : undefined, providerMessage)
        : undefined;
    if (budget) {
      return new ProviderError({
        ...base,
        kind: 'budget',
        retryable: false,
        budget,
        userMessage: gatewayBudgetMessage(budget, 'block'),
      });
    }
    if (
      code === 'model_not_found' ||
      (status === 404 && MODEL_MISSING.test(providerMessage)) ||
      ((status === 400 || status === 422) && MODEL_MISSING.test(providerMessage))
    ) {
      return new ProviderError({
        ...base,
        kind: 'model_not_found',
        retryable: false,
        userMessage: `Model ${modelRef} was not found at ${ctx.baseUrl}; change frugal.tiers or frugal.models.`,
      });
    }
    if (status === 404) {
      return new ProviderError({
        ...base,
        kind: 'model_not_found',
        retryable: false,
        userMessage: `${host} answered 404 for model ${modelRef}: the model or the endpoint does not exist at ${ctx.baseUrl}. Check frugal.baseUrl, frugal.tiers or frugal.models.`,
      });
    }
    if (status === 401 || status === 403) {
      return new ProviderError({
        ...base,
        kind: 'auth',
        retryable: false,
        userMessage:
          status === 401
            ? `The provider rejected the API key for '${ctx.provider.id}' (${host}). Run 'Frugal: Set API Key'.`
            : `${host} refused access to model ${modelRef} with this API key (403${said}). Check the key's permissions, or run 'Frugal: Set API Key'.`,
      });
    }
    if (
      status === 402 ||
      code === 'insufficient_quota' ||
      /insufficient[ _](balance|quota|credit)/i.test(providerMessage)
    ) {
      return new ProviderError({
        ...base,
        kind: 'credit',
        retryable: false,
        userMessage: `The account at ${host} is out of credit (${status}${said}). Top up the balance, or point frugal.tiers at a cheaper or local model.`,
      });
    }
    if (status === 429) {
      return new ProviderError({
        ...base,
        kind: 'rate_limit',
        retryable: true,
        userMessage: `${host} is rate-limiting requests (429${said}). Wait a moment and try again.`,
      });
    }
    if (status === 408) {
      return new ProviderError({
        ...base,
        kind: 'timeout',
        retryable: true,
        userMessage: `${host} timed out handling the request (408). Try again.`,
      });
    }
    if (status >= 500 || status === 409) {
      return new ProviderError({
        ...base,
        kind: 'server',
        retryable: true,
        userMessage: `${host} had a server error (${status}${said}). Try again later, or switch model in frugal.tiers.`,
      });
    }
    if (status === 413 || /context length|maximum context|too many tokens|too long/i.test(providerMessage)) {
      return new ProviderError({
        ...base,
        kind: 'bad_request',
        retryable: false,
        userMessage: `The request is too large for model ${modelRef} (${status}${said}). Select less text or lower frugal.compression.maxInputTokens.`,
      });
    }
    return new ProviderError({
      ...base,
      kind: 'bad_request',
      retryable: false,
      userMessage: `${host} rejected the request for model ${modelRef} (${status}${said}). Check frugal.models for this model's settings.`,
    });
  }

  if (e instanceof APIError) {
    // An error object inside the stream (status unknown).
    const body = (e.error ?? {}) as { message?: unknown; code?: unknown };
    const providerMessage = redact(typeof body.message === 'string' ? body.message : e.message, ctx.apiKey);
    if (body.code === 'model_not_found' || MODEL_MISSING.test(providerMessage)) {
      return new ProviderError({
        kind: 'model_not_found',
        retryable: false,
        providerMessage,
        code: 'model_not_found',
        cause: e,
        message: `stream error: ${providerMessage}`,
        userMessage: `Model ${modelRef} was not found at ${ctx.baseUrl}; change frugal.tiers or frugal.models.`,
      });
    }
    return new ProviderError({
      kind: 'server',
      retryable: true,
      providerMessage,
      cause: e,
      message: `stream error from ${host}: ${providerMessage}`,
      userMessage: `${host} reported an error mid-answer: ${providerMessage}. Try again.`,
    });
  }

  if (e instanceof SyntaxError || (e instanceof Error && e.name === 'BadResponse')) {
    const what = e.name === 'BadResponse' ? e.message : 'a chunk that is not valid JSON';
    return new ProviderError({
      kind: 'bad_response',
      retryable: false,
      cause: e,
      message: `malformed response from ${host}: ${e.message}`,
      userMessage: `${host} sent a malformed response (${what}) for model ${modelRef}. Try again; if it persists, check that frugal.baseUrl points at an OpenAI-compatible endpoint.`,
    });
  }

  const codes = codesOf(e);
  if (codes.includes('SOCKET_CLOSED') || codes.some((c) => /ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED/.test(c))) {
    if (ctx.streamed) {
      return new ProviderError({
        kind: 'server',
        retryable: true,
        cause: e,
        message: `connection to ${host} dropped mid-stream after ${ctx.streamedChars} chars`,
        userMessage: `The connection to ${host} dropped mid-answer (model '${ctx.model.id}'); the answer is incomplete. Try again.`,
      });
    }
    return connectionError(e, ctx, host);
  }
  if (codes.length) return connectionError(e, ctx, host);

  const msg = e instanceof Error ? e.message : String(e);
  return new ProviderError({
    kind: 'bad_response',
    retryable: false,
    cause: e,
    message: `unexpected error talking to ${host}: ${redact(msg, ctx.apiKey)}`,
    userMessage: `Something unexpected happened talking to ${host} (${redact(msg, ctx.apiKey)}). Try again; details are in the Frugal log.`,
  });
}

function connectionError(e: unknown, ctx: ErrorContext, host: string): ProviderError {
  const codes = codesOf(e);
  const has = (re: RegExp) => codes.some((c) => re.test(c));
  let userMessage: string;
  let retryable = true;
  if (has(/ECONNREFUSED/)) {
    userMessage = `Cannot connect to ${ctx.baseUrl} (connection refused). Is the server running? Check frugal.baseUrl or frugal.preset.`;
  } else if (has(/ENOTFOUND|EAI_AGAIN/)) {
    userMessage = `Cannot resolve ${host}. Check your network connection and frugal.baseUrl.`;
  } else if (has(/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/)) {
    retryable = false;
    userMessage = `The TLS certificate of ${host} was not accepted (${codes.find((c) => /CERT|SELF_SIGNED|UNABLE|TLS/.test(c))}). Check frugal.baseUrl.`;
  } else if (has(/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT/)) {
    return timeoutError(ctx, e);
  } else {
    userMessage = `Cannot reach ${ctx.baseUrl}${codes.length ? ` (${codes.filter((c) => c !== 'SOCKET_CLOSED')[0] ?? 'connection closed'})` : ''}. Check your network connection and frugal.baseUrl.`;
  }
  const detail = e instanceof Error ? e.message : String(e);
  return new ProviderError({
    kind: 'unreachable',
    retryable,
    cause: e,
    message: `cannot reach ${host}: ${detail} [${codes.join(',')}]`,
    userMessage,
  });
}

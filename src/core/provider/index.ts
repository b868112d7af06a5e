// The provider client: OpenAI-compatible chat and FIM calls for the pipeline (see client.ts).
export type {
  ChatMessage,
  ProviderUsage,
  CallResult,
  FinishReason,
  ProviderErrorKind,
  ChatCall,
  FimCall,
  Delta,
} from './types';
export { ProviderError } from './errors';
export {
  ProviderClient,
  type ProviderClientOptions,
  mapUsage,
  isLoopback,
  PLACEHOLDER_KEY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_RETRIES,
  FIM_MAX_TOKENS,
  FIM_MAX_STOPS,
} from './client';
export { retryAfterMs, backoffMs } from './retry';
export { applyThinking, thinkingOn, ThinkSplitter, splitThink } from './thinking';

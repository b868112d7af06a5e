// The response cache (answers, persisted per workspace) and the inline-completion cache (memory only).
export type { CacheKeyInput } from './keys';
export { exactKey } from './keys';
export { normaliseForKey, normalisePromptForKey } from './normalise';
export {
  ResponseCache,
  CACHE_FILE,
  CACHE_SCHEMA_VERSION,
  type CachedAnswer,
  type CacheHit,
  type CacheLimits,
  type ResponseCacheOptions,
} from './responseCache';

// Retry timing: Retry-After (seconds or HTTP date) and retry-after-ms, else exponential backoff with jitter.

export const BASE_DELAY_MS = 500;
export const MAX_BACKOFF_MS = 8_000;

/** Delay the server asked for, in ms, or undefined when it named none (or named it unreadably). */
export function retryAfterMs(
  headers: { get(name: string): string | null } | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return undefined;
  const s = Number(ra);
  if (Number.isFinite(s)) return s >= 0 ? s * 1000 : undefined;
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff for retry number `retry` (0 = first retry): 500 ms, 1 s, 2 s... capped, with ±25 % jitter. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** retry);
  return Math.round(base * (0.75 + 0.5 * random()));
}

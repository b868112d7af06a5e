// The one percentile, for the core (inline replay figures) and the benchmarks (bench/stats.ts re-exports it).

/**
 * The p-th percentile (0..100) by nearest rank: the smallest value with at least p% of the values at or below it
 * (sorted[ceil(p/100 * n) - 1], clamped), so p50 of an even count is the lower middle value. 0 for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

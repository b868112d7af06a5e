// Small statistics shared by the benchmarks.
export { seededRandom } from '../src/core/random';

/** The value at the p-th percentile (0..100): sorted[floor(p/100 * n)], clamped. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** The upper median (the 50th percentile above). */
export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

export function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

// Small statistics shared by the benchmarks.
export { seededRandom } from '../src/core/random';

import { percentile } from '../src/core/stats';

export { percentile };

/** The median as the 50th percentile (nearest rank: the lower middle value of an even count). */
export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

export function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

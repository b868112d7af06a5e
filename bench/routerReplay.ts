// Replays a simulated user whose preferences differ from the router's default: for each request the router decides
// (with the user's corrections so far); when the decision is not what this user wants, they correct it ("Regenerate
// with a Stronger Model" or "This Was Overkill"). Accuracy on the user's later requests, against the same requests
// routed without corrections, shows whether corrections carry over to similar requests. Shared by the unit test and
// the bench.
import { classify, RoutingCorrections } from '../src/core/router';
import type { Tier } from '../src/core/types';
import type { Row } from './routerData';

export interface ReplayResult {
  /** requests the user made (after the learning phase) */
  n: number;
  /** of those, routed as the user wanted with corrections learned so far */
  withCorrections: number;
  /** of those, routed as the user wanted by the router alone */
  without: number;
  corrections: number;
}

const RANK: Record<Tier, number> = { cheap: 0, coder: 1, reasoner: 2 };

/** `wants` is the user's preferred tier per request; the first `learn` requests are the learning phase. */
export function replay(rows: Row[], wants: (r: Row) => Tier, learn: number): ReplayResult {
  const table = new RoutingCorrections();
  let t = 0;
  const result: ReplayResult = { n: 0, withCorrections: 0, without: 0, corrections: 0 };
  rows.forEach((r, i) => {
    const want = wants(r);
    const c = classify(r, { correction: (s) => table.shiftFor(s) });
    if (i >= learn) {
      result.n++;
      if (c.tier === want) result.withCorrections++;
      if (classify(r).tier === want) result.without++;
    }
    // Only escalation is corrected: below the reasoner the command decides.
    const up = RANK[want] === 2 && c.tier !== 'reasoner';
    const down = RANK[want] < 2 && c.tier === 'reasoner';
    if (up || down) {
      const sig = c.signals.find((s) => s.startsWith('signature:'))?.slice(10);
      if (sig) {
        table.record(sig, up ? 'stronger' : 'overkill', ++t);
        result.corrections++;
      }
    }
  });
  return result;
}

import { strict as assert } from 'node:assert';
import { loadExternal, type Row } from '../../bench/routerData';
import { replay } from '../../bench/routerReplay';

// Replays of simulated users correcting the router over hundreds of public problems (test/data/external): slow,
// so they live in the system tier; the corrections' mechanics are unit-tested in test/unit/routerCorrections.test.ts.
const medium = loadExternal('leetcode').filter((r) => r.meta?.difficulty === 'Medium');
const hard = loadExternal('leetcode').filter((r) => r.meta?.difficulty === 'Hard');

describe('router: corrections replayed over public problems', function () {
  this.timeout(120_000);
  // Replays measured when written: careful user (Medium -> reasoner) 39% -> 90% on the later requests; thrifty user
  // (Hard -> coder, reasoner overkill) 9% -> 83%. Floors below those, so a regression in how corrections carry over fails.
  it('replay: a careful user who wants the reasoner on Medium problems is served better after correcting', () => {
    const rows = spread(medium);
    const res = replay(rows, () => 'reasoner', 60);
    assert.ok(res.withCorrections / res.n >= res.without / res.n + 0.25, JSON.stringify(res));
  });

  it('replay: a thrifty user who finds the reasoner overkill on Hard problems is served better after correcting', () => {
    const rows = spread(hard);
    const res = replay(rows, (r) => (r.task === 'ask' ? 'cheap' : 'coder'), 60);
    assert.ok(res.withCorrections / res.n >= res.without / res.n + 0.25, JSON.stringify(res));
  });
});

/** A deterministic interleaving of phrasings and problems (rows come grouped by problem). */
function spread(rows: Row[]): Row[] {
  return [...rows]
    .sort((a, b) => (a.variant ?? '').localeCompare(b.variant ?? '') || a.id.localeCompare(b.id))
    .filter((_, i) => i % 2 === 0)
    .sort((a, b) => hashOf(a.id) - hashOf(b.id));
}

function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

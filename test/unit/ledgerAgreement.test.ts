// One set of totals everywhere (issue #14, part 2): the status bar, Show Cost Summary, the budget guard, the dashboard
// and the export all count requests, hits, savings and hit rates the same way, and agree with a reference computed
// from the definitions, over random ledgers and over the issue's own example.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ledger } from '../../src/core/ledger';
import { MemoryLogger } from '../../src/core/ports';
import { costSummary, statusBarView } from '../../src/core/summary';
import { buildDashboardModel, cacheHitRate, dashboardModelOf } from '../../src/core/dashboard';
import { DEFAULT_BUDGET } from '../../src/core/config';
import { makeLedgerRecord } from '../fixtures/crash/records';
import { randomLedger, viewDisagreements } from '../fixtures/ledger/agreement';

describe('ledger views agree', function () {
  this.timeout(60_000);

  it("the issue's example (an escalated request, a cache hit, a blocked request): 3 requests and 50 % in every view", async () => {
    const now = Date.now();
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-agree-example-'));
    const l = new Ledger({ dir, logger: new MemoryLogger(), sessionStart: now - 60_000 });
    await l.load();
    const recs = [
      makeLedgerRecord({
        id: 'e1',
        requestId: 'esc',
        attempt: 1,
        outcome: 'escalated',
        ts: now - 5000,
        costUsd: 0.001,
      }),
      makeLedgerRecord({
        id: 'e2',
        requestId: 'esc',
        attempt: 2,
        outcome: 'ok',
        tier: 'reasoner',
        ts: now - 4000,
        costUsd: 0.01,
      }),
      makeLedgerRecord({ id: 'h', requestId: 'hit', outcome: 'cached', cacheHit: true, costUsd: 0, ts: now - 3000 }),
      makeLedgerRecord({
        id: 'b',
        requestId: 'blk',
        outcome: 'blocked',
        costUsd: 0,
        baselineCostUsd: 0,
        savedRoutingUsd: 0,
        ts: now - 2000,
      }),
    ];
    for (const r of recs) await l.append(r);
    const t = l.totals('today');
    assert.equal(t.requests, 3);
    assert.equal(t.attempts, 4);
    assert.equal(cacheHitRate(t), 0.5);
    const summary = costSummary(l, 'gpt-4o');
    assert.match(summary.text, /\(3 requests\)/);
    assert.match(summary.text, /cache hits 1 of 2 requests \(50%\)/);
    const bar = statusBarView(l, { baselineModel: 'gpt-4o', budget: DEFAULT_BUDGET });
    assert.equal(bar.sessionHitRatePercent, 50);
    assert.match(bar.tooltip, /\| Today \| \$[\d.]+ \| \$[\d.]+ \| 3 \|/);
    const opts = { now, sessionStart: now - 60_000, budget: DEFAULT_BUDGET };
    for (const m of [await dashboardModelOf(l, opts), buildDashboardModel(recs, opts)]) {
      assert.equal(m.totals.today.requests, 3);
      assert.equal(cacheHitRate(m.totals.today), 0.5);
    }
  });

  it('over 4 random ledgers (20 more in test/system, 100 in the bench) (escalations, fallbacks, hits, blocked, cancelled, partial, estimated, months of inline completions): no view disagrees', async () => {
    const all: string[] = [];
    // odd seeds fold old inline completions (retention 20 days), even ones keep them
    for (let seed = 1; seed <= 4; seed++) {
      const out = await viewDisagreements(randomLedger(seed, 40 + seed * 3), { retentionDays: seed % 2 ? 20 : 0 });
      all.push(...out.map((x) => `seed ${seed}: ${x}`));
    }
    assert.deepEqual(all, []);
  });

  it('the check can fail: views given one cache hit too few, or an escalation counted as a request, disagree', async () => {
    const data = randomLedger(99, 80);
    const hit = data.records.findIndex((r) => r.cacheHit);
    const oneHitLess = data.records.map((r, i) => (i === hit ? { ...r, cacheHit: false, outcome: 'ok' as const } : r));
    assert.ok((await viewDisagreements(data, { written: oneHitLess })).some((x) => /cacheHits/.test(x)));
    const esc = data.records.findIndex((r) => r.attempt === 2);
    const asRequest = data.records.map((r, i) => (i === esc ? { ...r, attempt: 1 } : r));
    assert.ok((await viewDisagreements(data, { written: asRequest })).some((x) => /requests/.test(x)));
  });

  it('off-peak savings are their own kind: summed apart from the split, in the cost summary, the export and after reload', async () => {
    const now = Date.now();
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-agree-offpeak-'));
    const l = new Ledger({ dir, logger: new MemoryLogger(), sessionStart: now - 60_000 });
    await l.load();
    await l.append(
      makeLedgerRecord({ id: 'd1', requestId: 'doc1', task: 'document', ts: now - 3000, savedOffPeakUsd: 0.0125 }),
    );
    await l.append(
      makeLedgerRecord({ id: 'd2', requestId: 'doc2', task: 'document', ts: now - 2000, savedOffPeakUsd: 0.0005 }),
    );
    await l.append(makeLedgerRecord({ id: 'x', requestId: 'plain', ts: now - 1000 }));
    const t = l.totals('all');
    assert.equal(t.savedOffPeakUsd, 0.013);
    assert.equal(Math.round((t.savedRoutingUsd + t.savedCacheUsd + t.savedCompressionUsd) * 1e8) / 1e8, t.savedUsd);
    assert.match(costSummary(l, 'gpt-4o').text, /off-peak scheduling saved \$0\.01 against the peak rate/);
    await l.flush();
    const again = new Ledger({ dir, logger: new MemoryLogger(), sessionStart: now - 60_000 });
    await again.load();
    assert.equal(again.totals('all').savedOffPeakUsd, 0.013);
  });
});

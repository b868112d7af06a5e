import { strict as assert } from 'node:assert';
import {
  buildDashboardModel,
  cacheHitRate,
  CHART_DAYS,
  OTHER_SERIES,
  type DashboardModelOptions,
} from '../../src/core/dashboard';
import { DEFAULT_BUDGET } from '../../src/core/config';
import type { LedgerRecord, Outcome, Task, Tier } from '../../src/core/types';

const utc = (mo: number, d: number, h = 0, mi = 0) => Date.UTC(2026, mo - 1, d, h, mi);

function rec(
  id: string,
  ts: number,
  o: {
    task: Task;
    model: string;
    tier: Tier;
    outcome?: Outcome;
    attempt?: number;
    requestId?: string;
    cost: number;
    baseline: number;
    routing?: number;
    cache?: number;
    compression?: number;
    error?: string;
  },
): LedgerRecord {
  const i = Number(id.slice(1));
  return {
    v: 1,
    id,
    requestId: o.requestId ?? `q-${id}`,
    attempt: o.attempt ?? 1,
    ts,
    workspace: 'ws',
    task: o.task,
    model: o.model,
    tier: o.tier,
    reason: `reason ${id}`,
    inputTokens: 100 * i,
    outputTokens: 10 * i,
    cachedInputTokens: i,
    reasoningTokens: 0,
    costUsd: o.cost,
    baselineCostUsd: o.baseline,
    savedRoutingUsd: o.routing ?? 0,
    savedCacheUsd: o.cache ?? 0,
    savedCompressionUsd: o.compression ?? 0,
    estimated: false,
    latencyMs: 100,
    outcome: o.outcome ?? 'ok',
    cacheHit: o.outcome === 'cached',
    tokensSavedByCompression: 0,
    ...(o.error ? { error: o.error } : {}),
  };
}

const Q = 'Qwen/Qwen3-8B';
const C = 'deepseek-coder';
const R = 'deepseek-reasoner';

// A ledger over three months, in time order. Now is 2026-11-15 12:00 UTC; the session started at 10:00.
const LEDGER: LedgerRecord[] = [
  rec('r2', utc(9, 1, 9), {
    task: 'fix',
    model: C,
    tier: 'coder',
    cost: 0.2,
    baseline: 1.0,
    routing: 0.7,
    compression: 0.1,
  }),
  rec('r1', utc(10, 20, 9), {
    task: 'explain',
    model: Q,
    tier: 'cheap',
    cost: 0.01,
    baseline: 0.5,
    routing: 0.4,
    compression: 0.09,
  }),
  rec('r3', utc(11, 3, 8), {
    task: 'refactor',
    model: C,
    tier: 'coder',
    outcome: 'escalated',
    requestId: 'q3',
    cost: 0.05,
    baseline: 0.3,
    routing: 0.25,
  }),
  rec('r4', utc(11, 3, 8, 1), {
    task: 'refactor',
    model: R,
    tier: 'reasoner',
    attempt: 2,
    requestId: 'q3',
    cost: 0.5,
    baseline: 0.6,
    routing: 0.1,
  }),
  rec('r5', utc(11, 15, 9), {
    task: 'explain',
    model: Q,
    tier: 'cheap',
    outcome: 'cached',
    cost: 0,
    baseline: 0.5,
    routing: 0.4,
    cache: 0.01,
    compression: 0.09,
  }),
  rec('r6', utc(11, 15, 11), {
    task: 'tests',
    model: C,
    tier: 'coder',
    cost: 0.3,
    baseline: 0.8,
    routing: 0.4,
    compression: 0.1,
  }),
  rec('r7', utc(11, 15, 11, 30), {
    task: 'generate',
    model: R,
    tier: 'reasoner',
    outcome: 'blocked',
    cost: 0,
    baseline: 0,
    error: 'Daily budget used up',
  }),
  rec('r8', utc(11, 15, 11, 45), {
    task: 'explain',
    model: Q,
    tier: 'cheap',
    outcome: 'cached',
    cost: 0,
    baseline: 0.5,
    routing: 0.4,
    cache: 0.01,
    compression: 0.09,
  }),
  rec('r9', utc(11, 15, 11, 50), {
    task: 'ask',
    model: Q,
    tier: 'cheap',
    outcome: 'cancelled',
    cost: 0.001,
    baseline: 0.02,
    routing: 0.019,
  }),
  rec('r10', utc(11, 15, 11, 55), {
    task: 'fix',
    model: C,
    tier: 'coder',
    outcome: 'error',
    requestId: 'q10',
    cost: 0,
    baseline: 0,
    error: 'HTTP 500',
  }),
  rec('r11', utc(11, 15, 11, 56), {
    task: 'fix',
    model: R,
    tier: 'reasoner',
    attempt: 2,
    requestId: 'q10',
    cost: 0.4,
    baseline: 0.5,
    routing: 0.1,
  }),
];

const NOW = utc(11, 15, 12);
const OPTS: DashboardModelOptions = {
  now: NOW,
  sessionStart: utc(11, 15, 10),
  budget: { ...DEFAULT_BUDGET, dailyUsd: 1, monthlyUsd: 10, warnPercent: 80 },
  timeZoneOffsetMinutes: 0,
  baselineModel: 'gpt-4o',
};

describe('dashboard aggregation', () => {
  const m = buildDashboardModel(LEDGER, OPTS);

  it('all-time totals: requests are first attempts, attempts are records, savings split adds up', () => {
    assert.deepEqual(m.totals.all, {
      requests: 9,
      attempts: 11,
      costUsd: 1.461,
      baselineCostUsd: 4.72,
      savedUsd: 3.259,
      savedRoutingUsd: 2.769,
      savedCacheUsd: 0.02,
      savedCompressionUsd: 0.47,
      savedOffPeakUsd: 0,
      cacheHits: 2,
      cacheEligible: 7,
      inputTokens: 6600,
      outputTokens: 660,
      cachedInputTokens: 66,
    });
    const t = m.totals.all;
    assert.equal(Math.round((t.savedRoutingUsd + t.savedCacheUsd + t.savedCompressionUsd) * 1e8) / 1e8, t.savedUsd);
    assert.equal(m.recordCount, 11);
    assert.equal(m.baselineModel, 'gpt-4o');
  });

  it('this month starts on the 1st, 00:00 local', () => {
    const t = m.totals.month;
    assert.equal(t.costUsd, 1.251);
    assert.equal(t.baselineCostUsd, 3.22);
    assert.equal(t.savedUsd, 1.969);
    assert.equal(t.requests, 7);
    assert.equal(t.attempts, 9);
  });

  it('today starts at local midnight; the session at sessionStart', () => {
    assert.equal(m.totals.today.costUsd, 0.701);
    assert.equal(m.totals.today.requests, 6);
    assert.equal(m.totals.today.attempts, 7);
    assert.equal(m.totals.session.costUsd, 0.701);
    assert.equal(m.totals.session.requests, 5);
    assert.equal(m.totals.session.attempts, 6);
    assert.equal(m.totals.session.savedCacheUsd, 0.01);
  });

  it('cache hit rate: hits over first attempts answered by the cache or a provider (blocked, cancelled left out)', () => {
    assert.equal(cacheHitRate(m.totals.all), 2 / 7);
    assert.deepEqual([m.totals.today.cacheHits, m.totals.today.cacheEligible], [2, 4]);
    assert.deepEqual([m.totals.session.cacheHits, m.totals.session.cacheEligible], [1, 3]);
    assert.equal(cacheHitRate({ cacheHits: 0, cacheEligible: 0 }), null);
  });

  it('budget gauges: percent of the daily and monthly limits', () => {
    assert.deepEqual(m.budget.daily, { limitUsd: 1, spentUsd: 0.701, percent: 70.1, state: 'ok' });
    assert.equal(m.budget.monthly.limitUsd, 10);
    assert.equal(m.budget.monthly.spentUsd, 1.251);
    assert.equal(m.budget.monthly.percent, 12.51);
    assert.equal(m.budget.monthly.state, 'ok');
    assert.equal(m.budget.warnPercent, 80);
  });

  it('budget gauges: warn at warnPercent, over at 100%, none when the limit is 0', () => {
    const g = (dailyUsd: number) =>
      buildDashboardModel(LEDGER, { ...OPTS, budget: { ...OPTS.budget, dailyUsd } }).budget.daily;
    assert.equal(g(0.8).state, 'warn');
    assert.equal(g(0.8).percent, 87.625);
    assert.equal(g(0.701).state, 'over');
    assert.equal(g(0.701).percent, 100);
    assert.equal(g(0.7).state, 'over');
    assert.deepEqual(g(0), { limitUsd: 0, spentUsd: 0.701, percent: null, state: 'none' });
  });

  it('cost per day: 30 local days ending today, stacked by model (costliest first)', () => {
    const c = m.costPerDay;
    assert.equal(c.days.length, CHART_DAYS);
    assert.equal(c.days[0].date, '2026-10-17');
    assert.equal(c.days[0].start, utc(10, 17));
    assert.equal(c.days[29].date, '2026-11-15');
    assert.deepEqual(c.series, [R, C, Q]);
    assert.deepEqual(c.days[29], {
      date: '2026-11-15',
      start: utc(11, 15),
      totalUsd: 0.701,
      values: [0.4, 0.3, 0.001],
    });
    assert.deepEqual(c.days[17], { date: '2026-11-03', start: utc(11, 3), totalUsd: 0.55, values: [0.5, 0.05, 0] });
    assert.deepEqual(c.days[3].values, [0, 0, 0.01]);
    assert.equal(c.totalUsd, 1.261); // r2 (September) is outside the window
    const nonEmpty = c.days.filter((d) => d.totalUsd !== 0).map((d) => d.date);
    assert.deepEqual(nonEmpty, ['2026-10-20', '2026-11-03', '2026-11-15']);
  });

  it('spend by task (all tasks, TASKS order), by tier (routed vs escalated) and by model', () => {
    assert.deepEqual(m.byTask, [
      { task: 'explain', requests: 3, costUsd: 0.01, savedUsd: 1.49 },
      { task: 'document', requests: 0, costUsd: 0, savedUsd: 0 },
      { task: 'refactor', requests: 1, costUsd: 0.55, savedUsd: 0.35 },
      { task: 'fix', requests: 2, costUsd: 0.6, savedUsd: 0.9 },
      { task: 'tests', requests: 1, costUsd: 0.3, savedUsd: 0.5 },
      { task: 'generate', requests: 1, costUsd: 0, savedUsd: 0 },
      { task: 'ask', requests: 1, costUsd: 0.001, savedUsd: 0.019 },
      { task: 'complete', requests: 0, costUsd: 0, savedUsd: 0 },
    ]);
    assert.deepEqual(m.byTier, [
      { tier: 'cheap', routed: 4, escalated: 0, costUsd: 0.011 },
      { tier: 'coder', routed: 4, escalated: 0, costUsd: 0.55 },
      { tier: 'reasoner', routed: 1, escalated: 2, costUsd: 0.9 },
    ]);
    assert.deepEqual(m.byModel, [
      { model: R, attempts: 3, costUsd: 0.9, savedUsd: 0.2 },
      { model: C, attempts: 4, costUsd: 0.55, savedUsd: 1.55 },
      { model: Q, attempts: 4, costUsd: 0.011, savedUsd: 1.509 },
    ]);
  });

  it('recent rows: newest first, with the fields the table shows', () => {
    assert.deepEqual(
      m.recent.rows.map((r) => r.id),
      ['r11', 'r10', 'r9', 'r8', 'r7', 'r6', 'r5', 'r4', 'r3', 'r1', 'r2'],
    );
    assert.equal(m.recent.matching, 11);
    assert.deepEqual(m.recent.filter, { model: '', task: '' });
    assert.deepEqual(m.recent.rows[1], {
      id: 'r10',
      requestId: 'q10',
      attempt: 1,
      ts: utc(11, 15, 11, 55),
      workspace: 'ws',
      task: 'fix',
      model: C,
      tier: 'coder',
      reason: 'reason r10',
      inputTokens: 1000,
      outputTokens: 100,
      cachedInputTokens: 10,
      costUsd: 0,
      savedUsd: 0,
      cacheHit: false,
      outcome: 'error',
      estimated: false,
      latencyMs: 100,
      error: 'HTTP 500',
    });
    assert.equal(m.recent.rows[0].savedUsd, 0.1);
    assert.equal(m.recent.rows[3].cacheHit, true);
  });

  it('recent rows: filter by model, by task, both; the limit caps rows but not the count', () => {
    const rows = (filter: { model: string; task: string }, recentLimit?: number) => {
      const x = buildDashboardModel(LEDGER, { ...OPTS, filter, recentLimit }).recent;
      return [x.rows.map((r) => r.id), x.matching];
    };
    assert.deepEqual(rows({ model: C, task: '' }), [['r10', 'r6', 'r3', 'r2'], 4]);
    assert.deepEqual(rows({ model: '', task: 'fix' }), [['r11', 'r10', 'r2'], 3]);
    assert.deepEqual(rows({ model: C, task: 'fix' }), [['r10', 'r2'], 2]);
    assert.deepEqual(rows({ model: 'nope', task: '' }), [[], 0]);
    assert.deepEqual(rows({ model: '', task: '' }, 2), [['r11', 'r10'], 11]);
    // the filter never changes the totals or charts
    const f = buildDashboardModel(LEDGER, { ...OPTS, filter: { model: C, task: 'fix' } });
    assert.deepEqual(f.totals, m.totals);
    assert.deepEqual(f.costPerDay, m.costPerDay);
  });

  it('records out of time order (merged from another window) give the same model', () => {
    const shuffled = [
      LEDGER[5],
      LEDGER[10],
      LEDGER[0],
      LEDGER[7],
      LEDGER[2],
      LEDGER[9],
      LEDGER[1],
      LEDGER[4],
      LEDGER[8],
      LEDGER[3],
      LEDGER[6],
    ];
    assert.deepEqual(buildDashboardModel(shuffled, OPTS), m);
  });

  it('the recent table holds at most 100 rows', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ ...LEDGER[5], id: `x${i}`, ts: NOW - (250 - i) * 1000 }));
    const x = buildDashboardModel(many, OPTS);
    assert.equal(x.recent.rows.length, 100);
    assert.equal(x.recent.matching, 250);
    assert.equal(x.recent.rows[0].id, 'x249');
    assert.equal(x.recent.rows[99].id, 'x150');
  });

  it('an empty ledger: zeros, no hit rate, 30 empty days, no limits', () => {
    const e = buildDashboardModel([], { ...OPTS, budget: DEFAULT_BUDGET });
    assert.equal(e.totals.all.costUsd, 0);
    assert.equal(e.totals.all.requests, 0);
    assert.equal(cacheHitRate(e.totals.all), null);
    assert.equal(e.costPerDay.days.length, 30);
    assert.deepEqual(e.costPerDay.series, []);
    assert.ok(e.costPerDay.days.every((d) => d.totalUsd === 0 && d.values.length === 0));
    assert.equal(e.budget.daily.state, 'none');
    assert.equal(e.budget.monthly.state, 'none');
    assert.deepEqual(e.recent.rows, []);
    assert.deepEqual(e.byModel, []);
  });

  it('more models than colours: the five costliest get their own series, the rest are gathered', () => {
    const models = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const recs = models.map((model, i) =>
      rec(`r${i + 1}`, utc(11, 15, 1 + i), { task: 'ask', model, tier: 'cheap', cost: (i + 1) / 100, baseline: 1 }),
    );
    const c = buildDashboardModel(recs, OPTS).costPerDay;
    assert.deepEqual(c.series, ['h', 'g', 'f', 'e', 'd', OTHER_SERIES]);
    assert.deepEqual(c.days[29].values, [0.08, 0.07, 0.06, 0.05, 0.04, 0.06]);
    assert.equal(c.days[29].totalUsd, 0.36);
  });
});

describe('dashboard aggregation: time zones', () => {
  const r = (id: string, ts: number) =>
    rec(id, ts, { task: 'ask', model: Q, tier: 'cheap', cost: 1, baseline: 2, routing: 1 });

  it('a fixed offset east of UTC moves "today" earlier in UTC', () => {
    const ledger = [r('r1', utc(11, 14, 21, 59)), r('r2', utc(11, 14, 22, 30))];
    const opts = { ...OPTS, sessionStart: NOW };
    assert.equal(buildDashboardModel(ledger, { ...opts, timeZoneOffsetMinutes: 0 }).totals.today.costUsd, 0);
    const east = buildDashboardModel(ledger, { ...opts, timeZoneOffsetMinutes: 120 });
    assert.equal(east.totals.today.costUsd, 1); // 2026-11-15 00:30 at UTC+2
    assert.equal(east.costPerDay.days[29].start, utc(11, 14, 22));
    assert.deepEqual(
      east.costPerDay.days.slice(28).map((d) => [d.date, d.totalUsd]),
      [
        ['2026-11-14', 1],
        ['2026-11-15', 1],
      ],
    );
  });

  it('a fixed offset west of UTC keeps the last evening of the month in that month', () => {
    const now = utc(12, 1, 3); // 2026-11-30 22:00 at UTC-5
    const ledger = [r('r1', utc(11, 30, 10)), r('r2', utc(12, 1, 2))];
    const west = buildDashboardModel(ledger, { ...OPTS, now, sessionStart: now, timeZoneOffsetMinutes: -300 });
    assert.equal(west.totals.month.costUsd, 2);
    assert.equal(west.totals.today.costUsd, 2);
    assert.equal(west.costPerDay.days[29].date, '2026-11-30');
    const utcModel = buildDashboardModel(ledger, { ...OPTS, now, sessionStart: now, timeZoneOffsetMinutes: 0 });
    assert.equal(utcModel.totals.month.costUsd, 1);
    assert.equal(utcModel.costPerDay.days[29].date, '2026-12-01');
  });

  it('by default uses the machine time zone, across a daylight-saving change', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      // Summer time began 2026-03-29 at 02:00 local, so that day had 23 hours.
      const now = new Date(2026, 2, 30, 12).getTime();
      const ledger = [
        r('r1', new Date(2026, 2, 29, 0, 30).getTime()),
        r('r2', new Date(2026, 2, 29, 23, 30).getTime()),
        r('r3', new Date(2026, 2, 30, 0, 30).getTime()),
      ];
      const x = buildDashboardModel(ledger, { ...OPTS, now, sessionStart: now, timeZoneOffsetMinutes: undefined });
      assert.equal(new Date(2026, 2, 30).getTime(), Date.UTC(2026, 2, 29, 22)); // the zone really is Berlin
      assert.deepEqual(
        x.costPerDay.days.slice(28).map((d) => [d.date, d.totalUsd]),
        [
          ['2026-03-29', 2],
          ['2026-03-30', 1],
        ],
      );
      assert.equal(x.totals.today.costUsd, 1);
      assert.equal(x.totals.month.costUsd, 3);
      assert.equal(x.costPerDay.days[29].start - x.costPerDay.days[28].start, 23 * 3_600_000);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

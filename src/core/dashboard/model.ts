// Aggregation behind the cost dashboard: one pass over the ledger builds everything the dashboard shows
// (period totals, savings split, budget gauges, cost per day by model, by task/tier/model, the recent rows).
// Pure: the clock, the session start and the time zone come in as arguments.
import type { BudgetConfig } from '../config';
import { roundUsd } from '../pricing';
import { TASKS, TIERS, type LedgerRecord } from '../types';
import {
  NO_FILTER, OTHER_SERIES, RECENT_LIMIT,
  type BudgetGauge, type CostPerDay, type DashboardFilter, type DashboardModel, type ModelSlice, type PeriodTotals,
  type RecentRow, type TaskSlice, type TierSlice,
} from './protocol';

export interface DashboardModelOptions {
  /** epoch ms; "today", "this month" and the 30-day window are taken around it */
  now: number;
  /** epoch ms when this editor session started; "this session" = records at or after it */
  sessionStart: number;
  budget: BudgetConfig;
  /**
   * Fixed offset of local time from UTC in minutes, east positive (UTC+2 is 120; note this is the opposite sign of
   * Date#getTimezoneOffset). When omitted, the machine's own time zone is used, daylight-saving changes included.
   */
  timeZoneOffsetMinutes?: number;
  /** filter of the recent-requests table; totals and charts always cover the whole ledger */
  filter?: DashboardFilter;
  /** shown next to the savings ("against gpt-4o") */
  baselineModel?: string;
  /** rows in the recent table; defaults to RECENT_LIMIT */
  recentLimit?: number;
}

/** Days in the cost-per-day chart, today included. */
export const CHART_DAYS = 30;
/** Models drawn as their own colour in the cost-per-day chart; beyond that they are gathered as OTHER_SERIES. */
export const CHART_MAX_SERIES = 6;

const DAY_MS = 86_400_000;

interface Calendar {
  todayStart: number;
  monthStart: number;
  /** CHART_DAYS + 1 boundaries: the start of each chart day, then the start of tomorrow */
  dayStarts: number[];
  dates: string[];
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Local day and month boundaries around `now`, in the machine's time zone or at a fixed offset. */
function calendar(now: number, offsetMinutes: number | undefined): Calendar {
  const dayStarts: number[] = [];
  const dates: string[] = [];
  if (offsetMinutes === undefined) {
    const d = new Date(now);
    const y = d.getFullYear();
    const mo = d.getMonth();
    const day = d.getDate();
    for (let i = 0; i <= CHART_DAYS; i++) {
      const s = new Date(y, mo, day - (CHART_DAYS - 1) + i);
      dayStarts.push(s.getTime());
      if (i < CHART_DAYS) dates.push(`${s.getFullYear()}-${pad(s.getMonth() + 1)}-${pad(s.getDate())}`);
    }
    return { todayStart: new Date(y, mo, day).getTime(), monthStart: new Date(y, mo, 1).getTime(), dayStarts, dates };
  }
  const off = offsetMinutes * 60_000;
  const local = new Date(now + off);
  const y = local.getUTCFullYear();
  const mo = local.getUTCMonth();
  const day = local.getUTCDate();
  for (let i = 0; i <= CHART_DAYS; i++) {
    const s = new Date(Date.UTC(y, mo, day - (CHART_DAYS - 1) + i));
    dayStarts.push(s.getTime() - off);
    if (i < CHART_DAYS) dates.push(`${s.getUTCFullYear()}-${pad(s.getUTCMonth() + 1)}-${pad(s.getUTCDate())}`);
  }
  return { todayStart: Date.UTC(y, mo, day) - off, monthStart: Date.UTC(y, mo, 1) - off, dayStarts, dates };
}

export function emptyPeriodTotals(): PeriodTotals {
  return {
    requests: 0, attempts: 0, costUsd: 0, baselineCostUsd: 0, savedUsd: 0, savedRoutingUsd: 0, savedCacheUsd: 0,
    savedCompressionUsd: 0, cacheHits: 0, cacheEligible: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0,
  };
}

/**
 * Adds one record to a period's totals.
 *
 * Counting requests: a cascade writes one record per attempt under one requestId, and every request has exactly one
 * first attempt (attempt 1), so first attempts count requests. Cache hit rate is over requests too: a hit is always a
 * first attempt (the cache is consulted before any provider call); the denominator is every first attempt that was
 * answered from the cache or sent to a provider, i.e. all but `blocked` (the budget stopped it) and `cancelled`
 * (the user stopped it). A request that errored still counts as a miss: it went to a provider.
 */
function addRecord(t: PeriodTotals, r: LedgerRecord, first: boolean, eligible: boolean): void {
  t.attempts++;
  if (first) t.requests++;
  if (eligible) t.cacheEligible++;
  if (eligible && r.cacheHit) t.cacheHits++;
  t.costUsd += r.costUsd;
  t.baselineCostUsd += r.baselineCostUsd;
  t.savedRoutingUsd += r.savedRoutingUsd;
  t.savedCacheUsd += r.savedCacheUsd;
  t.savedCompressionUsd += r.savedCompressionUsd;
  t.inputTokens += r.inputTokens;
  t.outputTokens += r.outputTokens;
  t.cachedInputTokens += r.cachedInputTokens;
}

function finishTotals(t: PeriodTotals): PeriodTotals {
  t.costUsd = roundUsd(t.costUsd);
  t.baselineCostUsd = roundUsd(t.baselineCostUsd);
  t.savedUsd = roundUsd(t.baselineCostUsd - t.costUsd);
  t.savedRoutingUsd = roundUsd(t.savedRoutingUsd);
  t.savedCacheUsd = roundUsd(t.savedCacheUsd);
  t.savedCompressionUsd = roundUsd(t.savedCompressionUsd);
  return t;
}

function gauge(limitUsd: number, spentUsd: number, warnPercent: number): BudgetGauge {
  if (!(limitUsd > 0)) return { limitUsd: 0, spentUsd, percent: null, state: 'none' };
  const raw = (spentUsd / limitUsd) * 100;
  const state = spentUsd >= limitUsd ? 'over' : raw >= warnPercent ? 'warn' : 'ok';
  // Rounded to a millionth of a percent so 0.701 of 0.8 reads 87.625, not 87.62499999999999.
  const percent = Math.round(raw * 1e6) / 1e6;
  return { limitUsd, spentUsd, percent, state };
}

interface ModelAcc { attempts: number; cost: number; saved: number; days: Float64Array | undefined }

function toRow(r: LedgerRecord): RecentRow {
  const row: RecentRow = {
    id: r.id, requestId: r.requestId, attempt: r.attempt, ts: r.ts, workspace: r.workspace, task: r.task, model: r.model,
    tier: r.tier, reason: r.reason, inputTokens: r.inputTokens, outputTokens: r.outputTokens,
    cachedInputTokens: r.cachedInputTokens, costUsd: r.costUsd, savedUsd: roundUsd(r.baselineCostUsd - r.costUsd),
    cacheHit: r.cacheHit, outcome: r.outcome, estimated: r.estimated, latencyMs: r.latencyMs,
  };
  if (r.error !== undefined) row.error = r.error;
  return row;
}

/** Everything the dashboard shows, from the ledger. Runs in one pass (100,000 records in a few milliseconds). */
export function buildDashboardModel(records: readonly LedgerRecord[], opts: DashboardModelOptions): DashboardModel {
  const cal = calendar(opts.now, opts.timeZoneOffsetMinutes);
  const filter = opts.filter ?? NO_FILTER;
  const limit = Math.max(0, opts.recentLimit ?? RECENT_LIMIT);
  const session = emptyPeriodTotals();
  const today = emptyPeriodTotals();
  const month = emptyPeriodTotals();
  const all = emptyPeriodTotals();

  const taskIndex = new Map<string, number>(TASKS.map((t, i) => [t, i]));
  const tierIndex = new Map<string, number>(TIERS.map((t, i) => [t, i]));
  const byTask: TaskSlice[] = TASKS.map((task) => ({ task, requests: 0, costUsd: 0, savedUsd: 0 }));
  const byTier: TierSlice[] = TIERS.map((tier) => ({ tier, routed: 0, escalated: 0, costUsd: 0 }));
  const models = new Map<string, ModelAcc>();

  const chartStart = cal.dayStarts[0];
  const chartTotals = new Float64Array(CHART_DAYS);

  let matching = 0;
  let sorted = true;
  let prevTs = -Infinity;
  const matches = (r: LedgerRecord): boolean =>
    (filter.model === '' || r.model === filter.model) && (filter.task === '' || r.task === filter.task);

  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const ts = r.ts;
    if (ts < prevTs) sorted = false;
    prevTs = ts;
    const first = r.attempt <= 1;
    const eligible = first && r.outcome !== 'blocked' && r.outcome !== 'cancelled';

    addRecord(all, r, first, eligible);
    if (ts >= cal.monthStart) addRecord(month, r, first, eligible);
    if (ts >= cal.todayStart) addRecord(today, r, first, eligible);
    if (ts >= opts.sessionStart) addRecord(session, r, first, eligible);

    const saved = r.baselineCostUsd - r.costUsd;
    const ti = taskIndex.get(r.task);
    if (ti !== undefined) {
      const s = byTask[ti];
      if (first) s.requests++;
      s.costUsd += r.costUsd;
      s.savedUsd += saved;
    }
    const tier = tierIndex.get(r.tier);
    if (tier !== undefined) {
      const s = byTier[tier];
      if (first) s.routed++;
      else s.escalated++;
      s.costUsd += r.costUsd;
    }
    let m = models.get(r.model);
    if (!m) {
      m = { attempts: 0, cost: 0, saved: 0, days: undefined };
      models.set(r.model, m);
    }
    m.attempts++;
    m.cost += r.costUsd;
    m.saved += saved;

    if (ts >= chartStart && r.costUsd !== 0) {
      // Days are 24 h apart except across a daylight-saving change: guess, then step to the right bucket.
      let d = Math.floor((ts - chartStart) / DAY_MS);
      if (d >= CHART_DAYS) d = CHART_DAYS - 1;
      while (d > 0 && ts < cal.dayStarts[d]) d--;
      while (d < CHART_DAYS - 1 && ts >= cal.dayStarts[d + 1]) d++;
      if (!m.days) m.days = new Float64Array(CHART_DAYS);
      m.days[d] += r.costUsd;
      chartTotals[d] += r.costUsd;
    }

    if (matches(r)) matching++;
  }

  // Recent rows, newest first. Ties in time keep ledger order (later record first).
  const rows: RecentRow[] = [];
  if (sorted) {
    for (let i = records.length - 1; i >= 0 && rows.length < limit; i--) if (matches(records[i])) rows.push(toRow(records[i]));
  } else {
    // Out of order (another window's records merged in, a clock change): sort the matches.
    const idx: number[] = [];
    for (let i = 0; i < records.length; i++) if (matches(records[i])) idx.push(i);
    idx.sort((a, b) => records[b].ts - records[a].ts || b - a);
    for (let k = 0; k < idx.length && rows.length < limit; k++) rows.push(toRow(records[idx[k]]));
  }

  // Cost per day: the costliest models of the window get their own colour, the rest are gathered.
  const charted = [...models.entries()]
    .filter(([, a]) => a.days !== undefined)
    .map(([model, a]) => ({ model, days: a.days as Float64Array, total: a.days!.reduce((x, y) => x + y, 0) }))
    .filter((s) => s.total !== 0)
    .sort((a, b) => b.total - a.total || (a.model < b.model ? -1 : 1));
  const own = charted.length > CHART_MAX_SERIES ? charted.slice(0, CHART_MAX_SERIES - 1) : charted;
  const rest = charted.slice(own.length);
  const series = own.map((s) => s.model);
  if (rest.length) series.push(OTHER_SERIES);
  const days = cal.dates.map((date, d) => {
    const values = own.map((s) => roundUsd(s.days[d]));
    if (rest.length) values.push(roundUsd(rest.reduce((x, s) => x + s.days[d], 0)));
    return { date, start: cal.dayStarts[d], totalUsd: roundUsd(chartTotals[d]), values };
  });
  const costPerDay: CostPerDay = {
    series, days, totalUsd: roundUsd(chartTotals.reduce((x, y) => x + y, 0)),
  };

  const byModel: ModelSlice[] = [...models.entries()]
    .map(([model, a]) => ({ model, attempts: a.attempts, costUsd: roundUsd(a.cost), savedUsd: roundUsd(a.saved) }))
    .sort((a, b) => b.costUsd - a.costUsd || b.attempts - a.attempts || (a.model < b.model ? -1 : 1));
  for (const s of byTask) { s.costUsd = roundUsd(s.costUsd); s.savedUsd = roundUsd(s.savedUsd); }
  for (const s of byTier) s.costUsd = roundUsd(s.costUsd);

  finishTotals(session);
  finishTotals(today);
  finishTotals(month);
  finishTotals(all);

  const warnPercent = opts.budget.warnPercent;
  return {
    generatedAt: opts.now,
    sessionStart: opts.sessionStart,
    baselineModel: opts.baselineModel,
    recordCount: records.length,
    totals: { session, today, month, all },
    budget: {
      daily: gauge(opts.budget.dailyUsd, today.costUsd, warnPercent),
      monthly: gauge(opts.budget.monthlyUsd, month.costUsd, warnPercent),
      warnPercent,
    },
    costPerDay,
    byTask,
    byTier,
    byModel,
    recent: { filter: { ...filter }, rows, matching },
  };
}


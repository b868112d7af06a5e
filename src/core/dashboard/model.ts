// The cost dashboard's model: built from the ledger's rollups (src/core/ledger/aggregate.ts, the one aggregation
// every view uses), so it costs the same for a week of history as for years: period totals, savings split, budget
// gauges, cost per day by model, by task/tier/model, and one page of recent rows read from disk.
// Pure: the clock, the session start and the time zone come in as arguments.
import type { BudgetConfig } from '../config';
import { hostDiffers, roundUsd } from '../pricing';
import { TASKS, TIERS, type LedgerRecord } from '../types';
import {
  addAcc,
  addRecord,
  emptyTotals,
  F,
  fixedOffsetCalendar,
  fromUnits,
  localCalendar,
  monthOf,
  newAcc,
  Rollup,
  savingUsd,
  toTotals,
} from '../ledger/aggregate';
import type { Page, PageCursor } from '../ledger/ledger';
import {
  NO_FILTER,
  OTHER_SERIES,
  RECENT_LIMIT,
  type BudgetGauge,
  type CostPerDay,
  type DashboardFilter,
  type DashboardModel,
  type ModelSlice,
  type PeriodTotals,
  type RecentRow,
  type TaskSlice,
  type TierSlice,
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
  /** a model's cache-miss and cache-hit input prices at a time, for what provider cache hits saved */
  cacheRates?: (model: string, at: number) => { inputPer1M: number; cachedInputPer1M: number } | undefined;
}

/** Days in the cost-per-day chart, today included. */
export const CHART_DAYS = 30;
/** Models drawn as their own colour in the cost-per-day chart; beyond that they are gathered as OTHER_SERIES. */
export const CHART_MAX_SERIES = 6;

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
  return emptyTotals();
}

function gauge(limitUsd: number, spentUsd: number, warnPercent: number): BudgetGauge {
  if (!(limitUsd > 0)) return { limitUsd: 0, spentUsd, percent: null, state: 'none' };
  const raw = (spentUsd / limitUsd) * 100;
  const state = spentUsd >= limitUsd ? 'over' : raw >= warnPercent ? 'warn' : 'ok';
  // Rounded to a millionth of a percent so 0.701 of 0.8 reads 87.625, not 87.62499999999999.
  const percent = Math.round(raw * 1e6) / 1e6;
  return { limitUsd, spentUsd, percent, state };
}

export function toRow(r: LedgerRecord): RecentRow {
  const row: RecentRow = {
    id: r.id,
    requestId: r.requestId,
    attempt: r.attempt,
    ts: r.ts,
    workspace: r.workspace,
    task: r.task,
    model: r.model,
    tier: r.tier,
    reason: r.reason,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cachedInputTokens: r.cachedInputTokens,
    costUsd: r.costUsd,
    savedUsd: roundUsd(savingUsd(r)),
    cacheHit: r.cacheHit,
    outcome: r.outcome,
    estimated: r.estimated,
    latencyMs: r.latencyMs,
  };
  if (r.error !== undefined) row.error = r.error;
  if (r.hostCostUsd !== undefined && r.ourCostUsd !== undefined && hostDiffers(r.hostCostUsd, r.ourCostUsd))
    row.costMismatch = { hostUsd: r.hostCostUsd, oursUsd: r.ourCostUsd };
  if (r.peak) row.peak = true;
  return row;
}

/** What the dashboard is built from: the rollups, this session's sums and the newest rows (a page from disk). */
export interface DashboardSource {
  rollup: Rollup;
  /** sums of the records of this session */
  session: ArrayLike<number>;
  /** newest first, already filtered; at most recentLimit are shown */
  recent: readonly LedgerRecord[];
  /** where the next (older) page of recent rows starts, if there is one */
  next?: PageCursor;
}

export const matchesFilter =
  (filter: DashboardFilter) =>
  (r: Pick<LedgerRecord, 'model' | 'task'>): boolean =>
    (filter.model === '' || r.model === filter.model) && (filter.task === '' || r.task === filter.task);

/**
 * Everything the dashboard shows, from the ledger's records (tests, small ledgers): rolls them up with the same
 * aggregation the ledger keeps and builds the model from that.
 */
export function buildDashboardModel(records: readonly LedgerRecord[], opts: DashboardModelOptions): DashboardModel {
  const cal =
    opts.timeZoneOffsetMinutes === undefined ? localCalendar : fixedOffsetCalendar(opts.timeZoneOffsetMinutes);
  const rollup = new Rollup(cal);
  const session = newAcc();
  const filter = opts.filter ?? NO_FILTER;
  const matches = matchesFilter(filter);
  let sorted = true;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (i > 0 && r.ts < records[i - 1].ts) sorted = false;
    rollup.add(r);
    if (r.ts >= opts.sessionStart) addRecord(session, r);
  }
  const limit = Math.max(0, opts.recentLimit ?? RECENT_LIMIT);
  const rows: LedgerRecord[] = [];
  if (sorted) {
    for (let i = records.length - 1; i >= 0 && rows.length < limit; i--) if (matches(records[i])) rows.push(records[i]);
  } else {
    // Out of order (another window's records merged in, a clock change): sort the matches; ties keep ledger order.
    const idx: number[] = [];
    for (let i = 0; i < records.length; i++) if (matches(records[i])) idx.push(i);
    idx.sort((a, b) => records[b].ts - records[a].ts || b - a);
    for (let k = 0; k < idx.length && rows.length < limit; k++) rows.push(records[idx[k]]);
  }
  return buildDashboardModelFrom({ rollup, session, recent: rows }, opts);
}

interface ModelAcc {
  attempts: number;
  cost: number;
  saved: number;
  days: Float64Array | undefined;
}

/** Everything the dashboard shows, from rollups: a few thousand buckets however long the history is. */
export function buildDashboardModelFrom(src: DashboardSource, opts: DashboardModelOptions): DashboardModel {
  const cal = calendar(opts.now, opts.timeZoneOffsetMinutes);
  const rc = src.rollup.calendar;
  const filter = opts.filter ?? NO_FILTER;
  const limit = Math.max(0, opts.recentLimit ?? RECENT_LIMIT);
  const todayKey = rc.dayKey(opts.now);
  const monthKey = monthOf(todayKey);
  const today = newAcc();
  const month = newAcc();
  const all = newAcc();

  const taskIndex = new Map<string, number>(TASKS.map((t, i) => [t, i]));
  const tierIndex = new Map<string, number>(TIERS.map((t, i) => [t, i]));
  const byTask: TaskSlice[] = TASKS.map((task) => ({ task, requests: 0, costUsd: 0, savedUsd: 0 }));
  const byTier: TierSlice[] = TIERS.map((tier) => ({ tier, routed: 0, escalated: 0, costUsd: 0 }));
  const taskUnits = TASKS.map(() => ({ cost: 0, saved: 0 }));
  const tierUnits = TIERS.map(() => 0);
  const models = new Map<string, ModelAcc>();
  // chart day index by day key
  const chartDay = new Map<number, number>();
  for (let d = 0; d < CHART_DAYS; d++) chartDay.set(rc.dayKey(cal.dayStarts[d]), d);
  const chartTotals = new Float64Array(CHART_DAYS);
  let matching = 0;
  const matches = matchesFilter(filter);
  const pcModels = new Map<string, { cached: number; input: number; saved: number }>();
  const pcDays = cal.dates.map(() => ({ cached: 0, saved: 0 }));
  const inputByModel = new Map<string, number>();

  for (const b of src.rollup.buckets.values()) {
    const a = b.acc;
    addAcc(all, a);
    if (monthOf(b.day) === monthKey) addAcc(month, a);
    if (b.day === todayKey) addAcc(today, a);
    const cost = a[F.cost];
    const saved = a[F.baseline] - cost;
    const ti = taskIndex.get(b.task);
    if (ti !== undefined) {
      byTask[ti].requests += a[F.requests];
      taskUnits[ti].cost += cost;
      taskUnits[ti].saved += saved;
    }
    const tier = tierIndex.get(b.tier);
    if (tier !== undefined) {
      byTier[tier].routed += a[F.requests];
      byTier[tier].escalated += a[F.escalations];
      tierUnits[tier] += cost;
    }
    let m = models.get(b.model);
    if (!m) {
      m = { attempts: 0, cost: 0, saved: 0, days: undefined };
      models.set(b.model, m);
    }
    m.attempts += a[F.attempts];
    m.cost += cost;
    m.saved += saved;
    const d = chartDay.get(b.day);
    if (d !== undefined && cost !== 0) {
      if (!m.days) m.days = new Float64Array(CHART_DAYS);
      m.days[d] += cost;
      chartTotals[d] += cost;
    }
    if (matches(b)) matching += a[F.attempts];
    inputByModel.set(b.model, (inputByModel.get(b.model) ?? 0) + a[F.input]);
    const cachedTokens = a[F.cachedInput];
    if (cachedTokens > 0) {
      const rates = opts.cacheRates?.(b.model, d !== undefined ? cal.dayStarts[d] : opts.now);
      const savedUsd = rates ? (cachedTokens * Math.max(0, rates.inputPer1M - rates.cachedInputPer1M)) / 1_000_000 : 0;
      const pm = pcModels.get(b.model) ?? { cached: 0, input: 0, saved: 0 };
      pm.cached += cachedTokens;
      pm.saved += savedUsd;
      pcModels.set(b.model, pm);
      if (d !== undefined) {
        pcDays[d].cached += cachedTokens;
        pcDays[d].saved += savedUsd;
      }
    }
  }
  for (const [model, pm] of pcModels) pm.input = inputByModel.get(model) ?? 0;
  const providerCache = {
    byModel: [...pcModels.entries()]
      .map(([model, x]) => ({ model, cachedInputTokens: x.cached, inputTokens: x.input, savedUsd: roundUsd(x.saved) }))
      .sort((a, b) => b.cachedInputTokens - a.cachedInputTokens || (a.model < b.model ? -1 : 1)),
    days: cal.dates.map((date, i) => ({
      date,
      cachedInputTokens: pcDays[i].cached,
      savedUsd: roundUsd(pcDays[i].saved),
    })),
    cachedInputTokens: [...pcModels.values()].reduce((n, x) => n + x.cached, 0),
    savedUsd: roundUsd([...pcModels.values()].reduce((n, x) => n + x.saved, 0)),
  };

  const usd = (units: number): number => roundUsd(fromUnits(units));
  const rows = src.recent.slice(0, limit).map(toRow);

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
    const values = own.map((s) => usd(s.days[d]));
    if (rest.length) values.push(usd(rest.reduce((x, s) => x + s.days[d], 0)));
    return { date, start: cal.dayStarts[d], totalUsd: usd(chartTotals[d]), values };
  });
  const costPerDay: CostPerDay = {
    series,
    days,
    totalUsd: usd(chartTotals.reduce((x, y) => x + y, 0)),
  };

  const byModel: ModelSlice[] = [...models.entries()]
    .map(([model, a]) => ({ model, attempts: a.attempts, costUsd: usd(a.cost), savedUsd: usd(a.saved) }))
    .sort((a, b) => b.costUsd - a.costUsd || b.attempts - a.attempts || (a.model < b.model ? -1 : 1));
  byTask.forEach((s, i) => {
    s.costUsd = usd(taskUnits[i].cost);
    s.savedUsd = usd(taskUnits[i].saved);
  });
  byTier.forEach((s, i) => {
    s.costUsd = usd(tierUnits[i]);
  });

  const totals = { session: toTotals(src.session), today: toTotals(today), month: toTotals(month), all: toTotals(all) };
  const warnPercent = opts.budget.warnPercent;
  const recent: DashboardModel['recent'] = { filter: { ...filter }, rows, matching };
  if (src.next && rows.length >= limit) recent.next = src.next;
  return {
    generatedAt: opts.now,
    sessionStart: opts.sessionStart,
    baselineModel: opts.baselineModel,
    recordCount: all[F.attempts],
    totals,
    budget: {
      daily: gauge(opts.budget.dailyUsd, totals.today.costUsd, warnPercent),
      monthly: gauge(opts.budget.monthlyUsd, totals.month.costUsd, warnPercent),
      warnPercent,
    },
    costPerDay,
    byTask,
    byTier,
    byModel,
    providerCache,
    recent,
  };
}

/** What the dashboard reads from a ledger: its rollups, this session's sums, pages of records, and every record. */
export interface DashboardLedger {
  rollups(): Rollup;
  sessionSums(): ArrayLike<number>;
  page(cursor: PageCursor | undefined, limit: number, keep?: (r: LedgerRecord) => boolean): Promise<Page>;
  records(): AsyncIterable<LedgerRecord[]>;
}

/** The dashboard model of a ledger: its rollups and the first page of recent rows (read backwards from disk). */
export async function dashboardModelOf(ledger: DashboardLedger, opts: DashboardModelOptions): Promise<DashboardModel> {
  const filter = opts.filter ?? NO_FILTER;
  const limit = Math.max(0, opts.recentLimit ?? RECENT_LIMIT);
  const page = await ledger.page(undefined, limit, matchesFilter(filter));
  return buildDashboardModelFrom(
    { rollup: ledger.rollups(), session: ledger.sessionSums(), recent: page.rows, next: page.next },
    opts,
  );
}

/** The next older page of recent rows. */
export async function olderRows(
  ledger: DashboardLedger,
  cursor: PageCursor,
  filter: DashboardFilter,
  limit = RECENT_LIMIT,
): Promise<{ rows: RecentRow[]; next?: PageCursor }> {
  const page = await ledger.page(cursor, limit, matchesFilter(filter));
  return page.next ? { rows: page.rows.map(toRow), next: page.next } : { rows: page.rows.map(toRow) };
}

/**
 * A DashboardLedger over records in memory (tests, and callers that hold a few records): the same rollups and
 * paging as the ledger's. Pages are cursors into the array, newest first.
 */
export function arrayLedger(get: () => readonly LedgerRecord[], sessionStart = -Infinity): DashboardLedger {
  return {
    rollups() {
      const r = new Rollup(localCalendar);
      for (const rec of get()) r.add(rec);
      return r;
    },
    sessionSums() {
      const a = newAcc();
      for (const rec of get()) if (rec.ts >= sessionStart) addRecord(a, rec);
      return a;
    },
    async page(cursor, limit, keep) {
      const list = [...get()].map((r, i) => ({ r, i })).sort((a, b) => b.r.ts - a.r.ts || b.i - a.i);
      const rows: LedgerRecord[] = [];
      let k = cursor ? cursor.offset : 0;
      for (; k < list.length && rows.length < limit; k++) if (!keep || keep(list[k].r)) rows.push(list[k].r);
      return k < list.length ? { rows, next: { seg: 'memory', id: '', offset: k } } : { rows };
    },
    async *records() {
      yield [...get()];
    },
  };
}

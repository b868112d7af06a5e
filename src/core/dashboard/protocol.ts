// The dashboard's one message protocol, imported by both sides: the extension (src/vscode/dashboard) and the webview
// script (media/dashboard/main.ts, bundled for the browser). Type-only imports and plain functions only, so the
// webview bundle stays small and editor-free.
//
// Handshake: the webview posts `ready` (with the filter it restored from its saved state) every time its document
// loads; only then does the extension post `update`. The webview is not kept alive while hidden
// (retainContextWhenHidden: false), so a hidden-then-shown panel reloads, says `ready` again and is sent fresh data.
import type { LedgerRecord, Task, Tier } from '../types';
import type { Totals } from '../ledger/aggregate';
import type { PageCursor } from '../ledger/ledger';

/** How many ledger records the "Recent requests" table shows, and the most the extension ever posts. */
export const RECENT_LIMIT = 100;

/** Filter of the recent-requests table; an empty string means "all". */
export interface DashboardFilter {
  model: string;
  task: string;
}

export const NO_FILTER: DashboardFilter = { model: '', task: '' };

/** Sums over the ledger records of one period (defined with every other figure in src/core/ledger/aggregate.ts). */
export type PeriodTotals = Totals;

export type GaugeState = 'none' | 'ok' | 'warn' | 'over';

export interface BudgetGauge {
  /** 0 = no limit */
  limitUsd: number;
  spentUsd: number;
  /** spent / limit in percent; null when there is no limit */
  percent: number | null;
  state: GaugeState;
}

export interface DayBucket {
  /** local calendar date, YYYY-MM-DD */
  date: string;
  /** epoch ms of the start of that local day */
  start: number;
  totalUsd: number;
  /** cost per series, aligned with CostPerDay.series */
  values: number[];
}

export interface CostPerDay {
  /** model ids by cost over the window, highest first; the last one may be OTHER_SERIES */
  series: string[];
  /** oldest first, the last one is today */
  days: DayBucket[];
  totalUsd: number;
}

/** Name of the series that gathers the models beyond the chart's palette. */
export const OTHER_SERIES = 'Other models';

export interface TaskSlice {
  task: Task;
  requests: number;
  costUsd: number;
  savedUsd: number;
}
export interface TierSlice {
  tier: Tier;
  /** requests the router sent to this tier first (first attempts) */
  routed: number;
  /** later attempts that escalated or fell back to this tier */
  escalated: number;
  costUsd: number;
}
export interface ModelSlice {
  model: string;
  attempts: number;
  costUsd: number;
  savedUsd: number;
}

/** Input tokens a provider served from its own prompt cache (DeepSeek's prefix cache), and what that saved. */
export interface ProviderCacheSlice {
  model: string;
  cachedInputTokens: number;
  inputTokens: number;
  /** cached tokens x (cache-miss price - cache-hit price), at the catalog's price on each day */
  savedUsd: number;
}
export interface ProviderCacheDay {
  date: string;
  cachedInputTokens: number;
  savedUsd: number;
}
export interface ProviderCacheModel {
  /** all time, most cached tokens first; models with no cached tokens left out */
  byModel: ProviderCacheSlice[];
  /** the chart's 30 days, oldest first */
  days: ProviderCacheDay[];
  cachedInputTokens: number;
  savedUsd: number;
}

/** One row of the recent-requests table. Every string in it comes from the ledger and is shown as text only. */
export type RecentRow = Pick<
  LedgerRecord,
  | 'id'
  | 'requestId'
  | 'attempt'
  | 'ts'
  | 'workspace'
  | 'task'
  | 'model'
  | 'tier'
  | 'reason'
  | 'inputTokens'
  | 'outputTokens'
  | 'cachedInputTokens'
  | 'costUsd'
  | 'cacheHit'
  | 'outcome'
  | 'estimated'
  | 'latencyMs'
  | 'error'
> & {
  savedUsd: number;
  /** the host's figure and ours differ by more than 5%: both are shown */
  costMismatch?: { hostUsd: number; oursUsd: number };
  /** billed at the provider's peak rate */
  peak?: boolean;
};

export interface DashboardModel {
  generatedAt: number;
  sessionStart: number;
  baselineModel?: string;
  /** records in the ledger */
  recordCount: number;
  totals: { session: PeriodTotals; today: PeriodTotals; month: PeriodTotals; all: PeriodTotals };
  budget: { daily: BudgetGauge; monthly: BudgetGauge; warnPercent: number };
  /** last 30 local days, stacked by model */
  costPerDay: CostPerDay;
  /** all time, in TASKS order */
  byTask: TaskSlice[];
  /** all time, in TIERS order */
  byTier: TierSlice[];
  /** all time, highest cost first */
  byModel: ModelSlice[];
  /** provider-side prompt-cache hits (not Frugal's answer cache), per model and per day */
  providerCache?: ProviderCacheModel;
  recent: {
    filter: DashboardFilter;
    /** newest first, at most RECENT_LIMIT */
    rows: RecentRow[];
    /** records matching the filter (may exceed rows.length) */
    matching: number;
    /** where the next older page starts (ask with `more`); absent when the rows reach the start of the history */
    next?: PageCursor;
  };
}

/** The workspace response cache as the cache store reports it (lookups since it was opened). */
export interface CacheSnapshot {
  entries: number;
  hits: number;
  misses: number;
}

/** A LiteLLM gateway's budgets (the virtual key's, its team's), shown beside the local budget. */
export interface GatewayPanel {
  budgets: { scope: 'key' | 'team'; label: string; gauge: BudgetGauge; resetsAt?: number }[];
  /** the team budget is not readable with this key, the last read failed, ... */
  notes: string[];
  /** requests the gateway answered from its own cache today */
  proxyCacheHitsToday: number;
  /** epoch ms of the proxy's answer these figures come from */
  fetchedAt?: number;
}

export interface DashboardPayload {
  model: DashboardModel;
  cache?: CacheSnapshot;
  /** present when the provider is a LiteLLM gateway */
  gateway?: GatewayPanel;
  /** routing corrections the user taught the router ("This Was Overkill", "Regenerate with a Stronger Model") */
  corrections?: number;
}

export type DashboardCommand = 'resetStats' | 'clearCache' | 'openSettings' | 'setBudget';
export type ExportFormat = 'csv' | 'json';

/** Extension -> webview. */
export type ToWebview =
  | { type: 'update'; payload: DashboardPayload }
  | { type: 'notice'; level: 'info' | 'error'; text: string }
  /** an older page of recent rows, answering `more` */
  | { type: 'page'; rows: RecentRow[]; next?: PageCursor };

/** Webview -> extension. */
export type FromWebview =
  | { type: 'ready'; filter: DashboardFilter }
  | { type: 'filter'; filter: DashboardFilter }
  | { type: 'export'; format: ExportFormat }
  /** the next older page of recent rows, from the cursor the last update or page gave */
  | { type: 'more'; cursor: PageCursor }
  | { type: 'command'; command: DashboardCommand };

const COMMANDS: readonly DashboardCommand[] = ['resetStats', 'clearCache', 'openSettings', 'setBudget'];

function parseFilter(x: unknown): DashboardFilter | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const f = x as Record<string, unknown>;
  const model = f.model ?? '';
  const task = f.task ?? '';
  if (typeof model !== 'string' || typeof task !== 'string' || model.length > 500 || task.length > 100)
    return undefined;
  return { model, task };
}

/**
 * Checks a message from the webview. The webview is our own code, but its messages still cross a process boundary
 * and are treated like any other input: anything that does not match the protocol is dropped.
 */
export function parseFromWebview(x: unknown): FromWebview | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const m = x as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'filter': {
      const filter = parseFilter(m.filter ?? NO_FILTER);
      return filter ? { type: m.type, filter } : undefined;
    }
    case 'more': {
      const c = m.cursor as Record<string, unknown> | null;
      if (typeof c !== 'object' || c === null) return undefined;
      const { seg, id, offset } = c;
      // The ledger only looks the name up among its own files; it never becomes a path.
      if (
        typeof seg !== 'string' ||
        !/^[\w.-]{1,40}$/.test(seg) ||
        typeof id !== 'string' ||
        id.length > 64 ||
        typeof offset !== 'number' ||
        !Number.isInteger(offset) ||
        offset < 0
      )
        return undefined;
      return { type: 'more', cursor: { seg, id, offset } };
    }
    case 'export':
      return m.format === 'csv' || m.format === 'json' ? { type: 'export', format: m.format } : undefined;
    case 'command':
      return COMMANDS.includes(m.command as DashboardCommand)
        ? { type: 'command', command: m.command as DashboardCommand }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Share of requests answered from the response cache: cache hits / (cache hits + requests sent to a provider).
 * Blocked and cancelled requests are left out (neither cache nor provider answered them). null when there is none.
 */
export function cacheHitRate(t: Pick<PeriodTotals, 'cacheHits' | 'cacheEligible'>): number | null {
  return t.cacheEligible > 0 ? t.cacheHits / t.cacheEligible : null;
}

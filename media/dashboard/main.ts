// The cost dashboard's webview script (bundled by esbuild into dist/dashboard.js, a browser IIFE).
//
// Security: every string that comes from the ledger (model names, reasons, workspace names, errors) is put into the
// page as a Text node or an attribute value, never parsed as HTML; this file has no innerHTML at all (a unit test
// checks). The page's CSP allows only this nonce'd script and the extension's own stylesheet, so nothing here sets
// inline styles either: sizes are SVG attributes, colours are CSS classes.
import {
  cacheHitRate,
  OTHER_SERIES,
  type BudgetGauge,
  type DashboardCommand,
  type DashboardFilter,
  type DashboardModel,
  type DashboardPayload,
  type ExportFormat,
  type FromWebview,
  type GatewayPanel,
  type PeriodTotals,
  type RecentRow,
  type ToWebview,
} from '../../src/core/dashboard/protocol';
import {
  formatCount,
  formatDuration,
  formatMoney,
  formatPercent,
  formatRate,
  formatTokens,
} from '../../src/core/dashboard/format';

interface SavedState {
  filter: DashboardFilter;
  /** ids of <details> the user opened (the charts' data tables) */
  open: string[];
}

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const SVG_NS = 'http://www.w3.org/2000/svg';

// ---------------------------------------------------------------------------------------------------------------
// DOM helpers: text is always a Text node.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined>;

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function s(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag) as SVGElement;
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

let idCounter = 0;
const uid = (p: string): string => `${p}-${++idCounter}`;

// ---------------------------------------------------------------------------------------------------------------
// State

const saved: SavedState = { filter: { model: '', task: '' }, open: [], ...(vscode.getState() ?? {}) };
let payload: DashboardPayload | undefined;

function saveState(): void {
  vscode.setState({ filter: saved.filter, open: saved.open });
}

function post(m: FromWebview): void {
  vscode.postMessage(m);
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

const dateFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayTimeFmt = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return dateFmt.format(new Date(y, m - 1, d));
}

function when(ts: number, now: number): string {
  const a = new Date(ts);
  const b = new Date(now);
  const sameDay = a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  return sameDay ? timeFmt.format(a) : dayTimeFmt.format(a);
}

const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** Round numbers for a chart axis: about `ticks` steps of 1, 2, 2.5 or 5 times a power of ten. */
function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 0.25 };
  const rough = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(rough));
  const f = rough / pow;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * pow;
  return { max: Math.ceil(max / step - 1e-9) * step, step };
}

/** Width of a text in the chart font; close enough for layout, without measuring the DOM. */
const textWidth = (t: string): number => t.length * 6.6 + 4;

function seriesClass(name: string, i: number): string {
  return name === OTHER_SERIES ? 'series-other' : `series-${i}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Skeleton (built once, so focus, scroll and open <details> survive live updates)

const app = document.getElementById('app') as HTMLElement;

function button(label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

const sendCommand = (command: DashboardCommand) => () => post({ type: 'command', command });
const sendExport = (format: ExportFormat) => () => post({ type: 'export', format });

const subtitle = h('p', { class: 'subtitle' });
const notice = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });
const emptyBanner = h(
  'div',
  { class: 'empty', hidden: true },
  h(
    'p',
    {},
    'No requests recorded yet. Select some code and run ',
    h('strong', {}, 'Frugal: Explain Selection'),
    ' (or any other Frugal command); its cost and savings appear here.',
  ),
);

const header = h(
  'header',
  { class: 'top' },
  h('div', { class: 'title' }, h('h1', {}, 'Frugal cost dashboard'), subtitle),
  h(
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': 'Dashboard actions' },
    button('Export CSV', sendExport('csv'), {
      title: 'Save every ledger record as a CSV file',
      'data-action': 'export-csv',
    }),
    button('Export JSON', sendExport('json'), {
      title: 'Save every ledger record as a JSON file',
      'data-action': 'export-json',
    }),
    button('Set budgets…', sendCommand('setBudget'), { 'data-action': 'set-budget' }),
    button('Settings', sendCommand('openSettings'), {
      class: 'secondary',
      title: "Open Frugal's settings",
      'data-action': 'open-settings',
    }),
    button('Clear cache', sendCommand('clearCache'), {
      class: 'secondary',
      title: "Delete this workspace's cached answers",
      'data-action': 'clear-cache',
    }),
    button('Reset statistics…', sendCommand('resetStats'), {
      class: 'secondary danger',
      title: 'Delete every recorded request (asks first)',
      'data-action': 'reset-stats',
    }),
  ),
);

function section(
  id: string,
  title: string,
  extraClass = '',
): { el: HTMLElement; body: HTMLElement; heading: HTMLElement } {
  const headingId = `${id}-heading`;
  const heading = h('h2', { id: headingId }, title);
  const body = h('div', { class: 'card-body' });
  const el = h('section', { id, class: `card ${extraClass}`.trim(), 'aria-labelledby': headingId }, heading, body);
  return { el, body, heading };
}

const spend = section('spend', 'Spend');
const savings = section('savings', 'Savings');
const cache = section('cache', 'Cache hit rate');
const budgets = section('budgets', 'Budgets');
const perDay = section('cost-per-day', 'Cost per day, last 30 days');
const byTask = section('by-task', 'Spend by task');
const byTier = section('by-tier', 'Requests by tier');
const providerCache = section('provider-cache', 'Provider prompt cache');
const recent = section('recent', 'Recent requests');
// Routing corrections the user taught the router; kept outside the chart body, which is redrawn on every update.
const correctionsNote = h('p', { class: 'muted', 'data-stat': 'corrections' });
byTier.el.append(correctionsNote);

const modelSelect = h('select', { id: 'filter-model', 'data-filter': 'model' });
const taskSelect = h('select', { id: 'filter-task', 'data-filter': 'task' });
const recentCount = h('p', { class: 'muted', 'aria-live': 'polite' });
const recentTableWrap = h('div', {
  class: 'table-wrap',
  tabindex: 0,
  role: 'region',
  'aria-labelledby': 'recent-heading',
});
const moreButton = h('button', { type: 'button', class: 'more', hidden: true }, 'Show older requests');
/** the rows of the recent table so far, and where the next older page starts (asked for with `more`) */
let recentBody: HTMLElement | undefined;
let recentShown = 0;
let recentMatching = 0;
let recentFiltered = false;
let nextCursor: DashboardModel['recent']['next'];
moreButton.addEventListener('click', () => {
  if (!nextCursor) return;
  moreButton.setAttribute('disabled', '');
  recentTableWrap.setAttribute('aria-busy', 'true');
  post({ type: 'more', cursor: nextCursor });
});
recent.body.append(
  h(
    'div',
    { class: 'filters' },
    h('span', { class: 'filter' }, h('label', { for: 'filter-model' }, 'Model'), modelSelect),
    h('span', { class: 'filter' }, h('label', { for: 'filter-task' }, 'Task'), taskSelect),
    recentCount,
  ),
  recentTableWrap,
  moreButton,
);
for (const sel of [modelSelect, taskSelect]) {
  sel.addEventListener('change', () => {
    saved.filter = { model: modelSelect.value, task: taskSelect.value };
    saveState();
    recentTableWrap.setAttribute('aria-busy', 'true');
    post({ type: 'filter', filter: saved.filter });
  });
}

app.replaceChildren(
  header,
  notice,
  emptyBanner,
  h(
    'div',
    { class: 'layout' },
    spend.el,
    h('div', { class: 'row three' }, savings.el, cache.el, budgets.el),
    perDay.el,
    h('div', { class: 'row two' }, byTask.el, byTier.el),
    providerCache.el,
    recent.el,
  ),
);

// ---------------------------------------------------------------------------------------------------------------
// Headline

function stat(label: string, value: string, detail: string, key: string, title?: string): HTMLElement {
  return h(
    'div',
    { class: 'stat', 'data-stat': key, title },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value),
    h('div', { class: 'stat-detail muted' }, detail),
  );
}

function renderSpend(m: DashboardModel): void {
  const t = m.totals;
  const detail = (p: PeriodTotals) =>
    `${plural(p.requests, 'request')} · ${formatTokens(p.inputTokens + p.outputTokens)} tokens`;
  spend.body.replaceChildren(
    h(
      'div',
      { class: 'stats' },
      stat(
        'This session',
        formatMoney(t.session.costUsd),
        detail(t.session),
        'session',
        `Since ${fullFmt.format(new Date(m.sessionStart))}`,
      ),
      stat('Today', formatMoney(t.today.costUsd), detail(t.today), 'today'),
      stat('This month', formatMoney(t.month.costUsd), detail(t.month), 'month'),
      stat('All time', formatMoney(t.all.costUsd), detail(t.all), 'all'),
    ),
  );
}

const SAVING_PARTS = [
  {
    key: 'savedRoutingUsd',
    label: 'Routing',
    cls: 'save-routing',
    hint: 'a cheaper model than the baseline did the work',
  },
  { key: 'savedCacheUsd', label: 'Cache', cls: 'save-cache', hint: 'answered from the cache at no cost' },
  {
    key: 'savedCompressionUsd',
    label: 'Compression',
    cls: 'save-compression',
    hint: 'fewer tokens sent after compressing the context',
  },
] as const;

function renderSavings(m: DashboardModel): void {
  const t = m.totals.all;
  const baseline = m.baselineModel ?? 'the baseline model';
  const share = t.baselineCostUsd > 0 ? (t.savedUsd / t.baselineCostUsd) * 100 : null;
  const positive = SAVING_PARTS.map((p) => Math.max(0, t[p.key]));
  const sum = positive.reduce((a, b) => a + b, 0);
  const bar = s('svg', {
    class: 'split-bar',
    width: '100%',
    height: 14,
    viewBox: '0 0 100 14',
    preserveAspectRatio: 'none',
    'aria-hidden': 'true',
  });
  bar.appendChild(s('rect', { class: 'track', x: 0, y: 0, width: 100, height: 14, rx: 0 }));
  let x = 0;
  if (sum > 0) {
    SAVING_PARTS.forEach((p, i) => {
      const w = (positive[i] / sum) * 100;
      if (w <= 0) return;
      bar.appendChild(s('rect', { class: p.cls, x, y: 0, width: w, height: 14 }));
      x += w;
    });
  }
  const legend = h(
    'ul',
    { class: 'legend split-legend' },
    ...SAVING_PARTS.map((p) =>
      h(
        'li',
        { title: p.hint },
        h('span', { class: `swatch ${p.cls}`, 'aria-hidden': 'true' }),
        h('span', { class: 'legend-name' }, p.label),
        h('span', { class: 'legend-value' }, formatMoney(t[p.key])),
      ),
    ),
  );
  savings.heading.textContent = `Saved against ${baseline}`;
  savings.body.replaceChildren(
    h('div', { class: 'big', 'data-stat': 'saved' }, formatMoney(t.savedUsd)),
    h(
      'p',
      { class: 'muted' },
      share === null
        ? 'Nothing to compare yet.'
        : `${formatPercent(share)} less than ${formatMoney(t.baselineCostUsd)} on ${baseline}, all time. This month: ${formatMoney(m.totals.month.savedUsd)}.`,
    ),
    h(
      'figure',
      { class: 'split', 'aria-label': 'Savings split' },
      bar,
      h(
        'figcaption',
        { class: 'visually-hidden' },
        `Savings split: ${SAVING_PARTS.map((p) => `${p.label.toLowerCase()} ${formatMoney(t[p.key])}`).join(', ')}.`,
      ),
      legend,
    ),
    // Its own kind, beside the split: batch jobs deferred to a provider's off-peak rate.
    ...(t.savedOffPeakUsd > 0
      ? [
          h(
            'p',
            { 'data-stat': 'saved-off-peak' },
            `Off-peak scheduling: ${formatMoney(t.savedOffPeakUsd)} saved by running batch jobs at the off-peak rate instead of the peak rate (not part of the split above).`,
          ),
        ]
      : []),
  );
}

function renderCache(m: DashboardModel, snap: DashboardPayload['cache']): void {
  const all = m.totals.all;
  const ses = m.totals.session;
  const rate = cacheHitRate(all);
  cache.body.replaceChildren(
    h('div', { class: 'big', 'data-stat': 'hit-rate' }, formatRate(rate)),
    s(
      'svg',
      {
        class: 'split-bar',
        width: '100%',
        height: 8,
        viewBox: '0 0 100 8',
        preserveAspectRatio: 'none',
        'aria-hidden': 'true',
      },
      s('rect', { class: 'track', x: 0, y: 0, width: 100, height: 8 }),
      s('rect', { class: 'save-cache', x: 0, y: 0, width: (rate ?? 0) * 100, height: 8 }),
    ),
    h(
      'p',
      { class: 'muted' },
      all.cacheEligible
        ? `${formatCount(all.cacheHits)} of ${plural(all.cacheEligible, 'request')} answered from the cache, all time.`
        : 'No requests yet.',
    ),
    h(
      'p',
      { class: 'muted' },
      `This session: ${formatRate(cacheHitRate(ses))} (${formatCount(ses.cacheHits)} of ${formatCount(ses.cacheEligible)}).`,
    ),
    snap
      ? h('p', { class: 'muted' }, `This workspace's cache holds ${plural(snap.entries, 'answer')}.`)
      : h('p', { class: 'muted' }, 'No workspace cache (no folder open, or caching is off).'),
    h(
      'p',
      { class: 'fine muted' },
      'Share of requests answered from the cache among those answered from the cache or sent to a provider; blocked and cancelled requests are left out.',
    ),
  );
}

/** Input tokens the provider billed as prompt-cache hits (follow-ups laid out for it), per model and per day. */
function renderProviderCache(m: DashboardModel): void {
  const pc = m.providerCache;
  if (!pc || pc.cachedInputTokens === 0) {
    providerCache.body.replaceChildren(
      h(
        'p',
        { class: 'muted' },
        "No input tokens served from a provider's prompt cache yet. Follow-up questions are laid out so they are.",
      ),
    );
    return;
  }
  const days = pc.days.filter((d) => d.cachedInputTokens > 0).reverse();
  providerCache.body.replaceChildren(
    h(
      'p',
      {},
      `${formatTokens(pc.cachedInputTokens)} input tokens billed at the cache-hit price, saving ${formatMoney(pc.savedUsd)} against the cache-miss price, all time.`,
    ),
    // In a narrow panel the tables scroll sideways in their own box, not the page.
    h(
      'div',
      { class: 'table-wrap' },
      table(
        'Provider cache hits per model',
        ['Model', 'Cached input tokens', 'Share of its input', 'Saved'],
        pc.byModel.map((x) => [
          x.model,
          formatTokens(x.cachedInputTokens),
          formatRate(x.inputTokens ? x.cachedInputTokens / x.inputTokens : null),
          formatMoney(x.savedUsd),
        ]),
      ),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      table(
        'Provider cache hits per day, last 30 days',
        ['Day', 'Cached input tokens', 'Saved'],
        days.map((d) => [d.date, formatTokens(d.cachedInputTokens), formatMoney(d.savedUsd)]),
      ),
    ),
  );
}

function gaugeRow(name: string, g: BudgetGauge, warnPercent: number): HTMLElement {
  if (g.state === 'none') {
    return h(
      'div',
      { class: 'gauge none', 'data-gauge': name.toLowerCase() },
      h(
        'div',
        { class: 'gauge-head' },
        h('span', { class: 'gauge-name' }, `${name} limit`),
        h('span', { class: 'muted' }, 'no limit'),
      ),
      h('p', { class: 'muted' }, `${formatMoney(g.spentUsd)} spent ${name === 'Daily' ? 'today' : 'this month'}.`),
    );
  }
  const pct = g.percent ?? 0;
  const text = `${formatMoney(g.spentUsd)} of ${formatMoney(g.limitUsd)} (${formatPercent(pct)})`;
  const bar = s(
    'svg',
    { width: '100%', height: 12, viewBox: '0 0 100 12', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
    s('rect', { class: 'track', x: 0, y: 0, width: 100, height: 12 }),
    s('rect', { class: `fill ${g.state}`, x: 0, y: 0, width: Math.min(100, Math.max(0, pct)), height: 12 }),
    s('line', { class: 'warn-mark', x1: warnPercent, x2: warnPercent, y1: 0, y2: 12 }),
  );
  const stateText =
    g.state === 'over' ? 'limit reached' : g.state === 'warn' ? `past the ${warnPercent}% warning` : 'within budget';
  return h(
    'div',
    {
      class: `gauge ${g.state}`,
      'data-gauge': name.toLowerCase(),
      role: 'meter',
      'aria-label': `${name} budget`,
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': Math.round(Math.min(100, pct)),
      'aria-valuetext': `${text}, ${stateText}`,
    },
    h('div', { class: 'gauge-head' }, h('span', { class: 'gauge-name' }, `${name} limit`), h('span', {}, text)),
    bar,
    h('p', { class: `gauge-state ${g.state}` }, stateText),
  );
}

/** The LiteLLM gateway's key and team budgets, beside the local ones, drawn like them. */
function gatewayRows(g: GatewayPanel, warnPercent: number): HTMLElement {
  const rows = g.budgets.map((b) => {
    const name = `Gateway ${b.scope} (${b.label})`;
    if (b.gauge.state === 'none') {
      return h(
        'div',
        { class: 'gauge none', 'data-gauge': `gateway-${b.scope}` },
        h(
          'div',
          { class: 'gauge-head' },
          h('span', { class: 'gauge-name' }, name),
          h('span', { class: 'muted' }, 'no limit'),
        ),
        h('p', { class: 'muted' }, `${formatMoney(b.gauge.spentUsd)} spent.`),
      );
    }
    const row = gaugeRow(name, b.gauge, warnPercent);
    row.setAttribute('data-gauge', `gateway-${b.scope}`);
    return row;
  });
  const notes = [...g.notes];
  if (g.proxyCacheHitsToday)
    notes.push(`${plural(g.proxyCacheHitsToday, 'request')} answered from the gateway's cache today.`);
  return h(
    'div',
    { class: 'gateway', 'data-section': 'gateway' },
    ...rows,
    ...notes.map((n) => h('p', { class: 'muted' }, n)),
  );
}

function renderBudgets(m: DashboardModel, gateway?: GatewayPanel): void {
  const b = m.budget;
  budgets.body.replaceChildren(
    gaugeRow('Daily', b.daily, b.warnPercent),
    gaugeRow('Monthly', b.monthly, b.warnPercent),
  );
  if (gateway) budgets.body.appendChild(gatewayRows(gateway, b.warnPercent));
  if (b.daily.state === 'none' || b.monthly.state === 'none') {
    budgets.body.appendChild(
      h(
        'p',
        { class: 'muted' },
        'A limit of 0 means no limit. ',
        button('Set a budget…', sendCommand('setBudget'), { class: 'link', 'data-action': 'set-budget-inline' }),
      ),
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Charts: each an <svg role="img"> with a title and a description, plus the same data as a table in a <details>.

function details(id: string, summary: string, table: HTMLTableElement): HTMLDetailsElement {
  const d = h(
    'details',
    { id, class: 'data-table' },
    h('summary', {}, summary),
    h('div', { class: 'table-wrap' }, table),
  );
  if (saved.open.includes(id)) d.open = true;
  d.addEventListener('toggle', () => {
    saved.open = saved.open.filter((x) => x !== id);
    if (d.open) saved.open.push(id);
    saveState();
  });
  return d;
}

function table(caption: string, head: string[], rows: (string | Node)[][], numericFrom = 1): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      {},
      h('tr', {}, ...head.map((c, i) => h('th', { scope: 'col', class: i >= numericFrom ? 'num' : undefined }, c))),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          ...r.map((c, i) =>
            i === 0 ? h('th', { scope: 'row' }, c) : h('td', { class: i >= numericFrom ? 'num' : undefined }, c),
          ),
        ),
      ),
    ),
  );
}

function chartSvg(width: number, height: number, title: string, desc: string): SVGElement {
  const tid = uid('t');
  const did = uid('d');
  return s(
    'svg',
    {
      class: 'chart',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': `${tid} ${did}`,
    },
    s('title', { id: tid }, title),
    s('desc', { id: did }, desc),
  );
}

function chartWidth(el: HTMLElement): number {
  return Math.max(240, Math.floor(el.clientWidth || 600));
}

const perDayFigure = h('figure', { class: 'chart-figure' });
const perDayLegend = h('ul', { class: 'legend' });
const perDayTable = h('div');
perDay.body.append(perDayLegend, perDayFigure, perDayTable);

function renderPerDay(m: DashboardModel): void {
  const c = m.costPerDay;
  const width = chartWidth(perDayFigure);
  const height = 220;
  const { max, step } = niceScale(Math.max(0, ...c.days.map((d) => d.totalUsd)));
  const ticks: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) ticks.push(v);
  const left = Math.max(...ticks.map((t) => textWidth(formatMoney(t)))) + 6;
  const top = 10;
  const bottom = 24;
  const right = 6;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const slot = plotW / c.days.length;
  const barW = Math.max(2, Math.min(28, slot * 0.72));
  const y = (v: number) => top + plotH - (v / max) * plotH;

  const busiest = c.days.reduce((a, d) => (d.totalUsd > a.totalUsd ? d : a), c.days[0]);
  const desc =
    c.totalUsd > 0
      ? `${formatMoney(c.totalUsd)} over the last 30 days; the most on ${dayLabel(busiest.date)} (${formatMoney(busiest.totalUsd)}); today ${formatMoney(c.days[c.days.length - 1].totalUsd)}.`
      : 'Nothing spent in the last 30 days.';
  const svg = chartSvg(width, height, 'Cost per day for the last 30 days, stacked by model', desc);

  for (const t of ticks) {
    svg.appendChild(s('line', { class: 'grid-line', x1: left, x2: width - right, y1: y(t), y2: y(t) }));
    svg.appendChild(s('text', { class: 'axis', x: left - 6, y: y(t) + 4, 'text-anchor': 'end' }, formatMoney(t)));
  }
  const every = Math.max(1, Math.ceil(52 / slot));
  c.days.forEach((d, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    const g = s('g', { class: 'day' });
    let base = 0;
    d.values.forEach((v, si) => {
      if (v <= 0) return;
      const y0 = y(base);
      const y1 = y(base + v);
      g.appendChild(
        s(
          'rect',
          { class: seriesClass(c.series[si], si), x, y: y1, width: barW, height: Math.max(0.5, y0 - y1) },
          s(
            'title',
            {},
            `${dayLabel(d.date)} · ${c.series[si]}: ${formatMoney(v)} (day total ${formatMoney(d.totalUsd)})`,
          ),
        ),
      );
      base += v;
    });
    svg.appendChild(g);
    if ((c.days.length - 1 - i) % every === 0) {
      const label = i === c.days.length - 1 ? 'Today' : dayLabel(d.date);
      svg.appendChild(
        s('text', { class: 'axis', x: left + i * slot + slot / 2, y: height - 6, 'text-anchor': 'middle' }, label),
      );
    }
  });
  svg.appendChild(s('line', { class: 'axis-line', x1: left, x2: width - right, y1: y(0), y2: y(0) }));
  perDayFigure.replaceChildren(svg);

  perDayLegend.replaceChildren(
    ...c.series.map((name, i) => {
      const total = c.days.reduce((a, d) => a + d.values[i], 0);
      return h(
        'li',
        {},
        h('span', { class: `swatch ${seriesClass(name, i)}`, 'aria-hidden': 'true' }),
        h('span', { class: 'legend-name' }, name),
        h('span', { class: 'legend-value' }, formatMoney(total)),
      );
    }),
  );
  if (!c.series.length) perDayLegend.replaceChildren(h('li', { class: 'muted' }, 'No spend in the last 30 days.'));

  const withSpend = c.days.filter((d) => d.totalUsd !== 0).reverse();
  perDayTable.replaceChildren(
    details(
      'cost-per-day-table',
      'Cost per day as a table',
      table(
        'Cost per day for the last 30 days, by model',
        ['Day', ...c.series, 'Total'],
        withSpend.length
          ? withSpend.map((d) => [dayLabel(d.date), ...d.values.map(formatMoney), formatMoney(d.totalUsd)])
          : [['No spend in the last 30 days', ...c.series.map(() => ''), '']],
      ),
    ),
  );
}

interface HBar {
  label: string;
  parts: { value: number; cls: string; name: string }[];
  text: string;
}

function hBarChart(figure: HTMLElement, title: string, desc: string, bars: HBar[]): void {
  const width = chartWidth(figure);
  const rowH = 26;
  const height = Math.max(1, bars.length) * rowH + 4;
  const labelW = Math.min(120, Math.max(...bars.map((b) => textWidth(b.label)), 40)) + 4;
  const textW = Math.min(170, Math.max(...bars.map((b) => textWidth(b.text)), 40)) + 6;
  const plotW = Math.max(20, width - labelW - textW);
  const max = Math.max(0, ...bars.map((b) => b.parts.reduce((a, p) => a + p.value, 0)));
  const svg = chartSvg(width, height, title, desc);
  bars.forEach((b, i) => {
    const yMid = i * rowH + rowH / 2 + 2;
    svg.appendChild(s('text', { class: 'label', x: labelW - 6, y: yMid + 4, 'text-anchor': 'end' }, b.label));
    svg.appendChild(s('rect', { class: 'track', x: labelW, y: yMid - 7, width: plotW, height: 14 }));
    let x = labelW;
    for (const p of b.parts) {
      if (p.value <= 0 || max <= 0) continue;
      const w = Math.max(1, (p.value / max) * plotW);
      svg.appendChild(
        s('rect', { class: p.cls, x, y: yMid - 7, width: w, height: 14 }, s('title', {}, `${b.label} · ${p.name}`)),
      );
      x += w;
    }
    svg.appendChild(s('text', { class: 'value', x: labelW + plotW + 6, y: yMid + 4 }, b.text));
  });
  figure.replaceChildren(svg);
}

const taskFigure = h('figure', { class: 'chart-figure' });
const taskTable = h('div');
byTask.body.append(taskFigure, taskTable);

function renderByTask(m: DashboardModel): void {
  // Costliest first; ties keep the order tasks are listed in.
  const used = m.byTask.filter((t) => t.requests > 0 || t.costUsd !== 0).sort((a, b) => b.costUsd - a.costUsd);
  const total = used.reduce((a, t) => a + t.costUsd, 0);
  const bars: HBar[] = used.map((t) => ({
    label: t.task,
    parts: [{ value: t.costUsd, cls: 'series-0', name: `${formatMoney(t.costUsd)}, ${plural(t.requests, 'request')}` }],
    text: `${formatMoney(t.costUsd)} · ${formatCount(t.requests)}`,
  }));
  if (!bars.length) taskFigure.replaceChildren(h('p', { class: 'muted' }, 'No requests yet.'));
  else {
    const top = used.reduce((a, t) => (t.costUsd > a.costUsd ? t : a), used[0]);
    hBarChart(
      taskFigure,
      'Spend by task, all time',
      `${formatMoney(total)} over ${used.length} task${used.length === 1 ? '' : 's'}; the most on ${top.task} (${formatMoney(top.costUsd)}).`,
      bars,
    );
  }
  taskTable.replaceChildren(
    details(
      'by-task-table',
      'Spend by task as a table',
      table(
        'Spend by task, all time',
        ['Task', 'Requests', 'Cost', 'Saved'],
        used.map((t) => [t.task, formatCount(t.requests), formatMoney(t.costUsd), formatMoney(t.savedUsd)]),
      ),
    ),
  );
}

const tierFigure = h('figure', { class: 'chart-figure' });
const tierLegend = h(
  'ul',
  { class: 'legend' },
  h(
    'li',
    {},
    h('span', { class: 'swatch tier-routed', 'aria-hidden': 'true' }),
    h('span', { class: 'legend-name' }, 'routed here first'),
  ),
  h(
    'li',
    {},
    h('span', { class: 'swatch tier-escalated', 'aria-hidden': 'true' }),
    h('span', { class: 'legend-name' }, 'escalated or fell back here'),
  ),
);
const tierTable = h('div');
byTier.body.append(tierLegend, tierFigure, tierTable);

function renderByTier(m: DashboardModel): void {
  const total = m.byTier.reduce((a, t) => a + t.routed + t.escalated, 0);
  const bars: HBar[] = m.byTier.map((t) => ({
    label: t.tier,
    parts: [
      { value: t.routed, cls: 'tier-routed', name: `${plural(t.routed, 'request')} routed here` },
      {
        value: t.escalated,
        cls: 'tier-escalated',
        name: `${plural(t.escalated, 'attempt')} escalated or fell back here`,
      },
    ],
    text: `${formatCount(t.routed + t.escalated)} · ${formatMoney(t.costUsd)}`,
  }));
  hBarChart(
    tierFigure,
    'Requests by tier, all time',
    total
      ? m.byTier
          .map(
            (t) =>
              `${t.tier}: ${formatCount(t.routed)} routed, ${formatCount(t.escalated)} escalated, ${formatMoney(t.costUsd)}`,
          )
          .join('; ') + '.'
      : 'No requests yet.',
    bars,
  );
  tierTable.replaceChildren(
    details(
      'by-tier-table',
      'Requests by tier as a table',
      table(
        'Requests by tier, all time',
        ['Tier', 'Routed', 'Escalated', 'Cost'],
        m.byTier.map((t) => [t.tier, formatCount(t.routed), formatCount(t.escalated), formatMoney(t.costUsd)]),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Recent requests

function setOptions(sel: HTMLSelectElement, all: string, values: string[], current: string): void {
  const list = current && !values.includes(current) ? [current, ...values] : values;
  const wanted = ['', ...list];
  const have = [...sel.options].map((o) => o.value);
  if (have.length !== wanted.length || have.some((v, i) => v !== wanted[i])) {
    sel.replaceChildren(h('option', { value: '' }, all), ...list.map((v) => h('option', { value: v }, v)));
  }
  sel.value = current;
}

const COLUMNS = [
  'Time',
  'Task',
  'Model',
  'Tier',
  'Reason',
  'In',
  'Out',
  'Cached in',
  'Cost',
  'Saved',
  'Cache',
  'Outcome',
];
const NUMERIC = new Set(['In', 'Out', 'Cached in', 'Cost', 'Saved']);

function recentRow(r: RecentRow, now: number): HTMLTableRowElement {
  const outcome = h('td', { class: 'outcome' }, h('span', { class: `badge outcome-${r.outcome}` }, r.outcome));
  if (r.error) outcome.appendChild(h('div', { class: 'error-text' }, r.error));
  const extras: string[] = [];
  if (r.attempt > 1) extras.push(`attempt ${r.attempt}`);
  if (r.estimated) extras.push('tokens estimated');
  if (r.peak) extras.push('peak rate');
  extras.push(formatDuration(r.latencyMs));
  const cost = h('td', { class: 'num', title: extras.join(' · ') }, formatMoney(r.costUsd));
  // the host's bill and our own figure disagree by more than 5%: show both
  if (r.costMismatch)
    cost.appendChild(
      h(
        'div',
        { class: 'error-text', 'data-flag': 'cost-mismatch' },
        `host ${formatMoney(r.costMismatch.hostUsd)} vs ours ${formatMoney(r.costMismatch.oursUsd)}`,
      ),
    );
  return h(
    'tr',
    { 'data-id': r.id },
    h('td', { class: 'time', title: fullFmt.format(new Date(r.ts)) }, when(r.ts, now)),
    h('td', {}, r.task),
    h('td', { class: 'model' }, r.model),
    h('td', {}, r.tier),
    h('td', { class: 'reason', title: r.reason }, r.reason),
    h('td', { class: 'num' }, formatCount(r.inputTokens)),
    h('td', { class: 'num' }, formatCount(r.outputTokens)),
    h('td', { class: 'num' }, formatCount(r.cachedInputTokens)),
    cost,
    h('td', { class: 'num' }, formatMoney(r.savedUsd)),
    h('td', { class: r.cacheHit ? 'cache-hit' : 'muted' }, r.cacheHit ? 'hit' : '—'),
    outcome,
  );
}

function renderRecent(m: DashboardModel): void {
  const f = m.recent.filter;
  saved.filter = { ...f };
  saveState();
  setOptions(
    modelSelect,
    'All models',
    m.byModel.map((x) => x.model),
    f.model,
  );
  setOptions(
    taskSelect,
    'All tasks',
    m.byTask.filter((t) => t.requests > 0 || t.costUsd !== 0).map((t) => t.task),
    f.task,
  );
  recentShown = m.recent.rows.length;
  recentMatching = m.recent.matching;
  recentFiltered = f.model !== '' || f.task !== '';
  nextCursor = m.recent.next;
  recentBody = h('tbody', {}, ...m.recent.rows.map((r) => recentRow(r, m.generatedAt)));
  const t = h(
    'table',
    { class: 'recent-table' },
    h('caption', { class: 'visually-hidden' }, `The newest ledger records, newest first`),
    h(
      'thead',
      {},
      h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col', class: NUMERIC.has(c) ? 'num' : undefined }, c))),
    ),
    recentBody,
  );
  recentTableWrap.replaceChildren(t);
  recentTableWrap.removeAttribute('aria-busy');
  updateRecentCount();
}

function updateRecentCount(): void {
  const n = recentShown;
  recentCount.textContent =
    n === 0
      ? recentFiltered
        ? 'No request matches these filters.'
        : 'No requests yet.'
      : recentMatching > n
        ? `Showing the last ${formatCount(n)} of ${plural(recentMatching, recentFiltered ? 'matching record' : 'record')}.`
        : `Showing ${plural(n, recentFiltered ? 'matching record' : 'record')}.`;
  moreButton.hidden = !nextCursor;
  moreButton.removeAttribute('disabled');
}

/** An older page of rows (the answer to `more`), appended below the ones shown. */
function appendPage(rows: RecentRow[], next: DashboardModel['recent']['next']): void {
  if (!recentBody || !payload) return;
  for (const r of rows) recentBody.append(recentRow(r, payload.model.generatedAt));
  recentShown += rows.length;
  nextCursor = next;
  recentTableWrap.removeAttribute('aria-busy');
  updateRecentCount();
}

// ---------------------------------------------------------------------------------------------------------------

function renderCharts(m: DashboardModel): void {
  renderPerDay(m);
  renderByTask(m);
  renderByTier(m);
}

function render(p: DashboardPayload): void {
  const m = p.model;
  subtitle.textContent =
    `${plural(m.recordCount, 'ledger record')} · updated ${timeFmt.format(new Date(m.generatedAt))}` +
    (m.baselineModel ? ` · savings against ${m.baselineModel}` : '');
  emptyBanner.hidden = m.recordCount > 0;
  renderSpend(m);
  renderSavings(m);
  renderCache(m, p.cache);
  renderBudgets(m, p.gateway);
  renderCharts(m);
  correctionsNote.hidden = p.corrections === undefined;
  correctionsNote.textContent =
    p.corrections === undefined
      ? ''
      : p.corrections
        ? `${plural(p.corrections, 'correction')} learned: "This Was Overkill" and "Regenerate with a Stronger Model" move later routing of similar requests (Frugal: Reset Routing Corrections forgets them).`
        : 'No routing corrections learned yet: "This Was Overkill" and "Regenerate with a Stronger Model" teach the router your preferences.';
  renderProviderCache(m);
  renderRecent(m);
  app.setAttribute('aria-busy', 'false');
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function showNotice(level: 'info' | 'error', text: string): void {
  notice.className = `notice ${level}`;
  notice.textContent = text;
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    notice.textContent = '';
    notice.className = 'notice';
  }, 10_000);
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const msg = e.data;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'update') {
    payload = msg.payload;
    render(payload);
  } else if (msg.type === 'page') {
    appendPage(Array.isArray(msg.rows) ? msg.rows : [], msg.next);
  } else if (msg.type === 'notice') {
    showNotice(msg.level === 'error' ? 'error' : 'info', String(msg.text));
  }
});

// Charts are laid out at the real width (so their text keeps its size); redraw them when the panel is resized.
let lastWidth = 0;
let resizeFrame = 0;
new ResizeObserver(() => {
  const w = app.clientWidth;
  if (!payload || w === lastWidth) return;
  lastWidth = w;
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(() => payload && renderCharts(payload.model));
}).observe(app);

post({ type: 'ready', filter: saved.filter });

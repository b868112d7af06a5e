// What "Frugal: Show Cost Summary" and the status bar say, from the ledger's totals (src/core/ledger/aggregate.ts
// defines every figure; nothing here counts records).
import type { Period, Totals } from './ledger';
import { hitRatePercent } from './ledger/aggregate';
import { budgetUsage } from './budget';
import type { BudgetConfig } from './config';
import { formatUsd } from './pricing';
import type { LedgerRecord } from './types';

/** What the views need from a ledger: O(1) totals and the newest record. */
export interface LedgerTotalsSource {
  totals(period: Period): Totals;
  last(): LedgerRecord | undefined;
}

export interface CostSummary {
  session: Totals;
  today: Totals;
  month: Totals;
  all: Totals;
  text: string;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

export function costSummary(ledger: LedgerTotalsSource, baselineModel: string): CostSummary {
  const session = ledger.totals('session');
  const today = ledger.totals('today');
  const month = ledger.totals('month');
  const all = ledger.totals('all');
  const parts = [
    `Today ${formatUsd(today.costUsd)} (${plural(today.requests, 'request')})`,
    `session ${formatUsd(session.costUsd)}`,
    `this month ${formatUsd(month.costUsd)}`,
    `saved ${formatUsd(month.savedUsd)} this month vs ${baselineModel}`,
    `cache hits ${all.cacheHits} of ${plural(all.cacheEligible, 'request')} (${hitRatePercent(all)}%), saving ${formatUsd(all.savedCacheUsd)}`,
  ];
  if (all.savedOffPeakUsd > 0)
    parts.push(`off-peak scheduling saved ${formatUsd(all.savedOffPeakUsd)} against the peak rate`);
  return { session, today, month, all, text: parts.join(' · ') };
}

export interface StatusBarView {
  text: string;
  /** Markdown of the tooltip (the caller escapes nothing: every ledger string in it is escaped here) */
  tooltip: string;
  accessibility: string;
  /** worst budget use in percent (daily or monthly), for the item's colour */
  worstBudgetPercent: number;
  rows: { label: string; totals: Totals }[];
  sessionHitRatePercent: number;
}

function shortModel(id: string): string {
  return id.includes('/') ? id.split('/').pop()! : id;
}

export function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** The status bar item: today's spend and the last model; the tooltip has the breakdown, savings and budgets. */
export function statusBarView(
  ledger: LedgerTotalsSource,
  cfg: { baselineModel: string; budget: BudgetConfig },
  gatewayLines: string[] = [],
): StatusBarView {
  const today = ledger.totals('today');
  const session = ledger.totals('session');
  const month = ledger.totals('month');
  const last = ledger.last();
  const lastModel = last ? shortModel(last.model) : '';
  const usage = budgetUsage(cfg.budget, { today: today.costUsd, month: month.costUsd });
  const rows = [
    { label: 'Session', totals: session },
    { label: 'Today', totals: today },
    { label: 'This month', totals: month },
  ];
  const md: string[] = [];
  md.push(`**Frugal** — spend and savings vs ${cfg.baselineModel}\n\n`);
  md.push(`| | spent | saved | requests |\n|---|---:|---:|---:|\n`);
  for (const { label, totals: t } of rows)
    md.push(`| ${label} | ${formatUsd(t.costUsd)} | ${formatUsd(t.savedUsd)} | ${t.requests} |\n`);
  const sessionHitRatePercent = hitRatePercent(session);
  md.push(
    `\nCache hits this session: ${session.cacheHits} of ${plural(session.cacheEligible, 'request')} (${sessionHitRatePercent}%)\n\n`,
  );
  if (usage.daily !== undefined)
    md.push(`Daily budget: ${Math.round(usage.daily)}% of ${formatUsd(cfg.budget.dailyUsd)}\n\n`);
  if (usage.monthly !== undefined)
    md.push(`Monthly budget: ${Math.round(usage.monthly)}% of ${formatUsd(cfg.budget.monthlyUsd)}\n\n`);
  // A LiteLLM gateway's key and team budgets, beside the local ones.
  for (const line of gatewayLines) md.push(`${escapeMd(line)}\n\n`);
  if (last)
    md.push(
      `Last: ${escapeMd(last.model)} (${last.tier}) — ${escapeMd(last.reason)}${last.peak ? ` — billed at the peak rate (${formatUsd(last.costUsd)})` : ''}\n\n`,
    );
  md.push('Click for the cost summary.');
  return {
    text: `$(pulse) ${formatUsd(today.costUsd)}${lastModel ? ` · ${lastModel}` : ''}${last?.peak ? ' · peak rate' : ''}`,
    tooltip: md.join(''),
    accessibility: `Frugal: ${formatUsd(today.costUsd)} spent today${lastModel ? `, last model ${lastModel}` : ''}`,
    worstBudgetPercent: Math.max(usage.daily ?? 0, usage.monthly ?? 0),
    rows,
    sessionHitRatePercent,
  };
}

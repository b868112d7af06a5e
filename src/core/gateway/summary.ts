// The gateway's budgets as short lines for the status bar tooltip and the dashboard, beside the local budget.
import { formatUsd } from '../pricing';
import type { GatewayPanel } from '../dashboard/protocol';
import type { LedgerRecord } from '../types';
import type { GatewaySnapshot } from './keyInfoClient';
import type { GatewayBudget } from './litellm';

function line(b: GatewayBudget, now: number): string {
  const who = b.scope === 'key' ? `Gateway key budget (${b.label})` : `Gateway team budget (${b.label})`;
  const spent = formatUsd(b.spendUsd);
  const limit =
    b.maxBudgetUsd !== undefined && b.maxBudgetUsd > 0
      ? `${spent} of ${formatUsd(b.maxBudgetUsd)} (${Math.round((b.spendUsd / b.maxBudgetUsd) * 100)}%)`
      : `${spent} spent, no limit`;
  let reset = '';
  if (b.resetsAt !== undefined && b.resetsAt > now) {
    const hours = (b.resetsAt - now) / 3_600_000;
    reset =
      hours >= 48
        ? ` · resets in ${Math.round(hours / 24)} days`
        : hours >= 1
          ? ` · resets in ${Math.round(hours)} h`
          : ' · resets within the hour';
  } else if (b.budgetDuration) {
    reset = ` · resets every ${b.budgetDuration}`;
  }
  return `${who}: ${limit}${reset}`;
}

/** One line per budget, then a note when the team's budget is hidden or the last read failed. */
export function gatewayBudgetLines(s: GatewaySnapshot | undefined, now: number): string[] {
  if (!s) return [];
  const lines = s.budgets.map((b) => line(b, now));
  if (s.teamHidden) lines.push('Gateway team budget: not readable with this key');
  if (s.error) lines.push(`Gateway budgets not refreshed: ${s.error}`);
  return lines;
}

/** The dashboard's gateway panel: one gauge per budget (warn and over as for the local budget), and notes. */
export function gatewayPanel(
  s: GatewaySnapshot | undefined,
  warnPercent: number,
  records: readonly LedgerRecord[],
  todayStart: number,
): GatewayPanel {
  const budgets = (s?.budgets ?? []).map((b) => {
    const limit = b.maxBudgetUsd ?? 0;
    const percent = limit > 0 ? (b.spendUsd / limit) * 100 : null;
    const state =
      percent === null
        ? ('none' as const)
        : percent >= 100
          ? ('over' as const)
          : percent >= warnPercent
            ? ('warn' as const)
            : ('ok' as const);
    return {
      scope: b.scope,
      label: b.label,
      gauge: { limitUsd: limit, spentUsd: b.spendUsd, percent, state },
      ...(b.resetsAt !== undefined ? { resetsAt: b.resetsAt } : {}),
    };
  });
  const notes: string[] = [];
  if (!s) notes.push('Gateway budgets not read yet.');
  if (s?.teamHidden) notes.push('The team budget is not readable with this key.');
  if (s?.error) notes.push(`Not refreshed: ${s.error}`);
  let proxyCacheHitsToday = 0;
  for (let i = records.length - 1; i >= 0 && records[i].ts >= todayStart; i--)
    if (records[i].proxyCacheHit) proxyCacheHitsToday++;
  return { budgets, notes, proxyCacheHitsToday, ...(s ? { fetchedAt: s.fetchedAt } : {}) };
}

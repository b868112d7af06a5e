// The gateway's budgets as short lines for the status bar tooltip and the dashboard, beside the local budget.
import { formatUsd } from '../pricing';
import type { GatewaySnapshot } from './keyInfoClient';
import type { GatewayBudget } from './litellm';

function line(b: GatewayBudget, now: number): string {
  const who = b.scope === 'key' ? `Gateway key budget (${b.label})` : `Gateway team budget (${b.label})`;
  const spent = formatUsd(b.spendUsd);
  const limit = b.maxBudgetUsd !== undefined && b.maxBudgetUsd > 0
    ? `${spent} of ${formatUsd(b.maxBudgetUsd)} (${Math.round((b.spendUsd / b.maxBudgetUsd) * 100)}%)`
    : `${spent} spent, no limit`;
  let reset = '';
  if (b.resetsAt !== undefined && b.resetsAt > now) {
    const hours = (b.resetsAt - now) / 3_600_000;
    reset = hours >= 48 ? ` · resets in ${Math.round(hours / 24)} days` : hours >= 1 ? ` · resets in ${Math.round(hours)} h` : ' · resets within the hour';
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

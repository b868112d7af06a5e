// The one-paragraph cost summary shown by "Frugal: Show Cost Summary".
import type { Ledger, Totals } from './ledger';
import { formatUsd } from './pricing';

export interface CostSummary {
  session: Totals;
  today: Totals;
  month: Totals;
  all: Totals;
  text: string;
}

export function costSummary(ledger: Ledger, baselineModel: string): CostSummary {
  const session = ledger.totals('session');
  const today = ledger.totals('today');
  const month = ledger.totals('month');
  const all = ledger.totals('all');
  const hitRate = all.requests ? Math.round((all.cacheHits / all.requests) * 100) : 0;
  const parts = [
    `Today ${formatUsd(today.costUsd)} (${today.requests} request${today.requests === 1 ? '' : 's'})`,
    `session ${formatUsd(session.costUsd)}`,
    `this month ${formatUsd(month.costUsd)}`,
    `saved ${formatUsd(month.savedUsd)} this month vs ${baselineModel}`,
    `cache hits ${all.cacheHits} (${hitRate}%), saving ${formatUsd(ledger.all().reduce((s, r) => s + r.savedCacheUsd, 0))}`,
  ];
  return { session, today, month, all, text: parts.join(' · ') };
}

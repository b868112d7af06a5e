// Number formatting for the dashboard (used by the webview; pure so it is tested in Node). Costs of single requests on
// the cheap tier are millionths of a dollar, so small amounts keep two significant digits instead of showing $0.00.

/** $1,234.56 · $0.42 · $0.0042 · $0.0000015 · $0.00 · -$0.12 */
export function formatMoney(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x === 0) return '$0.00';
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  if (a >= 0.01) return `${sign}$${a.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  // Two significant digits, spelled in decimals (never 1.5e-6).
  const decimals = Math.min(10, 1 - Math.floor(Math.log10(a)));
  const s = a.toFixed(decimals).replace(/(\.\d*?[1-9])0+$/, '$1');
  return s === '0.' + '0'.repeat(decimals) ? `${sign}<$0.${'0'.repeat(9)}1` : `${sign}$${s}`;
}

/** 0.4231 -> "42.3%", 1 -> "100%", null -> "—" */
export function formatRate(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return '—';
  return formatPercent(r * 100);
}

/** 42.31 -> "42.3%", 100 -> "100%", 0.04 -> "<0.1%" */
export function formatPercent(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '—';
  if (p === 0) return '0%';
  if (Math.abs(p) < 0.1) return p > 0 ? '<0.1%' : '>-0.1%';
  let rounded = Math.abs(p) >= 10 ? Math.round(p) : Math.round(p * 10) / 10;
  // 99.95% of a budget is not 100%, and saving 99.95% is not saving everything.
  if (rounded === 100 && p < 100) rounded = Math.floor(p * 10) / 10;
  return `${rounded}%`;
}

/** 950 -> "950", 12_345 -> "12.3k", 4_200_000 -> "4.2M" */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  if (a < 1000) return String(Math.round(n));
  if (a < 999_950) return `${trim(n / 1000)}k`;
  return `${trim(n / 1_000_000)}M`;
}

function trim(x: number): string {
  return (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)).replace(/\.0$/, '');
}

/** 1234567 -> "1,234,567" */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

/** "12 ms", "1.4 s", "2 min 5 s" */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * A budget typed by a person: "5", "5.50", "$5", " 12 ". Returns the amount, or an error to show under the input.
 * A comma is refused rather than guessed at ("1,5" is 1.5 in some locales and 15 in others).
 */
export function parseUsdAmount(text: string): { value: number } | { error: string } {
  const t = text
    .trim()
    .replace(/^\$\s*/, '')
    .replace(/\s*(usd|\$)$/i, '');
  if (t === '') return { error: 'Enter an amount in US dollars, or 0 for no limit.' };
  if (t.includes(',')) return { error: 'Use a dot for decimals and no thousands separator, e.g. 12.50.' };
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(t)) return { error: 'Enter a number such as 5 or 12.50 (0 = no limit).' };
  const value = Number(t);
  if (!Number.isFinite(value) || value > 1e9) return { error: 'That amount is too large.' };
  return { value: Math.round(value * 1e8) / 1e8 };
}

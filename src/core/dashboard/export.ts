// Ledger export: CSV (RFC 4180) and JSON, one row / element per ledger record. Pure; the editor side picks the file.
import type { LedgerRecord } from '../types';

type Column = { header: string; value: (r: LedgerRecord) => string | number | boolean | undefined; text?: boolean };

/** Columns in the order a spreadsheet user reads them: when, what, which model, tokens, money, result. */
export const CSV_COLUMNS: readonly Column[] = [
  { header: 'time', value: (r) => (Number.isFinite(r.ts) ? new Date(r.ts).toISOString() : '') },
  { header: 'ts', value: (r) => r.ts },
  { header: 'id', value: (r) => r.id, text: true },
  { header: 'requestId', value: (r) => r.requestId, text: true },
  { header: 'attempt', value: (r) => r.attempt },
  { header: 'workspace', value: (r) => r.workspace, text: true },
  { header: 'task', value: (r) => r.task, text: true },
  { header: 'model', value: (r) => r.model, text: true },
  { header: 'tier', value: (r) => r.tier, text: true },
  { header: 'reason', value: (r) => r.reason, text: true },
  { header: 'inputTokens', value: (r) => r.inputTokens },
  { header: 'outputTokens', value: (r) => r.outputTokens },
  { header: 'cachedInputTokens', value: (r) => r.cachedInputTokens },
  { header: 'reasoningTokens', value: (r) => r.reasoningTokens },
  { header: 'costUsd', value: (r) => r.costUsd },
  { header: 'baselineCostUsd', value: (r) => r.baselineCostUsd },
  { header: 'savedUsd', value: (r) => r.baselineCostUsd - r.costUsd },
  { header: 'savedRoutingUsd', value: (r) => r.savedRoutingUsd },
  { header: 'savedCacheUsd', value: (r) => r.savedCacheUsd },
  { header: 'savedCompressionUsd', value: (r) => r.savedCompressionUsd },
  { header: 'savedOffPeakUsd', value: (r) => r.savedOffPeakUsd ?? 0 },
  { header: 'hostCostUsd', value: (r) => r.hostCostUsd },
  { header: 'estimated', value: (r) => r.estimated },
  { header: 'latencyMs', value: (r) => r.latencyMs },
  { header: 'outcome', value: (r) => r.outcome, text: true },
  { header: 'cacheHit', value: (r) => r.cacheHit },
  { header: 'tokensSavedByCompression', value: (r) => r.tokensSavedByCompression },
  { header: 'error', value: (r) => r.error, text: true },
  { header: 'v', value: (r) => r.v },
];

/**
 * A number as plain decimal digits, never in exponent form (a cost of 5e-8 would confuse a spreadsheet), and with the
 * float noise of sums removed (0.1 + 0.2 prints as 0.3).
 */
export function plainNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  const plain = String(x);
  // Fast path: short and not in exponent form (almost every stored figure).
  if (plain.indexOf('e') < 0 && (plain.length <= 13 || Number.isInteger(x))) return plain;
  const y = Number(x.toPrecision(12));
  const s = String(y);
  if (!/e/i.test(s)) return s;
  // Exponent form (below 1e-6 or from 1e21): spell the shortest digits out.
  const [mantissa, expText] = y.toExponential().split('e');
  const exp = Number(expText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  return digits.length > exp + 1
    ? `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
    : `${sign}${digits.padEnd(exp + 1, '0')}`;
}

/**
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) gets a leading apostrophe, as
 * OWASP advises for CSV files opened in Excel or LibreOffice. Reasons and errors can carry provider text, so they are
 * not trusted. Only text columns are touched; numbers (negative savings) stay numbers.
 */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** One CSV field: quoted when it holds a comma, a quote, CR or LF (quotes doubled), as RFC 4180 says. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cell(c: Column, r: LedgerRecord): string {
  const v = c.value(r);
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return plainNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return csvField(c.text ? neutraliseFormula(v) : v);
}

const csvHeader = (): string => CSV_COLUMNS.map((c) => c.header).join(',') + '\r\n';
const csvRow = (r: LedgerRecord): string => CSV_COLUMNS.map((c) => cell(c, r)).join(',') + '\r\n';

/** CSV with a header row and one row per record, CRLF line ends (RFC 4180), UTF-8. */
export function ledgerToCsv(records: readonly LedgerRecord[]): string {
  return csvHeader() + records.map(csvRow).join('');
}

/** The records as a JSON array, exactly as stored (each carries its schema version `v`), pretty-printed. */
export function ledgerToJson(records: readonly LedgerRecord[]): string {
  return JSON.stringify(records, null, 2) + '\n';
}

/** One array element as JSON.stringify(array, null, 2) writes it. */
const jsonElement = (r: LedgerRecord): string => '  ' + JSON.stringify(r, null, 2).replace(/\n/g, '\n  ');

/**
 * The export as text pieces, from records read in batches: the same bytes as ledgerToCsv / ledgerToJson of all of
 * them, without ever holding the whole file (a long history exports to hundreds of MB). `onRecords` counts them.
 */
export async function* exportChunks(
  batches: AsyncIterable<readonly LedgerRecord[]>,
  format: 'csv' | 'json',
  onRecords?: (n: number) => void,
): AsyncGenerator<string> {
  let n = 0;
  if (format === 'csv') {
    yield csvHeader();
    for await (const batch of batches) {
      n += batch.length;
      if (batch.length) yield batch.map(csvRow).join('');
    }
  } else {
    let first = true;
    for await (const batch of batches) {
      if (!batch.length) continue;
      n += batch.length;
      yield (first ? '[\n' : ',\n') + batch.map(jsonElement).join(',\n');
      first = false;
    }
    yield first ? '[]\n' : '\n]\n';
  }
  onRecords?.(n);
}

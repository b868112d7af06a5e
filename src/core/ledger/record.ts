// Validation of one stored ledger line. Lines of a newer schema than this build knows are not guessed at; fields a
// newer build of the same schema added (optional ones) are kept as they are.
import { LEDGER_SCHEMA_VERSION, OUTCOMES, TASKS, TIERS, type LedgerRecord } from '../types';

const TASK_SET = new Set<string>(TASKS);
const TIER_SET = new Set<string>(TIERS);
const OUTCOME_SET = new Set<string>(OUTCOMES);
const PRICE_SOURCES = new Set<string>(['host', 'catalog', 'settings']);

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isCount = (x: unknown): x is number => isNum(x) && x >= 0;
const isText = (x: unknown): x is string => typeof x === 'string';

/** Whether a parsed value is a record of this schema (a hand-written check: loading a long history parses millions). */
export function isLedgerRecord(o: any): o is LedgerRecord {
  return (
    !!o &&
    typeof o === 'object' &&
    !Array.isArray(o) &&
    o.v === LEDGER_SCHEMA_VERSION &&
    isText(o.id) &&
    o.id.length > 0 &&
    isText(o.requestId) &&
    o.requestId.length > 0 &&
    Number.isInteger(o.attempt) &&
    o.attempt >= 1 &&
    isNum(o.ts) &&
    isText(o.workspace) &&
    TASK_SET.has(o.task) &&
    isText(o.model) &&
    TIER_SET.has(o.tier) &&
    isText(o.reason) &&
    isCount(o.inputTokens) &&
    isCount(o.outputTokens) &&
    isCount(o.cachedInputTokens) &&
    isCount(o.reasoningTokens) &&
    isNum(o.costUsd) &&
    isNum(o.baselineCostUsd) &&
    isNum(o.savedRoutingUsd) &&
    isNum(o.savedCacheUsd) &&
    isNum(o.savedCompressionUsd) &&
    (o.hostCostUsd === undefined || isNum(o.hostCostUsd)) &&
    (o.ourCostUsd === undefined || isCount(o.ourCostUsd)) &&
    (o.priceSource === undefined || PRICE_SOURCES.has(o.priceSource)) &&
    (o.peak === undefined || typeof o.peak === 'boolean') &&
    (o.savedOffPeakUsd === undefined || isCount(o.savedOffPeakUsd)) &&
    typeof o.estimated === 'boolean' &&
    isCount(o.latencyMs) &&
    OUTCOME_SET.has(o.outcome) &&
    typeof o.cacheHit === 'boolean' &&
    isNum(o.tokensSavedByCompression) &&
    (o.error === undefined || isText(o.error))
  );
}

/** The record on this line, or undefined when the line is truncated, garbage, or of an unknown schema version. */
export function parseLedgerLine(line: string): LedgerRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  return isLedgerRecord(value) ? value : undefined;
}

// Validation of one stored ledger line. Lines of a newer schema than this build knows are not guessed at.
import { z } from 'zod';
import { LEDGER_SCHEMA_VERSION, OUTCOMES, TASKS, TIERS, type LedgerRecord } from '../types';

const num = z.number().finite();

const recordSchema = z.object({
  v: z.literal(LEDGER_SCHEMA_VERSION),
  id: z.string().min(1),
  requestId: z.string().min(1),
  attempt: z.number().int().min(1),
  ts: num,
  workspace: z.string(),
  task: z.enum(TASKS),
  model: z.string(),
  tier: z.enum(TIERS),
  reason: z.string(),
  inputTokens: num.nonnegative(),
  outputTokens: num.nonnegative(),
  cachedInputTokens: num.nonnegative(),
  reasoningTokens: num.nonnegative(),
  costUsd: num,
  baselineCostUsd: num,
  savedRoutingUsd: num,
  savedCacheUsd: num,
  savedCompressionUsd: num,
  hostCostUsd: num.optional(),
  ourCostUsd: num.nonnegative().optional(),
  priceSource: z.enum(['host', 'catalog', 'settings']).optional(),
  peak: z.boolean().optional(),
  savedOffPeakUsd: num.nonnegative().optional(),
  estimated: z.boolean(),
  latencyMs: num.nonnegative(),
  outcome: z.enum(OUTCOMES),
  cacheHit: z.boolean(),
  tokensSavedByCompression: num,
  error: z.string().optional(),
});

/** The record on this line, or undefined when the line is truncated, garbage, or of an unknown schema version. */
export function parseLedgerLine(line: string): LedgerRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = recordSchema.safeParse(value);
  return parsed.success ? (parsed.data as LedgerRecord) : undefined;
}

// Plain-data types shared by every stage of the pipeline. No behaviour here.

export const TASKS = ['explain', 'document', 'refactor', 'fix', 'tests', 'generate', 'ask', 'complete'] as const;
export type Task = (typeof TASKS)[number];

export const TIERS = ['cheap', 'coder', 'reasoner'] as const;
export type Tier = (typeof TIERS)[number];

export interface DiagnosticInfo {
  message: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** 0-based line in the file. */
  line: number;
  source?: string;
  code?: string;
}

/** A document symbol as the editor reports it (optional input to structural compression). */
export interface SymbolInfo {
  name: string;
  kind: string;
  /** 0-based, inclusive line range of the whole symbol. */
  startLine: number;
  endLine: number;
  children?: SymbolInfo[];
}

/** One request as the editor side hands it to the core. */
export interface EditorRequest {
  task: Task;
  /** The user's own words; may be empty (Explain Selection). */
  instruction: string;
  languageId: string;
  /** Selected text; empty when nothing is selected. */
  selection: string;
  /** Text of the file before the selection / cursor. */
  prefix?: string;
  /** Text of the file after the selection / cursor. */
  suffix?: string;
  filePath?: string;
  diagnostics?: DiagnosticInfo[];
  symbols?: SymbolInfo[];
}

export const OUTCOMES = ['ok', 'cached', 'partial', 'error', 'cancelled', 'escalated', 'blocked'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const LEDGER_SCHEMA_VERSION = 1;

/**
 * One line of the ledger: one attempt at one request (a cascade writes one record per attempt,
 * sharing requestId). All money in USD.
 */
export interface LedgerRecord {
  v: number;
  id: string;
  requestId: string;
  attempt: number;
  /** epoch milliseconds */
  ts: number;
  workspace: string;
  task: Task;
  model: string;
  tier: Tier;
  reason: string;
  inputTokens: number;
  outputTokens: number;
  /** input tokens the provider served from its prompt cache (priced apart) */
  cachedInputTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** cost the same work would have had on the baseline model, uncompressed */
  baselineCostUsd: number;
  /** savings split; savedRoutingUsd + savedCacheUsd + savedCompressionUsd = baselineCostUsd - costUsd */
  savedRoutingUsd: number;
  savedCacheUsd: number;
  savedCompressionUsd: number;
  /** cost as the host itself reported it (OpenRouter usage.cost, LiteLLM header), when it did; then it is costUsd */
  hostCostUsd?: number;
  /** our own figure from the catalog or settings, kept beside the host's when the host's is the bill */
  ourCostUsd?: number;
  /** where costUsd came from */
  priceSource?: 'host' | 'catalog' | 'settings';
  /** billed at a time-of-day peak rate */
  peak?: boolean;
  /** what running this batch job off-peak saved against the peak rate */
  savedOffPeakUsd?: number;
  /** true when usage was missing and tokens were estimated */
  estimated: boolean;
  latencyMs: number;
  outcome: Outcome;
  cacheHit: boolean;
  /** a gateway in front of the models (LiteLLM) answered from its own cache; absent otherwise */
  proxyCacheHit?: boolean;
  tokensSavedByCompression: number;
  error?: string;
}

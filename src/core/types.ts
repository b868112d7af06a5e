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
  /** set on a turn of a conversation (a follow-up): its messages are laid out by core/conversation */
  thread?: ThreadInput;
}

/** A message as sent to a chat model. */
export interface ThreadMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What a provider model's prompt cache may still hold from this conversation: the last prompt it was sent. */
export interface WarmPrompt {
  /** the configured model id */
  model: string;
  /** the exact prompt text (promptText of the messages) */
  prompt: string;
  /** epoch ms */
  at: number;
}

/** One turn of a conversation as the pipeline takes it. `instruction` is the turn's question (what is routed). */
export interface ThreadInput {
  id: string;
  /** the whole prompt for this turn, laid out for prefix caching (see prompts.threadMessages) */
  messages: ThreadMessage[];
  /** prompts the thread sent earlier, per model, for pricing "stay on the warm cache" against "switch" */
  warm: WarmPrompt[];
  /** history tokens a condensed summary stands in for on this turn (counted as compression savings) */
  tokensCondensed: number;
  /** secrets withheld from this turn's question */
  secrets: { kind: string; count: number }[];
  /** 'condense': the cheap tier summarises older turns; no routing or stay-or-switch */
  purpose: 'turn' | 'condense';
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

// What the completion engine needs from the rest of Frugal: one priced completion call and today's inline spend.
// The pipeline implements it (FIM where the routed model supports it, a chat prompt otherwise; ledger task `complete`).

export interface CompletionRequest {
  /** code before the cursor, already cut to the prompt budget */
  prefix: string;
  /** code after the cursor, already cut to the prompt budget */
  suffix: string;
  languageId: string;
  filePath?: string;
  maxTokens: number;
  /** stop sequences, most important first (hosts accept up to 16 for FIM, 4 for chat) */
  stop: string[];
}

export interface CompletionResponse {
  text: string;
  costUsd: number;
  model: string;
}

export interface CompletionBackend {
  complete(req: CompletionRequest, signal: AbortSignal): Promise<CompletionResponse>;
  /** spend today on task `complete` (for the daily completion budget) */
  spentTodayUsd(): number;
  /**
   * Whether the model that serves completions takes a suffix (fill-in-the-middle). Optional: when absent the editor
   * side derives it from the configuration (the model of task `complete`, else the coder tier).
   */
  supportsFim?(languageId: string): boolean;
}

// Fast token estimate for pre-flight cost and context budgets. Billing never uses this: it uses returned usage.
// Calibrated against the real Qwen3 / DeepSeek-V3 tokenizers in test/unit/tokens.test.ts.

/** Estimated tokens in `text` for the default models' BPE tokenizers. */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  // Words and numbers cost about one token per 4 characters, punctuation about one each, and runs of whitespace
  // mostly merge into neighbouring tokens.
  let tokens = 0;
  let word = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isWord = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
    if (isWord) {
      word++;
      continue;
    }
    if (word) { tokens += Math.ceil(word / 4); word = 0; }
    if (c === 32 || c === 9) continue;
    if (c === 10 || c === 13) { tokens += 0.5; continue; }
    tokens += 1;
  }
  if (word) tokens += Math.ceil(word / 4);
  return Math.max(1, Math.round(tokens));
}

/** Estimated tokens of a chat prompt (adds the per-message framing tokens chat templates insert). */
export function estimateMessagesTokens(messages: ReadonlyArray<{ content: string }>): number {
  let total = 0;
  for (const msg of messages) total += estimateTokens(msg.content) + 4;
  return total + 2;
}

// Pre-flight size estimates for a request: input from the text sent, output from what each command usually returns.
// Only for the cost shown before a call and for budget checks; billing always uses the usage the provider returns.
import type { EditorRequest, Task } from '../types';
import { estimateTokens } from '../tokens';

/** Hidden reasoning a thinking model spends before it answers; billed as output. */
export const THINKING_TOKENS = 1500;

/** Typical answer sizes. An explanation is a few paragraphs whatever the selection; rewrites scale with it. */
export function estimateOutputTokens(task: Task, req: Pick<EditorRequest, 'selection'>): number {
  return outputTokensFor(task, estimateTokens(req.selection ?? ''));
}

/** estimateOutputTokens from the selection's token count (route() counts the selection once for both estimates). */
export function outputTokensFor(task: Task, sel: number): number {
  switch (task) {
    case 'explain':
      return 300;
    case 'ask':
      return 250;
    case 'document':
      // The code comes back with its doc comments: about half of it again, plus the summary.
      return Math.round(sel * 0.5 + 100);
    case 'generate':
      // New code; the selection is context, of which a part is usually echoed or extended.
      return Math.round(400 + sel * 0.3);
    case 'refactor':
      // The whole selection rewritten, plus a short note on what changed.
      return Math.max(150, Math.round(sel * 1.1 + 80));
    case 'fix':
      // The corrected code and a sentence or two on the cause.
      return Math.max(200, Math.round(sel * 0.8 + 120));
    case 'tests':
      // Tests run longer than the code they cover.
      return Math.max(400, Math.round(sel * 1.5 + 200));
    case 'complete':
      // Inline completions are a line or a short block.
      return 64;
  }
}

/** Input tokens of a request as the editor hands it over (before compression). */
export function estimateInputTokens(
  req: Pick<EditorRequest, 'instruction' | 'selection' | 'prefix' | 'suffix'>,
): number {
  return inputTokensFor(req, estimateTokens(req.selection ?? ''));
}

/** estimateInputTokens from the selection's token count. */
export function inputTokensFor(req: Pick<EditorRequest, 'instruction' | 'prefix' | 'suffix'>, sel: number): number {
  return (
    estimateTokens(req.instruction ?? '') + sel + estimateTokens(req.prefix ?? '') + estimateTokens(req.suffix ?? '')
  );
}

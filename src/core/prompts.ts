// The words sent to the model for each task. Kept short: every token here is paid on every request.
import type { DiagnosticInfo, Task } from './types';

export interface ChatMessageText { role: 'system' | 'user' | 'assistant'; content: string }

export interface PromptParts {
  task: Task;
  languageId: string;
  instruction: string;
  selection: string;
  /** compressed surrounding file, may be empty */
  context: string;
  filePath?: string;
  diagnostics?: DiagnosticInfo[];
}

const SYSTEM: Record<Task, string> = {
  explain: 'You are a concise senior engineer. Explain what the selected code does and why, in short Markdown. Quote identifiers in backticks. No preamble.',
  ask: 'You are a concise senior engineer. Answer the question about the code in short Markdown. Show code only when it helps.',
  document: 'You write idiomatic documentation comments. Follow the output format the request asks for; if it asks for none, return the selected code with doc comments added, in one fenced code block, code unchanged otherwise.',
  refactor: 'You refactor code without changing behaviour. Return the complete replacement for the selected code in one fenced code block, then at most three bullet points on what changed.',
  fix: 'You fix bugs. Return the complete corrected replacement for the selected code in one fenced code block, then one sentence on the cause.',
  tests: 'You write focused unit tests using the project\'s test framework. Return the complete test file in one fenced code block.',
  generate: 'You write code. Return only the requested code in one fenced code block that fits at the cursor, matching the surrounding style.',
  complete: 'You complete code. Return only the text that belongs at the cursor, no fences, no explanation.',
};

/** Tasks whose answer must contain code. */
export const CODE_TASKS: ReadonlySet<Task> = new Set<Task>(['document', 'refactor', 'fix', 'tests', 'generate', 'complete']);

const DEFAULT_INSTRUCTION: Partial<Record<Task, string>> = {
  explain: 'Explain this code.',
  document: 'Add documentation comments.',
  refactor: 'Refactor this code for clarity.',
  fix: 'Fix the problems in this code.',
  tests: 'Write unit tests for this code.',
};

function fence(languageId: string, text: string): string {
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}${languageId}\n${text}\n${ticks}`;
}

export function buildMessages(p: PromptParts): ChatMessageText[] {
  const parts: string[] = [];
  const instruction = p.instruction.trim() || DEFAULT_INSTRUCTION[p.task] || '';
  if (p.context.trim()) {
    const where = p.context.includes('<<<SELECTION>>>') ? ' <<<SELECTION>>> marks where the selected code sits.' : p.context.includes('<<<CURSOR>>>') ? ' <<<CURSOR>>> marks the cursor.' : '';
    parts.push(`Context from ${p.filePath ? p.filePath.split(/[\\/]/).pop() : 'the file'} (bodies not needed are elided).${where}\n${fence(p.languageId, p.context)}`);
  }
  if (p.selection.trim()) parts.push(`Selected ${p.languageId} code:\n${fence(p.languageId, p.selection)}`);
  const errors = (p.diagnostics ?? []).filter((d) => d.severity === 'error' || d.severity === 'warning');
  if (errors.length) {
    parts.push('Diagnostics:\n' + errors.slice(0, 20).map((d) => `- line ${d.line + 1}: ${d.message}${d.source ? ` (${d.source})` : ''}`).join('\n'));
  }
  if (instruction) parts.push(instruction);
  return [
    { role: 'system', content: SYSTEM[p.task] },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** Exact text that identifies a prompt (cache key input). */
export function promptText(messages: readonly ChatMessageText[]): string {
  return messages.map((m) => `${m.role}:\n${m.content}`).join('\n\n');
}

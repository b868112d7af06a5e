// The words sent to the model for each task. Kept short: every token here is paid on every request.
import type { DiagnosticInfo, Task } from './types';

export interface ChatMessageText {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

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
  explain:
    'You are a concise senior engineer. Explain what the selected code does and why, in short Markdown. Quote identifiers in backticks. No preamble.',
  ask: 'You are a concise senior engineer. Answer the question about the code in short Markdown. Show code only when it helps.',
  document:
    'You write idiomatic documentation comments. Follow the output format the request asks for; if it asks for none, return the selected code with doc comments added, in one fenced code block, code unchanged otherwise.',
  refactor:
    'You refactor code without changing behaviour. Return the complete replacement for the selected code in one fenced code block, then at most three bullet points on what changed.',
  fix: 'You fix bugs. Return the complete corrected replacement for the selected code in one fenced code block, then one sentence on the cause.',
  tests:
    "You write focused unit tests using the project's test framework. Return the complete test file in one fenced code block.",
  generate:
    'You write code. Return only the requested code in one fenced code block that fits at the cursor, matching the surrounding style.',
  complete: 'You complete code. Return only the text that belongs at the cursor, no fences, no explanation.',
};

/** Tasks whose answer must contain code. */
export const CODE_TASKS: ReadonlySet<Task> = new Set<Task>([
  'document',
  'refactor',
  'fix',
  'tests',
  'generate',
  'complete',
]);

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

/**
 * The file-context part of a request's user message: surrounding file, selection, diagnostics. Everything in it is
 * fixed for the life of a conversation, so it comes first and is reused byte for byte in every later turn.
 */
export function contextPart(p: Omit<PromptParts, 'task' | 'instruction'>): string {
  const parts: string[] = [];
  if (p.context.trim()) {
    const where = p.context.includes('<<<SELECTION>>>')
      ? ' <<<SELECTION>>> marks where the selected code sits.'
      : p.context.includes('<<<CURSOR>>>')
        ? ' <<<CURSOR>>> marks the cursor.'
        : '';
    parts.push(
      `Context from ${p.filePath ? p.filePath.split(/[\\/]/).pop() : 'the file'} (bodies not needed are elided).${where}\n${fence(p.languageId, p.context)}`,
    );
  }
  if (p.selection.trim()) parts.push(`Selected ${p.languageId} code:\n${fence(p.languageId, p.selection)}`);
  const errors = (p.diagnostics ?? []).filter((d) => d.severity === 'error' || d.severity === 'warning');
  if (errors.length) {
    parts.push(
      'Diagnostics:\n' +
        errors
          .slice(0, 20)
          .map((d) => `- line ${d.line + 1}: ${d.message}${d.source ? ` (${d.source})` : ''}`)
          .join('\n'),
    );
  }
  return parts.join('\n\n');
}

/** The instruction as sent: the user's words, or the task's default when they gave none. */
export function instructionFor(task: Task, instruction: string): string {
  return instruction.trim() || DEFAULT_INSTRUCTION[task] || '';
}

export function systemPrompt(task: Task): string {
  return SYSTEM[task];
}

/** Joins non-empty parts of one message with blank lines. */
export function joinParts(...parts: (string | undefined)[]): string {
  return parts.filter((x): x is string => !!x).join('\n\n');
}

/** Stable parts first: the system prompt, then the file context, then the instruction (the only per-request part). */
export function buildMessages(p: PromptParts): ChatMessageText[] {
  return [
    { role: 'system', content: SYSTEM[p.task] },
    { role: 'user', content: joinParts(contextPart(p), instructionFor(p.task, p.instruction)) },
  ];
}

/** One earlier exchange of a conversation as it is resent: the question as sent, the answer without its reasoning. */
export interface TurnText {
  question: string;
  answer: string;
}

export interface ThreadLayout {
  /** the first request's system prompt, unchanged for the whole conversation */
  system: string;
  /** the first request's file context (contextPart), unchanged for the whole conversation */
  context: string;
  /** a condensed summary of the turns before `turns`, when the history outgrew its budget */
  summary?: string;
  /** the turns still sent in full, oldest first */
  turns: readonly TurnText[];
}

export const SUMMARY_HEADING = 'Summary of the earlier conversation (condensed):';

/**
 * A conversation's messages for its next question. Laid out for providers' prefix caches (DeepSeek hits only on an
 * exact prefix of an earlier request): system prompt, then file context, then the turns in order, and nothing that
 * changes from turn to turn (no times, ids, budgets or notices) anywhere before the new question. So each turn's
 * prompt begins with the whole of the previous turn's prompt, byte for byte, and a turn with no history is exactly
 * the single request buildMessages makes. A summary sits after the file context, so condensing loses only the
 * cached turns, never the cached file context.
 */
export function threadMessages(t: ThreadLayout, question: string): ChatMessageText[] {
  const summary = t.summary ? `${SUMMARY_HEADING}\n${t.summary}` : undefined;
  const questions = [...t.turns.map((x) => x.question), question];
  const out: ChatMessageText[] = [
    { role: 'system', content: t.system },
    { role: 'user', content: joinParts(t.context, summary, questions[0]) },
  ];
  t.turns.forEach((turn, i) => {
    out.push({ role: 'assistant', content: turn.answer });
    out.push({ role: 'user', content: questions[i + 1] });
  });
  return out;
}

/** Exact text that identifies a prompt (cache key input). */
export function promptText(messages: readonly ChatMessageText[]): string {
  return messages.map((m) => `${m.role}:\n${m.content}`).join('\n\n');
}

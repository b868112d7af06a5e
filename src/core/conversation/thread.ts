// A conversation: the first request's prompt frozen (system prompt and file context, reused byte for byte), the turns
// in order, an optional condensed summary of the oldest ones, and the prompts each model has seen (its warm cache).
// Pure data and pure functions; the editor keeps conversations per workspace (see src/vscode/answer).
import { threadMessages, promptText, instructionFor, joinParts, type ChatMessageText, type TurnText } from '../prompts';
import { redactSecrets } from '../privacy';
import { estimateMessagesTokens } from '../tokens';
import type { EditorRequest, Outcome, Task, Tier, WarmPrompt } from '../types';
import { historyTokens } from './condense';

export const CONVERSATION_SCHEMA_VERSION = 1;

export interface Turn {
  /** the user's words as shown ('' for the first turn of Explain) */
  question: string;
  /** the question as sent (redacted, or the task's default instruction) */
  sent: string;
  answer: string;
  model?: string;
  tier?: Tier;
  reason?: string;
  costUsd?: number;
  savedUsd?: number;
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  outcome?: Outcome;
  /** what the user should know (cache hit, partial answer, budget warning) */
  notice?: string;
  /** epoch ms */
  at: number;
}

export interface Summary {
  text: string;
  /** how many turns, from the first, it stands in for */
  turns: number;
  /** history tokens before condensing and after */
  tokensBefore: number;
  tokensAfter: number;
  costUsd: number;
  model: string;
  at: number;
}

export interface Conversation {
  v: number;
  id: string;
  title: string;
  /** the first request's task; follow-ups are questions ('ask') under the same system prompt */
  task: Task;
  languageId: string;
  filePath?: string;
  /** the selection as first sent (redacted), so the router sees what the thread is about */
  selection: string;
  system: string;
  /** the first request's file context, exactly as sent */
  context: string;
  turns: Turn[];
  summary?: Summary;
  warm: WarmPrompt[];
  createdAt: number;
  updatedAt: number;
}

/**
 * Starts a conversation from a first request and the messages the pipeline sent for it. The file context is taken
 * from those messages, not rebuilt, so a follow-up's prompt begins with the first request's prompt exactly.
 */
export function startConversation(x: {
  id: string;
  title: string;
  req: EditorRequest;
  messages: readonly ChatMessageText[];
  selection: string;
  instruction: string;
  at: number;
}): Conversation {
  const system = x.messages.find((m) => m.role === 'system')?.content ?? '';
  const user = x.messages.find((m) => m.role === 'user')?.content ?? '';
  let sent = instructionFor(x.req.task, x.instruction);
  let context = user.endsWith(sent) ? user.slice(0, user.length - sent.length).replace(/\n\n$/, '') : user;
  if (joinParts(context, sent) !== user) {
    context = user;
    sent = '';
  }
  return {
    v: CONVERSATION_SCHEMA_VERSION,
    id: x.id,
    title: x.title,
    task: x.req.task,
    languageId: x.req.languageId,
    filePath: x.req.filePath,
    selection: x.selection,
    system,
    context,
    turns: [{ question: x.req.task === 'explain' ? '' : x.req.instruction, sent, answer: '', at: x.at }],
    warm: [],
    createdAt: x.at,
    updatedAt: x.at,
  };
}

/** Turns whose answers are in (the last one may still be streaming). */
export function answeredTurns(c: Conversation): Turn[] {
  return c.turns.filter((t) => t.answer.trim() !== '' && t.outcome !== 'cancelled' && t.outcome !== 'error');
}

/** The earlier turns a new question is asked after, as resent: those not condensed into the summary. */
export function keptTurns(c: Conversation, before = c.turns.length): TurnText[] {
  return c.turns
    .slice(c.summary?.turns ?? 0, before)
    .filter((t) => t.answer.trim() !== '' && t.outcome !== 'cancelled' && t.outcome !== 'error')
    .map((t) => ({ question: t.sent, answer: t.answer }));
}

/** Tokens of history the next turn resends. */
export function conversationHistoryTokens(c: Conversation): number {
  return historyTokens(c.summary?.text, keptTurns(c));
}

export interface TurnRequest {
  req: EditorRequest;
  messages: ChatMessageText[];
  prompt: string;
  historyTokens: number;
}

/**
 * The request for the conversation's turn `index` (a new question appended at the end, or an earlier turn asked
 * again after the turns before it). Turn 0 is the first request itself; later turns are questions about it.
 */
export function turnRequest(c: Conversation, index: number, question: string): TurnRequest {
  const first = index === 0;
  const r = redactSecrets(question);
  // the first turn is the first request: its question was redacted and sent already, and is resent as it was
  const sent = first ? (c.turns[0]?.sent ?? question) : r.text;
  const turns = keptTurns(c, index);
  const messages = threadMessages(
    {
      system: c.system,
      context: c.context,
      summary: c.summary && c.summary.turns <= index ? c.summary.text : undefined,
      turns,
    },
    sent,
  );
  const summary = c.summary && c.summary.turns <= index ? c.summary : undefined;
  const tokensCondensed = summary ? Math.max(0, summary.tokensBefore - summary.tokensAfter) : 0;
  return {
    req: {
      task: first ? c.task : 'ask',
      instruction: first ? (c.turns[0]?.question ?? question) : r.text,
      languageId: c.languageId,
      selection: c.selection,
      filePath: c.filePath,
      thread: { id: c.id, messages, warm: c.warm, tokensCondensed, secrets: first ? [] : r.findings, purpose: 'turn' },
    },
    messages,
    prompt: promptText(messages),
    historyTokens: historyTokens(summary?.text, turns),
  };
}

/** Records the prompt a model was just sent: the thread's warm-cache entry for that model. */
export function warmWith(c: Conversation, model: string, prompt: string, at: number): void {
  c.warm = [...c.warm.filter((w) => w.model !== model), { model, prompt, at }].slice(-4);
}

/** Estimated input tokens of a turn's messages (for display before the usage arrives). */
export function turnInputTokens(messages: readonly ChatMessageText[]): number {
  return estimateMessagesTokens(messages);
}

/** Drops turn `index` and everything after it (Regenerate of an earlier turn starts the thread again from there). */
export function truncateAt(c: Conversation, index: number): void {
  c.turns = c.turns.slice(0, index);
  if (c.summary && c.summary.turns > index) c.summary = undefined;
}

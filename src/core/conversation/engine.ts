// Asking in a conversation: condense the oldest turns first when the history is over its budget (the cheap tier,
// one ledger request of its own), then send the turn as one ledger request whose prompt is the whole thread, and
// remember which model's cache now holds it. The editor and the bench both go through here.
import type { Pipeline, PipelineResult, RunOptions } from '../pipeline';
import { PipelineError } from '../pipeline';
import { promptText, threadMessages, type ChatMessageText } from '../prompts';
import type { EditorRequest } from '../types';
import type { Clock } from '../ports';
import { systemClock } from '../ports';
import { condenseInThreadQuestion, condenseMessages, historyTokens, planCondensation, repairSummary } from './condense';
import { expectedCachedTokens, priceTurn } from './stayOrSwitch';
import { modelForTier } from '../config';
import { estimateMessagesTokens } from '../tokens';
import {
  keptTurns,
  startConversation,
  truncateAt,
  turnRequest,
  warmWith,
  type Conversation,
  type Summary,
  type Turn,
} from './thread';

export interface AskOptions extends Omit<RunOptions, 'onPrepared'> {
  /** frugal.conversation.maxHistoryTokens */
  maxHistoryTokens: number;
  /** ask turn `index` again (Regenerate): the turns from there on are dropped first */
  index?: number;
  clock?: Clock;
  /** a summary was made (or failed: `error`) before the turn was sent */
  onCondensed?: (s: Summary | undefined, error?: string) => void;
  /** the turn was added to the conversation and is about to be sent */
  onTurn?: (turn: Turn, index: number) => void;
}

export interface AskResult {
  result?: PipelineResult;
  turn: Turn;
  index: number;
  /** history tokens this turn resent (after condensation) */
  historyTokens: number;
  error?: PipelineError;
}

/** Condenses the oldest turns when the history before turn `index` is over budget. Failures leave the history whole. */
export async function condenseIfNeeded(
  pipeline: Pipeline,
  c: Conversation,
  index: number,
  opts: AskOptions,
): Promise<Summary | undefined> {
  const previous = c.summary && c.summary.turns <= index ? c.summary : undefined;
  const from = previous?.turns ?? 0;
  const kept = keptTurns(c, index);
  const plan = planCondensation(previous?.text, kept, opts.maxHistoryTokens);
  if (!plan || plan.condense === 0) return undefined;
  const condensed = kept.slice(0, plan.condense);
  // the summary stands in for the first `through` turns of the thread, counting turns that were not resent too
  let through = from;
  for (let seen = 0; through < index && seen < plan.condense; through++) {
    const t = c.turns[through];
    if (t.answer.trim() !== '' && t.outcome !== 'cancelled' && t.outcome !== 'error') seen++;
  }
  const clock = opts.clock ?? systemClock;
  // Two ways to ask: a compact transcript (no file context; all of it a cache miss), or the thread's own messages
  // with the instruction as one more question (the file context and turns too, but mostly cached where the cheap
  // tier's model is the one holding the thread). The cheaper is sent.
  const config = pipeline.config();
  const cheap = modelForTier(config, 'cheap');
  const compact = condenseMessages(previous?.text, condensed, plan.maxSummaryTokens);
  const inThread = threadMessages(
    { system: c.system, context: c.context, summary: previous?.text, turns: kept },
    condenseInThreadQuestion(plan.condense, !!previous, plan.maxSummaryTokens),
  );
  const out = Math.min(plan.maxSummaryTokens, 2048);
  const inThreadPrompt = promptText(inThread);
  const costInThread = priceTurn(
    config,
    cheap,
    estimateMessagesTokens(inThread),
    expectedCachedTokens(cheap, inThreadPrompt, c.warm, config, clock.now()),
    out,
    clock.now(),
  );
  const costCompact = priceTurn(config, cheap, estimateMessagesTokens(compact), 0, out, clock.now());
  const messages = costInThread < costCompact ? inThread : compact;
  try {
    const result = await pipeline.run(
      {
        task: 'ask',
        instruction: 'Condense the conversation.',
        languageId: c.languageId,
        selection: '',
        filePath: c.filePath,
        thread: { id: c.id, messages, warm: c.warm, tokensCondensed: 0, secrets: [], purpose: 'condense' },
      },
      { signal: opts.signal },
    );
    if (messages === inThread && !result.cached) warmWith(c, result.model, inThreadPrompt, clock.now());
    const repaired = repairSummary(result.content, previous?.text, condensed, plan.maxSummaryTokens);
    const summary: Summary = {
      text: repaired.text,
      turns: through,
      tokensBefore: historyTokens(previous?.text, condensed),
      tokensAfter: historyTokens(repaired.text, []),
      costUsd: result.costUsd,
      model: result.model,
      at: clock.now(),
    };
    c.summary = summary;
    opts.onCondensed?.(summary);
    return summary;
  } catch (e) {
    if (e instanceof PipelineError && e.kind === 'cancelled') throw e;
    opts.onCondensed?.(undefined, e instanceof Error ? e.message : String(e));
    return undefined;
  }
}

/**
 * Asks `question` as the conversation's next turn (or asks turn `index` again). The conversation is updated in place:
 * the turn is added first (so the view can show it streaming) and filled in when the answer is in.
 */
export async function askInConversation(
  pipeline: Pipeline,
  c: Conversation,
  question: string,
  opts: AskOptions,
): Promise<AskResult> {
  const clock = opts.clock ?? systemClock;
  const index = opts.index ?? c.turns.length;
  const again = index < c.turns.length ? c.turns[index] : undefined;
  // asking the first request again keeps its question as sent; any other turn is dropped with those after it
  truncateAt(c, index === 0 && again ? 1 : index);
  if (index > 0) {
    try {
      await condenseIfNeeded(pipeline, c, index, opts);
    } catch (e) {
      const err = e instanceof PipelineError ? e : new PipelineError(String(e), 'cancelled');
      const turn: Turn = {
        question,
        sent: question,
        answer: '',
        at: clock.now(),
        outcome: 'cancelled',
        notice: 'Cancelled.',
      };
      return { turn, index, historyTokens: 0, error: err };
    }
  }
  const tr = turnRequest(c, index, question);
  let turn: Turn;
  if (index === 0 && again) {
    turn = c.turns[0];
    Object.assign(turn, { answer: '', at: clock.now(), outcome: undefined, notice: undefined });
  } else {
    turn = { question, sent: tr.req.instruction, answer: '', at: clock.now() };
    c.turns.push(turn);
  }
  opts.onTurn?.(turn, index);
  try {
    const result = await pipeline.run(tr.req, opts);
    fill(turn, result);
    if (!result.cached) warmWith(c, result.model, promptText(tr.messages), clock.now());
    c.updatedAt = clock.now();
    return { result, turn, index, historyTokens: tr.historyTokens };
  } catch (e) {
    const err =
      e instanceof PipelineError ? e : new PipelineError(e instanceof Error ? e.message : String(e), 'provider');
    if (err.partial) fill(turn, err.partial);
    turn.outcome = err.kind === 'cancelled' ? 'cancelled' : err.partial?.content ? 'partial' : 'error';
    turn.notice = err.userMessage;
    c.updatedAt = clock.now();
    return { turn, index, historyTokens: tr.historyTokens, error: err };
  }
}

/** Copies a result into its turn. */
export function fill(turn: Turn, r: PipelineResult): void {
  turn.answer = r.content;
  turn.model = r.model;
  turn.tier = r.tier;
  turn.reason = r.reason;
  turn.costUsd = r.costUsd;
  turn.savedUsd = r.savedUsd;
  turn.inputTokens = r.inputTokens;
  turn.outputTokens = r.outputTokens;
  turn.cachedInputTokens = r.cachedInputTokens;
  turn.outcome = r.outcome;
  turn.notice = r.notice;
}

export interface BeginResult {
  conversation: Conversation;
  result?: PipelineResult;
  error?: PipelineError;
}

/**
 * Sends a first request and starts a conversation from it: the messages the pipeline sent become the thread's frozen
 * system prompt and file context. `onStart` hands the conversation over as soon as it exists (before the answer).
 */
export async function beginConversation(
  pipeline: Pipeline,
  req: EditorRequest,
  x: { id: string; title: string },
  opts: RunOptions & { clock?: Clock; onStart?: (c: Conversation) => void },
): Promise<BeginResult> {
  const clock = opts.clock ?? systemClock;
  let conversation: Conversation | undefined;
  const start = (p: { messages: ChatMessageText[]; prepared: { selection: string; instruction: string } }) => {
    conversation = startConversation({
      id: x.id,
      title: x.title,
      req,
      messages: p.messages,
      selection: p.prepared.selection,
      instruction: p.prepared.instruction,
      at: clock.now(),
    });
    opts.onStart?.(conversation);
    return conversation;
  };
  let prompt = '';
  try {
    const result = await pipeline.run(req, {
      ...opts,
      onPrepared: (p) => {
        start(p);
        prompt = promptText(p.messages);
        opts.onPrepared?.(p);
      },
    });
    const c = conversation ?? start(pipeline.prepare(req));
    fill(c.turns[0], result);
    if (!result.cached && prompt) warmWith(c, result.model, prompt, clock.now());
    c.updatedAt = clock.now();
    return { conversation: c, result };
  } catch (e) {
    const err =
      e instanceof PipelineError ? e : new PipelineError(e instanceof Error ? e.message : String(e), 'provider');
    const c = conversation ?? start(pipeline.prepare(req));
    const turn = c.turns[0];
    if (err.partial) fill(turn, err.partial);
    turn.outcome = err.kind === 'cancelled' ? 'cancelled' : err.partial?.content ? 'partial' : 'error';
    turn.notice = err.userMessage;
    return { conversation: c, error: err };
  }
}

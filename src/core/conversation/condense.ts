// History that stays within a budget: once a conversation's earlier turns (and any earlier summary) outgrow
// frugal.conversation.maxHistoryTokens, the oldest ones are condensed by the cheap tier into a summary. The summary
// must keep what later turns refer back to: identifiers, decisions and code. The model is asked to; what it drops
// anyway is put back by `repairSummary` (the names it left out, the latest code block when it fits), so a later
// "and what does `parseHeader` return?" still finds `parseHeader` in the history.
import { estimateTokens } from '../tokens';
import type { ChatMessageText, TurnText } from '../prompts';

/** Words that look like identifiers but are everyday words or keywords (kept short: a false name costs a few tokens). */
const COMMON = new Set(
  `a an and are as at be but by can do does for from has have how if in into is it its not of on
or so that the their then there these this to use was we what when where which while why will with you your
return const let var function def class import export async await new null undefined true false none self this
string number boolean int void public private static`.split(/\s+/),
);

/**
 * Identifiers in text: names in backticks, and inside fenced code the declared and called names; plus words that can
 * only be code (snake_case, camelCase, dotted.names). Ordered by first appearance.
 */
export function identifiersIn(text: string): string[] {
  const out = new Set<string>();
  const add = (n: string): void => {
    const name = n.replace(/^[.$]+|[.(]+$/g, '');
    if (name.length < 2 || name.length > 60 || COMMON.has(name.toLowerCase()) || /^\d/.test(name)) return;
    out.add(name);
  };
  const fences = /(^|\n)(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n\2/g;
  let m: RegExpExecArray | null;
  const prose: string[] = [];
  let last = 0;
  while ((m = fences.exec(text))) {
    prose.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    const code = m[3];
    const decl =
      /\b(?:function\*?|def|func|fn|class|interface|struct|enum|type|const|let|var)\s+([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)\s*\(/g;
    let d: RegExpExecArray | null;
    while ((d = decl.exec(code))) add(d[1] ?? d[2]);
  }
  prose.push(text.slice(last));
  for (const p of prose) {
    const ticks = /`([^`\n]{1,80})`/g;
    let t: RegExpExecArray | null;
    while ((t = ticks.exec(p))) {
      const inner = t[1].trim();
      if (/^[A-Za-z_$][\w$.]*(\(\))?$/.test(inner)) add(inner.replace(/\(\)$/, ''));
      else for (const w of inner.match(/[A-Za-z_$][\w$]*/g) ?? []) if (/[_$]|[a-z][A-Z]/.test(w)) add(w);
    }
    for (const w of p.replace(/`[^`\n]*`/g, ' ').match(/\b[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\b/g) ?? []) {
      if (/_|[a-z][A-Z]|\./.test(w) && !/^\w+\.(com|org|io|net)$/.test(w)) add(w);
    }
  }
  return [...out];
}

/** Tokens of the history a turn resends: the summary and the full earlier turns. */
export function historyTokens(summary: string | undefined, turns: readonly TurnText[]): number {
  let n = summary ? estimateTokens(summary) : 0;
  for (const t of turns) n += estimateTokens(t.question) + estimateTokens(t.answer) + 8;
  return n;
}

export interface CondensePlan {
  /** how many of the given turns (oldest first) go into the summary */
  condense: number;
  /** the summary's own token cap */
  maxSummaryTokens: number;
}

/**
 * Whether to condense before the next turn, and how much. Past the budget, the newest turns that fit in half of it
 * are kept whole and everything older goes into a summary capped at the other half: the history is then within the
 * budget, and about half a budget of new turns can follow before the next condensation (each one costs a cache miss on
 * the turns it replaces, so it should be rare).
 */
export function planCondensation(
  summary: string | undefined,
  turns: readonly TurnText[],
  maxHistoryTokens: number,
): CondensePlan | undefined {
  if (historyTokens(summary, turns) <= maxHistoryTokens || turns.length === 0) return undefined;
  const half = Math.floor(maxHistoryTokens / 2);
  let kept = 0;
  let keep = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const t = historyTokens(undefined, [turns[i]]);
    if (kept + t > half) break;
    kept += t;
    keep++;
  }
  return { condense: turns.length - keep, maxSummaryTokens: Math.max(32, maxHistoryTokens - kept) };
}

export const CONDENSE_SYSTEM =
  'You condense the earlier part of a coding conversation so that it can be continued without it. Keep every ' +
  'identifier (functions, variables, types, files, settings) exactly as written, in backticks; every decision and ' +
  'conclusion reached; and the latest version of any code the user may still refer to, in a fenced block. Short ' +
  'Markdown bullets, no preamble.';

/** The transcript the cheap tier condenses: an earlier summary first, then the turns in order. */
export function condenseMessages(
  previous: string | undefined,
  turns: readonly TurnText[],
  maxSummaryTokens: number,
): ChatMessageText[] {
  const parts: string[] = [];
  if (previous) parts.push(`Earlier summary:\n${previous}`);
  turns.forEach((t, i) => parts.push(`Turn ${i + 1}\nUser: ${t.question}\nAssistant: ${t.answer}`));
  parts.push(`Condense the conversation above into at most ${Math.floor(maxSummaryTokens * 0.75)} words.`);
  return [
    { role: 'system', content: CONDENSE_SYSTEM },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/**
 * The condensation asked inside the thread itself: the conversation's own messages, then the instruction as one more
 * question. Its prompt begins with the previous turn's, so on a model whose cache holds the thread most of it is a
 * cache hit; the engine prices this against the compact transcript and sends the cheaper.
 */
export function condenseInThreadQuestion(condense: number, hasSummary: boolean, maxSummaryTokens: number): string {
  const what = `${hasSummary ? 'the earlier summary and ' : ''}turn${condense === 1 ? ' 1' : `s 1 to ${condense}`} of this conversation (turn 1 is the first question)`;
  return `Do not answer a question now. ${CONDENSE_SYSTEM.replace('You condense the earlier part of a coding conversation so that it can be continued without it.', `Condense ${what} so that it can be continued without them.`)} At most ${Math.floor(maxSummaryTokens * 0.75)} words.`;
}

function lastCodeBlock(text: string): string | undefined {
  const blocks = [...text.matchAll(/(^|\n)((`{3,}|~{3,})[^\n]*\n[\s\S]*?\n\3)/g)];
  return blocks.length ? blocks[blocks.length - 1][2] : undefined;
}

function cutToTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateTokens(text.slice(0, mid)) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo).replace(/\s+\S*$/, '');
}

export interface RepairedSummary {
  text: string;
  /** identifiers the model's summary left out and the repair put back */
  restored: string[];
  /** whether the latest code block was added back verbatim */
  codeRestored: boolean;
}

/**
 * The summary as kept: the model's text, the latest code block if the model dropped it and it fits, and a line naming
 * the identifiers it left out; all within `maxTokens` (names first: they are what later turns quote).
 */
export function repairSummary(
  summary: string,
  previous: string | undefined,
  turns: readonly TurnText[],
  maxTokens: number,
): RepairedSummary {
  const source = [previous ?? '', ...turns.flatMap((t) => [t.question, t.answer])].join('\n\n');
  const names = identifiersIn(source);
  let text = summary.replace(/^\s*<think>[\s\S]*?<\/think>\s*/, '').trim();
  const missing = (t: string) => names.filter((n) => !t.includes(n));
  const restored = missing(text);
  const namesLine = (list: string[]) =>
    list.length ? `\n\nNames used earlier: ${list.map((n) => `\`${n}\``).join(', ')}` : '';
  let code = lastCodeBlock(turns.map((t) => t.answer).join('\n\n'));
  if (code && text.includes(code.split('\n').slice(1, -1).join('\n').trim())) code = undefined;
  let codeRestored = false;
  if (code) {
    const withCode = `${text}\n\nLatest code:\n${code}`;
    if (estimateTokens(withCode + namesLine(missing(withCode))) <= maxTokens) {
      text = withCode;
      codeRestored = true;
    }
  }
  const line = namesLine(missing(text));
  const room = Math.max(0, maxTokens - estimateTokens(line));
  text = cutToTokens(text, room) + line;
  return { text: cutToTokens(text, maxTokens), restored, codeRestored };
}

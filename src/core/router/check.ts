// checkAnswer(): is an answer usable, or should the cascade retry on the next tier? Cheap, local checks only: a
// false "unusable" costs a second, dearer call, so every check aims at clear failures (cut off, empty, refused,
// no code where code was asked for, a code block whose brackets cannot be complete).
import { fencedBlocks } from '../lang/fences';
import { isKnownLanguage, languageInfo } from '../lang/table';
import type { Task } from '../types';

export type AnswerCheck = { usable: true } | { usable: false; problem: string };

const USABLE: AnswerCheck = { usable: true };
const unusable = (problem: string): AnswerCheck => ({ usable: false, problem });

/** Commands whose answer must contain code. Complete returns raw code and is checked for emptiness only. */
const CODE_TASKS: ReadonlySet<Task> = new Set<Task>(['generate', 'refactor', 'fix', 'tests']);
/** Commands whose code blocks are the deliverable, so a broken block means a broken answer. */
const BRACKET_TASKS: ReadonlySet<Task> = new Set<Task>(['generate', 'refactor', 'fix', 'tests', 'document']);

/** Refusals are judged on the opening of the answer, where models put them. */
const REFUSALS: RegExp[] = [
  /\bas an ai(?: language model| assistant| model)?,? i (?:can(?:no|')?t|cannot|am not able|am unable|do not|don'?t|won'?t)\b/i,
  /\b(?:i'?m|i am) (?:sorry|afraid),? (?:but )?i (?:can(?:no|')?t|cannot|am unable to|won'?t|am not able to|must decline)\b/i,
  /^(?:sorry|unfortunately),? (?:but )?i (?:can(?:no|')?t|cannot|am unable to|won'?t)\b/i,
  /\bi (?:can(?:no|')?t|cannot|won'?t|will not|am unable to|'m unable to|am not able to|must decline to) (?:help|assist|comply|provide|do that|fulfil+|complete|write|generate|create|support|answer)(?! but\b)(?: (?:you )?with)?(?: (?:that|this|your request|the request|it))?\b/i,
  /\bi must decline\b|\bi'?m not able to help with\b|\bthis request (?:violates|goes against)\b/i,
];

/** What the language table says about a fence language: its usual line comment, and whether brackets matter. */
const listed = (lang: string) => isKnownLanguage(lang);
const lineComment = (lang: string) => (listed(lang) ? languageInfo(lang).comment.line : undefined);
/** Fence languages whose brackets are not structural (diffs, shell `case x)`, prose, markup, logs). */
const noBracketCheck = (lang: string) => listed(lang) && !languageInfo(lang).brackets;

interface Block {
  lang: string;
  body: string;
  closed: boolean;
}

/** Fenced code blocks (lang/fences.ts), with whether each was closed. */
export function codeBlocks(text: string): Block[] {
  return fencedBlocks(text).map((b) => ({ lang: b.lang, body: b.body, closed: b.closed }));
}

const CODE_START =
  /^\s*(def|class|function|func|fn|pub|return|import|from|export|const|let|var|if|elif|else|for|while|switch|case|try|catch|except|package|#include|#define|public|private|protected|static|async|await|struct|enum|impl|interface|type|using|namespace|module|require|SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|WITH|end|do|begin|val|fun|object|template|@\w+)\b/;

/** A rough "is this text code rather than prose", for answers that return code without a fence. */
export function looksLikeCode(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (!lines.length) return false;
  let code = 0;
  let indented = 0;
  for (const line of lines) {
    const t = line.trim();
    const symbols = (t.match(/[;{}()=<>[\]]/g) ?? []).length;
    const prose = /[.!?:]$/.test(t) && t.split(/\s+/).length >= 5 && !/[;{}]/.test(t);
    if (!prose && (CODE_START.test(t) || symbols >= 2 || /[;{}),]$/.test(t) || /^[+-]\s/.test(t))) code++;
    if (/^( {4}|\t)\S/.test(line) && symbols >= 1) indented++;
  }
  // Mostly code, or a prose answer with an indented (Markdown-style) code block in it.
  return (code >= 1 && code >= lines.length * 0.5) || indented >= 2;
}

/**
 * First bracket problem in `code`, ignoring brackets in strings and comments (roughly: enough to tell a complete
 * block from one cut short), or undefined when the brackets balance.
 */
export function bracketProblem(code: string, lang: string): string | undefined {
  const hash = lineComment(lang) === '#'; // and `//` may be an operator, as in Python
  const dash = lineComment(lang) === '--';
  const css = listed(lang) && !!languageInfo(lang).stylesheet;
  const known = lang !== '';
  const slashes = !hash; // `//` is floor division in Python, a comment in C-like languages
  const rust = lang === 'rust' || lang === 'rs';
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let i = 0;
  const n = code.length;
  let lineStart = true;
  while (i < n) {
    const c = code[i];
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    const atLineStart = lineStart;
    if (c !== ' ' && c !== '\t') lineStart = false;
    // comments
    if (hash && c === '#') {
      i = skipLine(code, i);
      continue;
    }
    if (!known && !css && c === '#' && atLineStart && (code[i + 1] === ' ' || code[i + 1] === '!')) {
      i = skipLine(code, i);
      continue;
    }
    if (dash && c === '-' && code[i + 1] === '-') {
      i = skipLine(code, i);
      continue;
    }
    if (slashes && !css && c === '/' && code[i + 1] === '/') {
      // In an unknown language only trust `//` at the start of a line or after a statement end.
      const prev = code.slice(Math.max(0, i - 2), i).trimEnd();
      if (known || atLineStart || /[;{})]$/.test(prev) || prev === '') {
        i = skipLine(code, i);
        continue;
      }
    }
    if (!hash && c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    // strings
    if ((c === '"' || c === "'") && code.startsWith(c.repeat(3), i)) {
      const end = code.indexOf(c.repeat(3), i + 3);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (c === '`') {
      const end = code.indexOf('`', i + 1);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      if (rust && c === "'" && !/^'(\\.|\\u\{[0-9a-fA-F]+\}|[^\\'])'/.test(code.slice(i, i + 12))) {
        i++;
        continue;
      } // lifetime
      const end = closingQuote(code, i);
      if (end < 0) {
        i++;
        continue;
      } // a lone apostrophe, not a string
      i = end + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== pairs[c]) return `an unmatched '${c}'`;
    }
    i++;
  }
  if (stack.length) return `an unclosed '${stack[stack.length - 1]}'`;
  return undefined;
}

const PYTHON = new Set(['python', 'py', 'python3', 'py3']);
const JSON_LANGS = new Set(['json']);

/**
 * First indentation problem of a Python block, or undefined: a block opener (`def f():`) with no indented body, an
 * unexpected indent, or a dedent to a level no outer block has. Lines inside brackets and triple-quoted strings are
 * continuation lines and are not checked. Cheap and local: the lexer's rules, not a parser.
 */
export function pythonIndentProblem(code: string): string | undefined {
  const stack = [0];
  let expectBody = false;
  let depth = 0;
  let inTriple: string | undefined;
  for (const raw of code.split('\n')) {
    let line = raw.replace(/\t/g, '        ');
    if (inTriple) {
      if (line.includes(inTriple)) {
        line = line.slice(line.indexOf(inTriple) + 3);
        inTriple = undefined;
      } else continue;
      if (!line.trim()) continue;
    }
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    const startsInside = depth > 0;
    // strip strings and comments to read brackets and the trailing colon
    let bare = '';
    for (let i = 0; i < trimmed.length; i++) {
      const c = trimmed[i];
      if (c === '#') break;
      if ((c === '"' || c === "'") && trimmed.startsWith(c.repeat(3), i)) {
        const end = trimmed.indexOf(c.repeat(3), i + 3);
        if (end < 0) {
          inTriple = c.repeat(3);
          break;
        }
        i = end + 2;
        bare += '""';
        continue;
      }
      if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < trimmed.length && trimmed[j] !== c) j += trimmed[j] === '\\' ? 2 : 1;
        i = j;
        bare += '""';
        continue;
      }
      bare += c;
    }
    if (!startsInside) {
      if (expectBody) {
        if (indent <= stack[stack.length - 1]) return 'a block opener with no indented body';
        stack.push(indent);
        expectBody = false;
      } else if (indent > stack[stack.length - 1]) return 'an unexpected indent';
      else {
        while (indent < stack[stack.length - 1]) stack.pop();
        if (indent !== stack[stack.length - 1]) return 'a dedent that matches no outer block';
      }
    }
    for (const c of bare) {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    }
    if (depth === 0 && !inTriple && /:\s*$/.test(bare) && !/^(lambda\b|.*\blambda\b[^:]*:\s*$)/.test(bare))
      expectBody = true;
  }
  return undefined;
}

/** Why a code block in a language we can check would not parse, or undefined. */
export function parseProblem(code: string, lang: string): string | undefined {
  if (JSON_LANGS.has(lang)) {
    try {
      JSON.parse(code);
      return undefined;
    } catch {
      return 'JSON that does not parse';
    }
  }
  const brackets = bracketProblem(code, lang);
  if (brackets) return brackets;
  if (PYTHON.has(lang)) return pythonIndentProblem(code);
  return undefined;
}

function skipLine(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end < 0 ? text.length : end;
}

/** Index of the quote closing the one at `start` on the same line, honouring backslash escapes; -1 if none. */
function closingQuote(text: string, start: number): number {
  const q = text[start];
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === q) return j;
    if (c === '\n') return -1;
  }
  return -1;
}

/** Answers sometimes elide unchanged code ("// ... rest unchanged"); their brackets need not balance. */
const ELISION =
  /^\s*(\/\/|#|--|\/\*|<!--)?\s*(\.\.\.|…|\(\.\.\.\)|\[\.\.\.\])|\b(existing code|rest of (the )?(code|file|function|class)|unchanged|omitted for brevity)\b/im;

function stripThinking(content: string): string {
  // Qwen3 with thinking switched off by prompt still emits an empty <think></think>.
  return content.replace(/<think>[\s\S]*?<\/think>/g, '');
}

/**
 * Whether an answer can be shown, or the cascade should try the next tier. `finishReason` is the provider's
 * (`stop`, `length`, `content_filter`, or null when a stream ended without one).
 */
export function checkAnswer(task: Task, content: string, finishReason: string | null): AnswerCheck {
  if (finishReason === 'length') return unusable('the answer was cut off by the token limit');
  if (finishReason === 'content_filter') return unusable("the provider's content filter blocked the answer");
  const text = stripThinking(content ?? '').trim();
  if (!text) return unusable('the answer was empty');

  const blocks = codeBlocks(text);
  const opening = text.slice(0, 300);
  // "I can't write all of it, but here is the core" followed by code is an answer, not a refusal.
  const hasCode = blocks.some((b) => b.body.trim() !== '');
  if (!hasCode && REFUSALS.some((re) => re.test(opening))) {
    return unusable('the model refused to answer');
  }
  if (task === 'complete') return USABLE;

  if (blocks.some((b) => !b.closed)) return unusable('a code block was never closed');
  if (CODE_TASKS.has(task) && !hasCode && !looksLikeCode(text)) {
    return unusable('the answer has no code');
  }
  if (BRACKET_TASKS.has(task)) {
    // Unfenced code (the whole answer is code) is checked as one block in an unknown language.
    const toCheck = blocks.length
      ? blocks
      : looksLikeCode(text) && CODE_TASKS.has(task)
        ? [{ lang: '', body: text, closed: true }]
        : [];
    for (const b of toCheck) {
      if (noBracketCheck(b.lang) || ELISION.test(b.body)) continue;
      const problem = parseProblem(b.body, b.lang);
      if (problem) return unusable(`the code has ${problem}`);
    }
  }
  return USABLE;
}

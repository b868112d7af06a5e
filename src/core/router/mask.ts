// What the router may read. Cues are matched on the user's own words with data blanked out: string literals, example
// input/output blocks, inline code, quoted logs and stack traces say what the data is, not what the task needs
// ("aba" in an example is not the ABA problem; "does not exist" in a log line is not an error report). The selected
// code is read with its comments and strings removed: a file author's "FIXME: why does this deadlock?" must not send
// everyone who explains that file to the reasoner. Comments and docstrings become the request only where they are the
// specification the user asks us to implement (Generate on a stub).

import { isSpaceCode, isWordCode } from './prefilter';

/** Lines of a pasted statement that hold example data, not the task. */
const EXAMPLE_LINE =
  /^\s*(examples?\s*\d*\s*(:|$)|sample (input|output)\s*\d*:?|input\s*:|output\s*:|explanation\s*:|note\s*:\s*$|>>>|\$ |>\s)/i;
/**
 * The opening of a log or trace line, read from its first non-space character: timestamps, levels, stack frames,
 * panics, tracebacks; or of a tool report's frame: a valgrind/sanitizer line (==1234==), a frame number and address,
 * a line that is mostly addresses. Their identifiers are the program's names, not the user's words.
 */
const DATA_START =
  /^(\d{4}-\d\d-\d\d[ t]\d\d:\d\d|\[?\d\d:\d\d:\d\d|(error|warn|warning|info|debug|trace|fatal)\s*[:\]|]|at [\w$.<>]+ ?\(|at [\w$.]+:\d+|file "[^"]+", line \d+|traceback \(most recent call last\)|goroutine \d+ \[|panic:|exception in thread|caused by:|\^+\s*$|[\w.]+(error|exception): |==\d+==|#\d+\s+0x[0-9a-f]+|(0x[0-9a-f]{6,}\b.*){2,})/i;
/** A frame that counts only indented: one naming a source position (pkg/file.go:64 +0xa3), or a bare call. */
const INDENTED_FRAME =
  /^(\S*[\w/.-]\.(go|c|cc|cpp|h|hpp|rs|py|js|ts|java|kt|rb|cs|swift):\d+\b|[\w./*()·-]+\([^)]*\)\s*$)/i;

/**
 * A log, trace or tool-report line. Read from the first non-space character: as one regex opening with ^\s*, each
 * line's indentation was retried with every alternative (quadratic: the 50-space lines of a pasted stack diagram
 * took half of a decision's masking). test/unit/routerEngine.test.ts keeps that regex as the oracle.
 */
export function isDataLine(line: string): boolean {
  const rest = line.trimStart();
  return rest !== '' && (DATA_START.test(rest) || (rest.length < line.length && INDENTED_FRAME.test(rest)));
}

/**
 * An identifier with two or more dots: a package path or a qualified member. Matched by blankDottedNames (the
 * regex is its definition: test/unit/routerEngine.test.ts checks the two agree).
 */
export const DOTTED_NAME = /\b[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*){2,}/g;

/** [\w$] */
function isNameCode(c: number): boolean {
  return isWordCode(c) || c === 36;
}
/** [A-Za-z_$] */
function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/**
 * t.replace(DOTTED_NAME, ' · ') without trying the regex at every word (it cost as much as the rest of the masking
 * on a long statement). In a match the first dot ends the run of name characters the match starts in, and what
 * follows that dot does not depend on where in the run the match starts. So only dots followed by two dotted parts
 * are candidates; the match starts at the first position of the run before the dot where a name may start at a
 * word boundary, and ends after as many dotted parts as follow (the greedy repeat).
 */
export function blankDottedNames(t: string): string {
  const n = t.length;
  const code = (i: number): number => (i >= 0 && i < n ? t.charCodeAt(i) : -1);
  const parts: string[] = [];
  let kept = 0;
  for (let d = t.indexOf('.'); d >= 0; d = t.indexOf('.', d + 1)) {
    // .name.name from the dot on, else no match has its first dot here.
    if (!isNameStart(code(d + 1))) continue;
    let k = d + 2;
    while (isNameCode(code(k))) k++;
    if (code(k) !== 46 || !isNameStart(code(k + 1))) continue;
    let start = d;
    while (start > kept && isNameCode(code(start - 1))) start--;
    while (start < d && !(isNameStart(code(start)) && isWordCode(code(start - 1)) !== isWordCode(code(start)))) start++;
    if (start === d) continue;
    // The greedy {2,}: every further dotted part.
    k = d;
    while (code(k) === 46 && isNameStart(code(k + 1))) {
      k += 2;
      while (isNameCode(code(k))) k++;
    }
    parts.push(t.slice(kept, start), ' · ');
    kept = k;
    d = k - 1;
  }
  if (!parts.length) return t;
  parts.push(t.slice(kept));
  return parts.join('');
}

/** Something only code has, for a cheap first test before blankCodeBlocks reads the lines. */
const CODE_HINT = /[;{}]\s*\n|\n\s*(def|class|func|function|fn|public|private|static|int|void|const|let|var)\s/;
/** The opening line of a definition ("def f(x):", "func (s *S) Put(k string) {", "function go() {"). */
const DEFINITION_OPENING =
  /^\s*(async\s+)?(def|class|func|function|fn|public|private|protected|static|void|int|struct|impl)\b[^\n]*[(:{]\s*$/;
/** TeX in a mathematical statement ("\\begin{align}", "\\color{red}{37}"): its braces are not code's. */
const TEX_LINE =
  /\\(begin|end|frac|color|le|ge|leq|geq|cdot|times|sum|prod|mathbf|mathrm|text|left|right|dots|ldots)\b/;
/** A line a code block may hold besides statements: indented, or a comment. */
const CODE_BODY_LINE = /^(\s{2,}|\t)\S|^\s*(\/\/|#|\/\*|\*|--)/;

/**
 * A statement or definition line of pasted code (not TeX): it ends in ";" or a brace, starts with a brace, or is a
 * DEFINITION_OPENING. Read from the line's first and last characters (most lines of prose end in neither ";" nor a
 * brace, and only a line that ends in "(", ":" or "{" can open a definition).
 */
function isCodeStatement(l: string): boolean {
  let e = l.length - 1;
  while (e >= 0 && isSpaceCode(l.charCodeAt(e))) e--;
  if (e < 0) return false;
  let b = 0;
  while (b < e && isSpaceCode(l.charCodeAt(b))) b++;
  const last = l.charCodeAt(e);
  const first = l.charCodeAt(b);
  const code =
    last === 59 ||
    last === 123 ||
    last === 125 ||
    first === 123 ||
    first === 125 ||
    ((last === 40 || last === 58) && DEFINITION_OPENING.test(l));
  return code && !(l.includes('\\') && TEX_LINE.test(l));
}

/**
 * Blanks runs of pasted code lines in prose (an unfenced function under "why does this deadlock?"): a run of
 * statement, definition, indented and comment lines that holds two statements, or opens with a definition and has
 * a body. Prose lines never qualify on their own ("if i run it, it crashes" is not code), nor does a single line.
 */
export function blankCodeBlocks(t: string): string {
  const lines = t.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length;) {
    if (!isCodeStatement(lines[i])) {
      i++;
      continue;
    }
    let j = i;
    let statements = 0;
    for (; j < lines.length && lines[j].trim() !== ''; j++) {
      if (isCodeStatement(lines[j])) statements++;
      else if (!CODE_BODY_LINE.test(lines[j])) break;
    }
    if (j - i >= 2 && (statements >= 2 || DEFINITION_OPENING.test(lines[i]))) {
      for (let k = i; k < j; k++) lines[k] = '';
      changed = true;
    }
    i = Math.max(j, i + 1);
  }
  return changed ? lines.join('\n') : t;
}

/**
 * A term the user puts in quotes ("race conditions", "thread-safe", “use-after-free”): two lower-case words, or one
 * hyphenated, as people write a name for a concept. Kept: it is the user's word for what they ask about. Data
 * and messages ("aba", "does not exist", "Error: ENOENT") are a single plain word, longer, or carry other characters.
 */
const QUOTED_TERM = /^[a-z]+(-[a-z]+)+$|^[a-z][a-z-]* [a-z][a-z-]*$/;
const quoted = (_span: string, inner: string): string => (QUOTED_TERM.test(inner) ? ` ${inner} ` : ' · ');

/**
 * The user's words with data blanked: fenced blocks, example and log lines, quoted strings and inline code. Keeps
 * constraint lines ("1 <= n <= 10^5") and prose.
 */
export function maskProse(text: string): string {
  if (!text) return '';
  // Each replacement below needs a character or word its pattern names; without it, it would change nothing, and
  // the includes() test is a far cheaper pass than the regex.
  let t = text;
  if (t.includes('```')) t = t.replace(/```[\s\S]*?(```|$)/g, ' ');
  if (t.includes('~~~')) t = t.replace(/~~~[\s\S]*?(~~~|$)/g, ' ');
  // Code pasted without a fence is masked as a fenced block would be (its comments are its author's words).
  if (t.includes('\n') && CODE_HINT.test(t)) t = blankCodeBlocks(t);
  // The lines kept, joined by line breaks: each run of consecutive kept lines is one slice of the text (its own
  // line breaks included), so a text that loses no line is not split and joined again.
  const runs: string[] = [];
  let runStart = 0;
  let runEnd = -1;
  let inExample = false;
  for (let start = 0; ;) {
    const nl = t.indexOf('\n', start);
    const end = nl < 0 ? t.length : nl;
    const line = t.slice(start, end);
    const trimmed = line.trim();
    // An example block runs from its heading until a blank line or the constraints heading.
    inExample =
      EXAMPLE_LINE.test(trimmed) || (inExample && trimmed !== '' && !/^constraints\b|^follow[- ]up\b/i.test(trimmed));
    if (!inExample && !isDataLine(line)) {
      if (runEnd < 0) runStart = start;
      runEnd = end;
    } else if (runEnd >= 0) {
      runs.push(t.slice(runStart, runEnd));
      runEnd = -1;
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  if (runEnd >= 0) runs.push(t.slice(runStart, runEnd));
  t = runs.length === 1 ? runs[0] : runs.join('\n');
  // Quoted strings and inline code: data and names, not the request. Apostrophes inside words are kept.
  if (t.includes('http')) t = t.replace(/\bhttps?:\/\/[^\s)>\]]+/g, ' · ');
  // Qualified names from a pasted error ("java.util.concurrent.ExecutionException", "os.path.join"): the program's
  // names, not the user's words.
  t = blankDottedNames(t);
  if (t.includes('`')) t = t.replace(/`[^`\n]*`/g, ' · ');
  if (t.includes('"')) t = t.replace(/"([^"\n]{0,200})"/g, quoted);
  if (t.includes('“')) t = t.replace(/“([^”\n]{0,200})”/g, quoted);
  if (t.includes("'")) t = t.replace(/(^|[\s(=,[:])'[^'\n]{0,80}'(?=[\s),.\];:]|$)/g, '$1 · ');
  return t;
}

/** Languages whose line comments start with `#`, and with `--` (splitCode reads both). */
export const HASH_LANGS: ReadonlySet<string> = new Set([
  'python',
  'ruby',
  'perl',
  'r',
  'shellscript',
  'bash',
  'sh',
  'yaml',
  'toml',
  'makefile',
  'dockerfile',
  'elixir',
  'julia',
  'coffeescript',
  'powershell',
  'nim',
  'crystal',
]);
export const DASH_LANGS: ReadonlySet<string> = new Set(['sql', 'lua', 'haskell', 'elm', 'ada', 'vhdl', 'plsql']);

export interface SplitCode {
  /** The code with comments and string contents removed. */
  code: string;
  /** Comment and docstring text, one piece per comment, in order. */
  comments: string[];
}

/**
 * Splits selected code into code (comments and string contents blanked) and its comment/docstring text, with a
 * small lexer: line comments (// # --), block comments, Python docstrings, quoted strings. Good enough for routing;
 * never used to transform code.
 */
export function splitCode(source: string, languageId: string, maxChars = 8000): SplitCode {
  const s = source.length > maxChars ? source.slice(0, maxChars) : source;
  const hash = HASH_LANGS.has(languageId);
  const dash = DASH_LANGS.has(languageId);
  const py = languageId === 'python';
  const comments: string[] = [];
  // The code is the source with pieces cut out: kept runs are copied as slices, not character by character.
  const code: string[] = [];
  let kept = 0;
  const cut = (from: number, replacement: string): void => {
    if (from > kept) code.push(s.slice(kept, from));
    if (replacement) code.push(replacement);
  };
  let i = 0;
  const n = s.length;
  // Read as code units, with two zeros after the end where charCodeAt gives NaN (neither equals a character).
  const u = codeUnits(s);
  // Only a quote or the first character of a comment opener can start a piece: the search jumps to the next one
  // (a native pass) instead of reading every character.
  const opener = hash ? HASH_OPENERS : dash ? DASH_OPENERS : SLASH_OPENERS;
  for (;;) {
    opener.lastIndex = i;
    if (!opener.test(s)) break;
    i = opener.lastIndex - 1;
    const c = u[i];
    const next = u[i + 1];
    if ((hash && c === 35) || (!hash && c === 47 && next === 47) || (dash && c === 45 && next === 45)) {
      // # or // or --: a line comment
      const end = s.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      comments.push(s.slice(i, stop).replace(/^(#+|\/\/+|--+)\s?/, ''));
      cut(i, '');
      i = kept = stop;
      continue;
    }
    if (!hash && c === 47 && next === 42) {
      // /* block comment */: its line breaks stay in the code
      const end = s.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      comments.push(s.slice(i + 2, end < 0 ? n : end).replace(/^\s*\*+ ?/gm, ''));
      cut(i, newlines(s, i, stop));
      i = kept = stop;
      continue;
    }
    if ((c === 34 || c === 39) && next === c && u[i + 2] === c) {
      const q = s[i].repeat(3);
      const end = s.indexOf(q, i + 3);
      const stop = end < 0 ? n : end + 3;
      const bodyEnd = end < 0 ? n : end;
      // A Python docstring (the statement starts with it) documents; any other triple-quoted string is data.
      if (py && s.slice(s.lastIndexOf('\n', i - 1) + 1, i).trim() === '') comments.push(s.slice(i + 3, bodyEnd));
      cut(i, '"' + stringMark(s.slice(i + 3, bodyEnd), '"') + '"' + newlines(s, i + 3, bodyEnd));
      i = kept = stop;
      continue;
    }
    if (c === 34 || c === 39 || c === 96) {
      let j = i + 1;
      while (j < n && u[j] !== c && (u[j] !== 10 || c === 96)) j += u[j] === 92 ? 2 : 1;
      // A lone apostrophe (Rust lifetime, English in a template) is not a string.
      if (j >= n || u[j] !== c) {
        i++;
        continue;
      }
      SQL_START.lastIndex = i + 1;
      cut(i, s[i] + (SQL_START.test(s) ? stringMark(s.slice(i + 1, j), s[i]) : '') + s[i]);
      i = kept = j + 1;
      continue;
    }
    i++;
  }
  cut(n, '');
  return { code: code.join(''), comments };
}

/** A string that opens like a query: SQL's leading verb (sticky: tested at a string's first character). */
const SQL_START = /\s*(select|insert|update|delete|replace|merge|with)\s/iy;
/**
 * A query's opening, in the shape only SQL has: "SELECT * ...", "SELECT id, name FROM", "INSERT INTO", "UPDATE t
 * SET", "DELETE FROM", "WITH t AS (". Not the word "select" in a message ("Select an item from the list").
 */
const SQL_TEXT =
  /^\s*(select\s+(\*|distinct\b|top\b|count\s*\(|[\w.`"[\]]+\s*(,|\bas\b|\bfrom\b))|insert\s+into\b|update\s+[\w.`"[\]]+\s+set\b|delete\s+from\b|replace\s+into\b|merge\s+into\b|with\s+\w+\s+as\s*\()/i;

/**
 * What splitCode keeps of a string literal's contents: nothing (its words are data), except that a query is marked
 * "SQL", followed by a template's interpolated expressions, which are code. How a query is built is the evidence a
 * security question needs: "'SELECT ... WHERE id = ' + id" and "`... WHERE name = '${req.query.name}'`" splice input
 * into it, a parameterised query does not.
 */
export function stringMark(body: string, quote: string): string {
  if (!SQL_TEXT.test(body)) return '';
  const parts = quote === '`' ? body.match(/\$\{[^}\n]*\}/g) : null;
  return parts ? `SQL ${parts.join(' ')}` : 'SQL';
}

/** The characters a comment or string can start with, by the languages' comment syntax (see splitCode). */
const HASH_OPENERS = /["'`#]/g;
const DASH_OPENERS = /["'`/-]/g;
const SLASH_OPENERS = /["'`/]/g;

/**
 * The code units of s in a typed array reused by every call (the lexer is synchronous and keeps nothing of it),
 * followed by two zeros: reading them is cheaper than charCodeAt.
 */
function codeUnits(s: string): Uint16Array {
  if (unitsScratch.length < s.length + 2) {
    bytesScratch = Buffer.alloc(Math.max(s.length + 2, 2 * unitsScratch.length, 4096) * 2);
    unitsScratch = new Uint16Array(bytesScratch.buffer, bytesScratch.byteOffset, bytesScratch.length >> 1);
  }
  bytesScratch.write(s, 0, 'utf16le');
  unitsScratch[s.length] = 0;
  unitsScratch[s.length + 1] = 0;
  return unitsScratch;
}
let bytesScratch = Buffer.alloc(0);
let unitsScratch = new Uint16Array(0);

/** The line breaks of s[from, to), as a string. */
function newlines(s: string, from: number, to: number): string {
  let k = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) k++;
  return k ? '\n'.repeat(k) : '';
}

/**
 * A line that is code, whatever the language: it ends a statement or block (";", "{", "}"), opens one after a
 * keyword, assigns, calls, ends in a call, or is a comment. Case-sensitive: "Return the answer" and "If n is odd"
 * are sentences.
 */
const CODE_LINE =
  /[;{}]\s*$|^\s*(def|class|import|from|return|if|elif|else|for|while|function|const|let|var|public|private|protected|static|package|func|fn|struct|enum|using|namespace|try|catch|switch|case|select|SELECT|with|#include|#define|@\w+)\b|^\s*(#|\/\/|\/\*|\*|--|<\/?[a-z])|=>|^\s*[\w.[\]]+\s*[-+*/]?=[^=]|^\s*[\w.$]+\(|[\w\]]\([^()]*\)\s*:?\s*$/;
/** A line only code has: a definition, an import, a docstring's quotes. One is enough to say the selection is code. */
const DEFINITION_LINE =
  /^\s*(def|class|import|function|func|fn|public|private|protected|static|struct|interface|package|module|#include|#import|using)\b|"""|'''/;
/**
 * A line of displayed mathematics, as Project Euler and olympiad statements typeset it: a TeX display ("$$...$$",
 * "\\begin{align}", a row ending in "\\\\"), or digits and operators only (a number's digits, "1, 3, 6, 10").
 */
const MATH_LINE = /^\s*(\$\$|\\\[|\\\])|\\\\\s*$|^[\s,.;:+\-*/^=()]*\d[\d\s,.;:+\-*/^=()]*$/;
/** A statement's example heading ("Example 1:", "Sample Input"), and the section that ends its examples. */
const EXAMPLE_HEADING = /^\s*(examples?\s*\d*\s*(:|$)|sample (input|output))/i;
const EXAMPLES_END = /^\s*(constraints|notes?|follow[- ]?up|hints?)\b/i;
const TEX_BEGIN = /\\begin\{/;
const TEX_END = /\\end\{/;
/** An inline TeX span ("$a^2 + b^2$"). */
const TEX_SPAN = /\$[^$\n]{1,80}\$/g;
/** A line with each inline TeX span as one word ("What is the $10\\,001$st prime?"), for the line tests below. */
const texAsWord = (line: string): string => (line.includes('$') ? line.replace(TEX_SPAN, 'x') : line);
/** String literals and a trailing comment, blanked before a line is read for sentences. */
const QUOTED_SPANS = /"[^"\n]*"|'[^'\n]*'|`[^`\n]*`/g;
const TRAILING_COMMENT = /\s(#|\/\/)\s.*$/;
/** Six or more words in a row, as in a sentence (code rarely runs that many bare words together). */
const SENTENCE_RUN = /(?:[A-Za-z][\w'’-]*[,:;.]?[ \t]+){5,}[A-Za-z]/;
/**
 * Languages whose code reads like words ("SELECT name FROM users WHERE ...") and data formats whose values may be
 * sentences: their selections are never taken for pasted prose.
 */
const WORDY_CODE =
  /^(sql|shellscript|bat|powershell|makefile|dockerfile|ini|properties|yaml|toml|cobol|json|jsonc|jsonl|xml|html|csv|log|diff)$/;

/**
 * Whether one of the text's first three non-blank lines runs like a sentence (SENTENCE_RUN, inline TeX as a word),
 * and none is a definition: a cheap first test of a block before isProse reads its lines (a fenced log or listing
 * rarely opens with one; a statement may open with its title).
 */
export function opensWithSentence(text: string): boolean {
  let seen = 0;
  for (let from = 0; from < text.length && seen < 3;) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to);
    from = to + 1;
    if (!line.trim()) continue;
    seen++;
    if (DEFINITION_LINE.test(line)) return false;
    if (SENTENCE_RUN.test(texAsWord(line).replace(QUOTED_SPANS, '""'))) return true;
  }
  return false;
}

/**
 * Whether the request's selection is prose the user pasted (a problem statement, a ticket), not code. In a prose
 * language, always; in a code file (a statement pasted into solution.py, a ticket into a scratch .js), when at least
 * two and a fifth of its first 40 non-blank lines run like sentences (a statement's examples and limits do not; of
 * two lines, one: a task and its limits), none is a definition and at most one in seven is code.
 */
export function isProse(languageId: string, selection: string): boolean {
  if (/^(plaintext|markdown|text|mdx|restructuredtext|asciidoc|git-commit)$/.test(languageId)) return true;
  if (WORDY_CODE.test(languageId)) return false;
  let lines = 0;
  let sentences = 0;
  let code = 0;
  let display = false;
  let example = false;
  for (let from = 0; from < selection.length && lines < 40;) {
    let to = selection.indexOf('\n', from);
    if (to < 0) to = selection.length;
    const line = selection.slice(from, to);
    from = to + 1;
    if (!line.trim()) continue;
    lines++;
    if (DEFINITION_LINE.test(line)) return false;
    // An example's heading ("Input: nums = [1,2]", "Output: 4") is a statement's structure, neither code nor prose;
    // so are a mathematical statement's displayed formulas (a TeX environment's rows too) and blocks of digits.
    const tex = line.includes('\\');
    const opens = tex && TEX_BEGIN.test(line);
    const closes = tex && TEX_END.test(line);
    const inDisplay = display || opens || closes;
    if (opens || closes) display = opens && !closes;
    if (inDisplay || EXAMPLE_LINE.test(line) || MATH_LINE.test(line)) {
      // From a statement's "Example 1:" to its "Constraints:" the lines are examples.
      if (EXAMPLE_HEADING.test(line)) example = true;
      lines--;
      continue;
    }
    if (example && EXAMPLES_END.test(line)) example = false;
    // A line that runs like a sentence outside its quotes and trailing comment is prose even with an "=" in it
    // ("i = 0 and j = 1 because the pair is counted"); a string of words in code ("raise Error(\"the value must be
    // set\")") is not.
    // Inline TeX ("What is the $10\\,001$st prime?", "$H(5) = 30$.") reads as one word of the sentence around it.
    const words = texAsWord(line);
    if (SENTENCE_RUN.test(words.replace(QUOTED_SPANS, '""').replace(TRAILING_COMMENT, ''))) sentences++;
    else if (example) {
      // An example's worked lines ("arr = [1,2,3],", "myCalendar.book(10, 20); // return True") are its data.
      lines--;
    } else if (CODE_LINE.test(words)) {
      // Past one line in seven (or two in the first seven) it cannot be prose: stop reading.
      if (++code * 7 > Math.max(lines, 7)) return false;
    }
  }
  return sentences >= Math.min(2, lines - 1) && sentences * 5 >= lines && code * 7 <= lines;
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  amp: '&',
  nbsp: ' ',
  quot: '"',
  '#39': "'",
  '#x27': "'",
};
/**
 * A power of ten whose caret was lost ("10<sup>5</sup>" scraped to "105"): 10^3 to 10^18, not followed by more of
 * a number. Read back only next to a comparison that makes it a limit (see flatPower).
 */
const FLAT_POWER = /10([3-9]|1[0-8])(?![\d.,^])/g;
/** What may stand between a "<" or "<=" and the limit: a sign, a coefficient ("2 * 105"). */
const BEFORE_LIMIT = /<=?\s*-?\s*(?:\d+(?:\.\d+)?\s*[*x×·]\s*)?$/;

/** FLAT_POWER's replacement: 10^k where a comparison names it as a limit ("<= 105", "-109 <="), else as written. */
function flatPower(m: string, k: string, at: number, t: string): string {
  const before = t.charCodeAt(at - 1);
  const lower =
    !(at > 0 && (isWordCode(before) || before === 46 || before === 94)) &&
    /^\s*</.test(t.slice(at + m.length, at + m.length + 4));
  return lower || BEFORE_LIMIT.test(t.slice(Math.max(0, at - 24), at)) ? `10^${k}` : m;
}

/**
 * Whether the text holds a superscript digit. ¹²³ are Latin-1 and the others U+2070-2079: a text of Latin-1 alone
 * (most statements) cannot hold those, which includes() knows at once, while the regex still reads every character
 * (0.2 us against 1.9 us on 3,000 characters).
 */
function hasSuperscript(t: string): boolean {
  return t.includes('¹') || t.includes('²') || t.includes('³') || /[⁰⁴-⁹]/.test(t);
}

/**
 * A statement as scraped from a judge's page, in the notation the readers know: HTML tags and entities as text and
 * line breaks, a <pre> block as a fenced one ("1 &lt;= n &lt;= 10<sup>5</sup>"), superscript digits as powers
 * ("10⁵"), "**" as "^", ≤ and ≥ as <= and >=, and powers of ten whose caret a scrape dropped ("1 <= n <= 105",
 * "-109 <= nums[i] <= 109") read back as powers where a comparison names them as a limit. Text with none of these
 * comes back as it is.
 */
export function plainNotation(text: string): string {
  // Each step first looks for a character its pattern needs (includes() is far cheaper than a regex pass): a statement
  // in plain notation ("1 <= n <= 10^5") costs a few of those and the one lost-caret search.
  let t = text;
  // HTML only when it closes a tag or breaks a line: a statement may name "<pre>" as a placeholder of its own.
  if (
    (t.includes('</') || t.includes('<br')) &&
    /<\/(p|pre|code|div|li|ul|ol|sup|strong|em|b|i|span|h[1-6])>|<br\s*\/?>/i.test(t)
  )
    t = t
      // A <pre> block is a fenced block, so the masking that reads fences masks it the same way.
      .replace(/<pre\b[^>]*>\s*(<code\b[^>]*>)?/gi, '\n```\n')
      .replace(/(<\/code>\s*)?<\/pre>/gi, '\n```\n')
      .replace(/<sup>\s*(-?\d+)\s*<\/sup>/gi, '^$1')
      .replace(/<\/?(p|div|br|li|ul|ol|pre|h[1-6]|tr|table|blockquote)\b[^>]*>/gi, '\n')
      .replace(/<\/?(code|strong|em|b|i|span|sub|sup|font|a|img|tt|var|u|kbd|samp)\b[^>]*>/gi, '');
  if (t.includes('&') && t.includes(';'))
    t = t.replace(/&(lt|gt|le|ge|amp|nbsp|quot|#39|#x27);/g, (_, e: string) => ENTITIES[e]);
  if (hasSuperscript(t))
    t = t.replace(
      /(\d)\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g,
      (_, d: string, s: string) => `${d}^${[...s].map((c) => SUPERSCRIPTS.indexOf(c)).join('')}`,
    );
  if (t.includes('≤') || t.includes('≥')) t = t.replace(/≤/g, '<=').replace(/≥/g, '>=');
  if (t.includes('**')) t = t.replace(/(\d)\s*\*\*\s*(\d)/g, '$1^$2');
  if (t.includes('<')) t = t.replace(FLAT_POWER, flatPower);
  return t;
}

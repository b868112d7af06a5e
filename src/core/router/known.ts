// Well-known hard problems named in a request: "how do I solve Median of Two Sorted Arrays in python?", "LeetCode
// 42", "Project Euler problem 224", or a statement pasted under its title. A name says how hard the task is as
// surely as its constraints do, and a request that gives only the name has nothing else to read. The table
// (known-problems.json, rebuilt by scripts/buildKnownProblems.ts) holds the problems each site rates hard: LeetCode
// "Hard" and Project Euler >= 30%, the bands test/data/external labels reasoner-only.
import table from './known-problems.json';

export interface NamedProblem {
  site: 'LeetCode' | 'Project Euler';
  id: number;
  title?: string;
}

interface Title {
  id: number;
  title: string;
  /** Normalised words (see words()). */
  words: string[];
  /** An easier problem whose title holds a hard one's ("Valid Word Abbreviation"): it hides that match. */
  blocker?: boolean;
}

interface Index {
  /** Titles of two or more words by their first two; one-word titles by their word. */
  byStart: Map<string, Title[]>;
  /** The first words of every title, to pass over the others quickly. */
  firstWords: Set<string>;
  /** Hard titles by their words joined with one space, for a line that is a title alone. */
  byTitle: Map<string, Title>;
  leetcode: Map<number, Title>;
  euler: Set<number>;
}

let index: Index | undefined;

/** Builds the index now (prepareRouter() calls this; otherwise the first lookup does). */
export function prepareKnownProblems(): void {
  index ??= build();
}

function build(): Index {
  const byStart = new Map<string, Title[]>();
  const firstWords = new Set<string>();
  const byTitle = new Map<string, Title>();
  const leetcode = new Map<number, Title>();
  const add = (t: Title): void => {
    if (!t.words.length) return;
    firstWords.add(t.words[0]);
    if (!t.blocker) {
      // A one-word title alone on a line ("Candy") is too common a line to be a heading; numbered, it is one.
      if (t.words.length > 1) byTitle.set(t.words.join(' '), t);
      byTitle.set(`${t.id} ${t.words.join(' ')}`, t);
    }
    const key = t.words.length > 1 ? `${t.words[0]} ${t.words[1]}` : t.words[0];
    const list = byStart.get(key);
    if (list) list.push(t);
    else byStart.set(key, [t]);
  };
  for (const line of table.leetcodeHard) {
    const bar = line.indexOf('|');
    const t: Title = { id: Number(line.slice(0, bar)), title: line.slice(bar + 1), words: words(line.slice(bar + 1)) };
    leetcode.set(t.id, t);
    add(t);
  }
  for (const title of table.leetcodeBlockers) add({ id: 0, title, words: words(title), blocker: true });
  // Longest first, so "N-Queens II" is read before the "N-Queens" it starts with.
  for (const list of byStart.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { byStart, firstWords, byTitle, leetcode, euler: new Set(table.eulerHard) };
}

/** Lower-cased words of letters and digits: "N-Queens II" and "n queens ii" read the same. */
function words(s: string): string[] {
  return s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** How much of the instruction, and of a pasted statement or stub comment, a name is looked for in. */
export const NAMED_SCAN_CHARS = 300;

const LEETCODE_WORD = /\bleet ?code\b|\blc ?#?\d/i;
const MAY_NAME_LEETCODE = /leet|\blc\b/i;
const MAY_NAME_EULER = /euler/i;
const LEETCODE_ID = /\b(?:leet ?code|lc)(?:\s*(?:problem|question|no\.?|number))?[\s#:.-]*#?(\d{1,4})\b/i;
// "euler224" (a function's name) is not read: a separator must follow the word.
const EULER_ID = /\b(?:project )?euler(?:'s)?(?:\s*(?:problem|no\.?|number))?[\s#:.-]+#?(\d{1,3})\b/i;
/** Words that say the user wants the named thing solved, not just mentioned. */
const SOLVING =
  /\b(solve|solving|solved|solution|solutions|approach|algorithm|implement|implementing|problem|question|exercise|puzzle|challenge)\b/i;

/** Strings in double quotes or backticks: example data ("s = \"lEeTcOdE\"") that names nothing. (Not single quotes:
 * "what's the trick to LeetCode 42? it's ..." holds two apostrophes.) */
const QUOTED = /"[^"\n]*"|`[^`\n]*`/g;

/**
 * The hard problem a request names, if any. `instruction` is what the user typed; `spec` a statement pasted or
 * selected with it, or the comments of a stub it asks to implement.
 *
 * A title counts when it is numbered ("42. Trapping Rain Water") or on a line of its own (a statement's heading). On
 * the instruction's first line, where a request names what it is about, it also counts when the request says it is
 * a LeetCode problem, or asks for it to be solved and the title is long enough not to be an ordinary phrase: three or
 * more words, or two written as the title is ("Sudoku Solver", not "a sudoku solver"). One-word titles ("Candy")
 * need the site or the number. A title met inside a statement's sentences is the statement's wording ("return the
 * length of the longest valid substring"), never a name; so is "leetcode" in quotes (example data).
 */
export function namedHardProblem(instruction: string, spec: string): NamedProblem | undefined {
  const ix = (index ??= build());
  const text = spec ? `${instruction}\n${spec}` : instruction;
  let onLeetcode = false;
  if (MAY_NAME_LEETCODE.test(text)) {
    const unquoted = text.replace(QUOTED, ' ');
    onLeetcode = LEETCODE_WORD.test(unquoted);
    const id = onLeetcode ? LEETCODE_ID.exec(unquoted) : null;
    const t = id && ix.leetcode.get(Number(id[1]));
    if (t) return { site: 'LeetCode', id: t.id, title: t.title };
  }
  const pe = MAY_NAME_EULER.test(text) ? EULER_ID.exec(text) : null;
  if (pe && ix.euler.has(Number(pe[1]))) return { site: 'Project Euler', id: Number(pe[1]) };
  // The instruction's first line: where a request says what it is about.
  const nl = instruction.indexOf('\n');
  const first = nl < 0 ? instruction : instruction.slice(0, nl);
  const solving = SOLVING.test(first);
  const t =
    solving || onLeetcode
      ? scanLine(ix, first, solving, onLeetcode)
      : first.length <= MAX_HEADING_CHARS
        ? heading(ix, first, 0, first.length)
        : numbered(ix, first);
  if (t) return t;
  // Every other line: a heading (the title alone, perhaps numbered), a numbered title, or a line naming the site
  // ("Trapping Rain Water - LeetCode", as a page's title is copied).
  return (
    (nl < 0 ? undefined : otherLines(ix, instruction, nl + 1, onLeetcode)) ??
    (spec ? otherLines(ix, spec, 0, onLeetcode) : undefined)
  );
}

function otherLines(ix: Index, text: string, start: number, onLeetcode: boolean): NamedProblem | undefined {
  for (let from = start; from < text.length;) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const short = to - from <= MAX_HEADING_CHARS;
    const t = short ? heading(ix, text, from, to) : numbered(ix, text.slice(from, to));
    if (t) return t;
    if (onLeetcode && short) {
      const line = text.slice(from, to);
      const site = LEETCODE_WORD.test(line.replace(QUOTED, ' ')) ? scanLine(ix, line, false, true) : undefined;
      if (site) return site;
    }
    from = to + 1;
  }
  return undefined;
}

/** text[from, to) as a title alone, perhaps numbered ("42. Trapping Rain Water"), or holding a numbered title. */
function heading(ix: Index, text: string, from: number, to: number): NamedProblem | undefined {
  const digits = mayStartTitle(ix, text, from, to);
  if (digits === undefined) return undefined;
  const line = text.slice(from, to);
  const t = ix.byTitle.get(words(line).join(' '));
  if (t) return { site: 'LeetCode', id: t.id, title: t.title };
  return digits ? numbered(ix, line) : undefined;
}

/** A hard problem's number followed by its title ("see 42. Trapping Rain Water"). */
function numbered(ix: Index, line: string): NamedProblem | undefined {
  if (!DIGIT.test(line)) return undefined;
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(line); m; m = NUMBER.exec(line)) {
    const t = ix.leetcode.get(Number(m[1]));
    if (!t) continue;
    const w = words(line.slice(NUMBER.lastIndex, NUMBER.lastIndex + t.title.length + 8));
    if (startsAt(w, 0, t.words)) return { site: 'LeetCode', id: t.id, title: t.title };
  }
  return undefined;
}

const NUMBER = /\b(\d{1,4})\b[.:)]?\s*(?=[A-Za-z])/g;

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);

/**
 * Whether the line text[from, to) may be a heading: undefined when, past a comment marker and a number, it does not
 * start with a word some title starts with (most lines of a statement, passed over without being split into words);
 * else whether it holds a digit (a number, for numbered()).
 */
function mayStartTitle(ix: Index, text: string, from: number, to: number): boolean | undefined {
  let i = from;
  while (i < to && !isAlnum(text.charCodeAt(i))) i++;
  let digits = false;
  if (i < to && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
    digits = true;
    while (i < to && isAlnum(text.charCodeAt(i))) i++;
    while (i < to && !isAlnum(text.charCodeAt(i))) i++;
  }
  let j = i;
  while (j < to && isAlnum(text.charCodeAt(j))) j++;
  if (j === i || !ix.firstWords.has(text.slice(i, j).toLowerCase())) return undefined;
  return digits || DIGIT.test(text.slice(j, to));
}

/** A line that is no longer than the longest title with its number and a comment marker can be a heading. */
const MAX_HEADING_CHARS = 120;
const DIGIT = /\d/;

/** The hard title named on the instruction's first line, if any (see namedHardProblem for which mentions count). */
function scanLine(ix: Index, line: string, solving: boolean, onLeetcode: boolean): NamedProblem | undefined {
  const w = words(line);
  const hard: Array<{ t: Title; at: number }> = [];
  let blocked: Array<{ from: number; to: number }> | undefined;
  for (let i = 0; i < w.length; i++) {
    if (!ix.firstWords.has(w[i])) continue;
    const longer = i + 1 < w.length ? ix.byStart.get(`${w[i]} ${w[i + 1]}`) : undefined;
    const single = ix.byStart.get(w[i]);
    for (const list of [longer, single]) {
      if (!list) continue;
      for (const t of list) {
        if (!startsAt(w, i, t.words)) continue;
        if (t.blocker) {
          (blocked ??= []).push({ from: i, to: i + t.words.length });
          continue;
        }
        const numbered = i > 0 && Number(w[i - 1]) === t.id;
        const heading = i - (numbered ? 1 : 0) === 0 && i + t.words.length === w.length && t.words.length > 1;
        const asked = solving && (t.words.length >= 3 || (t.words.length === 2 && line.includes(t.title)));
        if (numbered || heading || onLeetcode || asked) hard.push({ t, at: i });
      }
    }
  }
  // A blocker starts where its hard title does or before it, so all are known once the line is read.
  const found = hard.find(({ t, at }) => !blocked?.some((b) => b.from <= at && b.to >= at + t.words.length));
  return found && { site: 'LeetCode', id: found.t.id, title: found.t.title };
}

function startsAt(w: string[], i: number, title: string[]): boolean {
  if (i + title.length > w.length) return false;
  for (let k = 0; k < title.length; k++) if (w[i + k] !== title[k]) return false;
  return true;
}

/** The problem in words, for a reason: "a problem LeetCode rates Hard (4. Median of Two Sorted Arrays)". */
export function describeNamed(p: NamedProblem): string {
  return p.site === 'LeetCode'
    ? `a problem LeetCode rates Hard (${p.id}. ${p.title})`
    : `a problem Project Euler rates 30% or harder (problem ${p.id})`;
}

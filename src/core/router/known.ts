// Well-known problems named in a request: "how do I solve Median of Two Sorted Arrays in python?", "LeetCode 42",
// "Project Euler problem 224", or a statement pasted under its title. A name says how hard the task is as surely as
// its constraints do, and a request that gives only the name has nothing else to read. The table (known-problems.json,
// rebuilt by scripts/buildKnownProblems.ts) holds the problems each site rates hard (LeetCode Hard, Project Euler >=
// 30%) or easy (LeetCode Easy, Project Euler 5%): the bands test/data/external labels reasoner-only and never-reasoner.
// The table also holds the method each LeetCode stub declares ("maxIncreasingCells"), which names the problem of a
// solution selected with no words about it (stubProblem). AtCoder needs no table: a task's id says where it stands
// in its contest ("abc300_g"), and the contests' format orders the problems by difficulty (see atcoderBand). And it
// holds fingerprints of the statements of LeetCode's, Project Euler's and Codeforces' (rated 2100+ or 1200-) hard and
// easy problems, by which a statement pasted without its name is recognised (statementProblem); the Codeforces ones
// are listed with their ids, which name them too ("CF 1924E").
import table from './known-problems.json';
import { STATEMENT_PRINTS } from './known-statements';
import { isWordCode } from './prefilter';

export type Band = 'Hard' | 'Easy';

export interface NamedProblem {
  site: 'LeetCode' | 'Project Euler' | 'AtCoder' | 'Codeforces' | 'USACO' | 'Olympiad';
  /** The problem's number; for AtCoder and Codeforces, the contest's. */
  id: number;
  title?: string;
  /** AtCoder's task id ("abc300_g"), Codeforces' problem id ("1924E"). */
  task?: string;
  /**
   * Where in a contest's levels the problem stands, when the request names that and not the problem: a Codeforces
   * division and letter ("Div. 2 E"), a USACO division ("Gold"), an olympiad ("IOI"). id is then 0.
   */
  level?: string;
  /** Other problems of the band whose stubs declare the same method ("isMatch": 10 and 44), or open alike. */
  alternatives?: number[];
  band: Band;
  /** 'statement': recognised by its statement's words (statementProblem), not named. */
  by?: 'statement';
}

interface Title {
  id: number;
  title: string;
  /** Normalised words (see words()). */
  words: string[];
  /** Medium: a title kept only because it holds an Easy or Hard one ("Two Sum II - ..."), to hide that match. */
  band: Band | 'Medium';
}

interface Index {
  /** Titles of two or more words by their first two; one-word titles by their word. */
  byStart: Map<string, Title[]>;
  /** The first words of every title, to pass over the others quickly. */
  firstWords: Set<string>;
  /** The one-word titles. */
  singles: Set<string>;
  /** Easy and Hard titles by their words joined with one space, for a line that is a title alone. */
  byTitle: Map<string, Title>;
  /** Easy and Hard problems by number. */
  leetcode: Map<number, Title>;
  euler: Map<number, Band>;
  /** Codeforces' Easy and Hard problems by id ("1924E"), upper-cased. */
  codeforces: Map<string, Band>;
  /** Hard and Easy problems by the method their stub declares, lower-cased (several ids: one band). */
  methods: Map<string, { band: Band; ids: number[] }>;
  /** Hard and Easy problems by the fingerprints of their statements' opening words (see statementProblem). */
  statements: Prints;
}

interface Statement {
  site: 'LeetCode' | 'Project Euler' | 'Codeforces';
  band: Band;
  /** Problem numbers; Codeforces' problem ids ("1924E"). */
  ids: string[];
}

let index: Index | undefined;

/** Builds the index now (prepareRouter() calls this; otherwise the first lookup does). */
export function prepareKnownProblems(): void {
  index ??= build();
}

function build(): Index {
  const byStart = new Map<string, Title[]>();
  const firstWords = new Set<string>();
  const singles = new Set<string>();
  const byTitle = new Map<string, Title>();
  const leetcode = new Map<number, Title>();
  const add = (t: Title): void => {
    if (!t.words.length) return;
    firstWords.add(t.words[0]);
    if (t.words.length === 1) singles.add(t.words[0]);
    if (t.band !== 'Medium') {
      leetcode.set(t.id, t);
      // A one-word title alone on a line ("Candy") is too common a line to be a heading; numbered, it is one.
      if (t.words.length > 1) byTitle.set(t.words.join(' '), t);
      byTitle.set(`${t.id} ${t.words.join(' ')}`, t);
    }
    const key = t.words.length > 1 ? `${t.words[0]} ${t.words[1]}` : t.words[0];
    const list = byStart.get(key);
    if (list) list.push(t);
    else byStart.set(key, [t]);
  };
  for (const [band, id, title] of banded(table.leetcodeHard, table.leetcodeEasy))
    add({ id: Number(id), title, words: words(title), band });
  for (const title of table.leetcodeBlockers) add({ id: 0, title, words: words(title), band: 'Medium' });
  // Longest first, so "N-Queens II" is read before the "N-Queens" it starts with.
  for (const list of byStart.values()) list.sort((a, b) => b.words.length - a.words.length);
  const euler = new Map<number, Band>();
  for (const id of table.eulerHard) euler.set(id, 'Hard');
  for (const id of table.eulerEasy) euler.set(id, 'Easy');
  const methods = new Map<string, { band: Band; ids: number[] }>();
  for (const [band, name, ids] of banded(table.leetcodeHardMethods, table.leetcodeEasyMethods))
    methods.set(name, { band, ids: ids.split(',').map(Number) });
  const byPrint = new Map<string, Statement>();
  const codeforces = new Map<string, Band>();
  const SITES: Record<string, Statement['site']> = {
    leetcode: 'LeetCode',
    euler: 'Project Euler',
    codeforces: 'Codeforces',
  };
  let site: Statement['site'] = 'LeetCode';
  let band: Band = 'Hard';
  for (const line of STATEMENT_PRINTS.split('\n')) {
    if (line.startsWith('# ')) {
      const [, name, b] = line.split(' ');
      site = SITES[name];
      band = b as Band;
      continue;
    }
    const bar = line.indexOf('|');
    if (bar < 0) continue;
    const id = line.slice(0, bar);
    if (site === 'Codeforces') codeforces.set(id, band);
    // A Codeforces problem may be listed by its id alone ("1924E|"): its opening reads like another band's.
    if (bar === line.length - 1) continue;
    for (const print of line.slice(bar + 1).split(' ')) {
      const seen = byPrint.get(print);
      if (seen) seen.ids.push(id);
      else byPrint.set(print, { site, band, ids: [id] });
    }
  }
  return {
    byStart,
    firstWords,
    singles,
    byTitle,
    leetcode,
    euler,
    codeforces,
    methods,
    statements: filePrints(byPrint),
  };
}

/** The table's "key|value" lines of each band: "42|Trapping Rain Water", "ismatch|10,44". */
function* banded(hard: readonly string[], easy: readonly string[]): Generator<[Band, string, string]> {
  for (const [band, lines] of [
    ['Hard', hard],
    ['Easy', easy],
  ] as const)
    for (const line of lines) {
      const bar = line.indexOf('|');
      yield [band, line.slice(0, bar), line.slice(bar + 1)];
    }
}

/**
 * Lower-cased words of letters and digits: "N-Queens II" and "n queens ii" read the same. A small number is read as
 * its digit, however it is written: "Median of 2 Sorted Arrays", "Trapping Rain Water 2" and "Best Time to Buy and
 * Sell Stock 3" name the titles that spell them "Two", "II" and "III". ("One" is not read: it is more often a pronoun.)
 */
function words(s: string): string[] {
  const w = s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  for (let i = 0; i < w.length; i++) w[i] = numeral(w[i]);
  return w;
}

const numeral = (w: string): string => NUMERALS.get(w) ?? w;

const NUMERALS: ReadonlyMap<string, string> = new Map([
  ['two', '2'],
  ['three', '3'],
  ['four', '4'],
  ['ii', '2'],
  ['iii', '3'],
  ['iv', '4'],
]);

/** How much of the instruction, and of a pasted statement or stub comment, a name is looked for in. */
export const NAMED_SCAN_CHARS = 300;

const LEETCODE_WORD = /\bleet ?code\b|\blc ?#?\d/i;
/** Whether a text may name a site at all (one pass; most requests do not). */
const MAY_NAME_SITE =
  /leet|\blc\b|euler|\ba[bgr]c ?\d|codeforces|\bcf ?\d|usaco|\bdiv|\bioi\b|apio|ceoi|world finals|spring camp/i;
const LEETCODE_ID = /\b(?:leet ?code|lc)(?:\s*(?:problem|question|no\.?|number))?[\s#:.-]*#?(\d{1,4})\b(?!-\w)/i;
// "euler224" (a function's name) is not read: a separator must follow the word.
const EULER_ID = /\b(?:project )?euler(?:'s)?(?:\s*(?:problem|no\.?|number))?[\s#:.-]+#?(\d{1,3})\b/i;
/**
 * An AtCoder task: its id as the site writes it ("abc300_g", "agc066_b"), or, where the request names AtCoder or
 * asks for a solution, as people write it ("ABC 300 G", "how do I solve ARC175 D?"). The contest's kind, its number
 * and the problem's letter ("ex" for the last problem of some ABCs).
 */
const ATCODER_TASK = /\b(abc|arc|agc)(\d{3})_(ex|[a-h])\b/i;
const ATCODER_WORD = /\batcoder\b/i;
const ATCODER_LOOSE = /\b(abc|arc|agc) ?(\d{3})[ _-]?(ex|[a-h])\b/i;

/**
 * Where an AtCoder task stands, by the contests' format: a Beginner Contest opens with problems for beginners (A to
 * C) and closes with its hardest (G, and H or Ex, set since ABC 212); a Regular Contest's D and later and a Grand
 * Contest's B and later are for strong competitors. The middle (ABC D to F, ARC A to C, AGC A) is left to the
 * request's other evidence: those problems range from routine to hard.
 */
function atcoderBand(contest: string, letter: string): Band | undefined {
  if (contest === 'abc') return letter <= 'c' ? 'Easy' : letter >= 'g' || letter === 'ex' ? 'Hard' : undefined;
  if (contest === 'arc') return letter >= 'd' && letter !== 'ex' ? 'Hard' : undefined;
  return letter >= 'b' && letter !== 'ex' ? 'Hard' : undefined;
}

function atcoderIn(text: string): NamedProblem | undefined {
  const m =
    ATCODER_TASK.exec(text) ?? (ATCODER_WORD.test(text) || SOLVING.test(text) ? ATCODER_LOOSE.exec(text) : null);
  if (!m) return undefined;
  const contest = m[1].toLowerCase();
  const letter = m[3].toLowerCase();
  const band = atcoderBand(contest, letter);
  return band && { site: 'AtCoder', id: Number(m[2]), task: `${contest}${m[2]}_${letter}`, band };
}

/**
 * A Codeforces problem: its page ("codeforces.com/problemset/problem/1924/E", ".../contest/1924/problem/E"), its id
 * after the site's name ("Codeforces 1924E", "CF1924 E", "cf 1761F1"), or, where the request names Codeforces and asks
 * for a solution, its id as the site writes it, with a capital letter ("my solution to 1924E on codeforces"). Not
 * "cf." (confer).
 */
const CODEFORCES_URL = /\bcodeforces\.com\/(?:problemset\/problem|contest)\/(\d{1,4})\/(?:problem\/)?([a-j][12]?)\b/i;
const CODEFORCES_ID = /\b(?:codeforces|cf(?!\.))(?:\s*(?:problem|no\.?|#))?[\s#:.-]*(\d{1,4}) ?[-_]? ?([a-j][12]?)\b/i;
const CODEFORCES_WORD = /\bcodeforces\b/i;
const CODEFORCES_LOOSE = /\b(\d{3,4}) ?([A-J][12]?)\b/;

function codeforcesIn(ix: Index, text: string): NamedProblem | undefined {
  const m =
    CODEFORCES_URL.exec(text) ??
    CODEFORCES_ID.exec(text) ??
    (CODEFORCES_WORD.test(text) && SOLVING.test(text) ? CODEFORCES_LOOSE.exec(text) : null);
  if (!m) return undefined;
  const task = `${m[1]}${m[2].toUpperCase()}`;
  const band = ix.codeforces.get(task);
  return band && { site: 'Codeforces', id: Number(m[1]), task, band };
}

/**
 * A contest's level named in place of the problem: "Codeforces Round 900 (Div. 2) E", "div2 E", "problem C of Div.
 * 1"; "USACO 2019 December Gold"; "IOI 2011", "ICPC World Finals". A division needs words of a contest near it (not
 * HTML's div); an olympiad, a year or a request to solve it.
 */
const CONTEST_WORD = /\b(codeforces|cf|round|contest)\b/i;
const DIVISION = /\bdiv(?:ision)?\.? ?([1-4])\b\)?(?:,? ?(?:problem|task))? ?[-:]? ?([a-h])\b(?!['-])/i;
const DIVISION_AFTER = /\b(?:problem|task) ([a-h])\b[^.\n]{0,40}?\bdiv(?:ision)?\.? ?([1-4])\b/i;
const USACO =
  /\busaco\b[^\n]{0,60}?\b(bronze|silver|gold|platinum)\b|\b(bronze|silver|gold|platinum)\b[^\n]{0,20}?\busaco\b/i;
const OLYMPIAD = /\b(ioi|apio|ceoi|icpc world finals|joi spring camp)\b/i;
const OLYMPIAD_NAMES: Record<string, string> = {
  ioi: 'IOI',
  apio: 'APIO',
  ceoi: 'CEOI',
  'icpc world finals': 'ICPC World Finals',
  'joi spring camp': 'JOI Spring Camp',
};
const YEAR = /\b(19[89]\d|20[0-4]\d)\b/;

/**
 * Where a division's problems stand, from Codeforces' ratings of them: a Div. 1 round's C and later, a Div. 2
 * round's E and later and a Div. 3 round's F and later are rated 2100 or harder as a rule; a Div. 2 round's A and B,
 * a Div. 3 round's A to C and a Div. 4 round's A to D 1200 or easier. The rest is left to the other evidence.
 */
function divisionBand(division: string, letter: string): Band | undefined {
  if (division === '1') return letter >= 'c' ? 'Hard' : undefined;
  if (division === '2') return letter >= 'e' ? 'Hard' : letter <= 'b' ? 'Easy' : undefined;
  if (division === '3') return letter >= 'f' ? 'Hard' : letter <= 'c' ? 'Easy' : undefined;
  return letter <= 'd' ? 'Easy' : undefined;
}

function levelIn(text: string): NamedProblem | undefined {
  const d = CONTEST_WORD.test(text) ? DIVISION.exec(text) : null;
  const after = d || !CONTEST_WORD.test(text) ? null : DIVISION_AFTER.exec(text);
  if (d || after) {
    const [division, letter] = d ? [d[1], d[2].toLowerCase()] : [after![2], after![1].toLowerCase()];
    const band = divisionBand(division, letter);
    return band && { site: 'Codeforces', id: 0, level: `Div. ${division} ${letter.toUpperCase()}`, band };
  }
  const u = USACO.exec(text);
  if (u) {
    const division = (u[1] ?? u[2]).toLowerCase();
    const band = division === 'bronze' ? 'Easy' : division === 'silver' ? undefined : 'Hard';
    const level = division[0].toUpperCase() + division.slice(1);
    return band && { site: 'USACO', id: 0, level, band };
  }
  const o = OLYMPIAD.exec(text);
  if (o && (YEAR.test(text) || SOLVING.test(text)))
    return { site: 'Olympiad', id: 0, level: OLYMPIAD_NAMES[o[1].toLowerCase()], band: 'Hard' };
  return undefined;
}

/**
 * Words that say the user wants the named thing solved, not just mentioned: "how do I solve…", "hints for…", "stuck
 * on…". Not "efficiently" or "in Java": "a sliding window median in pandas, efficiently" is a developer's question.
 */
const SOLVING =
  /\b(solve|solving|solved|solution|solutions|approach|algorithm|implement|implementing|problem|question|exercise|puzzle|challenge|hints?|editorial|intuition|stuck on|tackle)\b/i;

/** Strings in double quotes or backticks: example data ("s = \"lEeTcOdE\"") that names nothing. (Not single quotes:
 * "what's the trick to LeetCode 42? it's ..." holds two apostrophes.) */
const QUOTED = /"[^"\n]*"|`[^`\n]*`/g;

/**
 * The Easy or Hard problem a request names, if any. `instruction` is what the user typed; `spec` a statement pasted
 * or selected with it, or the comments of a stub it asks to implement.
 *
 * A title counts when it is numbered ("42. Trapping Rain Water") or on a line of its own (a statement's heading). On
 * the instruction's first line, where a request names what it is about, it also counts when the request says it is
 * a LeetCode problem, or asks for it to be solved and the title is long enough not to be an ordinary phrase: for a
 * Hard one three or more words, or two written as the title is ("Sudoku Solver", not "a sudoku solver"); for an Easy
 * one, which only holds a request back, four or more ("Binary Search" and "Two Sum" are also just words). One-word
 * titles ("Candy") need the site or the number. A title met inside a statement's sentences is the statement's wording
 * ("return the length of the longest valid substring"), never a name; so is "leetcode" in quotes (example data); and
 * a title inside a longer one ("Two Sum" in "Two Sum II - Input Array Is Sorted") is that longer one's.
 */
export function namedProblem(instruction: string, spec: string): NamedProblem | undefined {
  const ix = (index ??= build());
  const text = spec ? `${instruction}\n${spec}` : instruction;
  let onLeetcode = false;
  if (MAY_NAME_SITE.test(text)) {
    const unquoted = text.replace(QUOTED, ' ');
    onLeetcode = LEETCODE_WORD.test(unquoted);
    const id = onLeetcode ? LEETCODE_ID.exec(unquoted) : null;
    const t = id && ix.leetcode.get(Number(id[1]));
    if (t) return named(t);
    const pe = EULER_ID.exec(text);
    const band = pe ? ix.euler.get(Number(pe[1])) : undefined;
    if (band) return { site: 'Project Euler', id: Number(pe![1]), band };
    const atcoder = atcoderIn(unquoted);
    if (atcoder) return atcoder;
    const codeforces = codeforcesIn(ix, unquoted);
    if (codeforces) return codeforces;
    const level = levelIn(unquoted);
    if (level) return level;
  }
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

/** Where a LeetCode stub declares its methods: `class Solution` (Python, Java, C++, C#, Kotlin...), `impl Solution`. */
const SOLUTION_CLASS = /\b(?:class|impl) Solution\b/;
/** How much of a class a stub's method declarations are looked for in. */
const STUB_SCAN_CHARS = 3000;
/**
 * What makes the words before a name a statement, not a declaration: a keyword ("return helper(x)"), an assignment
 * or a member access ("x = helper(x)", "self.helper(x)"). A declaration's line holds only modifiers and a type (or
 * def, fn, fun) before the name.
 */
const NOT_DECLARING =
  /(^|\s)(return|new|throw|await|yield|else|case|delete|print|printf|echo|not|and|or|in|is|if|while|for)\s+$|[=.!"']/;
/** A design problem's class ("class LFUCache {"), and LeetCode's JavaScript stub ("var minWindow = function(s, t)"). */
const DESIGN_CLASS = /\bclass (\w{6,})\b/g;
const JS_STUB = /\bvar (\w{6,}) = function\s*\(/;

/**
 * The names the lines of `body` declare that the table holds: on each line, the word before its first parenthesis,
 * looked up first (most are no problem's method), then read as a declaration (only modifiers and a type before it).
 */
function declarations(body: string, ix: Index, see: (name: string) => void): void {
  let open = -1;
  for (let from = 0; from < body.length;) {
    let to = body.indexOf('\n', from);
    if (to < 0) to = body.length;
    // The next parenthesis, found again only once the lines have passed it.
    if (open < from) open = body.indexOf('(', from);
    if (open < 0) return;
    if (open < to) {
      let e = open;
      while (e > from && body.charCodeAt(e - 1) === 32) e--;
      let b = e;
      while (b > from && isWordCode(body.charCodeAt(b - 1))) b--;
      if (e - b >= 6 && ix.methods.has(body.slice(b, e).toLowerCase())) {
        const before = body.slice(from, b);
        if (before.trim() && !NOT_DECLARING.test(before)) see(body.slice(b, e));
      }
    }
    from = to + 1;
  }
}

/**
 * The Easy or Hard LeetCode problem a solution's code declares: the methods of its `class Solution` (the names are
 * LeetCode's, the same in every language), a design problem's class, or LeetCode's JavaScript stub (Hard only: "var
 * average = function" is as often anyone's code). A Hard problem's method wins over an Easy one's: a solution's
 * helpers are ordinary building blocks ("isPalindrome" in Palindrome Pairs), and the hard names are specific.
 */
export function stubProblem(code: string): NamedProblem | undefined {
  const ix = (index ??= build());
  let hard: { band: Band; ids: number[] } | undefined;
  let easy: { band: Band; ids: number[] } | undefined;
  const see = (name: string, hardOnly = false): void => {
    const m = ix.methods.get(name.toLowerCase());
    if (m?.band === 'Hard') hard ??= m;
    else if (m && !hardOnly) easy ??= m;
  };
  // Each pattern needs a word includes() finds in one fast pass; most selections hold none of them.
  const at = code.includes('Solution') ? code.search(SOLUTION_CLASS) : -1;
  if (at >= 0) declarations(code.slice(at, at + STUB_SCAN_CHARS), ix, see);
  const head = code.slice(0, STUB_SCAN_CHARS + Math.max(0, at));
  if (head.includes('class ')) for (const m of head.matchAll(DESIGN_CLASS)) see(m[1]);
  const js = head.includes(' = function') ? JS_STUB.exec(head) : null;
  if (js) see(js[1], true);
  const found = hard ?? easy;
  if (!found) return undefined;
  const [id, ...alternatives] = found.ids;
  return alternatives.length
    ? { site: 'LeetCode', id, alternatives, band: found.band }
    : { site: 'LeetCode', id, title: ix.leetcode.get(id)?.title, band: found.band };
}

function named(t: Title): NamedProblem | undefined {
  return t.band === 'Medium' ? undefined : { site: 'LeetCode', id: t.id, title: t.title, band: t.band };
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
  if (t) return named(t);
  return digits ? numbered(ix, line) : undefined;
}

/** A problem's number followed by its title ("see 42. Trapping Rain Water"). */
function numbered(ix: Index, line: string): NamedProblem | undefined {
  if (!DIGIT.test(line)) return undefined;
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(line); m; m = NUMBER.exec(line)) {
    const t = ix.leetcode.get(Number(m[1]));
    if (!t) continue;
    const w = words(line.slice(NUMBER.lastIndex, NUMBER.lastIndex + t.title.length + 8));
    if (startsAt(w, 0, t.words)) return named(t);
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
  if (j === i) return undefined;
  const first = numeral(text.slice(i, j).toLowerCase());
  if (!ix.firstWords.has(first)) return undefined;
  // The second word too: a title of two or more words is found by its first two.
  let k = j;
  while (k < to && !isAlnum(text.charCodeAt(k))) k++;
  let e = k;
  while (e < to && isAlnum(text.charCodeAt(e))) e++;
  if (
    e === k
      ? !ix.singles.has(first)
      : !ix.byStart.has(`${first} ${numeral(text.slice(k, e).toLowerCase())}`) && !ix.singles.has(first)
  )
    return undefined;
  return digits || DIGIT.test(text.slice(j, to));
}

/** A line that is no longer than the longest title with its number and a comment marker can be a heading. */
const MAX_HEADING_CHARS = 120;
const DIGIT = /\d/;

/** The title named on the instruction's first line, if any (see namedProblem for which mentions count). */
function scanLine(ix: Index, line: string, solving: boolean, onLeetcode: boolean): NamedProblem | undefined {
  const w = words(line);
  // Every title met, whether it counts or not: a longer one hides those inside it.
  const met: Array<{ t: Title; at: number; counts: boolean }> = [];
  for (let i = 0; i < w.length; i++) {
    if (!ix.firstWords.has(w[i])) continue;
    const longer = i + 1 < w.length ? ix.byStart.get(`${w[i]} ${w[i + 1]}`) : undefined;
    const single = ix.byStart.get(w[i]);
    for (const list of [longer, single]) {
      if (!list) continue;
      for (const t of list) {
        if (!startsAt(w, i, t.words)) continue;
        const n = t.words.length;
        const numbered = i > 0 && Number(w[i - 1]) === t.id;
        const heading = i - (numbered ? 1 : 0) === 0 && i + n === w.length && n > 1;
        const asked =
          solving && (t.band === 'Hard' ? n >= 3 || (n === 2 && line.includes(t.title)) : t.band === 'Easy' && n >= 4);
        met.push({ t, at: i, counts: t.band !== 'Medium' && (numbered || heading || onLeetcode || asked) });
      }
    }
  }
  const inside = (x: { t: Title; at: number }): boolean =>
    met.some(
      (y) => y.t.words.length > x.t.words.length && y.at <= x.at && y.at + y.t.words.length >= x.at + x.t.words.length,
    );
  const found = met.find((x) => x.counts && !inside(x));
  return found && named(found.t);
}

function startsAt(w: string[], i: number, title: string[]): boolean {
  if (i + title.length > w.length) return false;
  for (let k = 0; k < title.length; k++) if (w[i + k] !== title[k]) return false;
  return true;
}

// ---- Statements

/**
 * How many of a statement's words one fingerprint covers. Ten words of a LeetCode statement's opening, stop words
 * left out, name one problem: of the ones that open like no problem of another band (some I/II pairs open alike), a
 * differently formatted copy of the statements (Markdown, not LeetCode's HTML) is recognised for 9 in 10.
 */
export const STATEMENT_WINDOW = 10;
/** How much of the instruction, and of the selection, a known statement is looked for in: it opens the request. */
export const STATEMENT_SCAN_CHARS = 600;
/** A request shorter than this holds no statement (ten words of three letters and more). */
const MIN_STATEMENT_CHARS = 60;

// FNV-1a, as features.ts hashes words; its constants are kept here, not imported, because the scan below reads them
// for every character and an imported binding costs a property read there (a getter under tsx).
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of a lower-case word, to 30 bits (a small integer, cheap to keep and to look up). */
function wordHash(w: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
  return h >>> 2;
}

/** Words that copies of one statement add or drop as they are edited ("the point" for "point"); 3 to 5 letters. */
const STOP_WORDS: ReadonlySet<number> = new Set(
  'the and you are for with that this from its which their them then there these those has have was were will can each such into than also only'
    .split(' ')
    .map(wordHash),
);

/**
 * The words a statement is recognised by, as 30-bit hashes: runs of three or more ASCII letters, lower-cased, with
 * stop words, HTML tags and entities, TeX commands, Markdown link targets and URLs left out. Numbers, variables of
 * one or two letters and punctuation are not read, so a statement reads the same as LeetCode's HTML, as Markdown, as
 * plain text and as comment lines above a stub. The first `max` words of text[0, end).
 */
export function statementWords(text: string, end = text.length, max = Infinity): number[] {
  const n = Math.min(end, text.length);
  const buffer = new Int32Array(Math.min(max, n));
  return [...buffer.subarray(0, wordsInto(buffer, text, n))];
}

/** statementWords into `out` (as many as it holds): their count. */
function wordsInto(out: Int32Array, text: string, n: number): number {
  let count = 0;
  let i = 0;
  while (i < n && count < out.length) {
    const c = text.charCodeAt(i);
    const lower = c | 32;
    if (lower >= 97 && lower <= 122) {
      const start = i;
      let h = FNV_OFFSET;
      for (; i < n; i++) {
        const l = text.charCodeAt(i) | 32;
        if (l < 97 || l > 122) break;
        h = Math.imul(h ^ l, FNV_PRIME);
      }
      // A URL: its words are an address, not the statement's.
      if (i + 2 < n && text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) {
        while (i < n && text.charCodeAt(i) > 32) i++;
        continue;
      }
      const len = i - start;
      if (len >= 3 && (len > 5 || !STOP_WORDS.has(h >>> 2))) out[count++] = h >>> 2;
    } else if (c === 60 || c === 38 || c === 93 || c === 92) i = skipMarkup(text, i, n, c);
    else i++;
  }
  return count;
}

/** The words of a request's opening, reused from request to request (a word is four characters or more). */
const SCANNED = new Int32Array(STATEMENT_SCAN_CHARS / 4);

const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/** Past the markup at text[i] (a tag, an entity, a TeX command, a Markdown link's target), else past text[i]. */
function skipMarkup(text: string, i: number, n: number, c: number): number {
  const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
  let close = -1;
  if (c === 60 && (isLetter(next) || next === 47))
    close = closing(text, i + 1, n, 62, 60, 200); // <tag ...>
  else if (c === 38)
    close = closing(text, i + 1, n, 59, 32, 10); // &nbsp; &#39;
  else if (c === 93 && next === 40)
    close = closing(text, i + 2, n, 41, 10, 300); // ](target)
  else if (c === 92) {
    let j = i + 1;
    while (j < n && isLetter(text.charCodeAt(j))) j++;
    return j;
  }
  return close < 0 ? i + 1 : close + 1;
}

/** The index of `end` within `limit` characters from `from`, if `stop` does not come first. */
function closing(text: string, from: number, n: number, end: number, stop: number, limit: number): number {
  for (let j = from; j < n && j < from + limit; j++) {
    const c = text.charCodeAt(j);
    if (c === end) return j;
    if (c === stop) return -1;
  }
  return -1;
}

/**
 * A window's fingerprint is 48 bits: two polynomial hashes of its words (32 bits of one, 16 of the other), which
 * roll, so every window of a request costs a few multiplications. 32 bits alone would meet one of the table's some
 * 10,000 windows by chance in about one long request in 4,000 (some 100 windows each), and 40 bits met one in 317,000
 * stretches of 600 characters of documentation and code (node_modules, /usr/share/doc); 48 bits make that about one
 * in 300 million such requests. The table writes a fingerprint as 12 hex digits: the first hash's 8, the second's
 * top 4.
 */
const BASE_H = 0x01000193;
const BASE_G = 0x5bd1e995;
/** BASE ** (STATEMENT_WINDOW - 1), modulo 2 ** 32. */
const power = (base: number): number => {
  let p = 1;
  for (let k = 1; k < STATEMENT_WINDOW; k++) p = Math.imul(p, base);
  return p;
};
const TOP_H = power(BASE_H);
const TOP_G = power(BASE_G);

/** The polynomial hash in `base` of words[at, at + STATEMENT_WINDOW), modulo 2 ** 32. */
function polynomial(words: ArrayLike<number>, at: number, base: number): number {
  let h = 0;
  for (let k = at; k < at + STATEMENT_WINDOW; k++) h = (Math.imul(h, base) + words[k]) | 0;
  return h;
}

/** The fingerprint of words[at, at + STATEMENT_WINDOW), as the table writes it (12 hex digits). */
export function windowPrint(words: readonly number[], at: number): string {
  const h = polynomial(words, at, BASE_H) >>> 0;
  const g = polynomial(words, at, BASE_G) >>> 16;
  return `${h.toString(16).padStart(8, '0')}${g.toString(16).padStart(4, '0')}`;
}

/**
 * The table's fingerprints, filed for a lookup per window of every request: an open-addressing hash table of typed
 * arrays (a Map costs several times more a lookup), keyed by the first hash's top 30 bits; `check` holds the other
 * 18 bits of the fingerprint.
 */
interface Prints {
  /** key + 1 at each slot, 0 where empty. */
  keys: Int32Array;
  checks: Int32Array;
  /** Index into `problems`. */
  at: Int32Array;
  problems: Statement[];
  mask: number;
}

function filePrints(byPrint: Map<string, Statement>): Prints {
  let size = 1024;
  while (size < byPrint.size * 2.5) size *= 2;
  const t: Prints = {
    keys: new Int32Array(size),
    checks: new Int32Array(size),
    at: new Int32Array(size),
    problems: [],
    mask: size - 1,
  };
  for (const [print, problem] of byPrint) {
    const h = parseInt(print.slice(0, 8), 16);
    let slot = (h >>> 2) & t.mask;
    while (t.keys[slot]) slot = (slot + 1) & t.mask;
    t.keys[slot] = (h >>> 2) + 1;
    t.checks[slot] = ((h & 3) << 16) | parseInt(print.slice(8), 16);
    t.at[slot] = t.problems.push(problem) - 1;
  }
  return t;
}

/** The problem whose fingerprint a window hashed to (h, g) is, if any. */
function lookUp(t: Prints, h: number, g: number): Statement | undefined {
  const key = (h >>> 2) + 1;
  const check = ((h & 3) << 16) | (g >>> 16);
  for (let slot = (h >>> 2) & t.mask; t.keys[slot]; slot = (slot + 1) & t.mask)
    if (t.keys[slot] === key && t.checks[slot] === check) return t.problems[t.at[slot]];
  return undefined;
}

/**
 * The Easy or Hard problem whose statement a request holds: pasted into the instruction, selected, or written as
 * comments above a stub. The table holds two fingerprints of each problem's opening words (the first ten that
 * open no problem of another band, and the next ten such), looked for at every word of the instruction's and the
 * selection's openings: a statement may follow a question or a line of the user's own.
 */
export function statementProblem(instruction: string, selection: string): NamedProblem | undefined {
  for (const text of [instruction, selection]) {
    if (text.length < MIN_STATEMENT_CHARS) continue;
    const ix = (index ??= build());
    const words = SCANNED;
    const count = wordsInto(words, text, Math.min(STATEMENT_SCAN_CHARS, text.length));
    if (count < STATEMENT_WINDOW) continue;
    let h = polynomial(words, 0, BASE_H);
    let g = polynomial(words, 0, BASE_G);
    for (let at = 0; ; at++) {
      const s = lookUp(ix.statements, h, g);
      if (s) return found(ix, s);
      if (at + STATEMENT_WINDOW >= count) break;
      // Roll the window one word on: drop words[at], add words[at + STATEMENT_WINDOW].
      const out = words[at];
      const add = words[at + STATEMENT_WINDOW];
      h = (Math.imul(h - Math.imul(out, TOP_H), BASE_H) + add) | 0;
      g = (Math.imul(g - Math.imul(out, TOP_G), BASE_G) + add) | 0;
    }
  }
  return undefined;
}

function found(ix: Index, s: Statement): NamedProblem {
  const by = 'statement';
  if (s.site === 'Codeforces') return { site: s.site, id: parseInt(s.ids[0]), task: s.ids[0], band: s.band, by };
  const [id, ...alternatives] = s.ids.map(Number);
  if (alternatives.length) return { site: s.site, id, alternatives, band: s.band, by };
  const title = s.site === 'LeetCode' ? ix.leetcode.get(id)?.title : undefined;
  return { site: s.site, id, ...(title ? { title } : {}), band: s.band, by };
}

/** The problem in words, for a reason: "a problem LeetCode rates Hard (4. Median of Two Sorted Arrays)". */
export function describeNamed(p: NamedProblem): string {
  if (p.site === 'LeetCode') {
    const which = p.title ? `${p.id}. ${p.title}` : `LeetCode ${[p.id, ...(p.alternatives ?? [])].join(' or ')}`;
    return `a problem LeetCode rates ${p.band} (${which})`;
  }
  if (p.site === 'AtCoder') {
    const [contest, letter] = p.task!.split('_');
    const name = `${contest.toUpperCase()} ${letter.toUpperCase()}`;
    return p.band === 'Hard'
      ? `one of an AtCoder contest's hard problems (${name})`
      : `one of an AtCoder Beginner Contest's opening problems (${name})`;
  }
  if (p.level && p.site === 'Codeforces')
    return p.band === 'Hard'
      ? `a problem from the hard end of a Codeforces round (${p.level})`
      : `one of a Codeforces round's opening problems (${p.level})`;
  if (p.site === 'USACO')
    return p.band === 'Hard'
      ? `a problem of USACO's upper divisions (${p.level})`
      : `a problem of USACO's entry division (${p.level})`;
  if (p.site === 'Olympiad') return `an olympiad's problem, set for the strongest competitors (${p.level})`;
  if (p.site === 'Codeforces')
    return p.band === 'Hard'
      ? `a problem Codeforces rates 2100 or harder (${p.task})`
      : `a problem Codeforces rates 1200 or easier (${p.task})`;
  const which = p.alternatives ? `problem ${[p.id, ...p.alternatives].join(' or ')}` : `problem ${p.id}`;
  return p.band === 'Hard'
    ? `a problem Project Euler rates 30% or harder (${which})`
    : `a problem Project Euler rates 5%, its easiest (${which})`;
}

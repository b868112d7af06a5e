// The learned model's inputs: the command (intent) apart from evidence of difficulty found in the request itself.
// Evidence families: constraints and optimisation goals of an algorithm statement, the policy's reasoner cues
// (concurrency, unclear-cause bugs, security, design trade-offs...) read on masked words, and a few code marks read on
// the selection with its comments and strings removed. Never the request's length, voice or function words: on text
// nobody here wrote those decided everything and generalised to nothing.
import type { Task } from '../types';
import { readsGroups, type TextScan } from './prefilter';

export interface LinearModel {
  /** Logistic regression, P(reasoner) = sigmoid(bias + Σ weights[f]) over the binary features present. */
  bias: number;
  weights: Record<string, number>;
  /** Escalate when P(reasoner) ≥ threshold (balanced lean; chosen on leave-one-source-out predictions). */
  threshold: number;
}

/** Function words, pronouns, modals and question words: voice, not content. They never become features. */
const FUNCTION_WORDS = new Set(
  (
    'a an the to of and or in on for this that these those it its is are was were be been being me my mine i we our us you your ' +
    'they them their he she his her pls please can could would should will shall may might must do does did done doing ' +
    'have has had having not no yes so then than there here about from after before with without into onto over under ' +
    'by as at if but what when where why how which who whom whose also just very really some any all each every one ' +
    'two three get got make made let lets want need like use using used help thanks thank hi hello ok okay'
  ).split(' '),
);

/** Light stemming: enough to fold "debited/debit", "overwrites/overwrite", "charging/charge" together. */
export function stem(w: string): string {
  if (w.length <= 4) return w;
  if (w.endsWith('ies') && w.length > 5) return w.slice(0, -3) + 'y';
  if (w.endsWith('ing') && w.length > 6) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 5) return w.slice(0, -2);
  if (w.endsWith('es') && w.length > 5 && /(ch|sh|ss|x)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

/** Content words of masked, lower-cased text (letters only: numbers are data), stemmed and deduplicated. */
export function contentWords(text: string): string[] {
  const out = new Set<string>();
  // A word met before in this text adds nothing: skip the function-word test and the stem for it.
  const seen = new Set<string>();
  const re = /[a-z][a-z']{2,23}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const q = m[0].indexOf("'");
    const w = q < 0 ? m[0] : m[0].slice(0, q);
    if (w.length < 3 || seen.has(w)) continue;
    seen.add(w);
    if (FUNCTION_WORDS.has(w)) continue;
    out.add(stem(w));
  }
  return [...out];
}

/**
 * A fixed set of words, looked up by a range of a text: no string is made for the range (scoring meets some hundreds
 * of words in a long request, and a string, a hash and a Set entry for each was the costliest step of a decision).
 * Open addressing over an FNV-1a hash of the characters.
 */
class WordTable {
  readonly words: string[];
  /** Each slot: the index of its word plus one (0: empty), and that word's hash (compared before its characters). */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;
  /** The words' characters end to end, where each starts, and how long each is: compared without a string access. */
  private readonly chars: Uint16Array;
  private readonly at: Int32Array;
  private readonly lengths: Int32Array;

  constructor(words: Iterable<string>) {
    this.words = [...new Set(words)];
    let size = 16;
    while (size < this.words.length * 2) size <<= 1;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    this.chars = new Uint16Array(this.words.reduce((n, w) => n + w.length, 0));
    this.at = new Int32Array(this.words.length);
    this.lengths = new Int32Array(this.words.length);
    let offset = 0;
    this.words.forEach((w, k) => {
      let h = HASH_SEED;
      for (let i = 0; i < w.length; i++) {
        h = hashStep(h, w.charCodeAt(i));
        this.chars[offset + i] = w.charCodeAt(i);
      }
      this.at[k] = offset;
      this.lengths[k] = w.length;
      offset += w.length;
      let slot = spread(h) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = k + 1;
      this.hashes[slot] = h;
    });
  }

  /** The index of the word codes[from, to) (followed by "y" when y) whose hash is h, or -1. */
  find(h: number, codes: Uint16Array, from: number, to: number, y: boolean): number {
    const len = to - from;
    for (let slot = spread(h) & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = this.slots[slot] - 1;
      if (k < 0) return -1;
      if (this.hashes[slot] !== h || this.lengths[k] !== len + (y ? 1 : 0)) continue;
      const at = this.at[k];
      if (y && this.chars[at + len] !== 121) continue;
      let i = 0;
      while (i < len && this.chars[at + i] === codes[from + i]) i++;
      if (i === len) return k;
    }
  }
}

/**
 * FNV-1a, one character at a time (the scan below hashes each word as it reads it). known.ts hashes words the same
 * way with its own copy of the constants (see there).
 */
const HASH_SEED = 0x811c9dc5 | 0;
function hashStep(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
function spread(h: number): number {
  return (h ^ (h >>> 15)) >>> 0;
}

const FUNCTION_TABLE = new WordTable(FUNCTION_WORDS);

/**
 * stem(text.slice(from, to)) as a range of the text: the end of the stem, times two, plus one when a "y" follows it
 * ("cities" -> "cit" + "y"). The same rules in the same order as stem().
 */
function stemEnd(text: Uint16Array, from: number, to: number): number {
  const len = to - from;
  if (len <= 4) return to * 2;
  const c1 = text[to - 1];
  const c2 = text[to - 2];
  const c3 = text[to - 3];
  if (len > 5 && c3 === 105 && c2 === 101 && c1 === 115) return (to - 3) * 2 + 1; // -ies -> -y
  if (len > 6 && c3 === 105 && c2 === 110 && c1 === 103) return (to - 3) * 2; // -ing
  if (len > 5 && c2 === 101 && c1 === 100) return (to - 2) * 2; // -ed
  if (len > 5 && c2 === 101 && c1 === 115) {
    // -(ch|sh|ss|x)es
    const c4 = text[to - 4];
    if (c3 === 120 || (c3 === 104 && (c4 === 99 || c4 === 115)) || (c3 === 115 && c4 === 115)) return (to - 2) * 2;
  }
  if (c1 === 115 && c2 !== 115 && c2 !== 117 && c2 !== 105) return (to - 1) * 2; // -s, not -ss, -us, -is
  return to * 2;
}

/** A model's word features as a table of stems, with the scan in which each was last listed. */
interface Vocabulary {
  stems: WordTable;
  /** The feature of each stem ("w:" + stem), made once. */
  feats: string[];
  stamp: Uint32Array;
  scan: number;
}

const vocabularies = new WeakMap<Record<string, number>, Vocabulary>();

function vocabularyOf(weights: Record<string, number>): Vocabulary {
  let v = vocabularies.get(weights);
  if (!v) {
    const stems = new WordTable(
      Object.keys(weights)
        .filter((k) => k.startsWith('w:'))
        .map((k) => k.slice(2)),
    );
    v = { stems, feats: stems.words.map((w) => `w:${w}`), stamp: new Uint32Array(stems.words.length), scan: 0 };
    vocabularies.set(weights, v);
  }
  return v;
}

/**
 * The "w:" features of contentWords(text) that `model` has a weight for, in the same order: all that scoring reads
 * of the words (a feature without a weight adds nothing). Walks the text as contentWords' regex does (a letter, then
 * up to 23 letters and apostrophes; the word is what comes before an apostrophe) and finds each word's stem in the
 * model's table.
 */
function modelWords(model: LinearModel, text: string, out: string[]): void {
  const v = vocabularyOf(model.weights);
  if (++v.scan === 0xffffffff) {
    v.stamp.fill(0);
    v.scan = 1;
  }
  const scan = v.scan;
  const n = text.length;
  const codes = codeUnits(text);
  let i = 0;
  while (i < n) {
    const c = codes[i];
    if (c < 97 || c > 122) {
      i++;
      continue;
    }
    const start = i;
    const max = Math.min(n, i + 24);
    // The hash of the word (the letters before any apostrophe) and of the word less its last one, two and three
    // letters: a stem drops at most three.
    let h = hashStep(HASH_SEED, c);
    let h1 = 0;
    let h2 = 0;
    let h3 = 0;
    let apostrophe = -1;
    for (i++; i < max; i++) {
      const d = codes[i];
      if (d >= 97 && d <= 122) {
        if (apostrophe < 0) {
          h3 = h2;
          h2 = h1;
          h1 = h;
          h = hashStep(h, d);
        }
        continue;
      }
      if (d !== 39) break;
      if (apostrophe < 0) apostrophe = i;
    }
    // Shorter than three: no match here, nor at any later start inside this run (it is shorter still).
    const end = apostrophe < 0 ? i : apostrophe;
    if (end - start < 3 || FUNCTION_TABLE.find(h, codes, start, end, false) >= 0) continue;
    const se = stemEnd(codes, start, end);
    const stemTo = se >> 1;
    const y = (se & 1) === 1;
    const cut = end - stemTo;
    const hs = cut === 0 ? h : cut === 1 ? h1 : cut === 2 ? h2 : h3;
    const k = v.stems.find(y ? hashStep(hs, 121) : hs, codes, start, stemTo, y);
    if (k < 0 || v.stamp[k] === scan) continue;
    v.stamp[k] = scan;
    out.push(v.feats[k]);
  }
}

/**
 * The text's UTF-16 code units, in one buffer reused by every call (synchronous, nothing kept): the word scan reads
 * each character once or twice, and a typed array read is cheaper than charCodeAt.
 */
function codeUnits(text: string): Uint16Array {
  if (unitsScratch.length < text.length) {
    bytesScratch = Buffer.alloc(Math.max(text.length, 2 * unitsScratch.length, 4096) * 2);
    unitsScratch = new Uint16Array(bytesScratch.buffer, bytesScratch.byteOffset, bytesScratch.length >> 1);
  }
  bytesScratch.write(text, 0, 'utf16le');
  return unitsScratch;
}
let bytesScratch = Buffer.alloc(0);
let unitsScratch = new Uint16Array(0);

/** Evidence of an algorithmic task that is a developer's noun as often (see features()). */
const ALGORITHM_NOUNS: ReadonlySet<string> = new Set([
  'alg:queries',
  'alg:graph',
  'alg:grid',
  'alg:sequence',
  'alg:statement',
  'alg:bits',
  'alg:lexico',
  'alg:connectivity',
  'alg:param-k',
  'alg:probability',
  'alg:subsets',
]);

/** Evidence of an algorithmic task: each a feature and the words a reason shows for it. */
export const ALGORITHM_EVIDENCE: Array<{ f: string; words: string; re: RegExp }> = [
  {
    f: 'alg:modulo',
    words: 'an answer modulo a large number',
    re: /\b10\s*\^\s*9\s*\+\s*7\b|\b1e9\s*\+\s*7\b|\b10\s*\*\*\s*9\s*\+\s*7\b|\b1000000007\b|\b998244353\b|\bmodulo\b|(\\[bp]?|\b)mod\{? ?\d{6,}|\b(last|rightmost|final) \d+ digits\b/,
  },
  { f: 'alg:queries', words: 'many queries to answer', re: /\bquer(y|ies)\b/ },
  {
    f: 'alg:optimise',
    words: 'an optimisation objective',
    // "the optimal approach/solution" asks for a good answer, not an optimum (cues.ts excludes it the same way), and
    // "the maximum value among them" or "the minimum element of the array", ending its sentence, is an aggregate
    // read off the input, not a choice to optimise.
    re: /\b(minimum|maximum)\b(?!( (value|element|number|integer|item)s?)? (among|in|of) (them|all of them|the (given |input )?(array|list|sequence|numbers|values|integers|elements))\s*([.!?;\n]|$))|\b(minimi[sz]e|maximi[sz]e|smallest possible|largest possible|fewest|optimal(ly)?(?! (way|algorithm|approach|method|solution|code|answer)s?\b)|cheapest|min cost|max (score|profit|sum|value))\b/,
  },
  {
    f: 'alg:count',
    words: 'counting the ways or distinct results',
    re: /\bnumber of (ways|distinct|different|possible|valid|good|beautiful|special|unique)\b|\bhow many (ways|distinct|different)\b|\bcount (the )?(number of|all)\b/,
  },
  {
    f: 'alg:game',
    words: 'a two-player game played optimally',
    re: /\b(play|plays|playing) optimally\b|\balice and bob\b/,
  },
  {
    f: 'alg:graph',
    words: 'a graph or tree',
    // Not "edge cases", the Edge browser, Node.js or node_modules.
    re: /(?<!microsoft )\bedges?\b(?! cases?\b)|\b(vertices|vertex|graph|undirected|directed|rooted tree|binary tree|tree)\b|\bnodes?\b(?!\.?js\b|_modules\b| js\b)/,
  },
  { f: 'alg:grid', words: 'a grid', re: /\b(grid|matrix|m x n|m \* n|cells?)\b/ },
  {
    f: 'alg:sequence',
    words: 'subarrays, subsequences or partitions',
    // Not SQL's PARTITION BY: a window clause, not a partition to search.
    re: /\b(subsequences?|subarrays?|substrings?|partition\w*(?! by\b)|permutations?|intervals?|segments?)\b/,
  },
  { f: 'alg:bits', words: 'bitwise operations', re: /\b(xor|bitwise|bitmask)\b/ },
  {
    f: 'alg:connectivity',
    words: 'connectivity or components',
    re: /\bconnected (components?|graph|subgraph|region|set)s?\b|\b(strongly |weakly )?connected\b(?= (if|when|after|by))|\bcomponents?\b(?= (of|in) the (graph|tree|grid))|\bnumber of (connected )?components\b/,
  },
  {
    f: 'alg:param-k',
    words: 'a second parameter k',
    re: /\b(integer|and|number|positive integer) k\b|\b(at most|at least|exactly|up to) k\b/,
  },
  { f: 'alg:subsets', words: 'subsets to choose from', re: /\bsubsets?\b/ },
  {
    f: 'alg:probability',
    words: 'a probability or expected value',
    re: /\bexpected (value|number|length|time|cost|score)\b|\bprobabilit(y|ies)\b|\bexpectation\b/,
  },
  { f: 'alg:lexico', words: 'a lexicographic order', re: /\blexicographically\b/ },
  {
    f: 'alg:kth',
    words: 'a k-th order statistic',
    re: /\bk-?th\b|\bk (smallest|largest)\b|\b\d{1,3}(,?\d{3})+(\^?th|st|nd|rd)\b/,
  },
  {
    f: 'alg:complexity',
    words: 'a complexity requirement',
    re: /\bo\(\s*(n|m|log|1|k)[^)]{0,12}\)|\btime complexity\b|\bfollow[- ]?up\b|\bin (linear|logarithmic|sub-?linear) time\b/,
  },
  {
    f: 'alg:statement',
    words: 'a problem statement',
    re: /\byou are given\b|\bgiven an? (integer|array|string|list|binary|matrix|tree|graph|0-indexed|1-indexed)\b|\breturn (the|an?|true)\b/,
  },
];

/** A total asked for: a sum, a count, a number of things. */
const AGGREGATE = /\b(sum|total|number) of (all|the|those|these|every)\b|\bhow many\b|\bcount (the|all|how)\b/;

/**
 * Evidence that only quoted output carries, read on the unmasked words: sanitizer and race-detector reports, crashes
 * of memory safety, deadlock reports, leaks, flaky runs, time limits exceeded. Masking hides a log's incidental words;
 * these reports are the point of pasting it.
 */
export const REPORT_EVIDENCE: Array<{ f: string; words: string; re: RegExp }> = [
  {
    f: 'ev:sanitizer',
    words: 'a sanitizer or race-detector report',
    re: /warning: data race|threadsanitizer|addresssanitizer|leaksanitizer|undefinedbehaviorsanitizer|heap-use-after-free|use[- ]after[- ]free|(stack|heap|global)-buffer-overflow|==\d+==\s*(invalid (read|write)|conditional jump|thread \d+)|double free|free\(\): invalid|valgrind/,
  },
  {
    f: 'ev:crash',
    words: 'a memory-safety crash',
    re: /segmentation fault|\bsegfault|sigsegv|stack smashing detected|sigabrt|sigbus|core dumped|access violation|exit code 139|signal 11\b/,
  },
  {
    f: 'ev:deadlock-report',
    words: 'a deadlock report',
    re: /all goroutines are asleep|found one java-level deadlock|deadlock detected|potential deadlock|lock order inversion/,
  },
  {
    f: 'ev:leak',
    words: 'a leak over time',
    re: /\bleak\w*\b.{0,30}\b(goroutines?|go-?routines|threads|memory|connections|file descriptors|handles)\b|\b(goroutines?|go-?routines|threads|memory|connection|fd) leaks?\b/,
  },
  {
    f: 'ev:flaky',
    words: 'a flaky or nondeterministic run',
    re: /\bflak(y|iness)\b|\bintermittent(ly)?\b|\bnon-?deterministic\w*|\brace detector\b|\s-race\b|\bsometimes (fails|passes|hangs|crashes)\b/,
  },
  {
    f: 'ev:time-limit',
    words: 'a time limit exceeded',
    re: /time limit exceeded|\btle\b|must run faster|too slow for (the )?(large|big|max)/,
  },
];

/**
 * Mathematical statements are often written in TeX ("$p \\le 10^{12}$", "$2\\cdot 10^6$"): the same limits in plain
 * notation, so one bound reader serves both.
 */
export function plainMath(text: string): string {
  const tex = text.includes('\\');
  if (!tex && !text.includes('$')) return text;
  // Each replacement needs a character its pattern names, and none writes a backslash, a brace or a dollar sign: a
  // pattern whose character is absent would change nothing, and includes() is a cheaper pass than the regex.
  let t = text;
  if (tex)
    t = t
      .replace(/\\(leq?|leqslant)\b/g, '<=')
      .replace(/\\(geq?|geqslant)\b/g, '>=')
      .replace(/\\lt\b/g, '<')
      .replace(/\\gt\b/g, '>')
      .replace(/\\(cdot|times)\b/g, '*');
  if (t.includes('^{')) t = t.replace(/\^\{\s*(\d+)\s*\}/g, '^$1');
  if (tex) t = t.replace(/(\d)\\,(?=\d{3})/g, '$1');
  return t.includes('$') ? t.replace(/\$/g, ' ') : t;
}

/**
 * The value of a number matched as five groups from `first` on: a coefficient and a power of ten ("2 * 10^5"), a
 * mantissa and an exponent ("1e9"), or plain digits.
 */
function numberValue(m: RegExpExecArray, first: number): number {
  const [coefficient, power, mantissa, exponent, digits] = m.slice(first, first + 5);
  if (power !== undefined) return (coefficient ? Number(coefficient) : 1) * 10 ** Number(power);
  if (exponent !== undefined) return Number(mantissa) * 10 ** Number(exponent);
  return Number(digits);
}

/** What makes the number after it a range's bound or the argument of what is asked ("n <= ", "below ", "S("). */
const BOUNDS_NEXT =
  /(?:<=|≤|<|\bup to|\bat most|\bbelow|\bunder|\bless than|\bnot exceeding|\bno (?:greater|larger|more) than|\b[a-z]\w{0,3}\()\s*$/;

/** A power of ten written out. */
const ROUND = /^10+$/;
/** A mathematical function's opening bracket, as in "S(": what follows is its argument. */
const LETTER_FUNCTION_NEXT = /\b[a-z]\(\s*$/;

/**
 * The largest value written as a number anywhere in the words (10^12, 1e15, 123456789012), for "find F(10^16)"; and
 * whether one of 10^10 or more bounds a range ("n <= 10^18", "below 10^12", "not exceeding 10^16") or is the argument
 * of what is asked ("find S(10^16)"), read on the words just before it.
 */
function numbersIn(text: string): { largest: number; hugeBound: boolean } {
  let largest = 0;
  let hugeBound = false;
  const re = /\b(?:(\d+(?:\.\d+)?)\s*\*\s*)?10\s*(?:\^|\*\*)\s*(\d+)\b|\b(\d+(?:\.\d+)?)e(\d+)\b|\b(\d{6,})\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const v = numberValue(m, 1);
    if (v > largest) largest = v;
    if (v < 1e10 || hugeBound) continue;
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    // Written out, a number that is not a power of ten bounds nothing ("created_at < 1700000000000" is a timestamp,
    // an id or an amount), except as the argument of a function named by one letter: "find G(23416728348467685)".
    const digits = m[5];
    hugeBound =
      digits === undefined || ROUND.test(digits) ? BOUNDS_NEXT.test(before) : LETTER_FUNCTION_NEXT.test(before);
  }
  return { largest, hugeBound };
}

/** Largest value written as a number anywhere in the words. */
export function largestNumber(text: string): number {
  return numbersIn(text).largest;
}

/**
 * Whether any REPORT_EVIDENCE regex matches: one pass instead of one per kind (most requests quote no report). Built
 * from the table, so it covers whatever is added there; a regex with flags of its own would not combine, and then
 * each is tried (and so with a back-reference, whose group number would shift).
 */
const ANY_REPORT: RegExp = REPORT_EVIDENCE.every((e) => e.re.flags === '' && !readsGroups(e.re))
  ? new RegExp(REPORT_EVIDENCE.map((e) => `(?:${e.re.source})`).join('|'))
  : /(?:)/;

/**
 * What a limit bounds, from the name just before its sign: a size (n, m, q, "nums.length", "|s|") says how much input
 * an algorithm must handle; a value ("nums[i]", "a_i", "x") only how large the numbers are, which a loop does not feel.
 */
const LIMITED_NAME = /([a-z_][\w.[\]()]{0,30}|\|\s*\w+\s*\|)\s*$/;
const SIZE_NAME = /^(n|m|q|len|length|size)$|[._](length|len|size)(\(\))?$|^\|\s*\w+\s*\|$/;
/** The signs and words of maxBound's regex that bound from above ("n <= 10^5", "n up to 10^5"): only those size an input. */
const UPPER_BOUNDS: ReadonlySet<string> = new Set(['<=', '≤', '<', 'up to', 'at most']);

/**
 * Largest bound named in constraint lines ("1 <= n <= 2 * 10^5", "nums.length <= 10**5", "n ≤ 1e9"), and the largest
 * of those that bound a size (`size`, 0 when none names one).
 */
export function maxBound(text: string): { bound: number; size: number; inequalities: number } {
  let bound = 0;
  let size = 0;
  let inequalities = 0;
  const re =
    /(<=|≤|<|>=|≥|\bup to|\bat most)\s*-?\s*(?:(\d+(?:\.\d+)?)\s*[*x×·]\s*)?(?:10\s*(?:\^|\*\*)\s*(\d+)|(\d+(?:\.\d+)?)e(\d+)|(\d+))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    inequalities++;
    const v = numberValue(m, 2);
    if (v > bound) bound = v;
    if (v > size && UPPER_BOUNDS.has(m[1])) {
      const name = LIMITED_NAME.exec(text.slice(Math.max(0, m.index - 32), m.index));
      if (name && SIZE_NAME.test(name[1])) size = v;
    }
  }
  return { bound, size, inequalities };
}

/** A statement with a constraints section. */
const CONSTRAINTS = /\bconstraints\b/;
/** The regexes features() reads on FeatureInput.text (classify.ts prefilters them with the rules' cues). */
export const FEATURE_TEXT_REGEXES: readonly RegExp[] = [CONSTRAINTS, AGGREGATE, ...ALGORITHM_EVIDENCE.map((e) => e.re)];

const OBJECTIVES = new Set(['alg:optimise', 'alg:modulo', 'alg:count', 'alg:queries', 'alg:game', 'alg:kth']);

/**
 * The policy as a starting point: what each kind of evidence should do before any data is seen. Training moves the
 * weights away from these only as far as the data insists (L2 towards the prior), so a source the model never saw
 * still meets the policy rather than a blank model. Written from the routing policy (DESIGN.md), not fitted.
 */
const EVIDENCE_PRIOR: Record<string, number> = {
  'rules:reasoner': 2.5,
  'rules:partial': 0.8,
  'topic:concurrency': 1,
  'topic:unclear-cause-bug': 1,
  'topic:security': 1,
  'topic:memory-safety': 1,
  'topic:architecture-trade-off': 0.8,
  'topic:performance-root-cause': 0.8,
  'topic:correctness': 0.6,
  'topic:algorithm-design': 0.6,
  'alg:large-objective': 2.5,
  'alg:bound-1e5': 0.6,
  'alg:bound-1e9': 0.3,
  'alg:bound-small': -1.5,
  'alg:bound-subsets': 0,
  'alg:modulo': 1,
  'alg:queries': 0.5,
  'alg:game': 0.5,
  'alg:many': 1,
  'alg:count': 0.4,
  'alg:optimise': 0.4,
  'alg:complexity': 0.4,
  'ev:sanitizer': 2,
  'ev:crash': 1,
  'ev:deadlock-report': 2,
  'ev:leak': 1,
  'ev:flaky': 1,
  'ev:time-limit': 1,
};

export const CODE_MARKS: Array<[string, RegExp]> = [
  ['code:atomics', /\batomic|Atomic|compare_?exchange|compareAndSet|fetch_add|Interlocked|memory_order|Ordering::/],
  ['code:locks', /\b(lock|Lock|unlock|Unlock|mutex|Mutex|RwLock|RLock|synchronized|Semaphore|sync\.Mutex)\b/],
  [
    'code:threads',
    /\b(thread|Thread|goroutine|go func|spawn|pthread_|ExecutorService|Task\.Run|parallel|Parallel|asyncio|Promise\.all)\b|\bgo \w+\(|\bchan\b|<-/,
  ],
  [
    'code:shared-state',
    /^\s*(static|global|var|let)\s+\w+\s*(;|=\s*(false|true|0|nil|null|None|\{\}|\[\]))|\bstatic (?!final)\w+ \w+\s*=|\bstatic final Map\b|^_\w+ = \{\}/m,
  ],
  ['code:sql', /\b(SELECT|UPDATE|INSERT|DELETE)\b[\s\S]{0,80}\b(FROM|SET|INTO|WHERE)\b/],
];

/**
 * Marks of algorithmic sophistication in the selected code (comments and strings removed): the data structures,
 * techniques and judge idioms of competitive programming that an easy exercise does not need. A short "fix this" on
 * code has no other evidence of how hard its problem is. Read only where the code is the subject of the request
 * (ALGORITHM_CODE_TASKS). Written from general knowledge of competitive programming, language-neutral where the idiom
 * allows (Python, Java, C++, Go, Rust, JavaScript spellings).
 */
export const ALGORITHM_CODE_MARKS: Array<{ f: string; prior: number; words: string; re: RegExp }> = [
  {
    // The judges' primes, 10^9+7 spelled as an expression, Fermat inverses (a^(mod-2)), modular inverse helpers.
    f: 'code:modular',
    prior: 1,
    words: 'modular arithmetic (10^9+7, 998244353, inverses)',
    re: /\b(?:998244353|1000000007|1000000009|1e9\s*\+\s*7|10\s*\*\*\s*9\s*\+\s*7|(?:mod|MOD|Mod|modulo|MODULO)\s*-\s*2)\b|\bpow\([^()\n]{1,40},\s*-1\s*,|\b(?:mod_?inv\w*|modInv\w*|inv_?mod|modpow|mod_?pow|modPow|powmod|pow_?mod|powMod|modint|ModInt)\b/,
  },
  {
    // Segment trees (also the heap-numbered children "i << 1 | 1"), Fenwick trees ("i & -i"), sparse tables, lazy
    // propagation.
    f: 'code:range-tree',
    prior: 1,
    words: 'a segment or Fenwick tree',
    re: /\b(?:seg_?tree|SegTree|Segtree|segment_?tree|SegmentTree|Fenwick\w*|fenwick\w*|BinaryIndexedTree|lowbit|sparse_?table|SparseTable|lazy_?tag|push_?down|pushDown|push_?up|pushUp)\b|\b[a-z]\w{0,5}\s*(?:&-|& -|&\(-|& \(-)\s*[a-z]|(?:<<1|<< 1)\s*\|\s*1\b/,
  },
  {
    f: 'code:union-find',
    prior: 1,
    words: 'a union-find',
    re: /\b(?:UnionFind|union_?find|Union_?Find|DSU|dsu|Dsu|DisjointSet\w*|disjoint_?set|unite)\b|\bfind\(\s*(?:parent|par|p|fa|root|uf|leader)\s*\[/,
  },
  {
    f: 'code:heap',
    prior: 0.4,
    words: 'a priority queue',
    re: /\b(?:heapq|heappush|heappop|heapify|PriorityQueue|priority_queue|BinaryHeap|MinPriorityQueue|MaxPriorityQueue)\b|\bheap\.(?:Push|Pop|Init)\b/,
  },
  {
    // Library searches, and the midpoint of a hand-written one (also the "ok/ng" search on the answer).
    f: 'code:binary-search',
    prior: 0.4,
    words: 'a binary search',
    re: /\b(?:bisect\w*|insort\w*|lower_bound|upper_bound|binarySearch|binary_search|partition_point|equal_range)\b|\b(?:lo|low|left|l|ok|ng|L|hi|high|right|r|R)\s*\)\s*(?:\/\/\s*2|\/ ?2|>>>?\s*1)\b|\babs\(\s*(?:ok|ng)\s*-\s*(?:ok|ng)\s*\)\s*>\s*1\b/,
  },
  {
    // Memoised recursion: the decorators (not a web cache's "@cache.cached"), a memo table, "dp[...] != -1".
    f: 'code:memo',
    prior: 0.4,
    words: 'memoised recursion',
    re: /@(?:functools\.)?(?:lru_cache|cache)\b(?!\.)|\bmemo(?:i[sz]e\w*|_?table|_?dict|_?map)?\b|\bdp\w*\s*\[[^[\]\n]{1,30}\]\s*!==?\s*-1\b/,
  },
  {
    f: 'code:dp-table',
    prior: 0.4,
    words: 'a dynamic-programming table',
    re: /dp\[[^[\]\n]{1,30}\]\s*\[|\bdp = \[\[|\bdp=\[\[|\bdp\w*\s*=\s*new\s+\w+\s*\[[^\]\n]*\]\s*\[|\bvector<vector<\w+>>\s*dp\b/,
  },
  {
    f: 'code:dp-3d',
    prior: 1,
    words: 'a three-dimensional dynamic-programming table',
    re: /dp\[[^[\]\n]{1,30}\]\s*\[[^[\]\n]{1,30}\]\s*\[|\[\[\[0\]/,
  },
  {
    // Subset enumeration and bit tests on a mask: "range(1 << n)", "1 << i", "(mask >> j) & 1", "mask & (1 << j)",
    // popcounts. Not "1 << PIN" or "1 << 3" (registers and flags).
    f: 'code:bitmask',
    prior: 0.4,
    words: 'bitmask enumeration',
    re: /\brange\(\s*1\s*<<|\b1L{0,2}\s*<<\s*\(?\s*[a-z]\b|\(\s*\w+\s*>>\s*[a-z]\s*\)\s*&\s*1\b|<\s*\(\s*1L{0,2}\s*<<\s*[A-Za-z_]\w*\s*\)|\b(?:mask|msk|bitmask|bm|state|sub|used|vis|visited|S)\w*\s*[&|^]=?\s*\(\s*1L{0,2}\s*<<|\b(?:popcount\w*|bit_count|bitCount|__builtin_popcount\w*|OnesCount\w*|count_ones)\b/,
  },
  {
    // Factorial and inverse-factorial tables, binomials.
    f: 'code:combinatorics',
    prior: 1,
    words: 'factorial tables or binomials',
    re: /\b(?:fact|fac|facts|factorial|finv|ifact|inv_?fact\w*|invfact|fact_?inv|factinv|inv_?fac|ifac)\s*\[|\b(?:nCr|ncr|nCk|nck|binom\w*|comb|choose)\s*\(/,
  },
  {
    // Adjacency lists: built edge by edge, or declared as an array of lists.
    f: 'code:graph',
    prior: 0.4,
    words: 'adjacency lists',
    re: /\b(?:adj\w*|graph\w*|edges?|G|g|nbrs|neighbou?rs)\s*\[\s*\w+\s*\]\.(?:append|add|push_back|emplace_back|push)\(|\b(?:ArrayList|List)<Integer>\s*\[\]|\bvector<int>\s+\w+\s*\[|\bvector<vector<int>>\s*(?:adj|g|graph|G|tree)\b|\[\s*\[\s*\]\s*for\s+\w+\s+in\s+range\b/,
  },
  {
    f: 'code:shortest-path',
    prior: 1,
    words: 'a shortest-path algorithm',
    re: /\b(?:dijkstra\w*|Dijkstra\w*|bellman\w*|Bellman\w*|floyd\w*|Floyd\w*|warshall\w*|spfa|SPFA)\b|\bdist\w*\s*\[[^[\]\n]{1,20}\]\s*\[[^[\]\n]{1,20}\]\s*=\s*(?:Math\.)?min\(/,
  },
  {
    // Lowest common ancestors, binary lifting ("up[k][v] = up[k-1][...]"), heavy-light decomposition, Euler tours.
    f: 'code:tree-lifting',
    prior: 1,
    words: 'lowest common ancestors or binary lifting',
    re: /\b(?:lca|LCA|binary_?lifting|euler_?tour|hld|HLD)\b|\b(?:up|anc|par|parent|jump|dbl)\[\w+\]\[\w+\]\s*=\s*(?:up|anc|par|parent|jump|dbl)\[/,
  },
  {
    f: 'code:string-algorithm',
    prior: 1,
    words: 'a string-matching structure (KMP, Z, hashing, trie)',
    re: /\b(?:kmp|KMP|z_?function|zfunc|z_?algorithm|prefix_?function|lps|LPS|rolling_?hash|RollingHash|suffix_?array|SuffixArray|manacher|Manacher|AhoCorasick|aho_?corasick|Trie|TrieNode|trie)\b/,
  },
  {
    f: 'code:number-theory',
    prior: 0.4,
    words: 'number theory (sieve, primes, extended gcd)',
    re: /\b(?:sieve|Sieve|is_?prime|isPrime|totient|euler_?phi|ext_?gcd|extgcd|exgcd|miller_?rabin|pollard\w*|factori[sz]e|prime_?factors|mobius)\b/,
  },
  {
    f: 'code:advanced-algebra',
    prior: 1,
    words: 'FFT, NTT or matrix powers',
    re: /\b(?:ntt|NTT|fft|FFT|mat_?mul|matmul|mat_?pow|matpow|matrix_?pow\w*|matrix_?mult\w*|gauss(?:ian)?_?elimination|gauss_?jordan)\b/,
  },
  {
    f: 'code:flow-matching',
    prior: 1,
    words: 'network flow or matching',
    re: /\b(?:max_?flow|maxflow|MaxFlow|mf_graph|dinic|Dinic|min_?cost_?flow|MinCostFlow|hungarian|hopcroft\w*|bipartite_?match\w*)\b/,
  },
  {
    f: 'code:ordered-set',
    prior: 0.4,
    words: 'an ordered set or map',
    re: /\b(?:SortedList|SortedSet|SortedDict|TreeMap|TreeSet|multiset|ordered_set|BTreeMap|BTreeSet|floorKey|ceilingKey|lowerKey|higherKey|floorEntry|ceilingEntry)\b/,
  },
  {
    // A monotonic stack or deque: pop while the top (or the value it indexes) breaks the order.
    f: 'code:monotonic-stack',
    prior: 0.4,
    words: 'a monotonic stack',
    re: /\bwhile\s*\(?\s*!?\s*\w+(?:\.(?:isEmpty|empty)\(\))?\s*(?:and|&&)[^\n]{0,40}?(?:\[\s*-1\s*\]|\.(?:peek|top|back|peekLast|peekFirst|getLast|last)\(\))/,
  },
  {
    // Deep recursion (a DFS over 10^5 nodes) raised past the default.
    f: 'code:recursion-limit',
    prior: 0.4,
    words: 'a raised recursion limit',
    re: /\b(?:setrecursionlimit|stack_size|pypyjit)\b|\bnew\s+Thread\s*\(\s*null\s*,/,
  },
  {
    f: 'code:geometry',
    prior: 0.4,
    words: 'computational geometry',
    re: /\b(?:convex_?hull|ConvexHull|ccw|cross_?product)\b|\bcross\(/,
  },
];

/**
 * The commands whose selection is the subject of the request: the code to fix, or the code a question is about. Not
 * Explain (cheap by default: a walk-through of a segment tree is no harder to write than of a loop), nor commands
 * that write new code next to the selection.
 */
const ALGORITHM_CODE_TASKS: ReadonlySet<Task> = new Set<Task>(['fix', 'ask']);
/** The names of ALGORITHM_CODE_MARKS and their counts (signatureOf files them under algorithmic evidence). */
export const ALGORITHM_CODE_FEATURES: ReadonlySet<string> = new Set([
  ...ALGORITHM_CODE_MARKS.map((m) => m.f),
  'code:alg-2',
  'code:alg-many',
]);
/** This many distinct marks in one selection: an algorithm built of several techniques. */
const ALGORITHM_CODE_MANY = 3;

/**
 * The policy as a starting point (see EVIDENCE_PRIOR), with the algorithm marks' own: the structures only hard
 * problems need count as much as a topic cue, the techniques medium problems use too a little, and several of them at
 * once most. The data barely moves these (only Fix on competitive code has them), so the prior is the policy here.
 */
export const POLICY_PRIOR: Readonly<Record<string, number>> = {
  ...EVIDENCE_PRIOR,
  ...Object.fromEntries(ALGORITHM_CODE_MARKS.map((m) => [m.f, m.prior])),
  'code:alg-2': 1,
  'code:alg-many': 1,
};

/** The regexes features() reads on FeatureInput.code (classify.ts prefilters them with the rules' code cues). */
export const FEATURE_CODE_REGEXES: readonly RegExp[] = [
  ...CODE_MARKS.map(([, re]) => re),
  ...ALGORITHM_CODE_MARKS.map((m) => m.re),
];

export interface FeatureInput {
  task: Task;
  /** Masked, lower-cased user words (instruction, plus a pasted statement or a stub's spec). */
  text: string;
  /** text is already in plain notation (plainMath applied): the bound readers need not convert it again. */
  plain?: boolean;
  /** The literals of FEATURE_TEXT_REGEXES found in text, when the caller scanned it (regexes whose literals are
   * missing cannot match and are skipped). */
  textScan?: TextScan;
  /** The same for REPORT_EVIDENCE on raw. */
  rawScan?: TextScan;
  /** Selection with comments and strings removed. */
  code: string;
  /** The literals of FEATURE_CODE_REGEXES found in code, when the caller scanned it. */
  codeScan?: TextScan;
  /** The user's words as typed, lower-cased (quoted reports included), for REPORT_EVIDENCE only. */
  raw: string;
  /** Reasoner topics the policy's cues found in the words ("concurrency", "security", ...). */
  topics: string[];
  /** Topics whose cues fired in the selected code (only counted when the words probe it). */
  codeTopics: string[];
  /** The words hold a problem statement (a judge's or an exercise's format: classify's PUZZLE_STATEMENT). */
  statement?: boolean;
  /** The rules' reasoner score on the same words. */
  rulesScore: number;
  rulesThreshold: number;
}

/**
 * The binary features of one request, deduplicated. Words come last. With `model`, only the words it has a weight
 * for are listed (the same score, for a fraction of the work: scoring); without, all of them (training).
 */
export function features(x: FeatureInput, model?: LinearModel): string[] {
  const f: string[] = [`task:${x.task}`];
  if (x.rulesScore >= x.rulesThreshold) f.push('rules:reasoner');
  else if (x.rulesScore >= 1.5) f.push('rules:partial');
  for (const t of new Set(x.topics)) f.push(`topic:${t.replace(/ /g, '-')}`);
  for (const t of new Set(x.codeTopics)) f.push(`code-topic:${t.replace(/ /g, '-')}`);
  const test = (re: RegExp): boolean => (x.textScan ? x.textScan.test(re, x.text) : re.test(x.text));
  const math = x.plain ? x.text : plainMath(x.text);
  const { bound, size, inequalities } = maxBound(math);
  // A question about a value far beyond any loop ("find F(10^16)"): it needs a formula or a clever count.
  const numbers = numbersIn(math);
  const huge = numbers.largest >= 1e10;
  if (huge) f.push('alg:huge-number');
  const limits = inequalities >= 2 || test(CONSTRAINTS);
  if (limits) {
    // Stated limits gate the bound features but are no evidence alone: every LeetCode statement has them, and in
    // Project Euler only the hard ones do, so the bare presence learned on one source misleads on the other.
    // The size features read the sizes where the limits name them: "n <= 100" with "a_i <= 10^9" is a small input
    // of large numbers. Values up to 10^9 are a feature of their own. An input of 13 to 25 items is the judges' size
    // for a search over every subset (2^20 states) or meet in the middle, not for a loop: a feature apart from the
    // other small inputs, whose problems are mostly easy.
    const input = size || bound;
    if (bound >= 1e9) f.push('alg:bound-1e9');
    if (input >= 1e5) f.push('alg:bound-1e5');
    else if (input >= 1e4) f.push('alg:bound-1e4');
    else if (input >= 13 && input <= 25) f.push('alg:bound-subsets');
    else if (input > 0 && input <= 1000) f.push('alg:bound-small');
  }
  let alg = 0;
  let objective = false;
  // The nouns of an algorithm task are evidence only in one: a statement, stated limits, a value beyond any loop or
  // an algorithm-design cue. In a developer's question "my log query", "the TensorFlow graph", "a CSS grid" and
  // "return the value" are the system's own nouns. The phrases ("modulo", "number of ways", "minimum") are read
  // everywhere.
  const algorithmic = x.statement === true || limits || huge || x.topics.includes('algorithm design');
  for (const e of ALGORITHM_EVIDENCE) {
    if (!algorithmic && ALGORITHM_NOUNS.has(e.f)) continue;
    if (!test(e.re)) continue;
    f.push(e.f);
    alg++;
    if (OBJECTIVES.has(e.f)) objective = true;
  }
  if (alg >= 4) f.push('alg:many');
  // Large inputs and a goal to optimise or count: the statement asks for an efficient algorithm, not a loop.
  // So is a goal over a range no loop covers ("the sum of all n <= 10^18 for which...", "how many integers below
  // 10^12", "find S(10^16)"), a total included: the count itself needs the insight. The range is what the limit or
  // the argument names; a long number in an example ("4668731596684224866951378664 is a palindrome") is no range.
  if (numbers.hugeBound && !objective && test(AGGREGATE)) objective = true;
  if (objective && (numbers.hugeBound || f.includes('alg:bound-1e5'))) f.push('alg:large-objective');
  const reported = (re: RegExp): boolean => (x.rawScan ? x.rawScan.test(re, x.raw) : re.test(x.raw));
  if (x.rawScan || ANY_REPORT.test(x.raw)) for (const e of REPORT_EVIDENCE) if (reported(e.re)) f.push(e.f);
  const onCode = (re: RegExp): boolean => (x.codeScan ? x.codeScan.test(re, x.code) : re.test(x.code));
  if (x.code) for (const [name, re] of CODE_MARKS) if (onCode(re)) f.push(name);
  if (x.code && ALGORITHM_CODE_TASKS.has(x.task)) {
    let marks = 0;
    for (const m of ALGORITHM_CODE_MARKS) {
      if (!onCode(m.re)) continue;
      f.push(m.f);
      marks++;
    }
    if (marks >= 2) f.push('code:alg-2');
    if (marks >= ALGORITHM_CODE_MANY) f.push('code:alg-many');
  }
  if (model) modelWords(model, x.text, f);
  else for (const w of contentWords(x.text)) f.push(`w:${w}`);
  return f;
}

export interface ModelScore {
  p: number;
  /** The present non-word features that pushed most towards the reasoner, strongest first. */
  top: string[];
}

/**
 * Each weights table as a Map, made on first use (a Map lookup by a freshly built feature string is about twice as
 * fast as a property lookup on an object with a thousand keys). Keyed by the weights object: a model is replaced,
 * never edited in place, by training.
 */
const weightMaps = new WeakMap<Record<string, number>, Map<string, number>>();

function weightMap(weights: Record<string, number>): Map<string, number> {
  let m = weightMaps.get(weights);
  if (!m) {
    m = new Map(Object.entries(weights));
    weightMaps.set(weights, m);
  }
  return m;
}

export function scoreModel(model: LinearModel, feats: string[], shift = 0): ModelScore {
  let z = model.bias + shift;
  // The four strongest positive features, strongest first (ties by name), kept by insertion: no sort of them all.
  const top: string[] = [];
  const topW: number[] = [];
  const weights = weightMap(model.weights);
  for (const f of feats) {
    const w = weights.get(f);
    if (w === undefined) continue;
    z += w;
    if (w <= 0 || f.startsWith('task:')) continue;
    let k = top.length;
    while (k > 0 && (w > topW[k - 1] || (w === topW[k - 1] && f < top[k - 1]))) k--;
    if (k >= 4) continue;
    top.splice(k, 0, f);
    topW.splice(k, 0, w);
    if (top.length > 4) {
      top.pop();
      topW.pop();
    }
  }
  return { p: 1 / (1 + Math.exp(-z)), top };
}

/** A feature in words, for reasons ("input sizes up to 10^5", "concurrency cues in the request"). */
export function describeFeature(f: string): string {
  const alg = ALGORITHM_EVIDENCE.find((e) => e.f === f) ?? REPORT_EVIDENCE.find((e) => e.f === f);
  if (alg) return alg.words;
  const mark = ALGORITHM_CODE_MARKS.find((e) => e.f === f);
  if (mark) return `${mark.words} in the code`;
  switch (f) {
    case 'alg:bound-1e9':
      return 'values up to 10^9';
    case 'alg:bound-1e5':
      return 'input sizes of 10^5 or more';
    case 'alg:bound-1e4':
      return 'input sizes of 10^4';
    case 'alg:bound-small':
      return 'input sizes of 1,000 or less';
    case 'alg:bound-subsets':
      return 'input sizes of 13 to 25 (small enough to search every subset)';
    case 'alg:huge-number':
      return 'a value far beyond any loop (10^10 or more)';
    case 'alg:many':
      return 'several algorithmic demands at once';
    case 'alg:large-objective':
      return 'an objective over 10^5 or more inputs or values';
    case 'code:alg-2':
      return 'two algorithmic techniques in the code';
    case 'code:alg-many':
      return 'several algorithmic techniques in the code';
    case 'rules:reasoner':
      return "the policy's reasoner cues";
    case 'rules:partial':
      return "some of the policy's reasoner cues";
  }
  if (f.startsWith('topic:')) return `${f.slice(6).replace(/-/g, ' ')} in the words`;
  if (f.startsWith('code-topic:')) return `${f.slice(11).replace(/-/g, ' ')} in the selected code`;
  if (f.startsWith('code:')) return `${f.slice(5).replace(/-/g, ' ')} in the code`;
  if (f.startsWith('w:')) return `"${f.slice(2)}"`;
  return f;
}

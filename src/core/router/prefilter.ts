// A literal prefilter for the router's cue regexes. Each cue is a regex over the request's words; most requests
// contain the literal words of only a few of them, and a regex cannot match a text that lacks the words every match
// must contain. So the cues' required literals are derived from the regex source itself (no second list to keep in
// step with cues.ts), all of them are found in one pass over the text (an Aho-Corasick automaton), and only cues
// whose required literals are all there run. A cue the derivation cannot read (an unusual construct, flags that
// change matching) simply always runs: the prefilter only ever skips a regex that provably cannot match.

/** What every match of a regex must contain: a literal, all of several, one of several, or nothing known. */
export type Requirement =
  | { kind: 'true' }
  | { kind: 'lit'; s: string }
  | { kind: 'and'; of: Requirement[] }
  | { kind: 'or'; of: Requirement[] };

const TRUE: Requirement = { kind: 'true' };

// ---- a small parser for the regex syntax the cue tables use

type Node =
  | { t: 'char'; c: string }
  | { t: 'set'; cs: string[] } // a class of a few literal characters: [sz], [- ]
  | { t: 'any'; cls?: 'w' | 'd' | 's' } // ., \w, \d, a wide or negated class: one character, none literal known;
  // cls: it is a word character (\w, [a-z]), a digit or a space at least
  | { t: 'assert'; end?: boolean } // \b, \B, ^, $ (end): zero-width, keeps the characters around it adjacent
  | { t: 'look'; ahead?: boolean } // lookahead or lookbehind: zero-width
  | { t: 'group'; alts: Node[][] }
  | { t: 'rep'; node: Node; min: number; max: number };

class Unreadable extends Error {}

/** Classes of at most this many characters are kept as sets (literal alternatives); wider ones match "any". */
const MAX_SET = 6;
/** Cap on literal alternatives carried through a sequence ("(a|the|no) races?" is 3 literals, not 9 x 2). */
const MAX_ALTERNATIVES = 12;

function parse(source: string): Node[][] {
  let i = 0;
  const n = source.length;
  const alts = (): Node[][] => {
    const out: Node[][] = [[]];
    while (i < n && source[i] !== ')') {
      if (source[i] === '|') {
        i++;
        out.push([]);
        continue;
      }
      out[out.length - 1].push(quantified(atom()));
    }
    return out;
  };
  const quantified = (node: Node): Node => {
    for (;;) {
      const c = source[i];
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (!m) return node; // a literal brace
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        i += m[0].length - 1;
      } else return node;
      i++;
      if (source[i] === '?') i++; // lazy: same strings
      if (node.t === 'assert' || node.t === 'look') throw new Unreadable('quantified assertion');
      node = { t: 'rep', node, min, max };
    }
  };
  const escapeChar = (): Node => {
    // after the backslash
    const c = source[i++];
    if (c === undefined) throw new Unreadable('trailing backslash');
    if (c === 'b' || c === 'B') return { t: 'assert' };
    if (c === 'w' || c === 'd' || c === 's') return { t: 'any', cls: c };
    if ('DWS'.includes(c)) return { t: 'any' };
    if (c === 'n') return { t: 'char', c: '\n' };
    if (c === 't') return { t: 'char', c: '\t' };
    if (c === 'r') return { t: 'char', c: '\r' };
    if (c === 'f') return { t: 'char', c: '\f' };
    if (c === 'v') return { t: 'char', c: '\v' };
    if (c === 'x') {
      const h = /^[0-9a-fA-F]{2}/.exec(source.slice(i));
      if (!h) throw new Unreadable('\\x');
      i += 2;
      return { t: 'char', c: String.fromCharCode(parseInt(h[0], 16)) };
    }
    if (c === 'u') {
      const h = /^[0-9a-fA-F]{4}/.exec(source.slice(i));
      if (!h) throw new Unreadable('\\u');
      i += 4;
      return { t: 'char', c: String.fromCharCode(parseInt(h[0], 16)) };
    }
    if (/[0-9ckpPq]/.test(c)) throw new Unreadable(`\\${c}`); // back-references, control and property escapes
    return { t: 'char', c }; // \. \( \/ \- ...: the character itself
  };
  const charClass = (): Node => {
    // after the [
    let negated = false;
    if (source[i] === '^') {
      negated = true;
      i++;
    }
    const cs: string[] = [];
    let wide = false;
    // Whether every member is a word character (then the class is one, whatever else is known).
    let word = true;
    while (i < n && source[i] !== ']') {
      let c = source[i++];
      if (c === '\\') {
        const e = escapeChar();
        if (e.t !== 'char') {
          wide = true;
          if (!(e.t === 'any' && (e.cls === 'w' || e.cls === 'd'))) word = false;
          continue;
        }
        c = e.c;
      }
      if (source[i] === '-' && source[i + 1] !== ']' && i + 1 < n) {
        // a range: wide unless tiny
        i++;
        let d = source[i++];
        if (d === '\\') {
          const e = escapeChar();
          if (e.t !== 'char') throw new Unreadable('class range');
          d = e.c;
        }
        const a = c.charCodeAt(0);
        const b = d.charCodeAt(0);
        if (b < a) throw new Unreadable('class range');
        if (!((a >= 48 && b <= 57) || (a >= 65 && b <= 90) || (a >= 97 && b <= 122))) word = false;
        if (b - a + 1 > MAX_SET) wide = true;
        else for (let k = a; k <= b; k++) cs.push(String.fromCharCode(k));
        continue;
      }
      if (!isWordCode(c.charCodeAt(0))) word = false;
      cs.push(c);
    }
    if (source[i] !== ']') throw new Unreadable('unclosed class');
    i++;
    if (negated || cs.length + (wide ? 1 : 0) === 0) return { t: 'any' };
    if (wide || cs.length > MAX_SET) return word ? { t: 'any', cls: 'w' } : { t: 'any' };
    return { t: 'set', cs: [...new Set(cs)] };
  };
  const atom = (): Node => {
    const c = source[i++];
    if (c === '(') {
      let look = false;
      let ahead = false;
      if (source.startsWith('?:', i)) i += 2;
      else if (source.startsWith('?=', i) || source.startsWith('?!', i)) {
        i += 2;
        look = true;
        ahead = true;
      } else if (source.startsWith('?<=', i) || source.startsWith('?<!', i)) {
        i += 3;
        look = true;
      } else if (source[i] === '?') {
        const m = /^\?<[A-Za-z_$][\w$]*>/.exec(source.slice(i));
        if (!m) throw new Unreadable('group');
        i += m[0].length;
      }
      const inner = alts();
      if (source[i] !== ')') throw new Unreadable('unclosed group');
      i++;
      return look ? { t: 'look', ahead } : { t: 'group', alts: inner };
    }
    if (c === '[') return charClass();
    if (c === '\\') return escapeChar();
    if (c === '^' || c === '$') return { t: 'assert', end: c === '$' };
    if (c === '.') return { t: 'any' };
    if (c === '*' || c === '+' || c === '?') throw new Unreadable('nothing to repeat');
    return { t: 'char', c };
  };
  const out = alts();
  if (i < n) throw new Unreadable('unbalanced )');
  return out;
}

// ---- requirements

/**
 * The finite set of strings a node matches, when it is small: "race" or ["s", ""] for "s?", ["a", "the"] for
 * "(a|the)". Undefined when unbounded or too many. Zero-width assertions match "" (they consume nothing).
 */
/** strings() of each node of the regex being read (seqReq asks again for the parts of every group). */
const NOT_FINITE = 0;
let memo = new Map<Node, string[] | typeof NOT_FINITE>();

function strings(node: Node): string[] | undefined {
  const m = memo.get(node);
  if (m !== undefined) return m === NOT_FINITE ? undefined : m;
  const s = stringsOf(node);
  memo.set(node, s ?? NOT_FINITE);
  return s;
}

function stringsOf(node: Node): string[] | undefined {
  switch (node.t) {
    case 'char':
      return [node.c];
    case 'set':
      return node.cs;
    case 'assert':
      return [''];
    case 'any':
    case 'look':
      return undefined;
    case 'group': {
      const out = new Set<string>();
      for (const alt of node.alts) {
        const s = seqStrings(alt);
        if (!s) return undefined;
        for (const x of s) out.add(x);
        if (out.size > MAX_ALTERNATIVES) return undefined;
      }
      return [...out];
    }
    case 'rep': {
      if (node.max === Infinity || node.max > 3) return undefined;
      const inner = strings(node.node);
      if (!inner) return undefined;
      const acc = new Set<string>(node.min === 0 ? [''] : []);
      let cur = [''];
      for (let k = 1; k <= node.max; k++) {
        cur = product(cur, inner);
        if (!cur.length) return undefined;
        if (k >= node.min) for (const x of cur) acc.add(x);
        if (acc.size > MAX_ALTERNATIVES) return undefined;
      }
      return [...acc];
    }
  }
}

function seqStrings(seq: Node[]): string[] | undefined {
  let cur = [''];
  for (const node of seq) {
    const s = strings(node);
    if (!s) return undefined;
    cur = product(cur, s);
    if (!cur.length) return undefined;
  }
  return cur;
}

/** All concatenations; empty when over the cap (the caller then gives up on the exact set). */
function product(a: string[], b: string[]): string[] {
  if (a.length * b.length > MAX_ALTERNATIVES) return [];
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

function or(of: Requirement[]): Requirement {
  const flat: Requirement[] = [];
  for (const r of of) {
    if (r.kind === 'true') return TRUE;
    if (r.kind === 'or') flat.push(...r.of);
    else flat.push(r);
  }
  if (flat.length === 1) return flat[0];
  if (flat.every((r) => r.kind === 'lit')) {
    // One of several literals: a literal that contains another is implied by it ("races" by "race").
    const lits = [...new Set(flat.map((r) => (r as { s: string }).s))];
    const kept = lits.filter((s) => !lits.some((t) => t !== s && s.includes(t)));
    return kept.length === 1 ? { kind: 'lit', s: kept[0] } : { kind: 'or', of: kept.map((s) => ({ kind: 'lit', s })) };
  }
  return { kind: 'or', of: flat };
}

function and(of: Requirement[]): Requirement {
  const flat: Requirement[] = [];
  for (const r of of) {
    if (r.kind === 'true') continue;
    if (r.kind === 'and') flat.push(...r.of);
    else flat.push(r);
  }
  if (!flat.length) return TRUE;
  return flat.length === 1 ? flat[0] : { kind: 'and', of: flat };
}

function fromStrings(s: string[]): Requirement {
  if (s.some((x) => x === '')) return TRUE;
  return or(s.map((x) => ({ kind: 'lit', s: x })));
}

function nodeReq(node: Node): Requirement {
  switch (node.t) {
    case 'char':
      return { kind: 'lit', s: node.c };
    case 'set':
      return fromStrings(node.cs);
    case 'any':
    case 'assert':
    case 'look':
      return TRUE;
    case 'group':
      return or(node.alts.map(seqReq));
    case 'rep':
      return node.min === 0 ? TRUE : nodeReq(node.node);
  }
}

/**
 * A sequence requires each of its parts. Runs of parts with a small finite set of strings (literal characters,
 * "[sz]", "(a|the)", "s?", assertions) are joined into literal alternatives, so "\b(a|the) races?\b" requires
 * "a race" or "the race" rather than just "race".
 */
function seqReq(seq: Node[]): Requirement {
  const parts: Requirement[] = [];
  let run: string[] = [''];
  const flush = (): void => {
    parts.push(fromStrings(run));
    run = [''];
  };
  for (const node of seq) {
    if (node.t === 'look') {
      flush();
      continue;
    }
    if (node.t === 'rep' && node.max === Infinity && node.min >= 1) {
      // "l+y": the first copies join the run before, the last copy joins the run after.
      const one = strings(node.node);
      if (one) {
        let head = run;
        for (let k = 0; k < node.min && head.length; k++) head = product(head, one);
        run = head.length ? head : run;
        flush();
        run = product([''], one);
        if (!run.length) run = [''];
        continue;
      }
    }
    const s = strings(node);
    if (s) {
      const next = product(run, s);
      if (next.length) {
        run = next;
        continue;
      }
      // Too many alternatives: end the run here and start a new one with this part.
      flush();
      const alone = product([''], s);
      if (alone.length) {
        run = alone;
        continue;
      }
    }
    flush();
    parts.push(nodeReq(node));
  }
  flush();
  return and(parts);
}

/**
 * What every match of `re` must contain, derived from its source. `true` when nothing is known: the regex is
 * case-insensitive or unicode-aware (literal containment would not be exact), or uses syntax this reader does not
 * handle.
 */
export function requirementOf(re: RegExp): Requirement {
  return analyse(re).requirement;
}

/** What the prefilter reads off one regex: requirementOf, startOf and endOf, from one parse of its source. */
interface Analysis {
  requirement: Requirement;
  start?: StartHint;
  end?: string;
}

/**
 * requirementOf, startOf and endOf together: the source is parsed once, and the strings of its groups are read once
 * for the requirement and the start (a prefilter is built from hundreds of alternatives, on the first request).
 */
function analyse(re: RegExp): Analysis {
  if (/[iuv]/.test(re.flags)) return { requirement: TRUE };
  let alts: Node[][];
  try {
    alts = parse(re.source);
  } catch (e) {
    if (e instanceof Unreadable) return { requirement: TRUE };
    throw e;
  }
  try {
    const requirement = prune(or(alts.map(seqReq)));
    // A start or an end is read only off a regex of one alternative that keeps no state between calls.
    if (/[gy]/.test(re.flags) || alts.length !== 1) return { requirement };
    return { requirement, start: startOfSeq(alts[0]) ?? startOfGroups(alts[0]), end: endOfSeq(alts[0]) };
  } finally {
    memo = new Map();
  }
}

/**
 * Literals too common to be worth finding: single characters and words of one or two letters ("a", " ", "in",
 * "to"). Nearly every long request contains them, so they filter nothing, and the scan pays for each occurrence.
 */
const WEAK = 2;
function weak(s: string): boolean {
  const t = s.trim();
  return t.length <= 1 || (t.length <= WEAK && /^[a-z]+$/.test(t));
}

/**
 * Literals are cut to this length: a prefix occurs wherever the literal does, and long literals (expanded
 * alternatives like "at the same moment") would mostly add automaton states that filter little more.
 */
const MAX_LITERAL = 12;

/** The requirement with weak literals dropped (a dropped literal requires nothing). */
function prune(r: Requirement): Requirement {
  switch (r.kind) {
    case 'true':
      return r;
    case 'lit':
      return weak(r.s) ? TRUE : r.s.length > MAX_LITERAL ? { kind: 'lit', s: r.s.slice(0, MAX_LITERAL) } : r;
    case 'and':
      return and(r.of.map(prune));
    case 'or':
      return or(r.of.map(prune));
  }
}

/** Characters a part of a regex can consume, as far as known: word characters, digits, spaces, these few. */
interface CharSet {
  w: boolean;
  d: boolean;
  s: boolean;
  chars: Set<number>;
}

/** What JavaScript's \w matches. */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** What JavaScript's \s matches. */
export function isSpaceCode(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Adds to `into` what `node` can consume; false when unknown (a negated or wide class, a lookaround). */
function consumes(node: Node, into: CharSet): boolean {
  switch (node.t) {
    case 'char':
      into.chars.add(node.c.charCodeAt(0));
      return true;
    case 'set':
      for (const c of node.cs) into.chars.add(c.charCodeAt(0));
      return true;
    case 'any':
      if (node.cls === 'w') into.w = true;
      else if (node.cls === 'd') into.d = true;
      else if (node.cls === 's') into.s = true;
      else return false;
      return true;
    case 'assert':
      return true;
    case 'look':
      return false;
    case 'group':
      return node.alts.every((alt) => alt.every((x) => consumes(x, into)));
    case 'rep':
      return consumes(node.node, into);
  }
}

/** Where the search for an alternative's matches may start (see Start). */
export interface StartHint {
  /** Every match contains one of these; its first occurrence bounds where a match can start. */
  literals: string[];
  /** What the part before them can consume (undefined: nothing, the match starts with them). */
  before?: CharSet;
}

/**
 * Where matches of `re` can start: with one of a few literals ("\\b(convert|port) to" starts with "convert" or
 * "port"), or after a run of known characters that ends in one ("\\b\\w+( \\w+)?, \\w+..." has word characters and
 * spaces before ", "). The search then starts at the literals' first occurrence, or at the start of the run of
 * such characters that ends there, instead of at the text's first character: a match starts no earlier. Undefined
 * when unknown.
 */
export function startOf(re: RegExp): StartHint | undefined {
  return analyse(re).start;
}

/** Literals of a start hint, cut to MAX_LITERAL; undefined when one is empty or weak (see startOfSeq). */
function startLiterals(run: string[]): string[] | undefined {
  if (run.some((x) => x === '')) return undefined;
  const cut = [...new Set(run.map((x) => (x.length > MAX_LITERAL ? x.slice(0, MAX_LITERAL) : x)))];
  // Weak literals would be met everywhere (and fire the scan); one with punctuation or a digit (", ") is fine.
  if (cut.some((x) => weak(x) && !/[^a-z\s]/.test(x.trim()))) return undefined;
  if (cut.some((x) => x.trim() === '')) return undefined;
  return cut;
}

/** Cap on the literals of a start hint read through a group (startOfGroups): each is searched for on its own. */
const MAX_START_LITERALS = 24;

/**
 * The strings every match of a sequence starts with (after zero-width assertions), as far as they are a small set.
 * A group that is no small set of strings ends them, with the strings each of its alternatives starts with: a match
 * passes through one of those ("\\bis (this|the \\w+) x" starts with "is this" or "is the ").
 */
function leadingRun(seq: Node[]): string[] {
  let run = [''];
  for (const node of seq) {
    if (node.t === 'assert') continue;
    if (node.t === 'look') break;
    const s = strings(node);
    if (!s) {
      if (node.t !== 'group') break;
      const starts = new Set<string>();
      for (const alt of node.alts) for (const x of leadingRun(alt)) starts.add(x);
      const next = minimalStarts(run.flatMap((a) => [...starts].map((b) => a + b)));
      if (next.length <= MAX_START_LITERALS) run = next;
      break;
    }
    const next = product(run, s);
    if (!next.length) break;
    run = next;
  }
  return run;
}

/** The set without the strings that start with another of it: "port " adds no start where "port" is one. */
function minimalStarts(list: string[]): string[] {
  const all = [...new Set(list)];
  return all.filter((x) => !all.some((y) => y !== x && x.startsWith(y)));
}

/**
 * startOf where startOfSeq finds no hint because the strings a match starts with run into a group that is no small
 * set ("(\\bconvert\\b[^.]{0,9}to|\\bport (it|this))...", "\\bis (this|it|the \\w+) ..."): a match starts with one of
 * the strings leadingRun reads, themselves.
 */
function startOfGroups(seq: Node[]): StartHint | undefined {
  const run = minimalStarts(leadingRun(seq));
  if (run.length > MAX_START_LITERALS) return undefined;
  const literals = startLiterals(run);
  return literals ? { literals } : undefined;
}

/** startOf for a sequence that starts with a small set of strings, or with known characters before one. */
function startOfSeq(seq: Node[]): StartHint | undefined {
  let k = 0;
  let before: CharSet | undefined;
  // The part before the first literal run: nodes with no small set of strings, all of known characters.
  while (k < seq.length && (seq[k].t === 'assert' || !strings(seq[k]))) {
    if (seq[k].t !== 'assert') {
      before ??= { w: false, d: false, s: false, chars: new Set() };
      if (!consumes(seq[k], before)) return undefined;
    }
    k++;
  }
  let run = [''];
  for (; k < seq.length; k++) {
    const node = seq[k];
    if (node.t === 'look') break;
    const s = strings(node);
    if (!s) break;
    const next = product(run, s);
    if (!next.length) break;
    run = next;
  }
  const cut = startLiterals(run);
  return cut ? { literals: cut, before } : undefined;
}

/**
 * What every match of `re` ends with, when its last parts are plain characters ("... or (a |an )?\\w+\\?" ends
 * with "?"). A match then ends at or before the end of that string's last occurrence, and matching the text up to
 * there finds the same first match: a path through the regex that reads further cannot end with the string, and
 * nothing in the regex looks past what it reads (no lookahead, no $). Undefined otherwise.
 */
export function endOf(re: RegExp): string | undefined {
  return analyse(re).end;
}

const looksAhead = (node: Node): boolean =>
  node.t === 'look'
    ? node.ahead === true
    : node.t === 'assert'
      ? node.end === true
      : node.t === 'group'
        ? node.alts.some((alt) => alt.some(looksAhead))
        : node.t === 'rep'
          ? looksAhead(node.node)
          : false;

/** endOf for the one alternative of a regex. */
function endOfSeq(seq: Node[]): string | undefined {
  if (seq.some(looksAhead)) return undefined;
  let tail = '';
  for (let k = seq.length - 1; k >= 0; k--) {
    const node = seq[k];
    if (node.t !== 'char') break;
    tail = node.c + tail;
  }
  return tail || undefined;
}

function literalsOf(r: Requirement, out: Set<string>): void {
  if (r.kind === 'lit') out.add(r.s);
  else if (r.kind === 'and' || r.kind === 'or') for (const x of r.of) literalsOf(x, out);
}

// ---- one pass over the text: an Aho-Corasick automaton over every literal of every regex

/** Whether `re` reads its groups back (\1 or \k<name>): then their numbers and places must stay as written. */
export function readsGroups(re: RegExp): boolean {
  return /\\[1-9k]/.test(re.source);
}

/**
 * The top-level alternatives of a regex as regexes of their own ("a|b(c|d)" -> a, b(c|d)), or the regex itself when
 * it has one, keeps state between calls (flags g, y) or could not be split exactly (back-references). The leftmost
 * match of the whole is the leftmost of the alternatives' matches, the first alternative winning a tie: that is
 * how the engine tries them at each position.
 */
export function alternativesOf(re: RegExp): RegExp[] {
  if (/[gy]/.test(re.flags) || readsGroups(re)) return [re];
  const src = re.source;
  const cuts: number[] = [];
  let depth = 0;
  for (const m of src.matchAll(GROUPING_TOKEN)) {
    const t = m[0];
    if (t === '(') depth++;
    else if (t === ')') depth--;
    else if (t === '|' && depth === 0) cuts.push(m.index);
  }
  if (!cuts.length) return [re];
  const parts: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    parts.push(src.slice(from, cut));
    from = cut + 1;
  }
  parts.push(src.slice(from));
  try {
    return parts.map((p) => new RegExp(p, re.flags));
  } catch {
    return [re];
  }
}

/**
 * `re` with its numbered groups made non-capturing: the same matches, with no captures to record on every attempt
 * (a fifth of the time of a cue such as "\b\w+( \w+)?, \w+( \w+)? or ..." on a long statement). The prefilter runs
 * its alternatives only for what they match and where, never for their groups. Kept as it is when the groups may be
 * read back (back-references), when it keeps state between calls (flags g, y: the caller's own object runs), or in
 * the v mode's nested classes, which this reading does not follow.
 */
export function withoutCaptures(re: RegExp): RegExp {
  if (/[gyv]/.test(re.flags) || readsGroups(re)) return re;
  // One native pass (this runs for every alternative when a prefilter is built, on the first request).
  const out = re.source.replace(SOURCE_TOKEN, (t) => (t === '(' ? '(?:' : t));
  return out !== re.source ? new RegExp(out, re.flags) : re;
}

/** An escape, a character class (its escapes and brackets inside it), or a group's "(" that opens no "(?". */
const SOURCE_TOKEN = /\\[\s\S]?|\[(?:\\[\s\S]?|[^\]\\])*\]?|\((?!\?)/g;
/** An escape, a character class, or a parenthesis or bar, which it takes outside both to be the grouping's. */
const GROUPING_TOKEN = /\\[\s\S]?|\[(?:\\[\s\S]?|[^\]\\])*\]?|[()|]/g;

/** A requirement compiled against literal ids. */
type Check = { kind: 'true' } | { kind: 'lit'; id: number } | { kind: 'and' | 'or'; of: Check[] };

/** The automaton over all literals, as flat arrays. */
interface Automaton {
  /** next[state * classes + class]: the next state, shifted left one bit, the low bit set when it ends a literal. */
  next: Uint16Array | Uint32Array;
  /** The first state on each state's suffix chain that spells a literal (itself or dict), 0 for none. */
  report: Int32Array;
  classes: number;
  classOf: Uint8Array;
  /** The literal id a state spells, or -1. */
  own: Int32Array;
  /** The nearest proper suffix state that spells a literal (0: none). */
  dict: Int32Array;
  /** The scan in which each state was last reached: its literals are recorded on the first visit only. */
  stamp: Uint32Array;
  /** The length of the longest literal: no state spells more. */
  longest: number;
}

/** Where an alternative's search starts (see StartHint), with the copies of the alternative that search. */
interface Anchor {
  ids: Int32Array;
  lengths: Int32Array;
  before?: CharSet;
  /** A global copy: searches from lastIndex on. */
  from: RegExp;
  /** When every match starts with one of the literals (no `before`): the literals, and a sticky copy that tries
   * one position only. */
  words?: string[];
  at?: RegExp;
}

/** What the prefilter knows of its regexes, derived on first use. */
interface Compiled {
  /** For each regex it was built with, its alternatives' ids. */
  altsOf: Map<RegExp, number[]>;
  alts: RegExp[];
  checks: Check[];
  /** For an alternative with a start hint: its literals' ids and lengths, what may come before them, and a global
   * copy of the alternative to search from there. */
  anchors: Array<Anchor | undefined>;
  /** For an alternative whose matches all end with the same characters: those (see endOf). */
  ends: Array<string | undefined>;
  literals: string[];
  /** The alternatives whose requirement names literal k: usesAt[k] .. usesAt[k + 1] in uses. */
  usesAt: Int32Array;
  uses: Int32Array;
  /** Alternatives with no literal requirement (always run). */
  always: Int32Array;
}

/**
 * The cue regexes of one kind of text, split into their top-level alternatives, each with the literals its
 * matches need, all compiled into one automaton. Derived on first use or by prepare() (once; the router's words
 * prefilter takes about 150 ms on a 2-CPU machine, bench figure router_prepare_ms) from the regexes as they are, so a
 * cue added to a table is covered with no extra step; a regex the prefilter was not built with is run as it is.
 */
export class Prefilter {
  private readonly input: RegExp[];
  private compiled: Compiled | undefined;
  private automaton: Automaton | undefined;
  private scanLoop: Scanner | undefined;
  private scanId = 0;
  /** Arrays of released scans, reused by the next (allocating them was a few per cent of a decision). */
  private readonly pool: Array<{ end: Int32Array; candidate: Uint8Array }> = [];

  constructor(regexes: Iterable<RegExp>) {
    this.input = [...new Set(regexes)];
  }

  private get c(): Compiled {
    if (this.compiled) return this.compiled;
    const altsOf = new Map<RegExp, number[]>();
    const alts: RegExp[] = [];
    const reqs: Requirement[] = [];
    const starts: Array<StartHint | undefined> = [];
    const ends: Array<string | undefined> = [];
    for (const re of this.input) {
      const ids: number[] = [];
      for (const alt of alternativesOf(re)) {
        ids.push(alts.length);
        alts.push(withoutCaptures(alt));
        // Its groups made non-capturing read the same: the analysis does not tell the two kinds apart.
        const a = analyse(alt);
        reqs.push(a.requirement);
        starts.push(a.start);
        ends.push(a.end);
      }
      altsOf.set(re, ids);
    }
    const all = new Set<string>();
    for (const r of reqs) literalsOf(r, all);
    for (const a of starts) if (a) for (const x of a.literals) all.add(x);
    const literals = [...all];
    const ids = new Map(literals.map((s, k) => [s, k]));
    const compile = (r: Requirement): Check =>
      r.kind === 'true'
        ? r
        : r.kind === 'lit'
          ? { kind: 'lit', id: ids.get(r.s)! }
          : { kind: r.kind, of: r.of.map(compile) };
    const checks = reqs.map(compile);
    // Inverted index: literal -> the alternatives that name it.
    const lists: number[][] = literals.map(() => []);
    const always: number[] = [];
    reqs.forEach((r, alt) => {
      const own = new Set<string>();
      literalsOf(r, own);
      if (!own.size) always.push(alt);
      for (const s of own) lists[ids.get(s)!].push(alt);
    });
    const usesAt = new Int32Array(literals.length + 1);
    for (let k = 0; k < literals.length; k++) usesAt[k + 1] = usesAt[k] + lists[k].length;
    this.compiled = {
      altsOf,
      alts,
      checks,
      anchors: starts.map((a, k) =>
        a
          ? {
              ids: Int32Array.from(a.literals.map((x) => ids.get(x)!)),
              lengths: Int32Array.from(a.literals.map((x) => x.length)),
              before: a.before,
              from: new RegExp(alts[k].source, alts[k].flags + 'g'),
              ...(a.before ? {} : { words: a.literals, at: new RegExp(alts[k].source, alts[k].flags + 'y') }),
            }
          : undefined,
      ),
      ends,
      literals,
      usesAt,
      uses: Int32Array.from(lists.flat()),
      always: Int32Array.from(always),
    };
    return this.compiled;
  }

  /** Derives now what the first scan would: the alternatives' literals, the automaton and the scan loop. */
  prepare(): void {
    this.scan('').release();
  }

  /** Whether that is done (by prepare() or a scan). */
  get prepared(): boolean {
    return this.scanLoop !== undefined;
  }

  /** The distinct literals the automaton looks for. */
  get literals(): readonly string[] {
    return this.c.literals;
  }

  /** The regexes this prefilter was built with. */
  regexes(): RegExp[] {
    return [...this.input];
  }

  /** The requirement derived for `re`: one of its alternatives' (`true` for a regex it was not built with). */
  requirement(re: RegExp): Requirement {
    const { altsOf, checks, literals } = this.c;
    const ids = altsOf.get(re);
    return ids ? or(ids.map((k) => decompile(checks[k], literals))) : TRUE;
  }

  /** Aho-Corasick: the trie of all literals, completed into a transition table by failure links. */
  private build(): Automaton {
    const literals = this.c.literals;
    // Alphabet: each character that occurs in some literal has a class; every other character is class 0.
    const classOf = new Uint8Array(65536);
    let K = 1;
    let chars = 0;
    for (const s of literals)
      for (let k = 0; k < s.length; k++) {
        const c = s.charCodeAt(k);
        chars++;
        if (classOf[c] === 0) {
          if (K === 256) throw new Error('prefilter: more than 255 distinct literal characters');
          classOf[c] = K++;
        }
      }
    // Trie as first-child / next-sibling lists (at most one state per literal character).
    const cap = chars + 1;
    const child = new Int32Array(cap).fill(-1);
    const sibling = new Int32Array(cap).fill(-1);
    const label = new Uint8Array(cap);
    const ownAll = new Int32Array(cap).fill(-1);
    let states = 1;
    for (let id = 0; id < literals.length; id++) {
      const s = literals[id];
      let st = 0;
      for (let k = 0; k < s.length; k++) {
        const c = classOf[s.charCodeAt(k)];
        let t = child[st];
        while (t >= 0 && label[t] !== c) t = sibling[t];
        if (t < 0) {
          t = states++;
          label[t] = c;
          sibling[t] = child[st];
          child[st] = t;
        }
        st = t;
      }
      ownAll[st] = id;
    }
    const delta = states < 65536 ? new Uint16Array(states * K) : new Uint32Array(states * K);
    const fail = new Int32Array(states);
    const dict = new Int32Array(states);
    const order = new Int32Array(states);
    let tail = 0;
    for (let t = child[0]; t >= 0; t = sibling[t]) {
      delta[label[t]] = t;
      order[tail++] = t;
    }
    for (let head = 0; head < tail; head++) {
      const st = order[head];
      const f = fail[st];
      dict[st] = ownAll[f] >= 0 ? f : dict[f];
      const base = st * K;
      delta.copyWithin(base, f * K, f * K + K);
      for (let t = child[st]; t >= 0; t = sibling[t]) {
        fail[t] = delta[f * K + label[t]];
        delta[base + label[t]] = t;
        order[tail++] = t;
      }
    }
    const longest = literals.reduce((m, s) => Math.max(m, s.length), 0);
    // States renumbered breadth-first: the shallow states a scan spends most of its time in then share cache lines
    // at the start of the table (in insertion order they are spread over all of it).
    const rank = new Int32Array(states);
    for (let k = 0; k < tail; k++) rank[order[k]] = k + 1;
    const own = new Int32Array(states);
    const dictBfs = new Int32Array(states);
    for (let st = 0; st < states; st++) {
      own[rank[st]] = ownAll[st];
      dictBfs[rank[st]] = rank[dict[st]];
    }
    // The first state on each state's suffix chain that spells a literal (itself or dict), 0 for none.
    const report = new Int32Array(states);
    for (let st = 1; st < states; st++) report[st] = own[st] >= 0 ? st : dictBfs[st];
    // The renumbered table, with a flag in the low bit: does the next state end a literal? Most characters lead to a
    // state that ends none, and then one load per character suffices.
    const next = states < 32768 ? new Uint16Array(states * K) : new Uint32Array(states * K);
    for (let st = 0; st < states; st++) {
      const to = rank[st] * K;
      const from = st * K;
      for (let c = 0; c < K; c++) {
        const t = rank[delta[from + c]];
        next[to + c] = (t << 1) | (report[t] > 0 ? 1 : 0);
      }
    }
    return { next, report, classes: K, classOf, own, dict: dictBfs, longest, stamp: new Uint32Array(states) };
  }

  /** Finds where each literal first occurs in `text`, in one pass. */
  scan(text: string): TextScan {
    const a = (this.automaton ??= this.build());
    const c = this.c;
    const reused = this.pool.pop();
    const end = reused ? reused.end.fill(0) : new Int32Array(c.literals.length);
    const candidate = reused ? reused.candidate.fill(0) : new Uint8Array(c.alts.length);
    for (let k = 0; k < c.always.length; k++) candidate[c.always[k]] = 1;
    if (++this.scanId === 0xffffffff) {
      a.stamp.fill(0);
      this.scanId = 1;
    }
    (this.scanLoop ??= scanner(a, c.usesAt, c.uses))(text, end, candidate, this.scanId);
    return new TextScan(c, end, candidate, text.length, this.pool);
  }
}

/**
 * The text's UTF-16 code units as an array: reading a typed array in the scan loop is about twice as fast as
 * charCodeAt on a string (one native copy instead of a string access per character).
 */
function utf16(text: string): Uint16Array {
  if (scratch.length < text.length * 2) {
    scratch = Buffer.alloc(Math.max(text.length * 2, scratch.length * 2, 8192));
    scratchCodes = new Uint16Array(scratch.buffer, scratch.byteOffset, scratch.length >> 1);
  }
  scratch.write(text, 0, 'utf16le');
  return scratchCodes;
}
/** One buffer for every scan (scans are synchronous and keep nothing of it); Buffer.alloc is never pooled, so its
 * offset is 0 and the Uint16Array view aligned. */
let scratch = Buffer.alloc(0);
let scratchCodes = new Uint16Array(0);

/** Finds where each literal first ends in `text`, and marks the alternatives naming a literal that occurs. */
type Scanner = (text: string, end: Int32Array, candidate: Uint8Array, id: number) => void;

/**
 * The scan loop as a closure over one automaton's arrays: created once per prefilter, so the compiler can treat
 * the arrays as constants (about twice as fast as passing them in).
 */
function scanner(a: Automaton, usesAt: Int32Array, uses: Int32Array): Scanner {
  const { next, report, classes: K, classOf, own, dict, stamp } = a;
  // Each literal ending at i is the state's own or a dictionary suffix's. A state reached before in this scan
  // recorded them all then (earlier), and so did every suffix state below it.
  const record = (st: number, i: number, end: Int32Array, candidate: Uint8Array, id: number): void => {
    for (let t = report[st]; t > 0 && stamp[t] !== id; t = dict[t]) {
      stamp[t] = id;
      const lit = own[t];
      end[lit] = i + 1;
      for (let u = usesAt[lit]; u < usesAt[lit + 1]; u++) candidate[uses[u]] = 1;
    }
  };
  const longest = a.longest;
  // Hits of the second half's run, recorded after the first half's: positions and states.
  let later = new Int32Array(0);
  return (text, end, candidate, id) => {
    const codes = utf16(text);
    const n = text.length;
    let v = 0;
    let i = 0;
    if (n >= 8 * longest) {
      // Two runs at once, over the two halves: each step waits on the table load of the step before, and a second,
      // independent run fills that wait (about 1.3x as fast over a long request). The second run starts from the
      // root `longest` characters before its half: a state is the longest suffix read so far that is in the trie,
      // at most `longest` long, so by the half it is in the state a run over the whole text is in. Its hits wait
      // until the first half is done, so each literal's first occurrence is still the one recorded.
      const h = n >> 1;
      let w = 0;
      for (let j = h - longest; j < h; j++) w = next[(w >>> 1) * K + classOf[codes[j]]];
      if (later.length < 2 * (n - h)) later = new Int32Array(2 * (n - h));
      let m = 0;
      for (let j = h; i < h; i++, j++) {
        v = next[(v >>> 1) * K + classOf[codes[i]]];
        w = next[(w >>> 1) * K + classOf[codes[j]]];
        if (((v | w) & 1) === 0) continue;
        if ((v & 1) === 1) record(v >>> 1, i, end, candidate, id);
        if ((w & 1) === 1) {
          later[m++] = j;
          later[m++] = w >>> 1;
        }
      }
      // The second half is longer by one character when n is odd.
      for (let j = 2 * h; j < n; j++) {
        w = next[(w >>> 1) * K + classOf[codes[j]]];
        if ((w & 1) === 1) {
          later[m++] = j;
          later[m++] = w >>> 1;
        }
      }
      for (let k = 0; k < m; k += 2) record(later[k + 1], later[k], end, candidate, id);
      return;
    }
    for (; i < n; i++) {
      v = next[(v >>> 1) * K + classOf[codes[i]]];
      if ((v & 1) === 1) record(v >>> 1, i, end, candidate, id);
    }
  };
}

/**
 * One text's literals: runs a regex the prefilter holds on that text, or on an opening of it, running only the
 * alternatives whose literals occur there.
 */
export class TextScan {
  constructor(
    private readonly c: Compiled,
    /** 1 + the index of the last character of each literal's first occurrence; 0 when absent. */
    private readonly end: Int32Array,
    /** Alternatives with some literal present (or none needed): only these can match. */
    private readonly candidate: Uint8Array,
    readonly length: number,
    private readonly pool?: Array<{ end: Int32Array; candidate: Uint8Array }>,
  ) {}

  private released = false;

  /**
   * Gives the scan's arrays back for the next scan to reuse. After this the scan knows nothing: every regex runs as
   * it is (never a wrong answer, only a slower one).
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.pool && this.pool.length < 4) this.pool.push({ end: this.end, candidate: this.candidate });
  }

  private possible(alt: number, limit: number): boolean {
    if (this.released) return true;
    return this.candidate[alt] === 1 && holds(this.c.checks[alt], this.end, limit);
  }

  /** exec of alternative k on text, from the first occurrence of its anchor literals when it has them. */
  private exec(k: number, whole: string): RegExpExecArray | null {
    if (this.released) return this.c.alts[k].exec(whole);
    // Matches all end with `ends`: none can end after its last occurrence, so the search stops there. A regex that
    // fails tries every position to the end of the text; this one then stops at, say, the last "?".
    const ends = this.c.ends[k];
    let text = whole;
    if (ends !== undefined) {
      const last = whole.lastIndexOf(ends);
      if (last < 0) return null;
      if (last + ends.length < whole.length) text = whole.slice(0, last + ends.length);
    }
    const a = this.c.anchors[k];
    if (!a) return this.c.alts[k].exec(text);
    let from = Infinity;
    for (let j = 0; j < a.ids.length; j++) {
      const e = this.end[a.ids[j]];
      if (e !== 0 && e - a.lengths[j] < from) from = e - a.lengths[j];
    }
    if (from > text.length) return null;
    const b = a.before;
    if (b)
      while (from > 0) {
        const c = text.charCodeAt(from - 1);
        if (!((b.w && isWordCode(c)) || (b.d && c >= 48 && c <= 57) || (b.s && isSpaceCode(c)) || b.chars.has(c)))
          break;
        from--;
      }
    else if (a.at) from = this.hop(a, a.at, text, from);
    if (from === HOP_MATCHED) return hopMatch;
    if (from < 0) return null;
    a.from.lastIndex = from;
    return a.from.exec(text);
  }

  /**
   * Every match of the alternative starts where one of its literals occurs, so it is tried there only, at the
   * first HOPS occurrences from `from` on, each by a sticky copy that tries one position (the global search tries
   * every position up to the end, and a cue that fails spends most of its time there). Returns HOP_MATCHED with the
   * match in hopMatch, -1 when no literal occurs further (no match), or the next occurrence for the global search:
   * no match starts before it, so the leftmost match from there is the leftmost from `from`.
   */
  private hop(a: Anchor, at: RegExp, text: string, from: number): number {
    const words = a.words!;
    const k = words.length;
    if (hopNext.length < k) hopNext = new Int32Array(k);
    const next = hopNext;
    // Each literal's next occurrence that fits in text (-1: none): the first from the scan.
    for (let j = 0; j < k; j++) {
      const e = this.end[a.ids[j]];
      next[j] = e === 0 || e > text.length ? -1 : e - a.lengths[j];
    }
    let q = from;
    for (let tries = 0; tries < HOPS; tries++) {
      at.lastIndex = q;
      const m = at.exec(text);
      if (m) {
        hopMatch = m;
        return HOP_MATCHED;
      }
      let best = -1;
      for (let j = 0; j < k; j++) {
        let p = next[j];
        if (p < 0) continue;
        if (p <= q) {
          p = next[j] = text.indexOf(words[j], q + 1);
          if (p < 0) continue;
        }
        if (best < 0 || p < best) best = p;
      }
      if (best < 0) return -1;
      q = best;
    }
    return q;
  }

  /**
   * Whether `re` may match the first `limit` characters of the scanned text (all of it by default). False only
   * when, for each alternative, a literal every match needs is absent there; a regex not held always may.
   */
  may(re: RegExp, limit = this.length): boolean {
    const ids = this.c.altsOf.get(re);
    if (!ids || this.released) return true;
    for (const k of ids) if (this.possible(k, limit)) return true;
    return false;
  }

  /** `re.test(text)`, where text is the scanned text or an opening of it. */
  test(re: RegExp, text: string): boolean {
    const ids = this.c.altsOf.get(re);
    if (!ids) return re.test(text);
    const limit = text.length;
    for (const k of ids) if (this.possible(k, limit) && this.exec(k, text)) return true;
    return false;
  }

  /** What `re.exec(text)` would match (its [0]), or undefined; text is the scanned text or an opening of it. */
  match(re: RegExp, text: string): string | undefined {
    const ids = this.c.altsOf.get(re);
    if (!ids) return re.exec(text)?.[0];
    const limit = text.length;
    let best: RegExpExecArray | null = null;
    for (const k of ids) {
      if (!this.possible(k, limit)) continue;
      const m = this.exec(k, text);
      // Leftmost wins; on a tie the earlier alternative (the engine tries them in order at each position).
      if (m && (!best || m.index < best.index)) {
        best = m;
        if (m.index === 0) break;
      }
    }
    return best ? best[0] : undefined;
  }
}

/** How many occurrences of its literals an alternative is tried at before the global search takes over (each try
 * is a call: on a literal met everywhere, one search is cheaper). */
const HOPS = 64;
const HOP_MATCHED = -2;
let hopMatch: RegExpExecArray | null = null;
/** hop()'s next occurrence of each literal (synchronous; nothing keeps it). */
let hopNext = new Int32Array(16);

function decompile(c: Check, literals: readonly string[]): Requirement {
  return c.kind === 'true'
    ? TRUE
    : c.kind === 'lit'
      ? { kind: 'lit', s: literals[c.id] }
      : { kind: c.kind, of: c.of.map((x) => decompile(x, literals)) };
}

function holds(c: Check, end: Int32Array, limit: number): boolean {
  switch (c.kind) {
    case 'true':
      return true;
    case 'lit': {
      const e = end[c.id];
      return e !== 0 && e <= limit;
    }
    case 'and':
      for (const x of c.of) if (!holds(x, end, limit)) return false;
      return true;
    case 'or':
      for (const x of c.of) if (holds(x, end, limit)) return true;
      return false;
  }
}

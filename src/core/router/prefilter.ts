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
  | { t: 'any' } // ., \w, \d, a wide or negated class: matches a character, nothing literal known
  | { t: 'assert' } // \b, \B, ^, $: zero-width, keeps the characters around it adjacent
  | { t: 'look' } // lookahead or lookbehind: zero-width
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
    if ('dDwWsS'.includes(c)) return { t: 'any' };
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
    while (i < n && source[i] !== ']') {
      let c = source[i++];
      if (c === '\\') {
        const e = escapeChar();
        if (e.t !== 'char') {
          wide = true;
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
        if (b - a + 1 > MAX_SET) wide = true;
        else for (let k = a; k <= b; k++) cs.push(String.fromCharCode(k));
        continue;
      }
      cs.push(c);
    }
    if (source[i] !== ']') throw new Unreadable('unclosed class');
    i++;
    if (negated || wide || cs.length === 0 || cs.length > MAX_SET) return { t: 'any' };
    return { t: 'set', cs: [...new Set(cs)] };
  };
  const atom = (): Node => {
    const c = source[i++];
    if (c === '(') {
      let look = false;
      if (source.startsWith('?:', i)) i += 2;
      else if (source.startsWith('?=', i) || source.startsWith('?!', i)) {
        i += 2;
        look = true;
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
      return look ? { t: 'look' } : { t: 'group', alts: inner };
    }
    if (c === '[') return charClass();
    if (c === '\\') return escapeChar();
    if (c === '^' || c === '$') return { t: 'assert' };
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
  if (/[iuv]/.test(re.flags)) return TRUE;
  try {
    return or(parse(re.source).map(seqReq));
  } catch (e) {
    if (e instanceof Unreadable) return TRUE;
    throw e;
  } finally {
    memo = new Map();
  }
}

function literalsOf(r: Requirement, out: Set<string>): void {
  if (r.kind === 'lit') out.add(r.s);
  else if (r.kind === 'and' || r.kind === 'or') for (const x of r.of) literalsOf(x, out);
}

// ---- one pass over the text: an Aho-Corasick automaton over every literal of every regex

/** A requirement compiled against literal ids. */
type Check = { kind: 'true' } | { kind: 'lit'; id: number } | { kind: 'and' | 'or'; of: Check[] };

/** The automaton over all literals, as flat arrays. */
interface Automaton {
  /** delta[state * classes + class]: the next state. */
  delta: Uint16Array | Uint32Array;
  classes: number;
  classOf: Uint8Array;
  /** The literal id a state spells, or -1. */
  own: Int32Array;
  /** The nearest proper suffix state that spells a literal (0: none). */
  dict: Int32Array;
  /** The scan in which each state was last reached: its literals are recorded on the first visit only. */
  stamp: Uint32Array;
}

/**
 * The cue regexes of one kind of text, with their required literals compiled into one automaton. Requirements and
 * automaton are derived on first use (a few tens of milliseconds, once) from the regexes as they are, so a cue added
 * to a table is covered with no extra step; a regex the prefilter was not built with is never filtered.
 */
export class Prefilter {
  private readonly index = new Map<RegExp, number>();
  private compiled: { checks: Check[]; literals: string[] } | undefined;
  private automaton: Automaton | undefined;
  private scanId = 0;

  constructor(regexes: Iterable<RegExp>) {
    for (const re of regexes) if (!this.index.has(re)) this.index.set(re, this.index.size);
  }

  /** The requirements of the regexes, against literal ids (derived on first use). */
  private get c(): { checks: Check[]; literals: string[] } {
    if (this.compiled) return this.compiled;
    const reqs = [...this.index.keys()].map(requirementOf);
    const all = new Set<string>();
    for (const r of reqs) literalsOf(r, all);
    const literals = [...all];
    const ids = new Map(literals.map((s, k) => [s, k]));
    const compile = (r: Requirement): Check =>
      r.kind === 'true'
        ? r
        : r.kind === 'lit'
          ? { kind: 'lit', id: ids.get(r.s)! }
          : { kind: r.kind, of: r.of.map(compile) };
    this.compiled = { checks: reqs.map(compile), literals };
    return this.compiled;
  }

  /** The distinct literals the automaton looks for. */
  get literals(): readonly string[] {
    return this.c.literals;
  }

  /** The regexes this prefilter was built with. */
  regexes(): RegExp[] {
    return [...this.index.keys()];
  }

  /** The requirement derived for `re` (`true` for a regex this prefilter was not built with). */
  requirement(re: RegExp): Requirement {
    const k = this.index.get(re);
    return k === undefined ? TRUE : decompile(this.c.checks[k], this.c.literals);
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
    return {
      delta,
      classes: K,
      classOf,
      own: ownAll.slice(0, states),
      dict,
      stamp: new Uint32Array(states),
    };
  }

  /** Finds where each literal first occurs in `text`, in one pass. */
  scan(text: string): TextScan {
    const a = (this.automaton ??= this.build());
    const { checks, literals } = this.c;
    const end = new Int32Array(literals.length);
    const { delta, classes: K, classOf, own, dict, stamp } = a;
    if (++this.scanId === 0xffffffff) {
      stamp.fill(0);
      this.scanId = 1;
    }
    const id = this.scanId;
    let st = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      st = delta[st * K + classOf[text.charCodeAt(i)]];
      // Each literal ending here is this state's own or a dictionary suffix's. A state reached before in this scan
      // recorded them all then (earlier), and so did every suffix state below it.
      for (let t = own[st] >= 0 ? st : dict[st]; t > 0 && stamp[t] !== id; t = dict[t]) {
        stamp[t] = id;
        end[own[t]] = i + 1;
      }
    }
    return new TextScan(this.index, checks, end, text.length);
  }
}

/** One text's literals, to ask which regexes may match it (or a prefix of it). */
export class TextScan {
  constructor(
    private readonly index: ReadonlyMap<RegExp, number>,
    private readonly checks: readonly Check[],
    /** 1 + the index of the last character of each literal's first occurrence; 0 when absent. */
    private readonly end: Int32Array,
    readonly length: number,
  ) {}

  /**
   * Whether `re` may match the first `limit` characters of the scanned text (all of it by default). False only
   * when a literal every match needs is absent there; a regex the prefilter was not built with always may.
   */
  may(re: RegExp, limit = this.length): boolean {
    const k = this.index.get(re);
    return k === undefined || holds(this.checks[k], this.end, limit);
  }
}

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

// The lexer: finds the spans that are not plain code, strings (kept byte-identical by every tier that is meant to be
// lossless, and by the cache key) and comments (dropped by the task-aware tier and the cache key). Which rules apply
// is read from the language table (lang/table.ts): one scanner per lexical family, each switched by the entry's
// flags, and a generic one driven by the entry's comment and quote lists. Fast single passes over char codes; no
// full parse. Each language's own tokenizer checks it in the tests and the bench (Python tokenize, TypeScript's
// scanner, go/scanner, javac, clang).
import { closesFence, fenceOpen } from './fences';
import type { LanguageInfo, QuoteSpec } from './table';

/** str: a string/template/heredoc/raw literal; line/block: comments; doc: a documentation comment. */
export type SpanKind = 'str' | 'line' | 'block' | 'doc';

export interface Span {
  kind: SpanKind;
  start: number;
  /** exclusive */
  end: number;
}

export interface ScanResult {
  spans: Span[];
  /** Python: offsets of line starts that continue a logical line (inside brackets or after a backslash). */
  contLines?: Set<number>;
  /** Python: offsets of line starts inside brackets (subset of contLines). */
}

const NL = 10,
  CR = 13,
  SP = 32,
  TAB = 9,
  BS = 92,
  SQ = 39,
  DQ = 34,
  BT = 96,
  SLASH = 47,
  STAR = 42,
  HASH = 35;

const IDENT = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  IDENT[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 ? 1 : 0;

function isIdent(c: number): boolean {
  return c < 128 ? IDENT[c] === 1 : c === c; // NaN (past the end) is not an identifier char
}
function isWs(c: number): boolean {
  return c === SP || c === TAB || c === NL || c === CR || c === 12 || c === 11;
}

export function scan(text: string, lang: LanguageInfo): ScanResult {
  switch (lang.family) {
    case 'clike':
      return { spans: scanCLike(text, lang) };
    case 'python':
      return scanPython(text);
    case 'shell':
      return { spans: scanShell(text, lang) };
    case 'yaml':
      return { spans: scanYaml(text) };
    case 'markup':
      return { spans: scanMarkup(text) };
    case 'markdown':
      return { spans: scanMarkdown(text) };
    case 'sql':
      return { spans: scanSql(text) };
    case 'generic':
      return { spans: scanGeneric(text, lang) };
    default:
      return { spans: scanPlain(text) };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// C-like

const REGEX_KEYWORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
]);

/** End (exclusive) of a quoted string starting at i (the quote). Stops at an unescaped newline unless multiline. */
function skipQuoted(text: string, i: number, q: number, multiline: boolean): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === q) return i + 1;
    if (c === BS) {
      i += 2;
      continue;
    }
    if (c === NL && !multiline) return i;
    i++;
  }
  return n;
}

/** End of a triple-quoted string (opening at i). */
function skipTriple(text: string, i: number, q: number, escapes = true): number {
  const n = text.length;
  i += 3;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BS && escapes) {
      i += 2;
      continue;
    }
    if (c === q && text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q) {
      // """" at the end: the closing quotes are the last three
      let j = i + 3;
      while (j < n && text.charCodeAt(j) === q) j++;
      return j;
    }
    i++;
  }
  return n;
}

function skipBlockComment(text: string, i: number, nested: boolean): number {
  const n = text.length;
  let depth = 1;
  i += 2;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === STAR && text.charCodeAt(i + 1) === SLASH) {
      i += 2;
      if (--depth === 0) return i;
      continue;
    }
    if (nested && c === SLASH && text.charCodeAt(i + 1) === STAR) {
      depth++;
      i += 2;
      continue;
    }
    i++;
  }
  return n;
}

function skipLine(text: string, i: number, backslashContinues = false): number {
  for (;;) {
    let e = text.indexOf('\n', i);
    if (e < 0) return text.length;
    if (backslashContinues) {
      let k = e - 1;
      if (k >= 0 && text.charCodeAt(k) === CR) k--;
      if (k >= i && text.charCodeAt(k) === BS) {
        i = e + 1;
        continue;
      }
    }
    if (e > 0 && text.charCodeAt(e - 1) === CR) e--;
    return e;
  }
}

/** JS template literal starting at the backtick; handles ${ } with nested strings, templates and comments. */
function skipTemplate(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BS) {
      i += 2;
      continue;
    }
    if (c === BT) return i + 1;
    if (c === 36 && text.charCodeAt(i + 1) === 123) {
      i = skipJsCodeToBrace(text, i + 2);
      continue;
    }
    i++;
  }
  return n;
}

/** From inside `${`, skip JS code up to and including the matching `}`. */
function skipJsCodeToBrace(text: string, i: number): number {
  const n = text.length;
  let depth = 1;
  let prev = 40; // '(' so that a leading / is a regex
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWs(c)) {
      i++;
      continue;
    }
    if (c === SQ || c === DQ) {
      i = skipQuoted(text, i, c, false);
      prev = 48;
      continue;
    }
    if (c === BT) {
      i = skipTemplate(text, i);
      prev = 48;
      continue;
    }
    if (c === SLASH) {
      const d = text.charCodeAt(i + 1);
      if (d === SLASH) {
        i = skipLine(text, i);
        continue;
      }
      if (d === STAR) {
        i = skipBlockComment(text, i, false);
        continue;
      }
      if (!isIdent(prev) && prev !== 41 && prev !== 93) {
        const e = skipRegex(text, i);
        if (e > 0) {
          i = e;
          prev = 48;
          continue;
        }
      }
    }
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i + 1;
    prev = c;
    i++;
  }
  return n;
}

/** End of a regex literal at i, or -1 when it is not one (reaches a newline). */
function skipRegex(text: string, i: number): number {
  const n = text.length;
  let inClass = false;
  i++;
  if (text.charCodeAt(i) === SLASH || text.charCodeAt(i) === STAR) return -1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NL || c === CR) return -1;
    if (c === BS) {
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === 93) inClass = false;
    } else if (c === 91) inClass = true;
    else if (c === SLASH) {
      i++;
      while (i < n && isIdent(text.charCodeAt(i))) i++;
      return i;
    }
    i++;
  }
  return -1;
}

export function scanCLike(text: string, lang: LanguageInfo): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  const js = !!lang.js;
  let i = 0;
  let prev = 0; // last significant code char
  let wordStart = -1,
    wordEnd = -1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SP || c === NL || c === TAB || c === CR) {
      i++;
      continue;
    }
    if (c === SLASH) {
      const d = text.charCodeAt(i + 1);
      if (
        d === SLASH &&
        lang.lineComments !== false &&
        !(text.charCodeAt(i - 1) === 58 && isIdent(text.charCodeAt(i - 2)))
      ) {
        const e = skipLine(text, i, lang.cBackslashComments);
        const c2 = text.charCodeAt(i + 2);
        const doc = (c2 === SLASH && text.charCodeAt(i + 3) !== SLASH) || (!!lang.rust && c2 === 33);
        spans.push({ kind: doc ? 'doc' : 'line', start: i, end: e });
        i = e;
        continue;
      }
      if (d === STAR) {
        const e = skipBlockComment(text, i, !!lang.nestedComments);
        const c2 = text.charCodeAt(i + 2);
        const doc =
          (c2 === STAR && text.charCodeAt(i + 3) !== SLASH && !(lang.rust && text.charCodeAt(i + 3) === STAR)) ||
          (!!lang.rust && c2 === 33);
        spans.push({ kind: doc ? 'doc' : 'block', start: i, end: e });
        i = e;
        continue;
      }
      if (js) {
        let regexOk = !(isIdent(prev) || prev === 41 || prev === 93 || prev === 125);
        if (
          !regexOk &&
          wordStart >= 0 &&
          wordEnd === i - countWsBack(text, i) &&
          REGEX_KEYWORDS.has(text.slice(wordStart, wordEnd))
        )
          regexOk = true;
        if (regexOk) {
          const e = skipRegex(text, i);
          if (e > 0) {
            spans.push({ kind: 'str', start: i, end: e });
            i = e;
            prev = 48;
            wordStart = wordEnd = -1;
            continue;
          }
        }
      }
      prev = c;
      wordStart = -1;
      i++;
      continue;
    }
    if (c === DQ) {
      if (lang.tripleDq && text.charCodeAt(i + 1) === DQ && text.charCodeAt(i + 2) === DQ) {
        const e = skipTriple(text, i, DQ);
        spans.push({ kind: 'str', start: i, end: e });
        i = e;
        prev = 48;
        continue;
      }
      const e = skipQuoted(text, i, DQ, !!lang.dqMultiline);
      spans.push({ kind: 'str', start: i, end: e });
      i = e;
      prev = 48;
      continue;
    }
    if (c === SQ) {
      if (lang.tripleSq && text.charCodeAt(i + 1) === SQ && text.charCodeAt(i + 2) === SQ) {
        const e = skipTriple(text, i, SQ);
        spans.push({ kind: 'str', start: i, end: e });
        i = e;
        prev = 48;
        continue;
      }
      if (lang.rust) {
        // lifetime 'a vs char 'a'
        const c1 = text.charCodeAt(i + 1);
        if (isIdent(c1) && text.charCodeAt(i + 2) !== SQ && c1 !== BS) {
          i++;
          prev = c;
          continue;
        }
      }
      const e = skipQuoted(text, i, SQ, !!lang.sqMultiline);
      spans.push({ kind: 'str', start: i, end: e });
      i = e;
      prev = 48;
      continue;
    }
    if (c === BT) {
      if (js) {
        const e = skipTemplate(text, i);
        spans.push({ kind: 'str', start: i, end: e });
        i = e;
        prev = 48;
        continue;
      }
      if (lang.backtickRaw) {
        let e = text.indexOf('`', i + 1);
        e = e < 0 ? n : e + 1;
        spans.push({ kind: 'str', start: i, end: e });
        i = e;
        prev = 48;
        continue;
      }
    }
    if (c === HASH && lang.hashComments && text.charCodeAt(i + 1) !== 91) {
      const e = skipLine(text, i);
      spans.push({ kind: 'line', start: i, end: e });
      i = e;
      continue;
    }
    if (c === 64 && lang.csVerbatim && text.charCodeAt(i + 1) === DQ) {
      const e = skipVerbatim(text, i + 1);
      spans.push({ kind: 'str', start: i, end: e });
      i = e;
      prev = 48;
      continue;
    }
    if (isIdent(c)) {
      const s = i;
      i++;
      while (i < n && isIdent(text.charCodeAt(i))) i++;
      const nc = text.charCodeAt(i);
      if (lang.rust && (nc === DQ || nc === HASH) && (i - s === 1 || i - s === 2) && /^b?r$/.test(text.slice(s, i))) {
        const e = skipRustRaw(text, i);
        if (e > 0) {
          spans.push({ kind: 'str', start: s, end: e });
          i = e;
          prev = 48;
          continue;
        }
      }
      if (lang.cppRaw && nc === DQ && /^(u8|u|U|L)?R$/.test(text.slice(s, i))) {
        const e = skipCppRaw(text, i);
        if (e > 0) {
          spans.push({ kind: 'str', start: s, end: e });
          i = e;
          prev = 48;
          continue;
        }
      }
      if (lang.csVerbatim && nc === 64 && text.charCodeAt(i + 1) === DQ && text.slice(s, i) === '$') {
        const e = skipVerbatim(text, i + 1);
        spans.push({ kind: 'str', start: s, end: e });
        i = e;
        prev = 48;
        continue;
      }
      wordStart = s;
      wordEnd = i;
      prev = 48;
      continue;
    }
    prev = c;
    wordStart = -1;
    i++;
  }
  return spans;
}

function countWsBack(text: string, i: number): number {
  let k = 0;
  while (i - k - 1 >= 0 && isWs(text.charCodeAt(i - k - 1))) k++;
  return k;
}

function skipVerbatim(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    if (text.charCodeAt(i) === DQ) {
      if (text.charCodeAt(i + 1) === DQ) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return n;
}

function skipRustRaw(text: string, i: number): number {
  let hashes = 0;
  while (text.charCodeAt(i) === HASH) {
    hashes++;
    i++;
  }
  if (text.charCodeAt(i) !== DQ) return -1;
  const close = '"' + '#'.repeat(hashes);
  const e = text.indexOf(close, i + 1);
  return e < 0 ? text.length : e + close.length;
}

function skipCppRaw(text: string, i: number): number {
  const open = text.indexOf('(', i + 1);
  if (open < 0 || open - i > 17) return -1;
  const delim = text.slice(i + 1, open);
  if (/[\s\\)]/.test(delim)) return -1;
  const close = ')' + delim + '"';
  const e = text.indexOf(close, open + 1);
  return e < 0 ? text.length : e + close.length;
}

// ---------------------------------------------------------------------------------------------------------------
// Python

function isPyPrefix(s: string): boolean {
  return s.length <= 2 && /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/.test(s);
}

export function scanPython(text: string): ScanResult {
  const spans: Span[] = [];
  const contLines = new Set<number>();
  const n = text.length;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SP) {
      i++;
      continue;
    }
    if (c === NL) {
      if (depth > 0) contLines.add(i + 1);
      i++;
      continue;
    }
    if (c === BS) {
      // explicit line joining
      let k = i + 1;
      if (text.charCodeAt(k) === CR) k++;
      if (text.charCodeAt(k) === NL) {
        contLines.add(k + 1);
        i = k + 1;
        continue;
      }
      i++;
      continue;
    }
    if (c === HASH) {
      const e = skipLine(text, i);
      spans.push({ kind: 'line', start: i, end: e });
      i = e;
      continue;
    }
    if (c === SQ || c === DQ) {
      i = pyString(text, i, i, spans);
      continue;
    }
    if (c > 127 || IDENT[c] === 1) {
      const s = i;
      i++;
      for (;;) {
        const d = text.charCodeAt(i);
        if (d < 128 ? IDENT[d] !== 1 : d !== d) break;
        i++;
      }
      if (i - s <= 2) {
        const nc = text.charCodeAt(i);
        if ((nc === SQ || nc === DQ) && isPyPrefix(text.slice(s, i))) {
          i = pyString(text, s, i, spans);
        }
      }
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    i++;
  }
  return { spans, contLines };
}

function pyString(text: string, start: number, q: number, spans: Span[]): number {
  const qc = text.charCodeAt(q);
  let e: number;
  if (text.charCodeAt(q + 1) === qc && text.charCodeAt(q + 2) === qc) e = skipTriple(text, q, qc);
  else e = skipQuoted(text, q, qc, false);
  spans.push({ kind: 'str', start, end: e });
  return e;
}

// ---------------------------------------------------------------------------------------------------------------
// Shell-like (# comments, quotes, heredocs)

export function scanShell(text: string, lang: LanguageInfo): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  const sh = /^(shellscript|bash|sh|zsh|ksh|dockerfile|makefile|ruby|perl)$/.test(lang.languageId);
  const pendingHeredocs: { delim: string; strip: boolean }[] = [];
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NL) {
      i++;
      // heredoc bodies start on the next line
      while (pendingHeredocs.length && i < n) {
        const h = pendingHeredocs.shift()!;
        const s = i - 1; // from the newline, so the body's first line counts as inside
        let p = i;
        for (;;) {
          const e = text.indexOf('\n', p);
          const lineEnd = e < 0 ? n : e;
          let line = text.slice(p, lineEnd);
          if (line.endsWith('\r')) line = line.slice(0, -1);
          if (
            (h.strip ? line.replace(/^\t+/, '') : line) === h.delim ||
            (lang.languageId === 'ruby' && line.trim() === h.delim)
          ) {
            p = lineEnd;
            break;
          }
          if (e < 0) {
            p = n;
            break;
          }
          p = e + 1;
        }
        spans.push({ kind: 'str', start: s, end: p });
        i = p;
      }
      continue;
    }
    if (c === 60 && text.charCodeAt(i + 1) === HASH && lang.id === 'powershell') {
      let e = text.indexOf('#>', i + 2);
      e = e < 0 ? n : e + 2;
      spans.push({ kind: 'block', start: i, end: e });
      i = e;
      continue;
    }
    if (c === HASH) {
      const pc = i > 0 ? text.charCodeAt(i - 1) : NL;
      if (isWs(pc) || pc === 59 || i === 0) {
        const e = skipLine(text, i);
        spans.push({ kind: 'line', start: i, end: e });
        i = e;
        continue;
      }
      i++;
      continue;
    }
    if (c === BS) {
      i += 2;
      continue;
    }
    if (c === SQ) {
      if (
        !sh &&
        lang.languageId !== 'powershell' &&
        lang.languageId !== 'r' &&
        lang.languageId !== 'elixir' &&
        lang.languageId !== 'julia'
      ) {
        // toml/ini/properties: quotes only at value start
        const pc = text.charCodeAt(i - 1);
        if (isIdent(pc)) {
          i++;
          continue;
        }
      } else if (
        isIdent(text.charCodeAt(i - 1)) &&
        lang.languageId !== 'shellscript' &&
        lang.languageId !== 'bash' &&
        lang.languageId !== 'sh' &&
        lang.languageId !== 'zsh'
      ) {
        i++;
        continue;
      }
      const multi = sh || lang.languageId === 'powershell' || lang.languageId === 'r';
      const e =
        text.charCodeAt(i + 1) === SQ && text.charCodeAt(i + 2) === SQ
          ? skipTriple(text, i, SQ, false)
          : sh
            ? skipUntil(text, i + 1, SQ)
            : skipQuoted(text, i, SQ, multi);
      spans.push({ kind: 'str', start: i, end: e });
      i = e;
      continue;
    }
    if (c === DQ) {
      const e =
        text.charCodeAt(i + 1) === DQ && text.charCodeAt(i + 2) === DQ
          ? skipTriple(text, i, DQ)
          : sh
            ? skipShellDq(text, i)
            : skipQuoted(text, i, DQ, true);
      spans.push({ kind: 'str', start: i, end: e });
      i = e;
      continue;
    }
    if (c === BT && sh) {
      const e = skipQuoted(text, i, BT, true);
      spans.push({ kind: 'str', start: i, end: e });
      i = e;
      continue;
    }
    if (c === 60 && text.charCodeAt(i + 1) === 60 && text.charCodeAt(i + 2) !== 60 && sh) {
      const m = /^<<(-|~)?[ \t]*(["']?)([A-Za-z_][\w.-]*)\2/.exec(text.slice(i, i + 80));
      if (m) {
        pendingHeredocs.push({ delim: m[3], strip: m[1] === '-' || m[1] === '~' });
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
  return spans;
}

function skipUntil(text: string, i: number, q: number): number {
  const e = text.indexOf(String.fromCharCode(q), i);
  return e < 0 ? text.length : e + 1;
}

/** Double-quoted shell string; $( ... ) inside may hold its own quotes. */
function skipShellDq(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BS) {
      i += 2;
      continue;
    }
    if (c === DQ) return i + 1;
    if (c === 36 && text.charCodeAt(i + 1) === 40) {
      i = skipShellParen(text, i + 2);
      continue;
    }
    if (c === BT) {
      i = skipQuoted(text, i, BT, true);
      continue;
    }
    i++;
  }
  return n;
}

function skipShellParen(text: string, i: number): number {
  const n = text.length;
  let depth = 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BS) {
      i += 2;
      continue;
    }
    if (c === DQ) {
      i = skipShellDq(text, i);
      continue;
    }
    if (c === SQ) {
      i = skipUntil(text, i + 1, SQ);
      continue;
    }
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return i + 1;
    i++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// YAML

export function scanYaml(text: string): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  let p = 0;
  while (p < n) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = n;
    let indent = 0;
    while (p + indent < e && text.charCodeAt(p + indent) === SP) indent++;
    // position of content after "- " items
    let k = p + indent;
    while (text.charCodeAt(k) === 45 && (text.charCodeAt(k + 1) === SP || k + 1 === e)) {
      k += 2;
      while (text.charCodeAt(k) === SP) k++;
    }
    const keyCol = k - p;
    let i = p + indent;
    let atValueStart = true;
    let blockScalar = false;
    let lineEnd = e;
    while (i < lineEnd) {
      const c = text.charCodeAt(i);
      if (c === HASH && (i === p || isWs(text.charCodeAt(i - 1)))) {
        const ce = text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
        spans.push({ kind: 'line', start: i, end: ce });
        break;
      }
      if ((c === SQ || c === DQ) && atValueStart) {
        const se = c === SQ ? skipYamlSq(text, i) : skipQuoted(text, i, DQ, true);
        spans.push({ kind: 'str', start: i, end: se });
        i = se;
        if (se > lineEnd) {
          lineEnd = text.indexOf('\n', se);
          if (lineEnd < 0) lineEnd = n;
        }
        atValueStart = false;
        continue;
      }
      if (c === 124 || c === 62) {
        // block scalar indicator when it is the last thing on the line (bar a comment)
        if (atValueStart) {
          const rest = text.slice(i + 1, lineEnd);
          if (/^[-+0-9]*[ \t]*(#.*)?\r?$/.test(rest)) {
            blockScalar = true;
          }
        }
      }
      if (c === SP || c === TAB) {
        i++;
        continue;
      }
      atValueStart =
        c === 58
          ? text.charCodeAt(i + 1) === SP || i + 1 === lineEnd
          : c === 45 || c === 91 || c === 123 || c === 44 || c === 63;
      if (
        c === 58 &&
        !(
          text.charCodeAt(i + 1) === SP ||
          text.charCodeAt(i + 1) === TAB ||
          i + 1 >= lineEnd ||
          text.charCodeAt(i + 1) === CR
        )
      )
        atValueStart = false;
      i++;
    }
    p = lineEnd + 1;
    if (blockScalar) {
      // body: following lines blank or indented more than the key's column
      const s = p;
      let last = s;
      let q = p;
      while (q < n) {
        let le = text.indexOf('\n', q);
        if (le < 0) le = n;
        let ind = 0;
        while (q + ind < le && text.charCodeAt(q + ind) === SP) ind++;
        const blank = q + ind >= le || (text.charCodeAt(q + ind) === CR && q + ind + 1 === le);
        if (!blank && ind <= keyCol && !(ind === keyCol && false)) break;
        if (!blank) last = le;
        q = le + 1;
      }
      // from the newline before the body, so its first line counts as inside
      if (last > s) {
        spans.push({ kind: 'str', start: s - 1, end: last });
        p = last + 1;
      }
    }
  }
  return spans;
}

function skipYamlSq(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    if (text.charCodeAt(i) === SQ) {
      if (text.charCodeAt(i + 1) === SQ) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Markup (HTML/XML) and Markdown

const RAW_TAGS = /^(pre|textarea|script|style|code|xmp|listing|plaintext)$/i;

export function scanMarkup(text: string): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      let e = text.indexOf('-->', i + 4);
      e = e < 0 ? n : e + 3;
      spans.push({ kind: 'block', start: i, end: e });
      i = e;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      let e = text.indexOf(']]>', i);
      e = e < 0 ? n : e + 3;
      spans.push({ kind: 'str', start: i, end: e });
      i = e;
      continue;
    }
    const m = /^<([A-Za-z][\w:.-]*)/.exec(text.slice(i, i + 64));
    if (!m) {
      i++;
      continue;
    }
    // tag: attributes until '>'
    let j = i + m[0].length;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 62) {
        j++;
        break;
      }
      if (c === DQ || c === SQ) {
        let e = text.indexOf(String.fromCharCode(c), j + 1);
        e = e < 0 ? n : e + 1;
        spans.push({ kind: 'str', start: j, end: e });
        j = e;
        continue;
      }
      j++;
    }
    i = j;
    if (RAW_TAGS.test(m[1]) && text.charCodeAt(j - 2) !== SLASH) {
      const re = new RegExp('</' + m[1] + '\\s*>', 'i');
      re.lastIndex = 0;
      const rest = text.slice(j);
      const mm = re.exec(rest);
      const e = mm ? j + mm.index : n;
      if (e > j) spans.push({ kind: 'str', start: j, end: e });
      i = e;
    }
  }
  return spans;
}

export function scanMarkdown(text: string): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  let p = 0;
  let fence: string | null = null;
  let fenceStart = 0;
  while (p < n) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = n;
    const line = text.slice(p, e);
    if (fence === null) {
      const open = fenceOpen(line);
      if (open) {
        fence = open.marker;
        fenceStart = p;
      } else {
        let k = line.indexOf('<!--');
        while (k >= 0) {
          let ce = text.indexOf('-->', p + k + 4);
          ce = ce < 0 ? n : ce + 3;
          spans.push({ kind: 'block', start: p + k, end: ce });
          if (ce > e) {
            e = text.indexOf('\n', ce);
            if (e < 0) e = n;
            break;
          }
          k = line.indexOf('<!--', ce - p);
        }
      }
    } else if (closesFence(line, fence)) {
      spans.push({ kind: 'str', start: fenceStart, end: e });
      fence = null;
    }
    p = e + 1;
  }
  if (fence !== null) spans.push({ kind: 'str', start: fenceStart, end: n });
  return spans;
}

// ---------------------------------------------------------------------------------------------------------------
// SQL

export function scanSql(text: string): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const e = skipLine(text, i);
      spans.push({ kind: 'line', start: i, end: e });
      i = e;
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const e = skipBlockComment(text, i, false);
      spans.push({ kind: 'block', start: i, end: e });
      i = e;
      continue;
    }
    if (c === SQ || c === DQ || c === BT) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === c) {
          if (text.charCodeAt(j + 1) === c) {
            j += 2;
            continue;
          }
          j++;
          break;
        }
        if (d === BS && c === SQ) {
          j += 2;
          continue;
        }
        j++;
      }
      spans.push({ kind: 'str', start: i, end: Math.min(j, n) });
      i = j;
      continue;
    }
    if (c === 36) {
      const m = /^\$([A-Za-z_]\w*)?\$/.exec(text.slice(i, i + 64));
      if (m) {
        let e = text.indexOf(m[0], i + m[0].length);
        e = e < 0 ? n : e + m[0].length;
        spans.push({ kind: 'str', start: i, end: e });
        i = e;
        continue;
      }
    }
    i++;
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------------------------
// Generic: the entry's own lists of line comments, block comments and quotes (Lua, Haskell, Lisp, Ada, ...)

export function scanGeneric(text: string, lang: LanguageInfo): Span[] {
  const g = lang.generic ?? { lineComments: [], blockComments: [], quotes: [] };
  const spans: Span[] = [];
  const n = text.length;
  const first = new Set<number>();
  for (const s of [...g.lineComments, ...g.blockComments.map(([o]) => o), ...g.quotes.map((x) => x.open)])
    first.add(s.charCodeAt(0));
  let i = 0;
  outer: while (i < n) {
    const c = text.charCodeAt(i);
    if (!first.has(c)) {
      i++;
      continue;
    }
    // Block comments first: Lua's `--[[` starts with its line comment `--`.
    for (const [open, close] of g.blockComments) {
      if (text.startsWith(open, i)) {
        const e = text.indexOf(close, i + open.length);
        const end = e < 0 ? n : e + close.length;
        spans.push({ kind: 'block', start: i, end });
        i = end;
        continue outer;
      }
    }
    for (const lc of g.lineComments) {
      if (text.startsWith(lc, i)) {
        const e = skipLine(text, i);
        spans.push({ kind: 'line', start: i, end: e });
        i = e;
        continue outer;
      }
    }
    for (const qs of g.quotes) {
      if (text.startsWith(qs.open, i)) {
        const e = skipSpec(text, i, qs);
        spans.push({ kind: 'str', start: i, end: e });
        i = e;
        continue outer;
      }
    }
    i++;
  }
  return spans;
}

function skipSpec(text: string, start: number, qs: QuoteSpec): number {
  const n = text.length;
  let i = start + qs.open.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (qs.escape && c === BS) {
      i += 2;
      continue;
    }
    if (c === NL && !qs.multiline) return i;
    if (text.startsWith(qs.close, i)) return i + qs.close.length;
    i++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Plain text: a double-quoted run on one line is a quotation, kept as written.

export function scanPlain(text: string): Span[] {
  const spans: Span[] = [];
  let i = text.indexOf('"');
  while (i >= 0) {
    const e = skipQuoted(text, i, DQ, false);
    spans.push({ kind: 'str', start: i, end: e });
    i = text.indexOf('"', e);
  }
  return spans;
}

// Key normalisation for the response cache: the same code re-selected with other indentation, other whitespace or
// other comments must produce the same key, while any difference that can change an answer must not. So the rules
// only ever drop what a language's own tokenizer drops (comments, blank lines, insignificant spaces), keep every
// string literal byte for byte, and keep relative indentation where indentation is syntax. When the scanner is
// unsure (an unknown language, an odd quote), it keeps more text, never less: a missed hit costs one request, a
// wrong hit serves someone else's answer.

interface QuoteSpec {
  open: string;
  close: string;
  /** backslash escapes the next character */
  escape: boolean;
  /** may span lines; otherwise a newline ends it */
  multiline: boolean;
}

interface Family {
  lineComments: string[];
  blockComments: [string, string][];
  quotes: QuoteSpec[];
  /** `#` starts a comment only at line start or after whitespace (shell, yaml: `a#b` is a word) */
  hashComment?: boolean;
  /** 'drop': indentation is not syntax; 'rank': it is, keep the nesting order (Python, YAML) */
  indent: 'drop' | 'rank';
  /** spaces between a word and punctuation carry no meaning (`a + b` == `a+b`); else runs collapse to one space */
  dropSpaces: boolean;
  /** keep blank lines (collapsed to one); code families drop them */
  keepBlankLines?: boolean;
  /** Rust: `'a` is a lifetime, not a character literal; `r"…"`, `r#"…"#` are raw strings */
  rust?: boolean;
  /** `/.../` after an operator is a regular expression literal */
  jsRegex?: boolean;
  /** a quote opens a string only where a YAML value can start */
  yamlQuotes?: boolean;
  /** lines starting with `#` (C preprocessor) keep their spaces: `#define f (x)` differs from `#define f(x)` */
  preprocessor?: boolean;
}

const q = (open: string, escape = true, multiline = false, close = open): QuoteSpec => ({ open, close, escape, multiline });
const DQ = q('"');
const SQ = q("'");
const TRIPLE_DQ = q('"""', true, true);
const TRIPLE_SQ = q("'''", true, true);
const C_COMMENTS = { lineComments: ['//'], blockComments: [['/*', '*/']] as [string, string][] };

const FAMILIES = {
  js: { ...C_COMMENTS, quotes: [DQ, SQ, q('`', true, true)], indent: 'drop', dropSpaces: true, jsRegex: true },
  c: { ...C_COMMENTS, quotes: [DQ, SQ], indent: 'drop', dropSpaces: true, preprocessor: true },
  java: { ...C_COMMENTS, quotes: [TRIPLE_DQ, DQ, SQ], indent: 'drop', dropSpaces: true },
  csharp: { ...C_COMMENTS, quotes: [TRIPLE_DQ, DQ, SQ], indent: 'drop', dropSpaces: true, preprocessor: true },
  go: { ...C_COMMENTS, quotes: [DQ, SQ, q('`', false, true)], indent: 'drop', dropSpaces: true },
  rust: { ...C_COMMENTS, quotes: [q('"', true, true), SQ], indent: 'drop', dropSpaces: true, rust: true },
  // Swift and Scala give meaning to spaces around operators (`a -b`), so spaces only collapse there.
  swift: { ...C_COMMENTS, quotes: [TRIPLE_DQ, DQ], indent: 'drop', dropSpaces: false },
  dart: { ...C_COMMENTS, quotes: [TRIPLE_DQ, TRIPLE_SQ, DQ, SQ], indent: 'drop', dropSpaces: true },
  php: { ...C_COMMENTS, quotes: [q('"', true, true), q("'", true, true)], indent: 'drop', dropSpaces: true },
  json: { ...C_COMMENTS, quotes: [DQ], indent: 'drop', dropSpaces: true },
  css: { lineComments: [], blockComments: [['/*', '*/']], quotes: [DQ, SQ], indent: 'drop', dropSpaces: false },
  scss: { ...C_COMMENTS, quotes: [DQ, SQ], indent: 'drop', dropSpaces: false },
  python: { lineComments: [], blockComments: [], quotes: [TRIPLE_DQ, TRIPLE_SQ, DQ, SQ], hashComment: true, indent: 'rank', dropSpaces: true },
  ruby: { lineComments: [], blockComments: [], quotes: [q('"', true, true), q("'", true, true)], hashComment: true, indent: 'drop', dropSpaces: false },
  shell: { lineComments: [], blockComments: [], quotes: [q('"', true, true), q("'", false, true)], hashComment: true, indent: 'drop', dropSpaces: false },
  powershell: { lineComments: [], blockComments: [['<#', '#>']], quotes: [q('"', false, true), q("'", false, true)], hashComment: true, indent: 'drop', dropSpaces: false },
  yaml: { lineComments: [], blockComments: [], quotes: [q('"', true, true), q("'", false, true)], hashComment: true, indent: 'rank', dropSpaces: false, yamlQuotes: true },
  hash: { lineComments: [], blockComments: [], quotes: [DQ, SQ], hashComment: true, indent: 'drop', dropSpaces: false },
  makefile: { lineComments: [], blockComments: [], quotes: [], hashComment: true, indent: 'rank', dropSpaces: false },
  sql: { lineComments: ['--'], blockComments: [['/*', '*/']], quotes: [q("'", false, true), q('"', false, true)], indent: 'drop', dropSpaces: true },
  lua: { lineComments: ['--'], blockComments: [['--[[', ']]']], quotes: [DQ, SQ, q('[[', false, true, ']]')], indent: 'drop', dropSpaces: true },
  haskell: { lineComments: ['--'], blockComments: [['{-', '-}']], quotes: [DQ], indent: 'rank', dropSpaces: false },
  lisp: { lineComments: [';'], blockComments: [], quotes: [q('"', true, true)], indent: 'drop', dropSpaces: false },
  markup: { lineComments: [], blockComments: [['<!--', '-->']], quotes: [], indent: 'drop', dropSpaces: false },
  /** Prose and languages we do not know: no comments, double-quoted text kept, indentation order kept. */
  plain: { lineComments: [], blockComments: [], quotes: [DQ], indent: 'rank', dropSpaces: false, keepBlankLines: true },
} satisfies Record<string, Family>;

type FamilyId = keyof typeof FAMILIES;

const LANGUAGE_FAMILY: Record<string, FamilyId> = {};
function map(family: FamilyId, ids: string): void {
  for (const id of ids.split(/\s+/)) if (id) LANGUAGE_FAMILY[id] = family;
}
map('js', 'javascript typescript javascriptreact typescriptreact js ts jsx tsx mjs cjs');
map('c', 'c cpp c++ objective-c objective-cpp cuda-cpp hlsl glsl h hpp cc');
map('java', 'java kotlin kt groovy scala');
map('csharp', 'csharp cs c#');
map('go', 'go golang');
map('rust', 'rust rs');
map('swift', 'swift');
map('dart', 'dart');
map('php', 'php');
map('json', 'json jsonc json5 jsonl');
map('css', 'css');
map('scss', 'scss less');
map('python', 'python py cython');
map('ruby', 'ruby rb perl pl perl6 raku crystal');
map('shell', 'shellscript sh bash zsh fish ksh dockerfile');
map('powershell', 'powershell ps1');
map('yaml', 'yaml yml');
map('hash', 'r toml ini properties cmake elixir ex exs julia nim coffeescript gitignore ignore dotenv tcl');
map('makefile', 'makefile make');
map('sql', 'sql plsql mysql pgsql postgres tsql');
map('lua', 'lua');
map('haskell', 'haskell hs elm purescript');
map('lisp', 'clojure clj lisp scheme racket elisp emacs-lisp commonlisp');
map('markup', 'html xml xsl svg vue svelte astro razor handlebars');
map('plain', 'plaintext markdown md text txt restructuredtext latex tex');

const STARTS = new WeakMap<Family, Uint8Array>();
/** ASCII characters where a run of plain code ends: spaces, line breaks, and where a comment, string or regex can start. */
function starts(f: Family): Uint8Array {
  let t = STARTS.get(f);
  if (!t) {
    t = new Uint8Array(128);
    for (const s of [...f.lineComments, ...f.blockComments.map(([o]) => o), ...f.quotes.map((x) => x.open)]) t[s.charCodeAt(0)] = 1;
    if (f.hashComment || f.rust) t[HASH] = 1;
    if (f.jsRegex) t[SLASH] = 1;
    // Runs of plain code also stop at spaces and line breaks.
    for (const c of [NL, TAB, 11, 12, SPACE]) t[c] = 1;
    STARTS.set(f, t);
  }
  return t;
}

function familyOf(languageId: string): Family {
  return FAMILIES[LANGUAGE_FAMILY[languageId.toLowerCase()] ?? 'plain'];
}

// Character classes that decide whether a space between two tokens is kept when dropSpaces is on: between two
// word characters (`let x`) or two operator characters (`a - -b`, `x < -y`) it is kept, elsewhere dropped.
const CLS_OTHER = 0;
const CLS_WORD = 1;
const CLS_OP = 2;
const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_$]/.test(ch)) CHAR_CLASS[c] = CLS_WORD;
  else if ('+-*/%=<>!&|^~?:.@#\\'.includes(ch)) CHAR_CLASS[c] = CLS_OP;
}
function charClass(c: number): number {
  return c >= 128 ? CLS_WORD : CHAR_CLASS[c];
}

const SPACE = 32;
const TAB = 9;
const NL = 10;
const HASH = 35;
const SLASH = 47;
const BACKSLASH = 92;

const SPACE_TABLE = new Uint8Array(128);
SPACE_TABLE[SPACE] = SPACE_TABLE[TAB] = SPACE_TABLE[11] = SPACE_TABLE[12] = 1;
function isSpace(c: number): boolean {
  return c < 128 ? SPACE_TABLE[c] === 1 : c === 0xa0 || c === 0xfeff;
}

interface OutLine {
  /** true: the line starts inside a multi-line string, its leading whitespace is literal content */
  cont: boolean;
  /** code lines: indentation in columns (tab stops of 8) and in characters */
  indentCol: number;
  leadLen: number;
  /** continuation lines: their leading whitespace, which is string content */
  lead: string;
  text: string;
  blank: boolean;
}

const JS_REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);

/**
 * Normalises source text in the language `languageId` for use in a cache key: comments dropped, blank lines
 * dropped, indentation dropped (or reduced to its nesting order where it is syntax, as in Python), runs of spaces
 * collapsed (and dropped around punctuation where the language allows), string literals kept exactly. Text with
 * Markdown code fences is treated as a prompt: see {@link normalisePromptForKey}.
 */
export function normaliseForKey(text: string, languageId: string): string {
  if (hasFence(text)) return normalisePromptForKey(text, languageId);
  return normaliseCode(text, familyOf(languageId));
}

/**
 * Normalises a whole prompt: code inside Markdown fences is normalised for the fence's language (or `languageId`),
 * and every other line is prose, which only has its spaces collapsed; so the user's words, including `#5` or
 * `// not this`, are kept exactly. Case is kept too: "rename Foo to foo" must not meet "rename foo to Foo".
 */
export function normalisePromptForKey(prompt: string, languageId: string): string {
  const text = prompt.indexOf('\r') >= 0 ? prompt.replace(/\r\n?/g, '\n') : prompt;
  const out: string[] = [];
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.length) out.push('P' + normaliseProse(prose));
    prose = [];
  };
  let pos = 0;
  while (pos <= text.length) {
    const end = lineEnd(text, pos);
    const line = text.slice(pos, end);
    const open = FENCE_OPEN.exec(line);
    if (!open) {
      prose.push(line);
      pos = end + 1;
      continue;
    }
    flushProse();
    const fence = open[1];
    const lang = open[2] || languageId;
    // The code runs to a line holding only the same fence character, at least as many times, or to the end.
    let codeStart = end + 1;
    let p = codeStart;
    let codeEnd = text.length;
    let next = text.length + 1;
    while (p <= text.length) {
      const e = lineEnd(text, p);
      const l = text.slice(p, e).trim();
      if (l.length >= fence.length && l[0] === fence[0] && /^(`+|~+)$/.test(l)) {
        codeEnd = p > 0 ? p - 1 : 0;
        next = e + 1;
        break;
      }
      p = e + 1;
    }
    if (codeStart > text.length) codeStart = text.length;
    const code = codeEnd > codeStart ? text.slice(codeStart, codeEnd) : '';
    out.push('C' + lang.toLowerCase() + '\n' + normaliseCode(code, familyOf(lang)));
    pos = next;
  }
  flushProse();
  // NUL separates the segments: source text practically never contains it, so segments cannot run together.
  return out.join('\u0000');
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([\w#+.-]*)[^`]*$/;

function hasFence(text: string): boolean {
  return /(^|\n) {0,3}(```|~~~)/.test(text);
}

function lineEnd(text: string, pos: number): number {
  const e = text.indexOf('\n', pos);
  return e < 0 ? text.length : e;
}

function normaliseProse(lines: string[]): string {
  const out: string[] = [];
  let blank = true;
  for (const raw of lines) {
    const line = raw.replace(/[ \t\f\v\u00a0\ufeff]+/g, ' ').trim();
    if (!line) {
      blank = true;
      continue;
    }
    if (blank && out.length) out.push('');
    blank = false;
    out.push(line);
  }
  return out.join('\n');
}

/** The scanner: one pass, comments out, strings verbatim, whitespace recorded per line for the indentation rule. */
function normaliseCode(src: string, f: Family): string {
  const text = src.indexOf('\r') >= 0 ? src.replace(/\r\n?/g, '\n') : src;
  const n = text.length;
  const lines: OutLine[] = [];
  let lineText = '';
  const dropSpaces = f.dropSpaces;
  let cont = false;
  let atLineStart = true;
  let indentCol = 0;
  let leadLen = 0;
  let lead = '';
  let pendingSpace = false;
  let lastCls = -1; // class of the last emitted character on this line; -1 at line start
  let lastSig = 0; // last significant code character (for the regex and yaml rules), 0 at line start
  let lastSigAt = -1; // its index
  let lineIsDirective = false;
  let hasText = false;

  const finishLine = () => {
    lines.push({ cont, indentCol, leadLen, lead, text: lineText, blank: !hasText });
    lineText = '';
    cont = false;
    atLineStart = true;
    indentCol = 0;
    leadLen = 0;
    lead = '';
    pendingSpace = false;
    lastCls = -1;
    lastSig = 0;
    lastSigAt = -1;
    lineIsDirective = false;
    hasText = false;
  };

  /** Emits a piece whose first character has class `firstCls` and last `lastClsOfPiece`. */
  const emit = (piece: string, firstCls: number, lastClsOfPiece: number) => {
    if (pendingSpace && lastCls >= 0) {
      if (!dropSpaces || lineIsDirective || (firstCls === lastCls && firstCls !== CLS_OTHER)) lineText += ' ';
    }
    pendingSpace = false;
    lineText += piece;
    lastCls = lastClsOfPiece;
    hasText = true;
  };

  const startsWith = (s: string, at: number) => text.startsWith(s, at);

  let i = 0;
  let runStart = -1; // start of a run of plain code characters not yet emitted
  const flushRun = (end: number) => {
    if (runStart >= 0 && end > runStart) {
      emit(text.slice(runStart, end), charClass(text.charCodeAt(runStart)), charClass(text.charCodeAt(end - 1)));
    }
    runStart = -1;
  };

  const special = starts(f);
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === NL) {
      flushRun(i);
      finishLine();
      i++;
      continue;
    }
    if (isSpace(c)) {
      flushRun(i);
      if (atLineStart) {
        do {
          indentCol = c === TAB ? indentCol + 8 - (indentCol % 8) : indentCol + 1;
          leadLen++;
          c = text.charCodeAt(++i);
        } while (i < n && isSpace(c));
      } else {
        pendingSpace = true;
        do c = text.charCodeAt(++i); while (i < n && isSpace(c));
      }
      continue;
    }
    if (atLineStart) {
      atLineStart = false;
      if (f.preprocessor && c === HASH) lineIsDirective = true;
    }
    if (c >= 128 ? c !== 0xa0 && c !== 0xfeff : special[c] === 0) {
      // Plain code up to the next space, line break or character that may start something special.
      if (runStart < 0) runStart = i;
      do {
        c = text.charCodeAt(++i);
      } while (i < n && (c >= 128 ? c !== 0xa0 && c !== 0xfeff : special[c] === 0));
      lastSig = text.charCodeAt(i - 1);
      lastSigAt = i - 1;
      continue;
    }

    // Comments.
    let comment = -1; // index just past the comment, if one starts here
    let commentHasNewline = false;
    for (const lc of f.lineComments) {
      if (startsWith(lc, i) && !(f.blockComments.length && f.blockComments.some(([o]) => o.startsWith(lc) && o.length > lc.length && startsWith(o, i)))) {
        comment = lineEnd(text, i);
        break;
      }
    }
    if (comment < 0) {
      for (const [open, close] of f.blockComments) {
        if (startsWith(open, i)) {
          const e = text.indexOf(close, i + open.length);
          comment = e < 0 ? n : e + close.length;
          commentHasNewline = text.lastIndexOf('\n', comment - 1) >= i;
          break;
        }
      }
    }
    if (comment < 0 && c === HASH && f.hashComment) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : NL;
      if (prev === NL || isSpace(prev)) comment = lineEnd(text, i);
    }
    if (comment >= 0) {
      flushRun(i);
      if (commentHasNewline) {
        // The comment swallowed line breaks; whatever follows it starts a fresh line.
        finishLine();
        // Spaces right after the comment are that line's indentation only if the comment began the line; either
        // way they are not meaningful here.
        atLineStart = true;
      } else {
        pendingSpace = true;
      }
      i = comment;
      continue;
    }

    // String literals.
    let quote: QuoteSpec | undefined;
    for (const qs of f.quotes) {
      if (startsWith(qs.open, i)) {
        quote = qs;
        break;
      }
    }
    if (f.rust) {
      if (quote?.open === "'" && !/^'(?:\\(?:u\{[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/.test(text.slice(i, i + 12))) {
        quote = undefined; // a lifetime or loop label
      }
      // Raw strings: r"…", r#"…"#, br##"…"##: no escapes, closed by a quote and as many hashes.
      const raw = (c === 34 || c === HASH) && i > 0 ? /(?:^|[^\w])b?r$/.test(text.slice(Math.max(0, i - 3), i)) : false;
      if (raw) {
        const m = /^#*"/.exec(text.slice(i, i + 260));
        if (m) {
          const close = '"' + '#'.repeat(m[0].length - 1);
          quote = { open: m[0], close, escape: false, multiline: true };
        }
      }
    }
    // YAML: a quote in the middle of a plain scalar (`don't`) is just a character.
    if (quote && f.yamlQuotes && !(lastSig === 0 || ':-[{,?'.includes(String.fromCharCode(lastSig)))) quote = undefined;
    if (quote) {
      flushRun(i);
      const end = scanString(text, i, quote);
      emitString(text.slice(i, end));
      lastSig = quote.close.charCodeAt(quote.close.length - 1);
      lastSigAt = end - 1;
      i = end;
      continue;
    }

    // Regular expression literals, where `/` cannot be division.
    if (f.jsRegex && c === SLASH) {
      const prev = lastSig;
      const regexContext = prev === 0
        || '(,=:[!&|?{};+-*%<>~^'.includes(String.fromCharCode(prev))
        || (charClass(prev) === CLS_WORD && JS_REGEX_AFTER_WORD.has(wordEndingAt(text, lastSigAt)));
      if (regexContext) {
        const end = scanRegex(text, i);
        if (end > 0) {
          flushRun(i);
          emit(text.slice(i, end), CLS_OTHER, charClass(text.charCodeAt(end - 1)));
          lastSig = text.charCodeAt(end - 1);
          lastSigAt = end - 1;
          i = end;
          continue;
        }
      }
    }

    // A special character that started nothing: plain code.
    if (runStart < 0) runStart = i;
    lastSig = c;
    lastSigAt = i;
    i++;
  }
  flushRun(n);
  finishLine();

  return assemble(lines, f);

  function emitString(s: string): void {
    const parts = s.split('\n');
    emit(parts[0], CLS_OTHER, CLS_OTHER);
    for (let k = 1; k < parts.length; k++) {
      finishLine();
      cont = true;
      atLineStart = false;
      const p = parts[k];
      let w = 0;
      while (w < p.length && isSpace(p.charCodeAt(w))) w++;
      lead = p.slice(0, w);
      lineText += p.slice(w);
      hasText = true;
      lastCls = CLS_OTHER;
    }
  }
}

function wordEndingAt(text: string, end: number): string {
  let s = end;
  while (s > 0 && charClass(text.charCodeAt(s - 1)) === CLS_WORD) s--;
  return text.slice(s, end + 1);
}

function scanString(text: string, start: number, qs: QuoteSpec): number {
  const n = text.length;
  let i = start + qs.open.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (qs.escape && c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === NL && !qs.multiline) return i; // unterminated on this line: the string ends with it
    if (text.startsWith(qs.close, i)) return i + qs.close.length;
    i++;
  }
  return n;
}

/** End of a `/.../flags` literal on this line, or -1 when there is none (then `/` is division). */
function scanRegex(text: string, start: number): number {
  const n = text.length;
  const next = text.charCodeAt(start + 1);
  if (next === SLASH || next === 42 /* * */ || next === NL || start + 1 >= n) return -1;
  let i = start + 1;
  let inClass = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NL) return -1;
    if (c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === 91 /* [ */) inClass = true;
    else if (c === 93 /* ] */) inClass = false;
    else if (c === SLASH && !inClass) {
      i++;
      while (i < n && /[a-z]/i.test(text[i])) i++;
      return i;
    }
    i++;
  }
  return -1;
}

/**
 * Joins the scanned lines. Code lines lose their indentation, or have it replaced by its rank among the distinct
 * indentation columns (which keeps every "deeper / same / shallower" relation, all that Python's tokenizer looks at).
 * Lines inside multi-line strings keep their leading whitespace less the selection's common indentation, so a
 * uniformly re-indented docstring still matches but a changed one does not.
 */
function assemble(lines: OutLine[], f: Family): string {
  // The common indentation is measured on lines after the first (a selection often starts mid-line) and must
  // include a code line: with string lines alone there is nothing to tell a shift from a change of content.
  let common = Infinity;
  let codeLines = 0;
  for (let k = 1; k < lines.length; k++) {
    const l = lines[k];
    if (l.cont) {
      if (l.text) common = Math.min(common, l.lead.length);
    } else if (!l.blank) {
      common = Math.min(common, l.leadLen);
      codeLines++;
    }
  }
  if (common === Infinity || codeLines === 0) common = 0;

  let ranks: Map<number, number> | undefined;
  if (f.indent === 'rank') {
    const cols = [...new Set(lines.filter((l) => !l.cont && !l.blank).map((l) => l.indentCol))].sort((a, b) => a - b);
    ranks = new Map(cols.map((col, r) => [col, r]));
  }

  const out: string[] = [];
  let pendingBlank = false;
  for (const l of lines) {
    if (l.cont) {
      out.push(l.lead.slice(Math.min(common, l.lead.length)) + l.text);
      pendingBlank = false;
      continue;
    }
    if (l.blank) {
      if (f.keepBlankLines && out.length) pendingBlank = true;
      continue;
    }
    if (pendingBlank) out.push('');
    pendingBlank = false;
    out.push(ranks ? '\t'.repeat(ranks.get(l.indentCol) ?? 0) + l.text : l.text);
  }
  return out.join('\n');
}

// Key normalisation for the response cache: the same code re-selected with other indentation, other whitespace or
// other comments must produce the same key, while any difference that can change an answer must not. So the rules
// only ever drop what a language's own tokenizer drops (comments, blank lines, insignificant spaces), keep every
// string literal byte for byte, and keep relative indentation where indentation is syntax. What is a string or a
// comment comes from the one lexer (lang/lexer.ts), so the cache key and the compressor always agree; what may be
// dropped comes from the language table's key rules. When the lexer is unsure (an unknown language, an odd quote)
// it keeps more text, never less: a missed hit costs one request, a wrong hit serves someone else's answer.
import { fencedBlocksOfLines, hasFence } from '../lang/fences';
import { scan, type Span } from '../lang/lexer';
import { languageInfo, type KeyRules } from '../lang/table';

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

/**
 * Normalises source text in the language `languageId` for use in a cache key: comments dropped, blank lines
 * dropped, indentation dropped (or reduced to its nesting order where it is syntax, as in Python), runs of spaces
 * collapsed (and dropped around punctuation where the language allows), string literals kept exactly. Text with
 * Markdown code fences is treated as a prompt: see {@link normalisePromptForKey}.
 */
export function normaliseForKey(text: string, languageId: string): string {
  if (hasFence(text)) return normalisePromptForKey(text, languageId);
  return normaliseCode(text, languageId);
}

/**
 * Normalises a whole prompt: code inside Markdown fences is normalised for the fence's language (or `languageId`),
 * and every other line is prose, which only has its spaces collapsed; so the user's words, including `#5` or
 * `// not this`, are kept exactly. Case is kept too: "rename Foo to foo" must not meet "rename foo to Foo".
 */
export function normalisePromptForKey(prompt: string, languageId: string): string {
  const text = prompt.indexOf('\r') >= 0 ? prompt.replace(/\r\n?/g, '\n') : prompt;
  const lines = text.split('\n');
  const out: string[] = [];
  let from = 0;
  const prose = (to: number) => {
    if (to > from) out.push('P' + normaliseProse(lines.slice(from, to)));
  };
  for (const block of fencedBlocksOfLines(lines)) {
    prose(block.openLine);
    const lang = block.lang || languageId.toLowerCase();
    out.push('C' + lang + '\n' + normaliseCode(block.body, lang));
    from = block.closeLine + 1;
  }
  prose(lines.length);
  // NUL separates the segments: source text practically never contains it, so segments cannot run together.
  return out.join('\u0000');
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

/** One pass over the lexer's spans: comments out, strings verbatim, whitespace recorded per line for the indentation rule. */
function normaliseCode(src: string, languageId: string): string {
  const text = src.indexOf('\r') >= 0 ? src.replace(/\r\n?/g, '\n') : src;
  const lang = languageInfo(languageId);
  const rules = lang.key;
  const spans: Span[] = scan(text, lang).spans;
  const n = text.length;
  const lines: OutLine[] = [];
  let lineText = '';
  const dropSpaces = rules.dropSpaces;
  let cont = false;
  let atLineStart = true;
  let indentCol = 0;
  let leadLen = 0;
  let lead = '';
  let pendingSpace = false;
  let lastCls = -1; // class of the last emitted character on this line; -1 at line start
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

  /** A string span: its first line joins the current line, its other lines keep their leading whitespace. */
  const emitString = (s: string): void => {
    const parts = s.split('\n');
    const last = s.charCodeAt(s.length - 1);
    // A literal's opening quote or slash joins anything; a prefix (r"", f'', u8"", @"") is a word.
    const c0 = s.charCodeAt(0);
    const first = parts[0] && c0 !== 34 && c0 !== 39 && c0 !== 96 && c0 !== 47 ? charClass(c0) : CLS_OTHER;
    emit(parts[0], first, parts.length === 1 && s ? charClass(last) : CLS_OTHER);
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
      lastCls = k === parts.length - 1 && p ? charClass(last) : CLS_OTHER;
    }
  };

  let si = 0;
  let nextSpan = spans.length ? spans[0].start : n;
  let i = 0;
  while (i < n) {
    if (i >= nextSpan) {
      const span = spans[si++];
      nextSpan = si < spans.length ? spans[si].start : n;
      if (span.end <= i) continue; // overlapped by what came before
      if (span.kind === 'str') {
        if (atLineStart && text.charCodeAt(i) !== NL) {
          atLineStart = false;
          if (rules.preprocessor && text.charCodeAt(i) === HASH) lineIsDirective = true;
        }
        emitString(text.slice(i, span.end));
        i = span.end;
        continue;
      }
      if (!rules.keepComments) {
        if (text.lastIndexOf('\n', span.end - 1) >= i) {
          // The comment swallowed line breaks; whatever follows it starts a fresh line.
          finishLine();
          atLineStart = true;
        } else {
          pendingSpace = true;
        }
        i = span.end;
        continue;
      }
      // A comment that is content here (prose): read on as plain text.
    }
    let c = text.charCodeAt(i);
    if (c === NL) {
      finishLine();
      i++;
      continue;
    }
    if (isSpace(c)) {
      if (atLineStart) {
        do {
          indentCol = c === TAB ? indentCol + 8 - (indentCol % 8) : indentCol + 1;
          leadLen++;
          c = text.charCodeAt(++i);
        } while (i < n && i < nextSpan && isSpace(c));
      } else {
        pendingSpace = true;
        do c = text.charCodeAt(++i);
        while (i < n && i < nextSpan && isSpace(c));
      }
      continue;
    }
    if (atLineStart) {
      atLineStart = false;
      if (rules.preprocessor && c === HASH) lineIsDirective = true;
    }
    // Plain code up to the next space, line break or span.
    const start = i;
    do c = text.charCodeAt(++i);
    while (i < n && i < nextSpan && c !== NL && !isSpace(c));
    emit(text.slice(start, i), charClass(text.charCodeAt(start)), charClass(text.charCodeAt(i - 1)));
  }
  finishLine();

  return assemble(lines, rules);
}

/**
 * Joins the scanned lines. Code lines lose their indentation, or have it replaced by its rank among the distinct
 * indentation columns (which keeps every "deeper / same / shallower" relation, all that Python's tokenizer looks at).
 * Lines inside multi-line strings keep their leading whitespace less the selection's common indentation, so a
 * uniformly re-indented docstring still matches but a changed one does not.
 */
function assemble(lines: OutLine[], f: KeyRules): string {
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

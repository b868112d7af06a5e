// The outline of a source file: its functions and containers (classes, modules, impls, object literals) with their
// line ranges and the body lines that may be elided. One outliner for every reader: the compressor's structural tier
// and Document File. From the editor's document symbols when it has them (EditorRequest.symbols), else from the
// lexer's spans: braces outside strings and comments for C-like and shell-like languages, indentation for Python.
import { anyOf } from './alternatives';
import type { SymbolInfo } from '../types';
import { languageInfo, type LanguageInfo } from './table';
import { scan, type ScanResult, type Span } from './lexer';

export interface OutlineNode {
  name: string;
  kind: 'function' | 'container' | 'other';
  startLine: number;
  endLine: number;
  /** body lines that may be elided, inclusive; bodyStart > bodyEnd when there is none */
  bodyStart: number;
  bodyEnd: number;
  children: OutlineNode[];
}

export function lineStarts(text: string): number[] {
  const out = [0];
  let i = text.indexOf('\n');
  while (i >= 0) {
    out.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return out;
}

export function lineOf(starts: number[], pos: number): number {
  let lo = 0,
    hi = starts.length - 1;
  while (lo < hi) {
    const m = (lo + hi + 1) >> 1;
    if (starts[m] <= pos) lo = m;
    else hi = m - 1;
  }
  return lo;
}

const KEYWORDS = new Set([
  // declarations that open with a parenthesised list, not a call: Go's `import (`, `var (`, `const (`, `type (`
  'import',
  'var',
  'const',
  'type',
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'function',
  'func',
  'fn',
  'fun',
  'def',
  'return',
  'new',
  'typeof',
  'await',
  'async',
  'sizeof',
  'with',
  'foreach',
  'using',
  'lock',
  'synchronized',
  'super',
  'this',
  'constructor',
  'else',
  'do',
  'try',
]);
const CONTROL_RE = anyOf(
  [
    String.raw`else\b`,
    String.raw`if\b`,
    String.raw`for\b`,
    String.raw`foreach\b`,
    String.raw`while\b`,
    String.raw`do\b`,
    String.raw`switch\b`,
    String.raw`try\b`,
    String.raw`catch\b`,
    String.raw`finally\b`,
    String.raw`with\b`,
    String.raw`unsafe\b`,
    String.raw`lock\b`,
    String.raw`using\s*\(`,
    String.raw`synchronized\s*\(`,
    String.raw`match\b`,
    String.raw`loop\b`,
    String.raw`select\b`,
    String.raw`defer\b`,
    String.raw`case\b`,
    String.raw`default\s*:`,
    String.raw`static\s*$`,
    String.raw`then\b`,
    String.raw`elif\b`,
    String.raw`until\b`,
  ],
  '',
  String.raw`^(?:\}\s*)?`,
);
const MODIFIERS = [
  'abstract',
  'public',
  'private',
  'protected',
  'internal',
  'sealed',
  'data',
  'static',
  'final',
  'partial',
  'declare',
  String.raw`pub(?:\([\w\s]+\))?`,
  'open',
  'inline',
  'value',
  'enum',
  'case',
];
const CONTAINERS = [
  'class',
  'interface',
  'namespace',
  'module',
  'enum',
  'struct',
  'union',
  'impl',
  'trait',
  'object',
  'extension',
  'protocol',
  'record',
  'mod',
  'global',
];
const CONTAINER_RE = new RegExp(
  String.raw`(?:^|[\s;])(?:export\s+)?(?:default\s+)?(?:(?:${MODIFIERS.join('|')})\s+)*(${CONTAINERS.join('|')})\b\s*([A-Za-z_$][\w$.]*)?`,
);

export function classifyHeader(h: string): { kind: OutlineNode['kind']; name: string } {
  let header = h
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // object types in a signature (`): { ok: boolean } | undefined`) read as one type name
  for (let k = 0; k < 8 && /\{[^{}]*\}/.test(header); k++) header = header.replace(/\{[^{}]*\}/g, 'T');
  if (!header || CONTROL_RE.test(header)) return { kind: 'other', name: '' };
  const arrow = /=>\s*$/.test(header);
  const cm = CONTAINER_RE.exec(header);
  if (cm && !arrow && !/\)\s*(?::[^()]*)?$/.test(header.slice(cm.index + cm[0].length))) {
    return { kind: 'container', name: cm[2] ?? cm[1] };
  }
  if (arrow) {
    const m =
      /([A-Za-z_$][\w$]*)\s*(?::[^=]*)?[:=]\s*(?:async\s+)?(?:<[^>]*>\s*)?(?:\([^]*\)|[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=>\s*$/.exec(
        header,
      );
    return { kind: 'function', name: m ? m[1] : '' };
  }
  if (/\)[^(){};=]*$/.test(header) || /\b(?:function|func|fn|fun|def|sub|proc)\b/.test(header)) {
    // the first name called outside parentheses: `func (r *T) Name(`, not the receiver; `f(a = g())`, not g
    const re = /([A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>\s*)?\(/g;
    let m: RegExpExecArray | null;
    let name = '';
    let depth = 0;
    let at = 0;
    while ((m = re.exec(header))) {
      for (; at < m.index; at++) depth += header[at] === '(' ? 1 : header[at] === ')' ? -1 : 0;
      if (depth <= 0 && !KEYWORDS.has(m[1])) {
        name = m[1];
        break;
      }
    }
    return { kind: 'function', name };
  }
  if (/(?:=|:|\(|,|return|export default)\s*$/.test(header)) {
    const m = /([A-Za-z_$][\w$]*)\s*(?::[^=]*)?[:=]\s*$/.exec(header);
    return { kind: 'container', name: m ? m[1] : '' };
  }
  return { kind: 'other', name: '' };
}

/** Outline of a brace language from `{` `}` outside strings and comments. */
export function braceOutline(text: string, spans: Span[], starts: number[]): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: { pos: number; node: OutlineNode | null; children: OutlineNode[] }[] = [];
  let si = 0;
  let lastDelim = -1;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (si < spans.length && spans[si].start <= i) {
      i = Math.max(i, spans[si].end);
      si++;
      continue;
    }
    const next = si < spans.length ? spans[si].start : n;
    for (; i < next; i++) {
      const c = text.charCodeAt(i);
      if (c === 123) {
        stack.push({ pos: i, node: null, children: [] });
        lastDelim = i;
      } else if (c === 125) {
        const open = stack.pop();
        lastDelim = i;
        if (!open) continue;
        const ol = lineOf(starts, open.pos),
          cl = lineOf(starts, i);
        const parentList = stack.length ? stack[stack.length - 1].children : roots;
        // a block on one line is no outline entry; `{` and `}` on adjacent lines are one with no body to elide
        // (an empty function is still a function to document)
        if (cl - ol < 1) {
          parentList.push(...open.children);
          continue;
        }
        const hs = headerStart(text, open.pos, spans);
        const { kind, name } = classifyHeader(text.slice(hs, open.pos));
        parentList.push({
          name,
          kind,
          startLine: lineOf(starts, hs),
          endLine: cl,
          bodyStart: ol + 1,
          bodyEnd: cl - 1,
          children: open.children,
        });
      } else if (c === 59) lastDelim = i;
    }
  }
  void lastDelim;
  while (stack.length) {
    const s = stack.pop()!;
    (stack.length ? stack[stack.length - 1].children : roots).push(...s.children);
  }
  return roots;
}

/** The span (string or comment) that holds `pos`, if any; spans are sorted and do not overlap. */
function spanAt(spans: Span[], pos: number): Span | undefined {
  let lo = 0,
    hi = spans.length - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    if (spans[m].end <= pos) lo = m + 1;
    else if (spans[m].start > pos) hi = m - 1;
    else return spans[m];
  }
  return undefined;
}

/**
 * The `{` that opens the group closed at `close` when that group is an object type inside a signature (the `{` comes
 * right after `:`, `<`, `|`, `&`, `(` or `,`), else undefined.
 */
function typeLiteralOpen(text: string, close: number, spans: Span[], lo: number): number | undefined {
  let depth = 0;
  for (let i = close; i >= lo; i--) {
    const inSpan = spanAt(spans, i);
    if (inSpan) {
      i = inSpan.start;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 125) depth++;
    else if (c === 123 && --depth === 0) {
      let j = i - 1;
      while (j >= lo && /\s/.test(text[j])) j--;
      return j >= lo && ':<|&(,'.includes(text[j]) ? i : undefined;
    }
  }
  return undefined;
}

/**
 * Where the header of the block opened at `open` starts: back to the previous `;`, `{`, `}` (or 400 characters), to a
 * `,` outside parentheses (the member before it in an object literal), or to a blank line (Go and others end
 * statements with a newline), whichever comes first; strings and comments are stepped over; then forward past
 * whitespace.
 */
function headerStart(text: string, open: number, spans: Span[]): number {
  let i = open - 1;
  const lo = Math.max(0, open - 400);
  let parens = 0;
  let angles = 0;
  while (i >= lo) {
    const inSpan = spanAt(spans, i);
    if (inSpan) {
      i = inSpan.start - 1;
      continue;
    }
    const c = text.charCodeAt(i);
    // type arguments (`Result<Ast, Error>`, `Map<K, V>`): their commas do not end the header; `->` and `=>` are arrows
    if (c === 62 && i > 0 && text[i - 1] !== '-' && text[i - 1] !== '=') angles++;
    else if (c === 60 && angles > 0) angles--;
    if (c === 125 && parens <= 0) {
      // `): { ok: boolean } {` or `Promise<{ a: T }> {`: an object type in the signature, not the block before it
      const typeOpen = typeLiteralOpen(text, i, spans, lo);
      if (typeOpen !== undefined) {
        i = typeOpen - 1;
        continue;
      }
    }
    if (c === 41) parens++;
    else if (c === 40) parens--;
    else if (parens <= 0 && (c === 59 || c === 123 || c === 125 || (c === 44 && angles <= 0))) break;
    else if (parens <= 0 && c === 10 && /^[ \t\r]*$/.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i))) break;
    i--;
  }
  i++;
  while (i < open && /\s/.test(text[i])) i++;
  return i;
}

/** Outline of Python from def/class lines and indentation. */
export function pythonOutline(text: string, scanRes: ScanResult, starts: number[]): OutlineNode[] {
  const cont = scanRes.contLines ?? new Set<number>();
  const strs = scanRes.spans.filter((s) => s.kind === 'str');
  const nLines = starts.length;
  // per line: indentation of a structural line, or -1
  const ind = new Int32Array(nLines).fill(-1);
  let sp = 0;
  for (let l = 0; l < nLines; l++) {
    const s = starts[l];
    while (sp < strs.length && strs[sp].end <= s) sp++;
    if (sp < strs.length && strs[sp].start < s) continue;
    if (cont.has(s)) continue;
    const e = l + 1 < nLines ? starts[l + 1] - 1 : text.length;
    let w = 0;
    while (s + w < e && (text.charCodeAt(s + w) === 32 || text.charCodeAt(s + w) === 9)) w++;
    const c = text.charCodeAt(s + w);
    if (s + w >= e || c === 35 || c === 13) continue;
    ind[l] = w;
  }
  const roots: OutlineNode[] = [];
  const stack: { node: OutlineNode; indent: number }[] = [];
  const close = (upto: number) => {
    while (stack.length && stack[stack.length - 1].indent >= upto) stack.pop();
  };
  for (let l = 0; l < nLines; l++) {
    if (ind[l] < 0) continue;
    const w = ind[l];
    close(w);
    const lineText = text.slice(starts[l] + w, l + 1 < nLines ? starts[l + 1] : text.length);
    const m = /^(?:async\s+def|def|class)\s+([A-Za-z_]\w*)/.exec(lineText);
    if (!m) continue;
    // header: this line and its continuation lines
    let h = l;
    while (h + 1 < nLines && ind[h + 1] < 0 && cont.has(starts[h + 1])) h++;
    // body: following lines until a structural line with indentation <= w
    let end = h;
    for (let k = h + 1; k < nLines; k++) {
      if (ind[k] >= 0 && ind[k] <= w) break;
      if (ind[k] >= 0 || !/^\s*$/.test(text.slice(starts[k], k + 1 < nLines ? starts[k + 1] : text.length))) end = k;
    }
    const node: OutlineNode = {
      name: m[1],
      kind: lineText.startsWith('class') ? 'container' : 'function',
      startLine: l,
      endLine: end,
      bodyStart: h + 1,
      bodyEnd: end,
      children: [],
    };
    (stack.length ? stack[stack.length - 1].node.children : roots).push(node);
    stack.push({ node, indent: w });
  }
  return roots;
}

const FUNCTION_KINDS = /^(function|method|constructor|operator|event)$/i;
const CONTAINER_KINDS = /^(class|interface|namespace|module|enum|struct|object|package|file)$/i;

/** Outline from the editor's document symbols. */
export function symbolOutline(
  text: string,
  symbols: SymbolInfo[],
  starts: number[],
  lang: LanguageInfo,
): OutlineNode[] {
  const lineText = (l: number) => text.slice(starts[l], l + 1 < starts.length ? starts[l + 1] : text.length);
  const conv = (s: SymbolInfo): OutlineNode | null => {
    if (s.startLine < 0 || s.endLine >= starts.length || s.endLine < s.startLine) return null;
    const kind: OutlineNode['kind'] = FUNCTION_KINDS.test(s.kind)
      ? 'function'
      : CONTAINER_KINDS.test(s.kind)
        ? 'container'
        : 'other';
    let bodyStart = s.endLine + 1,
      bodyEnd = s.endLine;
    if (lang.family === 'python') {
      for (let l = s.startLine; l <= s.endLine; l++) {
        if (/:\s*(#.*)?$/.test(lineText(l).replace(/\r?\n$/, ''))) {
          bodyStart = l + 1;
          break;
        }
      }
      bodyEnd = s.endLine;
    } else {
      for (let l = s.startLine; l <= s.endLine; l++) {
        if (lineText(l).includes('{')) {
          bodyStart = l + 1;
          break;
        }
      }
      bodyEnd =
        /^\s*\}/.test(lineText(s.endLine)) || lineText(s.endLine).trim().endsWith('}') ? s.endLine - 1 : s.endLine;
    }
    const children = (s.children ?? []).map(conv).filter((x): x is OutlineNode => !!x);
    return {
      name: s.name.replace(/\(.*$/, ''),
      kind,
      startLine: s.startLine,
      endLine: s.endLine,
      bodyStart,
      bodyEnd,
      children,
    };
  };
  return symbols
    .map(conv)
    .filter((x): x is OutlineNode => !!x)
    .sort((a, b) => a.startLine - b.startLine);
}

export function outline(
  text: string,
  lang: LanguageInfo,
  scanRes: ScanResult,
  starts: number[],
  symbols?: SymbolInfo[],
): OutlineNode[] {
  if (symbols && symbols.length) return symbolOutline(text, symbols, starts, lang);
  if (lang.family === 'python') return pythonOutline(text, scanRes, starts);
  if (lang.family === 'clike' || lang.family === 'shell') return braceOutline(text, scanRes.spans, starts);
  return [];
}

/**
 * The outline of `text` in `languageId`, scanning it here (for callers that have no scan of their own): the editor's
 * symbols when given, else `outline()`'s, and for Ruby and Crystal the `end`-block outline.
 */
export function outlineOf(text: string, languageId: string, symbols?: SymbolInfo[]): OutlineNode[] {
  const lang = languageInfo(languageId);
  const starts = lineStarts(text);
  const scanned = scan(text, lang);
  if (!symbols?.length && (lang.id === 'ruby' || lang.id === 'crystal')) return endBlockOutline(text, scanned, starts);
  return outline(text, lang, scanned, starts, symbols);
}

const END_BLOCK_RE = /^(?:def\s+(?:self\.)?([A-Za-z_]\w*[?!=]?)|(class|module)\s+([A-Z][\w:]*))/;

/**
 * Outline of a language whose blocks close with `end` (Ruby, Crystal): `def`, `class` and `module` lines, each
 * running to the `end` at its own indentation (or to the last line indented deeper). Lines inside strings and
 * heredocs are not read. Document File reads it; the compressor's structural tier does not elide these bodies (no
 * Ruby parser here to check the result against).
 */
export function endBlockOutline(text: string, scanRes: ScanResult, starts: number[]): OutlineNode[] {
  const strs = scanRes.spans.filter((s) => s.kind === 'str');
  const nLines = starts.length;
  const lineText = (l: number) => text.slice(starts[l], l + 1 < nLines ? starts[l + 1] - 1 : text.length);
  // per line: indentation of a line of code outside strings, or -1
  const ind = new Int32Array(nLines).fill(-1);
  let sp = 0;
  for (let l = 0; l < nLines; l++) {
    while (sp < strs.length && strs[sp].end <= starts[l]) sp++;
    if (sp < strs.length && strs[sp].start < starts[l]) continue;
    const t = lineText(l);
    const w = t.length - t.trimStart().length;
    if (t.trim() === '' || t.trimStart().startsWith('#')) continue;
    ind[l] = w;
  }
  const roots: OutlineNode[] = [];
  const stack: { node: OutlineNode; indent: number }[] = [];
  for (let l = 0; l < nLines; l++) {
    if (ind[l] < 0) continue;
    const w = ind[l];
    while (stack.length && stack[stack.length - 1].indent >= w) stack.pop();
    const m = END_BLOCK_RE.exec(lineText(l).slice(w));
    if (!m) continue;
    let end = l;
    for (let k = l + 1; k < nLines; k++) {
      if (ind[k] < 0) continue;
      if (ind[k] <= w) {
        if (lineText(k).trim() === 'end') end = k;
        break;
      }
      end = k;
    }
    const node: OutlineNode = {
      name: m[1] ?? m[3],
      kind: m[1] ? 'function' : 'container',
      startLine: l,
      endLine: end,
      bodyStart: l + 1,
      bodyEnd: lineText(end).trim() === 'end' && end > l ? end - 1 : end,
      children: [],
    };
    (stack.length ? stack[stack.length - 1].node.children : roots).push(node);
    stack.push({ node, indent: w });
  }
  return roots;
}

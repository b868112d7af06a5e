// Structural tier for the context around a selection: the selection stays whole; the rest of the file keeps its
// imports and the signatures of symbols the selection does not reference, with their bodies replaced by a marker;
// symbols the selection references keep their bodies. Works from the editor's document symbols when given, and
// from brace or indentation outlines otherwise.
import { anyOf } from '../lang/alternatives';
import type { SymbolInfo } from '../types';
import type { Edit } from './edits';
import type { LanguageInfo } from '../lang/table';
import type { ScanResult, Span } from '../lang/lexer';

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

function classifyHeader(h: string): { kind: OutlineNode['kind']; name: string } {
  const header = h
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
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
    const re = /([A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>\s*)?\(/g;
    let m: RegExpExecArray | null;
    let name = '';
    while ((m = re.exec(header))) {
      if (!KEYWORDS.has(m[1])) {
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
        if (cl - ol < 2) {
          parentList.push(...open.children);
          continue;
        }
        const hs = headerStart(text, open.pos);
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

function headerStart(text: string, open: number): number {
  // back to the previous ; { } (or 400 chars), then forward past whitespace
  let i = open - 1;
  const lo = Math.max(0, open - 400);
  let parens = 0;
  while (i >= lo) {
    const c = text.charCodeAt(i);
    if (c === 41) parens++;
    else if (c === 40) parens--;
    else if (parens <= 0 && (c === 59 || c === 123 || c === 125)) break;
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

const IDENT_RE = /[A-Za-z_$][\w$]*/g;

export function referencedNames(selection: string): Set<string> {
  return new Set(selection.match(IDENT_RE) ?? []);
}

export interface StructuralOptions {
  /** selected range in `text` (start == end for a cursor); none: outline the whole file */
  selection?: { start: number; end: number };
  symbols?: SymbolInfo[];
  /** names the selection references (default: identifiers of the selected text) */
  referenced?: Set<string>;
}

export function structuralEdits(
  text: string,
  lang: LanguageInfo,
  scanRes: ScanResult,
  opts: StructuralOptions,
): { edits: Edit[]; notes: string[] } {
  const starts = lineStarts(text);
  const nodes = outline(text, lang, scanRes, starts, opts.symbols);
  const sel = opts.selection;
  const selA = sel ? lineOf(starts, sel.start) : -1;
  const selB = sel ? lineOf(starts, Math.max(sel.start, sel.end - 1)) : -1;
  const refs = opts.referenced ?? (sel ? referencedNames(text.slice(sel.start, sel.end)) : new Set<string>());
  const edits: Edit[] = [];
  let elided = 0,
    lines = 0;
  const lineEnd = (l: number) => {
    const e = l + 1 < starts.length ? starts[l + 1] - 1 : text.length;
    return e > starts[l] && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
  };
  // The marker goes at the body's indentation: its first line that holds code (a blank line or a comment at
  // another column would put Python's `...` where it does not parse).
  const bodyIndent = (node: OutlineNode): string => {
    let fallback: string | undefined;
    for (let l = node.bodyStart; l <= node.bodyEnd; l++) {
      const line = text.slice(starts[l], lineEnd(l));
      const indent = /^[ \t]*/.exec(line)![0];
      if (indent.length === line.length) continue;
      const first = line.charCodeAt(indent.length);
      if (lang.comment.line && line.startsWith(lang.comment.line, indent.length)) {
        fallback ??= indent;
        continue;
      }
      if (first !== undefined) return indent;
    }
    return fallback ?? '';
  };
  // Never cut through a string: a body that starts inside one (Python's `def f(): r"""...` keeps its docstring on
  // the def line) or ends inside one stays whole.
  const strs = scanRes.spans.filter((sp) => sp.kind === 'str');
  const insideString = (pos: number): boolean => {
    let lo = 0,
      hi = strs.length - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      if (strs[m].end <= pos) lo = m + 1;
      else if (strs[m].start >= pos) hi = m - 1;
      else return true;
    }
    return false;
  };
  const elide = (node: OutlineNode) => {
    if (insideString(starts[node.bodyStart]) || insideString(lineEnd(node.bodyEnd))) return;
    const count = node.bodyEnd - node.bodyStart + 1;
    const indent = bodyIndent(node);
    let marker: string;
    const what = `${count} line${count === 1 ? '' : 's'} elided`;
    if (lang.family === 'python') marker = `${indent}...  # ${what}`;
    else if (lang.comment.line) marker = `${indent}${lang.comment.line} … ${what}`;
    else marker = `${indent}${lang.comment.open ?? ''} … ${what} ${lang.comment.close ?? ''}`;
    edits.push({ start: starts[node.bodyStart], end: lineEnd(node.bodyEnd), text: marker });
    elided++;
    lines += count;
  };
  const visit = (list: OutlineNode[], insideFn: boolean) => {
    for (const node of list) {
      const overlaps = sel !== undefined && node.startLine <= selB && node.endLine >= selA;
      const bodyLines = node.bodyEnd - node.bodyStart + 1;
      if (overlaps) {
        visit(node.children, insideFn || node.kind === 'function');
        continue;
      }
      if (node.kind === 'function') {
        const referenced = node.name !== '' && refs.has(node.name);
        if (!referenced && bodyLines >= (insideFn ? 15 : 2)) {
          elide(node);
          continue;
        }
        continue;
      }
      if (node.kind === 'container') visit(node.children, insideFn);
    }
  };
  visit(nodes, false);
  const notes = elided ? [`${elided} bodies elided (${lines} lines) outside the selection`] : [];
  return { edits, notes };
}

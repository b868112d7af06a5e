// Structural tier for the context around a selection: the selection stays whole; the rest of the file keeps its
// imports and the signatures of symbols the selection does not reference, with their bodies replaced by a marker;
// symbols the selection references keep their bodies. Works from the language layer's outline (src/core/lang/outline.ts):
// the editor's document symbols when given, brace or indentation outlines otherwise.
import type { SymbolInfo } from '../types';
import type { Edit } from './edits';
import type { LanguageInfo } from '../lang/table';
import type { ScanResult } from '../lang/lexer';
import { lineOf, lineStarts, outline, type OutlineNode } from '../lang/outline';

export {
  braceOutline,
  lineOf,
  lineStarts,
  outline,
  pythonOutline,
  symbolOutline,
  type OutlineNode,
} from '../lang/outline';

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

// Document symbols from the editor, re-based onto the text the request carries. The editor's symbols number lines
// of the whole document; a request carries prefix + selection + suffix, cut to a budget, so its line 0 is the
// document's `firstLine`. Symbols cut by either end are left out (a partial symbol would elide the wrong lines).
import type { SymbolInfo } from '../types';

export function rebaseSymbols(symbols: readonly SymbolInfo[], firstLine: number, lastLine: number): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  for (const s of symbols) {
    if (s.startLine < firstLine || s.endLine > lastLine || s.endLine < s.startLine) continue;
    const children = s.children?.length ? rebaseSymbols(s.children, firstLine, lastLine) : undefined;
    out.push({
      name: s.name,
      kind: s.kind,
      startLine: s.startLine - firstLine,
      endLine: s.endLine - firstLine,
      ...(children?.length ? { children } : {}),
    });
  }
  return out;
}

// The language layer: one table, one lexer, one fence parser, one outliner. See table.ts.
export * from './table';
export { scan, type Span, type SpanKind, type ScanResult } from './lexer';
export * from './fences';
export { outline, outlineOf, type OutlineNode } from './outline';

// The language layer: one table, one lexer, one fence parser. See table.ts.
export * from './table';
export { scan, type Span, type SpanKind, type ScanResult } from './lexer';
export * from './fences';

// The requests behind Generate Code Here, Refactor, Fix, Add Docs and Write Tests, built from plain editor data, and
// fitting an answer's code back into the selection it replaces.
import type { DiagnosticInfo, EditorRequest, Task } from '../types';
import { indentation } from './codeBlocks';

/** Where the cursor is, for the model (the chat fallback of inline completion uses the same marker). */
export const CURSOR_MARKER = '<CURSOR>';
/** Context sent on each side; compression trims it further to the token budget. */
const MAX_SIDE_CHARS = 60_000;

export interface EditorSnapshot {
  /** the whole document */
  text: string;
  /** selection as offsets; equal when nothing is selected */
  start: number;
  end: number;
  languageId: string;
  filePath?: string;
}

export type EditKind = 'generate' | 'refactor' | 'fix' | 'document' | 'tests';

const TASK: Record<EditKind, Task> = {
  generate: 'generate',
  refactor: 'refactor',
  fix: 'fix',
  document: 'document',
  tests: 'tests',
};

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Generate Code Here: the instruction, the selection it may replace, the file around the cursor (marked). */
export function generateRequest(s: EditorSnapshot, instruction: string): EditorRequest {
  const selection = s.text.slice(s.start, s.end);
  const where = selection
    ? 'Replace the selected code with the result.'
    : `The code goes at ${CURSOR_MARKER} in the context; return only the new code, not the code around it.`;
  return {
    task: TASK.generate,
    instruction: `${instruction.trim()}\n\n${where}`,
    languageId: s.languageId,
    selection,
    prefix: s.text.slice(Math.max(0, s.start - MAX_SIDE_CHARS), s.start) + (selection ? '' : CURSOR_MARKER),
    suffix: s.text.slice(s.end, s.end + MAX_SIDE_CHARS),
    filePath: s.filePath,
  };
}

/** Refactor / Fix / Add Docs on the selection: the answer replaces it. */
export function selectionEditRequest(
  kind: 'refactor' | 'fix' | 'document',
  s: EditorSnapshot,
  opts: { instruction?: string; diagnostics?: DiagnosticInfo[] } = {},
): EditorRequest {
  const parts: string[] = [];
  if (opts.instruction?.trim()) parts.push(opts.instruction.trim());
  if (kind === 'fix') {
    const startLine = lineOf(s.text, s.start);
    if (opts.diagnostics?.length)
      parts.push(
        `Fix the problems the diagnostics report (their line numbers are lines of the file; the selection starts at line ${startLine + 1}).`,
      );
    else parts.push('Fix the bugs in this code.');
  }
  if (kind === 'document') parts.push('Add documentation comments; change nothing else.');
  parts.push(
    'Return the complete replacement for the selected code in one fenced code block, at the same indentation.',
  );
  return {
    task: TASK[kind],
    instruction: parts.join(' '),
    languageId: s.languageId,
    selection: s.text.slice(s.start, s.end),
    prefix: s.text.slice(Math.max(0, s.start - MAX_SIDE_CHARS), s.start),
    suffix: s.text.slice(s.end, s.end + MAX_SIDE_CHARS),
    filePath: s.filePath,
    diagnostics: opts.diagnostics,
  };
}

export interface TestRequestInput {
  snapshot: EditorSnapshot;
  /** workspace-relative path of the test file */
  testPath: string;
  /** its current text when it exists */
  existingTests?: string;
  /** how the test imports the code (JS/TS) */
  importPath?: string;
  framework?: string;
  /** first lines of a neighbouring test, to imitate */
  sampleHead?: string;
}

/** Write Tests: tests for the selection, in the test file the project's convention picked. */
export function testsRequest(t: TestRequestInput): EditorRequest {
  const s = t.snapshot;
  const parts = [`Write focused unit tests for the selected code; they go in ${t.testPath}.`];
  if (t.framework) parts.push(`Use ${t.framework}, as the project's other tests do.`);
  if (t.importPath) parts.push(`Import the code under test from '${t.importPath}'.`);
  if (t.sampleHead)
    parts.push(`A neighbouring test file begins like this (follow its imports and style):\n${t.sampleHead}`);
  if (t.existingTests !== undefined) {
    parts.push(
      `The test file exists; keep its tests and add the new ones. Return the complete updated file in one fenced code block. Its current text:\n${t.existingTests}`,
    );
  } else parts.push('Return the complete new test file in one fenced code block.');
  return {
    task: TASK.tests,
    instruction: parts.join('\n\n'),
    languageId: s.languageId,
    selection: s.text.slice(s.start, s.end),
    // the declarations around the selection help with imports; compression keeps this short
    prefix: s.text.slice(Math.max(0, s.start - MAX_SIDE_CHARS), s.start),
    suffix: s.text.slice(s.end, s.end + MAX_SIDE_CHARS),
    filePath: s.filePath,
  };
}

function minIndent(lines: readonly string[]): string {
  let best: string | undefined;
  for (const l of lines) {
    if (!l.trim()) continue;
    const ind = indentation(l);
    if (best === undefined || ind.length < best.length) best = ind;
  }
  return best ?? '';
}

/**
 * Fits replacement code into the selection it replaces: re-based on the selection's indentation when the model
 * moved it, no indentation repeated where the selection starts after some, and the selection's trailing newline
 * kept (or not).
 * @param linePrefix the document text before the selection on its first line
 */
export function fitReplacement(code: string, selected: string, linePrefix: string): string {
  const codeLines = code
    .replace(/\r\n/g, '\n')
    .replace(/^\s*\n/, '')
    .replace(/\s+$/, '')
    .split('\n');
  const selLines = selected.split('\n');
  const prefixIsIndent = linePrefix.trim() === '';
  // indentation of the selection's lines as they sit in the file
  const fullSel = [
    prefixIsIndent ? linePrefix + selLines[0] : `${indentation(linePrefix)}${selLines[0].trimStart()}`,
    ...selLines.slice(1),
  ];
  const target = minIndent(fullSel);
  const have = minIndent(codeLines);
  let lines = codeLines;
  if (have !== target)
    lines = codeLines.map((l) => (l.trim() ? target + l.slice(Math.min(have.length, indentation(l).length)) : ''));
  if (lines.length) {
    lines[0] = prefixIsIndent
      ? lines[0].slice(Math.min(linePrefix.length, indentation(lines[0]).length))
      : lines[0].trimStart();
  }
  let out = lines.join('\n');
  if (selected.endsWith('\n')) out += '\n';
  return out;
}

/** The document text with [start, end) replaced. */
export function replaceRange(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

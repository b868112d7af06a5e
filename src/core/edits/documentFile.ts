// Document File: find the functions without a doc comment (from the editor's symbols, else the language layer's
// outline, the one the compressor reads), ask for all their comments in one numbered request, read the answer back
// item by item, and say where each comment goes. The comments alone come back, never the code again: output tokens are the expensive ones.
import type { SymbolInfo } from '../types';
import { closesFence, fenceOpen, isFenceLine } from '../lang/fences';
import { languageInfo, type DocStyle } from '../lang/table';
import { classifyHeader, outlineOf, type OutlineNode } from '../lang/outline';
import { codeBlocks } from './codeBlocks';

export interface FunctionItem {
  /** 1-based number in the batch */
  n: number;
  name: string;
  /** 0-based lines of the whole function */
  startLine: number;
  endLine: number;
  /** the line with the declaration itself (after decorators) */
  declLine: number;
  /** the comment is inserted before this line */
  insertLine: number;
  /** indentation of the comment */
  indent: string;
  /** the function's code as sent (long bodies cut) */
  code: string;
}

export interface DocInsertion {
  /** 0-based line the text goes before */
  line: number;
  text: string;
  n: number;
}

type Style = DocStyle;

/** The doc-comment style the language table gives the language. */
function styleOf(languageId: string): Style {
  return languageInfo(languageId).doc;
}

function commentPrefix(languageId: string): string {
  const s = styleOf(languageId);
  return s === 'python' || s === 'hash' ? '#' : '//';
}

/**
 * Functions and methods from the language layer's outline (src/core/lang/outline.ts, the one the compressor reads),
 * for when the editor has no symbol provider: top level and in classes, modules and object literals, not nested in
 * another function (callbacks, local helpers). A function with a name is taken whole; an unnamed block (a callback
 * passed to a call, an if) is looked into.
 */
export function outlineFunctions(text: string, languageId: string): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  const walk = (nodes: readonly OutlineNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'function' && node.name && !KEYWORD.test(node.name)) {
        if (node.endLine > node.startLine)
          out.push({ name: node.name, kind: 'Function', startLine: node.startLine, endLine: node.endLine });
      } else walk(node.children);
    }
  };
  walk(outlineOf(text, languageId));
  return out.sort((a, b) => a.startLine - b.startLine);
}

const KEYWORD =
  /^(if|for|while|switch|catch|return|else|do|try|with|using|lock|foreach|new|throw|await|typeof|sizeof|elif|except)$/;

const FUNCTION_KINDS = new Set(['Function', 'Method', 'Constructor']);
const CONTAINER_KINDS = new Set(['Class', 'Module', 'Namespace', 'Package', 'Object', 'Struct', 'Enum', 'Interface']);

/** Functions and methods among the editor's symbols: top level and in classes, not nested in functions. */
export function functionsFromSymbols(
  symbols: readonly SymbolInfo[],
  lines: readonly string[],
  languageId: string,
): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  // a variable holding a function (`const f = (a) => {`, `let g = function () {`), read by the outline's header rule
  const holdsFunction = (line: string) =>
    languageInfo(languageId).js === true &&
    /[=:]/.test(line) &&
    classifyHeader(line.replace(/\{\s*$/, '')).kind === 'function';
  const walk = (list: readonly SymbolInfo[]) => {
    for (const s of list) {
      if (FUNCTION_KINDS.has(s.kind)) {
        if (s.kind !== 'Constructor' || languageId === 'java' || languageId === 'csharp') out.push(s);
      } else if (
        (s.kind === 'Variable' || s.kind === 'Constant' || s.kind === 'Property') &&
        holdsFunction(lines[s.startLine] ?? '')
      ) {
        out.push(s);
      } else if (CONTAINER_KINDS.has(s.kind) && s.children) walk(s.children);
    }
  };
  walk(symbols);
  return out.sort((a, b) => a.startLine - b.startLine);
}

/** The declaration line of a symbol whose range may start at a decorator or a comment. */
function declarationLine(lines: readonly string[], s: SymbolInfo): number {
  for (let i = s.startLine; i <= Math.min(s.endLine, s.startLine + 8); i++) {
    const t = lines[i]?.trim() ?? '';
    if (!t || t.startsWith('@') || t.startsWith('#[') || /^\[[\w(., "=)]+\]$/.test(t) || isCommentLine(t)) continue;
    return i;
  }
  return s.startLine;
}

function isCommentLine(t: string): boolean {
  return (
    t.startsWith('//') ||
    t.startsWith('/*') ||
    t.startsWith('*') ||
    (t.startsWith('#') && !t.startsWith('#[') && !t.startsWith('#include')) ||
    t.startsWith('"""') ||
    t.startsWith("'''")
  );
}

/** Where a Python function's signature ends (the line with the colon that opens its body). */
function signatureEnd(lines: readonly string[], decl: number): number {
  for (let i = decl; i < Math.min(lines.length, decl + 30); i++) {
    const code = lines[i].replace(/#.*$/, '').trimEnd();
    if (code.endsWith(':')) return i;
  }
  return decl;
}

/** Whether the function at `decl` already has a doc comment (above it, or a docstring for Python). */
export function hasDocComment(lines: readonly string[], decl: number, languageId: string): boolean {
  if (styleOf(languageId) === 'python') {
    const sig = signatureEnd(lines, decl);
    for (let i = sig + 1; i < lines.length; i++) {
      const t = lines[i].trim();
      if (!t) continue;
      return /^[rRuUbB]{0,2}("""|'''|"|')/.test(t);
    }
    return false;
  }
  for (let i = decl - 1; i >= 0; i--) {
    const t = lines[i].trim();
    if (t.startsWith('@') || t.startsWith('#[') || /^\[[\w(., "=)]+\]$/.test(t)) continue; // decorators, attributes
    if (!t) return false;
    return (
      t.endsWith('*/') || t.startsWith('//') || t.startsWith('///') || (t.startsWith('#') && !t.startsWith('#include'))
    );
  }
  return false;
}

const MAX_ITEM_LINES = 30;

/** The functions of a file that have no doc comment yet, numbered for one batch. */
export function findUndocumented(text: string, languageId: string, symbols?: readonly SymbolInfo[]): FunctionItem[] {
  const lines = text.split('\n');
  const found =
    symbols && symbols.length ? functionsFromSymbols(symbols, lines, languageId) : outlineFunctions(text, languageId);
  const items: FunctionItem[] = [];
  const seen = new Set<number>();
  for (const s of found) {
    const decl = declarationLine(lines, s);
    if (seen.has(decl) || hasDocComment(lines, decl, languageId)) continue;
    seen.add(decl);
    const python = styleOf(languageId) === 'python';
    let insertLine = decl;
    let indent = /^[ \t]*/.exec(lines[decl])![0];
    if (python) {
      const sig = signatureEnd(lines, decl);
      insertLine = sig + 1;
      const body = lines.slice(sig + 1, s.endLine + 1).find((l) => l.trim() !== '');
      indent = body ? /^[ \t]*/.exec(body)![0] : `${indent}    `;
    } else {
      while (insertLine > 0 && /^\s*(@|#\[)/.test(lines[insertLine - 1])) insertLine--;
    }
    const end = Math.max(decl, s.endLine);
    const body = lines.slice(decl, end + 1);
    const code =
      body.length > MAX_ITEM_LINES
        ? [
            ...body.slice(0, MAX_ITEM_LINES),
            `${indent}${commentPrefix(languageId)} … ${body.length - MAX_ITEM_LINES} more lines`,
          ].join('\n')
        : body.join('\n');
    items.push({
      n: 0,
      name: s.name,
      startLine: s.startLine,
      endLine: end,
      declLine: decl,
      insertLine,
      indent,
      code: dedent(code),
    });
  }
  items.forEach((it, i) => (it.n = i + 1));
  return items;
}

function dedent(code: string): string {
  const lines = code.split('\n');
  const widths = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const min = widths.length ? Math.min(...widths) : 0;
  return lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length))).join('\n');
}

const STYLE_WORDS: Record<Style, string> = {
  jsdoc:
    'a /** ... */ doc comment (JSDoc/KDoc/Javadoc style: one summary sentence, then @param and @returns only where they add something)',
  python: 'a """...""" docstring (PEP 257: one summary line, then Args/Returns only where they add something)',
  slashes3: 'a /// doc comment',
  go: 'a // doc comment that starts with the function name (Go style)',
  hash: 'a # comment block',
};

/**
 * The batch request: one instruction, and the items (each headed by a numbered marker comment) as the selection.
 * The answer must repeat each marker and give only the comment, in a fenced block.
 */
export function batchDocPrompt(
  items: readonly FunctionItem[],
  languageId: string,
): { instruction: string; selection: string } {
  const c = commentPrefix(languageId);
  const selection = items.map((it) => `${c} ### ${it.n}: ${it.name}\n${it.code}`).join('\n\n');
  const instruction = [
    `Write ${STYLE_WORDS[styleOf(languageId)]} for each of the ${items.length} numbered ${languageId} function${items.length === 1 ? '' : 's'} above.`,
    `Answer with every item in order: a line \`### <number>\`, then one fenced code block holding ONLY that function's comment, not its code.`,
    'Keep each comment short and specific to what the function does; do not restate the signature.',
  ].join(' ');
  return { instruction, selection };
}

const MARKER =
  /^\s*(?:#{1,6}\s*|\/\/\s*#{1,6}\s*|#\s*#{1,6}\s*|\*\*\s*)?(?:item\s+)?\[?(\d{1,3})\]?\s*(?:\*\*)?\s*(?:[:.)\]—–-].*)?$/i;

/**
 * Reads a batch answer back: item number -> raw comment text (fence removed). Items missing from the answer, or
 * given nothing usable, are absent from the map.
 */
export function parseBatchDocAnswer(answer: string, count: number): Map<number, string> {
  const lines = answer.replace(/\r\n/g, '\n').split('\n');
  const out = new Map<number, string>();
  for (const s of markerSections(lines, count, false)) {
    if (out.has(s.n)) continue;
    const body = lines.slice(s.from, s.to).join('\n');
    const blocks = codeBlocks(body).filter((b) => b.code.trim());
    const raw = (blocks.length ? blocks[0].code : body).trim();
    if (/[A-Za-z]/.test(raw)) out.set(s.n, raw);
  }
  if (out.size) return out;
  // no marker outside code: the model may have put everything in one block, markers kept as comments
  for (const s of markerSections(lines, count, true)) {
    if (out.has(s.n)) continue;
    const raw = lines
      .slice(s.from, s.to)
      .filter((l) => !isFenceLine(l))
      .join('\n')
      .trim();
    if (/[A-Za-z]/.test(raw)) out.set(s.n, raw);
  }
  return out;
}

const COMMENTED_MARKER = /^\s*(?:\/\/|#|--)\s*#{1,6}\s*(\d{1,3})\b/;

/** Numbered sections of an answer: outside fences, or (`inside`) marker comments within them. */
function markerSections(
  lines: readonly string[],
  count: number,
  inside: boolean,
): { n: number; from: number; to: number }[] {
  const sections: { n: number; from: number; to: number }[] = [];
  let fence = '';
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    const f = fenceOpen(t);
    if (f) {
      if (!fence) fence = f.marker;
      else if (closesFence(t, fence)) fence = '';
      continue;
    }
    const m = inside ? (fence ? COMMENTED_MARKER.exec(lines[i]) : null) : fence ? null : MARKER.exec(lines[i]);
    if (!m) continue;
    const n = Number(m[1]);
    if (n < 1 || n > count) continue;
    if (sections.length) sections[sections.length - 1].to = i;
    sections.push({ n, from: i + 1, to: lines.length });
  }
  return sections;
}

/** A comment's words, without any comment syntax. */
function commentWords(raw: string): string[] {
  let t = raw.trim();
  t = t.replace(/^[rRuU]?("""|''')/, '').replace(/("""|''')$/, '');
  t = t.replace(/^\/\*\*?/, '').replace(/\*\/$/, '');
  return t
    .split('\n')
    .map((l) => l.replace(/^\s*(\*(?!\/)|\/\/\/?|#)\s?/, '').trimEnd())
    .reduce<string[]>((acc, l) => (acc.length || l.trim() ? [...acc, l] : acc), [])
    .join('\n')
    .replace(/\s+$/, '')
    .split('\n');
}

/**
 * The comment as it goes into the file: the model's text in the language's doc syntax (rewrapped when it used
 * another or none), indented, each line ending in a newline. Undefined when there is nothing usable.
 */
export function formatDocComment(raw: string, languageId: string, indent: string, name: string): string | undefined {
  // the model sometimes returns the function too: keep the comment before it
  let text = raw.replace(/\r\n/g, '\n');
  const style = styleOf(languageId);
  if (style === 'python') {
    const doc = /([rRuU]?("""|''')[\s\S]*?\2)/.exec(text);
    if (doc) text = doc[1];
    // no docstring but a definition: the model sent code, not a comment (never insert code as one)
    else if (/^\s*(?:async\s+def|def|class)\s+\w+|^\s*@\w+/m.test(text)) return undefined;
  } else {
    const lines = text.split('\n');
    const starts = lines.findIndex((l) => l.trim());
    const firstCode = lines.findIndex((l) => l.trim() && !isCommentLine(l.trim()) && !/^\s*\*\//.test(l));
    // code first and a comment syntax elsewhere: the model sent code, not a comment (never insert code as one)
    if (firstCode >= 0 && firstCode === starts && lines.some((l) => isCommentLine(l.trim()))) return undefined;
    if (firstCode > starts) text = lines.slice(0, firstCode).join('\n');
  }
  const words = commentWords(text);
  if (!words.join('').trim() || !/[A-Za-z]/.test(words.join(' '))) return undefined;
  // the first line follows the opening quote or slashes directly: the indentation to remove is the rest's (PEP 257)
  const rest = words.slice(1).filter((w) => w.trim());
  const min = rest.length ? Math.min(...rest.map((w) => /^\s*/.exec(w)![0].length)) : 0;
  const body = words.map((w, i) => (i === 0 ? w.trim() : w.trim() ? w.slice(min) : ''));
  switch (style) {
    case 'python': {
      if (body.length === 1) return `${indent}"""${body[0]}${body[0].endsWith('"') ? ' ' : ''}"""\n`;
      return `${indent}"""${body[0]}\n${body
        .slice(1)
        .map((l) => (l ? `${indent}${l}` : ''))
        .join('\n')}\n${indent}"""\n`;
    }
    case 'slashes3':
      return body.map((l) => `${indent}///${l ? ` ${l}` : ''}\n`).join('');
    case 'go': {
      const first = body[0].startsWith(name)
        ? body
        : [`${name} ${body[0][0]?.toLowerCase() ?? ''}${body[0].slice(1)}`, ...body.slice(1)];
      return first.map((l) => `${indent}//${l ? ` ${l}` : ''}\n`).join('');
    }
    case 'hash':
      return body.map((l) => `${indent}#${l ? ` ${l}` : ''}\n`).join('');
    default:
      if (body.length === 1 && body[0].length <= 90) return `${indent}/** ${body[0].trim()} */\n`;
      return `${indent}/**\n${body.map((l) => `${indent} *${l ? ` ${l}` : ''}\n`).join('')}${indent} */\n`;
  }
}

/** Insertions for the comments that came back, bottom-up not required: lines refer to the original text. */
export function docInsertions(
  items: readonly FunctionItem[],
  docs: ReadonlyMap<number, string>,
  languageId: string,
): DocInsertion[] {
  const out: DocInsertion[] = [];
  for (const it of items) {
    const raw = docs.get(it.n);
    if (!raw) continue;
    const text = formatDocComment(raw, languageId, it.indent, it.name);
    if (text) out.push({ line: it.insertLine, text, n: it.n });
  }
  return out;
}

/** Applies insertions to a text (what the WorkspaceEdit does in the editor; used by tests and the CLI). */
export function applyInsertions(text: string, insertions: readonly DocInsertion[]): string {
  const lines = text.split('\n');
  const sorted = [...insertions].sort((a, b) => b.line - a.line);
  for (const ins of sorted) lines.splice(ins.line, 0, ins.text.replace(/\n$/, ''));
  return lines.join('\n');
}

// When a ghost-text request is worth sending, what it carries (prompt window, max tokens, stop sequences), and how
// the answer is trimmed to the block the cursor is in. Pure functions over text.
import { estimateTokens } from '../tokens';
import { indentWidth } from '../edits/codeBlocks';

export type SkipReason = 'mid-line' | 'mid-word' | 'statement-end' | 'too-short';

export interface RequestShape {
  multiline: boolean;
}

const IDENT = /[\p{L}\p{N}_$]/u;
/** What auto-closing leaves after the cursor; a line holding only these counts as empty. */
const CLOSERS_ONLY = /^[\s)\]}>'"`;,]*$/;

const INDENT_LANGUAGES = new Set(['python', 'yaml', 'coffeescript', 'pug', 'haml', 'sass', 'fsharp', 'nim']);

export function linePrefixOf(prefix: string): string {
  return prefix.slice(prefix.lastIndexOf('\n') + 1);
}

export function lineSuffixOf(suffix: string): string {
  const nl = suffix.indexOf('\n');
  return nl < 0 ? suffix : suffix.slice(0, nl);
}

/**
 * Whether to ask at all, and for one line or a block. Text after the cursor on the line stops a non-FIM model (it
 * cannot see it); closers left by auto-closing do not. The middle of a word, and right after a finished statement
 * (the next key is Enter), are skipped for every model: a suggestion there is rarely taken.
 */
export function shapeRequest(
  prefix: string,
  suffix: string,
  supportsFim: boolean,
): RequestShape | { skip: SkipReason } {
  const before = linePrefixOf(prefix);
  const after = lineSuffixOf(suffix);
  const afterBlank = CLOSERS_ONLY.test(after);
  if (!supportsFim && !afterBlank) return { skip: 'mid-line' };
  const prev = before.slice(-1);
  const next = after.slice(0, 1);
  if (prev && next && IDENT.test(prev) && IDENT.test(next)) return { skip: 'mid-word' };
  if (prefix.trim().length < 3) return { skip: 'too-short' };
  const trimmed = before.trimEnd();
  if (/^[\s}]*$/.test(after) && trimmed.length > 0 && /[;}]$/.test(trimmed) && !/^\s*}\s*$/.test(before))
    return { skip: 'statement-end' };
  const opensBlock = /({|=>|:|\bthen|\bdo)\s*$/.test(trimmed);
  const multiline = afterBlank && (trimmed.length === 0 || opensBlock);
  return { multiline };
}

const STOPS_BY_LANGUAGE: Record<string, string[]> = {
  typescript: ['\nfunction ', '\nexport ', '\nclass ', '\ninterface ', '\ntype ', '\nconst ', '\nimport '],
  typescriptreact: ['\nfunction ', '\nexport ', '\nclass ', '\ninterface ', '\ntype ', '\nconst ', '\nimport '],
  javascript: ['\nfunction ', '\nexport ', '\nclass ', '\nconst ', '\nmodule.exports', '\nimport '],
  javascriptreact: ['\nfunction ', '\nexport ', '\nclass ', '\nconst ', '\nimport '],
  python: ['\ndef ', '\nclass ', '\nif __name__', '\n@', '\nimport ', '\nfrom '],
  go: ['\nfunc ', '\ntype ', '\nvar ', '\nconst ', '\nimport '],
  rust: ['\nfn ', '\npub fn ', '\nimpl ', '\nstruct ', '\nenum ', '\nmod ', '\nuse '],
  java: ['\n    public ', '\n    private ', '\n    protected ', '\n}'],
  csharp: ['\n    public ', '\n    private ', '\n    protected ', '\n}'],
  c: ['\nint ', '\nvoid ', '\nstatic ', '\n#'],
  cpp: ['\nint ', '\nvoid ', '\nstatic ', '\n#', '\nclass ', '\nnamespace '],
  ruby: ['\ndef ', '\nclass ', '\nmodule '],
  php: ['\nfunction ', '\nclass ', '\npublic function ', '\nprivate function '],
};

/**
 * Stop sequences, most important first: one line ends at the newline; a block ends at two blank lines, a fence, or
 * the next top-level declaration (the engine also cuts at the end of the enclosing block).
 */
export function stopSequences(languageId: string, multiline: boolean): string[] {
  if (!multiline) return ['\n'];
  return ['\n\n\n', '```', ...(STOPS_BY_LANGUAGE[languageId] ?? [])].slice(0, 16);
}

export interface PromptWindow {
  prefix: string;
  suffix: string;
  prefixTokens: number;
  suffixTokens: number;
}

/** Lines of the prefix are kept from a stable start (a multiple of this), so consecutive prompts share a beginning the
 * provider's prompt cache can serve. */
const STABLE_LINES = 16;

/**
 * The prompt: whole lines around the cursor within `maxTokens` (Continue's 1,024), the suffix at most a quarter of it.
 * Token counts are the fast estimate; billing uses the provider's usage.
 */
export function promptWindow(prefix: string, suffix: string, maxTokens: number): PromptWindow {
  const suffixBudget = Math.floor(maxTokens / 4);
  let sEnd = 0;
  let suffixTokens = 0;
  while (sEnd < suffix.length) {
    const nl = suffix.indexOf('\n', sEnd);
    const end = nl < 0 ? suffix.length : nl + 1;
    const t = estimateTokens(suffix.slice(sEnd, end));
    if (suffixTokens + t > suffixBudget && sEnd > 0) break;
    if (suffixTokens + t > suffixBudget) {
      // a single huge line: keep what fits
      sEnd = Math.min(end, sEnd + suffixBudget * 3);
      suffixTokens = estimateTokens(suffix.slice(0, sEnd));
      break;
    }
    suffixTokens += t;
    sEnd = end;
  }
  const prefixBudget = maxTokens - suffixTokens;
  // lines backwards from the cursor; the cursor's own line always goes in
  const starts: number[] = [];
  let start = prefix.lastIndexOf('\n') + 1;
  let prefixTokens = estimateTokens(prefix.slice(start));
  if (prefixTokens > prefixBudget) {
    const cut = Math.max(start, prefix.length - prefixBudget * 3);
    return {
      prefix: prefix.slice(cut),
      suffix: suffix.slice(0, sEnd),
      prefixTokens: estimateTokens(prefix.slice(cut)),
      suffixTokens,
    };
  }
  starts.push(start);
  while (start > 0) {
    const prevStart = prefix.lastIndexOf('\n', start - 2) + 1;
    const t = estimateTokens(prefix.slice(prevStart, start));
    if (prefixTokens + t > prefixBudget) break;
    prefixTokens += t;
    start = prevStart;
    starts.push(start);
  }
  if (start > 0 && starts.length > STABLE_LINES) {
    // count lines from the top of the given prefix to snap the start to a stable line
    let line = 0;
    for (let i = prefix.indexOf('\n'); i >= 0 && i < start; i = prefix.indexOf('\n', i + 1)) line++;
    const drop = (STABLE_LINES - (line % STABLE_LINES)) % STABLE_LINES;
    if (drop > 0 && drop < starts.length) {
      start = starts[starts.length - 1 - drop];
      prefixTokens = estimateTokens(prefix.slice(start));
    }
  }
  return { prefix: prefix.slice(start), suffix: suffix.slice(0, sEnd), prefixTokens, suffixTokens };
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSE = new Set([')', ']', '}']);

/**
 * Where a brace-language completion leaves its block: the offset of the first closer that takes the depth below where
 * the cursor is, skipping strings and comments roughly. -1 when it never does.
 */
function blockExit(text: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote || (ch === '\n' && quote !== '`')) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    } else if (ch === '/' && text[i + 1] === '*') {
      const endC = text.indexOf('*/', i + 2);
      if (endC < 0) break;
      i = endC + 1;
    } else if (ch in OPEN) depth++;
    else if (CLOSE.has(ch)) {
      depth--;
      if (depth < 0) return i;
    }
  }
  return -1;
}

export interface ShapedCompletion {
  text: string;
  /** characters after the cursor the text replaces (it already ends with them) */
  replaceSuffixChars: number;
}

/**
 * Trims a raw completion to what belongs at the cursor: one line in single-line mode; in block mode up to the end of
 * the enclosing block (brace depth or indentation), without lines the suffix already has, without trailing blanks.
 */
export function shapeCompletion(
  raw: string,
  prefix: string,
  suffix: string,
  languageId: string,
  multiline: boolean,
): ShapedCompletion {
  let text = raw.replace(/\r\n/g, '\n');
  const fence = text.indexOf('```');
  if (fence >= 0) text = text.slice(0, fence);
  const after = lineSuffixOf(suffix);
  if (!multiline) {
    const nl = text.indexOf('\n');
    if (nl >= 0) text = text.slice(0, nl);
  } else if (INDENT_LANGUAGES.has(languageId)) {
    const before = linePrefixOf(prefix);
    const base = before.trim() === '' ? indentWidth(before) : indentWidth(before) + (/:\s*$/.test(before) ? 1 : 0);
    const lines = text.split('\n');
    let keep = lines.length;
    for (let i = 1; i < lines.length; i++) {
      if (lines[i].trim() !== '' && indentWidth(lines[i]) < base) {
        keep = i;
        break;
      }
    }
    text = lines.slice(0, keep).join('\n');
  } else {
    const exit = blockExit(text);
    if (exit >= 0) {
      const closer = text[exit];
      const nextInSuffix = suffix.trimStart()[0];
      const lineStart = text.lastIndexOf('\n', exit) + 1;
      const closerLineEnd = text.indexOf('\n', exit);
      if (nextInSuffix === closer && text.slice(lineStart, exit).trim() === '')
        text = text.slice(0, Math.max(0, lineStart - 1));
      else text = text.slice(0, closerLineEnd < 0 ? text.length : closerLineEnd);
    }
  }
  if (multiline) {
    // drop a tail that repeats what already follows the cursor
    const next = suffix
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '');
    if (next && next.length > 1) {
      const lines = text.split('\n');
      const at = lines.findIndex((l, i) => i > 0 && l.trim() === next);
      if (at > 0) text = lines.slice(0, at).join('\n');
    }
    text = text.replace(/\s+$/, '');
  } else {
    text = text.replace(/[ \t]+$/, '');
  }
  // a block typed before auto-closed brackets ("{|}"): the closers go on their own line after it
  if (
    multiline &&
    text.includes('\n') &&
    after.trim() !== '' &&
    CLOSERS_ONLY.test(after) &&
    !text.endsWith(after.trim())
  ) {
    text += `\n${/^[ \t]*/.exec(linePrefixOf(prefix))![0]}`;
    return { text, replaceSuffixChars: 0 };
  }
  let replaceSuffixChars = 0;
  const afterTrim = after.trimEnd();
  if (afterTrim && text.endsWith(afterTrim) && !text.includes('\n')) replaceSuffixChars = afterTrim.length;
  else if (afterTrim && text.endsWith(afterTrim) && multiline) replaceSuffixChars = afterTrim.length;
  if (text.trim() === '') return { text: '', replaceSuffixChars: 0 };
  return { text, replaceSuffixChars };
}

/**
 * The editor hands the engine the lines from here to the cursor: far enough back for any prompt budget, and starting
 * on a multiple of 64 so the text does not shift with every line typed (the prompt's stable start depends on it).
 */
export function editorPrefixStartLine(cursorLine: number): number {
  return Math.max(0, Math.floor((cursorLine - 200) / 64) * 64);
}

/** Lines after the cursor the editor hands the engine. */
export const EDITOR_SUFFIX_LINES = 80;

// Task-aware tier: comments and docstrings kept where the task needs them (explain, document, ...) and dropped where
// it does not (complete, generate, tests); licence headers always dropped; long literal data (base64, minified
// lines, big arrays, very long strings) elided with a marker saying how much was cut.
import { anyOf } from '../lang/alternatives';
import type { Task } from '../types';
import type { Edit } from './edits';
import type { LanguageInfo } from '../lang/table';
import type { ScanResult, Span } from '../lang/lexer';

/** Tasks whose answers draw on comments and docstrings. */
const COMMENT_TASKS: ReadonlySet<Task> = new Set<Task>(['explain', 'document', 'ask', 'fix', 'refactor']);

export function taskKeepsComments(task: Task | undefined): boolean {
  return task === undefined ? true : COMMENT_TASKS.has(task);
}

const LICENSE_RE = anyOf(
  [
    'copyright',
    String.raw`\(c\)\s*\d{4}`,
    String.raw`licen[cs]ed?\b`,
    'spdx-license-identifier',
    'all rights reserved',
    'permission is hereby granted',
    'without warranty',
    'apache license',
    'gnu (?:general|lesser)',
    'mit license',
  ],
  'i',
);

/** Comments that change what a tool does with the code: kept whatever the task. */
const DIRECTIVE_RE = anyOf(
  [
    String.raw`\/\/\/\s*<(?:reference|amd)`,
    String.raw`\/\/\s*@ts-`,
    String.raw`\/\*\s*@ts-`,
    String.raw`\/\/go:`,
    String.raw`\/\/\s*\+build`,
    '#!',
    String.raw`#\s*-\*-`,
    String.raw`#\s*(?:type:|noqa|pragma|pylint:|mypy:|fmt:|isort:|nosec)`,
    String.raw`[#/*\s]*(?:` +
      [
        'eslint',
        'prettier-ignore',
        'istanbul',
        'c8 ',
        'biome-ignore',
        'tslint:',
        'jshint',
        'jscs:',
        'global ',
        '@flow',
        '@jsx',
        '@refresh',
        'webpackChunkName',
        '@__PURE__',
        '#__PURE__',
        '@vite-ignore',
        '@license',
        '@preserve',
        'nolint',
        'NOLINT',
        'swiftlint',
        'rubocop',
        'shellcheck',
        'coding[:=]',
        'vim?:',
        '@formatter',
      ].join('|') +
      ')',
    String.raw`\/\/\s*#(?:region|endregion)`,
    String.raw`(?:\/\/|#)\s*(?:language|lang)=`,
  ],
  '',
  '^',
);

export function elisionMarker(lang: LanguageInfo, msg: string, inline: boolean): string {
  const c = lang.comment;
  if (c.open && (inline || !c.line)) return `${c.open} … ${msg} ${c.close}`;
  if (!inline && c.line) return `${c.line} … ${msg}`;
  return `…${msg}…`;
}

/**
 * A marker that stands where items of a literal were cut. Inside brackets a line break is free, so a language
 * without block comments (Python, shell, YAML) gets its line comment and a line break: a bare `…` would not parse.
 */
function itemsMarker(lang: LanguageInfo, msg: string, lineBreakAfter: boolean): string {
  const c = lang.comment;
  if (!c.open && c.line) return `${c.line} … ${msg}\n`;
  return elisionMarker(lang, msg, true) + (lineBreakAfter ? '\n' : ' ');
}

export interface TaskTierOptions {
  keepComments: boolean;
}

export interface TaskTierResult {
  edits: Edit[];
  notes: string[];
}

function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}
function lineEndOf(text: string, pos: number): number {
  const e = text.indexOf('\n', pos);
  return e < 0 ? text.length : e;
}
function onlyWs(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 10) return false;
  }
  return true;
}

/** Edit that removes a span: whole lines when it stands alone, else just the span (and the spaces before it). */
function removalEdit(text: string, start: number, end: number): Edit {
  const ls = lineStartOf(text, start);
  const le = lineEndOf(text, end);
  const aloneBefore = onlyWs(text, ls, start);
  const aloneAfter = onlyWs(text, end, le);
  if (aloneBefore && aloneAfter) {
    let end = le < text.length ? le + 1 : le;
    // between two blank lines: take one of them too, so no run of blank lines is left
    const prevBlank =
      ls === 0 || /\n[ \t\r]*\n$/.test(text.slice(Math.max(0, ls - 80), ls)) || /^[ \t\r]*\n$/.test(text.slice(0, ls));
    if (prevBlank && end < text.length) {
      let k = end;
      while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 13))
        k++;
      if (k >= text.length || text.charCodeAt(k) === 10) end = Math.min(text.length, k + 1);
    }
    return { start: ls, end, text: '' };
  }
  if (aloneAfter) {
    let s = start;
    while (s > ls && (text.charCodeAt(s - 1) === 32 || text.charCodeAt(s - 1) === 9)) s--;
    let e = end;
    while (e < le && onlyWs(text, e, e + 1) && text.charCodeAt(e) !== 10 && !(text.charCodeAt(e) === 13)) e++;
    return { start: s, end: e, text: '' };
  }
  // code on both sides: keep a separating space
  const before = text.charCodeAt(start - 1),
    after = text.charCodeAt(end);
  const wsAround = before === 32 || before === 9 || after === 32 || after === 9;
  return { start, end, text: wsAround || aloneBefore ? '' : ' ' };
}

export function taskEdits(
  text: string,
  lang: LanguageInfo,
  scanRes: ScanResult,
  opts: TaskTierOptions,
): TaskTierResult {
  const edits: Edit[] = [];
  const notes: string[] = [];
  const spans = scanRes.spans;
  const comments = spans.filter((s) => s.kind !== 'str');
  const removed = new Set<Span>();

  // 1. licence header: the leading run of comments (after a shebang), and any other long licence comment
  let counted = 0;
  {
    let pos = 0;
    if (text.startsWith('#!')) pos = lineEndOf(text, 0);
    const group: Span[] = [];
    for (const s of spans) {
      if (!onlyWs(text, pos, s.start)) break;
      if (s.kind === 'str') {
        // a Python module docstring that is a licence
        if (lang.family === 'python' && group.length === 0 && LICENSE_RE.test(text.slice(s.start, s.end)))
          group.push(s);
        break;
      }
      group.push(s);
      pos = s.end;
    }
    if (group.length) {
      const body = group.map((s) => text.slice(s.start, s.end)).join('\n');
      if (LICENSE_RE.test(body) && !group.every((s) => DIRECTIVE_RE.test(text.slice(s.start, s.end)))) {
        for (const s of group) {
          if (DIRECTIVE_RE.test(text.slice(s.start, s.end))) continue;
          edits.push(removalEdit(text, s.start, s.end));
          removed.add(s);
          counted += s.end - s.start;
        }
      }
    }
    for (const s of comments) {
      if (removed.has(s) || s.end - s.start < 200) continue;
      const body = text.slice(s.start, s.end);
      if (LICENSE_RE.test(body) && /\n/.test(body) && /licen[cs]e|copyright/i.test(body)) {
        edits.push(removalEdit(text, s.start, s.end));
        removed.add(s);
        counted += s.end - s.start;
      }
    }
    if (counted) notes.push(`licence header dropped (${counted} chars)`);
  }

  // 2. comments and docstrings
  if (!opts.keepComments) {
    let n = 0;
    for (const s of comments) {
      if (removed.has(s)) continue;
      const body = text.slice(s.start, Math.min(s.end, s.start + 200));
      if (DIRECTIVE_RE.test(body)) continue;
      if (lang.family === 'markdown' || lang.family === 'plain') continue;
      edits.push(removalEdit(text, s.start, s.end));
      n++;
    }
    if (lang.family === 'python') n += pythonDocstrings(text, scanRes, edits, removed);
    if (n) notes.push(`${n} comments/docstrings dropped for this task`);
  }

  // 3. long literal data
  elideData(text, lang, scanRes, edits, notes);
  return { edits, notes };
}

function pythonDocstrings(text: string, scanRes: ScanResult, edits: Edit[], removed: Set<Span>): number {
  const cont = scanRes.contLines ?? new Set<number>();
  const spans = scanRes.spans;
  let n = 0;
  /** ends of dropped strings that stood first in a block */
  const firstInBlockEnds = new Set<number>();
  for (let si = 0; si < spans.length; si++) {
    const s = spans[si];
    if (s.kind !== 'str' || removed.has(s)) continue;
    const ls = lineStartOf(text, s.start);
    if (cont.has(ls) || !onlyWs(text, ls, s.start)) continue;
    const prefix = text.slice(s.start, s.start + 3).toLowerCase();
    if (prefix.startsWith('f') || prefix.startsWith('rf') || prefix.startsWith('fr') || prefix.startsWith('b'))
      continue;
    const le = lineEndOf(text, s.end);
    // rest of the line: whitespace or a comment only
    const next = spans[si + 1];
    let restEnd = le;
    if (next && next.start < le && next.kind !== 'str') restEnd = next.start;
    if (!onlyWs(text, s.end, restEnd)) continue;
    if (next && next.start < le && next.kind === 'str') continue;
    // previous significant char and next statement's indentation
    const indent = s.start - ls;
    const prevChar = prevCodeChar(text, ls, spans, si);
    let nextIndent = -1;
    {
      let p = le + 1;
      let k = si + 1;
      while (p < text.length) {
        const e = lineEndOf(text, p);
        let w = 0;
        while (p + w < e && (text.charCodeAt(p + w) === 32 || text.charCodeAt(p + w) === 9)) w++;
        const c = text.charCodeAt(p + w);
        if (p + w < e && c !== 35 && c !== 13) {
          // skip lines inside a string that started earlier
          while (k < spans.length && spans[k].end <= p) k++;
          if (!(k < spans.length && spans[k].start < p && spans[k].kind === 'str')) {
            nextIndent = w;
            break;
          }
        }
        p = e + 1;
      }
    }
    // A block's first statement follows its ':'; a string statement right after a dropped one that was a block's
    // first statement is in the same place (two docstrings in a row), so the block may still need its `pass`.
    const prevPos = prevCodePos(text, ls, spans, si);
    const opensBlock = prevChar === 58 || (prevPos >= 0 && firstInBlockEnds.has(prevPos + 1)); // ':'
    if (opensBlock && nextIndent < indent) {
      edits.push({ start: s.start, end: s.end, text: 'pass' });
    } else {
      edits.push(removalEdit(text, s.start, s.end));
      if (opensBlock) firstInBlockEnds.add(s.end);
    }
    removed.add(s);
    n++;
  }
  return n;
}

function prevCodeChar(text: string, pos: number, spans: Span[], si: number): number {
  const i = prevCodePos(text, pos, spans, si);
  return i < 0 ? -1 : text.charCodeAt(i);
}

/** Offset of the last code character before `pos` (comments skipped), or -1. */
function prevCodePos(text: string, pos: number, spans: Span[], si: number): number {
  let i = pos - 1;
  let k = si - 1;
  while (i >= 0) {
    while (k >= 0 && spans[k].start > i) k--;
    if (k >= 0 && spans[k].end > i && spans[k].kind !== 'str') {
      i = spans[k].start - 1;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) {
      i--;
      continue;
    }
    return i;
  }
  return -1;
}

const STR_ITEM = String.raw`"(?:[^"\\\n]|\\.){0,100}"|'(?:[^'\\\n]|\\.){0,100}'`;
const ITEM = String.raw`(?:(?:${STR_ITEM}|[A-Za-z_$][\w$]{0,40})\s*:\s*)?(?:-?(?:0[xX][0-9a-fA-F]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)[a-zA-Z]{0,3}|true|false|null|None|True|False|nil|${STR_ITEM})`;
const ONE_ITEM_RE = new RegExp(String.raw`${ITEM}\s*,\s*`, 'y');
/** A last item without a comma, taken only when the literal closes right after it. */
const LAST_ITEM_RE = new RegExp(String.raw`${ITEM}(?=\s*[\]})])`, 'y');
const RUN_OPENERS = '[{(,=:';
const MIN_RUN = 48;

/**
 * Runs of at least 48 literal items (`1, 2, 3, ...`, `"k": "v", ...`) in `text`, each starting after an opening
 * bracket, comma, `=` or `:`. Items are matched one at a time with a sticky regex, so a 10 MB array is a loop over
 * its items, never one regex match (which overflows V8's backtracking stack on inputs that size).
 */
function literalRuns(text: string, from: number, to: number): { start: number; end: number; items: number[] }[] {
  const runs: { start: number; end: number; items: number[] }[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (!RUN_OPENERS.includes(c)) {
      i++;
      continue;
    }
    let p = i + 1;
    while (p < to && /\s/.test(text[p])) p++;
    const items: number[] = [];
    let q = p;
    for (;;) {
      ONE_ITEM_RE.lastIndex = q;
      if (!ONE_ITEM_RE.exec(text) || ONE_ITEM_RE.lastIndex > to) break;
      items.push(q);
      q = ONE_ITEM_RE.lastIndex;
    }
    if (items.length < MIN_RUN) {
      i++;
      continue;
    }
    LAST_ITEM_RE.lastIndex = q;
    if (LAST_ITEM_RE.exec(text) && LAST_ITEM_RE.lastIndex <= to) {
      items.push(q);
      q = LAST_ITEM_RE.lastIndex;
    }
    runs.push({ start: p, end: q, items });
    i = q;
  }
  return runs;
}
/** Regions where 48 commas fall within 1,200 chars: the only places a big literal array can be. */
function commaDenseRegions(text: string): [number, number][] {
  const pos: number[] = [];
  for (let i = text.indexOf(','); i >= 0; i = text.indexOf(',', i + 1)) pos.push(i);
  const out: [number, number][] = [];
  for (let k = 0; k + 47 < pos.length; k++) {
    if (pos[k + 47] - pos[k] < 1200) {
      const a = Math.max(0, pos[k] - 1000),
        b = Math.min(text.length, pos[k + 47] + 200);
      if (out.length && a <= out[out.length - 1][1]) out[out.length - 1][1] = b;
      else out.push([a, b]);
    }
  }
  return out;
}

const BASE64_RE = /^[A-Za-z0-9+/=_-]+$/;

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function elideData(text: string, lang: LanguageInfo, scanRes: ScanResult, edits: Edit[], notes: string[]) {
  let cut = 0,
    count = 0;
  // long strings: base64 / hex / very long single-line literals
  for (const s of scanRes.spans) {
    const len = s.end - s.start;
    if (s.kind !== 'str' || len < 256) continue;
    let q = s.start;
    while (q < s.end && !/['"`]/.test(text[q])) q++;
    if (q >= s.end) continue;
    let d = 1;
    if (text.charCodeAt(q + 1) === text.charCodeAt(q) && text.charCodeAt(q + 2) === text.charCodeAt(q)) d = 3;
    const innerStart = q + d,
      innerEnd = s.end - d;
    if (innerEnd - innerStart < 240) continue;
    let inner = text.slice(innerStart, innerEnd);
    let pre = 0;
    const dataUri = /^data:[\w/+.-]*(?:;[\w=-]+)*;base64,/.exec(inner);
    if (dataUri) {
      pre = dataUri[0].length;
      inner = inner.slice(pre);
    }
    const compact = inner.replace(/\\n|\\r|\n|\r/g, '');
    let kind = '';
    if (
      compact.length >= 200 &&
      BASE64_RE.test(compact) &&
      /\d/.test(compact) &&
      /[a-z]/.test(compact) &&
      /[A-Z]/.test(compact)
    )
      kind = 'base64';
    else if (compact.length >= 200 && /^[0-9a-fA-F]+$/.test(compact)) kind = 'hex';
    else if (inner.length > 1000 && !/\n/.test(inner)) kind = 'text';
    if (!kind) continue;
    const keep = kind === 'text' ? 160 : 24;
    const from = innerStart + pre + keep;
    const n = innerEnd - from;
    edits.push({
      start: from,
      end: innerEnd,
      text: `…[${fmt(n)} chars of ${kind === 'text' ? 'string' : kind} elided]`,
    });
    cut += n;
    count++;
  }
  // big arrays of literal data
  if (lang.family !== 'markdown' && lang.family !== 'plain' && lang.family !== 'markup') {
    for (const [ra, rb] of commaDenseRegions(text)) {
      for (const run of literalRuns(text, ra, rb)) {
        // the first 8 items stay, as a sample of the data
        const p = run.items[8];
        const cutText = text.slice(p, run.end);
        const items = run.items.length - 8;
        const marker = itemsMarker(lang, `${fmt(items)} more items elided`, /\n/.test(cutText));
        edits.push({ start: p, end: run.end, text: marker });
        cut += run.end - p;
        count++;
      }
    }
  }
  // minified lines
  if (lang.family !== 'markdown' && lang.family !== 'plain') {
    let p = 0;
    const spans = scanRes.spans;
    let si = 0;
    while (p < text.length) {
      const e = lineEndOf(text, p);
      if (e - p > 1000) {
        let ws = 0;
        for (let i = p; i < e; i++) {
          const c = text.charCodeAt(i);
          if (c === 32 || c === 9) ws++;
        }
        if (ws / (e - p) < 0.1) {
          while (si < spans.length && spans[si].end <= p) si++;
          const crossesStart = si < spans.length && spans[si].start < p;
          let k = si,
            crossesEnd = false;
          let c = p + 200;
          while (k < spans.length && spans[k].start < e) {
            if (spans[k].end > e) crossesEnd = true;
            if (spans[k].start < c && spans[k].end > c) c = spans[k].end > e ? spans[k].start : spans[k].end;
            k++;
          }
          if (!crossesStart && !crossesEnd && e - c > 200) {
            edits.push({
              start: c,
              end: e,
              text: ' ' + elisionMarker(lang, `${fmt(e - c)} chars of minified code elided`, true),
            });
            cut += e - c;
            count++;
          }
        }
      }
      p = e + 1;
    }
  }
  if (count) notes.push(`${count} long literal${count > 1 ? 's' : ''} elided (${fmt(cut)} chars)`);
}

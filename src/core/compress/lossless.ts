// Lossless tier: trailing whitespace, runs of blank lines, indentation re-based to the minimum that keeps the
// structure. Never touches the inside of a string, template literal, heredoc or block scalar: the output scans to
// the same code tokens as the input.
import type { Edit } from './edits';
import type { LanguageInfo } from '../lang/table';
import type { ScanResult } from '../lang/lexer';

export interface LosslessOptions {
  /** Re-base indentation (default true). Off when the model's output must match the file's own indentation. */
  rebaseIndent?: boolean;
}

interface Line {
  start: number;
  /** end of content, before \r\n / \n */
  contentEnd: number;
  /** index of the \n, or text length for a last line without one */
  nl: number;
  startsInStr: boolean;
  nlInStr: boolean;
  /** length of leading whitespace (0 when startsInStr) */
  indentLen: number;
  /** start of trailing whitespace to strip (== contentEnd when none) */
  trailStart: number;
  blank: boolean;
}

function isHWs(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 11;
}

export function analyzeLines(text: string, scanRes: ScanResult, lang?: LanguageInfo): Line[] {
  // Spans whose bytes are content: strings, and doc comments where they are rendered (Rust's `///` and `/** */`).
  const docs = !!lang?.docIsContent;
  const strs = scanRes.spans.filter((s) => s.kind === 'str' || (docs && s.kind === 'doc'));
  const lines: Line[] = [];
  const n = text.length;
  let sp = 0,
    sp2 = 0;
  let p = 0;
  while (p < n) {
    let nl = text.indexOf('\n', p);
    if (nl < 0) nl = n;
    let contentEnd = nl;
    if (contentEnd > p && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    while (sp < strs.length && strs[sp].end <= p) sp++;
    const startsInStr = sp < strs.length && strs[sp].start < p && p < strs[sp].end;
    if (sp2 < sp) sp2 = sp;
    while (sp2 < strs.length && strs[sp2].end <= nl) sp2++;
    const nlInStr = nl < n && sp2 < strs.length && strs[sp2].start <= nl && nl < strs[sp2].end;
    // \r at content end inside a string is content too
    if (nlInStr && contentEnd < nl && strs[sp2].start <= contentEnd) contentEnd = nl;
    let indentLen = 0;
    if (!startsInStr) while (p + indentLen < contentEnd && isHWs(text.charCodeAt(p + indentLen))) indentLen++;
    let trailStart = contentEnd;
    if (!nlInStr) {
      const lo = p + (startsInStr ? 0 : indentLen);
      while (trailStart > lo && isHWs(text.charCodeAt(trailStart - 1))) trailStart--;
      // inside a string that ends on this line? the span check: trailing ws must not be inside a str span
      if (trailStart < contentEnd) {
        let k = sp;
        while (k < strs.length && strs[k].start < contentEnd) {
          if (strs[k].end > trailStart && strs[k].start < contentEnd) {
            trailStart = Math.max(trailStart, strs[k].end);
          }
          k++;
        }
        if (trailStart > lo && text.charCodeAt(trailStart - 1) === 92) trailStart = contentEnd; // "\ " stays
      }
    }
    const blank = !startsInStr && !nlInStr && p + indentLen >= contentEnd;
    lines.push({ start: p, contentEnd, nl, startsInStr, nlInStr, indentLen, trailStart, blank });
    p = nl + 1;
  }
  return lines;
}

function widthOf(text: string, start: number, len: number, tab: number): number {
  let w = 0;
  for (let i = 0; i < len; i++) w += text.charCodeAt(start + i) === 9 ? tab - (w % tab) : 1;
  return w;
}

/** Indentation unit of space-indented lines: the most common increase between consecutive lines (2..8). */
function detectUnit(text: string, lines: Line[], skip?: (l: Line) => boolean): number {
  const hist = new Array(9).fill(0);
  let prev = -1;
  for (const l of lines) {
    if (l.blank || l.startsInStr || (skip && skip(l))) continue;
    let tabs = false;
    for (let i = 0; i < l.indentLen; i++)
      if (text.charCodeAt(l.start + i) !== 32) {
        tabs = true;
        break;
      }
    if (tabs) {
      prev = -1;
      continue;
    }
    const w = l.indentLen;
    if (prev >= 0 && w - prev >= 2 && w - prev <= 8) hist[w - prev]++;
    prev = w;
  }
  let best = 4,
    bestN = 0;
  for (let u = 2; u <= 8; u++)
    if (hist[u] > bestN) {
      best = u;
      bestN = hist[u];
    }
  return best;
}

export function losslessEdits(
  text: string,
  lang: LanguageInfo,
  scanRes: ScanResult,
  opts: LosslessOptions = {},
): Edit[] {
  const lines = analyzeLines(text, scanRes, lang);
  const edits: Edit[] = [];
  const rebase = opts.rebaseIndent !== false && !lang.keepIndent;
  const newIndent = rebase ? indentPlan(text, lines, lang, scanRes) : null;
  const markdown = lang.family === 'markdown';

  // last non-blank line: trailing blank lines after it go
  let lastContent = lines.length - 1;
  while (lastContent >= 0 && lines[lastContent].blank) lastContent--;
  let prevBlank = true; // leading blank lines go
  for (let li = 0; li < lines.length; li++) {
    const l = lines[li];
    if (l.blank) {
      if (prevBlank || li > lastContent) {
        // remove the whole line with its newline
        const end = l.nl < text.length ? l.nl + 1 : l.nl;
        if (l.nl >= text.length) {
          // last line without a newline: drop its whitespace, keep the newline before it
          if (l.nl > l.start) edits.push({ start: l.start, end: l.nl, text: '' });
          continue;
        }
        if (end > l.start) edits.push({ start: l.start, end, text: '' });
      } else if (l.contentEnd > l.start) {
        edits.push({ start: l.start, end: l.contentEnd, text: '' });
      }
      prevBlank = true;
      continue;
    }
    prevBlank = false;
    const ni = newIndent ? newIndent[li] : undefined;
    if (ni !== undefined && ni !== null) {
      const cut = ni.replaceLen ?? l.indentLen;
      if (text.slice(l.start, l.start + cut) !== ni.text)
        edits.push({ start: l.start, end: l.start + cut, text: ni.text });
    }
    if (l.trailStart < l.contentEnd) {
      if (markdown && l.contentEnd - l.trailStart >= 2 && text.charCodeAt(l.trailStart) === 32) {
        if (l.contentEnd - l.trailStart > 2) edits.push({ start: l.trailStart + 2, end: l.contentEnd, text: '' });
      } else edits.push({ start: l.trailStart, end: l.contentEnd, text: '' });
    }
  }
  return edits;
}

interface IndentChange {
  text: string;
  /** characters replaced from the line start (default: the indentation) */
  replaceLen?: number;
}

function indentPlan(
  text: string,
  lines: Line[],
  lang: LanguageInfo,
  scanRes: ScanResult,
): (IndentChange | null)[] | null {
  switch (lang.family) {
    case 'python':
      return pythonPlan(text, lines, scanRes);
    case 'yaml':
      return yamlPlan(text, lines);
    case 'plain':
      return dedentPlan(text, lines);
    default:
      return scalePlan(text, lines, scanRes);
  }
}

function scalePlan(text: string, lines: Line[], _scan: ScanResult): (IndentChange | null)[] {
  const u = detectUnit(text, lines);
  const out: (IndentChange | null)[] = new Array(lines.length).fill(null);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.blank || l.startsInStr || l.indentLen === 0) continue;
    const w = widthOf(text, l.start, l.indentLen, u);
    const nw = Math.floor(w / u) + (w % u ? 1 : 0);
    out[i] = { text: ' '.repeat(nw) };
  }
  return out;
}

function dedentPlan(text: string, lines: Line[]): (IndentChange | null)[] | null {
  let min = Infinity;
  for (const l of lines) {
    if (l.blank || l.startsInStr) continue;
    min = Math.min(min, l.indentLen);
    if (min === 0) return null;
  }
  if (!isFinite(min)) return null;
  // only when the common indentation is the same characters everywhere
  let prefix: string | null = null;
  for (const l of lines) {
    if (l.blank || l.startsInStr) continue;
    const p = text.slice(l.start, l.start + min);
    if (prefix === null) prefix = p;
    else if (p !== prefix) return null;
  }
  return lines.map((l) =>
    l.blank || l.startsInStr ? null : { text: text.slice(l.start + min, l.start + l.indentLen) },
  );
}

function pythonPlan(text: string, lines: Line[], scanRes: ScanResult): (IndentChange | null)[] | null {
  const cont = scanRes.contLines ?? new Set<number>();
  const structural = (l: Line) =>
    !l.blank && !l.startsInStr && !cont.has(l.start) && text.charCodeAt(l.start + l.indentLen) !== 35;
  const widths = new Set<number>();
  for (const l of lines) {
    if (!structural(l)) continue;
    for (let i = 0; i < l.indentLen; i++) if (text.charCodeAt(l.start + i) !== 32) return null; // tabs / form feeds: leave alone
    widths.add(l.indentLen);
  }
  const sorted = [...widths].sort((a, b) => a - b);
  const rank = new Map<number, number>();
  sorted.forEach((w, i) => rank.set(w, i));
  const below = (w: number) => {
    // number of structural widths < w, +1 when w itself is not one
    let lo = 0,
      hi = sorted.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (sorted[m] < w) lo = m + 1;
      else hi = m;
    }
    return lo + (rank.has(w) ? 0 : 1);
  };
  const out: (IndentChange | null)[] = new Array(lines.length).fill(null);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.blank || l.startsInStr || l.indentLen === 0) continue;
    if (structural(l)) out[i] = { text: ' '.repeat(rank.get(l.indentLen)!) };
    else {
      // continuation and comment lines: indentation is not significant
      let hasTab = false;
      for (let k = 0; k < l.indentLen; k++)
        if (text.charCodeAt(l.start + k) !== 32) {
          hasTab = true;
          break;
        }
      if (hasTab) continue;
      out[i] = { text: ' '.repeat(below(l.indentLen)) };
    }
  }
  return out;
}

function yamlPlan(text: string, lines: Line[]): (IndentChange | null)[] | null {
  interface Info {
    cols: number[];
    dashes: number;
    contentCol: number;
  }
  const infos: (Info | null)[] = new Array(lines.length).fill(null);
  const cols = new Set<number>();
  const dashCols = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.blank || l.startsInStr) continue;
    for (let k = 0; k < l.indentLen; k++) if (text.charCodeAt(l.start + k) !== 32) return null;
    const line = text.slice(l.start, l.contentEnd);
    if (/^\s*\?(\s|$)/.test(line) || (/[|>][-+]?[1-9]/.test(line) && /:\s*[|>]|^\s*-\s*[|>]/.test(line))) return null;
    const lcols = [l.indentLen];
    let k = l.indentLen;
    let dashes = 0;
    while (line.charCodeAt(k) === 45 && (line.charCodeAt(k + 1) === 32 || k + 1 === line.length)) {
      dashCols.add(k);
      dashes++;
      k++;
      while (line.charCodeAt(k) === 32) k++;
      if (k < line.length) lcols.push(k);
    }
    if (text.charCodeAt(l.start + l.indentLen) === 35) {
      infos[i] = { cols: [l.indentLen], dashes: 0, contentCol: l.indentLen };
      continue;
    }
    for (const c of lcols) cols.add(c);
    infos[i] = { cols: lcols, dashes, contentCol: k };
  }
  const sorted = [...cols].sort((a, b) => a - b);
  const f = new Map<number, number>();
  let cur = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0) cur += dashCols.has(sorted[i - 1]) ? 2 : 1;
    if (i === 0) cur = 0;
    if (cur > sorted[i]) return null;
    f.set(sorted[i], cur);
  }
  const fx = (w: number) => {
    if (f.has(w)) return f.get(w)!;
    let best = 0;
    for (const s of sorted) if (s < w) best = f.get(s)! + 1;
    return Math.min(best, w);
  };
  const out: (IndentChange | null)[] = new Array(lines.length).fill(null);
  for (let i = 0; i < lines.length; i++) {
    const inf = infos[i];
    const l = lines[i];
    if (!inf) continue;
    if (inf.dashes === 0) {
      if (l.indentLen) out[i] = { text: ' '.repeat(fx(l.indentLen)) };
      continue;
    }
    // indentation + each "-" + padding up to the next column
    let s = ' '.repeat(fx(l.indentLen));
    let col = fx(l.indentLen);
    const line = text.slice(l.start, l.contentEnd);
    let k = l.indentLen;
    for (let d = 0; d < inf.dashes; d++) {
      s += '-';
      col++;
      k++;
      while (line.charCodeAt(k) === 32) k++;
      if (k < line.length) {
        const target = fx(k);
        const pad = Math.max(1, target - col);
        s += ' '.repeat(pad);
        col += pad;
      }
    }
    out[i] = { text: s, replaceLen: Math.min(k, l.contentEnd - l.start) };
  }
  return out;
}

// The one Markdown fence parser. A fence opens on a line whose first non-blank characters are three or more
// backticks or tildes (any indentation: model answers indent fences inside list items), followed by an info string
// (a backtick fence's info has no backtick, as in CommonMark); it closes on a line holding only the same character,
// at least as many times. An unclosed fence runs to the end. Every reader of fenced text (the cache key, the
// answer checker, code extraction, Document File, the lexer's Markdown rules) uses these functions, so they agree
// on where code starts and ends.

export interface FenceOpen {
  /** the fence characters, e.g. "```" or "~~~~" */
  marker: string;
  /** the whole info string, trimmed */
  info: string;
  /** the info string's first word, lower case, without `{.` and trailing `}:,` decoration ("" when none) */
  lang: string;
}

const OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;

/** The opening fence on `line`, or undefined. */
export function fenceOpen(line: string): FenceOpen | undefined {
  const m = OPEN.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
  if (!m) return undefined;
  const marker = m[1];
  const info = m[2].trim();
  if (marker[0] === '`' && info.includes('`')) return undefined;
  const word = /^\S*/.exec(info)![0];
  const lang = word
    .toLowerCase()
    .replace(/^\{?\.?/, '')
    .replace(/[}:,].*$/, '');
  return { marker, info, lang };
}

/** Whether `line` closes a fence opened with `marker`. */
export function closesFence(line: string, marker: string): boolean {
  const t = line.trim();
  if (t.length < marker.length || t[0] !== marker[0]) return false;
  for (let i = 1; i < t.length; i++) if (t[i] !== marker[0]) return false;
  return true;
}

/** Whether `line` is a fence line of either kind (opening or closing). */
export function isFenceLine(line: string): boolean {
  return fenceOpen(line) !== undefined;
}

export interface FencedBlock extends FenceOpen {
  /** 0-based line of the opening fence */
  openLine: number;
  /** 0-based line of the closing fence, or the number of lines when unclosed */
  closeLine: number;
  closed: boolean;
  /** the lines between the fences, joined with \n */
  body: string;
}

/** Every fenced block of `text`, in order (lines split on \n; a trailing \r is ignored on fence lines). */
export function fencedBlocks(text: string): FencedBlock[] {
  return fencedBlocksOfLines(text.split('\n'));
}

export function fencedBlocksOfLines(lines: readonly string[]): FencedBlock[] {
  const out: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fenceOpen(lines[i]);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && !closesFence(lines[j], open.marker)) j++;
    const closed = j < lines.length;
    out.push({ ...open, openLine: i, closeLine: j, closed, body: lines.slice(i + 1, j).join('\n') });
    i = j;
  }
  return out;
}

/** Whether `text` has a line that opens a fence (cheap test before parsing). */
export function hasFence(text: string): boolean {
  if (text.indexOf('```') < 0 && text.indexOf('~~~') < 0) return false;
  return fencedBlocks(text).length > 0;
}

/**
 * Offsets of each fenced block in `text`: from the start of its opening line to the end of its closing line
 * (exclusive, before the newline), or to the end of the text when unclosed. For lexers that need spans.
 */
export function fenceSpans(text: string): { start: number; end: number; bodyStart: number; bodyEnd: number }[] {
  const out: { start: number; end: number; bodyStart: number; bodyEnd: number }[] = [];
  const n = text.length;
  let p = 0;
  let open: { marker: string; start: number; bodyStart: number } | undefined;
  while (p < n) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = n;
    const line = text.slice(p, e);
    if (!open) {
      const f = fenceOpen(line);
      if (f) open = { marker: f.marker, start: p, bodyStart: Math.min(n, e + 1) };
    } else if (closesFence(line, open.marker)) {
      out.push({ start: open.start, end: e, bodyStart: open.bodyStart, bodyEnd: Math.max(open.bodyStart, p - 1) });
      open = undefined;
    }
    p = e + 1;
  }
  if (open) out.push({ start: open.start, end: n, bodyStart: open.bodyStart, bodyEnd: n });
  return out;
}

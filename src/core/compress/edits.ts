// Text edits: every tier produces a sorted list of non-overlapping replacements, applied in one pass. Offsets
// (the selection) are mapped through them.

export interface Edit {
  start: number;
  /** exclusive */
  end: number;
  text: string;
}

/** Drops edits that overlap an earlier kept one or touch a protected range; input need not be sorted. */
export function normalizeEdits(edits: Edit[], protect?: { start: number; end: number }): Edit[] {
  const sorted = edits.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Edit[] = [];
  let lastEnd = -1;
  for (const e of sorted) {
    if (e.start < lastEnd) continue;
    if (protect && protect.end > protect.start && e.start < protect.end && e.end > protect.start) continue;
    if (protect && protect.end === protect.start && e.start < protect.start && e.end > protect.start) continue;
    out.push(e);
    lastEnd = e.end;
  }
  return out;
}

/** Applies sorted, non-overlapping edits; maps each tracked offset (an offset inside an edit maps to its start). */
export function applyEdits(text: string, edits: Edit[], track: number[] = []): { text: string; tracked: number[] } {
  if (!edits.length) return { text, tracked: track.slice() };
  const parts: string[] = [];
  const tracked = track.slice();
  const order = track.map((_, i) => i).sort((a, b) => track[a] - track[b]);
  let ti = 0;
  let pos = 0;
  let outLen = 0;
  for (const e of edits) {
    // offsets before this edit
    while (ti < order.length && track[order[ti]] <= e.start) {
      tracked[order[ti]] = outLen + (track[order[ti]] - pos);
      ti++;
    }
    if (e.start > pos) {
      parts.push(text.slice(pos, e.start));
      outLen += e.start - pos;
    }
    while (ti < order.length && track[order[ti]] < e.end) {
      tracked[order[ti]] = outLen;
      ti++;
    }
    parts.push(e.text);
    outLen += e.text.length;
    pos = e.end;
  }
  while (ti < order.length) {
    tracked[order[ti]] = outLen + (track[order[ti]] - pos);
    ti++;
  }
  if (pos < text.length) parts.push(text.slice(pos));
  return { text: parts.join(''), tracked };
}

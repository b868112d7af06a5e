// Context compression: lossless -> task-aware -> structural -> budget. Pure functions over plain data.
import { estimateTokens } from '../tokens';
import type { EditorRequest, SymbolInfo, Task } from '../types';
import { isSensitivePath, requestSecretFields, withholdSecrets } from '../privacy';
import { applyEdits, normalizeEdits } from './edits';
import { languageInfo, type LanguageInfo } from '../lang/table';
import { losslessEdits } from './lossless';
import { scan } from '../lang/lexer';
import { structuralEdits, referencedNames, lineStarts, lineOf } from './structural';
import { taskEdits, taskKeepsComments } from './taskTier';

export { languageInfo } from '../lang/table';
export type { Family, LanguageInfo } from '../lang/table';

export type CompressTier = 'lossless' | 'task' | 'structural';
export const COMPRESS_TIERS: readonly CompressTier[] = ['lossless', 'task', 'structural'];

/** Where the selection sits in `context` (the selection itself travels apart, in `selection`). */
export const SELECTION_MARKER = '<<<SELECTION>>>';
/** Where the cursor sits in `context` when nothing is selected. */
export const CURSOR_MARKER = '<<<CURSOR>>>';

export interface CompressOptions {
  languageId: string;
  task?: Task;
  tier: CompressTier;
  selection?: { start: number; end: number };
  /** Document symbols from the editor (line numbers of `text`); optional. */
  symbols?: SymbolInfo[];
  /** Re-base indentation in the lossless tier (default true). */
  rebaseIndent?: boolean;
}

interface TierState {
  text: string;
  selection?: { start: number; end: number };
}

type TierHook = (tier: CompressTier, state: TierState) => void;

function runTiers(
  text: string,
  lang: LanguageInfo,
  opts: CompressOptions,
  notes: string[],
  hook?: TierHook,
): TierState {
  const upto = COMPRESS_TIERS.indexOf(opts.tier);
  let cur = text;
  let sel = opts.selection
    ? {
        start: Math.max(0, Math.min(opts.selection.start, text.length)),
        end: Math.max(0, Math.min(opts.selection.end, text.length)),
      }
    : undefined;
  if (sel && sel.end < sel.start) sel = { start: sel.end, end: sel.start };

  // symbols: track their line offsets through the edits
  const starts0 = opts.symbols?.length ? lineStarts(text) : [];
  const symOffsets: number[] = [];
  const collect = (s: SymbolInfo) => {
    symOffsets.push(
      starts0[Math.min(s.startLine, starts0.length - 1)] ?? 0,
      starts0[Math.min(s.endLine, starts0.length - 1)] ?? 0,
    );
    (s.children ?? []).forEach(collect);
  };
  (opts.symbols ?? []).forEach(collect);

  const apply = (edits: ReturnType<typeof normalizeEdits>) => {
    const track = [...(sel ? [sel.start, sel.end] : []), ...symOffsets];
    const r = applyEdits(cur, edits, track);
    cur = r.text;
    if (sel) sel = { start: r.tracked[0], end: r.tracked[1] };
    const off = sel ? 2 : 0;
    for (let i = 0; i < symOffsets.length; i++) symOffsets[i] = r.tracked[off + i];
  };

  const before = cur.length;
  apply(normalizeEdits(losslessEdits(cur, lang, scan(cur, lang), { rebaseIndent: opts.rebaseIndent })));
  if (cur.length < before) notes.push(`lossless: ${before - cur.length} whitespace chars removed`);
  hook?.('lossless', { text: cur, selection: sel });
  if (upto < 1) return { text: cur, selection: sel };

  const t = taskEdits(cur, lang, scan(cur, lang), { keepComments: taskKeepsComments(opts.task) });
  apply(normalizeEdits(t.edits, sel));
  notes.push(...t.notes);
  hook?.('task', { text: cur, selection: sel });
  if (upto < 2) return { text: cur, selection: sel };

  let symbols: SymbolInfo[] | undefined;
  if (opts.symbols?.length) {
    const st = lineStarts(cur);
    let k = 0;
    const remap = (s: SymbolInfo): SymbolInfo => {
      const a = lineOf(st, symOffsets[k++]),
        b = lineOf(st, symOffsets[k++]);
      return { ...s, startLine: a, endLine: Math.max(a, b), children: (s.children ?? []).map(remap) };
    };
    symbols = opts.symbols.map(remap);
  }
  const s = structuralEdits(cur, lang, scan(cur, lang), { selection: sel, symbols });
  apply(normalizeEdits(s.edits, sel));
  notes.push(...s.notes);
  hook?.('structural', { text: cur, selection: sel });
  return { text: cur, selection: sel };
}

/** Compresses one source text up to `tier`. With a selection, task and structural tiers leave it whole. */
export function compressSource(
  text: string,
  opts: CompressOptions,
): { text: string; notes: string[]; selection?: { start: number; end: number } } {
  const notes: string[] = [];
  const lang = languageInfo(opts.languageId);
  const r = runTiers(text, lang, opts, notes);
  return { text: r.text, notes, selection: r.selection };
}

export interface PreparedContext {
  selection: string;
  /** compressed surrounding file text with SELECTION_MARKER / CURSOR_MARKER where the selection sits; may be '' */
  context: string;
  /** context split at the marker (for fill-in-the-middle prompts) */
  contextPrefix: string;
  contextSuffix: string;
  instruction: string;
  originalTokens: number;
  compressedTokens: number;
  tokensSaved: number;
  tiers: { tier: 'original' | 'lossless' | 'task' | 'structural' | 'budget'; tokens: number }[];
  secrets: { kind: string; count: number }[];
  secretsWithheld: number;
  /** the request's diagnostic messages, with the request's secrets withheld (same order) */
  diagnosticMessages?: string[];
  contextWithheldReason?: string;
  truncated: boolean;
  notes: string[];
}

export interface BudgetOptions {
  maxInputTokens: number;
  contextWindow: number;
  reservedOutputTokens: number;
  /** tokens kept free for the pipeline's own prompt framing (system prompt, labels); default 200 */
  overheadTokens?: number;
}

const IMPORT_RE =
  /^\s*(?:import\b|from\s+\S+\s+import\b|#\s*include\b|using\s+[\w.]+\s*;|package\s+[\w.]+|use\s+[\w:]+|(?:const|let|var)\s+[\w{}\s,]+=\s*require\(|require\(|library\(|@import\b)/;

function omittedMarker(lang: LanguageInfo, n: number): string {
  const what = `${n} line${n === 1 ? '' : 's'} omitted`;
  if (lang.comment.line) return `${lang.comment.line} … ${what}`;
  if (lang.comment.open) return `${lang.comment.open} … ${what} ${lang.comment.close}`;
  return `… ${what}`;
}

/** Fits `text` into `limit` tokens: keeps the lines nearest the marker (two before for one after) and the imports. */
export function fitLines(text: string, limit: number, lang: LanguageInfo, marker: string): string {
  if (limit <= 0) return '';
  if (estimateTokens(text) <= limit) return text;
  const lines = text.split('\n');
  const cost = lines.map((l) => estimateTokens(l) + 1);
  let m = lines.findIndex((l) => l.includes(marker));
  if (m < 0) m = lines.length - 1;
  const keep = new Uint8Array(lines.length);
  let left = limit - 3 * 12; // room for up to three omission markers
  if (cost[m] > left) return '';
  keep[m] = 1;
  left -= cost[m];
  // imports first, within a quarter of the budget
  let importCost = 0;
  const imports: number[] = [];
  for (let i = 0; i < Math.min(lines.length, 200); i++)
    if (i !== m && IMPORT_RE.test(lines[i])) {
      imports.push(i);
      importCost += cost[i];
    }
  if (importCost <= left / 4) {
    for (const i of imports) keep[i] = 1;
    left -= importCost;
  }
  let lo = m - 1,
    hi = m + 1;
  let turn = 0;
  while (lo >= 0 || hi < lines.length) {
    const takeBefore = (turn % 3 !== 2 && lo >= 0) || hi >= lines.length;
    const i = takeBefore ? lo : hi;
    if (!keep[i]) {
      if (cost[i] > left) break;
      keep[i] = 1;
      left -= cost[i];
    }
    if (takeBefore) lo--;
    else hi++;
    turn++;
  }
  const out: string[] = [];
  let gap = 0;
  for (let i = 0; i < lines.length; i++) {
    if (keep[i]) {
      if (gap) {
        out.push(omittedMarker(lang, gap));
        gap = 0;
      }
      out.push(lines[i]);
    } else gap++;
  }
  if (gap) out.push(omittedMarker(lang, gap));
  return out.join('\n');
}

/** Keeps the head of `text` within `limit` tokens. */
export function trimToTokens(text: string, limit: number): string {
  if (estimateTokens(text) <= limit) return text;
  if (limit <= 0) return '';
  let lo = 0,
    hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (estimateTokens(text.slice(0, mid)) <= limit) lo = mid;
    else hi = mid - 1;
  }
  // prefer a line boundary
  const nl = text.lastIndexOf('\n', lo);
  return text.slice(0, nl > lo * 0.8 ? nl : lo);
}

/**
 * Redacts secrets, compresses the surrounding file around the selection and fits the whole prompt into the budget
 * (min of maxInputTokens and contextWindow - reservedOutputTokens), dropping the lowest-priority context first.
 */
export function prepareContext(req: EditorRequest, opts: BudgetOptions): PreparedContext {
  const lang = languageInfo(req.languageId);
  const notes: string[] = [];
  const found = new Map<string, number>();
  let withheld = 0;
  // every secret found in any part of the request is withheld from all of them, with numbered placeholders
  const fields = requestSecretFields(req);
  const secrets = withholdSecrets(fields);
  for (const f of secrets.findings) found.set(f.kind, (found.get(f.kind) ?? 0) + f.count);
  withheld += secrets.total;
  const [wInstruction, wSelection, wPrefix, wSuffix] = secrets.texts;
  const diagnosticMessages = secrets.texts.slice(4);
  const rawSelection = req.selection ?? '';
  const rawPrefix = req.prefix ?? '';
  const rawSuffix = req.suffix ?? '';
  let contextWithheldReason: string | undefined;
  const sensitive = !!req.filePath && isSensitivePath(req.filePath);
  if (sensitive) {
    const base = req.filePath!.split(/[\\/]/).pop();
    contextWithheldReason = `sensitive file ${base} is never sent`;
  }
  let instruction = wInstruction;
  let selection = wSelection;
  const prefix = sensitive ? '' : wPrefix;
  const suffix = sensitive ? '' : wSuffix;

  const instrTokens0 = estimateTokens(req.instruction ?? '');
  const originalTokens =
    instrTokens0 + estimateTokens(rawSelection) + (sensitive ? 0 : estimateTokens(rawPrefix + rawSuffix));
  const tiers: PreparedContext['tiers'] = [{ tier: 'original', tokens: originalTokens }];
  const marker = selection ? SELECTION_MARKER : CURSOR_MARKER;

  const hasContext = (prefix + suffix).trim().length > 0;
  let context = '';
  const fixedTokens = () => estimateTokens(instruction) + estimateTokens(selection);
  if (hasContext) {
    const full = prefix + selection + suffix;
    const toContext = (st: TierState) => {
      const s = st.selection ?? { start: prefix.length, end: prefix.length + selection.length };
      return st.text.slice(0, s.start) + marker + st.text.slice(s.end);
    };
    const hook: TierHook = (tier, st) => {
      context = toContext(st);
      tiers.push({ tier, tokens: fixedTokens() + estimateTokens(context) });
    };
    runTiers(
      full,
      lang,
      {
        languageId: req.languageId,
        task: req.task,
        tier: 'structural',
        selection: { start: prefix.length, end: prefix.length + selection.length },
        symbols: req.symbols,
        rebaseIndent: req.task !== 'complete' && req.task !== 'generate',
      },
      notes,
      hook,
    );
  } else {
    for (const tier of COMPRESS_TIERS) tiers.push({ tier, tokens: fixedTokens() });
  }

  // budget
  let truncated = false;
  const budget = Math.max(
    0,
    Math.min(opts.maxInputTokens, opts.contextWindow - opts.reservedOutputTokens) - (opts.overheadTokens ?? 200),
  );
  if (estimateTokens(instruction) > budget / 2) {
    instruction = trimToTokens(instruction, Math.floor(budget / 2));
    truncated = true;
    notes.push('instruction truncated to fit the budget');
  }
  let avail = budget - estimateTokens(instruction);
  const selTokens = estimateTokens(selection);
  if (selTokens > avail) {
    const lines = selection.split('\n').length;
    selection = trimToTokens(selection, Math.max(0, avail - 16));
    const kept = selection ? selection.split('\n').length : 0;
    selection += `\n… [selection truncated: ${kept} of ${lines} lines kept]`;
    truncated = true;
    context = '';
    notes.push('selection truncated to fit the budget; context dropped');
  } else {
    avail -= selTokens;
    const before = estimateTokens(context);
    if (context && before > avail) {
      context = fitLines(context, avail, lang, marker);
      notes.push(
        context ? 'context trimmed to fit the budget (farthest lines first)' : 'context dropped to fit the budget',
      );
    }
  }
  if (!context.includes(marker)) context = '';
  const compressedTokens = estimateTokens(instruction) + estimateTokens(selection) + estimateTokens(context);
  tiers.push({ tier: 'budget', tokens: compressedTokens });
  const mi = context.indexOf(marker);
  return {
    selection,
    context,
    contextPrefix: mi >= 0 ? context.slice(0, mi) : '',
    contextSuffix: mi >= 0 ? context.slice(mi + marker.length) : '',
    instruction,
    originalTokens,
    compressedTokens,
    tokensSaved: Math.max(0, originalTokens - compressedTokens),
    tiers,
    secrets: [...found]
      .map(([kind, count]) => ({ kind, count }))
      .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
    secretsWithheld: withheld,
    diagnosticMessages,
    contextWithheldReason,
    truncated,
    notes,
  };
}

export { referencedNames };

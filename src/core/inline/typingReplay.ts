// Replays a person typing real source files into the completion engine, on a virtual clock: keystrokes at human pace
// with pauses (seeded), suggestions accepted with Tab when they are right and the typist has had time to read them,
// typed over otherwise. The backend is a fake that answers with the file's real next text for a share of requests and
// with other code from the file for the rest. Used by bench/inline.ts and the unit tests.
import type { InlineConfig } from '../config';
import type { CompletionBackend, CompletionRequest, CompletionResponse } from './completionBackend';
import { CompletionEngine, type InlineSuggestion } from './completionEngine';
import { editorPrefixStartLine, EDITOR_SUFFIX_LINES } from './completionPolicy';
import { VirtualClock } from '../clock';
import { seededRandom } from '../random';

/** A region of a real file that the typist types from scratch; the rest of the file is already there. */
export interface TypingSession {
  text: string;
  start: number;
  end: number;
  languageId: string;
  label?: string;
}

export interface ReplayOptions {
  seed: number;
  config: InlineConfig;
  supportsFim: boolean;
  /** share of requests the fake backend answers with the file's real next text */
  correctShare: number;
  /** share of right suggestions the typist takes (once read) */
  acceptShare: number;
  /** chance per letter of a wrong key, noticed and erased with Backspace on the next keystroke */
  typoRate?: number;
  /** simulated provider latency, uniform in [min, max] ms */
  latencyMs: [number, number];
  /** per million tokens, input and output alike */
  pricePer1M: number;
  /** tokens of a text as the provider counts them */
  countTokens(text: string): number;
  /** extra prompt tokens a FIM request carries (special tokens) */
  framingTokens?: number;
  maxPromptTokens?: number;
  /** engine option: let requests in flight finish while the user types on */
  keepInFlightWhileTyping?: boolean;
}

export interface ReplayRequest {
  prefix: string;
  suffix: string;
  output: string;
  aborted: boolean;
}

export interface ReplayResult {
  keystrokes: number;
  /** keystrokes that were Tab (accepting a suggestion) */
  accepts: number;
  acceptedChars: number;
  typedChars: number;
  /** suggestions that were on screen at some point */
  suggestionsShown: number;
  requests: number;
  aborted: number;
  reuseHits: number;
  cacheHits: number;
  /** reuse/cache hits followed by a pause at least as long as the debounce: each would have cost a request */
  avoidedRequests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** wall time of the engine's work per keystroke, ms (includes being preempted on a busy machine) */
  overheadMs: number[];
  /** CPU time of the engine's work per keystroke, ms (what the keystroke costs this process) */
  overheadCpuMs: number[];
  simulatedMs: number;
}

export { seededRandom } from '../random';

function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * Time before the next key, ms: about 55 words a minute inside words (lognormal around 190 ms), longer at word and
 * statement boundaries, and now and then a pause to think, mostly at line ends.
 */
export function keyGapMs(rand: () => number, justTyped: string): number {
  let gap = 190 * Math.exp(0.45 * normal(rand));
  if (justTyped === '\n') {
    if (rand() < 0.55) gap += 600 + rand() * 3400;
  } else if (justTyped === ';' || justTyped === '{' || justTyped === '(' || justTyped === ',') {
    if (rand() < 0.25) gap += 300 + rand() * 1200;
  } else if (justTyped === ' ' || justTyped === '.') {
    if (rand() < 0.1) gap += 300 + rand() * 900;
  } else if (rand() < 0.02) gap += 400 + rand() * 1600;
  return Math.max(35, gap);
}

/** Ends `text` at the first stop sequence. */
export function applyStops(text: string, stop: readonly string[]): string {
  let end = text.length;
  for (const s of stop) {
    const i = text.indexOf(s);
    if (i >= 0 && i < end) end = i;
  }
  return text.slice(0, end);
}

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  start(line: number): number {
    return this.starts[Math.min(Math.max(0, line), this.starts.length - 1)];
  }
  get count(): number {
    return this.starts.length;
  }
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
/** Process CPU time in ms (user + system), where the runtime can tell. */
const cpuNow = (): number => {
  if (typeof process === 'undefined' || typeof process.cpuUsage !== 'function') return now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Replays the sessions one after another through one engine (its cache carries over, as in one editor). */
export async function replayTypingSessions(
  sessions: readonly TypingSession[],
  opts: ReplayOptions,
): Promise<ReplayResult> {
  const rand = seededRandom(opts.seed);
  const clock = new VirtualClock(0);
  const requests: ReplayRequest[] = [];
  let backendMs = 0;
  let backendCpuMs = 0;

  // what the fake backend knows: the file and where the typist is
  let cur: { s: TypingSession; pos: number; lines: LineIndex; typo: string } | undefined;

  const backend: CompletionBackend = {
    spentTodayUsd: () => 0,
    complete(req: CompletionRequest, signal: AbortSignal): Promise<CompletionResponse> {
      const t0 = now();
      const c0 = cpuNow();
      const { s, pos, lines: index, typo } = cur!;
      const roll = rand();
      let text: string;
      if (roll < opts.correctShare && !typo) {
        // right, for the next one to three lines: then the model stops (as if at a stop sequence)
        const truth = s.text.slice(pos, s.end);
        const lines = 1 + Math.floor(rand() * 3);
        let cut = 0;
        for (let i = 0; i < lines && cut >= 0; i++) cut = truth.indexOf('\n', cut + (i ? 1 : 0));
        text = cut < 0 ? truth : truth.slice(0, cut);
      } else if (roll < opts.correctShare + 0.1) text = '';
      else {
        // plausible but wrong: code from elsewhere in the file
        const line = Math.floor(rand() * index.count);
        const from = index.start(line) + Math.floor(rand() * 12);
        text = s.text.slice(from, from + 400);
      }
      text = applyStops(text, req.stop).slice(0, req.maxTokens * 4);
      const rec: ReplayRequest = { prefix: req.prefix, suffix: req.suffix, output: text, aborted: false };
      requests.push(rec);
      const latency = opts.latencyMs[0] + rand() * (opts.latencyMs[1] - opts.latencyMs[0]);
      backendMs += now() - t0;
      backendCpuMs += cpuNow() - c0;
      return new Promise((resolve, reject) => {
        const handle = clock.setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve({ text, costUsd: 0, model: 'fake-coder' });
        }, latency);
        const onAbort = () => {
          clock.clearTimeout(handle);
          rec.aborted = true;
          rec.output = '';
          reject(new Error('aborted'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };

  const engine = new CompletionEngine({
    backend,
    getConfig: () => opts.config,
    supportsFim: () => opts.supportsFim,
    clock,
    maxPromptTokens: opts.maxPromptTokens,
    keepInFlightWhileTyping: opts.keepInFlightWhileTyping,
  });

  const result: ReplayResult = {
    keystrokes: 0,
    accepts: 0,
    acceptedChars: 0,
    typedChars: 0,
    suggestionsShown: 0,
    requests: 0,
    aborted: 0,
    reuseHits: 0,
    cacheHits: 0,
    avoidedRequests: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    overheadMs: [],
    overheadCpuMs: [],
    simulatedMs: 0,
  };

  for (const s of sessions) {
    const lines = new LineIndex(s.text);
    const suffixEnd = lines.start(lines.lineOf(s.end) + EDITOR_SUFFIX_LINES);
    const suffix = s.text.slice(s.end, Math.max(s.end, suffixEnd));
    let pos = s.start;
    let justTyped = '\n';
    /** a wrong character on screen after pos, erased by the next keystroke */
    let typo = '';
    // suggestion on screen: text, when it appeared, whether this typist takes it
    let shown: { sug: InlineSuggestion; at: number; take: boolean; counted: boolean } | undefined;

    while (pos < s.end) {
      cur = { s, pos, lines, typo };
      const line = lines.lineOf(pos);
      const prefix = s.text.slice(lines.start(editorPrefixStartLine(line)), pos) + typo;
      const t0 = now();
      const c0 = cpuNow();
      const b0 = backendMs;
      const bc0 = backendCpuMs;
      const callAt = clock.now();
      let served: InlineSuggestion | undefined;
      let resolvedSync = false;
      const p = engine.provide({ prefix, suffix, languageId: s.languageId }).then((sug) => {
        served = sug;
        if (sug) {
          const truth = typo ? '\u0000' : s.text.slice(pos, s.end);
          const right = truth.startsWith(sug.text) && sug.replaceSuffixChars === 0;
          const same = shown && shown.sug.text.endsWith(sug.text) && sug.source === 'reuse';
          shown = {
            sug,
            at: clock.now(),
            take: same ? shown!.take : right && rand() < opts.acceptShare,
            counted: same ? shown!.counted : false,
          };
          if (!shown.counted) {
            shown.counted = true;
            result.suggestionsShown++;
          }
        } else shown = undefined;
      });
      void p;
      await Promise.resolve();
      await Promise.resolve();
      await Promise.resolve();
      resolvedSync = served !== undefined;
      if (!resolvedSync) shown = undefined;

      // when the next key comes: a pause drawn now, cut short when a suggestion worth taking has been read
      let nextAt = callAt + keyGapMs(rand, justTyped);
      let accept = false;
      const reaction = 250 + rand() * 450;
      for (;;) {
        if (shown?.take && shown.sug && shown.at + reaction <= nextAt) {
          nextAt = Math.max(clock.now(), shown.at + reaction);
          accept = true;
        }
        const next = clock.nextAt();
        if (next === undefined || next > nextAt) break;
        await clock.advanceTo(next);
      }
      await clock.advanceTo(nextAt);
      if (shown?.take && shown.at + reaction <= nextAt) accept = true;
      result.overheadMs.push(now() - t0 - (backendMs - b0));
      result.overheadCpuMs.push(cpuNow() - c0 - (backendCpuMs - bc0));

      if (
        served &&
        (served.source === 'reuse' || served.source === 'cache') &&
        nextAt - callAt >= opts.config.debounceMs
      )
        result.avoidedRequests++;

      result.keystrokes++;
      if (typo) {
        // Backspace
        typo = '';
        justTyped = 'x';
      } else if (accept && shown) {
        const n = shown.sug.text.length;
        result.accepts++;
        result.acceptedChars += n;
        pos += n;
        justTyped = shown.sug.text.slice(-1);
        shown = undefined;
      } else if (/[a-z]/i.test(s.text[pos]) && rand() < (opts.typoRate ?? 0)) {
        typo = String.fromCharCode(97 + ((s.text.charCodeAt(pos) - 96) % 26));
        justTyped = typo;
        result.typedChars++;
      } else {
        justTyped = s.text[pos];
        pos++;
        result.typedChars++;
        if (justTyped === '\n') {
          // Enter: the editor indents the new line
          while (pos < s.end && (s.text[pos] === ' ' || s.text[pos] === '\t')) pos++;
        }
      }
    }
    // let the last request settle before the next file
    engine.cancelPending();
    await clock.advance(10_000);
  }

  result.requests = engine.stats.requests;
  result.aborted = engine.stats.aborted;
  result.reuseHits = engine.stats.reuseHits;
  result.cacheHits = engine.stats.cacheHits;
  result.simulatedMs = clock.now();
  const framing = opts.framingTokens ?? 3;
  for (const r of requests) {
    const input = opts.countTokens(r.prefix) + opts.countTokens(r.suffix) + framing;
    // a cancelled request has still been sent: count its prompt as billed, its output as none
    const output = r.aborted ? 0 : opts.countTokens(r.output);
    result.inputTokens += input;
    result.outputTokens += output;
  }
  result.costUsd = ((result.inputTokens + result.outputTokens) * opts.pricePer1M) / 1_000_000;
  return result;
}

export { percentile } from '../stats';

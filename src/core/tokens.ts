// Fast token estimate for pre-flight cost and context budgets. Billing never uses this: it uses returned usage.
// One pass over char codes that mirrors the pre-tokenizers of the default models (Qwen3, DeepSeek-V3): letter runs
// (with a merged leading space or punctuation char), digits, punctuation runs, newline runs and indentation, each
// with a cost fitted against the real tokenizers on source code and prose (test/unit/tokens.test.ts checks the error;
// bench/tokens.ts measures it per kind of text on a held-out half of text the team did not write).

/**
 * The text's UTF-16 code units in a typed array. The loops below read each character a few times; reading a typed
 * array is about 1.5x as fast as charCodeAt on a string (measured on 2,000-4,000-character requests), and one native
 * copy costs far less. The buffer is reused up to SCRATCH_CHARS; a longer text gets one of its own (not kept).
 */
function codeUnits(text: string): Uint16Array {
  if (text.length > SCRATCH_CHARS) return unitsOf(Buffer.alloc(text.length * 2), text);
  if (scratchUnits.length < text.length) {
    scratch = Buffer.alloc(Math.min(SCRATCH_CHARS, Math.max(text.length, 2 * scratchUnits.length, 4096)) * 2);
    scratchUnits = new Uint16Array(scratch.buffer, scratch.byteOffset, scratch.length >> 1);
  }
  scratch.write(text, 0, 'utf16le');
  return scratchUnits;
}
const SCRATCH_CHARS = 1 << 16;
let scratch = Buffer.alloc(0);
let scratchUnits = new Uint16Array(0);

/** Buffer.alloc is never pooled, so the buffer starts at offset 0 and the 16-bit view is aligned. */
function unitsOf(b: Buffer, text: string): Uint16Array {
  b.write(text, 0, 'utf16le');
  return new Uint16Array(b.buffer, b.byteOffset, text.length);
}

/** Feature counts of `text` (exported for calibration). */
export function tokenFeatures(str: string): Float64Array {
  return countFeatures(str, new Float64Array(N_FEATURES));
}

/**
 * The counts of `str` added to `f` (all zeros): estimateTokens passes one array it reuses, since allocating a typed
 * array per call cost more than counting a short text.
 */
function countFeatures(str: string, f: Float64Array): Float64Array {
  const n = str.length;
  // Only the first n code units are ever read (every read below checks its index against n).
  const text = codeUnits(str);
  let i = 0;
  while (i < n) {
    const c = text[i];
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
      i = word(text, n, i, f);
      continue;
    }
    if (c === 32) {
      // spaces: one merges into the next word or punctuation; a longer run costs a token of its own
      let j = i + 1;
      while (j < n && text[j] === 32) j++;
      const d = j < n ? text[j] : 10;
      if (d === 10 || d === 13) {
        i = j;
        continue;
      }
      if (j - i > 1) f[F_SPACES]++;
      if (d === 9) {
        i = j;
        continue;
      }
      if ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || d > 127) {
        i = j;
        continue;
      } // " word"
      if (d >= 48 && d <= 57) {
        f[F_SPACE_DIGIT]++;
        i = j;
        continue;
      }
      i = j; // " (" merges into the punctuation run
      if (i < n && isPunct(text[i])) i = punct(text, n, i, f);
      continue;
    }
    if (c === 10 || c === 13) {
      let j = i + 1;
      while (j < n) {
        const d = text[j];
        if (d === 10 || d === 13) {
          j++;
          continue;
        }
        // whitespace followed by more newlines belongs to this run
        let k = j;
        while (k < n && (text[k] === 32 || text[k] === 9)) k++;
        if (k < n && (text[k] === 10 || text[k] === 13)) {
          j = k;
          continue;
        }
        break;
      }
      f[F_NEWLINE]++;
      i = j;
      continue;
    }
    if (c === 9) {
      let j = i + 1;
      while (j < n && text[j] === 9) j++;
      f[F_SPACES]++; // a tab run costs what a run of spaces does (indentation either way)
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n) {
        const d = text[j];
        if (d < 48 || d > 57) break;
        j++;
      }
      f[F_DIGITS] += j - i;
      f[F_DIGIT_RUNS]++;
      i = j;
      continue;
    }
    if (c > 127) {
      if ((c >= 0x2e80 && c < 0xa000) || (c >= 0xac00 && c < 0xd7a4) || (c >= 0xf900 && c < 0xfb00)) f[F_CJK]++;
      else if (c >= 0xd800 && c < 0xdc00) {
        f[F_OTHER] += 1.5;
        i++;
      } else if (c < 0x0250) {
        i = word(text, n, i, f);
        continue;
      } // accented Latin: part of words
      else f[F_OTHER]++;
      i++;
      continue;
    }
    if (c === 12 || c === 11) {
      i++;
      f[F_PUNCT]++;
      continue;
    }
    i = punct(text, n, i, f);
  }
  return f;
}

function isPunct(c: number): boolean {
  return c < 128 && PUNCT[c] === 1;
}

/** ASCII other than letters, digits, space, tab and line breaks: one load instead of seven comparisons. */
const PUNCT = new Uint8Array(128).map((_, c) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 32 || c === 10 || c === 13 || c === 9
    ? 0
    : 1,
);

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c > 127 && c < 0x0250);
}

function word(text: Uint16Array, n: number, i: number, f: Float64Array): number {
  const s = i;
  let humps = 0;
  let prevLower = false;
  while (i < n) {
    const c = text[i];
    if (c >= 97 && c <= 122) {
      prevLower = true;
      i++;
      continue;
    }
    if (c >= 65 && c <= 90) {
      if (prevLower) humps++;
      prevLower = false;
      i++;
      continue;
    }
    if (c > 127 && c < 0x0250) {
      f[F_OTHER] += 0.3;
      i++;
      continue;
    }
    break;
  }
  const len = i - s;
  if (len <= 3) f[F_W3]++;
  else if (len <= 6) f[F_W6]++;
  else if (len <= 10) f[F_W10]++;
  else {
    f[F_W11]++;
    f[F_WLONG] += len - 10;
  }
  f[F_HUMPS] += humps;
  return i;
}

function punct(text: Uint16Array, n: number, i: number, f: Float64Array): number {
  const s = i;
  let repeats = 0;
  while (i < n && isPunct(text[i])) {
    if (i > s && text[i] === text[i - 1]) repeats++;
    i++;
  }
  const len = i - s;
  const next = i < n ? text[i] : 0;
  if (len === 1 && isLetter(next)) {
    f[F_PREFIX]++;
    return i;
  } // ".foo", "_bar": merged into the word
  f[F_PUNCT]++;
  // a rule of "-----" or "=====" merges into a few long tokens: repeated characters are counted apart
  f[F_PUNCT_CHARS] += len - 1 - repeats;
  f[F_PUNCT_REPEAT] += repeats;
  // newlines right after punctuation merge into it
  if (next === 10 || next === 13) {
    let j = i;
    while (j < n && (text[j] === 10 || text[j] === 13)) j++;
    const after = j < n ? text[j] : 0;
    if (after !== 32 && after !== 9) {
      f[F_PUNCT_NL]++;
      return j;
    }
  }
  return i;
}

const F_W3 = 0,
  F_W6 = 1,
  F_W10 = 2,
  F_W11 = 3,
  F_WLONG = 4,
  F_HUMPS = 5,
  F_DIGITS = 6,
  F_DIGIT_RUNS = 7,
  F_PUNCT = 8,
  F_PUNCT_CHARS = 9,
  F_NEWLINE = 10,
  F_SPACES = 11,
  _F_TABS = 12 /* tab runs now count as F_SPACES; index kept */,
  F_CJK = 13,
  F_OTHER = 14,
  F_PREFIX = 15,
  F_SPACE_DIGIT = 16,
  F_PUNCT_NL = 17,
  F_PUNCT_REPEAT = 18;
const N_FEATURES = 19;

/**
 * Tokens per feature, fitted by scripts/fitTokens.ts against Qwen3's and DeepSeek-V3's counts on the fit half of
 * bench/tokenCorpus.ts (problem statements, bug reports, READMEs, package sources and benchmark programs, each
 * group weighted equally; least absolute relative error; weights kept non-negative).
 */
export const TOKEN_WEIGHTS: readonly number[] = [
  1.051, 1.015, 1.284, 1.576, 0.037, 0.553, 0.335, 0.667, 0.82, 0.326, 1.067, 0.0, 0.0, 1.595, 1.677, 0.444, 0.988,
  0.332, 0.286,
];

/** estimateTokens' feature counts, zeroed for each call (synchronous; nothing keeps it). */
const featureScratch = new Float64Array(N_FEATURES);

/** Estimated tokens in `text` for the default models' BPE tokenizers. */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  const f = countFeatures(text, featureScratch.fill(0));
  let t = 0;
  for (let k = 0; k < N_FEATURES; k++) t += f[k] * TOKEN_WEIGHTS[k];
  return Math.max(1, Math.round(t));
}

/** Estimated tokens of a chat prompt (adds the per-message framing tokens chat templates insert). */
export function estimateMessagesTokens(messages: ReadonlyArray<{ content: string }>): number {
  let total = 0;
  for (const msg of messages) total += estimateTokens(msg.content) + 4;
  return total + 2;
}

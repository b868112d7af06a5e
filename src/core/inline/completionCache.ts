// Recent completions, keyed by the code around the cursor, that also serve a cursor further along the same text:
// after typing "ret" through a cached "return x;", the rest ("urn x;") comes from here with no request (Continue
// keeps 1,000 such entries keyed by prefix; Copilot 100 by prefix+suffix: this keys by both).

/** Characters of the prefix, before the cursor, that identify a position. */
export const ANCHOR_CHARS = 1024;
/** Characters of the suffix, after the cursor, that must match too. */
export const SUFFIX_CHARS = 256;
/** Short key used to find candidates fast before the full anchor is compared. */
const SHORT_CHARS = 24;

export interface CachedCompletion {
  /** anchor of the prefix the completion was made for */
  readonly anchor: string;
  readonly suffixHead: string;
  /** the completion; '' records that there was none to give (not asked again at that exact spot) */
  readonly text: string;
  /** characters after the cursor the completion replaces (closing brackets it already contains) */
  readonly replaceSuffixChars: number;
  readonly key: string;
  readonly shortKey: string;
}

export interface CacheHit {
  entry: CachedCompletion;
  /** characters typed since the completion was made (all of them matching it) */
  typed: number;
  /** what is left to show */
  remaining: string;
}

function anchorAt(prefix: string, end: number): string {
  return prefix.slice(Math.max(0, end - ANCHOR_CHARS), end);
}

function shortAt(prefix: string, end: number, suffixHead: string): string {
  return `${prefix.slice(Math.max(0, end - SHORT_CHARS), end)}\u0001${suffixHead.slice(0, 16)}`;
}

export function suffixHeadOf(suffix: string): string {
  return suffix.slice(0, SUFFIX_CHARS);
}

/** Identifies a cursor position by its surroundings (same text around the cursor, same key). */
export function positionKey(prefix: string, suffix: string): string {
  return `${anchorAt(prefix, prefix.length)}\u0001${suffixHeadOf(suffix)}`;
}

export class CompletionCache {
  /** insertion order = recency (oldest first) */
  private readonly entries = new Map<string, CachedCompletion>();
  private readonly byShort = new Map<string, CachedCompletion[]>();
  /** longest text ever stored: bounds how far back a lookup searches */
  private longest = 0;

  constructor(readonly capacity = 1000) {}

  get size(): number {
    return this.entries.size;
  }

  set(prefix: string, suffix: string, text: string, replaceSuffixChars = 0): CachedCompletion {
    const suffixHead = suffixHeadOf(suffix);
    const anchor = anchorAt(prefix, prefix.length);
    const key = `${anchor}\u0001${suffixHead}`;
    const old = this.entries.get(key);
    if (old) this.remove(old);
    const entry: CachedCompletion = {
      anchor,
      suffixHead,
      text,
      replaceSuffixChars,
      key,
      shortKey: shortAt(prefix, prefix.length, suffixHead),
    };
    this.entries.set(key, entry);
    const bucket = this.byShort.get(entry.shortKey);
    if (bucket) bucket.push(entry);
    else this.byShort.set(entry.shortKey, [entry]);
    if (text.length > this.longest) this.longest = text.length;
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.values().next().value as CachedCompletion;
      this.remove(oldest);
    }
    return entry;
  }

  /**
   * The most recent completion made at this position or earlier on the same line of typing, whose text the
   * characters typed since match. A hit with nothing left to show is no hit. `allowEmpty` returns a remembered
   * "no completion here" at the exact position (typed = 0).
   */
  lookup(prefix: string, suffix: string, allowEmpty = true): CacheHit | undefined {
    if (this.entries.size === 0) return undefined;
    const suffixHead = suffixHeadOf(suffix);
    const maxTyped = Math.min(this.longest, prefix.length);
    for (let typed = 0; typed <= maxTyped; typed++) {
      const end = prefix.length - typed;
      const bucket = this.byShort.get(shortAt(prefix, end, suffixHead));
      if (!bucket) continue;
      let anchor: string | undefined;
      for (let i = bucket.length - 1; i >= 0; i--) {
        const e = bucket[i];
        if (e.suffixHead !== suffixHead) continue;
        if (typed === 0) {
          if (e.text === '' && !allowEmpty) continue;
        } else if (e.text.length <= typed || !e.text.startsWith(prefix.slice(end))) continue;
        anchor ??= anchorAt(prefix, end);
        if (e.anchor !== anchor) continue;
        this.touch(e);
        return { entry: e, typed, remaining: e.text.slice(typed) };
      }
    }
    return undefined;
  }

  clear(): void {
    this.entries.clear();
    this.byShort.clear();
    this.longest = 0;
  }

  private touch(e: CachedCompletion): void {
    this.entries.delete(e.key);
    this.entries.set(e.key, e);
  }

  private remove(e: CachedCompletion): void {
    this.entries.delete(e.key);
    const bucket = this.byShort.get(e.shortKey);
    if (!bucket) return;
    const i = bucket.indexOf(e);
    if (i >= 0) bucket.splice(i, 1);
    if (bucket.length === 0) this.byShort.delete(e.shortKey);
  }
}

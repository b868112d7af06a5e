// Inline (ghost-text) completions: an in-memory LRU, separate from the answer cache. Keyed by prefix + suffix, and
// like Continue's, it also serves a longer prefix when the characters typed since match the start of a cached
// completion: typing "ret" into a suggested "return x;" still shows "urn x;" without a request.
// Entries are indexed by prefix length, so finding the cached prefix the current one extends costs one map lookup
// per possible typed length (at most the longest cached completion), not a scan of every entry.

interface InlineEntry {
  prefix: string;
  suffix: string;
  completion: string;
  key: string;
}

export class InlineCompletionCache {
  private readonly maxEntries: number;
  /** LRU order: first = least recently used */
  private readonly byKey = new Map<string, InlineEntry>();
  private readonly byPrefixLength = new Map<number, Set<InlineEntry>>();
  private longestCompletion = 0;

  constructor(opts: { maxEntries?: number } = {}) {
    this.maxEntries = Math.max(1, Math.floor(opts.maxEntries ?? 1000));
  }

  get size(): number {
    return this.byKey.size;
  }

  /**
   * The completion to show at the end of `prefix` (before `suffix`): a cached one for this exact spot, or the rest of
   * a cached one the user has been typing out. '' is a cached "nothing to suggest"; undefined means ask the model.
   */
  get(prefix: string, suffix: string): string | undefined {
    const exact = this.byKey.get(keyOf(prefix, suffix));
    if (exact) {
      this.touch(exact);
      return exact.completion;
    }
    const max = Math.min(this.longestCompletion, prefix.length);
    for (let typed = 1; typed <= max; typed++) {
      const bucket = this.byPrefixLength.get(prefix.length - typed);
      if (!bucket) continue;
      for (const e of bucket) {
        if (e.suffix !== suffix || e.completion.length <= typed) continue;
        // The typed text must be the start of the completion, and the rest of the prefix the cached prefix.
        if (!e.completion.startsWith(prefix.slice(prefix.length - typed))) continue;
        if (!prefix.startsWith(e.prefix)) continue;
        this.touch(e);
        return e.completion.slice(typed);
      }
    }
    return undefined;
  }

  set(prefix: string, suffix: string, completion: string): void {
    const key = keyOf(prefix, suffix);
    const old = this.byKey.get(key);
    if (old) this.remove(old);
    const e: InlineEntry = { prefix, suffix, completion, key };
    this.byKey.set(key, e);
    let bucket = this.byPrefixLength.get(prefix.length);
    if (!bucket) this.byPrefixLength.set(prefix.length, (bucket = new Set()));
    bucket.add(e);
    if (completion.length > this.longestCompletion) this.longestCompletion = completion.length;
    while (this.byKey.size > this.maxEntries) this.remove(this.byKey.values().next().value as InlineEntry);
  }

  clear(): void {
    this.byKey.clear();
    this.byPrefixLength.clear();
    this.longestCompletion = 0;
  }

  private touch(e: InlineEntry): void {
    this.byKey.delete(e.key);
    this.byKey.set(e.key, e);
  }

  private remove(e: InlineEntry): void {
    this.byKey.delete(e.key);
    const bucket = this.byPrefixLength.get(e.prefix.length);
    bucket?.delete(e);
    if (bucket && bucket.size === 0) this.byPrefixLength.delete(e.prefix.length);
  }
}

function keyOf(prefix: string, suffix: string): string {
  // Lengths first make the key unambiguous whatever the texts contain.
  return `${prefix.length}:${suffix.length}:${prefix}\u0000${suffix}`;
}

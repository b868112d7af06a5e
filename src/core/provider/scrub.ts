// The API key never stored (#13, item 8): a host that echoes the key (in an answer, an error body, a header it
// reflects) must not get it into the answer view, the cache, the ledger or the log. Any run of 8 or more characters
// of the text that also occurs in the key is replaced, before anything is returned, thrown or logged.
import type { Logger } from '../ports';

export const KEY_PLACEHOLDER = '[REDACTED:api-key]';
/** The shortest piece of a key that is withheld: shorter runs occur in ordinary text by chance. */
export const MIN_KEY_PIECE = 8;

/** Replaces every run of >= 8 characters of `text` that is a substring of `key`. */
export function scrubKey(text: string, key: string | undefined): string {
  if (!key || key.length < MIN_KEY_PIECE || !text || text.length < MIN_KEY_PIECE) return text;
  const grams = new Set<string>();
  for (let i = 0; i + MIN_KEY_PIECE <= key.length; i++) grams.add(key.slice(i, i + MIN_KEY_PIECE));
  // mark every character covered by an 8-gram of the key, then replace each covered run once
  let out = '';
  let last = 0;
  let runStart = -1;
  let runEnd = -1;
  for (let i = 0; i + MIN_KEY_PIECE <= text.length; i++) {
    if (!grams.has(text.slice(i, i + MIN_KEY_PIECE))) continue;
    if (runStart >= 0 && i <= runEnd) {
      runEnd = i + MIN_KEY_PIECE;
      continue;
    }
    if (runStart >= 0) {
      out += text.slice(last, runStart) + KEY_PLACEHOLDER;
      last = runEnd;
    }
    runStart = i;
    runEnd = i + MIN_KEY_PIECE;
  }
  if (runStart < 0) return text;
  out += text.slice(last, runStart) + KEY_PLACEHOLDER;
  return out + text.slice(runEnd);
}

/**
 * Scrubs a stream of text pieces: what could still be the start of a piece of the key is held back until the next
 * piece shows whether it is, so a key split across chunks is withheld too. `flush` releases the rest.
 */
export class KeyScrubber {
  private held = '';

  constructor(private readonly key: string | undefined) {}

  push(text: string): string {
    if (!this.key || this.key.length < MIN_KEY_PIECE) return text;
    const all = this.held + text;
    // hold back the longest tail (shorter than a key) that is a substring of the key: it may continue next time
    let keep = 0;
    for (let n = Math.min(all.length, this.key.length - 1); n > 0; n--) {
      if (this.key.includes(all.slice(all.length - n))) {
        keep = n;
        break;
      }
    }
    const ready = all.slice(0, all.length - keep);
    this.held = all.slice(all.length - keep);
    // a key piece may run from `ready` into `held`: scrub what is released with the held part as context
    const scrubbed = scrubKey(ready + this.held, this.key);
    if (scrubbed === ready + this.held) return ready;
    // a piece crossed into the held tail: release the scrubbed text up to the placeholder that covers it
    this.held = '';
    return scrubbed;
  }

  flush(): string {
    const rest = scrubKey(this.held, this.key);
    this.held = '';
    return rest;
  }
}

/** A logger whose every line has the key scrubbed. */
export function scrubbingLogger(logger: Logger, key: string | undefined): Logger {
  if (!key || key.length < MIN_KEY_PIECE) return logger;
  return {
    debug: (m) => logger.debug(scrubKey(m, key)),
    info: (m) => logger.info(scrubKey(m, key)),
    warn: (m) => logger.warn(scrubKey(m, key)),
    error: (m) => logger.error(scrubKey(m, key)),
  };
}

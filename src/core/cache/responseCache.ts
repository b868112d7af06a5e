// The response cache of one workspace: answers kept in memory (an LRU with TTL, bounded by count and bytes) and in an
// append-only log in the workspace's own storage folder, so they survive a window reload and are never served to
// another workspace.
//
// Disk never sits between the editor and a lookup: load() reads the log once, asynchronously; get() is synchronous
// from memory; set(), delete() and hits are queued and appended in batches. Every change to the log happens under a
// lock file, so a second window of the same workspace can append at the same time: before appending, each window
// reads what the others added (so their answers become hits here too). A crash can only tear the last line; a torn
// line, garbage, or a record of an unknown shape is set aside in `<log>.corrupt-<time>` with one log line, and every
// valid record is kept. A log written by a newer schema is renamed aside whole. Compaction rewrites the live entries
// to a temporary file and renames it over the log, so a crash leaves the old log or the new one, never half of each.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TIERS, type Tier } from '../types';
import type { Clock, Logger } from '../ports';
import { systemClock } from '../ports';
import { unrefTimer } from '../clock';
import { exactKey, normalisedKeyFromText, normalisedPrompt, type CacheKeyInput } from './keys';
import { withFileLock } from './lock';
import {
  appendToFile,
  ensureDir,
  LinkRefusedError,
  openRead,
  readRange,
  setAsideWhole as setFileAside,
  statFile,
} from '../store';

export interface CachedAnswer {
  content: string;
  reasoning?: string;
  model: string;
  tier: Tier;
  reason: string;
  costUsd: number;
  baselineCostUsd: number;
  inputTokens: number;
  outputTokens: number;
  createdAt: number;
}

export interface CacheHit {
  answer: CachedAnswer;
  match: 'exact' | 'normalised';
}

export interface CacheLimits {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
}

export interface ResponseCacheOptions extends CacheLimits {
  dir: string;
  logger: Logger;
  /** reads the time for expiry and waits the flush delay on it */
  clock?: Clock;
  /** batch window for disk writes (default 100 ms) */
  flushDelayMs?: number;
  /** compact once the log is at least this big and more than twice the live data (default 1 MiB) */
  compactMinBytes?: number;
  /** a log larger than this is set aside unread (default: 8 x maxBytes, at least 64 MiB, at most 1 GiB) */
  maxFileBytes?: number;
}

export const CACHE_SCHEMA_VERSION = 1;
export const CACHE_FILE = 'response-cache.jsonl';
const HEADER_KIND = 'frugal.responseCache';
const HEADER_LINE = JSON.stringify({ v: CACHE_SCHEMA_VERSION, kind: HEADER_KIND }) + '\n';
const MAX_PENDING = 5_000;
const LOAD_CHUNK_LINES = 2_000;
const REFRESH_AFTER_MISS_MS = 2_000;
const KEEP_SET_ASIDE = 5;

/**
 * One log line. `s`: an answer stored; `h`: a hit (moves the entry to the recent end); `d`: a deletion. A stored
 * answer read from disk stays undecoded (`raw`, the bytes of its JSON object) until it is first served: loading
 * then only scans keys, so a 10,000-entry log loads in tens of milliseconds and its text stays off the JS heap.
 */
type StoreRecord = { v: number; op: 's'; k: string; n: string; t: number; a?: CachedAnswer; raw?: Buffer };
type LogRecord = StoreRecord | { v: number; op: 'h'; k: string } | { v: number; op: 'd'; k: string; n?: string };

interface Entry {
  k: string;
  n: string;
  /** when it was stored; the TTL runs from here */
  t: number;
  a?: CachedAnswer;
  raw?: Buffer;
  /** size of its log line */
  bytes: number;
}

interface Pending {
  seq: number;
  rec: LogRecord;
  line: string;
  bytes: number;
}

/** Entries in LRU order (a Map keeps insertion order: first = least recently used). */
class Table {
  readonly byKey = new Map<string, Entry>();
  readonly byNorm = new Map<string, Entry>();
  bytes = 0;

  put(e: Entry): void {
    const old = this.byKey.get(e.k);
    if (old) this.remove(old);
    this.byKey.set(e.k, e);
    this.byNorm.set(e.n, e);
    this.bytes += e.bytes;
  }

  remove(e: Entry): void {
    if (this.byKey.get(e.k) !== e) return;
    this.byKey.delete(e.k);
    if (this.byNorm.get(e.n) === e) this.byNorm.delete(e.n);
    this.bytes -= e.bytes;
  }

  touch(e: Entry): void {
    this.byKey.delete(e.k);
    this.byKey.set(e.k, e);
    this.byNorm.set(e.n, e);
  }

  evict(limits: CacheLimits): void {
    while (this.byKey.size > 0 && (this.byKey.size > limits.maxEntries || this.bytes > limits.maxBytes)) {
      this.remove(this.byKey.values().next().value as Entry);
    }
  }
}

interface ParsedLog {
  records: { rec: LogRecord; bytes: number }[];
  bad: string[];
  /** a header or record of a newer schema */
  future?: number;
  /** bytes up to the end of the last complete line */
  consumed: number;
  /** bytes after the last newline */
  tailBytes: number;
}

function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function validAnswer(a: any): a is CachedAnswer {
  return (
    !!a &&
    typeof a === 'object' &&
    typeof a.content === 'string' &&
    (a.reasoning === undefined || typeof a.reasoning === 'string') &&
    typeof a.model === 'string' &&
    (TIERS as readonly string[]).includes(a.tier) &&
    typeof a.reason === 'string' &&
    isNum(a.costUsd) &&
    isNum(a.baselineCostUsd) &&
    isNum(a.inputTokens) &&
    isNum(a.outputTokens) &&
    isNum(a.createdAt)
  );
}

type LineResult = LogRecord | 'header' | 'bad' | { future: number };

function parseLine(line: string): LineResult {
  let o: any;
  try {
    o = JSON.parse(line);
  } catch {
    return 'bad';
  }
  if (!o || typeof o !== 'object' || !isNum(o.v)) return 'bad';
  if (o.v > CACHE_SCHEMA_VERSION) return { future: o.v };
  if (o.v !== CACHE_SCHEMA_VERSION) return 'bad';
  if (o.kind === HEADER_KIND) return 'header';
  switch (o.op) {
    case 's':
      return typeof o.k === 'string' && typeof o.n === 'string' && isNum(o.t) && validAnswer(o.a) ? o : 'bad';
    case 'h':
      return typeof o.k === 'string' ? o : 'bad';
    case 'd':
      return typeof o.k === 'string' && (o.n === undefined || typeof o.n === 'string') ? o : 'bad';
    default:
      return 'bad';
  }
}

/** How this version writes a stored answer, so loading can take it apart without a JSON parse. */
const STORE_PREFIX = new RegExp(
  `^\\{"v":${CACHE_SCHEMA_VERSION},"op":"s","k":"([\\w-]{1,64})","n":"([\\w-]{1,64})","t":(\\d{1,16}),"a":\\{`,
);
const NL = 10;
const BRACE_CLOSE = 125;

/**
 * Splits log bytes into records; `tornTailIsBad` when no writer can be mid-line (we hold the lock). Lines in this
 * version's own store layout are split without parsing the answer; anything else is parsed and checked in full.
 */
function parseLog(buf: Buffer, tornTailIsBad: boolean, firstIsStart: boolean): ParsedLog {
  const out: ParsedLog = { records: [], bad: [], consumed: 0, tailBytes: 0 };
  let pos = 0;
  let first = firstIsStart;
  while (pos < buf.length) {
    let nl = buf.indexOf(NL, pos);
    if (nl < 0) {
      out.tailBytes = buf.length - pos;
      const tail = buf.toString('utf8', pos);
      if (tornTailIsBad && tail.trim()) out.bad.push(tail);
      break;
    }
    const start = pos;
    pos = nl + 1;
    if (nl > start && buf[nl - 1] === 13) nl--; // tolerate CRLF
    if (nl === start) continue;
    const bytes = pos - start;
    const head = buf.toString('latin1', start, Math.min(nl, start + 200));
    const m = STORE_PREFIX.exec(head);
    if (m && buf[nl - 1] === BRACE_CLOSE && buf[nl - 2] === BRACE_CLOSE) {
      // The answer object: from its opening brace to the line's last brace but one.
      const raw = buf.subarray(start + m[0].length - 1, nl - 1);
      out.records.push({ rec: { v: CACHE_SCHEMA_VERSION, op: 's', k: m[1], n: m[2], t: Number(m[3]), raw }, bytes });
      first = false;
      continue;
    }
    const line = buf.toString('utf8', start, nl);
    if (!line.trim()) continue;
    const r = parseLine(line);
    if (r === 'bad') out.bad.push(line);
    else if (r === 'header') {
      /* fine anywhere: a compacted log starts with one */
    } else if ('future' in r) {
      if (first) {
        out.future = r.future;
        return out;
      }
      out.bad.push(line);
    } else out.records.push({ rec: r, bytes });
    first = false;
  }
  out.consumed = buf.length - out.tailBytes;
  return out;
}

/** A stored answer's object, decoded and checked on first use; undefined when its bytes are damaged. */
function decodeAnswer(raw: Buffer): CachedAnswer | undefined {
  try {
    const a = JSON.parse(raw.toString('utf8'));
    return validAnswer(a) ? a : undefined;
  } catch {
    return undefined;
  }
}

function recordLine(rec: LogRecord): string {
  return JSON.stringify(rec) + '\n';
}

function entryLine(e: Entry): string {
  if (e.a) return recordLine({ v: CACHE_SCHEMA_VERSION, op: 's', k: e.k, n: e.n, t: e.t, a: e.a });
  // Not decoded since it was read: write its bytes back as they were.
  return `{"v":${CACHE_SCHEMA_VERSION},"op":"s","k":"${e.k}","n":"${e.n}","t":${e.t},"a":${e.raw!.toString('utf8')}}\n`;
}

function sanitizeLimits(l: CacheLimits): CacheLimits {
  return {
    ttlMs: l.ttlMs > 0 ? l.ttlMs : Infinity,
    maxEntries: l.maxEntries >= 1 ? Math.floor(l.maxEntries) : 5000,
    maxBytes: l.maxBytes > 0 ? l.maxBytes : 50 * 1024 * 1024,
  };
}

interface KeyMemo {
  input: CacheKeyInput;
  exact: string;
  normText?: string;
  norm?: string;
}

export class ResponseCache {
  readonly file: string;
  private readonly dir: string;
  private readonly lockFile: string;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly flushDelayMs: number;
  private readonly compactMinBytes: number;
  private readonly maxFileBytes: number | undefined;
  private limits: CacheLimits;

  private table = new Table();
  /** changes not yet on disk, in order; replayed over whatever is read from disk */
  private pending: Pending[] = [];
  private seq = 0;
  private hits = 0;
  private misses = 0;

  /** what of the log is already in memory: its inode and byte length */
  private ino: number | undefined;
  private offset = 0;
  private fileBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private loadPromise: Promise<void> | undefined;
  private timer: unknown;
  private clearEpoch = 0;
  private diskFailing = false;
  private disposed = false;
  private memo: KeyMemo | undefined;
  private lastRefresh = 0;

  constructor(opts: ResponseCacheOptions) {
    this.dir = opts.dir;
    this.file = path.join(opts.dir, CACHE_FILE);
    this.lockFile = this.file + '.lock';
    this.logger = opts.logger;
    this.clock = opts.clock ?? systemClock;
    this.flushDelayMs = opts.flushDelayMs ?? 100;
    this.compactMinBytes = opts.compactMinBytes ?? 1024 * 1024;
    this.maxFileBytes = opts.maxFileBytes;
    this.limits = sanitizeLimits(opts);
  }

  // ---------------------------------------------------------------- lookups (memory only, synchronous)

  get(key: CacheKeyInput): CacheHit | undefined {
    try {
      const found = this.lookup(key);
      if (!found) {
        this.misses++;
        // Another window may have the answer by now: look at the log soon (never in this call).
        if (Date.now() - this.lastRefresh > REFRESH_AFTER_MISS_MS) {
          this.lastRefresh = Date.now();
          this.schedule();
        }
        return undefined;
      }
      this.hits++;
      const rec: LogRecord = { v: CACHE_SCHEMA_VERSION, op: 'h', k: found.entry.k };
      this.enqueueChange(rec, recordLine(rec));
      return { answer: { ...found.answer }, match: found.match };
    } catch (e: any) {
      this.logger.error(`Cache: lookup failed: ${e?.message ?? e}`);
      this.misses++;
      return undefined;
    }
  }

  set(key: CacheKeyInput, answer: CachedAnswer): void {
    try {
      const m = this.keys(key, true);
      const a: CachedAnswer = { ...answer };
      if (a.reasoning === undefined) delete a.reasoning;
      const rec: LogRecord = { v: CACHE_SCHEMA_VERSION, op: 's', k: m.exact, n: m.norm!, t: this.clock.now(), a };
      const line = recordLine(rec);
      this.enqueueChange(rec, line);
    } catch (e: any) {
      this.logger.error(`Cache: could not store an answer: ${e?.message ?? e}`);
    }
  }

  /** Forgets the answer get(key) would serve (exact, normalised, or via the unpinned entry), so it misses next. */
  delete(key: CacheKeyInput): void {
    for (let guard = 0; guard < 8; guard++) {
      const found = this.lookup(key, false);
      if (!found) break;
      const rec: LogRecord = { v: CACHE_SCHEMA_VERSION, op: 'd', k: found.entry.k, n: found.entry.n };
      this.enqueueChange(rec, recordLine(rec));
    }
  }

  stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return { entries: this.table.byKey.size, bytes: this.table.bytes, hits: this.hits, misses: this.misses };
  }

  updateLimits(opts: CacheLimits): void {
    this.limits = sanitizeLimits(opts);
    const now = this.clock.now();
    for (const e of [...this.table.byKey.values()]) if (now - e.t >= this.limits.ttlMs) this.table.remove(e);
    this.table.evict(this.limits);
  }

  private keys(key: CacheKeyInput, withNorm: boolean): KeyMemo {
    let m = this.memo;
    if (
      !m ||
      m.input.prompt !== key.prompt ||
      m.input.task !== key.task ||
      m.input.languageId !== key.languageId ||
      (m.input.modelConstraint || undefined) !== (key.modelConstraint || undefined)
    ) {
      m = { input: { ...key }, exact: exactKey(key) };
      this.memo = m;
    }
    if (withNorm && m.norm === undefined) {
      m.normText = normalisedPrompt(key);
      m.norm = normalisedKeyFromText(key, m.normText);
    }
    return m;
  }

  private lookup(
    key: CacheKeyInput,
    dropExpired = true,
  ): { entry: Entry; answer: CachedAnswer; match: 'exact' | 'normalised' } | undefined {
    const now = this.clock.now();
    const live = (e: Entry | undefined, fits?: (a: CachedAnswer) => boolean) => {
      if (!e) return undefined;
      if (now - e.t >= this.limits.ttlMs) {
        if (dropExpired) this.table.remove(e);
        return undefined;
      }
      const answer = this.answerOf(e);
      return answer && (!fits || fits(answer)) ? { entry: e, answer } : undefined;
    };
    const m = this.keys(key, false);
    let found = live(this.table.byKey.get(m.exact));
    if (found) return { ...found, match: 'exact' };
    this.keys(key, true);
    found = live(this.table.byNorm.get(m.norm!));
    if (found) return { ...found, match: 'normalised' };
    // A pinned model or tier may take an unpinned request's answer when that model or tier is the one that gave it.
    const constraint = key.modelConstraint;
    if (constraint) {
      const fits = (a: CachedAnswer) =>
        a.model === constraint || `tier:${a.tier}` === constraint || a.tier === constraint;
      found = live(this.table.byKey.get(exactKey(key, '')), fits);
      if (found) return { ...found, match: 'exact' };
      found = live(this.table.byNorm.get(normalisedKeyFromText(key, m.normText!, '')), fits);
      if (found) return { ...found, match: 'normalised' };
    }
    return undefined;
  }

  /** The entry's answer, decoded on first use. Damaged bytes: the entry is dropped and its bytes set aside. */
  private answerOf(e: Entry): CachedAnswer | undefined {
    if (e.a) return e.a;
    const a = e.raw ? decodeAnswer(e.raw) : undefined;
    if (a) {
      e.a = a;
      e.raw = undefined;
      return a;
    }
    const raw = e.raw?.toString('utf8') ?? '';
    const rec: LogRecord = { v: CACHE_SCHEMA_VERSION, op: 'd', k: e.k };
    this.enqueueChange(rec, recordLine(rec));
    void this.enqueue(async () => {
      const side = await this.writeAside([raw]).catch(() => '(could not write it)');
      this.logger.warn(
        `Cache: one stored answer in ${this.file} was damaged; dropped it and set its bytes aside in ${side}.`,
      );
    });
    return undefined;
  }

  // ---------------------------------------------------------------- memory <- records

  private apply(table: Table, rec: LogRecord, bytes: number, now: number): void {
    switch (rec.op) {
      case 's': {
        // Expired, or too big to ever fit: drop it (rather than evicting everything else to make room).
        if (now - rec.t >= this.limits.ttlMs || bytes > this.limits.maxBytes) {
          const old = table.byKey.get(rec.k);
          if (old) table.remove(old);
          return;
        }
        table.put({ k: rec.k, n: rec.n, t: rec.t, a: rec.a, raw: rec.raw, bytes });
        table.evict(this.limits);
        return;
      }
      case 'h': {
        const e = table.byKey.get(rec.k);
        if (e) table.touch(e);
        return;
      }
      case 'd': {
        const e = table.byKey.get(rec.k);
        if (e) table.remove(e);
        if (rec.n) {
          const f = table.byNorm.get(rec.n);
          if (f) table.remove(f);
        }
        return;
      }
    }
  }

  private replayPending(table: Table): void {
    const now = this.clock.now();
    for (const p of this.pending) this.apply(table, p.rec, p.bytes, now);
  }

  private enqueueChange(rec: LogRecord, line: string): void {
    const bytes = Buffer.byteLength(line, 'utf8');
    const p: Pending = { seq: ++this.seq, rec, line, bytes };
    this.apply(this.table, rec, bytes, this.clock.now());
    this.pending.push(p);
    // While the disk fails, keep only the latest changes queued (memory still serves every entry).
    if (this.diskFailing && this.pending.length > MAX_PENDING)
      this.pending.splice(0, this.pending.length - MAX_PENDING);
    this.schedule();
  }

  // ---------------------------------------------------------------- disk

  /** Reads the log once. Lookups before it resolves see only what this window stored meanwhile. */
  load(): Promise<void> {
    if (!this.loadPromise) this.loadPromise = this.enqueue(() => this.readUnlocked());
    return this.loadPromise;
  }

  /** Writes everything queued so far, and reads what other windows wrote meanwhile. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    return this.enqueue(() => this.writeBatch());
  }

  async clear(): Promise<void> {
    this.table = new Table();
    this.pending = [];
    this.memo = undefined;
    this.clearEpoch++;
    await this.enqueue(async () => {
      try {
        await ensureDir(this.dir);
        await withFileLock(this.lockFile, async () => {
          await this.replaceLog([]);
        });
        this.diskOk();
      } catch (e) {
        this.diskFailed('clear', e);
      }
    });
  }

  async dispose(): Promise<void> {
    await this.flush();
    this.disposed = true;
  }

  private enqueue(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(fn).catch((e: any) => this.logger.error(`Cache: ${e?.message ?? e}`));
    this.chain = run;
    return run;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.disposed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.enqueue(() => this.writeBatch());
    }, this.flushDelayMs);
    unrefTimer(this.timer);
  }

  /** The first read, without the lock: a writer may be mid-line, so an unfinished last line is left for later. */
  private async readUnlocked(): Promise<void> {
    const epoch = this.clearEpoch;
    let data: Buffer;
    let ino: number;
    try {
      const st0 = await statFile(this.file);
      if (st0 && st0.size > this.fileLimit()) {
        // Too large to be read at once: set aside under the lock.
        await this.underLock(() => this.syncLocked(true));
        return;
      }
    } catch (e) {
      if (e instanceof LinkRefusedError) {
        await this.underLock(() => this.syncLocked(true));
        return;
      }
    }
    try {
      const h = await openRead(this.file);
      try {
        const st = await h.stat();
        ino = st.ino;
        data = await readRange(h, 0, st.size);
      } finally {
        await h.close();
      }
    } catch (e: any) {
      if (e?.code !== 'ENOENT') this.diskFailed('read', e);
      return;
    }
    void this.sweepLeftovers();
    const parsed = parseLog(data, false, true);
    if (parsed.future !== undefined || parsed.bad.length > 0 || parsed.tailBytes > 0) {
      // Damage, a newer schema, or an unfinished last line (a crash, or another window mid-append: only the lock
      // tells them apart).
      await this.underLock(() => this.syncLocked(true));
      return;
    }
    const table = await this.buildTable(parsed);
    if (epoch !== this.clearEpoch) return; // cleared while reading: the log is about to be emptied
    this.table = table;
    this.ino = ino;
    this.offset = parsed.consumed;
    this.fileBytes = parsed.consumed;
    if (this.needsCompaction()) this.schedule();
  }

  /** Replays records into a fresh table in slices, so a big log does not hold up the extension host. */
  private async buildTable(parsed: ParsedLog): Promise<Table> {
    const table = new Table();
    const now = this.clock.now();
    const recs = parsed.records;
    for (let i = 0; i < recs.length; i++) {
      this.apply(table, recs[i].rec, recs[i].bytes, now);
      if (i % LOAD_CHUNK_LINES === LOAD_CHUNK_LINES - 1) await new Promise((r) => setImmediate(r));
    }
    this.replayPending(table);
    return table;
  }

  private async underLock(fn: () => Promise<void>): Promise<void> {
    try {
      await ensureDir(this.dir);
      await withFileLock(this.lockFile, fn);
      this.diskOk();
    } catch (e) {
      this.diskFailed('write', e);
    }
  }

  private async writeBatch(): Promise<void> {
    if (!this.pending.length && !this.needsCompaction() && this.loadPromise) {
      // Nothing to write: only catch up when another window changed the log.
      const st = await fs.lstat(this.file).catch(() => undefined);
      if (st ? st.isFile() && st.ino === this.ino && st.size === this.offset : this.ino === undefined) return;
    }
    await this.underLock(async () => {
      await this.syncLocked(false);
      // Changes made while the append is in flight stay queued for the next batch.
      const upTo = this.seq;
      const lines = this.linesToWrite();
      if (lines.length) {
        const header = this.ino === undefined ? HEADER_LINE : '';
        const data = header + lines.join('');
        await appendToFile(this.file, data);
        const bytes = Buffer.byteLength(data, 'utf8');
        this.offset += bytes;
        this.fileBytes += bytes;
        if (this.ino === undefined) this.ino = (await fs.lstat(this.file)).ino;
      }
      this.pending = this.pending.filter((p) => p.seq > upTo);
      if (this.needsCompaction()) await this.replaceLog(this.table.byKey.values());
    });
    // A failed write keeps the batch (bounded by MAX_PENDING) for the next attempt; memory serves it meanwhile.
  }

  /**
   * The pending changes as log lines. Of repeated hits on one entry only the last before each store is needed (a
   * store can evict, so hits before it must stay ahead of it for the replay to evict the same entries).
   */
  private linesToWrite(): string[] {
    const laterHit = new Set<string>();
    const out: string[] = [];
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = this.pending[i];
      if (p.rec.op === 'h') {
        if (laterHit.has(p.rec.k)) continue;
        laterHit.add(p.rec.k);
      } else if (p.rec.op === 's') laterHit.clear();
      out.push(p.line);
    }
    return out.reverse();
  }

  private needsCompaction(): boolean {
    return this.fileBytes >= this.compactMinBytes && this.fileBytes > 2 * this.table.bytes + 64 * 1024;
  }

  /**
   * Brings memory up to date with the log (holding the lock): what other windows appended since our last read, or
   * the whole log when it was rewritten. Sets aside damage and a newer-schema log.
   */
  private async syncLocked(full: boolean): Promise<void> {
    const st = await this.statLog();
    if (!st) {
      if (this.ino !== undefined) {
        // Deleted under us: start over from what this window still has to write.
        const table = new Table();
        this.replayPending(table);
        this.table = table;
      }
      this.ino = undefined;
      this.offset = this.fileBytes = 0;
      return;
    }
    const rewritten = full || st.ino !== this.ino || st.size < this.offset;
    if (!rewritten && st.size === this.offset) return;
    const from = rewritten ? 0 : this.offset;
    const h = await openRead(this.file);
    let data: Buffer;
    try {
      data = await readRange(h, from, st.size - from);
    } finally {
      await h.close();
    }
    const parsed = parseLog(data, true, from === 0);
    if (parsed.future !== undefined) {
      await this.setAsideWhole(parsed.future);
      const table = new Table();
      this.replayPending(table);
      this.table = table;
      this.ino = undefined;
      this.offset = this.fileBytes = 0;
      return;
    }
    if (rewritten) {
      this.table = await this.buildTable(parsed);
    } else {
      const now = this.clock.now();
      for (const r of parsed.records) this.apply(this.table, r.rec, r.bytes, now);
      this.replayPending(this.table);
    }
    this.ino = st.ino;
    this.offset = from + data.length;
    this.fileBytes = this.offset;
    if (parsed.bad.length) {
      const side = await this.writeAside(parsed.bad);
      // Rewrite without the damage; pending changes are in the table already and are written after this.
      await this.replaceLog(this.committedEntries());
      this.logger.warn(
        `Cache: set aside ${parsed.bad.length} damaged line(s) of ${this.file} in ${side}; kept ${this.table.byKey.size} answer(s).`,
      );
    }
  }

  /** The largest log read whole (its bytes are held until the answers in it are first served). */
  private fileLimit(): number {
    return this.maxFileBytes ?? Math.min(1024 ** 3, Math.max(64 * 1024 * 1024, 8 * this.limits.maxBytes));
  }

  /**
   * Stat of the log, holding the lock. A link in its place (it may point anywhere on the disk) and a log too large
   * to read are moved aside with a log line, and the cache starts empty (undefined).
   */
  private async statLog(): Promise<import('node:fs').Stats | undefined> {
    let st: import('node:fs').Stats | undefined;
    try {
      st = await statFile(this.file);
    } catch (e) {
      if (!(e instanceof LinkRefusedError)) throw e;
      const side = await setFileAside(this.file, 'link-refused', this.clock.now());
      this.logger.warn(
        `Cache: ${this.file} was a symbolic link; storage files are never followed through links. Moved the link to ${side} and started an empty cache.`,
      );
      return undefined;
    }
    if (st && st.size > this.fileLimit()) {
      const side = await setFileAside(this.file, 'oversized', this.clock.now());
      this.logger.warn(
        `Cache: ${this.file} is ${st.size} bytes, more than the ${this.fileLimit()} a cache log may be; set it aside as ${side} and started an empty cache.`,
      );
      return undefined;
    }
    return st;
  }

  /** Entries as the log holds them: the table without this window's unwritten changes would be exact, but the table
   * with them is a superset that the following append restates, so writing it is safe. */
  private committedEntries(): Iterable<Entry> {
    return this.table.byKey.values();
  }

  /** Writes header + entries to a temp file and renames it over the log (atomic on the same file system). */
  private async replaceLog(entries: Iterable<Entry>): Promise<void> {
    const tmp = `${this.file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    const chunks: string[] = [HEADER_LINE];
    for (const e of entries) chunks.push(entryLine(e));
    const data = chunks.join('');
    try {
      const h = await fs.open(tmp, 'wx', 0o600);
      try {
        await h.writeFile(data, 'utf8');
        await h.sync();
      } finally {
        await h.close();
      }
      await fs.rename(tmp, this.file);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
    const st = await fs.lstat(this.file);
    this.ino = st.ino;
    this.offset = this.fileBytes = st.size;
  }

  /** Removes temp files a crash left mid-compaction, and all but the newest few set-aside files. Best effort. */
  private async sweepLeftovers(): Promise<void> {
    try {
      const base = path.basename(this.file);
      const names = await fs.readdir(this.dir);
      const aside: { name: string; mtime: number }[] = [];
      for (const name of names) {
        if (!name.startsWith(base + '.')) continue;
        const full = path.join(this.dir, name);
        const st = await fs.lstat(full).catch(() => undefined);
        if (!st) continue;
        if (name.endsWith('.tmp') && Date.now() - st.mtimeMs > 10 * 60_000) await fs.rm(full, { force: true });
        else if (/\.(corrupt|unsupported)-/.test(name)) aside.push({ name: full, mtime: st.mtimeMs });
      }
      aside.sort((a, b) => b.mtime - a.mtime);
      for (const old of aside.slice(KEEP_SET_ASIDE)) await fs.rm(old.name, { force: true });
    } catch {
      // Housekeeping only.
    }
  }

  private async writeAside(bad: string[]): Promise<string> {
    for (let n = 0; ; n++) {
      const side = `${this.file}.corrupt-${this.clock.now()}${n ? `-${n}` : ''}`;
      try {
        await fs.writeFile(side, bad.join('\n') + '\n', { encoding: 'utf8', flag: 'wx' });
        return side;
      } catch (e: any) {
        if (e?.code !== 'EEXIST' || n > 100) throw e;
      }
    }
  }

  private async setAsideWhole(version: number): Promise<void> {
    for (let n = 0; ; n++) {
      const side = `${this.file}.unsupported-v${version}-${this.clock.now()}${n ? `-${n}` : ''}`;
      const taken = await fs.stat(side).then(
        () => true,
        () => false,
      );
      if (taken && n < 100) continue;
      await fs.rename(this.file, side);
      this.logger.warn(
        `Cache: ${this.file} was written by a newer Frugal (cache schema v${version}); moved it to ${side} and started an empty cache.`,
      );
      return;
    }
  }

  private diskOk(): void {
    this.diskFailing = false;
  }

  private diskFailed(what: string, e: any): void {
    if (!this.diskFailing) {
      this.logger.error(
        `Cache: could not ${what} ${this.file}: ${e?.message ?? e}. Answers are kept in memory for this session.`,
      );
    }
    this.diskFailing = true;
  }
}

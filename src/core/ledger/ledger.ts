// The ledger: one JSON line per request attempt, under the editor's global storage so budgets hold across
// workspaces, kept in periods: `ledger/YYYY-MM.jsonl`, one file a local month (the month of each record's time).
// Beside them, `ledger/rollups.json` is a checkpoint: per file, how many bytes of it are folded into per-day rollups
// (day x task x tier x model, see aggregate.ts) and those rollups. Activation reads the checkpoint and only the bytes
// past it (the current period's tail), never the whole history; every total is then O(1) from the rollups.
//
// Crash safety: records are appended under a lock in one write each batch, so a crash can only tear the last line
// (set aside at the next load, the rest kept). The checkpoint is replaced atomically and names each file by inode,
// size and the random id in its header; whatever does not match (a file rewritten, reset, or grown past a torn
// checkpoint) is folded again from its records, so a rollup can never disagree with its records. Other windows
// append to the same files; `refresh()` folds what they added (tail by offset).
//
// Old inline-completion records (`task: complete`, the bulk of any history) are folded into the header of their
// period file once the month is older than `frugal.ledger.inlineRetentionDays`: the file is rewritten without them
// (temp file + rename) and its header carries their exact sums, so every total stays the same.
//
// The single `ledger.jsonl` of earlier versions is migrated on first load into `ledger/YYYY-MM.legacy-<source>.jsonl` files
// (written whole and renamed, so a crash mid-way only means migrating again) and kept as `ledger.jsonl.migrated-*`.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { LEDGER_SCHEMA_VERSION, TASKS, type LedgerRecord, type Task } from '../types';
import type { Clock, Logger } from '../ports';
import { systemClock } from '../ports';
import {
  appendToFile,
  checkHeader,
  ensureDir,
  headerLine,
  LinkRefusedError,
  openRead,
  openWrite,
  readRange,
  replaceFile,
  scanLines,
  setAsideWhole,
  statFile,
  withFileLock,
  writeAside,
} from '../store';
import { isLedgerRecord } from './record';
import {
  addAcc,
  addRecord,
  F,
  localCalendar,
  monthOf,
  newAcc,
  Rollup,
  toTotals,
  type Acc,
  type Calendar,
  type Totals,
} from './aggregate';

export type { Totals } from './aggregate';
export { emptyTotals } from './aggregate';

/** The single-file ledger of earlier versions (migrated on first load). */
export const LEDGER_FILE = 'ledger.jsonl';
/** Folder of the period files and the checkpoint. */
export const LEDGER_DIR = 'ledger';
export const CHECKPOINT_FILE = 'rollups.json';
const KIND = 'frugal.ledger';
const CHECKPOINT_KIND = 'frugal.ledger.rollups';
const STORE_VERSION = 1;
/** Records kept in memory for `recent()` (the status bar's last model, tests); the dashboard pages from disk. */
export const RECENT_KEEP = 1000;
/** Of those, read from disk at activation (the rest are this session's). */
const RECENT_AT_LOAD = 200;
/** A checkpoint is written once this many bytes were folded past the last one (and on flush). */
const CHECKPOINT_EVERY_BYTES = 256 * 1024;
/** A checkpoint larger than this is not a checkpoint Frugal wrote (a few thousand buckets a year): set aside. */
const MAX_CHECKPOINT_BYTES = 256 * 1024 * 1024;
const SEGMENT_RE = /^(\d{4})-(\d{2})(\.legacy-[0-9a-f]{12})?\.jsonl$/;
const DAY_MS = 86_400_000;

export interface LedgerLoadReport {
  records: number;
  /** lines that were not valid records (truncated, garbage, future schema), now set aside */
  setAside: number;
  setAsideFile?: string;
}

export type Period = 'session' | 'today' | 'month' | 'all';

export interface TotalsFilter {
  task?: Task;
}

export interface Disposable {
  dispose(): void;
}

/** Start of the local day / month that contains `now`. */
export function periodStart(period: Exclude<Period, 'session' | 'all'>, now: number): number {
  const d = new Date(now);
  return period === 'today'
    ? new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
    : new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

/** Position in the history for paging backwards: records strictly before `offset` of file `seg`. */
export interface PageCursor {
  seg: string;
  id: string;
  offset: number;
}

export interface Page {
  rows: LedgerRecord[];
  /** where the next (older) page starts; undefined at the start of the history */
  next?: PageCursor;
}

interface Segment {
  name: string;
  month: number;
  legacy: boolean;
  /** random id from the header; a rewritten or recreated file has another */
  id: string;
  ino: number;
  /** bytes folded: always the end of a complete line */
  read: number;
  /** base (from the header) + every record in [0, read) */
  rollup: Rollup;
  /** sums of records folded away by compaction (from the header) */
  base: Rollup | undefined;
  /** the file's mtime when `read` was its size (lets a load trust the checkpoint with one lstat) */
  mtimeMs?: number;
  /** records of this file at or after the session start (folded by this window) */
  session: Acc;
  sessionTask: Map<Task, Acc>;
}

interface Pending {
  rec: LedgerRecord;
  line: string;
}

const newId = (): string => randomBytes(9).toString('base64url');

function monthName(month: number): string {
  return `${Math.floor(month / 100)}-${String(month % 100).padStart(2, '0')}`;
}

/** Segments newest first: month descending, the live file before the migrated one. */
function newestFirst(a: Segment, b: Segment): number {
  return b.month - a.month || Number(a.legacy) - Number(b.legacy);
}

export class Ledger {
  /** the folder that holds the period files */
  readonly dir: string;
  /** the single-file ledger of earlier versions */
  readonly legacyFile: string;
  private readonly root: string;
  private readonly lockFile: string;
  private readonly checkpointFile: string;
  private readonly logger: Logger;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly calendar: Calendar;
  private readonly sessionStart: number;
  private inlineRetentionDays: number;

  private segs = new Map<string, Segment>();
  /** everything: every segment plus records not yet written; built when first asked for (the dashboard) */
  private globalRollup: Rollup | undefined;
  /** months whose days are in byDay/byMonth/...: the current one at load, others when first asked for */
  private indexedMonths = new Set<number>();
  private byDay = new Map<number, Acc>();
  private byMonth = new Map<number, Acc>();
  private byDayTask = new Map<string, Acc>();
  private byMonthTask = new Map<string, Acc>();
  private allAcc = newAcc();
  private allTask = new Map<Task, Acc>();
  private sessionAcc = newAcc();
  private sessionTask = new Map<Task, Acc>();
  private readonly scratch = newAcc();

  private recentList: LedgerRecord[] = [];
  private recentIds = new Set<string>();
  private pending: Pending[] = [];
  private writes: Promise<void> = Promise.resolve();
  private listeners = new Set<() => void>();
  private writeFailed = false;
  private usable = true;
  private foldedSinceCheckpoint = 0;
  private checkpointDirty = false;
  private compactTimer: ReturnType<typeof setTimeout> | undefined;
  /** false while load() reads: the recent list is then filled from the newest files instead */
  private loaded = false;
  private warnedFuture = new Set<string>();

  constructor(opts: {
    dir: string;
    logger: Logger;
    /** read for record times and file names (only `now`: the ledger's own compaction timer is real time) */
    clock?: Pick<Clock, 'now'>;
    sessionStart?: number;
    inlineRetentionDays?: number;
    calendar?: Calendar;
  }) {
    this.root = opts.dir;
    this.dir = path.join(opts.dir, LEDGER_DIR);
    this.legacyFile = path.join(opts.dir, LEDGER_FILE);
    this.lockFile = path.join(this.dir, '.lock');
    this.checkpointFile = path.join(this.dir, CHECKPOINT_FILE);
    this.logger = opts.logger;
    this.clock = opts.clock ?? systemClock;
    this.calendar = opts.calendar ?? localCalendar;
    this.sessionStart = opts.sessionStart ?? this.clock.now();
    this.inlineRetentionDays = opts.inlineRetentionDays ?? 90;
  }

  get sessionStartedAt(): number {
    return this.sessionStart;
  }

  /** The current period's file (where a record written now goes). */
  get file(): string {
    return path.join(this.dir, this.segmentName(this.clock.now()));
  }

  setInlineRetentionDays(days: number): void {
    this.inlineRetentionDays = days;
  }

  // ------------------------------------------------------------------------------------------------ loading

  /** Reads the checkpoint and the files' tails; migrates the old single file. Never throws for bad content. */
  load(): Promise<LedgerLoadReport> {
    const run = this.writes.then(() => this.loadNow());
    // The checkpoint of what the load folded is written after it, off the activation path.
    this.writes = run.then(
      async () => {
        if (this.checkpointDirty && this.usable && this.segs.size) await this.writeCheckpoint();
      },
      () => undefined,
    );
    return run;
  }

  private async loadNow(): Promise<LedgerLoadReport> {
    this.loaded = false;
    this.resetMemory();
    try {
      await ensureDir(this.dir);
      this.usable = true;
    } catch (e: any) {
      this.logger.error(
        `Ledger: could not write ${this.dir}: ${e?.message ?? e}. Records are kept in memory and written when the disk recovers.`,
      );
      this.usable = false;
      this.writeFailed = true;
      this.loaded = true;
      return { records: 0, setAside: 0 };
    }
    const report: LedgerLoadReport = { records: 0, setAside: 0 };
    try {
      await this.locked(
        async () => {
          await this.migrate(report);
          const checkpoint = await this.readCheckpoint();
          await this.catchUp(checkpoint, true, report);
        },
        async () => {
          // The lock is held elsewhere for too long: read without it (a torn last line is then left for later).
          await this.catchUp(await this.readCheckpoint(), false, report);
        },
      );
      await this.loadRecent();
      void this.sweepLeftovers();
    } catch (e: any) {
      this.logger.error(`Ledger: could not read ${this.dir}: ${e?.message ?? e}`);
    }
    this.loaded = true;
    report.records = this.allAcc[F.attempts];
    this.scheduleCompaction(30_000);
    return report;
  }

  private resetMemory(): void {
    this.segs.clear();
    this.globalRollup = undefined;
    this.indexedMonths = new Set([monthOf(this.calendar.dayKey(this.clock.now()))]);
    this.byDay.clear();
    this.byMonth.clear();
    this.byDayTask.clear();
    this.byMonthTask.clear();
    this.allAcc = newAcc();
    this.allTask.clear();
    this.sessionAcc = newAcc();
    this.sessionTask.clear();
    this.recentList = [];
    this.recentIds.clear();
    // Records not yet written stay counted.
    for (const p of this.pending) this.index(p.rec, 1, true);
    for (const p of this.pending) this.remember(p.rec);
  }

  /** Runs fn under the ledger's lock; `fallback` (or nothing) when the lock cannot be had. */
  private async locked(fn: () => Promise<void>, fallback?: () => Promise<void>): Promise<void> {
    let ran = false;
    try {
      await withFileLock(this.lockFile, async () => {
        ran = true;
        await fn();
      });
    } catch (e: any) {
      if (ran || !fallback) throw e;
      this.logger.warn(`Ledger: ${e?.message ?? e}; reading without it.`);
      await fallback();
    }
  }

  // ------------------------------------------------------------------------------------------------ index

  /** Adds (sign 1) or removes (-1) one record's sums in every total, and in the session ones when it belongs there. */
  private index(rec: LedgerRecord, sign: 1 | -1, session: boolean): void {
    const a = this.scratch;
    a.fill(0);
    addRecord(a, rec);
    const day = this.calendar.dayKey(rec.ts);
    if (this.globalRollup) addAcc(this.globalRollup.bucket(day, rec.task, rec.tier, rec.model).acc, a, sign);
    this.indexAll(rec.task, a, sign);
    if (this.indexedMonths.has(monthOf(day))) this.indexPeriods(day, rec.task, a, sign);
    if (session && rec.ts >= this.sessionStart) {
      addAcc(this.sessionAcc, a, sign);
      addAcc(getAcc(this.sessionTask, rec.task), a, sign);
    }
  }

  private indexAll(task: Task, a: ArrayLike<number>, sign: number): void {
    addAcc(this.allAcc, a, sign);
    addAcc(getAcc(this.allTask, task), a, sign);
  }

  private indexPeriods(day: number, task: Task, a: ArrayLike<number>, sign: number): void {
    const month = monthOf(day);
    addAcc(getAcc(this.byDay, day), a, sign);
    addAcc(getAcc(this.byMonth, month), a, sign);
    addAcc(getAcc(this.byDayTask, `${day}\t${task}`), a, sign);
    addAcc(getAcc(this.byMonthTask, `${month}\t${task}`), a, sign);
  }

  /** Puts a month's days into the per-day and per-month totals (done once, when that month is first asked for). */
  private indexMonth(month: number): void {
    if (this.indexedMonths.has(month)) return;
    this.indexedMonths.add(month);
    for (const seg of this.segs.values()) {
      for (const b of seg.rollup.buckets.values())
        if (monthOf(b.day) === month) this.indexPeriods(b.day, b.task, b.acc, 1);
    }
    for (const p of this.pending) {
      const day = this.calendar.dayKey(p.rec.ts);
      if (monthOf(day) !== month) continue;
      const a = this.scratch;
      a.fill(0);
      addRecord(a, p.rec);
      this.indexPeriods(day, p.rec.task, a, 1);
    }
  }

  /** Adds or removes a whole segment's sums. */
  private indexSegment(seg: Segment, sign: 1 | -1): void {
    if (this.globalRollup) this.globalRollup.addAll(seg.rollup, sign);
    for (const b of seg.rollup.buckets.values()) {
      this.indexAll(b.task, b.acc, sign);
      if (this.indexedMonths.has(monthOf(b.day))) this.indexPeriods(b.day, b.task, b.acc, sign);
    }
    addAcc(this.sessionAcc, seg.session, sign);
    for (const [t, a] of seg.sessionTask) addAcc(getAcc(this.sessionTask, t), a, sign);
  }

  private remember(rec: LedgerRecord): void {
    const list = this.recentList;
    if (this.recentIds.has(rec.id)) return;
    this.recentIds.add(rec.id);
    if (list.length && rec.ts < list[list.length - 1].ts) {
      // Out of order (another window's record, a clock change): keep the list sorted by time.
      let i = list.length - 1;
      while (i > 0 && list[i - 1].ts > rec.ts) i--;
      list.splice(i, 0, rec);
    } else list.push(rec);
    if (list.length > RECENT_KEEP)
      for (const old of list.splice(0, list.length - RECENT_KEEP)) this.recentIds.delete(old.id);
  }

  // ------------------------------------------------------------------------------------------------ segments

  private segmentName(ts: number): string {
    return `${monthName(monthOf(this.calendar.dayKey(ts)))}.jsonl`;
  }

  private async listSegments(): Promise<{ name: string; month: number; legacy: boolean }[]> {
    const names = await fs.readdir(this.dir).catch((e: any) => {
      if (e?.code === 'ENOENT') return [] as string[];
      throw e;
    });
    const out: { name: string; month: number; legacy: boolean }[] = [];
    for (const name of names) {
      const m = SEGMENT_RE.exec(name);
      if (m) out.push({ name, month: Number(m[1]) * 100 + Number(m[2]), legacy: !!m[3] });
    }
    return out;
  }

  /** Reads the header of a segment: its id and the sums folded into it; undefined when it has none. */
  private async readHeader(h: fs.FileHandle): Promise<SegmentHeader | undefined> {
    const head = await readRange(h, 0, 4096);
    const nl = head.indexOf(10);
    if (nl < 0) {
      if (head.length >= 4096) {
        // A long first line: the header carries a compacted month's sums.
        const full = await this.readFirstLine(h);
        return full ? this.parseHeader(full) : undefined;
      }
      return undefined;
    }
    return this.parseHeader(head.subarray(0, nl));
  }

  private async readFirstLine(h: fs.FileHandle): Promise<Buffer | undefined> {
    let found: Buffer | undefined;
    const st = await h.stat();
    // Reads on until the first newline; a header is at most a few MB (a month of buckets).
    await scanLines(h, 0, Math.min(st.size, 256 * 1024 * 1024), (buf, start, end) => {
      if (!found) found = Buffer.from(buf.subarray(start, end));
    });
    return found;
  }

  private parseHeader(line: Buffer): SegmentHeader | undefined {
    const c = checkHeader(line.toString('utf8'), KIND, STORE_VERSION);
    if (c && !c.ok) return { id: '', bytes: line.length + 1, future: c.future };
    if (!c || typeof c.header.id !== 'string') return undefined;
    const base = c.header.base === undefined ? undefined : Rollup.fromRows(c.header.base, this.calendar);
    if (c.header.base !== undefined && !base) return undefined;
    return { id: c.header.id, base, bytes: line.length + 1 };
  }

  /**
   * Brings every segment up to date: new files are folded whole, known ones from where they were read (or from the
   * checkpoint at load), rewritten or recreated ones again from the start, removed ones subtracted.
   * `owned`: the lock is held, so a partial last line is a torn one (set aside and cut off).
   */
  private async catchUp(
    checkpoint: Map<string, CheckpointEntry> | undefined,
    owned: boolean,
    report?: LedgerLoadReport,
    only?: Set<string>,
  ): Promise<number> {
    if (only) {
      let n = 0;
      for (const name of only) {
        const m = SEGMENT_RE.exec(name)!;
        n += await this.catchUpSegment(
          { name, month: Number(m[1]) * 100 + Number(m[2]), legacy: !!m[3] },
          undefined,
          owned,
        );
      }
      return n;
    }
    const present = await this.listSegments();
    const seen = new Set<string>();
    let added = 0;
    // Every file's lstat at once (a long history has dozens), then each is brought up to date in turn.
    const stats = await Promise.all(
      present.map((p) =>
        statFile(path.join(this.dir, p.name)).then(
          (st) => st,
          (e: Error) => e,
        ),
      ),
    );
    for (let i = 0; i < present.length; i++) {
      const p = present[i];
      seen.add(p.name);
      added += await this.catchUpSegment(p, checkpoint?.get(p.name), owned, report, stats[i]);
    }
    for (const [name, seg] of [...this.segs]) {
      if (!seen.has(name)) {
        this.indexSegment(seg, -1);
        this.segs.delete(name);
        added++;
      }
    }
    return added;
  }

  private async catchUpSegment(
    p: { name: string; month: number; legacy: boolean },
    cp: CheckpointEntry | undefined,
    owned: boolean,
    report?: LedgerLoadReport,
    pre?: import('node:fs').Stats | Error | undefined,
  ): Promise<number> {
    const file = path.join(this.dir, p.name);
    let st: import('node:fs').Stats | undefined;
    try {
      if (pre instanceof Error) throw pre;
      st = pre ?? (await statFile(file));
    } catch (e) {
      if (e instanceof LinkRefusedError && owned) await this.refuseLink(file);
      else this.logger.warn(`Ledger: skipped ${file}: ${(e as Error).message}`);
      return 0;
    }
    if (!st) return 0;
    let seg = this.segs.get(p.name);
    if (seg && seg.ino === st.ino && st.size === seg.read) return 0;
    if (
      !seg &&
      cp &&
      cp.mtimeMs !== undefined &&
      cp.ino === st.ino &&
      cp.read === st.size &&
      cp.mtimeMs === st.mtimeMs
    ) {
      // Unchanged since the checkpoint (same inode, size and modification time): its rollups are the file's.
      seg = {
        name: p.name,
        month: p.month,
        legacy: p.legacy,
        id: cp.id,
        ino: st.ino,
        read: cp.read,
        rollup: cp.rollup,
        base: cp.base,
        mtimeMs: st.mtimeMs,
        session: newAcc(),
        sessionTask: new Map(),
      };
      this.segs.set(p.name, seg);
      this.indexSegment(seg, 1);
      return 0;
    }
    const h = await openRead(file);
    try {
      const header = await this.readHeader(h);
      if (header?.future !== undefined) {
        // Written by a newer Frugal: not guessed at, not touched.
        if (!this.warnedFuture.has(p.name))
          this.logger.warn(
            `Ledger: ${file} was written by a newer Frugal (ledger store v${header.future}); its records are left out.`,
          );
        this.warnedFuture.add(p.name);
        return 0;
      }
      if (seg && (seg.ino !== st.ino || st.size < seg.read || (header?.id ?? '') !== seg.id)) {
        // Rewritten (compacted, reset, recreated) elsewhere: fold it again from the start.
        this.indexSegment(seg, -1);
        this.segs.delete(p.name);
        seg = undefined;
      }
      if (!seg) {
        seg = {
          name: p.name,
          month: p.month,
          legacy: p.legacy,
          id: header?.id ?? '',
          ino: st.ino,
          read: 0,
          rollup: new Rollup(this.calendar),
          base: header?.base,
          session: newAcc(),
          sessionTask: new Map(),
        };
        if (
          cp &&
          header &&
          cp.id === header.id &&
          cp.ino === st.ino &&
          cp.read <= st.size &&
          (await this.endsLine(h, cp.read))
        ) {
          seg.rollup = cp.rollup;
          seg.read = cp.read;
        } else {
          if (cp) this.checkpointDirty = true;
          if (header?.base) seg.rollup.addAll(header.base);
          seg.read = header ? header.bytes : 0;
        }
        this.segs.set(p.name, seg);
        this.indexSegment(seg, 1);
      }
      const added = await this.foldTail(seg, h, st.size, owned, report);
      seg.mtimeMs = seg.read === st.size ? st.mtimeMs : undefined;
      return added;
    } finally {
      await h.close();
    }
  }

  private async endsLine(h: fs.FileHandle, at: number): Promise<boolean> {
    if (at === 0) return true;
    const b = await readRange(h, at - 1, 1);
    return b.length === 1 && b[0] === 10;
  }

  /** Folds the complete lines in [seg.read, size). */
  private async foldTail(
    seg: Segment,
    h: fs.FileHandle,
    size: number,
    owned: boolean,
    report?: LedgerLoadReport,
    own?: Set<string>,
  ): Promise<number> {
    if (size <= seg.read) return 0;
    const bad: Buffer[] = [];
    let added = 0;
    const from = seg.read;
    const result = await scanLines(
      h,
      from,
      size,
      (buf, start, end, offset) => {
        if (end <= start) return;
        // A header line (the file's own, or one of a file appended to another) is not a record.
        if (
          offset === 0 &&
          buf[start + 2] === 0x76 &&
          checkHeader(buf.toString('utf8', start, end), KIND, STORE_VERSION)
        )
          return;
        let rec: unknown;
        try {
          rec = JSON.parse(buf.toString('utf8', start, end));
        } catch {
          rec = undefined;
        }
        if (isLedgerRecord(rec) && own?.delete(rec.id)) {
          // One of this window's own records (already in every total): now the file holds it.
          seg.rollup.add(rec);
          if (rec.ts >= this.sessionStart) {
            const a = this.scratch;
            a.fill(0);
            addRecord(a, rec);
            addAcc(seg.session, a);
            addAcc(getAcc(seg.sessionTask, rec.task), a);
          }
        } else if (isLedgerRecord(rec)) {
          seg.rollup.add(rec);
          this.index(rec, 1, true);
          if (rec.ts >= this.sessionStart) {
            const a = this.scratch;
            addAcc(seg.session, a);
            addAcc(getAcc(seg.sessionTask, rec.task), a);
          }
          if (this.loaded) this.remember(rec);
          added++;
        } else if (owned) bad.push(Buffer.from(buf.subarray(start, end)));
      },
      {
        onOversized: () => {
          if (owned && report) report.setAside++;
        },
      },
    );
    seg.read = result.end;
    this.foldedSinceCheckpoint += seg.read - from;
    if (seg.read > from) this.checkpointDirty = true;
    const file = path.join(this.dir, seg.name);
    if (owned && result.tail.length) {
      // Holding the lock nobody is mid-write: a partial last line is a torn one (a crash). Kept aside, cut off.
      if (result.tail.toString('utf8').trim()) bad.push(result.tail);
      await fs.truncate(file, seg.read);
    }
    if (bad.length) {
      const side = await writeAside(file, 'set-aside', bad, this.clock.now(), '.jsonl').catch(
        () => '(could not write it)',
      );
      this.logger.warn(`Ledger: set aside ${bad.length} unreadable line(s) of ${file} into ${side}.`);
      if (report) {
        report.setAside += bad.length;
        report.setAsideFile ??= side;
      }
    }
    return added;
  }

  private async refuseLink(file: string): Promise<void> {
    try {
      const side = await setAsideWhole(file, 'link-refused', this.clock.now());
      this.logger.warn(
        `Ledger: ${file} was a symbolic link; storage files are never followed through links. Moved the link to ${side}.`,
      );
    } catch (e: any) {
      this.logger.error(`Ledger: ${file} is a symbolic link and could not be moved aside: ${e?.message ?? e}`);
    }
  }

  /** The newest RECENT_KEEP records, read backwards from the newest files. */
  private async loadRecent(): Promise<void> {
    const want = RECENT_AT_LOAD - this.recentList.length;
    if (want <= 0) return;
    const page = await this.page(undefined, want);
    const older = page.rows.reverse().filter((r) => !this.recentIds.has(r.id));
    for (const r of older) this.recentIds.add(r.id);
    this.recentList = [...older, ...this.recentList];
    this.recentList.sort((a, b) => a.ts - b.ts);
  }

  /** Removes temporary files a crash left mid-compaction, mid-migration or mid-checkpoint. Best effort. */
  private async sweepLeftovers(): Promise<void> {
    try {
      for (const name of await fs.readdir(this.dir)) {
        if (!name.endsWith('.tmp')) continue;
        const full = path.join(this.dir, name);
        const st = await fs.lstat(full).catch(() => undefined);
        if (st && Date.now() - st.mtimeMs > 10 * 60_000) await fs.rm(full, { force: true });
      }
    } catch {
      // Housekeeping only.
    }
  }

  // ------------------------------------------------------------------------------------------------ checkpoint

  private async readCheckpoint(): Promise<Map<string, CheckpointEntry> | undefined> {
    let st: import('node:fs').Stats | undefined;
    try {
      st = await statFile(this.checkpointFile);
    } catch (e) {
      if (e instanceof LinkRefusedError) await this.refuseLink(this.checkpointFile);
      return undefined;
    }
    if (!st) return undefined;
    if (st.size > MAX_CHECKPOINT_BYTES) {
      const side = await setAsideWhole(this.checkpointFile, 'oversized', this.clock.now()).catch(
        () => '(could not move it)',
      );
      this.logger.warn(
        `Ledger: ${this.checkpointFile} is ${st.size} bytes, too large to be Frugal's; set aside as ${side}. The rollups are rebuilt from the records.`,
      );
      return undefined;
    }
    try {
      const h = await openRead(this.checkpointFile);
      let text: string;
      try {
        text = (await readRange(h, 0, st.size)).toString('utf8');
      } finally {
        await h.close();
      }
      const nl = text.indexOf('\n');
      const body = nl < 0 ? text : text.slice(0, nl);
      if (nl < 0 || text.slice(nl + 1).trim() !== checksum(body)) throw new Error('its checksum does not match');
      const o = JSON.parse(body);
      if (!o || o.kind !== CHECKPOINT_KIND || o.v !== STORE_VERSION || typeof o.segments !== 'object')
        throw new Error('not a checkpoint of this version');
      const out = new Map<string, CheckpointEntry>();
      for (const [name, e] of Object.entries<any>(o.segments)) {
        const rollup = Rollup.fromRows(e?.rows, this.calendar);
        if (!rollup || typeof e.id !== 'string' || !Number.isInteger(e.ino) || !Number.isInteger(e.read)) continue;
        const base = e.base === undefined ? undefined : Rollup.fromRows(e.base, this.calendar);
        if (e.base !== undefined && !base) continue;
        out.set(name, {
          id: e.id,
          ino: e.ino,
          read: e.read,
          rollup,
          base,
          mtimeMs: typeof e.mtimeMs === 'number' ? e.mtimeMs : undefined,
        });
      }
      return out;
    } catch (e: any) {
      this.logger.warn(
        `Ledger: the checkpoint ${this.checkpointFile} is unreadable (${e?.message ?? e}); rebuilding the rollups from the records.`,
      );
      this.checkpointDirty = true;
      return undefined;
    }
  }

  private async writeCheckpoint(): Promise<void> {
    const segments: Record<string, unknown> = {};
    for (const s of this.segs.values()) {
      if (!s.id) continue; // a file without a header is always folded from its records
      segments[s.name] = {
        id: s.id,
        ino: s.ino,
        read: s.read,
        mtimeMs: s.mtimeMs,
        rows: s.rollup.toRows(),
        base: s.base?.toRows(),
      };
    }
    const body = JSON.stringify({ v: STORE_VERSION, kind: CHECKPOINT_KIND, at: this.clock.now(), segments });
    // A checksum line: a checkpoint damaged on disk is rebuilt from the records, never trusted.
    const text = `${body}\n${checksum(body)}\n`;
    try {
      await replaceFile(this.checkpointFile, (h) => h.writeFile(text, 'utf8'));
      this.foldedSinceCheckpoint = 0;
      this.checkpointDirty = false;
    } catch (e: any) {
      this.logger.warn(`Ledger: could not write the checkpoint ${this.checkpointFile}: ${e?.message ?? e}`);
    }
  }

  // ------------------------------------------------------------------------------------------------ migration

  /**
   * Moves the single-file ledger of earlier versions into period files, holding the lock. Streams it in chunks (it
   * may be larger than Node can read at once), writes each month to a temporary file and renames them into place;
   * only then is the old file moved aside, so a crash mid-way means migrating again into the same files.
   */
  private async migrate(report: LedgerLoadReport): Promise<void> {
    let st: import('node:fs').Stats | undefined;
    try {
      st = await statFile(this.legacyFile);
    } catch (e: any) {
      if (e instanceof LinkRefusedError) {
        try {
          const side = await setAsideWhole(this.legacyFile, 'link-refused', this.clock.now());
          this.logger.warn(`Ledger: ${this.legacyFile} was a symbolic link; not followed. Moved the link to ${side}.`);
        } catch (err: any) {
          this.logger.error(
            `Ledger: ${this.legacyFile} is a symbolic link and could not be moved aside: ${err?.message ?? err}`,
          );
        }
      } else this.logger.warn(`Ledger: ignored ${this.legacyFile}: ${e?.message ?? e}`);
      return;
    }
    if (!st) return;
    const started = Date.now();
    // Named after the old file itself: migrating the same file again (after a crash mid-way) rewrites the same files,
    // and a ledger.jsonl an older Frugal in another window wrote afterwards gets files of its own.
    const source = createHash('sha1')
      .update(`${st.ino}:${st.size}:${st.mtimeMs}:${st.birthtimeMs}`)
      .digest('hex')
      .slice(0, 12);
    const ids = new Set<string>();
    interface MonthOut {
      target: string;
      tmp: string;
      h: fs.FileHandle | undefined;
      chunks: string[];
      id: string;
    }
    const months = new Map<number, MonthOut>();
    const badLines: Buffer[] = [];
    let badCount = 0;
    let sideFile: string | undefined;
    const flushBad = async () => {
      if (!badLines.length) return;
      if (!sideFile) {
        sideFile = await writeAside(
          path.join(this.root, 'ledger'),
          'set-aside',
          badLines.splice(0),
          this.clock.now(),
          '.jsonl',
        );
      } else {
        await appendToFile(sideFile, Buffer.concat(badLines.splice(0).flatMap((b) => [b, Buffer.from('\n')])));
      }
    };
    let records = 0;
    const onLine = (buf: Buffer, start: number, end: number) => {
      if (end <= start) return;
      const text = buf.toString('utf8', start, end);
      if (!text.trim()) return;
      let rec: unknown;
      try {
        rec = JSON.parse(text);
      } catch {
        rec = undefined;
      }
      if (!isLedgerRecord(rec)) {
        badCount++;
        badLines.push(Buffer.from(buf.subarray(start, end)));
        return;
      }
      if (ids.has(rec.id)) return;
      ids.add(rec.id);
      records++;
      const month = monthOf(this.calendar.dayKey(rec.ts));
      let m = months.get(month);
      if (!m) {
        const target = path.join(this.dir, `${monthName(month)}.legacy-${source}.jsonl`);
        m = { target, tmp: `${target}.${process.pid}-migrating.tmp`, h: undefined, chunks: [], id: newId() };
        m.chunks.push(headerLine(KIND, STORE_VERSION, { id: m.id, period: monthName(month), migrated: true }));
        months.set(month, m);
      }
      m.chunks.push(text + '\n');
    };
    const h = await openRead(this.legacyFile);
    try {
      const CHUNK = 8 * 1024 * 1024;
      let pos = 0;
      while (pos < st.size) {
        const to = Math.min(st.size, pos + CHUNK);
        const res = await scanLines(h, pos, to, onLine, {
          onOversized: () => {
            badCount++;
          },
        });
        if (to === st.size) {
          if (res.tail.toString('utf8').trim()) {
            badCount++;
            badLines.push(res.tail);
          }
          pos = to;
        } else if (res.end === pos) {
          // No line end in 8 MiB: damage. Skip it; the rest of that line is set aside with the next one.
          badCount++;
          pos = to;
        } else pos = res.end;
        for (const m of months.values()) {
          if (!m.chunks.length) continue;
          // never through a link planted at the temporary name (it could point anywhere on the disk)
          if (!m.h) m.h = await openWrite(m.tmp);
          await m.h.write(m.chunks.join(''));
          m.chunks = [];
        }
        await flushBad();
      }
      for (const m of months.values()) {
        await m.h!.sync();
        await m.h!.close();
        m.h = undefined;
        await fs.rename(m.tmp, m.target);
      }
    } catch (e) {
      for (const m of months.values()) {
        await m.h?.close().catch(() => undefined);
        await fs.rm(m.tmp, { force: true }).catch(() => undefined);
      }
      throw e;
    } finally {
      await h.close();
    }
    if (badCount) {
      report.setAside += badCount;
      report.setAsideFile = sideFile;
      this.logger.warn(
        `Ledger: set aside ${badCount} unreadable line(s) from ${this.legacyFile}${sideFile ? ` into ${sideFile}` : ''}; kept ${records} record(s).`,
      );
    }
    if (records === 0) {
      await fs.rm(this.legacyFile, { force: true });
      return;
    }
    const kept = await setAsideWhole(this.legacyFile, 'migrated', this.clock.now());
    this.logger.info(
      `Ledger: moved ${records} record(s) from ${this.legacyFile} into monthly files in ${this.dir} in ${Date.now() - started} ms; the old file is kept as ${kept} (it may be deleted).`,
    );
  }

  // ------------------------------------------------------------------------------------------------ writing

  /**
   * Records in memory now (every total sees them at once); written to disk in order. A failing disk is logged once,
   * never thrown, and the records that could not be written are retried with the next write.
   */
  append(rec: LedgerRecord): Promise<void> {
    const full: LedgerRecord = { ...rec, v: LEDGER_SCHEMA_VERSION };
    this.index(full, 1, true);
    this.remember(full);
    this.pending.push({ rec: full, line: JSON.stringify(full) + '\n' });
    this.emit();
    this.writes = this.writes.then(() => this.writePending());
    return this.writes;
  }

  private async writePending(): Promise<void> {
    if (!this.pending.length) return;
    if (!this.usable) {
      try {
        await ensureDir(this.dir);
        this.usable = true;
      } catch (e: any) {
        if (!this.writeFailed)
          this.logger.error(
            `Ledger: could not write ${this.dir}: ${e?.message ?? e}. Records are kept in memory and written when the disk recovers.`,
          );
        this.writeFailed = true;
        return;
      }
    }
    try {
      await withFileLock(this.lockFile, async () => {
        // Records appended while this write is in flight wait for the next one.
        const batch = this.pending.slice();
        const bySeg = new Map<string, Pending[]>();
        for (const p of batch) {
          const name = this.segmentName(p.rec.ts);
          let list = bySeg.get(name);
          if (!list) bySeg.set(name, (list = []));
          list.push(p);
        }
        // Fold what other windows wrote to these files first (and cut off a torn line), so our lines land after
        // whole ones and our offsets stay exact.
        const changed = await this.catchUp(undefined, true, undefined, new Set(bySeg.keys()));
        if (changed) this.emit();
        for (const [name, list] of bySeg) {
          await this.appendSegment(name, list);
          const written = new Set(list);
          this.pending = this.pending.filter((p) => !written.has(p));
        }
      });
      if (this.writeFailed) this.logger.info(`Ledger: writing to ${this.dir} works again.`);
      this.writeFailed = false;
      if (this.foldedSinceCheckpoint >= CHECKPOINT_EVERY_BYTES) await this.writeCheckpoint();
    } catch (e: any) {
      if (!this.writeFailed)
        this.logger.error(
          `Ledger: could not write ${this.dir}: ${e?.message ?? e}. Records are kept in memory and written when the disk recovers.`,
        );
      this.writeFailed = true;
    }
  }

  /** Appends records to one period file, holding the lock; creates the file (with its header) when it is new. */
  private async appendSegment(name: string, list: Pending[]): Promise<void> {
    const file = path.join(this.dir, name);
    let seg = this.segs.get(name);
    let data = list.map((p) => p.line).join('');
    let created = false;
    if (!seg) {
      const m = SEGMENT_RE.exec(name)!;
      seg = {
        name,
        month: Number(m[1]) * 100 + Number(m[2]),
        legacy: false,
        id: newId(),
        ino: 0,
        read: 0,
        rollup: new Rollup(this.calendar),
        base: undefined,
        session: newAcc(),
        sessionTask: new Map(),
      };
      data = headerLine(KIND, STORE_VERSION, { id: seg.id, period: name.slice(0, 7) }) + data;
      created = true;
    }
    const bytes = Buffer.byteLength(data);
    const before = seg.read;
    await appendToFile(file, data);
    const st = await fs.lstat(file);
    if (created) {
      // A new period (rotation): its records are already in the totals; the segment holds them from now on.
      seg.ino = st.ino;
      this.segs.set(name, seg);
    }
    this.foldedSinceCheckpoint += bytes;
    this.checkpointDirty = true;
    if (st.size !== before + bytes) {
      // Something wrote to the file without the lock meanwhile (not Frugal): fold the whole tail, ours included.
      const own = new Set(list.map((p) => p.rec.id));
      const h = await openRead(file);
      try {
        await this.foldTail(seg, h, st.size, false, undefined, own);
      } finally {
        await h.close();
      }
      this.emit();
      return;
    }
    seg.read += bytes;
    seg.mtimeMs = st.mtimeMs;
    for (const p of list) {
      seg.rollup.add(p.rec);
      if (p.rec.ts >= this.sessionStart) {
        const a = this.scratch;
        a.fill(0);
        addRecord(a, p.rec);
        addAcc(seg.session, a);
        addAcc(getAcc(seg.sessionTask, p.rec.task), a);
      }
    }
    if (created) this.scheduleCompaction(5_000);
  }

  /** Waits for pending writes and writes the checkpoint. */
  flush(): Promise<void> {
    this.writes = this.writes.then(async () => {
      await this.writePending();
      if (this.checkpointDirty && this.usable && !this.pending.length) await this.writeCheckpoint();
    });
    return this.writes;
  }

  /** Flushes and stops background work (deactivate). */
  async close(): Promise<void> {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = undefined;
    await this.flush();
  }

  /** Picks up records other windows appended since the last read. */
  refresh(): Promise<void> {
    this.writes = this.writes.then(async () => {
      await this.writePending();
      if (!this.usable) return;
      try {
        if (await this.catchUp(undefined, false)) this.emit();
      } catch (e: any) {
        this.logger.warn(`Ledger: could not read other windows' records: ${e?.message ?? e}`);
      }
    });
    return this.writes;
  }

  // ------------------------------------------------------------------------------------------------ compaction

  private scheduleCompaction(ms: number): void {
    if (this.compactTimer) return;
    this.compactTimer = setTimeout(() => {
      this.compactTimer = undefined;
      void this.compact().catch((e) => this.logger.warn(`Ledger: compaction failed: ${e?.message ?? e}`));
    }, ms);
    this.compactTimer.unref?.();
  }

  /**
   * Folds inline-completion records of months older than the retention into their file's header (rewriting the
   * file without them); every total stays exact. Returns how many records were folded.
   */
  compact(): Promise<number> {
    let folded = 0;
    this.writes = this.writes.then(async () => {
      if (!this.usable || !(this.inlineRetentionDays > 0)) return;
      const cutoff = this.clock.now() - this.inlineRetentionDays * DAY_MS;
      const due = [...this.segs.values()].filter((s) => this.monthEnd(s.month) <= cutoff && this.inlineInFile(s) > 0);
      if (!due.length) return;
      try {
        await withFileLock(this.lockFile, async () => {
          await this.catchUp(undefined, true);
          for (const s of due) {
            const seg = this.segs.get(s.name);
            if (seg && this.inlineInFile(seg) > 0) folded += await this.compactSegment(seg);
          }
        });
        if (folded) await this.writeCheckpoint();
      } catch (e: any) {
        this.logger.warn(`Ledger: could not fold old inline completions: ${e?.message ?? e}`);
      }
    });
    return this.writes.then(() => folded);
  }

  private monthEnd(month: number): number {
    const y = Math.floor(month / 100);
    const m = month % 100;
    return this.calendar.dayStart(m === 12 ? (y + 1) * 10_000 + 101 : y * 10_000 + (m + 1) * 100 + 1);
  }

  /** Inline-completion attempts still stored as records in this file. */
  private inlineInFile(seg: Segment): number {
    const all = seg.rollup.total((b) => b.task === 'complete')[F.attempts];
    const base = seg.base ? seg.base.total((b) => b.task === 'complete')[F.attempts] : 0;
    return all - base;
  }

  private async compactSegment(seg: Segment): Promise<number> {
    const file = path.join(this.dir, seg.name);
    const base = new Rollup(this.calendar);
    if (seg.base) base.addAll(seg.base);
    const kept = new Rollup(this.calendar);
    const keptLines: Buffer[] = [];
    let keptBytes = 0;
    let folded = 0;
    const id = newId();
    const tmpParts: Buffer[][] = [];
    const h = await openRead(file);
    try {
      const header = await this.readHeader(h);
      await scanLines(h, header ? header.bytes : 0, seg.read, (buf, start, end) => {
        if (end <= start) return;
        let rec: unknown;
        try {
          rec = JSON.parse(buf.toString('utf8', start, end));
        } catch {
          rec = undefined;
        }
        if (!isLedgerRecord(rec)) return; // damage was set aside when it was first read
        if (rec.task === 'complete') {
          base.add(rec);
          folded++;
          return;
        }
        kept.add(rec);
        const line = Buffer.from(buf.subarray(start, end + 1));
        keptLines.push(
          line[line.length - 1] === 10 ? line : Buffer.concat([line.subarray(0, line.length - 1), Buffer.from('\n')]),
        );
        keptBytes += line.length;
        if (keptBytes > 4 * 1024 * 1024) {
          tmpParts.push(keptLines.splice(0));
          keptBytes = 0;
        }
      });
    } finally {
      await h.close();
    }
    tmpParts.push(keptLines);
    // The new file must hold exactly the sums of the old one.
    const check = new Rollup(this.calendar);
    check.addAll(base);
    check.addAll(kept);
    if (!check.equals(seg.rollup)) {
      this.logger.warn(
        `Ledger: did not compact ${file}: its records do not add up to its rollup (it is folded again at the next load).`,
      );
      this.checkpointDirty = true;
      return 0;
    }
    const head = headerLine(KIND, STORE_VERSION, {
      id,
      period: seg.name.slice(0, 7),
      compacted: this.clock.now(),
      base: base.toRows(),
    });
    let size = 0;
    await replaceFile(file, async (fh) => {
      await fh.write(head);
      size += Buffer.byteLength(head);
      for (const part of tmpParts) {
        if (!part.length) continue;
        const b = Buffer.concat(part);
        await fh.write(b);
        size += b.length;
      }
    });
    const st = await fs.lstat(file);
    seg.id = id;
    seg.ino = st.ino;
    seg.read = size;
    seg.base = base;
    seg.mtimeMs = st.size === size ? st.mtimeMs : undefined;
    this.logger.info(`Ledger: folded ${folded} inline completion record(s) of ${seg.name} into its daily totals.`);
    return folded;
  }

  // ------------------------------------------------------------------------------------------------ reading

  /** The newest records this window holds (at most RECENT_KEEP), oldest first. */
  recent(): readonly LedgerRecord[] {
    return this.recentList;
  }

  last(): LedgerRecord | undefined {
    return this.recentList[this.recentList.length - 1];
  }

  /** O(1): the sums of a period (local day and month), optionally of one task. */
  totals(period: Period, filter?: TotalsFilter): Totals {
    const task = filter?.task;
    if (period === 'session') return toTotals(task ? this.sessionTask.get(task) : this.sessionAcc);
    if (period === 'all') return toTotals(task ? this.allTask.get(task) : this.allAcc);
    const day = this.calendar.dayKey(this.clock.now());
    this.indexMonth(monthOf(day));
    if (period === 'today') return toTotals(task ? this.byDayTask.get(`${day}\t${task}`) : this.byDay.get(day));
    const month = monthOf(day);
    return toTotals(task ? this.byMonthTask.get(`${month}\t${task}`) : this.byMonth.get(month));
  }

  /** The rollups of the whole history (per local day x task x tier x model), records not yet written included. */
  rollups(): Rollup {
    if (!this.globalRollup) {
      const r = new Rollup(this.calendar);
      for (const seg of this.segs.values()) r.addAll(seg.rollup);
      for (const p of this.pending) r.add(p.rec);
      this.globalRollup = r;
    }
    return this.globalRollup;
  }

  /** Raw sums of this session (for views that need more than Totals). */
  sessionSums(): Acc {
    return this.sessionAcc;
  }

  /** Records ever written (attempts), compacted ones included. */
  get recordCount(): number {
    return this.allAcc[F.attempts];
  }

  /**
   * One page of the history, newest first, read backwards from disk from `cursor` (or the newest record), of
   * records that `keep`; stops after `limit` rows or after scanning `maxScanBytes` (then `next` says where to go on).
   */
  async page(
    cursor: PageCursor | undefined,
    limit: number,
    keep?: (r: LedgerRecord) => boolean,
    maxScanBytes = 16 * 1024 * 1024,
  ): Promise<Page> {
    const rows: LedgerRecord[] = [];
    const segs = [...this.segs.values()].sort(newestFirst);
    let i = 0;
    let offset: number | undefined;
    if (cursor) {
      i = segs.findIndex((s) => s.name === cursor.seg);
      if (i < 0) return { rows };
      offset = segs[i].id === cursor.id ? Math.min(cursor.offset, segs[i].read) : undefined;
    } else {
      // Not yet written: the newest of all.
      for (let k = this.pending.length - 1; k >= 0 && rows.length < limit; k--)
        if (!keep || keep(this.pending[k].rec)) rows.push(this.pending[k].rec);
    }
    const at = (k: number, off: number): PageCursor | undefined => {
      if (off > 0) return { seg: segs[k].name, id: segs[k].id, offset: off };
      const n = segs[k + 1];
      return n ? { seg: n.name, id: n.id, offset: n.read } : undefined;
    };
    let scanned = 0;
    for (; i < segs.length; i++, offset = undefined) {
      const seg = segs[i];
      let h: fs.FileHandle;
      try {
        h = await openRead(path.join(this.dir, seg.name));
      } catch {
        continue;
      }
      try {
        let end = offset ?? seg.read;
        let chunk = 256 * 1024;
        while (end > 0) {
          if (rows.length >= limit || scanned >= maxScanBytes) return { rows, next: at(i, end) };
          const from = Math.max(0, end - chunk);
          const buf = await readRange(h, from, end - from);
          scanned += buf.length;
          // The first (partial) line of the chunk is read with the next one.
          const cut = from === 0 ? 0 : buf.indexOf(10) + 1;
          if (cut === 0 && from > 0) {
            if (chunk >= 64 * 1024 * 1024) {
              end = from;
              continue;
            } // damage: no record is that long
            chunk *= 4;
            continue;
          }
          const starts: number[] = [];
          for (let s = cut; s < buf.length;) {
            starts.push(s);
            const nl = buf.indexOf(10, s);
            s = nl < 0 ? buf.length : nl + 1;
          }
          for (let k = starts.length - 1; k >= 0; k--) {
            const a = starts[k];
            let b = k + 1 < starts.length ? starts[k + 1] - 1 : buf.length;
            if (b > a && buf[b - 1] === 10) b--;
            if (b > a && buf[b - 1] === 13) b--;
            if (b <= a) continue;
            let rec: unknown;
            try {
              rec = JSON.parse(buf.toString('utf8', a, b));
            } catch {
              rec = undefined;
            }
            if (isLedgerRecord(rec) && (!keep || keep(rec))) {
              rows.push(rec);
              if (rows.length >= limit) return { rows, next: at(i, from + a) };
            }
          }
          end = from + cut;
        }
      } finally {
        await h.close();
      }
    }
    return { rows };
  }

  /** Every stored record, oldest period first, in batches (the export streams these). */
  async *records(): AsyncGenerator<LedgerRecord[]> {
    await this.writes;
    const segs = [...this.segs.values()].sort((a, b) => -newestFirst(a, b));
    for (const seg of segs) {
      const file = path.join(this.dir, seg.name);
      let h: fs.FileHandle;
      try {
        h = await openRead(file);
      } catch {
        continue;
      }
      try {
        let pos = 0;
        while (pos < seg.read) {
          const batch: LedgerRecord[] = [];
          const to = Math.min(seg.read, pos + 4 * 1024 * 1024);
          const res = await scanLines(h, pos, to, (buf, start, end) => {
            if (end <= start) return;
            let rec: unknown;
            try {
              rec = JSON.parse(buf.toString('utf8', start, end));
            } catch {
              rec = undefined;
            }
            if (isLedgerRecord(rec)) batch.push(rec);
          });
          // A line longer than 4 MiB is not a record: step over it.
          pos = res.end === pos ? to : res.end;
          if (batch.length) yield batch;
        }
      } finally {
        await h.close();
      }
    }
    const unwritten = this.pending.map((p) => p.rec);
    if (unwritten.length) yield unwritten;
  }

  // ------------------------------------------------------------------------------------------------ reset

  /** Empties the ledger (the user confirmed), for every window. */
  async reset(): Promise<void> {
    this.writes = this.writes.then(async () => {
      this.pending = [];
      try {
        await withFileLock(this.lockFile, async () => {
          for (const p of await this.listSegments()) await fs.rm(path.join(this.dir, p.name), { force: true });
          await fs.rm(this.checkpointFile, { force: true });
          await fs.rm(this.legacyFile, { force: true });
        });
      } catch (e: any) {
        this.logger.error(`Ledger: could not reset ${this.dir}: ${e?.message ?? e}`);
      }
      this.resetMemory();
    });
    await this.writes;
    this.emit();
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch (e: any) {
        this.logger.error(`Ledger listener failed: ${e?.message ?? e}`);
      }
    }
  }
}

interface SegmentHeader {
  id: string;
  base?: Rollup;
  bytes: number;
  future?: number;
}

interface CheckpointEntry {
  id: string;
  ino: number;
  read: number;
  rollup: Rollup;
  base?: Rollup;
  mtimeMs?: number;
}

function checksum(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function getAcc<K>(m: Map<K, Acc>, k: K): Acc {
  let a = m.get(k);
  if (!a) m.set(k, (a = newAcc()));
  return a;
}

/** Every task, for callers that list per-task totals. */
export const LEDGER_TASKS: readonly Task[] = TASKS;

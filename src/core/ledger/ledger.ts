// The ledger: one JSON line per request attempt, appended under the editor's global storage so budgets hold across
// workspaces. A crash mid-write can only leave a partial last line; loading sets such lines aside (with one log line)
// and keeps every complete record. Other windows append to the same file; `refresh()` reads what they added.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LEDGER_SCHEMA_VERSION, type LedgerRecord } from '../types';
import type { Clock, Logger } from '../ports';
import { systemClock } from '../ports';
import { parseLedgerLine } from './record';

export const LEDGER_FILE = 'ledger.jsonl';

export interface LedgerLoadReport {
  records: number;
  /** lines that were not valid records (truncated, garbage, future schema), now set aside */
  setAside: number;
  setAsideFile?: string;
}

export interface Totals {
  requests: number;
  costUsd: number;
  baselineCostUsd: number;
  savedUsd: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

export type Period = 'session' | 'today' | 'month' | 'all';

export interface Disposable { dispose(): void }

export function emptyTotals(): Totals {
  return { requests: 0, costUsd: 0, baselineCostUsd: 0, savedUsd: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
}

export function addToTotals(t: Totals, r: LedgerRecord): void {
  t.requests++;
  t.costUsd += r.costUsd;
  t.baselineCostUsd += r.baselineCostUsd;
  t.savedUsd += r.baselineCostUsd - r.costUsd;
  if (r.cacheHit) t.cacheHits++;
  t.inputTokens += r.inputTokens;
  t.outputTokens += r.outputTokens;
  t.cachedInputTokens += r.cachedInputTokens;
}

/** Start of the local day / month that contains `now`. */
export function periodStart(period: Exclude<Period, 'session' | 'all'>, now: number): number {
  const d = new Date(now);
  return period === 'today'
    ? new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
    : new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

export class Ledger {
  readonly file: string;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly sessionStart: number;
  private list: LedgerRecord[] = [];
  private ids = new Set<string>();
  /** bytes of the file already read into memory */
  private offset = 0;
  private partial = '';
  private writes: Promise<void> = Promise.resolve();
  private listeners = new Set<() => void>();
  private writeFailed = false;
  /** lines not yet on disk (the last write failed) */
  private unwritten: string[] = [];

  constructor(opts: { dir: string; logger: Logger; clock?: Clock; sessionStart?: number }) {
    this.file = path.join(opts.dir, LEDGER_FILE);
    this.logger = opts.logger;
    this.clock = opts.clock ?? systemClock;
    this.sessionStart = opts.sessionStart ?? this.clock.now();
  }

  get sessionStartedAt(): number { return this.sessionStart; }

  /** Reads the file; sets aside lines that are not valid records. Never throws for bad content. */
  async load(): Promise<LedgerLoadReport> {
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
    } catch (e: any) {
      this.logger.error(`Ledger: cannot create ${path.dirname(this.file)}: ${e?.message ?? e}. Records are kept in memory for this session.`);
      this.writeFailed = true;
      this.resetMemory();
      return { records: 0, setAside: 0 };
    }
    let text = '';
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e: any) {
      if (e?.code !== 'ENOENT') this.logger.error(`Ledger: cannot read ${this.file}: ${e?.message ?? e}`);
      this.resetMemory();
      return { records: 0, setAside: 0 };
    }
    this.resetMemory();
    const bad: string[] = [];
    const lines = text.split('\n');
    const endsClean = text.endsWith('\n') || text.length === 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!line.trim()) continue;
      const rec = parseLedgerLine(line);
      if (rec && !this.ids.has(rec.id)) this.push(rec);
      else if (!rec) bad.push(line);
    }
    this.offset = Buffer.byteLength(text, 'utf8');
    const report: LedgerLoadReport = { records: this.list.length, setAside: bad.length };
    if (bad.length > 0 || !endsClean) {
      report.setAsideFile = await this.setAside(bad, text);
    }
    return report;
  }

  private resetMemory(): void {
    this.list = [];
    this.ids.clear();
    this.offset = 0;
    this.partial = '';
  }

  /**
   * Moves invalid lines to a side file and rewrites the ledger with the valid records only (temp file + rename, so
   * a crash leaves either the old or the new file). Skipped if another window appended meanwhile; the next load
   * tries again.
   */
  private async setAside(bad: string[], original: string): Promise<string | undefined> {
    const side = path.join(path.dirname(this.file), `ledger.set-aside-${this.clock.now()}.jsonl`);
    try {
      if (bad.length) await fs.writeFile(side, bad.join('\n') + '\n', 'utf8');
      const clean = this.list.map((r) => JSON.stringify(r) + '\n').join('');
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, clean, 'utf8');
      const now = await fs.readFile(this.file, 'utf8');
      if (now !== original) {
        await fs.rm(tmp, { force: true });
        return bad.length ? side : undefined;
      }
      await fs.rename(tmp, this.file);
      this.offset = Buffer.byteLength(clean, 'utf8');
      this.logger.warn(`Ledger: set aside ${bad.length} unreadable line(s) from ${this.file}${bad.length ? ` into ${side}` : ''}; kept ${this.list.length} record(s).`);
      return bad.length ? side : undefined;
    } catch (e: any) {
      this.logger.error(`Ledger: could not set aside unreadable lines: ${e?.message ?? e}`);
      return undefined;
    }
  }

  private push(rec: LedgerRecord): void {
    this.list.push(rec);
    this.ids.add(rec.id);
  }

  /**
   * Records in memory now; written to disk in order. A failing disk is logged once, never thrown, and the records
   * that could not be written are retried with the next write.
   */
  append(rec: LedgerRecord): Promise<void> {
    const full: LedgerRecord = { ...rec, v: LEDGER_SCHEMA_VERSION };
    this.push(full);
    this.emit();
    this.unwritten.push(JSON.stringify(full) + '\n');
    this.writes = this.writes.then(() => this.writePending());
    return this.writes;
  }

  private async writePending(): Promise<void> {
    if (!this.unwritten.length) return;
    try {
      // Read what other windows wrote first; our own lines are read back later and skipped by id, so the offset
      // never has to guess where our write landed.
      await this.catchUp();
      // A torn line (a crash or a write that failed half-way) must not swallow the next record.
      const lead = this.partial ? '\n' : '';
      // Records appended while this write is in flight wait for the next one; only what was written is dropped.
      const n = this.unwritten.length;
      await fs.appendFile(this.file, lead + this.unwritten.slice(0, n).join(''), 'utf8');
      this.unwritten.splice(0, n);
      if (this.writeFailed) this.logger.info(`Ledger: writing to ${this.file} works again.`);
      this.writeFailed = false;
    } catch (e: any) {
      if (!this.writeFailed) this.logger.error(`Ledger: could not write ${this.file}: ${e?.message ?? e}. Records are kept in memory and written when the disk recovers.`);
      this.writeFailed = true;
    }
  }

  /** Waits for pending writes. */
  flush(): Promise<void> { return this.writes; }

  /** Picks up records other windows appended since the last read. */
  refresh(): Promise<void> {
    this.writes = this.writes.then(async () => {
      await this.writePending();
      await this.catchUp(true);
    });
    return this.writes;
  }

  private async catchUp(notify = false): Promise<void> {
    let handle: import('node:fs').promises.FileHandle | undefined;
    try {
      const stat = await fs.stat(this.file).catch(() => undefined);
      if (!stat) return;
      if (stat.size < this.offset) {
        // Rewritten elsewhere (reset or set-aside in another window): read it whole again.
        await this.load();
        if (notify) this.emit();
        return;
      }
      if (stat.size === this.offset) return;
      handle = await fs.open(this.file, 'r');
      const buf = Buffer.alloc(stat.size - this.offset);
      await handle.read(buf, 0, buf.length, this.offset);
      this.offset = stat.size;
      const text = this.partial + buf.toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      let added = 0;
      for (const line of lines) {
        const rec = line.trim() ? parseLedgerLine(line) : undefined;
        if (rec && !this.ids.has(rec.id)) { this.push(rec); added++; }
      }
      if (added) {
        this.list.sort((a, b) => a.ts - b.ts);
        if (notify) this.emit();
      }
    } catch (e: any) {
      this.logger.warn(`Ledger: could not read other windows' records: ${e?.message ?? e}`);
    } finally {
      await handle?.close();
    }
  }

  all(): readonly LedgerRecord[] { return this.list; }

  totals(period: Period, filter?: (r: LedgerRecord) => boolean): Totals {
    const now = this.clock.now();
    const from = period === 'all' ? -Infinity : period === 'session' ? this.sessionStart : periodStart(period, now);
    const t = emptyTotals();
    for (const r of this.list) if (r.ts >= from && (!filter || filter(r))) addToTotals(t, r);
    return t;
  }

  /** Empties the ledger (the user confirmed). */
  async reset(): Promise<void> {
    await this.writes;
    this.resetMemory();
    try {
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, '', 'utf8');
      await fs.rename(tmp, this.file);
    } catch (e: any) {
      this.logger.error(`Ledger: could not reset ${this.file}: ${e?.message ?? e}`);
    }
    this.emit();
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(): void {
    for (const l of this.listeners) {
      try { l(); } catch (e: any) { this.logger.error(`Ledger listener failed: ${e?.message ?? e}`); }
    }
  }
}

// The one aggregation of ledger records: what a request, a cache hit, a saving and a hit rate are, and the sums
// (per local day x task x tier x model) that the status bar, Show Cost Summary, the budget guard, the dashboard,
// its export and the ledger's own rollups are all built from. Nothing else in Frugal counts records.
//
// Definitions:
// - an attempt is one ledger record; a cascade (escalation, fallback) writes one per attempt under one requestId;
// - a request is a requestId, counted on its first attempt (attempt 1): every request has exactly one;
// - a request is cache-eligible when it was answered from the cache or sent to a provider, i.e. not `blocked` (the
//   budget stopped it) and not `cancelled` (the user did); an error still counts: it went to a provider;
// - a cache hit is a cache-eligible request answered from Frugal's response cache (always a first attempt);
// - hit rate = cache hits / cache-eligible requests (null when there is none);
// - a saving is baselineCostUsd - costUsd of every attempt, split into routing, cache and compression;
// - an off-peak saving is its own kind, beside that split: what a batch job deferred to the off-peak rate would
//   have cost more at the peak rate (records' savedOffPeakUsd).
//
// Money is summed as integers of 1e-10 USD, so a total never depends on the order records were added in (a rollup
// built as records arrive equals one rebuilt from the file, exactly); shown figures are rounded to 1e-8 USD.
import { roundUsd } from '../pricing';
import { OUTCOMES, type LedgerRecord, type Outcome, type Task, type Tier } from '../types';
import { cacheHitRate } from '../dashboard/protocol';

export const USD_UNITS = 1e10;
export const toUnits = (usd: number): number => Math.round(usd * USD_UNITS);
export const fromUnits = (u: number): number => u / USD_UNITS;

/** Slots of an accumulator (a Float64Array; every slot holds an integer, exact up to 2^53). */
export const F = {
  attempts: 0,
  requests: 1,
  eligible: 2,
  hits: 3,
  escalations: 4,
  estimated: 5,
  cost: 6,
  baseline: 7,
  savedRouting: 8,
  savedCache: 9,
  savedCompression: 10,
  hostCost: 11,
  hostCostRecords: 12,
  input: 13,
  output: 14,
  cachedInput: 15,
  reasoning: 16,
  compressionTokens: 17,
  latency: 18,
  /** OUTCOMES.length slots follow, in OUTCOMES order */
  outcomes: 19,
  /** after the outcome slots */
  savedOffPeak: 19 + OUTCOMES.length,
} as const;
export const ACC_SIZE = F.savedOffPeak + 1;
const OUTCOME_SLOT = new Map<string, number>(OUTCOMES.map((o, i) => [o, F.outcomes + i]));

export type Acc = Float64Array;
export const newAcc = (): Acc => new Float64Array(ACC_SIZE);

export const isRequest = (r: Pick<LedgerRecord, 'attempt'>): boolean => r.attempt <= 1;
export const isCacheEligible = (r: Pick<LedgerRecord, 'attempt' | 'outcome'>): boolean =>
  isRequest(r) && r.outcome !== 'blocked' && r.outcome !== 'cancelled';
export const isCacheHit = (r: Pick<LedgerRecord, 'attempt' | 'outcome' | 'cacheHit'>): boolean =>
  isCacheEligible(r) && r.cacheHit;
export const savingUsd = (r: Pick<LedgerRecord, 'baselineCostUsd' | 'costUsd'>): number =>
  r.baselineCostUsd - r.costUsd;
/** Share of cache-eligible requests answered from the cache; null when there were none. */
export const hitRate = cacheHitRate;
/** The hit rate as a whole percentage for text (0 when there were no eligible requests). */
export function hitRatePercent(t: Pick<Totals, 'cacheHits' | 'cacheEligible'>): number {
  const r = hitRate(t);
  return r === null ? 0 : Math.round(r * 100);
}

/** Adds one record to an accumulator. */
export function addRecord(a: Acc, r: LedgerRecord): void {
  a[F.attempts]++;
  if (isRequest(r)) a[F.requests]++;
  else a[F.escalations]++;
  if (isCacheEligible(r)) {
    a[F.eligible]++;
    if (r.cacheHit) a[F.hits]++;
  }
  if (r.estimated) a[F.estimated]++;
  a[F.cost] += toUnits(r.costUsd);
  a[F.baseline] += toUnits(r.baselineCostUsd);
  a[F.savedRouting] += toUnits(r.savedRoutingUsd);
  a[F.savedCache] += toUnits(r.savedCacheUsd);
  a[F.savedCompression] += toUnits(r.savedCompressionUsd);
  a[F.savedOffPeak] += toUnits(r.savedOffPeakUsd ?? 0);
  if (typeof r.hostCostUsd === 'number') {
    a[F.hostCost] += toUnits(r.hostCostUsd);
    a[F.hostCostRecords]++;
  }
  a[F.input] += r.inputTokens;
  a[F.output] += r.outputTokens;
  a[F.cachedInput] += r.cachedInputTokens;
  a[F.reasoning] += r.reasoningTokens;
  a[F.compressionTokens] += r.tokensSavedByCompression;
  a[F.latency] += Math.round(r.latencyMs);
  const slot = OUTCOME_SLOT.get(r.outcome);
  if (slot !== undefined) a[slot]++;
}

/** dst += sign * src */
export function addAcc(dst: Acc, src: ArrayLike<number>, sign = 1): void {
  for (let i = 0; i < ACC_SIZE; i++) dst[i] += sign * (src[i] ?? 0);
}

export const isEmptyAcc = (a: Acc): boolean => a[F.attempts] === 0 && a.every((x) => x === 0);

export function outcomeCount(a: Acc, o: Outcome): number {
  return a[OUTCOME_SLOT.get(o)!];
}

/** Sums over the records of one period as every view shows them. Money in USD, rounded to 1e-8. */
export interface Totals {
  /** requests (requestIds, counted on their first attempt) */
  requests: number;
  /** every ledger record, cascade attempts and fallbacks included */
  attempts: number;
  costUsd: number;
  /** what the same work would have cost on the baseline model, uncompressed */
  baselineCostUsd: number;
  /** baselineCostUsd - costUsd */
  savedUsd: number;
  savedRoutingUsd: number;
  savedCacheUsd: number;
  savedCompressionUsd: number;
  /** what batch jobs run at the off-peak rate saved against the peak rate (not part of savedUsd's split) */
  savedOffPeakUsd: number;
  /** requests answered from Frugal's response cache */
  cacheHits: number;
  /** requests that were either answered from the cache or sent to a provider (blocked and cancelled ones left out) */
  cacheEligible: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

export function toTotals(a: ArrayLike<number> | undefined): Totals {
  if (!a) return emptyTotals();
  const cost = a[F.cost];
  const baseline = a[F.baseline];
  return {
    requests: a[F.requests],
    attempts: a[F.attempts],
    costUsd: roundUsd(fromUnits(cost)),
    baselineCostUsd: roundUsd(fromUnits(baseline)),
    savedUsd: roundUsd(fromUnits(baseline - cost)),
    savedRoutingUsd: roundUsd(fromUnits(a[F.savedRouting])),
    savedCacheUsd: roundUsd(fromUnits(a[F.savedCache])),
    savedCompressionUsd: roundUsd(fromUnits(a[F.savedCompression])),
    savedOffPeakUsd: roundUsd(fromUnits(a[F.savedOffPeak])),
    cacheHits: a[F.hits],
    cacheEligible: a[F.eligible],
    inputTokens: a[F.input],
    outputTokens: a[F.output],
    cachedInputTokens: a[F.cachedInput],
  };
}

export function emptyTotals(): Totals {
  return {
    requests: 0,
    attempts: 0,
    costUsd: 0,
    baselineCostUsd: 0,
    savedUsd: 0,
    savedRoutingUsd: 0,
    savedCacheUsd: 0,
    savedCompressionUsd: 0,
    savedOffPeakUsd: 0,
    cacheHits: 0,
    cacheEligible: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
  };
}

/** Totals of a list of records (tests, exports, and small in-memory sets). */
export function totalsOf(records: Iterable<LedgerRecord>, keep?: (r: LedgerRecord) => boolean): Totals {
  const a = newAcc();
  for (const r of records) if (!keep || keep(r)) addRecord(a, r);
  return toTotals(a);
}

// ------------------------------------------------------------------------------------------------ calendar

/** A local calendar day as yyyymmdd (20261115) and month as yyyymm. */
export interface Calendar {
  dayKey(ts: number): number;
  /** epoch ms of the start of the day with this key */
  dayStart(day: number): number;
}

const ymd = (y: number, m0: number, d: number): number => y * 10_000 + (m0 + 1) * 100 + d;
export const monthOf = (day: number): number => Math.floor(day / 100);

/** The machine's own time zone, daylight-saving changes included. */
export const localCalendar: Calendar = {
  dayKey(ts) {
    const d = new Date(ts);
    return ymd(d.getFullYear(), d.getMonth(), d.getDate());
  },
  dayStart(day) {
    return new Date(Math.floor(day / 10_000), (Math.floor(day / 100) % 100) - 1, day % 100).getTime();
  },
};

/** A fixed offset from UTC in minutes, east positive (UTC+2 is 120). */
export function fixedOffsetCalendar(offsetMinutes: number): Calendar {
  const off = offsetMinutes * 60_000;
  return {
    dayKey(ts) {
      const d = new Date(ts + off);
      return ymd(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    },
    dayStart(day) {
      return Date.UTC(Math.floor(day / 10_000), (Math.floor(day / 100) % 100) - 1, day % 100) - off;
    },
  };
}

// ------------------------------------------------------------------------------------------------ rollups

/** The sums of one local day x task x tier x model. */
export interface Bucket {
  day: number;
  task: Task;
  tier: Tier;
  model: string;
  acc: Acc;
}

const bucketKey = (day: number, task: string, tier: string, model: string): string =>
  `${day}\t${task}\t${tier}\t${model}`;

/** Stored form of a bucket: [day, task, tier, model, ...slots]. */
export type BucketRow = [number, string, string, string, ...number[]];

/** Rollups: buckets by day x task x tier x model. Adding and subtracting are exact (integer slots). */
export class Rollup {
  readonly buckets = new Map<string, Bucket>();

  constructor(readonly calendar: Calendar = localCalendar) {}

  bucket(day: number, task: Task, tier: Tier, model: string): Bucket {
    const k = bucketKey(day, task, tier, model);
    let b = this.buckets.get(k);
    if (!b) {
      b = { day, task, tier, model, acc: newAcc() };
      this.buckets.set(k, b);
    }
    return b;
  }

  /** Adds a record; returns the bucket it went to. */
  add(r: LedgerRecord): Bucket {
    const b = this.bucket(this.calendar.dayKey(r.ts), r.task, r.tier, r.model);
    addRecord(b.acc, r);
    return b;
  }

  addAll(other: Rollup, sign = 1): void {
    for (const b of other.buckets.values()) {
      const mine = this.bucket(b.day, b.task, b.tier, b.model);
      addAcc(mine.acc, b.acc, sign);
      if (sign < 0 && mine.acc[F.attempts] === 0 && isEmptyAcc(mine.acc))
        this.buckets.delete(bucketKey(b.day, b.task, b.tier, b.model));
    }
  }

  total(keep?: (b: Bucket) => boolean): Acc {
    const a = newAcc();
    for (const b of this.buckets.values()) if (!keep || keep(b)) addAcc(a, b.acc);
    return a;
  }

  toRows(): BucketRow[] {
    const out: BucketRow[] = [];
    for (const b of this.buckets.values()) out.push([b.day, b.task, b.tier, b.model, ...Array.from(b.acc)]);
    return out;
  }

  /** Reads stored rows; undefined when they are not well formed (the caller rebuilds from the records). */
  static fromRows(rows: unknown, calendar: Calendar = localCalendar): Rollup | undefined {
    if (!Array.isArray(rows)) return undefined;
    const r = new Rollup(calendar);
    for (const row of rows) {
      if (!Array.isArray(row) || row.length !== 4 + ACC_SIZE) return undefined;
      const [day, task, tier, model] = row;
      if (!Number.isInteger(day) || typeof task !== 'string' || typeof tier !== 'string' || typeof model !== 'string')
        return undefined;
      const b = r.bucket(day, task as Task, tier as Tier, model);
      for (let i = 0; i < ACC_SIZE; i++) {
        const x = row[4 + i];
        if (typeof x !== 'number' || !Number.isFinite(x)) return undefined;
        b.acc[i] += x;
      }
    }
    return r;
  }

  equals(other: Rollup): boolean {
    const keys = new Set([...this.buckets.keys(), ...other.buckets.keys()]);
    for (const k of keys) {
      const a = this.buckets.get(k)?.acc ?? newAcc();
      const b = other.buckets.get(k)?.acc ?? newAcc();
      for (let i = 0; i < ACC_SIZE; i++) if (a[i] !== b[i]) return false;
    }
    return true;
  }
}

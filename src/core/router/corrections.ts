// A user's routing corrections: "Regenerate with a Stronger Model" and "This Was Overkill" move future decisions for
// requests like the corrected one (same command, same kind of evidence: classify's signature) by a step on the
// escalation model's logit. Bounded (at most MAX_ENTRIES signatures, least recently corrected dropped first; each
// shift within ±MAX_SHIFT), plain data for the editor to persist (globalState), resettable. Pure: no I/O here.

export type CorrectionKind = 'stronger' | 'overkill';

export interface CorrectionEntry {
  /** classify()'s signature: the command and the kinds of evidence present ("ask|alg|topic:concurrency"). */
  signature: string;
  /** logit added to P(reasoner) for requests with this signature */
  shift: number;
  /** corrections folded into this entry */
  count: number;
  /** epoch ms of the latest correction */
  at: number;
}

export const MAX_ENTRIES = 200;
/** One correction moves P(reasoner) about as far as from 0.5 to 0.82 (or 0.18). */
export const STEP = 1.5;
export const MAX_SHIFT = 4.5;

export class RoutingCorrections {
  private readonly entries = new Map<string, CorrectionEntry>();

  constructor(entries: readonly CorrectionEntry[] = []) {
    for (const e of [...entries].sort((a, b) => a.at - b.at)) this.entries.set(e.signature, { ...e });
    this.trim();
  }

  /**
   * From persisted data of unknown shape: malformed entries are dropped (and counted), never a throw, so a corrupt
   * store costs the user their corrections, not the extension.
   */
  static fromJSON(data: unknown): { corrections: RoutingCorrections; dropped: number } {
    const list = Array.isArray(data) ? data : [];
    const ok: CorrectionEntry[] = [];
    for (const e of list) {
      const x = e as Partial<CorrectionEntry> | null;
      if (
        x &&
        typeof x.signature === 'string' &&
        x.signature.length <= 200 &&
        Number.isFinite(x.shift) &&
        Number.isFinite(x.at) &&
        Number.isInteger(x.count) &&
        (x.count as number) > 0
      ) {
        ok.push({
          signature: x.signature,
          shift: clamp(x.shift as number),
          count: x.count as number,
          at: x.at as number,
        });
      }
    }
    return {
      corrections: new RoutingCorrections(ok),
      dropped: (Array.isArray(data) ? data.length : data === undefined ? 0 : 1) - ok.length,
    };
  }

  /** The logit shift for a signature (0 when the user never corrected requests like it). */
  shiftFor(signature: string): number {
    return this.entries.get(signature)?.shift ?? 0;
  }

  /** Folds one correction in: a stronger model wanted (+STEP) or the reasoner was overkill (-STEP). */
  record(signature: string, kind: CorrectionKind, at: number): CorrectionEntry {
    const prev = this.entries.get(signature);
    const delta = kind === 'stronger' ? STEP : -STEP;
    const next: CorrectionEntry = {
      signature,
      shift: clamp((prev?.shift ?? 0) + delta),
      count: (prev?.count ?? 0) + 1,
      at,
    };
    this.entries.delete(signature);
    this.entries.set(signature, next);
    this.trim();
    return next;
  }

  /** How many corrections have been learned ("12 corrections learned"). */
  count(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.count;
    return n;
  }

  size(): number {
    return this.entries.size;
  }

  reset(): void {
    this.entries.clear();
  }

  toJSON(): CorrectionEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  private trim(): void {
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}

function clamp(x: number): number {
  return Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, x));
}

// The dated price catalog (catalog.json, data not code): which price was in force for a model at a given moment,
// whether that moment fell in a peak window, and what retired aliases now mean. Pure; `at` is epoch milliseconds.
import { z } from 'zod';
import raw from './catalog.json';

const money = z.number().finite().nonnegative();
const when = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO date or time');

const priceRowSchema = z
  .object({
    from: when,
    inputPer1M: money.optional(),
    cachedInputPer1M: money.optional(),
    outputPer1M: money.optional(),
    /** the row's prices are the off-peak ones: a time-of-day rule in force multiplies them in its hours */
    offPeak: z.boolean().optional(),
    /** from this date the model is billed as another model of the same provider */
    sameAs: z.string().optional(),
    cache: z.string().optional(),
    source: z.string().optional(),
  })
  .refine(
    (r) =>
      r.sameAs !== undefined ||
      (r.inputPer1M !== undefined && r.cachedInputPer1M !== undefined && r.outputPer1M !== undefined),
    'a price row needs inputPer1M, cachedInputPer1M and outputPer1M (or sameAs)',
  );

const timeRuleSchema = z.object({
  from: when,
  name: z.string(),
  /** 0 = Sunday ... 6 = Saturday (UTC) */
  weekdays: z.array(z.number().int().min(0).max(6)),
  /** [start, end) hours in UTC */
  utcHours: z.array(z.tuple([z.number().int().min(0).max(24), z.number().int().min(0).max(24)])),
  multiplier: z.number().finite().positive(),
  offPeakDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  source: z.string().optional(),
});

const aliasSchema = z.object({
  to: z.string(),
  thinking: z.enum(['on', 'off']).optional(),
  retired: when,
  /** before retirement, the model it was billed as */
  billedAs: z.string().optional(),
  source: z.string().optional(),
});

const providerSchema = z.object({
  label: z.string(),
  source: z.string(),
  read: z.string(),
  timeOfDay: z.array(timeRuleSchema).optional(),
  models: z.record(z.object({ label: z.string().optional(), prices: z.array(priceRowSchema).min(1) })),
  aliases: z.record(aliasSchema).optional(),
});

export const catalogSchema = z.object({ version: z.literal(1), note: z.string(), providers: z.record(providerSchema) });
export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogProvider = z.infer<typeof providerSchema>;
export type CatalogAlias = z.infer<typeof aliasSchema>;
export type TimeRule = z.infer<typeof timeRuleSchema>;

/** The catalog shipped with this build (validated once; a broken catalog is a build error the tests catch). */
export const CATALOG: Catalog = catalogSchema.parse(raw);

export interface PricePoint {
  /** the catalog model the price belongs to (after aliases and sameAs) */
  model: string;
  inputPer1M: number;
  cachedInputPer1M: number;
  outputPer1M: number;
  /** billed at a time-of-day rule's higher rate */
  peak: boolean;
  /** the multiplier applied (1 off-peak or without a rule) */
  multiplier: number;
  /** when the row took effect */
  from: string;
  source?: string;
}

const ms = (s: string) => Date.parse(s);

/** The catalog model a configured name stands for at `at`, and the alias entry if it was one. */
export function resolveModelName(
  providerId: string,
  name: string,
  at: number,
  catalog: Catalog = CATALOG,
): { name: string; alias?: CatalogAlias } | undefined {
  const p = catalog.providers[providerId];
  if (!p) return undefined;
  if (p.models[name]) return { name };
  const alias = p.aliases?.[name];
  if (!alias) return undefined;
  const target = at < ms(alias.retired) && alias.billedAs ? alias.billedAs : alias.to;
  return p.models[target] ? { name: target, alias } : undefined;
}

/** The alias entry when `name` is retired at `at` (Frugal then sends `alias.to`). */
export function retiredAlias(
  providerId: string,
  name: string,
  at: number,
  catalog: Catalog = CATALOG,
): CatalogAlias | undefined {
  const alias = catalog.providers[providerId]?.aliases?.[name];
  return alias && at >= ms(alias.retired) ? alias : undefined;
}

/** The time-of-day rule in force at `at`, if any. */
export function ruleAt(providerId: string, at: number, catalog: Catalog = CATALOG): TimeRule | undefined {
  const rules = catalog.providers[providerId]?.timeOfDay ?? [];
  let found: TimeRule | undefined;
  for (const r of rules) if (ms(r.from) <= at && (!found || ms(r.from) >= ms(found.from))) found = r;
  return found;
}

/** Whether `at` falls in one of the rule's windows (weekday, hour, not an off-peak date). */
export function inWindow(rule: TimeRule, at: number): boolean {
  const d = new Date(at);
  if (!rule.weekdays.includes(d.getUTCDay())) return false;
  if (rule.offPeakDates.includes(d.toISOString().slice(0, 10))) return false;
  const h = d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600;
  return rule.utcHours.some(([a, b]) => h >= a && h < b);
}

/** The catalog's price for `name` on `providerId` at time `at`, or undefined when the catalog does not list it. */
export function catalogPrice(
  providerId: string,
  name: string,
  at: number,
  catalog: Catalog = CATALOG,
): PricePoint | undefined {
  const resolved = resolveModelName(providerId, name, at, catalog);
  if (!resolved) return undefined;
  const p = catalog.providers[providerId];
  let model = resolved.name;
  for (let depth = 0; depth < 5; depth++) {
    const rows = [...p.models[model].prices].sort((a, b) => ms(a.from) - ms(b.from));
    let row = rows[0];
    for (const r of rows) if (ms(r.from) <= at) row = r;
    if (row.sameAs) {
      if (!p.models[row.sameAs]) return undefined;
      model = row.sameAs;
      continue;
    }
    const rule = row.offPeak ? ruleAt(providerId, at, catalog) : undefined;
    const peak = !!rule && inWindow(rule, at);
    const multiplier = peak ? rule!.multiplier : 1;
    return {
      model,
      from: row.from,
      source: row.source,
      peak,
      multiplier,
      inputPer1M: row.inputPer1M! * multiplier,
      cachedInputPer1M: row.cachedInputPer1M! * multiplier,
      outputPer1M: row.outputPer1M! * multiplier,
    };
  }
  return undefined;
}

/**
 * When the off-peak rate next applies from `at`: `at` itself when it is off-peak already, otherwise the end of the
 * current peak window. Undefined when the provider has no time-of-day prices.
 */
export function nextOffPeak(providerId: string, at: number, catalog: Catalog = CATALOG): number | undefined {
  const rule = ruleAt(providerId, at, catalog);
  if (!rule) return undefined;
  let t = at;
  // Step to the end of each window in turn (windows can abut); a day holds at most a few.
  for (let i = 0; i < 48 && inWindow(rule, t); i++) {
    const d = new Date(t);
    const h = d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600;
    const w = rule.utcHours.find(([a, b]) => h >= a && h < b)!;
    t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), w[1]);
  }
  return t;
}

/** The catalog in force at `at`, flattened for `frugal prices` and the README table. */
export function catalogRows(
  at: number,
  catalog: Catalog = CATALOG,
): {
  provider: string;
  model: string;
  inputPer1M: number;
  cachedInputPer1M: number;
  outputPer1M: number;
  from: string;
  read: string;
  peakMultiplier?: number;
  peakHoursUtc?: string;
  cache?: string;
  source: string;
}[] {
  const out = [];
  for (const [pid, p] of Object.entries(catalog.providers)) {
    for (const name of Object.keys(p.models)) {
      // price at an off-peak moment of the same day so the row shows the base rate
      const base = catalogPrice(pid, name, offPeakMomentNear(pid, at, catalog), catalog);
      if (!base) continue;
      const rows = [...p.models[base.model].prices].sort((a, b) => ms(a.from) - ms(b.from));
      let row = rows[0];
      for (const r of rows) if (ms(r.from) <= at) row = r;
      const rule = row.offPeak ? ruleAt(pid, at, catalog) : undefined;
      out.push({
        provider: pid,
        model: name,
        inputPer1M: base.inputPer1M,
        cachedInputPer1M: base.cachedInputPer1M,
        outputPer1M: base.outputPer1M,
        from: base.from,
        read: p.read,
        ...(rule
          ? {
              peakMultiplier: rule.multiplier,
              peakHoursUtc: `${rule.utcHours.map(([a, b]) => `${String(a).padStart(2, '0')}:00-${String(b).padStart(2, '0')}:00`).join(', ')}`,
            }
          : {}),
        ...(row.cache ? { cache: row.cache } : {}),
        source: row.source ?? p.source,
      });
    }
  }
  return out;
}

function offPeakMomentNear(pid: string, at: number, catalog: Catalog): number {
  return nextOffPeak(pid, at, catalog) ?? at;
}

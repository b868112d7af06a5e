// `frugal price` and `frugal prices` (DESIGN.md's headless contracts). price: one JSON line
// {preset?, model, usage, headers?, at} in, one {costUsd, source, inputUsd, cachedInputUsd, outputUsd, peak, estimated}
// out (or {error}). prices: the catalog in force, one JSON line per provider and model, or a Markdown table.
import { PRESET_IDS, PRESETS, parseConfig, type FrugalConfig, type PresetId } from '../config';
import { readUsage } from '../provider/usage';
import { catalogProviderFor, catalogRows, priceAttempt, resolveModelName, type PricedAttempt } from './index';

export type PriceLine = Pick<
  PricedAttempt,
  'costUsd' | 'source' | 'inputUsd' | 'cachedInputUsd' | 'outputUsd' | 'peak' | 'estimated'
>;

const configs = new Map<string, FrugalConfig>();
function configFor(preset: PresetId, at: number): FrugalConfig {
  // Keyed by day: a config built far from `at` could hold another price row (the bill itself uses `at`).
  const key = `${preset}|${new Date(at).toISOString().slice(0, 10)}`;
  let c = configs.get(key);
  if (!c) configs.set(key, (c = parseConfig({ preset }, at).config));
  return c;
}

/** Header value by case-insensitive name from a plain object or [name, value] pairs. */
function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const entries: [string, unknown][] = Array.isArray(headers)
    ? headers.filter((h) => Array.isArray(h) && h.length === 2)
    : Object.entries(headers);
  for (const [k, v] of entries) {
    if (String(k).toLowerCase() === name)
      return Array.isArray(v) ? String(v[0]) : typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  }
  return undefined;
}

/** Prices one request. Throws an Error with a readable message on bad input. */
export function priceRequest(input: unknown): PriceLine {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new Error('expected an object {preset?, model, usage, headers?, at}');
  const o = input as Record<string, unknown>;
  const preset = (o.preset ?? 'aggregator') as PresetId;
  if (!PRESET_IDS.includes(preset))
    throw new Error(`unknown preset ${JSON.stringify(o.preset)} (one of ${PRESET_IDS.join(', ')})`);
  if (typeof o.model !== 'string' || !o.model) throw new Error('"model" must be a model id or provider-side name');
  let at = Date.now();
  if (o.at !== undefined) {
    at = typeof o.at === 'string' || typeof o.at === 'number' ? new Date(o.at).getTime() : NaN;
    if (!Number.isFinite(at)) throw new Error(`"at" must be an ISO time (got ${JSON.stringify(o.at)})`);
  }
  const config = configFor(preset, at);
  const model = config.models[o.model] ?? Object.values(config.models).find((m) => m.name === o.model);
  const catalogProvider = model ? catalogProviderFor(config, model) : preset === 'custom' ? undefined : preset;
  const name = model?.name ?? o.model;
  if (!model && !(catalogProvider && resolveModelName(catalogProvider, name, at))) {
    throw new Error(`unknown model "${o.model}" for preset ${preset} (see \`frugal prices\`)`);
  }
  const read = readUsage(o.usage, header(o.headers, 'x-litellm-response-cost'));
  const usage = read?.usage ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };
  const estimated = !read || read.missingInput || read.missingOutput || read.problems.length > 0;
  const p = priceAttempt({
    catalogProvider,
    model: model ?? { name, inputPer1M: 0, cachedInputPer1M: 0, outputPer1M: 0 },
    usage,
    at,
    hostCostUsd: usage.hostCostUsd,
    estimated,
  });
  return {
    costUsd: p.costUsd,
    source: p.source,
    inputUsd: p.inputUsd,
    cachedInputUsd: p.cachedInputUsd,
    outputUsd: p.outputUsd,
    peak: p.peak,
    estimated: p.estimated,
  };
}

/** One input line to one output line; never throws. */
export function priceJsonLine(line: string): string {
  try {
    return JSON.stringify(priceRequest(JSON.parse(line)));
  } catch (e) {
    return JSON.stringify({
      error: e instanceof SyntaxError ? `not JSON: ${e.message}` : e instanceof Error ? e.message : String(e),
    });
  }
}

/** `frugal prices`: the catalog in force at `at` as JSON lines, or (markdown) the README's table per preset. */
export function pricesText(at: number, markdown = false): string {
  const rows = catalogRows(at);
  if (!markdown) return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const fmt = (n: number) => `$${Number(n.toPrecision(6))}`;
  const lines = [
    '| preset | tier | model | cache miss in | cache hit in | out | time of day | price since | read |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const preset of Object.keys(PRESETS) as (keyof typeof PRESETS)[]) {
    const config = parseConfig({ preset }, at).config;
    for (const tier of ['cheap', 'coder', 'reasoner'] as const) {
      const m = config.models[config.tiers[tier]];
      const r = rows.find((x) => x.provider === preset && x.model === m.name);
      if (!r) continue;
      const tod = r.peakMultiplier ? `${r.peakMultiplier}x ${r.peakHoursUtc} UTC weekdays` : 'flat';
      lines.push(
        `| ${preset} | ${tier} | \`${m.name}\`${m.thinking === 'on' ? ' (thinking)' : m.thinking === 'off' ? ' (no thinking)' : ''} | ${fmt(r.inputPer1M)} | ${fmt(r.cachedInputPer1M)}${r.cache && r.inputPer1M > 0 ? '*' : ''} | ${fmt(r.outputPer1M)} | ${tod} | ${r.from.slice(0, 10)} | ${r.read} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

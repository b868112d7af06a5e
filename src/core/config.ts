// Frugal's settings: zod schemas, defaults (DESIGN.md's table), presets, and validation that names the
// offending setting and falls back to the default for it. Pure: the editor side hands in raw values.
import { z } from 'zod';
import { TASKS, TIERS, type Task, type Tier } from './types';
import { catalogPrice, nextOffPeak, retiredAlias } from './pricing/catalog';

export const PRESET_IDS = ['aggregator', 'deepseek', 'openrouter', 'ollama', 'litellm', 'custom'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/** How a host is told to turn a model's thinking on or off. */
export const THINKING_STYLES = ['deepseek', 'qwen', 'vllm', 'openrouter', 'prompt', 'none'] as const;
export type ThinkingStyle = (typeof THINKING_STYLES)[number];

const money = z.number({ invalid_type_error: 'must be a number' }).finite().nonnegative('must not be negative');

/** An http(s) URL: `z.string().url()` alone takes "localhost:11434/v1" (scheme "localhost:") and ftp: or file:. */
const httpUrl = z
  .string()
  .url('must be a URL such as https://api.example.com/v1')
  .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://');

export const providerSchema = z.object({
  baseUrl: httpUrl,
  /** Base URL of the FIM completions endpoint when it differs (DeepSeek serves FIM under /beta). */
  fimBaseUrl: httpUrl.optional(),
  /** ask the host to put the request's cost in usage (OpenRouter: `usage: {include: true}`) */
  includeUsageCost: z.boolean().optional(),
  /** a gateway in front of the models whose metadata, headers and budgets Frugal understands */
  gateway: z.enum(['litellm']).optional(),
});
export type ProviderConfig = z.infer<typeof providerSchema> & { id: string };

export const modelSchema = z.object({
  provider: z.string().min(1),
  /** Provider-side model name. */
  name: z.string().min(1),
  tier: z.enum(TIERS).optional(),
  inputPer1M: money,
  outputPer1M: money,
  /** Price of input tokens served from the provider's prompt cache; defaults to inputPer1M. */
  cachedInputPer1M: money.optional(),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  fim: z.boolean(),
  thinking: z.enum(['off', 'on', 'default']),
  thinkingStyle: z.enum(THINKING_STYLES),
});
export type ModelSpec = z.infer<typeof modelSchema>;
export type ModelConfig = ModelSpec & {
  id: string;
  cachedInputPer1M: number;
  /** the user set a price for this model in frugal.models: it overrides the catalog */
  priceFromSettings?: boolean;
};

export interface BudgetConfig {
  /** 0 means no limit */
  dailyUsd: number;
  monthlyUsd: number;
  onExceed: 'block' | 'downgrade';
  warnPercent: number;
}

export interface CacheConfig {
  enabled: boolean;
  ttlDays: number;
  maxEntries: number;
  maxMegabytes: number;
}

export interface InlineConfig {
  enabled: boolean;
  debounceMs: number;
  dailyBudgetUsd: number;
  /** languageIds, or ['*'] for all */
  languages: string[];
  maxTokens: number;
}

export interface FrugalConfig {
  preset: PresetId;
  defaultProvider: string;
  providers: Record<string, ProviderConfig>;
  models: Record<string, ModelConfig>;
  tiers: Record<Tier, string>;
  taskModels: Partial<Record<Task, string>>;
  /** how readily the router escalates to the reasoner: thrifty raises the bar, careful lowers it */
  router: {
    lean: 'thrifty' | 'balanced' | 'careful';
    /** the user's learned routing corrections (attached by the editor; never a setting) */
    corrections?: { shiftFor(signature: string): number };
  };
  baselineModel: string;
  budget: BudgetConfig;
  cascadeEnabled: boolean;
  cache: CacheConfig;
  compression: { maxInputTokens: number };
  /** follow-up questions: history past maxHistoryTokens is condensed by the cheap tier */
  conversation: { maxHistoryTokens: number };
  inline: InlineConfig;
  /** timeoutSeconds: silence; totalDeadlineSeconds: one attempt (its retries included); maxWaitSeconds: the whole request (every retry and tier) */
  request: { timeoutSeconds: number; maxRetries: number; totalDeadlineSeconds: number; maxWaitSeconds: number };
  /** a LiteLLM (or other) gateway: what Frugal tells it */
  gateway: { sendWorkspaceName: boolean };
  /** OpenTelemetry export (off by default); the headers live in SecretStorage */
  telemetry: { otlp: { enabled: boolean; endpoint: string } };
  /** inline-completion records older than this (whole months) are folded into exact daily totals; 0 = never */
  ledger: { inlineRetentionDays: number };
}

export interface ConfigError {
  /** Full setting id, e.g. `frugal.budget.dailyUsd`. */
  setting: string;
  message: string;
}

const P = 'default';
const m = (name: string, tier: Tier | undefined, price: number, extra: Partial<ModelSpec> = {}): ModelSpec => ({
  provider: P,
  name,
  tier,
  inputPer1M: price,
  outputPer1M: price,
  cachedInputPer1M: price,
  contextWindow: 65536,
  maxOutputTokens: 8192,
  fim: false,
  thinking: 'default',
  thinkingStyle: 'none',
  ...extra,
});

/**
 * Built-in models, priced per DESIGN.md: one figure per model, used for input, output and cached input alike
 * until the user sets them apart (`frugal.models`).
 */
export const DEFAULT_MODELS: Record<string, ModelSpec> = {
  'Qwen/Qwen3-8B': m('Qwen/Qwen3-8B', 'cheap', 0.01, { contextWindow: 32768, thinking: 'off', thinkingStyle: 'qwen' }),
  'deepseek-coder': m('deepseek-coder', 'coder', 0.25, { fim: true }),
  'deepseek-reasoner': m('deepseek-reasoner', 'reasoner', 2.5, { maxOutputTokens: 32768, thinking: 'on' }),
  'deepseek-v4-flash': m('deepseek-v4-flash', undefined, 0.25, { thinking: 'off', thinkingStyle: 'deepseek' }),
  'Qwen/Qwen3-32B': m('Qwen/Qwen3-32B', undefined, 0.28, {
    contextWindow: 32768,
    thinking: 'off',
    thinkingStyle: 'qwen',
  }),
  'Qwen-MT-Turbo': m('Qwen-MT-Turbo', undefined, 0.3, { contextWindow: 8192 }),
  'gpt-4o-mini': m('gpt-4o-mini', undefined, 0.6, { contextWindow: 128000, maxOutputTokens: 16384 }),
  'gpt-4o': m('gpt-4o', undefined, 10.0, { contextWindow: 128000, maxOutputTokens: 16384 }),
};

export const DEFAULT_TIERS: Record<Tier, string> = {
  cheap: 'Qwen/Qwen3-8B',
  coder: 'deepseek-coder',
  reasoner: 'deepseek-reasoner',
};

interface Preset {
  baseUrl: string;
  fimBaseUrl?: string;
  /** ask the host for the request's cost in usage (OpenRouter) */
  includeUsageCost?: boolean;
  gateway?: 'litellm';
  /** Models the preset adds or reshapes (merged over DEFAULT_MODELS). Prices come from the catalog (catalog.json). */
  models: Record<string, Partial<ModelSpec>>;
  tiers: Record<Tier, string>;
  label: string;
}

export const PRESETS: Record<Exclude<PresetId, 'custom'>, Preset> = {
  aggregator: {
    label: 'Aggregator (global-apis.com): all three default models under one key',
    baseUrl: 'https://global-apis.com/v1',
    models: {},
    tiers: DEFAULT_TIERS,
  },
  deepseek: {
    label:
      "DeepSeek's own API: deepseek-flash (thinking off) for cheap and coder, deepseek-v4-pro thinking for the reasoner, FIM at /beta",
    baseUrl: 'https://api.deepseek.com',
    fimBaseUrl: 'https://api.deepseek.com/beta',
    // V4 models think by default: the cheap and coder tiers switch it off explicitly (FIM only works with it off).
    models: {
      'deepseek-flash': m('deepseek-flash', 'cheap', 0, {
        contextWindow: 1_000_000,
        maxOutputTokens: 8192,
        fim: true,
        thinking: 'off',
        thinkingStyle: 'deepseek',
      }),
      'deepseek-v4-pro': m('deepseek-v4-pro', 'reasoner', 0, {
        contextWindow: 1_000_000,
        maxOutputTokens: 32768,
        thinking: 'on',
        thinkingStyle: 'deepseek',
      }),
      // Frugal's own ids of the seed, kept so settings naming them still work: DeepSeek retired these names.
      'deepseek-v4-flash': {
        name: 'deepseek-flash',
        tier: undefined,
        contextWindow: 1_000_000,
        fim: true,
        thinking: 'off',
        thinkingStyle: 'deepseek',
      },
      'deepseek-coder': {
        name: 'deepseek-flash',
        tier: undefined,
        contextWindow: 1_000_000,
        thinking: 'off',
        thinkingStyle: 'deepseek',
        fim: true,
      },
      'deepseek-reasoner': {
        name: 'deepseek-v4-pro',
        tier: undefined,
        contextWindow: 1_000_000,
        thinking: 'on',
        thinkingStyle: 'deepseek',
      },
    },
    tiers: { cheap: 'deepseek-flash', coder: 'deepseek-flash', reasoner: 'deepseek-v4-pro' },
  },
  openrouter: {
    label:
      'OpenRouter: Qwen3-8B for cheap, DeepSeek V4 Flash for coder and reasoner (thinking on); host cost from usage.cost',
    baseUrl: 'https://openrouter.ai/api/v1',
    includeUsageCost: true,
    models: {
      'qwen/qwen3-8b': m('qwen/qwen3-8b', 'cheap', 0, {
        contextWindow: 32768,
        thinking: 'off',
        thinkingStyle: 'openrouter',
      }),
      'deepseek/deepseek-v4-flash': m('deepseek/deepseek-v4-flash', 'coder', 0, {
        contextWindow: 1_000_000,
        thinking: 'off',
        thinkingStyle: 'openrouter',
      }),
      'deepseek/deepseek-v4-flash:thinking': m('deepseek/deepseek-v4-flash', 'reasoner', 0, {
        contextWindow: 1_000_000,
        maxOutputTokens: 32768,
        thinking: 'on',
        thinkingStyle: 'openrouter',
      }),
    },
    tiers: {
      cheap: 'qwen/qwen3-8b',
      coder: 'deepseek/deepseek-v4-flash',
      reasoner: 'deepseek/deepseek-v4-flash:thinking',
    },
  },
  ollama: {
    label: 'Local Ollama (qwen3:8b, free)',
    baseUrl: 'http://127.0.0.1:11434/v1',
    models: {
      'qwen3:8b': m('qwen3:8b', 'cheap', 0, { contextWindow: 32768, thinking: 'off', thinkingStyle: 'prompt' }),
      'qwen3:8b-think': m('qwen3:8b', 'reasoner', 0, { contextWindow: 32768, thinking: 'on', thinkingStyle: 'prompt' }),
    },
    tiers: { cheap: 'qwen3:8b', coder: 'qwen3:8b', reasoner: 'qwen3:8b-think' },
  },
  litellm: {
    label:
      "A LiteLLM proxy (your team's gateway): set frugal.baseUrl, the virtual key with Set API Key, and the proxy's model names in frugal.tiers",
    // LiteLLM's own default port; the proxy's model names (model_name in its config.yaml) go in frugal.tiers.
    baseUrl: 'http://127.0.0.1:4000/v1',
    gateway: 'litellm',
    models: {
      'frugal-cheap': m('frugal-cheap', 'cheap', 0, { contextWindow: 32768 }),
      'frugal-coder': m('frugal-coder', 'coder', 0),
      'frugal-reasoner': m('frugal-reasoner', 'reasoner', 0, { maxOutputTokens: 32768 }),
    },
    tiers: { cheap: 'frugal-cheap', coder: 'frugal-coder', reasoner: 'frugal-reasoner' },
  },
};

export const DEFAULT_BUDGET: BudgetConfig = { dailyUsd: 0, monthlyUsd: 0, onExceed: 'block', warnPercent: 80 };
export const DEFAULT_CACHE: CacheConfig = { enabled: true, ttlDays: 7, maxEntries: 5000, maxMegabytes: 50 };
export const DEFAULT_INLINE: InlineConfig = {
  enabled: true,
  debounceMs: 350,
  dailyBudgetUsd: 0.5,
  languages: ['*'],
  maxTokens: 128,
};

/**
 * Each setting: its id under `frugal.`, schema, default. Validated one by one, so one bad value never takes the
 * others down with it.
 */
const SETTINGS = {
  preset: { schema: z.enum(PRESET_IDS), def: 'aggregator' as PresetId },
  baseUrl: { schema: z.union([z.literal(''), httpUrl]), def: '' },
  providers: { schema: z.record(providerSchema), def: {} as Record<string, z.infer<typeof providerSchema>> },
  models: { schema: z.record(modelSchema.partial()), def: {} as Record<string, Partial<ModelSpec>> },
  tiers: {
    schema: z
      .object({ cheap: z.string().min(1), coder: z.string().min(1), reasoner: z.string().min(1) })
      .partial()
      .strict(),
    def: {} as Partial<Record<Tier, string>>,
  },
  taskModels: { schema: z.record(z.enum(TASKS), z.string().min(1)), def: {} as Partial<Record<Task, string>> },
  'router.lean': {
    schema: z.enum(['thrifty', 'balanced', 'careful']),
    def: 'balanced' as 'thrifty' | 'balanced' | 'careful',
  },
  baselineModel: { schema: z.string().min(1), def: 'gpt-4o' },
  'budget.dailyUsd': { schema: money, def: 0 },
  'budget.monthlyUsd': { schema: money, def: 0 },
  'budget.onExceed': { schema: z.enum(['block', 'downgrade']), def: 'block' as 'block' | 'downgrade' },
  'budget.warnPercent': { schema: z.number().min(1).max(100), def: 80 },
  'cascade.enabled': { schema: z.boolean(), def: true },
  'cache.enabled': { schema: z.boolean(), def: true },
  'cache.ttlDays': { schema: z.number().positive('must be more than 0'), def: 7 },
  'cache.maxEntries': { schema: z.number().int().positive(), def: 5000 },
  'cache.maxMegabytes': { schema: z.number().positive(), def: 50 },
  'compression.maxInputTokens': { schema: z.number().int().min(256, 'must be at least 256'), def: 16000 },
  'conversation.maxHistoryTokens': {
    schema: z.number().int().min(500, 'must be at least 500').max(200_000),
    def: 6000,
  },
  'inline.enabled': { schema: z.boolean(), def: true },
  'inline.debounceMs': { schema: z.number().int().min(0).max(5000), def: 350 },
  'inline.dailyBudgetUsd': { schema: money, def: 0.5 },
  'inline.languages': { schema: z.array(z.string().min(1)), def: ['*'] as string[] },
  'inline.maxTokens': { schema: z.number().int().min(1).max(4096), def: 128 },
  'request.timeoutSeconds': { schema: z.number().positive().max(3600), def: 60 },
  'request.maxRetries': { schema: z.number().int().min(0).max(10), def: 2 },
  'request.totalDeadlineSeconds': { schema: z.number().positive().max(3600), def: 180 },
  'request.maxWaitSeconds': { schema: z.number().positive().max(7200), def: 300 },
  'gateway.sendWorkspaceName': { schema: z.boolean(), def: false },
  'telemetry.otlp.enabled': { schema: z.boolean(), def: false },
  'telemetry.otlp.endpoint': { schema: httpUrl, def: 'http://127.0.0.1:4318' },
  'ledger.inlineRetentionDays': { schema: z.number().int().min(0).max(36500), def: 90 },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/**
 * The bad value as the message shows it. Strings are cut short and anything that looks like a key is withheld:
 * people paste API keys into the wrong box, and this message is logged and shown.
 */
function shown(value: unknown): string {
  if (typeof value === 'string') {
    if (
      /\b(sk|pk|rk|key|api|tok|ghp|gho|xox[abp]|AKIA)[-_]?[A-Za-z0-9_-]{12,}/i.test(value) ||
      /^[A-Za-z0-9_\-+/=.]{32,}$/.test(value)
    )
      return 'a value that looks like a secret, not shown';
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Raw values as read from the editor, keyed by setting id without the `frugal.` prefix; undefined = not set. */
export type RawSettings = Partial<Record<SettingKey, unknown>>;

/**
 * Validates raw settings and builds the effective configuration. Never throws: every invalid setting yields one
 * ConfigError naming it, and its default is used instead.
 */
export function parseConfig(
  raw: RawSettings,
  now: number = Date.now(),
): { config: FrugalConfig; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const v = {} as { [K in SettingKey]: (typeof SETTINGS)[K]['def'] };
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    const value = raw[key];
    if (value === undefined || value === null) {
      (v as any)[key] = spec.def;
      continue;
    }
    const parsed = (spec.schema as z.ZodTypeAny).safeParse(value);
    if (parsed.success) (v as any)[key] = parsed.data;
    else {
      errors.push({
        setting: `frugal.${key}`,
        message: `${describe(parsed.error)} (got ${shown(value)}); using the default`,
      });
      (v as any)[key] = spec.def;
    }
  }

  const preset = v.preset === 'custom' ? undefined : PRESETS[v.preset];
  const providers: Record<string, ProviderConfig> = {
    [P]: {
      id: P,
      baseUrl: v.baseUrl || preset?.baseUrl || PRESETS.aggregator.baseUrl,
      fimBaseUrl: v.baseUrl ? undefined : preset?.fimBaseUrl,
      ...(preset?.includeUsageCost ? { includeUsageCost: true } : {}),
      ...(preset?.gateway ? { gateway: preset.gateway } : {}),
    },
  };
  if (v.preset === 'custom' && !v.baseUrl) {
    errors.push({
      setting: 'frugal.baseUrl',
      message: 'the "custom" preset needs a base URL; using the aggregator endpoint',
    });
  }
  for (const [id, p] of Object.entries(v.providers)) providers[id] = { id, ...p };

  const specs: Record<string, ModelSpec> = { ...DEFAULT_MODELS };
  for (const [id, over] of Object.entries(preset?.models ?? {}))
    specs[id] = { ...(specs[id] ?? DEFAULT_MODELS['deepseek-coder']), ...over } as ModelSpec;
  const pricedInSettings = new Set<string>();
  for (const [id, over] of Object.entries(v.models)) {
    const base = specs[id];
    const merged = {
      ...(base ?? {
        provider: P,
        name: id,
        contextWindow: 32768,
        maxOutputTokens: 4096,
        fim: false,
        thinking: 'default',
        thinkingStyle: 'none',
      }),
      ...over,
    };
    const parsed = modelSchema.safeParse(merged);
    if (!parsed.success) {
      errors.push({
        setting: 'frugal.models',
        message: `model "${id}": ${describe(parsed.error)}; ${base ? 'using its defaults' : 'ignored'}`,
      });
      continue;
    }
    if (!providers[parsed.data.provider]) {
      errors.push({
        setting: 'frugal.models',
        message: `model "${id}": unknown provider "${parsed.data.provider}" (add it under frugal.providers); ${base ? 'using its defaults' : 'ignored'}`,
      });
      continue;
    }
    specs[id] = parsed.data;
    if (over.inputPer1M !== undefined || over.outputPer1M !== undefined || over.cachedInputPer1M !== undefined)
      pricedInSettings.add(id);
  }
  const catalogId = v.preset === 'custom' ? undefined : v.preset;
  const models: Record<string, ModelConfig> = {};
  for (const [id, s] of Object.entries(specs)) {
    const model: ModelConfig = { ...s, id, cachedInputPer1M: s.cachedInputPer1M ?? s.inputPer1M };
    if (catalogId && model.provider === P) {
      // A name the provider has retired: send its successor, once telling the user what and where to change.
      const retired = retiredAlias(catalogId, model.name, now);
      if (retired) {
        const fromUser = v.models[id]?.name !== undefined || (!DEFAULT_MODELS[id] && !preset?.models[id]);
        if (fromUser) {
          errors.push({
            setting: 'frugal.models',
            message: `model "${id}": "${model.name}" was retired by the provider on ${retired.retired.slice(0, 10)}; Frugal sends "${retired.to}"${retired.thinking ? ` with thinking ${retired.thinking}` : ''} instead. Set frugal.models["${id}"].name to "${retired.to}" to keep this choice and silence this message`,
          });
        }
        model.name = retired.to;
        if (retired.thinking && model.thinkingStyle === 'none') {
          model.thinking = retired.thinking;
          model.thinkingStyle = 'deepseek';
        }
      }
      // Built-in prices come from the catalog (off-peak base; each attempt is billed at its own time's rate).
      if (pricedInSettings.has(id)) model.priceFromSettings = true;
      else {
        const price = catalogPrice(catalogId, model.name, nextOffPeak(catalogId, now) ?? now);
        if (price)
          Object.assign(model, {
            inputPer1M: price.inputPer1M,
            cachedInputPer1M: price.cachedInputPer1M,
            outputPer1M: price.outputPer1M,
          });
      }
    } else if (pricedInSettings.has(id)) model.priceFromSettings = true;
    models[id] = model;
  }

  const tiers: Record<Tier, string> = { ...(preset?.tiers ?? DEFAULT_TIERS) };
  for (const t of TIERS) {
    const chosen = v.tiers[t];
    if (chosen === undefined) continue;
    if (models[chosen]) tiers[t] = chosen;
    else if (preset?.gateway) {
      // Behind a gateway a tier names one of the proxy's model aliases; the proxy reports each call's cost.
      models[chosen] = { ...models[tiers[t]], id: chosen, name: chosen, tier: t };
      tiers[t] = chosen;
    } else
      errors.push({
        setting: 'frugal.tiers',
        message: `${t}: unknown model "${chosen}" (define it under frugal.models); using ${tiers[t]}`,
      });
  }

  const taskModels: Partial<Record<Task, string>> = {};
  for (const [task, id] of Object.entries(v.taskModels) as [Task, string][]) {
    if (models[id]) taskModels[task] = id;
    else
      errors.push({
        setting: 'frugal.taskModels',
        message: `${task}: unknown model "${id}"; the router decides instead`,
      });
  }

  let baselineModel = v.baselineModel;
  if (!models[baselineModel]) {
    errors.push({ setting: 'frugal.baselineModel', message: `unknown model "${baselineModel}"; using gpt-4o` });
    baselineModel = 'gpt-4o';
  }

  const config: FrugalConfig = {
    preset: v.preset,
    defaultProvider: P,
    providers,
    models,
    tiers,
    taskModels,
    router: { lean: v['router.lean'] },
    baselineModel,
    budget: {
      dailyUsd: v['budget.dailyUsd'],
      monthlyUsd: v['budget.monthlyUsd'],
      onExceed: v['budget.onExceed'],
      warnPercent: v['budget.warnPercent'],
    },
    cascadeEnabled: v['cascade.enabled'],
    cache: {
      enabled: v['cache.enabled'],
      ttlDays: v['cache.ttlDays'],
      maxEntries: v['cache.maxEntries'],
      maxMegabytes: v['cache.maxMegabytes'],
    },
    compression: { maxInputTokens: v['compression.maxInputTokens'] },
    conversation: { maxHistoryTokens: v['conversation.maxHistoryTokens'] },
    inline: {
      enabled: v['inline.enabled'],
      debounceMs: v['inline.debounceMs'],
      dailyBudgetUsd: v['inline.dailyBudgetUsd'],
      languages: v['inline.languages'],
      maxTokens: v['inline.maxTokens'],
    },
    request: {
      timeoutSeconds: v['request.timeoutSeconds'],
      maxRetries: v['request.maxRetries'],
      totalDeadlineSeconds: v['request.totalDeadlineSeconds'],
      maxWaitSeconds: v['request.maxWaitSeconds'],
    },
    gateway: { sendWorkspaceName: v['gateway.sendWorkspaceName'] },
    telemetry: { otlp: { enabled: v['telemetry.otlp.enabled'], endpoint: v['telemetry.otlp.endpoint'] } },
    ledger: { inlineRetentionDays: v['ledger.inlineRetentionDays'] },
  };
  return { config, errors };
}

export function defaultConfig(now?: number): FrugalConfig {
  return parseConfig({}, now).config;
}

/** The model that serves a tier, with its provider. */
export function modelForTier(config: FrugalConfig, tier: Tier): ModelConfig {
  return config.models[config.tiers[tier]];
}

export function providerFor(config: FrugalConfig, model: ModelConfig): ProviderConfig {
  return config.providers[model.provider] ?? config.providers[config.defaultProvider];
}

export function nextTier(tier: Tier): Tier | undefined {
  const i = TIERS.indexOf(tier);
  return i >= 0 && i < TIERS.length - 1 ? TIERS[i + 1] : undefined;
}

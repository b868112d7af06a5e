// Bad settings (GitHub issue #9, part 3): every zod-validated setting given wrong types, negative prices, unknown
// tiers, a base URL that is not a URL... Each produces a message naming the setting, and the default applies. The
// table must cover every key in SETTING_KEYS, so a new setting fails here until it has bad-value cases.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseConfig, defaultConfig, SETTING_KEYS, type FrugalConfig, type SettingKey } from '../../src/core/config';
import { MemoryLogger } from '../../src/core/ports';
import { fireConfigChange, installVscodeStub, resetStub, state } from '../fixtures/crash/vscodeStub';

interface Case {
  /** values of the wrong type or out of range */
  bad: unknown[];
  /** a valid non-default value, and what the effective config then holds */
  good: unknown;
  /** the part of the effective configuration this setting controls */
  get(c: FrugalConfig): unknown;
  /** what `get` returns for `good` (default: `good` itself) */
  goodEffect?: unknown;
  /** words the message must contain for some bad values (index -> regexp) */
  mentions?: Record<number, RegExp>;
}

const TABLE: Record<SettingKey, Case> = {
  preset: { bad: ['openai', 'Aggregator', 42, true, ['aggregator'], {}], good: 'deepseek', get: (c) => c.preset },
  baseUrl: {
    bad: ['not a url', 'api.deepseek.com/v1', 'https//missing-colon.example', 42, false, {}, ['https://x.example/v1']],
    good: 'https://proxy.example/v1',
    get: (c) => c.providers.default.baseUrl,
    mentions: { 0: /must be a URL/ },
  },
  providers: {
    bad: [
      'https://x.example',
      42,
      [],
      { h: 'https://x.example' },
      { h: { baseUrl: 'nope' } },
      { h: { baseUrl: 42 } },
      { h: { baseUrl: 'https://ok.example', fimBaseUrl: 'nope' } },
      { h: {} },
    ],
    good: { h: { baseUrl: 'https://h.example/v1' } },
    get: (c) => Object.keys(c.providers).sort(),
    goodEffect: ['default', 'h'],
    mentions: { 4: /h\.baseUrl.*URL/ },
  },
  models: {
    bad: [
      42,
      'deepseek-coder',
      [],
      { 'deepseek-coder': { inputPer1M: -1 } },
      { 'deepseek-coder': { outputPer1M: 'cheap' } },
      { 'deepseek-coder': { cachedInputPer1M: -0.01 } },
      { 'deepseek-coder': { tier: 'genius' } },
      { 'deepseek-coder': { contextWindow: 0 } },
      { 'deepseek-coder': { maxOutputTokens: 1.5 } },
      { 'deepseek-coder': { thinking: 'maybe' } },
      { 'deepseek-coder': { thinkingStyle: 'openai' } },
      { 'deepseek-coder': { fim: 'yes' } },
      { 'deepseek-coder': { provider: 'nowhere' } },
      { 'my-model': { inputPer1M: 1, outputPer1M: 1, provider: 'nowhere' } },
    ],
    good: { 'deepseek-coder': { inputPer1M: 0.27, outputPer1M: 1.1, cachedInputPer1M: 0.07 } },
    get: (c) => c.models['deepseek-coder'],
    goodEffect: {
      ...defaultConfig().models['deepseek-coder'],
      inputPer1M: 0.27,
      outputPer1M: 1.1,
      cachedInputPer1M: 0.07,
      priceFromSettings: true,
    },
    mentions: { 3: /deepseek-coder.*inputPer1M.*negative/, 12: /unknown provider "nowhere"/, 13: /my-model/ },
  },
  tiers: {
    bad: [
      { genius: 'deepseek-coder' },
      { coder: 'no-such-model' },
      { coder: 42 },
      { coder: '' },
      'deepseek-coder',
      42,
      ['deepseek-coder'],
    ],
    good: { coder: 'deepseek-v4-flash' },
    get: (c) => c.tiers,
    goodEffect: { ...defaultConfig().tiers, coder: 'deepseek-v4-flash' },
    mentions: { 0: /genius/, 1: /coder: unknown model "no-such-model"/ },
  },
  taskModels: {
    bad: [{ review: 'gpt-4o' }, { tests: 'no-such-model' }, { tests: 42 }, 'gpt-4o', []],
    good: { tests: 'deepseek-reasoner' },
    get: (c) => c.taskModels,
    mentions: { 1: /tests: unknown model "no-such-model"/ },
  },
  'router.lean': { bad: ['stingy', 'Careful', 42, true, {}, ['careful']], good: 'careful', get: (c) => c.router.lean },
  baselineModel: {
    bad: ['no-such-model', '', 42, {}],
    good: 'gpt-4o-mini',
    get: (c) => c.baselineModel,
    mentions: { 0: /unknown model "no-such-model"/ },
  },
  'budget.dailyUsd': {
    bad: ['5', -1, -0.01, true, [], {}],
    good: 2.5,
    get: (c) => c.budget.dailyUsd,
    mentions: { 0: /must be a number/, 1: /must not be negative/ },
  },
  'budget.monthlyUsd': {
    bad: ['50', -1, false],
    good: 40,
    get: (c) => c.budget.monthlyUsd,
    mentions: { 1: /negative/ },
  },
  'budget.onExceed': { bad: ['explode', 'Block', 1, true], good: 'downgrade', get: (c) => c.budget.onExceed },
  'budget.warnPercent': { bad: [0, 101, -5, '80', true], good: 50, get: (c) => c.budget.warnPercent },
  'cascade.enabled': { bad: ['yes', 'true', 1, 0, {}], good: false, get: (c) => c.cascadeEnabled },
  'cache.enabled': { bad: ['no', 0, []], good: false, get: (c) => c.cache.enabled },
  'cache.ttlDays': { bad: [0, -1, '7', true], good: 30, get: (c) => c.cache.ttlDays },
  'cache.maxEntries': { bad: [0, -1, 1.5, '10'], good: 100, get: (c) => c.cache.maxEntries },
  'cache.maxMegabytes': { bad: [0, -1, 'big'], good: 10, get: (c) => c.cache.maxMegabytes },
  'compression.maxInputTokens': {
    bad: [100, -1, 1.5, '16000'],
    good: 8000,
    get: (c) => c.compression.maxInputTokens,
    mentions: { 0: /at least 256/ },
  },
  'conversation.maxHistoryTokens': {
    bad: [100, -1, 1.5, '6000', 1e9],
    good: 3000,
    get: (c) => c.conversation.maxHistoryTokens,
    mentions: { 0: /at least 500/ },
  },
  'inline.enabled': { bad: ['no', 1], good: false, get: (c) => c.inline.enabled },
  'inline.debounceMs': { bad: [-1, 5001, 1.5, 'fast'], good: 100, get: (c) => c.inline.debounceMs },
  'inline.dailyBudgetUsd': { bad: [-1, '0.5', true], good: 2, get: (c) => c.inline.dailyBudgetUsd },
  'inline.languages': { bad: ['typescript', [1, 2], [''], {}], good: ['python', 'go'], get: (c) => c.inline.languages },
  'inline.maxTokens': { bad: [0, 4097, 1.5, 'many'], good: 256, get: (c) => c.inline.maxTokens },
  'request.timeoutSeconds': { bad: [0, -1, 3601, '60', false], good: 30, get: (c) => c.request.timeoutSeconds },
  'request.maxRetries': { bad: [-1, 11, 1.5, 'two'], good: 0, get: (c) => c.request.maxRetries },
  'request.totalDeadlineSeconds': { bad: [0, -5, 3601, 'soon'], good: 30, get: (c) => c.request.totalDeadlineSeconds },
  'request.maxWaitSeconds': { bad: [0, -1, 7201, 'long'], good: 120, get: (c) => c.request.maxWaitSeconds },
  'gateway.sendWorkspaceName': { bad: ['yes', 1, {}], good: true, get: (c) => c.gateway.sendWorkspaceName },
  'telemetry.otlp.enabled': { bad: ['on', 1, []], good: true, get: (c) => c.telemetry.otlp.enabled },
  'telemetry.otlp.endpoint': {
    bad: ['', 'collector:4318', 'ftp://c.example', 42],
    good: 'https://otel.example:4318',
    get: (c) => c.telemetry.otlp.endpoint,
    mentions: { 1: /must be a URL|must start with http/ },
  },
  'ledger.inlineRetentionDays': { bad: [-1, 36501, 1.5, 'month'], good: 30, get: (c) => c.ledger.inlineRetentionDays },
};

const DEFAULTS = defaultConfig();

describe('bad settings: every setting, table-driven', () => {
  it('the table covers every setting key, and nothing else', () => {
    assert.deepEqual(Object.keys(TABLE).sort(), [...SETTING_KEYS].sort());
  });

  for (const key of SETTING_KEYS) {
    const c = TABLE[key];
    describe(`frugal.${key}`, () => {
      it('a valid value is taken without a message (so the bad cases below are not vacuous)', () => {
        const { config, errors } = parseConfig({ [key]: c.good });
        assert.deepEqual(errors, []);
        assert.deepEqual(c.get(config), c.goodEffect ?? c.good);
      });

      c.bad.forEach((value, i) => {
        it(`${JSON.stringify(value)}: one message naming frugal.${key}, and the default applies`, () => {
          const { config, errors } = parseConfig({ [key]: value });
          assert.ok(errors.length >= 1, `no message for ${JSON.stringify(value)}`);
          for (const e of errors) {
            assert.equal(e.setting, `frugal.${key}`, `the message names ${e.setting}`);
            assert.ok(e.message.length > 5 && e.message.length < 500, e.message);
            assert.doesNotMatch(e.message, /\[object Object\]|undefined/, e.message);
          }
          assert.ok(
            errors.some((e) => /default|ignored|using|router decides/.test(e.message)),
            `says what is used instead: ${errors.map((e) => e.message).join(' | ')}`,
          );
          if (c.mentions?.[i]) assert.match(errors.map((e) => e.message).join(' | '), c.mentions[i]);
          assert.deepEqual(c.get(config), c.get(DEFAULTS), 'the default applies');
          // one bad setting never takes another down with it
          const withOthers = parseConfig({
            [key]: value,
            ...(key === 'budget.dailyUsd' ? { 'budget.monthlyUsd': 9 } : { 'budget.dailyUsd': 9 }),
          });
          assert.equal(
            key === 'budget.dailyUsd' ? withOthers.config.budget.monthlyUsd : withOthers.config.budget.dailyUsd,
            9,
          );
        });
      });
    });
  }

  it('all settings bad at once: one message per setting, every default applies', () => {
    const raw = Object.fromEntries(SETTING_KEYS.map((k) => [k, TABLE[k].bad[0]]));
    const { config, errors } = parseConfig(raw);
    const named = new Set(errors.map((e) => e.setting));
    for (const k of SETTING_KEYS) assert.ok(named.has(`frugal.${k}`), `frugal.${k} not named`);
    for (const k of SETTING_KEYS) assert.deepEqual(TABLE[k].get(config), TABLE[k].get(DEFAULTS), k);
  });

  it('package.json declares every setting, and its declared default is valid and equal to the core default', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const props: Record<string, { default?: unknown }> = Object.assign(
      {},
      ...pkg.contributes.configuration.map((s: { properties: object }) => s.properties),
    );
    for (const k of SETTING_KEYS) {
      const p = props[`frugal.${k}`];
      assert.ok(p, `frugal.${k} is not contributed in package.json`);
      const { config, errors } = parseConfig({ [k]: p.default });
      assert.deepEqual(errors, [], `package.json default of frugal.${k}`);
      assert.deepEqual(
        TABLE[k].get(config),
        TABLE[k].get(DEFAULTS),
        `package.json default of frugal.${k} differs from the core default`,
      );
    }
  });
});

describe('bad settings: what the user is told (ConfigService with a recording editor API)', () => {
  let ConfigService: typeof import('../../src/vscode/config').ConfigService;
  before(async () => {
    installVscodeStub();
    ({ ConfigService } = await import('../../src/vscode/config'));
  });
  beforeEach(() => resetStub());

  it('one bad setting: one error message naming it and offering to open it, one log line, the default used', () => {
    state.settings['budget.dailyUsd'] = -3;
    const logger = new MemoryLogger();
    const svc = new ConfigService(logger);
    assert.equal(svc.get().budget.dailyUsd, 0);
    assert.equal(state.shown.length, 1);
    assert.equal(state.shown[0].level, 'error');
    assert.match(state.shown[0].text, /invalid setting frugal\.budget\.dailyUsd: .*negative/);
    assert.deepEqual(state.shown[0].items, ['Open Settings']);
    assert.equal(logger.lines.filter((l) => l.startsWith('warn') && l.includes('frugal.budget.dailyUsd')).length, 1);
    svc.dispose();
  });

  it('every setting bad: a single message listing all of them; told once, again only for a newly bad value', () => {
    for (const k of SETTING_KEYS) state.settings[k] = TABLE[k].bad[0];
    const logger = new MemoryLogger();
    const svc = new ConfigService(logger);
    assert.equal(state.shown.length, 1, 'one message, not one per setting');
    for (const k of SETTING_KEYS)
      assert.ok(state.shown[0].text.includes(`frugal.${k}`), `frugal.${k} missing from: ${state.shown[0].text}`);
    for (const k of SETTING_KEYS) assert.deepEqual(TABLE[k].get(svc.get()), TABLE[k].get(DEFAULTS), k);
    // an unrelated change re-reads the same bad values: nothing new to say
    fireConfigChange();
    assert.equal(state.shown.length, 1);
    // a newly bad value is reported, alone
    state.settings['request.maxRetries'] = 99;
    fireConfigChange();
    assert.equal(state.shown.length, 2);
    assert.match(state.shown[1].text, /^Frugal: invalid setting frugal\.request\.maxRetries: /);
    // fixing everything: silence, and the good values apply
    for (const k of SETTING_KEYS) state.settings[k] = TABLE[k].good;
    fireConfigChange();
    assert.equal(state.shown.length, 2);
    assert.equal(svc.get().request.maxRetries, 0);
    svc.dispose();
  });
});

import { strict as assert } from 'node:assert';
import { parseConfig, defaultConfig, DEFAULT_TIERS, PRESETS } from '../../src/core/config';

describe('config', () => {
  it('defaults match the DESIGN table', () => {
    const c = defaultConfig();
    assert.deepEqual(c.tiers, DEFAULT_TIERS);
    assert.equal(c.tiers.cheap, 'Qwen/Qwen3-8B');
    assert.equal(c.models['Qwen/Qwen3-8B'].inputPer1M, 0.01);
    assert.equal(c.models['Qwen/Qwen3-8B'].outputPer1M, 0.01);
    assert.equal(c.models['Qwen/Qwen3-8B'].thinking, 'off');
    assert.equal(c.models['Qwen/Qwen3-8B'].thinkingStyle, 'qwen');
    assert.equal(c.models['deepseek-coder'].inputPer1M, 0.25);
    assert.equal(c.models['deepseek-coder'].cachedInputPer1M, 0.25);
    assert.equal(c.models['deepseek-reasoner'].outputPer1M, 2.5);
    assert.equal(c.models['gpt-4o'].outputPer1M, 10);
    assert.equal(c.models['gpt-4o-mini'].inputPer1M, 0.6);
    assert.equal(c.models['Qwen/Qwen3-32B'].inputPer1M, 0.28);
    assert.equal(c.models['Qwen-MT-Turbo'].inputPer1M, 0.3);
    assert.equal(c.models['deepseek-v4-flash'].inputPer1M, 0.25);
    assert.equal(c.baselineModel, 'gpt-4o');
    assert.equal(c.providers.default.baseUrl, PRESETS.aggregator.baseUrl);
    assert.equal(c.cache.ttlDays, 7);
  });

  it('rejects a non-number budget, names the setting, and keeps the default', () => {
    const { config, errors } = parseConfig({ 'budget.dailyUsd': 'abc' });
    assert.equal(config.budget.dailyUsd, 0);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].setting, 'frugal.budget.dailyUsd');
    assert.match(errors[0].message, /number/);
  });

  it('rejects negative prices and names the model', () => {
    const { config, errors } = parseConfig({ models: { 'deepseek-coder': { inputPer1M: -1 } } });
    assert.equal(config.models['deepseek-coder'].inputPer1M, 0.25);
    assert.equal(errors[0].setting, 'frugal.models');
    assert.match(errors[0].message, /deepseek-coder.*inputPer1M.*negative/);
  });

  it('rejects an unknown tier key and a tier pointing at an unknown model', () => {
    const a = parseConfig({ tiers: { genius: 'x' } as unknown as Record<string, string> });
    assert.equal(a.errors[0].setting, 'frugal.tiers');
    const b = parseConfig({ tiers: { coder: 'nope' } });
    assert.equal(b.config.tiers.coder, 'deepseek-coder');
    assert.match(b.errors[0].message, /unknown model "nope"/);
  });

  it('rejects a base URL that is not a URL', () => {
    const { config, errors } = parseConfig({ baseUrl: 'not a url' });
    assert.equal(errors[0].setting, 'frugal.baseUrl');
    assert.equal(config.providers.default.baseUrl, PRESETS.aggregator.baseUrl);
  });

  it('rejects wrong types for booleans, enums and arrays', () => {
    const { errors, config } = parseConfig({
      'cascade.enabled': 'yes',
      preset: 'openai',
      'inline.languages': 'ts',
      'budget.onExceed': 'explode',
    });
    assert.deepEqual(errors.map((e) => e.setting).sort(), [
      'frugal.budget.onExceed',
      'frugal.cascade.enabled',
      'frugal.inline.languages',
      'frugal.preset',
    ]);
    assert.equal(config.cascadeEnabled, true);
    assert.equal(config.preset, 'aggregator');
  });

  it('applies valid overrides: base URL, task models, separate cached price', () => {
    const { config, errors } = parseConfig({
      baseUrl: 'http://127.0.0.1:9999/v1',
      taskModels: { tests: 'deepseek-reasoner' },
      models: { 'deepseek-coder': { cachedInputPer1M: 0.025 }, mine: { inputPer1M: 1, outputPer1M: 2 } },
      tiers: { coder: 'mine' },
    });
    assert.deepEqual(errors, []);
    assert.equal(config.providers.default.baseUrl, 'http://127.0.0.1:9999/v1');
    assert.equal(config.taskModels.tests, 'deepseek-reasoner');
    assert.equal(config.models['deepseek-coder'].cachedInputPer1M, 0.025);
    assert.equal(config.models.mine.cachedInputPer1M, 1);
    assert.equal(config.tiers.coder, 'mine');
  });

  it('the deepseek preset maps tiers to provider-side names with thinking switches', () => {
    const { config } = parseConfig({ preset: 'deepseek' });
    assert.equal(config.providers.default.baseUrl, 'https://api.deepseek.com');
    assert.equal(config.providers.default.fimBaseUrl, 'https://api.deepseek.com/beta');
    assert.equal(config.models['deepseek-reasoner'].name, 'deepseek-v4-pro');
    assert.equal(config.models['deepseek-reasoner'].thinking, 'on');
    assert.equal(config.models['deepseek-reasoner'].thinkingStyle, 'deepseek');
  });

  it('the ollama preset is free and local', () => {
    const { config } = parseConfig({ preset: 'ollama' });
    assert.equal(config.providers.default.baseUrl, 'http://127.0.0.1:11434/v1');
    assert.equal(config.models[config.tiers.cheap].name, 'qwen3:8b');
    assert.equal(config.models[config.tiers.cheap].inputPer1M, 0);
  });
});

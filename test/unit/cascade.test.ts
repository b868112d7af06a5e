import assert from 'node:assert/strict';
import {
  cacheKeyFor,
  fallbackWorthy,
  modelConstraint,
  nextAttempt,
  userChoseModel,
  type Attempt,
} from '../../src/core/cascade';
import { defaultConfig, modelForTier, type FrugalConfig } from '../../src/core/config';

const config = defaultConfig();
const on = { ...config, cascadeEnabled: true } as FrugalConfig;
const off = { ...config, cascadeEnabled: false } as FrugalConfig;
const cheap: Attempt = { tier: 'cheap', model: modelForTier(config, 'cheap'), reason: 'cheap: routed' };
const reasoner: Attempt = { tier: 'reasoner', model: modelForTier(config, 'reasoner'), reason: 'reasoner: routed' };

describe('cascade policy', () => {
  it('falls back one tier on an error another model may not share, and names why', () => {
    const up = nextAttempt(cheap, { kind: 'error', errorKind: 'rate_limit' }, on, false);
    assert.equal(up?.tier, 'coder');
    assert.equal(up?.model.id, modelForTier(config, 'coder').id);
    assert.equal(up?.reason, `coder: fallback after ${cheap.model.id}`);
  });

  it('escalates one tier on an unusable answer, with the problem in the reason', () => {
    const up = nextAttempt(cheap, { kind: 'unusable', problem: 'the answer was cut off' }, on, false);
    assert.equal(up?.reason, 'coder: escalated because the answer was cut off');
  });

  it('stops: cascade off, the top tier, an error no model fixes', () => {
    assert.equal(nextAttempt(cheap, { kind: 'error', errorKind: 'server' }, off, false), undefined);
    assert.equal(nextAttempt(reasoner, { kind: 'unusable', problem: 'x' }, on, false), undefined);
    for (const kind of ['auth', 'credit', 'cancelled', 'bad_request', 'budget'] as const) {
      assert.equal(fallbackWorthy(kind), false, kind);
      assert.equal(nextAttempt(cheap, { kind: 'error', errorKind: kind }, on, false), undefined, kind);
    }
  });

  it("the user's choice: not escalated on quality, still falls back on failure", () => {
    assert.equal(nextAttempt(cheap, { kind: 'unusable', problem: 'x' }, on, true), undefined);
    assert.equal(nextAttempt(cheap, { kind: 'error', errorKind: 'timeout' }, on, true)?.tier, 'coder');
  });

  it('skips a tier whose model is the one that failed', () => {
    const same = { ...on, tiers: { ...on.tiers, coder: on.tiers.cheap } } as FrugalConfig;
    const up = nextAttempt(
      { ...cheap, model: modelForTier(same, 'cheap') },
      { kind: 'error', errorKind: 'server' },
      same,
      false,
    );
    assert.equal(up?.tier, 'reasoner');
  });

  it('who chose: a forced model or a per-task model; a pinned tier is not a model choice', () => {
    assert.equal(userChoseModel({ task: 'explain' }, config, { forcedModel: 'gpt-4o' }), true);
    assert.equal(userChoseModel({ task: 'explain' }, config, { pinnedTier: 'coder' }), false);
    const perTask = { ...config, taskModels: { ...config.taskModels, explain: 'gpt-4o' } } as FrugalConfig;
    assert.equal(userChoseModel({ task: 'explain' }, perTask, {}), true);
  });

  it("the cache key's model constraint follows the router's precedence: forced, per task, pinned tier", () => {
    const perTask = { ...config, taskModels: { ...config.taskModels, fix: 'deepseek-coder' } } as FrugalConfig;
    assert.equal(modelConstraint({ task: 'fix' }, perTask, { forcedModel: 'gpt-4o', pinnedTier: 'cheap' }), 'gpt-4o');
    assert.equal(modelConstraint({ task: 'fix' }, perTask, { pinnedTier: 'cheap' }), 'deepseek-coder');
    assert.equal(modelConstraint({ task: 'explain' }, perTask, { pinnedTier: 'cheap' }), 'tier:cheap');
    assert.equal(modelConstraint({ task: 'explain' }, perTask, {}), undefined);
    assert.deepEqual(cacheKeyFor({ task: 'explain', languageId: 'go' }, config, {}, 'p'), {
      task: 'explain',
      languageId: 'go',
      modelConstraint: undefined,
      prompt: 'p',
    });
  });
});

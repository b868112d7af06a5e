// Conversations through the real Pipeline and ProviderClient against the simulator's prefix cache over HTTP.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pipeline } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { ResponseCache } from '../../src/core/cache';
import { ProviderClient } from '../../src/core/provider';
import { parseConfig, type RawSettings } from '../../src/core/config';
import { silentLogger } from '../../src/core/ports';
import { askInConversation, beginConversation, identifiersIn } from '../../src/core/conversation';
import type { EditorRequest } from '../../src/core/types';
import { startSimulator, type Simulator } from '../fixtures/simulator';

const CODE = Array.from(
  { length: 30 },
  (_, i) =>
    `export function step${i}(input: number[]): number[] {\n  return input.map((x) => x * ${i + 1}).filter((x) => x % ${i + 2} !== 0);\n}`,
).join('\n\n');
/** DeepSeek's preset, priced by the catalog (a cache hit about 1/50 of a miss). */
const DEEPSEEK: RawSettings = { preset: 'deepseek' };
const FIRST: EditorRequest = {
  task: 'explain',
  instruction: '',
  languageId: 'typescript',
  selection: CODE,
  filePath: 'src/steps.ts',
};

describe('conversation against the simulator', function () {
  this.timeout(20000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ chunkDelayMs: 0 });
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => sim.reset());

  async function setup(raw: RawSettings = {}) {
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-conv-'));
    const ledger = new Ledger({ dir, logger: silentLogger });
    await ledger.load();
    const cache = new ResponseCache({
      dir: path.join(dir, 'cache'),
      logger: silentLogger,
      ttlMs: 86_400_000,
      maxEntries: 100,
      maxBytes: 1 << 20,
    });
    await cache.load();
    const config = parseConfig({ baseUrl: sim.baseUrl, ...raw }).config;
    const pipeline = new Pipeline({
      getConfig: () => config,
      provider: new ProviderClient({ logger: silentLogger }),
      secrets: { getApiKey: async () => 'sk-test' },
      ledger,
      cache,
      logger: silentLogger,
      workspace: 'ws',
    });
    return { pipeline, ledger, config };
  }

  it('follow-ups hit the provider cache for the whole earlier prompt, one ledger request per turn', async () => {
    const { pipeline, ledger } = await setup(DEEPSEEK);
    const { conversation: c, result } = await beginConversation(pipeline, FIRST, { id: 'c1', title: 'Explain' }, {});
    assert.ok(result && result.cachedInputTokens === 0);
    const turns = [];
    for (const q of [
      'what does `step3` return for an empty list?',
      'and `step7`?',
      'does `step12` keep the order of the list?',
    ]) {
      const r = await askInConversation(pipeline, c, q, { maxHistoryTokens: 6000 });
      assert.ok(r.result, r.error?.message);
      assert.equal(r.result.outcome, 'ok');
      turns.push(r.result);
    }
    assert.equal(c.turns.length, 4);
    for (const r of turns) {
      assert.ok(
        r.cachedInputTokens > 0.8 * r.inputTokens - 128,
        `only ${r.cachedInputTokens} of ${r.inputTokens} cached`,
      );
      assert.match(r.reason, /stayed on|router/);
    }
    const recs = ledger.recent();
    assert.equal(new Set(recs.map((x) => x.requestId)).size, 4);
    assert.deepEqual(
      recs.slice(1).map((x) => x.cachedInputTokens > 0),
      [true, true, true],
    );
    // the simulator saw each turn's prompt begin with the previous turn's prompt
    const bodies = sim.requests
      .filter((x) => x.endpoint === 'chat')
      .map((x) => x.body.messages as { content: string }[]);
    for (let i = 1; i < bodies.length; i++)
      assert.deepEqual(
        bodies[i].slice(0, bodies[i - 1].length).map((m) => m.content),
        bodies[i - 1].map((m) => m.content),
      );
  });

  it("a follow-up's cache key is the whole thread: the same question in another thread is not served from cache", async () => {
    const { pipeline } = await setup();
    const a = (await beginConversation(pipeline, FIRST, { id: 'a', title: 'A' }, {})).conversation;
    const b = (
      await beginConversation(
        pipeline,
        { ...FIRST, selection: CODE.replace('step0', 'stepZero') },
        { id: 'b', title: 'B' },
        {},
      )
    ).conversation;
    const ra = await askInConversation(pipeline, a, 'and for negative numbers?', { maxHistoryTokens: 6000 });
    const rb = await askInConversation(pipeline, b, 'and for negative numbers?', { maxHistoryTokens: 6000 });
    assert.equal(ra.result!.cached, false);
    assert.equal(rb.result!.cached, false);
    const again = await askInConversation(pipeline, a, 'and for negative numbers?', {
      maxHistoryTokens: 6000,
      index: 1,
    });
    assert.equal(again.result!.cached, true, 'the exact same thread is a cache hit');
  });

  it('condenses history over the budget with the cheap tier, keeps the names later turns use, and records it', async () => {
    const { pipeline, ledger, config } = await setup();
    const { conversation: c } = await beginConversation(pipeline, FIRST, { id: 'c2', title: 'Explain' }, {});
    const max = 600;
    let condensed = 0;
    for (let i = 0; i < 8; i++) {
      const r = await askInConversation(
        pipeline,
        c,
        `what does \`step${i}\` do with \`input\` when it is empty, in detail, step by step?`,
        {
          maxHistoryTokens: max,
          onCondensed: (s) => {
            if (s) condensed++;
          },
        },
      );
      assert.ok(r.result, r.error?.message);
      assert.ok(r.historyTokens <= max, `history ${r.historyTokens} over ${max}`);
    }
    assert.ok(condensed >= 1 && c.summary);
    for (const n of identifiersIn(
      c.turns
        .slice(0, c.summary!.turns)
        .map((t) => t.question)
        .join('\n'),
    )) {
      assert.ok(c.summary!.text.includes(n), `${n} lost`);
    }
    const condenseRecs = ledger.recent().filter((r) => /condensing/.test(r.reason));
    assert.equal(condenseRecs.length, condensed);
    assert.ok(condenseRecs.every((r) => r.model === config.tiers.cheap && r.costUsd >= 0));
    const after = ledger.recent().filter((r) => r.ts >= condenseRecs[0].ts && !/condensing/.test(r.reason));
    assert.ok(after.some((r) => r.tokensSavedByCompression > 0 && r.savedCompressionUsd > 0));
  });
});

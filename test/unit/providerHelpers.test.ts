// Pure pieces of the provider client: Retry-After parsing, backoff, thinking switches, <think> splitting, usage mapping.
import { strict as assert } from 'node:assert';
import {
  retryAfterMs,
  backoffMs,
  applyThinking,
  thinkingOn,
  ThinkSplitter,
  splitThink,
  mapUsage,
  isLoopback,
} from '../../src/core/provider';
import { defaultConfig } from '../../src/core/config';
import { SleepAborted, VirtualClock } from '../../src/core/clock';

const headers = (h: Record<string, string>) => new Headers(h);

describe('provider helpers', () => {
  describe('retryAfterMs', () => {
    it('reads seconds, milliseconds and HTTP dates', () => {
      assert.equal(retryAfterMs(headers({ 'retry-after': '2' })), 2000);
      assert.equal(retryAfterMs(headers({ 'retry-after': '0.5' })), 500);
      assert.equal(retryAfterMs(headers({ 'retry-after-ms': '1500', 'retry-after': '9' })), 1500, 'ms wins');
      const now = Date.parse('2025-01-01T00:00:00Z');
      assert.equal(retryAfterMs(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now), 3000);
      assert.equal(retryAfterMs(headers({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }), now), 0, 'past date: now');
    });
    it('ignores absent or unreadable values', () => {
      assert.equal(retryAfterMs(undefined), undefined);
      assert.equal(retryAfterMs(headers({})), undefined);
      assert.equal(retryAfterMs(headers({ 'retry-after': 'soon' })), undefined);
      assert.equal(retryAfterMs(headers({ 'retry-after': '-3' })), undefined);
    });
  });

  describe('backoffMs', () => {
    it('doubles from 500 ms, caps at 8 s, jitters ±25 %', () => {
      assert.deepEqual(
        [0, 1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, () => 0.5)),
        [500, 1000, 2000, 4000, 8000, 8000, 8000],
      );
      assert.equal(
        backoffMs(0, () => 0),
        375,
      );
      assert.equal(
        backoffMs(0, () => 0.999999),
        625,
      );
    });
  });

  describe('sleep on a clock', () => {
    it('rejects on abort instead of sleeping on, and leaves no timer armed', async () => {
      // An hour's sleep on a virtual clock: only the abort can settle it, and it must reject.
      const clock = new VirtualClock(0);
      const ac = new AbortController();
      const p = clock.sleep(3_600_000, ac.signal);
      assert.equal(clock.pending(), 1);
      queueMicrotask(() => ac.abort());
      await assert.rejects(p, SleepAborted);
      assert.equal(clock.pending(), 0);
      await assert.rejects(clock.sleep(1, ac.signal), SleepAborted, 'an aborted signal rejects at once');
    });

    it('resolves exactly when the virtual time reaches it', async () => {
      const clock = new VirtualClock(0);
      let done = false;
      void clock.sleep(8_000).then(() => (done = true));
      await clock.advance(7_999);
      assert.equal(done, false);
      await clock.advance(1);
      assert.equal(done, true);
      assert.equal(clock.now(), 8_000);
    });
  });

  describe('thinking switches', () => {
    const msgs = [
      { role: 'system' as const, content: 's' },
      { role: 'user' as const, content: 'q' },
    ];
    it('per style', () => {
      assert.deepEqual(applyThinking({ thinking: 'off', thinkingStyle: 'qwen' }, msgs).fields, {
        enable_thinking: false,
      });
      assert.deepEqual(applyThinking({ thinking: 'on', thinkingStyle: 'qwen' }, msgs).fields, {
        enable_thinking: true,
      });
      assert.deepEqual(applyThinking({ thinking: 'on', thinkingStyle: 'deepseek' }, msgs).fields, {
        thinking: { type: 'enabled' },
      });
      assert.deepEqual(applyThinking({ thinking: 'off', thinkingStyle: 'vllm' }, msgs).fields, {
        chat_template_kwargs: { enable_thinking: false },
      });
      assert.deepEqual(applyThinking({ thinking: 'off', thinkingStyle: 'none' }, msgs).fields, {});
      assert.deepEqual(applyThinking({ thinking: 'default', thinkingStyle: 'qwen' }, msgs).fields, {});
      const p = applyThinking({ thinking: 'off', thinkingStyle: 'prompt' }, msgs);
      assert.equal(p.messages[1].content, 'q /no_think');
      assert.equal(msgs[1].content, 'q');
      assert.equal(applyThinking({ thinking: 'on', thinkingStyle: 'prompt' }, msgs).messages[1].content, 'q');
    });
    it('thinkingOn follows the setting, and guesses reasoners under default', () => {
      const m = defaultConfig().models;
      assert.equal(thinkingOn(m['deepseek-reasoner']), true);
      assert.equal(thinkingOn(m['Qwen/Qwen3-8B']), false);
      assert.equal(thinkingOn(m['deepseek-coder']), false);
      assert.equal(thinkingOn({ ...m['deepseek-coder'], id: 'x', name: 'deepseek-r1', thinking: 'default' }), true);
    });
  });

  describe('ThinkSplitter', () => {
    const run = (chunks: string[]) => {
      const s = new ThinkSplitter();
      let content = '';
      let reasoning = '';
      for (const c of chunks) {
        const r = s.push(c);
        content += r.content;
        reasoning += r.reasoning;
      }
      const r = s.flush();
      return { content: content + r.content, reasoning: reasoning + r.reasoning };
    };
    const split = (text: string, size: number) =>
      Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, i * size + size));

    it('strips an empty think block at any chunking', () => {
      const text = '<think>\n\n</think>\n\nHello `world`.';
      for (let size = 1; size <= text.length; size++)
        assert.deepEqual(run(split(text, size)), { content: 'Hello `world`.', reasoning: '' }, `size ${size}`);
    });
    it('moves a non-empty think block to reasoning at any chunking', () => {
      const text = '<think>\nStep one. Step two.\n</think>\n\nAnswer.';
      for (let size = 1; size <= text.length; size++)
        assert.deepEqual(
          run(split(text, size)),
          { content: 'Answer.', reasoning: 'Step one. Step two.' },
          `size ${size}`,
        );
    });
    it('leaves ordinary content alone, including a later <think>', () => {
      assert.deepEqual(run(['<th', 'ead>x']), { content: '<thead>x', reasoning: '' });
      assert.deepEqual(run(['Use <think> tags']), { content: 'Use <think> tags', reasoning: '' });
      assert.deepEqual(run(['  ', '\n']), { content: '  \n', reasoning: '' });
      assert.deepEqual(splitThink(''), { content: '', reasoning: '' });
    });
    it('an unclosed think block is all reasoning', () => {
      assert.deepEqual(run(['<think>still thinking </']), { content: '', reasoning: 'still thinking </' });
    });
  });

  describe('mapUsage', () => {
    it('DeepSeek fields', () => {
      assert.deepEqual(
        mapUsage({
          prompt_tokens: 100,
          completion_tokens: 50,
          total_tokens: 150,
          prompt_cache_hit_tokens: 64,
          prompt_cache_miss_tokens: 36,
          completion_tokens_details: { reasoning_tokens: 30 },
        }),
        { inputTokens: 100, outputTokens: 50, cachedInputTokens: 64, reasoningTokens: 30 },
      );
    });
    it('OpenAI cached_tokens, OpenRouter cost, LiteLLM header cost', () => {
      assert.deepEqual(
        mapUsage({ prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 8 } }),
        { inputTokens: 10, outputTokens: 5, cachedInputTokens: 8, reasoningTokens: 0 },
      );
      assert.equal(mapUsage({ prompt_tokens: 10, completion_tokens: 5, cost: 0.00012 })!.hostCostUsd, 0.00012);
      assert.equal(mapUsage({ prompt_tokens: 10, completion_tokens: 5 }, 0.5)!.hostCostUsd, 0.5);
      assert.equal(
        mapUsage({ prompt_tokens: 10, completion_tokens: 5, cost: 0.1 }, 0.5)!.hostCostUsd,
        0.1,
        'usage.cost first',
      );
      assert.equal(mapUsage(null), undefined);
    });
  });

  it('isLoopback', () => {
    for (const u of ['http://127.0.0.1:11434/v1', 'http://localhost:8080', 'http://[::1]:1/v1', 'http://127.1.2.3/'])
      assert.equal(isLoopback(u), true, u);
    for (const u of ['https://api.deepseek.com', 'https://global-apis.com/v1', 'http://10.0.0.2/v1', 'not a url'])
      assert.equal(isLoopback(u), false, u);
  });
});

// The provider client against the real simulator (in-process, free port): streaming, usage, thinking switches,
// cancellation, timeouts, retries, error mapping, FIM.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { startSimulator, type Simulator, type RecordedRequest } from '../fixtures/simulator';
import { SleepAborted, systemClock } from '../../src/core/clock';
import { recordingClock } from '../fixtures/clock';
import { ProviderClient, ProviderError, type CallResult, type ChatCall, type FimCall } from '../../src/core/provider';
import { defaultConfig, type ModelConfig, type ProviderConfig } from '../../src/core/config';
import { MemoryLogger } from '../../src/core/ports';

const cfg = defaultConfig();
const QWEN = cfg.models['Qwen/Qwen3-8B'];
const CODER = cfg.models['deepseek-coder'];
const REASONER = cfg.models['deepseek-reasoner'];
const KEY = 'sk-test-1234567890';

const model = (over: Partial<ModelConfig>): ModelConfig => ({ ...CODER, ...over });

const SELECTION =
  'function total(items: number[]): number {\n  let sum = 0;\n  for (const x of items) {\n    sum += x;\n  }\n  return sum;\n}';
const EXPLAIN = [
  { role: 'system' as const, content: 'You are a concise assistant. Answer in short markdown.' },
  { role: 'user' as const, content: `Explain this code:\n\`\`\`typescript\n${SELECTION}\n\`\`\`` },
];

async function rejects(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ProviderError, `expected ProviderError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('ProviderClient against the simulator', function () {
  this.timeout(15000);
  let sim: Simulator;
  let provider: ProviderConfig;
  let sleeps: number[];
  let logger: MemoryLogger;
  let client: ProviderClient;

  before(async () => {
    sim = await startSimulator({ port: 0, chunkDelayMs: 0 });
    provider = { id: 'default', baseUrl: sim.baseUrl };
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    const clock = recordingClock();
    sleeps = clock.sleeps;
    logger = new MemoryLogger();
    client = new ProviderClient({ logger, clock, random: () => 0.5 });
  });

  const chat = (over: Partial<ChatCall> = {}) =>
    client.chat({ provider, model: CODER, apiKey: KEY, messages: EXPLAIN, ...over });
  const last = (): RecordedRequest => sim.requests[sim.requests.length - 1];

  describe('chat', () => {
    it('streams deltas, returns the whole answer and the usage', async () => {
      const deltas: string[] = [];
      const r = await chat({
        onDelta: (d) => {
          if (d.content) deltas.push(d.content);
        },
      });
      assert.ok(deltas.length > 3, 'several content deltas');
      assert.equal(deltas.join(''), r.content);
      assert.match(r.content, /function total/, 'the explanation quotes the selection');
      assert.equal(r.finishReason, 'stop');
      assert.equal(r.reasoning, '');
      assert.equal(r.retries, 0);
      assert.ok(r.latencyMs >= 0);
      assert.ok(r.usage && r.usage.inputTokens > 0 && r.usage.outputTokens > 0);
      assert.equal(r.usageEstimated, undefined);

      const req = last();
      assert.equal(req.path, '/v1/chat/completions');
      assert.equal(req.body.model, 'deepseek-coder');
      assert.equal(req.body.stream, true);
      assert.deepEqual(req.body.stream_options, { include_usage: true });
      assert.equal(req.hasAuthorization, true);
      assert.equal(req.headers.authorization, undefined, 'the simulator never records the key');
    });

    it('non-streaming gives the same answer and usage', async () => {
      const streamed = await chat();
      sim.reset();
      const plain = await chat({ stream: false });
      assert.equal(plain.content, streamed.content);
      assert.deepEqual(plain.usage, streamed.usage);
      assert.notEqual(last().body.stream, true);
      assert.equal(last().body.stream_options, undefined);
    });

    it('maps DeepSeek prompt-cache hits to cachedInputTokens on a repeated prompt', async () => {
      const long = [
        { role: 'system' as const, content: `Context:\n${'const value = compute(input);\n'.repeat(40)}` },
        ...EXPLAIN,
      ];
      const first = await chat({ messages: long });
      assert.equal(first.usage!.cachedInputTokens, 0);
      const second = await chat({ messages: long });
      assert.ok(second.usage!.cachedInputTokens > 0, 'second identical prompt hits the cache');
      assert.ok(second.usage!.cachedInputTokens <= second.usage!.inputTokens);
      assert.equal(second.usage!.cachedInputTokens % 64, 0, 'whole 64-token blocks');
      assert.equal(second.usage!.inputTokens, first.usage!.inputTokens);
    });

    it('keeps reasoning_content apart from the answer and counts reasoning tokens', async () => {
      const order: string[] = [];
      const r = await chat({
        model: REASONER,
        temperature: 0.3,
        onDelta: (d) => {
          if (d.reasoning) order.push('r');
          if (d.content) order.push('c');
        },
      });
      assert.ok(r.reasoning.length > 20, 'reasoning captured');
      assert.ok(!r.content.includes(r.reasoning.slice(0, 30)), 'answer does not contain the reasoning');
      assert.ok(order.indexOf('c') > order.lastIndexOf('r'), 'reasoning streams before the answer');
      assert.ok(r.usage!.reasoningTokens > 0);
      assert.ok(r.usage!.outputTokens > r.usage!.reasoningTokens, 'completion tokens include reasoning');
      assert.equal(last().body.temperature, undefined, 'no temperature in thinking mode');
      assert.equal(last().thinking!.enabled, true);
    });

    it('never sends reasoning back in later messages', async () => {
      const history = [
        ...EXPLAIN,
        { role: 'assistant', content: 'Earlier answer.', reasoning_content: 'secret thoughts' } as any,
        { role: 'user' as const, content: 'And now?' },
      ];
      await chat({ messages: history });
      assert.ok(!JSON.stringify(last().body).includes('secret thoughts'));
      assert.deepEqual(Object.keys(last().body.messages[2]).sort(), ['content', 'role']);
    });

    it('sends enable_thinking:false for Qwen3 (qwen style) and keeps temperature', async () => {
      const r = await chat({ model: QWEN, temperature: 0.2 });
      const req = last();
      assert.equal(req.body.model, 'Qwen/Qwen3-8B');
      assert.equal(req.body.enable_thinking, false);
      assert.equal(req.body.temperature, 0.2);
      assert.equal(req.thinking!.enabled, false);
      assert.equal(r.reasoning, '');
    });

    it('without the switch Qwen3 would think (the simulator mimics the host default)', async () => {
      const r = await chat({ model: { ...QWEN, thinking: 'default' } });
      assert.equal(last().body.enable_thinking, undefined);
      assert.ok(r.reasoning.length > 0);
    });

    it('uses each host style of thinking switch', async () => {
      await chat({ model: model({ name: 'deepseek-v4-flash', thinking: 'off', thinkingStyle: 'deepseek' }) });
      assert.deepEqual(last().body.thinking, { type: 'disabled' });
      const on = await chat({
        model: model({ name: 'deepseek-v4-flash', thinking: 'on', thinkingStyle: 'deepseek' }),
        temperature: 1,
      });
      assert.deepEqual(last().body.thinking, { type: 'enabled' });
      assert.equal(last().body.temperature, undefined);
      assert.ok(on.reasoning.length > 0);
      await chat({ model: model({ name: 'Qwen/Qwen3-8B', thinking: 'off', thinkingStyle: 'vllm' }) });
      assert.deepEqual(last().body.chat_template_kwargs, { enable_thinking: false });
      await chat({ model: model({ thinking: 'off', thinkingStyle: 'none' }) });
      for (const k of ['thinking', 'enable_thinking', 'chat_template_kwargs']) assert.equal(last().body[k], undefined);
    });

    it("'prompt' style appends /no_think and strips the empty <think></think>", async () => {
      const deltas: string[] = [];
      const r = await chat({
        model: model({ name: 'qwen3:8b', thinking: 'off', thinkingStyle: 'prompt' }),
        onDelta: (d) => {
          if (d.content) deltas.push(d.content);
        },
      });
      const msgs = last().body.messages;
      assert.match(msgs[msgs.length - 1].content, / \/no_think$/);
      assert.equal(EXPLAIN[1].content.endsWith('/no_think'), false, 'the caller’s messages are not mutated');
      assert.ok(!r.content.includes('<think>'), r.content);
      assert.ok(!/^\s/.test(r.content), 'leading whitespace after </think> dropped');
      assert.equal(deltas.join(''), r.content);
      assert.equal(r.reasoning, '');
      const plain = await chat({
        model: model({ name: 'qwen3:8b', thinking: 'off', thinkingStyle: 'prompt' }),
        stream: false,
      });
      assert.equal(plain.content, r.content);
    });

    it('honours max_tokens: finish reason length', async () => {
      const r = await chat({ maxTokens: 10 });
      assert.equal(last().body.max_tokens, 10);
      assert.equal(r.finishReason, 'length');
      assert.ok(r.content.length <= 40);
    });

    it('gives usage undefined when the host sends none', async () => {
      sim.setFaults([{ type: 'noUsage', times: 2 }]);
      const streamed = await chat();
      assert.equal(streamed.usage, undefined);
      assert.ok(streamed.content.length > 0);
      const plain = await chat({ stream: false });
      assert.equal(plain.usage, undefined);
    });

    it('records the host-reported cost (OpenRouter usage.cost, LiteLLM header)', async () => {
      sim.setConfig({ hostCost: { style: 'openrouter', perMillionUsd: 2 } });
      const a = await chat();
      const tokens = a.usage!.inputTokens + a.usage!.outputTokens;
      assert.equal(a.usage!.hostCostUsd, Math.round(((tokens * 2) / 1e6) * 1e10) / 1e10);
      sim.setConfig({ hostCost: { style: 'litellm', perMillionUsd: 3 } });
      const b = await chat({ stream: false });
      assert.ok(b.usage!.hostCostUsd! > 0);
      sim.setConfig({ hostCost: undefined });
      const c = await chat();
      assert.equal(c.usage!.hostCostUsd, undefined);
    });
  });

  describe('keys', () => {
    it('rejects a missing key for a remote host before sending anything, naming the command', async () => {
      const remote = { id: 'default', baseUrl: 'https://api.example.invalid/v1' };
      const e = await rejects(client.chat({ provider: remote, model: CODER, apiKey: undefined, messages: EXPLAIN }));
      assert.equal(e.kind, 'auth');
      assert.match(e.userMessage, /Frugal: Set API Key/);
      assert.equal(e.retryable, false);
    });

    it('sends a placeholder key to a loopback server when none is stored', async () => {
      const r = await chat({ apiKey: undefined });
      assert.ok(r.content.length > 0);
      assert.equal(last().hasAuthorization, true);
    });

    it('maps 401 to auth with an actionable message and never logs or echoes the key', async () => {
      const e = await rejects(chat({ apiKey: 'sk-bad' }));
      assert.equal(e.kind, 'auth');
      assert.equal(e.status, 401);
      assert.match(e.userMessage, /rejected the API key for 'default'.*Run 'Frugal: Set API Key'/);
      assert.equal(sim.requests.length, 1, 'not retried');
      await chat();
      assert.ok(!logger.lines.some((l) => l.includes(KEY)), 'key never logged');
    });

    it('maps 402 to credit', async () => {
      sim.setFaults([{ type: 'status', status: 402 }]);
      const e = await rejects(chat());
      assert.equal(e.kind, 'credit');
      assert.match(e.userMessage, /Insufficient Balance/);
      assert.equal(e.retryable, false);
    });
  });

  describe('model not found', () => {
    it('maps 404 model_not_found to a message naming the model, the URL and the settings', async () => {
      sim.setConfig({ unknownModels: ['deepseek-coder'] });
      const e = await rejects(chat());
      assert.equal(e.kind, 'model_not_found');
      assert.equal(e.status, 404);
      assert.equal(e.code, 'model_not_found');
      assert.ok(e.userMessage.includes(`'deepseek-coder'`));
      assert.ok(e.userMessage.includes(sim.baseUrl));
      assert.match(e.userMessage, /frugal\.tiers or frugal\.models/);
      assert.equal(sim.requests.length, 1, 'not retried');
    });
  });

  describe('retries', () => {
    it('retries after 429 and honours Retry-After in seconds', async () => {
      sim.setFaults([{ type: 'status', status: 429, retryAfter: 2 }]);
      const r = await chat();
      assert.deepEqual(sleeps, [2000]);
      assert.equal(r.retries, 1);
      assert.equal(sim.requests.length, 2);
      assert.ok(r.content.length > 0);
    });

    it('honours retry-after-ms', async () => {
      sim.setFaults([{ type: 'status', status: 503, retryAfterMs: 1250 }]);
      await chat();
      assert.deepEqual(sleeps, [1250]);
    });

    it('retries a 500 with exponential backoff, then succeeds', async () => {
      sim.setFaults([{ type: 'status', status: 500, times: 2 }]);
      const r = await chat();
      assert.equal(r.retries, 2);
      assert.deepEqual(sleeps, [500, 1000], 'backoff doubles (jitter fixed by random=0.5)');
      assert.equal(sim.requests.length, 3);
    });

    it('gives up after maxRetries with a rate_limit error', async () => {
      sim.setFaults([{ type: 'status', status: 429, retryAfter: 1, times: -1 }]);
      const e = await rejects(chat({ maxRetries: 2 }));
      assert.equal(e.kind, 'rate_limit');
      assert.equal(e.retryable, true);
      assert.equal(sim.requests.length, 3);
      assert.match(e.userMessage, /rate-limiting.*gave up after 2 retries/);
    });

    it('does not wait for a Retry-After beyond the cap', async () => {
      sim.setFaults([{ type: 'status', status: 429, retryAfter: 600 }]);
      const e = await rejects(chat());
      assert.equal(e.kind, 'rate_limit');
      assert.equal(e.retryAfterMs, 600_000);
      assert.deepEqual(sleeps, []);
      assert.match(e.userMessage, /wait 600 s/);
    });

    it('retries a dropped connection before any output', async () => {
      sim.setFaults([{ type: 'disconnect' }]);
      const r = await chat({ stream: false });
      assert.equal(r.retries, 1);
      assert.equal(sim.requests.length, 2);
    });

    it('maxRetries 0 means one attempt', async () => {
      sim.setFaults([{ type: 'status', status: 502 }]);
      const e = await rejects(chat({ maxRetries: 0 }));
      assert.equal(e.kind, 'server');
      assert.equal(e.status, 502);
      assert.equal(sim.requests.length, 1);
    });

    it('stops waiting when cancelled during the backoff', async () => {
      // Virtual time: the backoff is a sleep the test controls. It is asked for the Retry-After (10 s), and the
      // abort ends it; nothing waits on the wall clock.
      const sleeps: { ms: number; ended: 'aborted' | 'elapsed' | 'pending' }[] = [];
      const sleep = (ms: number, signal?: AbortSignal) =>
        new Promise<void>((_resolve, reject) => {
          const s = { ms, ended: 'pending' as 'aborted' | 'elapsed' | 'pending' };
          sleeps.push(s);
          signal?.addEventListener('abort', () => {
            s.ended = 'aborted';
            reject(new SleepAborted());
          });
        });
      const real = new ProviderClient({ logger, clock: { ...systemClock, sleep } });
      sim.setFaults([{ type: 'status', status: 429, retryAfter: 10 }]);
      const ac = new AbortController();
      const p = real.chat({ provider, model: CODER, apiKey: KEY, messages: EXPLAIN, signal: ac.signal });
      await waitFor(() => sleeps.length === 1);
      assert.equal(sleeps[0].ms, 10_000, 'the backoff honours Retry-After');
      ac.abort();
      const e = await rejects(p);
      assert.equal(e.kind, 'cancelled');
      assert.equal(sleeps[0].ended, 'aborted');
      assert.equal(sim.requests.length, 1);
    });
  });

  describe('cancellation and timeouts', () => {
    it('abort while waiting stops the HTTP request and rejects with cancelled promptly', async () => {
      sim.setFaults([{ type: 'hang' }]);
      const ac = new AbortController();
      const p = chat({ signal: ac.signal });
      await waitFor(() => sim.requests.length === 1);
      const closed = once(sim.events, 'closed');
      // No timeout is set shorter than the test's own: only the abort can end this request.
      ac.abort();
      const e = await rejects(p);
      assert.equal(e.kind, 'cancelled');
      assert.equal(e.retryable, false);
      await closed;
      assert.equal(sim.requests[0].aborted, true, 'the simulator saw the connection closed');
      assert.equal(sim.requests.length, 1, 'not retried');
    });

    it('abort mid-stream keeps the partial answer', async () => {
      sim.setConfig({ chunkDelayMs: 20 });
      const ac = new AbortController();
      let seen = '';
      const p = chat({
        signal: ac.signal,
        onDelta: (d) => {
          seen += d.content ?? '';
          if (seen.length > 20) ac.abort();
        },
      });
      const e = await rejects(p);
      assert.equal(e.kind, 'cancelled');
      assert.ok(e.partial, 'partial result');
      assert.equal(e.partial!.content, seen);
      assert.equal(e.partial!.finishReason, 'cancelled');
      assert.equal(e.partial!.usageEstimated, true);
      assert.ok(e.partial!.usage!.inputTokens > 0 && e.partial!.usage!.outputTokens > 0);
      await waitFor(() => sim.requests[0].aborted);
    });

    it('an already-aborted signal sends nothing', async () => {
      const ac = new AbortController();
      ac.abort();
      const e = await rejects(chat({ signal: ac.signal }));
      assert.equal(e.kind, 'cancelled');
      assert.equal(sim.requests.length, 0);
    });

    it('a host that hangs past the timeout gives timeout, not retried', async () => {
      sim.setFaults([{ type: 'hang' }]);
      const e = await rejects(chat({ timeoutMs: 200 }));
      assert.equal(e.kind, 'timeout');
      assert.match(e.userMessage, /did not answer within 0\.2 s.*frugal\.request\.timeoutSeconds/);
      assert.equal(sim.requests.length, 1);
      await waitFor(() => sim.requests[0].aborted);
    });

    it('a stream that stalls mid-answer times out with the partial text', async () => {
      sim.setFaults([{ type: 'hang', afterChars: 30 }]);
      const e = await rejects(chat({ timeoutMs: 200 }));
      assert.equal(e.kind, 'timeout');
      assert.ok(e.partial && e.partial.content.length >= 30);
      assert.match(e.userMessage, /stopped sending mid-answer/);
    });

    it('a slow but steady stream is not cut off by the inactivity timeout', async () => {
      sim.setFaults([{ type: 'latency', ms: 0, chunkMs: 30 }]);
      const r = await chat({ timeoutMs: 150, messages: [{ role: 'user', content: 'Explain `x`' }] });
      assert.equal(r.finishReason, 'stop');
    });
  });

  describe('broken responses', () => {
    it('a dropped connection mid-stream carries the partial text and is not retried', async () => {
      const full = (await chat()).content;
      sim.reset();
      sim.setFaults([{ type: 'disconnect', afterChars: 40 }]);
      const e = await rejects(chat());
      assert.equal(e.kind, 'server');
      assert.match(e.userMessage, /dropped mid-answer/);
      assert.ok(e.partial, 'partial');
      assert.ok(e.partial!.content.length >= 40);
      assert.ok(full.startsWith(e.partial!.content));
      assert.equal(e.partial!.finishReason, 'error');
      assert.equal(e.partial!.usageEstimated, true);
      assert.equal(sim.requests.length, 1, 'no retry after output began');
    });

    it('a malformed stream chunk gives bad_response with a clear message', async () => {
      const consoleError = console.error;
      const printed: unknown[] = [];
      console.error = (...a: unknown[]) => {
        printed.push(a);
      };
      try {
        sim.setFaults([{ type: 'malformed', afterChars: 10 }]);
        const e = await rejects(chat());
        assert.equal(e.kind, 'bad_response');
        assert.match(e.userMessage, /malformed response \(a chunk that is not valid JSON\)/);
        assert.ok(e.partial && e.partial.content.length >= 10);
      } finally {
        console.error = consoleError;
      }
      assert.deepEqual(printed, [], 'the SDK prints nothing to the console');
    });

    it('a malformed non-streamed body gives bad_response', async () => {
      sim.setFaults([{ type: 'malformed' }]);
      const e = await rejects(chat({ stream: false }));
      assert.equal(e.kind, 'bad_response');
    });

    it('a stream cut short without finish_reason returns what came, finish null, no usage', async () => {
      sim.setFaults([{ type: 'truncate' }]);
      const r = await chat();
      assert.equal(r.finishReason, null);
      assert.equal(r.usage, undefined);
      assert.ok(r.content.length > 0);
      assert.ok(logger.lines.some((l) => l.includes('without a finish reason')));
    });

    it('an unreachable host gives unreachable (connection refused)', async () => {
      const srv = http.createServer();
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      const port = (srv.address() as AddressInfo).port;
      await new Promise<void>((r) => srv.close(() => r()));
      const e = await rejects(
        client.chat({
          provider: { id: 'default', baseUrl: `http://127.0.0.1:${port}/v1` },
          model: CODER,
          apiKey: KEY,
          messages: EXPLAIN,
          maxRetries: 1,
        }),
      );
      assert.equal(e.kind, 'unreachable');
      assert.match(e.userMessage, /connection refused.*frugal\.baseUrl/);
      assert.equal(sleeps.length, 1, 'connection errors are retried');
    });
  });

  describe('FIM', () => {
    const fim = (over: Partial<FimCall> = {}): Promise<CallResult> =>
      client.complete({
        provider,
        model: CODER,
        apiKey: KEY,
        prompt: '// math\nfunction add(a, b) {',
        suffix: '\n\nmodule.exports = add;\n',
        maxTokens: 64,
        ...over,
      });

    it('posts prompt, suffix, max_tokens and stop to /completions and streams the continuation', async () => {
      const deltas: string[] = [];
      const r = await fim({ stop: ['\n\n'], onDelta: (d) => deltas.push(d.content ?? '') });
      const req = last();
      assert.equal(req.path, '/v1/completions');
      assert.equal(req.body.model, 'deepseek-coder');
      assert.equal(req.body.prompt, '// math\nfunction add(a, b) {');
      assert.equal(req.body.suffix, '\n\nmodule.exports = add;\n');
      assert.equal(req.body.max_tokens, 64);
      assert.deepEqual(req.body.stop, ['\n\n']);
      assert.equal(req.body.stream, true);
      assert.equal(req.body.messages, undefined);
      assert.equal(r.content, '\n  return a + b;\n}');
      assert.equal(deltas.join(''), r.content);
      assert.ok(r.usage && r.usage.inputTokens > 0);
    });

    it('clamps max_tokens to 4096 and stop to 16; non-streaming works', async () => {
      const stops = Array.from({ length: 20 }, (_, i) => `STOP${i}`);
      const r = await fim({ maxTokens: 10_000, stop: stops, stream: false });
      assert.equal(last().body.max_tokens, 4096);
      assert.equal(last().body.stop.length, 16);
      assert.notEqual(last().body.stream, true);
      assert.equal(last().body.stream_options, undefined);
      assert.equal(r.content, '\n  return a + b;\n}');
      assert.equal(r.finishReason, 'stop');
    });

    it('uses fimBaseUrl when the provider has one (DeepSeek /beta)', async () => {
      const beta = {
        id: 'default',
        baseUrl: sim.baseUrl.replace(/\/v1$/, ''),
        fimBaseUrl: sim.baseUrl.replace(/\/v1$/, '/beta'),
      };
      const r = await fim({ provider: beta });
      assert.equal(last().path, '/beta/completions');
      assert.ok(r.content.includes('return a + b'));
    });

    it('errors map the same way as chat', async () => {
      sim.setConfig({ unknownModels: ['deepseek-coder'] });
      const e = await rejects(fim());
      assert.equal(e.kind, 'model_not_found');
    });
  });
});

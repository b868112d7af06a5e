// The provider simulator itself, spoken to over plain HTTP (as the extension host and e2e tests do).
import { strict as assert } from 'node:assert';
import { startSimulator, type Simulator } from '../fixtures/simulator';
import { fimAnswer, chatAnswer, fencedBlocks } from '../fixtures/simulator/answers';
import { buildMessages } from '../../src/core/prompts';
import { TASKS } from '../../src/core/types';

interface Sse {
  chunks: any[];
  done: boolean;
}

function parseSse(text: string): Sse {
  const chunks: any[] = [];
  let done = false;
  for (const block of text.split('\n\n')) {
    const line = block.trim();
    if (!line.startsWith('data: ')) continue;
    const data = line.slice(6);
    if (data === '[DONE]') done = true;
    else chunks.push(JSON.parse(data));
  }
  return { chunks, done };
}

function balanced(code: string): boolean {
  const open = '([{';
  const close = ')]}';
  const stack: string[] = [];
  for (const ch of code) {
    if (open.includes(ch)) stack.push(ch);
    else if (close.includes(ch) && stack.pop() !== open[close.indexOf(ch)]) return false;
  }
  return stack.length === 0;
}

describe('provider simulator', function () {
  this.timeout(10000);
  let sim: Simulator;
  let root: string;

  before(async () => {
    sim = await startSimulator({ chunkDelayMs: 0 });
    root = sim.baseUrl.replace(/\/v1$/, '');
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${root}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test', ...headers },
      body: JSON.stringify(body),
    });
  const chatBody = (over: Record<string, unknown> = {}) => ({
    model: 'deepseek-coder',
    messages: [{ role: 'user', content: 'Explain this:\n```python\ndef area(r):\n    return 3.14 * r * r\n```' }],
    ...over,
  });

  it('listens on 127.0.0.1 with a /v1 base URL and lists models', async () => {
    assert.match(sim.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.ok(sim.port > 0);
    const res = await fetch(`${sim.baseUrl}/models`);
    const body = await res.json();
    assert.equal(body.object, 'list');
    assert.ok(body.data.some((m: any) => m.id === 'deepseek-coder'));
  });

  it('answers a chat completion with OpenAI-shaped JSON and DeepSeek-style usage', async () => {
    const res = await post('/v1/chat/completions', chatBody());
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.choices[0].message.role, 'assistant');
    assert.match(body.choices[0].message.content, /def area\(r\):/, 'quotes the selection');
    assert.equal(body.choices[0].finish_reason, 'stop');
    const u = body.usage;
    assert.equal(u.total_tokens, u.prompt_tokens + u.completion_tokens);
    assert.equal(u.prompt_cache_hit_tokens + u.prompt_cache_miss_tokens, u.prompt_tokens);
    assert.equal(u.completion_tokens_details.reasoning_tokens, 0);
  });

  it('streams SSE with a final usage chunk with empty choices, then [DONE]', async () => {
    const res = await post('/v1/chat/completions', chatBody({ stream: true, stream_options: { include_usage: true } }));
    assert.match(res.headers.get('content-type')!, /text\/event-stream/);
    const { chunks, done } = parseSse(await res.text());
    assert.ok(done);
    const lastChunk = chunks[chunks.length - 1];
    assert.deepEqual(lastChunk.choices, []);
    assert.ok(lastChunk.usage.prompt_tokens > 0);
    assert.equal(chunks[chunks.length - 2].choices[0].finish_reason, 'stop');
    const text = chunks
      .flatMap((c) => c.choices)
      .map((c: any) => c.delta?.content ?? '')
      .join('');
    assert.match(text, /area/);
  });

  it('without include_usage sends no usage chunk', async () => {
    const res = await post('/v1/chat/completions', chatBody({ stream: true }));
    const { chunks } = parseSse(await res.text());
    assert.ok(chunks.every((c) => !c.usage));
  });

  it('simulates the prompt cache in 64-token blocks', async () => {
    const long = chatBody({
      messages: [
        { role: 'system', content: 'x'.repeat(2000) },
        { role: 'user', content: 'Explain `a`' },
      ],
    });
    const a = (await (await post('/v1/chat/completions', long)).json()).usage;
    const b = (await (await post('/v1/chat/completions', long)).json()).usage;
    assert.equal(a.prompt_cache_hit_tokens, 0);
    assert.ok(b.prompt_cache_hit_tokens >= 448, `hit ${b.prompt_cache_hit_tokens}`);
    assert.equal(b.prompt_cache_hit_tokens % 64, 0);
    assert.equal(b.prompt_cache_hit_tokens + b.prompt_cache_miss_tokens, b.prompt_tokens);
    assert.equal(b.prompt_tokens_details.cached_tokens, b.prompt_cache_hit_tokens);
  });

  it('emits reasoning_content before content for reasoners and thinking switches, and records the switch', async () => {
    for (const over of [
      { model: 'deepseek-reasoner' },
      { model: 'deepseek-v4-flash', thinking: { type: 'enabled' } },
    ]) {
      sim.reset();
      const res = await post(
        '/v1/chat/completions',
        chatBody({ ...over, stream: true, stream_options: { include_usage: true } }),
      );
      const { chunks } = parseSse(await res.text());
      const deltas = chunks.flatMap((c) => c.choices).map((c: any) => c.delta ?? {});
      const firstContent = deltas.findIndex((d: any) => d.content);
      const lastReasoning = deltas.map((d: any) => !!d.reasoning_content).lastIndexOf(true);
      assert.ok(lastReasoning > 0 && lastReasoning < firstContent, JSON.stringify(over));
      const usage = chunks[chunks.length - 1].usage;
      assert.ok(usage.completion_tokens_details.reasoning_tokens > 0);
      assert.ok(usage.completion_tokens > usage.completion_tokens_details.reasoning_tokens);
      assert.equal(sim.requests[0].thinking!.enabled, true);
    }
    sim.reset();
    await post('/v1/chat/completions', chatBody({ model: 'Qwen/Qwen3-8B', enable_thinking: false }));
    assert.equal(sim.requests[0].thinking!.enable_thinking, false);
    assert.equal(sim.requests[0].thinking!.enabled, false);
    await post(
      '/v1/chat/completions',
      chatBody({ model: 'Qwen/Qwen3-8B', chat_template_kwargs: { enable_thinking: false } }),
    );
    assert.deepEqual(sim.requests[1].thinking!.chat_template_kwargs, { enable_thinking: false });
    assert.equal(sim.requests[1].thinking!.enabled, false);
  });

  it('honours max_tokens with finish_reason length', async () => {
    const body = await (await post('/v1/chat/completions', chatBody({ max_tokens: 5 }))).json();
    assert.equal(body.choices[0].finish_reason, 'length');
    assert.ok(body.choices[0].message.content.length <= 20);
    assert.equal(body.usage.completion_tokens, 5);
  });

  it('serves FIM at /v1/completions, /beta/completions and /v1/beta/completions', async () => {
    for (const path of ['/v1/completions', '/beta/completions', '/v1/beta/completions']) {
      const body = await (
        await post(path, { model: 'deepseek-coder', prompt: 'function add(a, b) {', suffix: '', max_tokens: 32 })
      ).json();
      assert.equal(body.object, 'text_completion');
      assert.equal(body.choices[0].text, '\n  return a + b;\n}', path);
    }
    const res = await post('/v1/completions', {
      model: 'deepseek-coder',
      prompt: 'def mul(x, y):',
      suffix: '\n',
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks, done } = parseSse(await res.text());
    assert.ok(done);
    assert.equal(
      chunks
        .flatMap((c) => c.choices)
        .map((c: any) => c.text)
        .join(''),
      '\n    return x * y\n',
    );
    assert.ok(chunks[chunks.length - 1].usage.prompt_tokens > 0);
  });

  it('records requests without the authorization header but notes its presence', async () => {
    await post('/v1/chat/completions', chatBody(), { authorization: 'Bearer sk-secret-value' });
    await fetch(`${sim.baseUrl}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(chatBody()),
      headers: { 'content-type': 'application/json' },
    });
    const recorded = await (await fetch(`${root}/__sim/requests`)).json();
    assert.equal(recorded.length, 2);
    assert.equal(recorded[0].hasAuthorization, true);
    assert.equal(recorded[1].hasAuthorization, false);
    assert.ok(!JSON.stringify(recorded).includes('sk-secret-value'));
    assert.equal(recorded[0].method, 'POST');
    assert.equal(recorded[0].path, '/v1/chat/completions');
    assert.equal(recorded[0].body.model, 'deepseek-coder');
    assert.equal(recorded[0].completed, true);
  });

  it('sk-bad gives 401, unknownModels give an OpenAI-style 404', async () => {
    const bad = await post('/v1/chat/completions', chatBody(), { authorization: 'Bearer sk-bad' });
    assert.equal(bad.status, 401);
    sim.setConfig({ unknownModels: ['nope'] });
    const missing = await post('/v1/chat/completions', chatBody({ model: 'nope' }));
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), {
      error: { message: 'Model Not Exist', type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
  });

  it('faults set over HTTP apply to the next N matching requests, then reset clears them', async () => {
    let res = await post('/__sim/faults', [
      { type: 'status', status: 429, retryAfter: 3, times: 2, model: 'deepseek-coder' },
    ]);
    assert.equal(res.status, 200);
    const other = await post('/v1/chat/completions', chatBody({ model: 'gpt-4o' }));
    assert.equal(other.status, 200, 'other models unaffected');
    for (let i = 0; i < 2; i++) {
      res = await post('/v1/chat/completions', chatBody());
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '3');
    }
    assert.equal((await post('/v1/chat/completions', chatBody())).status, 200);

    await post('/__sim/faults', { faults: [{ type: 'status', status: 402, times: -1 }] });
    assert.equal((await post('/v1/chat/completions', chatBody())).status, 402);
    assert.equal((await post('/v1/chat/completions', chatBody())).status, 402);
    await post('/__sim/reset', {});
    assert.equal((await post('/v1/chat/completions', chatBody())).status, 200);
    assert.equal((await (await fetch(`${root}/__sim/requests`)).json()).length, 1, 'reset clears the record');
  });

  it('rejects an unknown fault type with 400', async () => {
    const res = await post('/__sim/faults', [{ type: 'explode' }]);
    assert.equal(res.status, 400);
    assert.throws(() => sim.setFaults([{ type: 'explode' as any }]), /unknown fault type/);
  });

  it('content faults: empty, refusal, noCode, noUsage, truncate, malformed', async () => {
    const codeAsk = chatBody({
      messages: [
        { role: 'system', content: 'Refactor the code. Return only code.' },
        { role: 'user', content: '```js\nfunction f(a) { return a; }\n```' },
      ],
    });
    sim.setFaults([{ type: 'empty' }]);
    assert.equal((await (await post('/v1/chat/completions', codeAsk)).json()).choices[0].message.content, '');
    sim.setFaults([{ type: 'refusal' }]);
    assert.match((await (await post('/v1/chat/completions', codeAsk)).json()).choices[0].message.content, /can't help/);
    sim.setFaults([{ type: 'noCode' }]);
    assert.ok(!(await (await post('/v1/chat/completions', codeAsk)).json()).choices[0].message.content.includes('```'));
    sim.setFaults([{ type: 'noUsage' }]);
    assert.equal((await (await post('/v1/chat/completions', codeAsk)).json()).usage, undefined);
    sim.setFaults([{ type: 'truncate' }]);
    const t = parseSse(
      await (
        await post('/v1/chat/completions', { ...codeAsk, stream: true, stream_options: { include_usage: true } })
      ).text(),
    );
    assert.equal(t.done, false);
    assert.ok(t.chunks.every((c) => !c.usage && c.choices.every((ch: any) => !ch.finish_reason)));
    sim.setFaults([{ type: 'malformed' }]);
    const m = await (await post('/v1/chat/completions', { ...codeAsk, stream: true })).text();
    assert.match(m, /data: \{"id":"broken"/);
  });

  it('latency delays the response; disconnect drops the connection', async () => {
    sim.setFaults([{ type: 'latency', ms: 150 }]);
    const t0 = Date.now();
    await (await post('/v1/chat/completions', chatBody())).json();
    assert.ok(Date.now() - t0 >= 140);
    sim.setFaults([{ type: 'disconnect' }]);
    await assert.rejects(post('/v1/chat/completions', chatBody()).then((r) => r.text()));
    sim.setFaults([{ type: 'disconnect', afterChars: 20 }]);
    const res = await post('/v1/chat/completions', chatBody({ stream: true }));
    await assert.rejects(res.text());
  });

  it('a hanging request stays open until the client goes away, and is recorded as aborted', async () => {
    sim.setFaults([{ type: 'hang' }]);
    const ac = new AbortController();
    const closed = new Promise((r) => sim.events.once('closed', r));
    const q = fetch(`${sim.baseUrl}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(chatBody()),
      signal: ac.signal,
    }).then(
      () => 'answered',
      () => 'aborted',
    );
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sim.requests.length, 1);
    assert.equal(sim.requests[0].completed, false);
    ac.abort();
    assert.equal(await q, 'aborted');
    await closed;
    assert.equal(sim.requests[0].aborted, true);
    assert.equal((await post('/v1/chat/completions', chatBody())).status, 200, 'the fault was used up');
  });

  describe('answers', () => {
    it('code requests give one fenced block with balanced brackets in the file language', () => {
      const cases: [string, string, RegExp][] = [
        ['typescript', 'Write a function that sums an array', /^ts$/],
        ['python', 'Write unit tests for this', /^python$/],
        ['go', 'Fix the bug', /^go$/],
        ['rust', 'Refactor this', /^rust$/],
        ['java', 'Generate a method that counts items', /^java$/],
      ];
      for (const [lang, instruction, fence] of cases) {
        const a = chatAnswer(
          [
            { role: 'system', content: `Language: ${lang}` },
            { role: 'user', content: instruction },
          ],
          { thinking: false },
        );
        const blocks = fencedBlocks(a.content);
        assert.equal(blocks.length, 1, `${lang}: ${a.content}`);
        assert.match(blocks[0].lang ?? '', fence);
        assert.ok(balanced(blocks[0].code), `${lang} balanced:\n${blocks[0].code}`);
      }
    });

    it('a [[sim:code]] hint forces code; explain quotes the selection', () => {
      const sel = 'const answer = compute(41) + 1;';
      const code = chatAnswer([{ role: 'user', content: `Do something [[sim:code]]\n\`\`\`js\n${sel}\n\`\`\`` }], {
        thinking: false,
      });
      assert.equal(fencedBlocks(code.content).length, 1);
      const explain = chatAnswer([{ role: 'user', content: `Explain:\n\`\`\`js\n${sel}\n\`\`\`` }], {
        thinking: false,
      });
      assert.ok(explain.content.includes(sel));
      assert.equal(fencedBlocks(explain.content).length, 0);
    });

    it('refactor of a balanced selection keeps the selection in the answer', () => {
      const sel = 'function f(a) {\n  return a * 2;\n}';
      const a = chatAnswer(
        [
          { role: 'system', content: 'Refactor the selected code.' },
          { role: 'user', content: `\`\`\`javascript\n${sel}\n\`\`\`` },
        ],
        { thinking: false },
      );
      assert.ok(fencedBlocks(a.content)[0].code.includes(sel));
    });

    it("answers Frugal's own prompts sensibly for every task", () => {
      const selection =
        'function fixTotals(rows) {\n  let total = 0;\n  for (const r of rows) {\n    total += r.amount;\n  }\n  return total;\n}';
      for (const task of TASKS) {
        const messages = buildMessages({
          task,
          languageId: 'javascript',
          instruction:
            task === 'ask' ? 'Why is this slow?' : task === 'generate' ? 'a function that parses CSV lines' : '',
          selection: task === 'generate' || task === 'complete' ? '' : selection,
          context: task === 'complete' ? 'function add(a, b) {' : '',
          filePath: '/w/src/totals.js',
          diagnostics:
            task === 'fix'
              ? [{ message: "Cannot read properties of undefined (reading 'amount')", severity: 'error', line: 3 }]
              : [],
        });
        const a = chatAnswer(messages, { thinking: false });
        const blocks = fencedBlocks(a.content);
        if (task === 'explain' || task === 'ask') {
          assert.equal(blocks.length, 0, `${task}: ${a.content}`);
          if (task === 'explain') assert.ok(a.content.includes('function fixTotals(rows) {'), 'quotes the selection');
        } else if (task === 'complete') {
          assert.equal(blocks.length, 0);
          assert.equal(a.content, '\n  return a + b;\n}');
        } else {
          assert.equal(blocks.length, 1, `${task}: ${a.content}`);
          assert.equal(blocks[0].lang, 'js');
          assert.ok(balanced(blocks[0].code), task);
          const expectKind = {
            document: 'document',
            refactor: 'refactor',
            fix: 'fix',
            tests: 'tests',
            generate: 'generate',
          }[task as string];
          assert.equal(a.context.codeKind, expectKind, task);
          if (task === 'tests') assert.match(blocks[0].code, /describe\('fixTotals'/);
          if (task === 'refactor' || task === 'fix' || task === 'document')
            assert.ok(blocks[0].code.includes(selection), task);
        }
      }
    });

    it('FIM continuations', () => {
      assert.equal(fimAnswer('function add(a, b) {', ''), '\n  return a + b;\n}');
      assert.equal(fimAnswer('function add(a, b) {', '\n}'), '\n  return a + b;');
      assert.equal(fimAnswer('  def is_ok(value):', ''), '\n      return bool(value)\n');
      assert.equal(fimAnswer('func Max(a, b int) int {', ''), '\n\treturn max(a, b)\n}');
      assert.equal(fimAnswer('const sub = (x, y) => {', ''), '\n  return x - y;\n}');
      assert.equal(fimAnswer('  console.log(', ''), "'done');");
    });
  });
});

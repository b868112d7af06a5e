import { strict as assert } from 'node:assert';
import { DEFAULT_INLINE, type InlineConfig } from '../../src/core/config';
import type { CompletionBackend, CompletionRequest } from '../../src/core/inline/completionBackend';
import {
  CompletionEngine,
  languageEnabled,
  type InlineContext,
  type InlineState,
} from '../../src/core/inline/completionEngine';
import { VirtualClock } from '../../src/core/clock';

interface Call {
  req: CompletionRequest;
  signal: AbortSignal;
  at: number;
}

/** A backend that answers after `latency` virtual ms with whatever `answer` returns. */
class FakeBackend implements CompletionBackend {
  calls: Call[] = [];
  spent = 0;
  costPerCall = 0.0003;
  latency = 200;
  fail: Error | undefined;
  answer: (req: CompletionRequest) => string = () => 'return a + b;';
  constructor(private readonly scheduler: VirtualClock) {}
  spentTodayUsd(): number {
    return this.spent;
  }
  complete(req: CompletionRequest, signal: AbortSignal) {
    this.calls.push({ req, signal, at: this.scheduler.now() });
    return new Promise<{ text: string; costUsd: number; model: string }>((resolve, reject) => {
      const h = this.scheduler.setTimeout(() => {
        if (this.fail) return reject(this.fail);
        this.spent += this.costPerCall;
        resolve({ text: this.answer(req), costUsd: this.costPerCall, model: 'deepseek-coder' });
      }, this.latency);
      signal.addEventListener('abort', () => {
        this.scheduler.clearTimeout(h);
        reject(new Error('aborted'));
      });
    });
  }
}

function setup(over: Partial<InlineConfig> = {}, fim = true) {
  const scheduler = new VirtualClock(1_000);
  const backend = new FakeBackend(scheduler);
  const config: InlineConfig = { ...DEFAULT_INLINE, ...over };
  const engine = new CompletionEngine({ backend, getConfig: () => config, supportsFim: () => fim, clock: scheduler });
  return { scheduler, backend, engine, config };
}

const FILE_HEAD = 'export function add(a: number, b: number): number {\n  ';
const FILE_TAIL = '\n}\n';
const at = (typed: string, over: Partial<InlineContext> = {}): InlineContext => ({
  prefix: FILE_HEAD + typed,
  suffix: FILE_TAIL,
  languageId: 'typescript',
  ...over,
});

describe('inline completion engine', () => {
  it('asks nothing in the files chat never sends (.env*, key files): the same rule as chat', async () => {
    const { scheduler, backend, engine } = setup({ debounceMs: 100 });
    for (const filePath of [
      '/ws/.env',
      '/ws/.env.production',
      '/ws/certs/server.pem',
      '/home/u/.ssh/id_ed25519',
      '/ws/secrets.yaml',
    ]) {
      const r = engine.provide({
        prefix: 'DB_PASSWORD=hunt',
        suffix: '\n',
        languageId: 'dotenv',
        filePath,
        explicit: true,
      } as InlineContext);
      await scheduler.advance(500);
      assert.equal(await r, undefined, filePath);
    }
    assert.equal(backend.calls.length, 0);
    assert.equal(engine.stats.skipped['sensitive-file'], 5);
    // an ordinary file still gets its request
    void engine.provide(at('const total', { filePath: '/ws/src/add.ts' }));
    await scheduler.advance(500);
    assert.equal(backend.calls.length, 1);
  });

  it('debounces: many keystrokes inside the window make one request, after the last one', async () => {
    const { scheduler, backend, engine } = setup({ debounceMs: 350 });
    const results: Promise<unknown>[] = [];
    const word = 'const total';
    for (let i = 1; i <= word.length; i++) {
      results.push(engine.provide(at(word.slice(0, i))));
      await scheduler.advance(120); // typing faster than the debounce
    }
    assert.equal(backend.calls.length, 0, 'no request while typing');
    await scheduler.advance(350);
    assert.equal(backend.calls.length, 1);
    assert.equal(backend.calls[0].req.prefix.endsWith('const total'), true);
    assert.equal(backend.calls[0].at, 1_000 + 120 * word.length + 230, 'sent debounceMs after the last keystroke');
    await scheduler.runAll();
    const settled = await Promise.all(results);
    assert.deepEqual(settled.slice(0, -1), new Array(word.length - 1).fill(undefined), 'superseded calls give nothing');
    assert.equal(engine.stats.debounced, word.length - 1);
  });

  it('serves the suggestion from a request once the debounce passes', async () => {
    const { scheduler, engine } = setup();
    const p = engine.provide(at('return '));
    await scheduler.runAll();
    const s = await p;
    assert.deepEqual(s && { text: s.text, source: s.source }, { text: 'return a + b;', source: 'request' });
    assert.ok(engine.stats.costUsd > 0);
  });

  it('cancels the request in flight when the user types on', async () => {
    const { scheduler, backend, engine } = setup({ debounceMs: 100 });
    backend.latency = 1_000;
    const first = engine.provide(at('ret'));
    await scheduler.advance(150); // debounce passed: request 1 in flight
    assert.equal(backend.calls.length, 1);
    assert.equal(backend.calls[0].signal.aborted, false);
    const second = engine.provide(at('retu'));
    assert.equal(backend.calls[0].signal.aborted, true, 'typing on aborts the stale request');
    await scheduler.runAll();
    assert.equal(await first, undefined);
    assert.equal(backend.calls.length, 2);
    assert.equal(engine.stats.aborted, 1);
    assert.ok(await second);
  });

  it('with keepInFlightWhileTyping, lets the request finish and serves the typed-on position from it', async () => {
    const scheduler = new VirtualClock(1_000);
    const backend = new FakeBackend(scheduler);
    backend.latency = 600;
    backend.answer = () => 'urn a + b;';
    const engine = new CompletionEngine({
      backend,
      getConfig: () => ({ ...DEFAULT_INLINE, debounceMs: 100 }),
      supportsFim: () => true,
      clock: scheduler,
      keepInFlightWhileTyping: true,
    });
    void engine.provide(at('ret'));
    await scheduler.advance(150);
    assert.equal(backend.calls.length, 1);
    const second = engine.provide(at('retu'));
    assert.equal(backend.calls[0].signal.aborted, false, 'kept');
    await scheduler.runAll();
    assert.deepEqual(await second, { text: 'rn a + b;', replaceSuffixChars: 0, source: 'cache' });
    assert.equal(backend.calls.length, 1, 'no second request');
    // moving elsewhere still cancels
    void engine.provide(at('x = '));
    await scheduler.advance(150);
    void engine.provide({ prefix: 'const other = ', suffix: '', languageId: 'typescript' });
    assert.equal(backend.calls[1].signal.aborted, true);
  });

  it('joins the request in flight when asked again at the same spot', async () => {
    const { scheduler, backend, engine } = setup({ debounceMs: 50 });
    backend.latency = 500;
    void engine.provide(at('return '));
    await scheduler.advance(60);
    const again = engine.provide(at('return '));
    await scheduler.runAll();
    assert.equal(backend.calls.length, 1);
    assert.equal((await again)?.text, 'return a + b;');
  });

  it('reuses the suggestion on screen while the typed characters match it (no new request)', async () => {
    const { scheduler, backend, engine } = setup();
    backend.answer = () => 'return a + b;';
    const p = engine.provide(at(''));
    await scheduler.runAll();
    assert.equal((await p)?.text, 'return a + b;');
    for (const typed of ['r', 're', 'ret', 'return a']) {
      const s = await engine.provide(at(typed));
      assert.equal(s?.source, 'reuse', typed);
      assert.equal(s?.text, 'return a + b;'.slice(typed.length));
    }
    await scheduler.runAll();
    assert.equal(backend.calls.length, 1);
    assert.equal(engine.stats.reuseHits, 4);
    // a character that does not match ends the reuse; the next pause asks again
    const off = engine.provide(at('return x'));
    await scheduler.runAll();
    assert.equal(backend.calls.length, 2);
    assert.equal((await off)?.source, 'request');
  });

  it('serves an extended prefix from the LRU of earlier completions (cache hit, no request)', async () => {
    const { scheduler, backend, engine } = setup();
    backend.answer = () => 'return a + b;';
    const p = engine.provide(at(''));
    await scheduler.runAll();
    await p;
    // the user goes elsewhere: another completion is shown
    backend.answer = () => 'b;';
    const q = engine.provide({ prefix: 'const x = a + ', suffix: '', languageId: 'typescript' });
    await scheduler.runAll();
    assert.equal((await q)?.text, 'b;');
    // back at the first spot, having typed part of the first suggestion
    const s = await engine.provide(at('return a'));
    assert.deepEqual(s && { text: s.text, source: s.source }, { text: ' + b;', source: 'cache' });
    assert.equal(backend.calls.length, 2);
    assert.equal(engine.stats.cacheHits, 1);
  });

  it('stops at the daily completion budget and says so', async () => {
    const { scheduler, backend, engine, config } = setup({ dailyBudgetUsd: 0.001 });
    const states: InlineState[] = [];
    engine.onState((s) => states.push(s));
    backend.costPerCall = 0.0006;
    for (const typed of ['const a', 'const b']) {
      const p = engine.provide(at(typed));
      await scheduler.runAll();
      await p;
    }
    // the second would cross the budget at what the first cost: it is not sent (no overshoot)
    assert.equal(backend.calls.length, 1);
    assert.deepEqual(engine.state(), { kind: 'paused', by: 'budget', spentUsd: 0.0006, budgetUsd: 0.001 });
    assert.ok(states.some((s) => s.kind === 'paused'));
    const p = engine.provide(at('const c'));
    await scheduler.runAll();
    assert.equal(await p, undefined);
    assert.equal(backend.calls.length, 1, 'no request once the budget is spent');
    assert.equal(engine.stats.skipped.budget, 2, "'const b' and 'const c'");
    // a new day: the spend resets and completions resume
    backend.spent = 0;
    await scheduler.advance(2_000);
    const q = engine.provide(at('const d'));
    await scheduler.runAll();
    assert.ok(await q);
    // and pause again once the next one would cross it
    assert.deepEqual(engine.state(), { kind: 'paused', by: 'budget', spentUsd: 0.0006, budgetUsd: 0.001 });
    // a raised budget lifts the pause
    config.dailyBudgetUsd = 0.01;
    await scheduler.advance(2_000);
    engine.configChanged();
    assert.equal(engine.state().kind, 'on');
  });

  it('does not ask a non-FIM model when the line after the cursor has text, but does ask a FIM model', async () => {
    const ctx: InlineContext = { prefix: 'const total = ', suffix: 'items.length;\n', languageId: 'typescript' };
    const chat = setup({}, false);
    const p = chat.engine.provide(ctx);
    await chat.scheduler.runAll();
    assert.equal(await p, undefined);
    assert.equal(chat.backend.calls.length, 0);
    assert.equal(chat.engine.stats.skipped['mid-line'], 1);
    // closers left by auto-closing do not count as text
    const q = chat.engine.provide({ prefix: 'foo(', suffix: ');\n', languageId: 'typescript' });
    await chat.scheduler.runAll();
    await q;
    assert.equal(chat.backend.calls.length, 1);

    const fim = setup({}, true);
    const r = fim.engine.provide(ctx);
    await fim.scheduler.runAll();
    await r;
    assert.equal(fim.backend.calls.length, 1);
    assert.equal(fim.backend.calls[0].req.suffix, 'items.length;\n');
  });

  it('sends stop sequences and a small max_tokens, and cuts the answer at the end of the block', async () => {
    const { scheduler, backend, engine } = setup({ maxTokens: 128 });
    backend.answer = () =>
      'const sum = a + b;\n  return sum;\n}\n\nexport function sub(a: number, b: number) {\n  return a - b;\n}';
    const p = engine.provide(at(''));
    await scheduler.runAll();
    const req = backend.calls[0].req;
    assert.equal(req.maxTokens, 128);
    assert.deepEqual(req.stop.slice(0, 3), ['\n\n\n', '```', '\nfunction ']);
    assert.ok(req.stop.includes('\nexport '));
    // the suffix already closes the function: the answer stops before its own "}"
    assert.equal((await p)?.text, 'const sum = a + b;\n  return sum;');

    // mid-line: one line only
    const q = engine.provide({ prefix: 'const x = compute(', suffix: ')\n', languageId: 'typescript' });
    await scheduler.runAll();
    const single = backend.calls[1].req;
    assert.deepEqual(single.stop, ['\n']);
    assert.ok(single.maxTokens <= 48);
    void q;
  });

  it('asks nothing inside a selection, for a disabled language, when off or paused', async () => {
    const { scheduler, backend, engine, config } = setup({ languages: ['python'] });
    await engine.provide(at('x', { languageId: 'python', hasSelection: true }));
    await engine.provide(at('x', { languageId: 'typescript' }));
    config.languages = ['*', '!markdown'];
    await engine.provide(at('x', { languageId: 'markdown' }));
    engine.setPaused(true);
    assert.deepEqual(engine.state(), { kind: 'paused', by: 'user' });
    await engine.provide(at('x'));
    engine.setPaused(false);
    config.enabled = false;
    assert.deepEqual(engine.state(), { kind: 'off' });
    await engine.provide(at('x'));
    await scheduler.runAll();
    assert.equal(backend.calls.length, 0);
    assert.deepEqual(engine.stats.skipped, { selection: 1, language: 2, paused: 1, off: 1 });
  });

  it('remembers a spot with nothing to suggest, and backs off after a failure', async () => {
    const { scheduler, backend, engine } = setup();
    backend.answer = () => '   ';
    let p = engine.provide(at('foo'));
    await scheduler.runAll();
    assert.equal(await p, undefined);
    p = engine.provide(at('foo'));
    await scheduler.runAll();
    assert.equal(backend.calls.length, 1, 'known-empty spot is not asked again');
    // but an explicit request is
    p = engine.provide(at('foo', { explicit: true }));
    await scheduler.runAll();
    assert.equal(backend.calls.length, 2);

    backend.fail = Object.assign(new Error('401'), { userMessage: 'The API key was refused' });
    p = engine.provide(at('bar'));
    await scheduler.runAll();
    assert.equal(await p, undefined);
    assert.equal(engine.info().lastError, 'The API key was refused');
    p = engine.provide(at('baz'));
    await scheduler.runAll();
    assert.equal(backend.calls.length, 3, 'no request during the back-off');
    await scheduler.advance(6_000);
    backend.fail = undefined;
    p = engine.provide(at('qux'));
    await scheduler.runAll();
    assert.equal(backend.calls.length, 4);
  });

  it('ends the debounce wait when the editor cancels the call', async () => {
    const { scheduler, backend, engine } = setup();
    const ac = new AbortController();
    const p = engine.provide(at('x'), ac.signal);
    ac.abort();
    await scheduler.runAll();
    assert.equal(await p, undefined);
    assert.equal(backend.calls.length, 0);
  });

  it('matches language lists with * and !negation', () => {
    assert.equal(languageEnabled(['*'], 'go'), true);
    assert.equal(languageEnabled(['python'], 'go'), false);
    assert.equal(languageEnabled(['*', '!plaintext'], 'plaintext'), false);
  });
});

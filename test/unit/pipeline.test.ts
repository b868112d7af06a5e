import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pipeline, PipelineError } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { ResponseCache } from '../../src/core/cache';
import { parseConfig, type FrugalConfig, type RawSettings } from '../../src/core/config';
import { ProviderError, type CallResult, type ChatCall, type FimCall } from '../../src/core/provider';
import { MemoryLogger } from '../../src/core/ports';
import type { EditorRequest } from '../../src/core/types';

type Reply = Partial<CallResult> | ProviderError | ((call: ChatCall) => Partial<CallResult> | ProviderError);

/** A provider that answers from a script, one reply per call, and records what it was asked. */
class ScriptedProvider {
  calls: ChatCall[] = [];
  constructor(private readonly script: Reply[]) {}
  async chat(call: ChatCall): Promise<CallResult> {
    this.calls.push(call);
    let r = this.script.shift() ?? {};
    if (typeof r === 'function') r = r(call);
    if (r instanceof ProviderError) throw r;
    const content = r.content ?? 'The function sorts users by name.';
    call.onDelta?.({ content });
    return {
      content,
      reasoning: '',
      finishReason: 'stop',
      latencyMs: 1,
      retries: 0,
      usage: { inputTokens: 1000, outputTokens: 200, cachedInputTokens: 0, reasoningTokens: 0 },
      ...r,
    } as CallResult;
  }
  async complete(_call: FimCall): Promise<CallResult> {
    return {
      content: 'return a + b;',
      reasoning: '',
      finishReason: 'stop',
      latencyMs: 1,
      retries: 0,
      usage: { inputTokens: 100, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0 },
    };
  }
}

const EXPLAIN: EditorRequest = {
  task: 'explain',
  instruction: '',
  languageId: 'typescript',
  selection:
    'export function byName(users: User[]): User[] {\n  return [...users].sort((a, b) => a.name.localeCompare(b.name));\n}',
  prefix: "import { User } from './user';\n",
  suffix: '',
  filePath: 'src/users.ts',
};
const GENERATE: EditorRequest = {
  task: 'generate',
  instruction: 'write a function that parses a CSV line into fields',
  languageId: 'typescript',
  selection: '',
};

async function setup(script: Reply[], raw: RawSettings = {}, withCache = true) {
  const dir = mkdtempSync(path.join(tmpdir(), 'frugal-pipe-'));
  const logger = new MemoryLogger();
  const ledger = new Ledger({ dir, logger });
  await ledger.load();
  const cache = withCache
    ? new ResponseCache({ dir: path.join(dir, 'cache'), logger, ttlMs: 86_400_000, maxEntries: 100, maxBytes: 1 << 20 })
    : undefined;
  await cache?.load();
  const config: FrugalConfig = parseConfig(raw).config;
  const provider = new ScriptedProvider(script);
  const pipeline = new Pipeline({
    getConfig: () => config,
    provider,
    secrets: { getApiKey: async () => 'sk-test' },
    ledger,
    cache,
    logger,
    workspace: 'ws',
  });
  return { pipeline, ledger, provider, cache, config };
}

describe('pipeline', () => {
  it('explain goes to the cheap tier and records one priced ledger entry', async () => {
    const { pipeline, ledger, provider } = await setup([{}]);
    const r = await pipeline.run(EXPLAIN);
    assert.equal(r.model, 'Qwen/Qwen3-8B');
    assert.equal(r.tier, 'cheap');
    assert.match(r.reason, /^cheap/);
    assert.equal(provider.calls[0].model.id, 'Qwen/Qwen3-8B');
    const recs = ledger.recent();
    assert.equal(recs.length, 1);
    assert.equal(recs[0].costUsd, 0.000012); // (1000 + 200) * $0.01 / 1e6
    assert.equal(recs[0].outcome, 'ok');
    assert.equal(recs[0].estimated, false);
    assert.ok(recs[0].baselineCostUsd >= 0.012); // at least (1000 + 200) * $10 / 1e6 on gpt-4o
    const split = recs[0].savedRoutingUsd + recs[0].savedCacheUsd + recs[0].savedCompressionUsd;
    assert.ok(Math.abs(split - (recs[0].baselineCostUsd - recs[0].costUsd)) < 1e-7);
  });

  it('a truncated answer escalates one tier and both attempts are recorded', async () => {
    const { pipeline, ledger, provider } = await setup(
      [
        { content: '```ts\nfunction parse(line: string) {\n  const out = [', finishReason: 'length' },
        { content: '```ts\nfunction parse(line: string): string[] {\n  return line.split(",");\n}\n```' },
      ],
      { tiers: { coder: 'deepseek-coder' } },
    );
    const r = await pipeline.run(GENERATE);
    assert.equal(provider.calls.length, 2);
    assert.equal(provider.calls[0].model.id, 'deepseek-coder');
    assert.equal(provider.calls[1].model.id, 'deepseek-reasoner');
    assert.equal(r.model, 'deepseek-reasoner');
    assert.equal(r.attempts, 2);
    assert.deepEqual(
      ledger.recent().map((x) => [x.attempt, x.model, x.outcome]),
      [
        [1, 'deepseek-coder', 'escalated'],
        [2, 'deepseek-reasoner', 'ok'],
      ],
    );
    assert.equal(ledger.recent()[0].requestId, ledger.recent()[1].requestId);
  });

  it('with cascade off, a truncated answer is returned as partial, not escalated', async () => {
    const { pipeline, provider } = await setup([{ content: 'Partial', finishReason: 'length' }], {
      'cascade.enabled': false,
    });
    const r = await pipeline.run(EXPLAIN);
    assert.equal(provider.calls.length, 1);
    assert.equal(r.outcome, 'partial');
    assert.match(r.notice!, /cut off/);
  });

  it('a 500 after retries falls back to the next configured model', async () => {
    const { pipeline, ledger, provider } = await setup([
      new ProviderError({
        kind: 'server',
        status: 500,
        userMessage: 'The provider had a server error (500).',
        retryable: true,
      }),
      {},
    ]);
    const r = await pipeline.run(EXPLAIN);
    assert.equal(provider.calls[1].model.id, 'deepseek-coder');
    assert.equal(r.model, 'deepseek-coder');
    assert.deepEqual(
      ledger.recent().map((x) => x.outcome),
      ['error', 'ok'],
    );
    assert.equal(ledger.recent()[0].costUsd, 0); // refused before any output: nothing was billed
  });

  it('a bad key does not fall back: it fails with the actionable message', async () => {
    const { pipeline, provider } = await setup([
      new ProviderError({
        kind: 'auth',
        status: 401,
        userMessage: "The provider rejected the API key. Run 'Frugal: Set API Key'.",
        retryable: false,
      }),
    ]);
    await assert.rejects(
      pipeline.run(EXPLAIN),
      (e: unknown) => e instanceof PipelineError && /Set API Key/.test(e.userMessage),
    );
    assert.equal(provider.calls.length, 1);
  });

  it('blocks past the daily budget with a clear message and records the block at $0', async () => {
    const { pipeline, ledger, provider } = await setup([{}, {}], { 'budget.dailyUsd': 0.00001 });
    await pipeline.run(EXPLAIN); // spends $0.000012 > $0.00001
    await assert.rejects(
      pipeline.run({ ...EXPLAIN, instruction: 'again' }),
      (e: unknown) =>
        e instanceof PipelineError && e.kind === 'blocked' && /frugal\.budget\.dailyUsd/.test(e.userMessage),
    );
    assert.equal(provider.calls.length, 1);
    assert.equal(ledger.recent().at(-1)!.outcome, 'blocked');
    assert.equal(ledger.recent().at(-1)!.costUsd, 0);
  });

  it('downgrades to the cheap tier past the budget when so configured', async () => {
    const { pipeline, provider } = await setup(
      [
        { usage: { inputTokens: 100000, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 } },
        { content: '```ts\nconst x = 1;\n```' },
      ],
      { 'budget.dailyUsd': 0.001, 'budget.onExceed': 'downgrade' },
    );
    await pipeline.run(EXPLAIN); // $0.001 spent on cheap: the limit is reached
    const r = await pipeline.run(GENERATE);
    assert.equal(provider.calls[1].model.id, 'Qwen/Qwen3-8B');
    assert.equal(r.tier, 'cheap');
    assert.match(r.reason, /budget/);
  });

  it('block mode: an escalation whose estimate would cross the limit does not start', async () => {
    // The coder answer is cut off, so the cascade wants the reasoner (about $0.02 estimated); the daily limit is
    // $0.002 and the first attempt spent about $0.0003.
    const { pipeline, ledger, provider } = await setup(
      [
        { content: '```ts\nfunction parse(line: string) {\n  const out = [', finishReason: 'length' },
        { content: '```ts\nconst never = 1;\n```' },
      ],
      { 'budget.dailyUsd': 0.002 },
    );
    const r = await pipeline.run(GENERATE);
    assert.equal(provider.calls.length, 1);
    assert.equal(r.outcome, 'partial');
    assert.match(
      r.notice!,
      /not escalated to deepseek-reasoner: The daily budget of \$0\.0020 would be crossed by this request \(\$0\.\d+ spent; this request needs about \$0\.\d+\)/,
    );
    assert.match(r.notice!, /frugal\.budget\.dailyUsd/);
    assert.deepEqual(
      ledger.recent().map((x) => [x.model, x.outcome, x.costUsd > 0]),
      [
        ['deepseek-coder', 'escalated', true],
        ['deepseek-reasoner', 'blocked', false],
      ],
    );
    assert.ok(ledger.totals('today').costUsd <= 0.002);
  });

  it('block mode: a fallback after a provider error is checked too, and the error is named', async () => {
    const { pipeline, provider } = await setup(
      [
        new ProviderError({
          kind: 'server',
          status: 500,
          userMessage: 'The provider had a server error (500).',
          retryable: true,
        }),
        {},
      ],
      { 'budget.dailyUsd': 0.001 },
    );
    await assert.rejects(
      pipeline.run(GENERATE),
      (e: unknown) =>
        e instanceof PipelineError &&
        e.kind === 'blocked' &&
        /server error \(500\)\. Not retried on deepseek-reasoner: The daily budget/.test(e.userMessage),
    );
    assert.equal(provider.calls.length, 1);
  });

  it('block mode: each attempt asks for no more output than the budget has left', async () => {
    const { pipeline, provider } = await setup([{}], { 'budget.dailyUsd': 0.0005 });
    await pipeline.run(GENERATE);
    // deepseek-coder at $0.25/M: $0.0005 leaves about 2,000 tokens, less the input's share.
    const asked = provider.calls[0].maxTokens ?? Infinity;
    assert.ok(asked < 2000 && asked > 1500, `maxTokens ${asked}`);
    const { pipeline: free, provider: p2 } = await setup([{}]);
    await free.run(GENERATE);
    assert.equal(p2.calls[0].maxTokens, 4096);
  });

  it('downgrade mode: a downgraded request never escalates above cheap', async () => {
    const { pipeline, ledger, provider } = await setup(
      [
        { usage: { inputTokens: 100000, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 } },
        { content: 'I cannot help with that.' },
        { content: '```ts\nconst expensive = 1;\n```' },
      ],
      { 'budget.dailyUsd': 0.001, 'budget.onExceed': 'downgrade' },
    );
    await pipeline.run(EXPLAIN); // $0.001 spent on cheap: the limit is reached
    const r = await pipeline.run(GENERATE); // downgraded to cheap, and the cheap answer is unusable
    assert.deepEqual(
      provider.calls.map((c) => c.model.id),
      ['Qwen/Qwen3-8B', 'Qwen/Qwen3-8B'],
    );
    assert.equal(r.tier, 'cheap');
    assert.equal(r.outcome, 'partial');
    assert.match(r.notice!, /not escalated to deepseek-coder/);
    assert.equal(ledger.recent().at(-1)!.outcome, 'blocked');
  });

  it('downgrade mode: an escalation that would cross the limit stays on cheap', async () => {
    const { pipeline, provider } = await setup([{ content: 'I cannot help with that.' }, { content: 'never sent' }], {
      'budget.dailyUsd': 0.0001,
      'budget.onExceed': 'downgrade',
    });
    const r = await pipeline.run(EXPLAIN);
    assert.equal(provider.calls.length, 1);
    assert.equal(r.tier, 'cheap');
    assert.equal(r.outcome, 'partial');
  });

  it('the second identical request is a $0 cache hit recording what it saved', async () => {
    const { pipeline, ledger, provider } = await setup([{}]);
    const first = await pipeline.run(EXPLAIN);
    const second = await pipeline.run({ ...EXPLAIN });
    assert.equal(provider.calls.length, 1);
    assert.equal(second.cached, true);
    assert.equal(second.costUsd, 0);
    assert.equal(second.content, first.content);
    const hit = ledger.recent()[1];
    assert.equal(hit.outcome, 'cached');
    assert.equal(hit.cacheHit, true);
    assert.equal(hit.costUsd, 0);
    assert.equal(hit.savedCacheUsd, ledger.recent()[0].costUsd);
    assert.match(second.notice!, /cache/i);
  });

  it("a forced model is not served from the router's cache entry; bypassCache asks again", async () => {
    const { pipeline, provider } = await setup([{}, {}, {}]);
    await pipeline.run(EXPLAIN);
    const forced = await pipeline.run(EXPLAIN, { forcedModel: 'deepseek-reasoner' });
    assert.equal(forced.cached, false);
    assert.equal(provider.calls[1].model.id, 'deepseek-reasoner');
    assert.match(forced.reason, /you picked deepseek-reasoner/);
    const again = await pipeline.run(EXPLAIN, { bypassCache: true });
    assert.equal(again.cached, false);
    assert.equal(provider.calls.length, 3);
  });

  it('missing usage is estimated and flagged; host-reported cost is the bill, ours kept beside it', async () => {
    const { pipeline, ledger } = await setup(
      [
        { usage: undefined },
        { usage: { inputTokens: 10, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0, hostCostUsd: 0.0042 } },
      ],
      {},
      false,
    );
    await pipeline.run(EXPLAIN);
    await pipeline.run({ ...EXPLAIN, instruction: 'other' });
    assert.equal(ledger.recent()[0].estimated, true);
    assert.ok(ledger.recent()[0].inputTokens > 0);
    assert.equal(ledger.recent()[1].hostCostUsd, 0.0042);
    assert.equal(ledger.recent()[1].costUsd, 0.0042);
    assert.equal(ledger.recent()[1].priceSource, 'host');
    assert.equal(ledger.recent()[1].ourCostUsd, 0.0000002);
    assert.equal(ledger.recent()[0].priceSource, 'catalog');
  });

  it('secrets in the selection never reach the provider, and the answer says how many were withheld', async () => {
    const { pipeline, provider } = await setup([{}], {}, false);
    const r = await pipeline.run({
      ...EXPLAIN,
      selection: 'const key = "AKIAIOSFODNN7EXAMPLE";\nconst db = "postgres://admin:hunter2@db.internal:5432/app";',
    });
    const sent = provider.calls[0].messages.map((m) => m.content).join('\n');
    assert.ok(!sent.includes('AKIAIOSFODNN7EXAMPLE'));
    assert.ok(!sent.includes('hunter2'));
    assert.ok(r.secretsWithheld >= 2);
  });

  it('cancellation records a cancelled attempt and rejects with kind cancelled', async () => {
    const { pipeline, ledger } = await setup([
      new ProviderError({
        kind: 'cancelled',
        userMessage: 'Cancelled.',
        retryable: false,
        partial: { content: 'The fun', reasoning: '', finishReason: 'cancelled', latencyMs: 1, retries: 0 },
      }),
    ]);
    await assert.rejects(
      pipeline.run(EXPLAIN),
      (e: unknown) => e instanceof PipelineError && e.kind === 'cancelled' && e.partial?.content === 'The fun',
    );
    assert.equal(ledger.recent()[0].outcome, 'cancelled');
    assert.equal(ledger.recent()[0].estimated, true);
  });
});

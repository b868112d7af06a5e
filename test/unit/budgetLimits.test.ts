// Issue 13 item 1 for every kind of limit the product has: the local daily and monthly budgets, the LiteLLM
// gateway's key and team budgets (read from /key/info and /team/info), and inline completions' own daily budget.
// No attempt starts whose estimate would cross a block limit; once downgraded nothing runs above cheap; the message
// says which limit and what was spent.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pipeline, PipelineError } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { parseConfig, type RawSettings } from '../../src/core/config';
import { checkGatewayBudgets, gatewayRemainingUsd, stricterVerdict } from '../../src/core/budget';
import type { CallResult, ChatCall, FimCall } from '../../src/core/provider';
import type { GatewayBudget, GatewaySnapshot } from '../../src/core/gateway';
import { MemoryLogger } from '../../src/core/ports';
import type { EditorRequest } from '../../src/core/types';

type Reply = Partial<CallResult> & { hostCostUsd?: number };

class Provider {
  calls: (ChatCall | FimCall)[] = [];
  constructor(private readonly script: Reply[]) {}
  private reply(call: ChatCall | FimCall): CallResult {
    this.calls.push(call);
    const r = this.script.shift() ?? {};
    const content = r.content ?? 'It sorts the users by name.';
    return {
      content,
      reasoning: '',
      finishReason: 'stop',
      latencyMs: 1,
      retries: 0,
      ...r,
      usage: {
        inputTokens: 1000,
        outputTokens: 200,
        cachedInputTokens: 0,
        reasoningTokens: 0,
        ...r.usage,
        ...(r.hostCostUsd !== undefined ? { hostCostUsd: r.hostCostUsd } : {}),
      },
    } as CallResult;
  }
  async chat(call: ChatCall): Promise<CallResult> {
    const r = this.reply(call);
    call.onDelta?.({ content: r.content });
    return r;
  }
  async complete(call: FimCall): Promise<CallResult> {
    const r = this.reply(call);
    return { ...r, usage: { ...r.usage!, inputTokens: 40, outputTokens: 8 } };
  }
}

const EXPLAIN: EditorRequest = {
  task: 'explain',
  instruction: '',
  languageId: 'typescript',
  selection: 'export const byName = (xs: User[]) => [...xs].sort((a, b) => a.name.localeCompare(b.name));',
};
const GENERATE: EditorRequest = {
  task: 'generate',
  instruction: 'write a function that parses a CSV line into fields',
  languageId: 'typescript',
  selection: '',
};

const team = (spendUsd: number, maxBudgetUsd: number, extra: Partial<GatewayBudget> = {}): GatewayBudget => ({
  scope: 'team',
  label: 'eng',
  spendUsd,
  maxBudgetUsd,
  ...extra,
});

async function setup(script: Reply[], raw: RawSettings = {}, budgets?: GatewayBudget[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'frugal-limits-'));
  const logger = new MemoryLogger();
  const ledger = new Ledger({ dir, logger });
  await ledger.load();
  let config = parseConfig({ 'cache.enabled': false, ...raw }).config;
  const reconfigure = (more: RawSettings) => {
    config = parseConfig({ 'cache.enabled': false, ...raw, ...more }).config;
  };
  const provider = new Provider(script);
  const snapshot: { current?: GatewaySnapshot } = {
    current: budgets ? { fetchedAt: Date.now() - 1000, budgets } : undefined,
  };
  const pipeline = new Pipeline({
    getConfig: () => config,
    provider,
    secrets: { getApiKey: async () => 'sk-test-limits' },
    ledger,
    logger,
    workspace: 'test',
    gatewayBudgets: () => snapshot.current,
  });
  return { pipeline, provider, ledger, snapshot, reconfigure };
}

const GATEWAY: RawSettings = { preset: 'litellm', baseUrl: 'http://127.0.0.1:4000/v1' };
// the gateway's models with prices set by the user (behind a proxy they are $0 unless set)
const PRICED: RawSettings = {
  ...GATEWAY,
  models: {
    'frugal-cheap': { inputPer1M: 0.1, outputPer1M: 0.4 },
    'frugal-coder': { inputPer1M: 1, outputPer1M: 4 },
    'frugal-reasoner': { inputPer1M: 10, outputPer1M: 40 },
  },
};

const blocked = (re: RegExp) => (e: unknown) =>
  e instanceof PipelineError && e.kind === 'blocked' && re.test(e.userMessage);

describe('budget limits: the local monthly budget', () => {
  it('block mode: an escalation whose estimate would cross the monthly limit does not start, and says so', async () => {
    const { pipeline, provider, ledger } = await setup(
      [{ content: '```ts\nfunction parse(line: string) {\n  const out = [', finishReason: 'length' }, {}],
      { 'budget.monthlyUsd': 0.002 },
    );
    const r = await pipeline.run(GENERATE);
    assert.equal(provider.calls.length, 1);
    assert.equal(r.outcome, 'partial');
    assert.match(
      r.notice!,
      /not escalated to deepseek-reasoner: The monthly budget of \$0\.0020 would be crossed by this request \(\$0\.\d+ spent/,
    );
    assert.match(r.notice!, /frugal\.budget\.monthlyUsd/);
    assert.ok(ledger.totals('month').costUsd <= 0.002);
  });
});

describe('budget limits: the gateway key and team budgets', () => {
  it('block mode: nothing is sent once the team budget is used up; the message names it and what was spent', async () => {
    const { pipeline, provider, ledger } = await setup([{}], PRICED, [
      { scope: 'key', label: 'dev-key', spendUsd: 1, maxBudgetUsd: 100 },
      team(5, 5),
    ]);
    await assert.rejects(
      pipeline.run(EXPLAIN),
      blocked(/gateway's team budget \(team eng\) of \$5\.00 is used up \(\$5\.00 spent/),
    );
    assert.equal(provider.calls.length, 0);
    assert.deepEqual(
      ledger.recent().map((x) => [x.outcome, x.costUsd]),
      [['blocked', 0]],
    );
  });

  it('block mode: a first attempt whose estimate would cross it is not sent', async () => {
    // the reasoner pinned for a generate request: several cents estimated, 1 cent left
    const { pipeline, provider } = await setup([{}], PRICED, [team(4.99, 5)]);
    await assert.rejects(
      pipeline.run(GENERATE, { pinnedTier: 'reasoner' }),
      blocked(
        /team budget \(team eng\) of \$5\.00 would be crossed \(\$4\.99 spent; this request needs about \$0\.0\d+/,
      ),
    );
    assert.equal(provider.calls.length, 0);
    // and a cheap request, whose estimate fits, goes
    const ok = await setup(
      [{ content: '```ts\nexport const parse = (line: string) => line.split(",");\n```' }],
      PRICED,
      [team(4.99, 5)],
    );
    const r = await ok.pipeline.run(GENERATE, { pinnedTier: 'cheap' });
    assert.equal(ok.provider.calls.length, 1);
    assert.equal(r.outcome, 'ok');
  });

  it('block mode: an escalation whose estimate would cross it does not start; the earlier answer comes back', async () => {
    const { pipeline, provider, ledger } = await setup(
      [{ content: '```ts\nfunction parse(line: string) {\n  const out = [', finishReason: 'length' }, {}],
      PRICED,
      [team(4.995, 5)],
    );
    const r = await pipeline.run(GENERATE);
    assert.equal(provider.calls.length, 1, 'the reasoner was not asked');
    assert.equal(r.outcome, 'partial');
    assert.match(r.notice!, /not escalated to frugal-reasoner: The gateway's team budget \(team eng\) of \$5\.00/);
    assert.deepEqual(
      ledger.recent().map((x) => [x.model, x.outcome]),
      [
        ['frugal-coder', 'escalated'],
        ['frugal-reasoner', 'blocked'],
      ],
    );
  });

  it('counts what this window spent since the budgets were read, priced at what the gateway charged', async () => {
    // $0.04 left when read; the first request is charged $0.035 by the proxy (x-litellm-response-cost), which the
    // stale snapshot does not know. The second, priced at what the proxy charged per token, must not start.
    const { pipeline, provider } = await setup([{ hostCostUsd: 0.035 }, { hostCostUsd: 0.035 }], GATEWAY, [
      team(4.96, 5),
    ]);
    await pipeline.run(EXPLAIN);
    await assert.rejects(
      pipeline.run({ ...EXPLAIN, instruction: 'and again' }),
      blocked(
        /team budget \(team eng\) of \$5\.00 would be crossed \(\$(?:4\.99|5\.00) spent; this request needs about \$0\.0\d+/,
      ),
    );
    assert.equal(provider.calls.length, 1);
    // the same when nothing had been spent since the read: the request goes
    const fresh = await setup([{ hostCostUsd: 0.035 }], GATEWAY, [team(4.995 - 0.035, 5)]);
    await fresh.pipeline.run(EXPLAIN);
    assert.equal(fresh.provider.calls.length, 1);
  });

  it('a failed refresh keeps counting what was spent since the last good read', async () => {
    const { pipeline, provider, snapshot } = await setup([{ hostCostUsd: 0.035 }, {}], GATEWAY, [team(4.96, 5)]);
    await pipeline.run(EXPLAIN);
    // the next refresh fails: the client keeps the old budgets, stamped with the failed fetch's time
    snapshot.current = { ...snapshot.current!, fetchedAt: Date.now(), error: 'cannot read /key/info' };
    await assert.rejects(pipeline.run({ ...EXPLAIN, instruction: 'and again' }), blocked(/team budget \(team eng\)/));
    assert.equal(provider.calls.length, 1);
  });

  it('caps the output an attempt may ask for at what the gateway budget leaves', async () => {
    const { pipeline, provider } = await setup([{}], PRICED, [team(4.9995, 5)]);
    await pipeline.run(EXPLAIN);
    // cheap at $0.4/M output: $0.0005 left is at most 1,250 tokens, less the input's share
    const asked = (provider.calls[0] as ChatCall).maxTokens ?? Infinity;
    assert.ok(asked < 1250 && asked > 1000, `maxTokens ${asked}`);
    const free = await setup([{}], PRICED, [team(1, 5)]);
    await free.pipeline.run(EXPLAIN);
    const freeAsked = (free.provider.calls[0] as ChatCall).maxTokens ?? Infinity;
    assert.ok(freeAsked > asked, `free ${freeAsked} vs ${asked}`);
  });

  it('downgrade mode: a request that would cross it goes to cheap and never escalates above it', async () => {
    const { pipeline, provider, ledger } = await setup(
      [{ content: 'I cannot help with that.' }, {}],
      { ...PRICED, 'budget.onExceed': 'downgrade' },
      [team(4.999, 5)],
    );
    const r = await pipeline.run(GENERATE);
    assert.deepEqual(
      provider.calls.map((c) => c.model.id),
      ['frugal-cheap'],
    );
    assert.equal(r.tier, 'cheap');
    assert.match(r.reason, /budget used up, downgraded/);
    assert.equal(ledger.recent().at(-1)!.outcome, 'blocked');
    // the refused escalation says which limit it was and what was spent
    assert.match(
      r.notice!,
      /not escalated to frugal-coder: this request stays on the cheap tier \(frugal\.budget\.onExceed is "downgrade"\): The gateway's team budget \(team eng\) of \$5\.00 would be crossed \(\$5\.00 spent/,
    );
  });

  it('downgrade mode, local daily budget: the refused escalation names the daily limit and what was spent', async () => {
    const { pipeline, provider } = await setup(
      [
        { usage: { inputTokens: 100000, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 } },
        { content: 'I cannot help with that.' },
        {},
      ],
      { 'budget.dailyUsd': 0.001, 'budget.onExceed': 'downgrade' },
    );
    await pipeline.run(EXPLAIN); // the limit is reached on cheap
    const r = await pipeline.run(GENERATE);
    assert.equal(provider.calls.length, 2);
    assert.match(
      r.notice!,
      /not escalated to deepseek-coder: this request stays on the cheap tier \(frugal\.budget\.onExceed is "downgrade"\): The daily budget \(\$0\.0010\) is used up \(\$0\.\d+ spent\)/,
    );
  });

  it('downgrade mode: once it is used up not even cheap is sent (the gateway would refuse it)', async () => {
    const { pipeline, provider } = await setup([{}], { ...PRICED, 'budget.onExceed': 'downgrade' }, [team(5.2, 5)]);
    await assert.rejects(pipeline.run(EXPLAIN), blocked(/used up \(\$5\.20 spent\), on the cheapest tier too/));
    assert.equal(provider.calls.length, 0);
  });

  it('a budget whose reset time has passed, a snapshot not read yet, or a model on another provider: not held', async () => {
    const past = Date.now() - 60_000;
    const a = await setup([{}], PRICED, [team(5, 5, { resetsAt: past })]);
    await a.pipeline.run(EXPLAIN);
    assert.equal(a.provider.calls.length, 1);
    const b = await setup([{}], PRICED);
    await b.pipeline.run(EXPLAIN);
    assert.equal(b.provider.calls.length, 1);
    // the default preset (not a gateway): the snapshot's budgets do not apply to its models
    const c = await setup([{}], {}, [team(5, 5)]);
    await c.pipeline.run(EXPLAIN);
    assert.equal(c.provider.calls.length, 1);
  });

  it('completions through the gateway are held to it too', async () => {
    const { pipeline, provider } = await setup([{}], PRICED, [team(5, 5)]);
    await assert.rejects(
      pipeline.complete(
        { prefix: 'const x = ', suffix: '', languageId: 'typescript', maxTokens: 64, stop: [] },
        new AbortController().signal,
      ),
      blocked(/team budget \(team eng\)/),
    );
    assert.equal(provider.calls.length, 0);
  });
});

describe('budget limits: inline completions own daily budget', () => {
  const COMPLETE = {
    prefix: 'function add(a: number, b: number) {\n  ',
    suffix: '\n}',
    languageId: 'typescript',
    maxTokens: 256,
    stop: [],
  };

  it('a completion whose estimate would cross frugal.inline.dailyBudgetUsd is not sent, and says what was spent', async () => {
    const { pipeline, provider, reconfigure } = await setup([{}, {}], { 'inline.dailyBudgetUsd': 1 });
    const first = await pipeline.complete(COMPLETE, new AbortController().signal);
    assert.ok(first.costUsd > 0);
    // the limit now leaves less than one more completion's estimate: the next is not sent
    const limit = first.costUsd * 1.1;
    reconfigure({ 'inline.dailyBudgetUsd': limit });
    await assert.rejects(
      pipeline.complete({ ...COMPLETE, prefix: COMPLETE.prefix + 'return' }, new AbortController().signal),
      blocked(
        /inline completion budget of \$0\.0000\d+ is used up \(\$0\.0000\d+ spent; a completion needs about \$0\.0000\d+\)\. Raise frugal\.inline\.dailyBudgetUsd/,
      ),
    );
    assert.equal(provider.calls.length, 1);
    assert.ok(pipeline.spentTodayOn('complete') <= limit);
  });

  it('asks for no more output than the inline budget leaves', async () => {
    const { pipeline, provider } = await setup([{}], { 'inline.dailyBudgetUsd': 0.00006 });
    await pipeline.complete(COMPLETE, new AbortController().signal);
    const asked = (provider.calls[0] as FimCall).maxTokens;
    assert.ok(asked < 256, `maxTokens ${asked}`);
  });
});

describe('budget limits: the gateway rule on its own', () => {
  const g = (budgets: GatewayBudget[], spentSinceUsd = 0) => ({ budgets, spentSinceUsd, now: Date.now() });
  it('ok under the limit, block past it in block mode, downgrade in downgrade mode', () => {
    assert.equal(checkGatewayBudgets(g([team(1, 5)]), 'block', 0.5, 'coder').action, 'ok');
    assert.equal(checkGatewayBudgets(g([team(4.8, 5)]), 'block', 0.5, 'coder').action, 'block');
    assert.equal(checkGatewayBudgets(g([team(4.8, 5)]), 'downgrade', 0.5, 'coder').action, 'downgrade');
    // cheap past a budget not yet used up is let through in downgrade mode (like the local budgets)
    assert.equal(checkGatewayBudgets(g([team(4.8, 5)]), 'downgrade', 0.5, 'cheap').action, 'downgrade');
    assert.equal(checkGatewayBudgets(g([team(5, 5)]), 'downgrade', 0.001, 'cheap').action, 'block');
    // at the warning share, a warning naming the budget
    const w = checkGatewayBudgets(g([team(4.2, 5)]), 'block', 0.1, 'coder', 80);
    assert.equal(w.action, 'warn');
    assert.match(w.message!, /^86% of the gateway's team budget \(team eng\) \(\$5\.00\) is spent\.$/);
    // a key without a limit is never held
    assert.equal(
      checkGatewayBudgets(g([{ scope: 'key', label: 'k', spendUsd: 99 }]), 'block', 1, 'coder').action,
      'ok',
    );
  });
  it('adds this window spending since the read; the tightest limit is what is left', () => {
    assert.equal(checkGatewayBudgets(g([team(4, 5)], 0.8), 'block', 0.3, 'coder').action, 'block');
    const left = gatewayRemainingUsd(
      g([team(4, 5), { scope: 'key', label: 'k', spendUsd: 1, maxBudgetUsd: 1.5 }], 0.1),
      'block',
    );
    assert.ok(Math.abs(left - 0.4) < 1e-9, String(left));
    assert.equal(gatewayRemainingUsd(g([team(4, 5)]), 'downgrade'), Infinity);
  });
  it('the stricter of two verdicts wins, with the higher share', () => {
    const v = stricterVerdict(
      { action: 'warn', percent: 90, message: 'w' },
      { action: 'block', percent: 40, message: 'b' },
    );
    assert.deepEqual(v, { action: 'block', percent: 90, message: 'b' });
  });
});

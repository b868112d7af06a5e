// The LiteLLM gateway (#17): fixtures reproduced from LiteLLM's source and docs (test/fixtures/litellm), served by a
// fake proxy on 127.0.0.1 in front of the provider simulator; the real ProviderClient and Pipeline run against it.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  KeyInfoClient,
  gatewayBudgetLines,
  gatewayBudgetMessage,
  parseBudgetError,
  parseKeyInfo,
  parseTeamInfo,
  proxyRoot,
  requestMetadata,
  type BudgetScope,
} from '../../src/core/gateway';
import { Pipeline, PipelineError, type AttemptEvent } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { parseConfig, type RawSettings } from '../../src/core/config';
import { ProviderClient } from '../../src/core/provider';
import { MemoryLogger } from '../../src/core/ports';
import type { EditorRequest } from '../../src/core/types';
import { startSimulator, type Simulator } from '../fixtures/simulator';
import {
  BUDGET_ERRORS,
  KEY_INFO,
  TEAM_INFO,
  startFakeProxy,
  type BudgetErrorName,
  type FakeProxy,
} from '../fixtures/litellm/fakeProxy';

const VIRTUAL_KEY: string = KEY_INFO.response.key;

describe('LiteLLM gateway: fixtures', () => {
  it('reads the key budget from /key/info and never keeps the key itself', () => {
    const k = parseKeyInfo(KEY_INFO.response)!;
    assert.deepEqual(k.budget, {
      scope: 'key',
      label: 'frugal-dev-alice',
      spendUsd: 1.2345,
      maxBudgetUsd: 10,
      budgetDuration: '30d',
      resetsAt: Date.parse('2099-01-01T00:00:00+00:00'),
    });
    assert.equal(k.teamId, 'team-eng-7f3c');
    assert.ok(!JSON.stringify(k).includes(VIRTUAL_KEY));
    assert.equal(parseKeyInfo({ key: 'x' }), undefined);
    assert.equal(parseKeyInfo({ info: { spend: 'lots' } }), undefined);
    // A key without a limit of its own, but with a budget table (budget_id), takes that table's limit.
    assert.equal(
      parseKeyInfo({ info: { spend: 1, max_budget: null, litellm_budget_table: { max_budget: 5 } } })!.budget
        .maxBudgetUsd,
      5,
    );
  });

  it('reads the team budget from /team/info', () => {
    assert.deepEqual(parseTeamInfo(TEAM_INFO.response), {
      scope: 'team',
      label: 'engineering',
      spendUsd: 57.5,
      maxBudgetUsd: 200,
      budgetDuration: '30d',
      resetsAt: Date.parse('2099-01-01T00:00:00+00:00'),
    });
    assert.equal(parseTeamInfo({ team_id: 't' }), undefined);
  });

  it("recognises each of LiteLLM's budget refusals and names which budget it was", () => {
    const expected: Record<
      BudgetErrorName,
      { scope: BudgetScope; id?: string; spent?: number; max?: number; model?: string; names: RegExp }
    > = {
      key: {
        scope: 'key',
        spent: 10.0123,
        max: 10,
        names: /the key budget \(this virtual key\) of \$10\.00 is used up \(\$10\.01 spent\)/,
      },
      key_legacy: { scope: 'key', spent: 7.2e-5, max: 2e-7, names: /the key budget/ },
      user: {
        scope: 'user',
        id: 'alice@example.com',
        spent: 25.5,
        max: 25,
        names: /the user budget \(user alice@example\.com\) of \$25\.00/,
      },
      team: {
        scope: 'team',
        id: 'team-eng-7f3c',
        spent: 200.75,
        max: 200,
        names: /the team budget \(team team-eng-7f3c\) of \$200\.00 is used up \(\$200\.75 spent\)/,
      },
      team_member: {
        scope: 'team member',
        id: 'alice@example.com in team team-eng-7f3c',
        spent: 50.2,
        max: 50,
        names: /the team member budget \(user alice@example\.com in team team-eng-7f3c\)/,
      },
      organization: {
        scope: 'organization',
        id: 'org-acme',
        spent: 1000.5,
        max: 1000,
        names: /the organization budget \(organization org-acme\)/,
      },
      key_model: {
        scope: 'key',
        model: 'frugal-reasoner',
        names: /the key budget \(this virtual key\) for model frugal-reasoner/,
      },
    };
    for (const [name, want] of Object.entries(expected)) {
      const body = BUDGET_ERRORS.errors[name].error;
      const e = parseBudgetError(body.type, body.message)!;
      assert.ok(e, name);
      assert.equal(e.scope, want.scope, name);
      assert.equal(e.id, want.id, name);
      assert.equal(e.spentUsd, want.spent, name);
      assert.equal(e.maxBudgetUsd, want.max, name);
      assert.equal(e.model, want.model, name);
      const block = gatewayBudgetMessage(e, 'block');
      assert.match(block, want.names, name);
      assert.match(block, /frugal\.budget\.onExceed/, name);
      assert.match(gatewayBudgetMessage(e, 'downgrade', true), /using the cheapest tier/, name);
    }
    for (const [name, x] of Object.entries(BUDGET_ERRORS.not_budget) as [
      string,
      { body: { error: { type: string; message: string } } },
    ][]) {
      assert.equal(parseBudgetError(x.body.error.type, x.body.error.message), undefined, name);
    }
    // The type alone is enough to know it was a budget, even in wording LiteLLM may add later.
    assert.equal(parseBudgetError('budget_exceeded', 'Some new wording')!.scope, 'gateway');
  });

  it('routing facts become metadata tags and spend-log metadata; the workspace only when allowed', () => {
    const without = requestMetadata({ task: 'fix', tier: 'coder', reason: 'coder: fix with a stated error' });
    assert.deepEqual(without.metadata.tags, ['frugal', 'frugal-task:fix', 'frugal-tier:coder']);
    assert.deepEqual(without.metadata.spend_logs_metadata, {
      frugal_task: 'fix',
      frugal_tier: 'coder',
      frugal_reason: 'coder: fix with a stated error',
    });
    const withWs = requestMetadata({ task: 'fix', tier: 'coder', reason: 'r', workspace: 'billing-service' });
    assert.ok((withWs.metadata.tags as string[]).includes('frugal-workspace:billing-service'));
    assert.equal((withWs.metadata.spend_logs_metadata as Record<string, string>).frugal_workspace, 'billing-service');
  });

  it('management routes are at the proxy root', () => {
    assert.equal(proxyRoot('http://127.0.0.1:4000/v1'), 'http://127.0.0.1:4000');
    assert.equal(proxyRoot('https://llm.example/v1/'), 'https://llm.example');
    assert.equal(proxyRoot('https://llm.example/litellm'), 'https://llm.example/litellm');
  });

  it('budget lines for the tooltip and dashboard', () => {
    const lines = gatewayBudgetLines(
      { fetchedAt: 0, budgets: [parseKeyInfo(KEY_INFO.response)!.budget, parseTeamInfo(TEAM_INFO.response)!] },
      Date.parse('2098-12-29T00:00:00Z'),
    );
    assert.deepEqual(lines, [
      'Gateway key budget (frugal-dev-alice): $1.23 of $10.00 (12%) · resets in 3 days',
      'Gateway team budget (engineering): $57.50 of $200.00 (29%) · resets in 3 days',
    ]);
    assert.deepEqual(gatewayBudgetLines({ fetchedAt: 0, budgets: [], teamHidden: true, error: 'x answered 500' }, 0), [
      'Gateway team budget: not readable with this key',
      'Gateway budgets not refreshed: x answered 500',
    ]);
  });
});

describe('LiteLLM gateway: against a fake proxy on 127.0.0.1', () => {
  let sim: Simulator;
  let proxy: FakeProxy;

  before(async () => {
    sim = await startSimulator({ chunkDelayMs: 0 });
    proxy = await startFakeProxy({ upstream: sim.baseUrl, pricePerMillion: 3 });
  });
  after(async () => {
    await proxy.close();
    await sim.close();
  });
  beforeEach(() => {
    proxy.refuseWith(undefined);
    proxy.hideTeam(false);
    proxy.requests.length = 0;
  });

  it('reads /key/info and /team/info at most once a minute', async () => {
    let now = 1_000_000;
    const client = new KeyInfoClient({ clock: { now: () => now } });
    const a = await client.refresh(proxy.baseUrl, VIRTUAL_KEY);
    assert.equal(a.budgets.length, 2);
    assert.equal(a.budgets[1].label, 'engineering');
    assert.equal(client.fetches, 2);
    now += 59_000;
    const b = await client.refresh(proxy.baseUrl, VIRTUAL_KEY);
    assert.equal(b, a);
    assert.equal(client.fetches, 2, 'no new fetch within the minute');
    now += 1_000;
    await client.refresh(proxy.baseUrl, VIRTUAL_KEY);
    assert.equal(client.fetches, 4);
    assert.ok(
      proxy.requests.every((r) => r.authorized),
      'the virtual key is sent as the bearer token',
    );
  });

  it('a key that may not read its team still shows its own budget; a bad key is a clear error', async () => {
    proxy.hideTeam(true);
    const s = await new KeyInfoClient().refresh(proxy.baseUrl, VIRTUAL_KEY);
    assert.equal(s.budgets.length, 1);
    assert.equal(s.teamHidden, true);
    const bad = await new KeyInfoClient().refresh(proxy.baseUrl, 'sk-wrong');
    assert.match(bad.error!, /key\/info answered 401 \(check the virtual key/);
    assert.ok(!bad.error!.includes('sk-wrong'));
  });

  const EXPLAIN: EditorRequest = {
    task: 'explain',
    instruction: '',
    languageId: 'python',
    selection: 'def area(r):\n    return 3.14159 * r * r\n',
    filePath: 'geo.py',
  };

  async function pipelineFor(raw: RawSettings = {}) {
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-gw-'));
    const logger = new MemoryLogger();
    const ledger = new Ledger({ dir, logger });
    await ledger.load();
    const config = parseConfig({ preset: 'litellm', baseUrl: proxy.baseUrl, 'cache.enabled': false, ...raw }).config;
    const events: AttemptEvent[] = [];
    const pipeline = new Pipeline({
      getConfig: () => config,
      provider: new ProviderClient({ logger }),
      secrets: { getApiKey: async () => VIRTUAL_KEY },
      ledger,
      logger,
      workspace: 'billing-service',
      onAttempt: (a) => events.push(a),
    });
    return { pipeline, ledger, events, config };
  }

  it("sends the routing facts as metadata, records the proxy's cost, and shows its cache hits as such", async () => {
    const { pipeline, ledger, events } = await pipelineFor();
    const first = await pipeline.run(EXPLAIN);
    const sent = proxy.requests.find((r) => r.path.endsWith('/chat/completions'))!;
    assert.equal(sent.body.model, 'frugal-cheap');
    assert.deepEqual(sent.body.metadata.tags, ['frugal', 'frugal-task:explain', 'frugal-tier:cheap']);
    assert.equal(sent.body.metadata.spend_logs_metadata.frugal_task, 'explain');
    assert.match(sent.body.metadata.spend_logs_metadata.frugal_reason, /^cheap/);
    assert.equal(
      sent.body.metadata.spend_logs_metadata.frugal_workspace,
      undefined,
      'no workspace name unless allowed',
    );
    const rec = ledger.recent().at(-1)!;
    assert.ok(rec.hostCostUsd! > 0);
    assert.equal(rec.costUsd, rec.hostCostUsd, "the proxy's x-litellm-response-cost is the recorded cost");
    assert.equal(first.costUsd, rec.hostCostUsd);
    assert.equal(rec.proxyCacheHit, undefined);

    const again = await pipeline.run(EXPLAIN);
    const hit = ledger.recent().at(-1)!;
    assert.equal(hit.proxyCacheHit, true);
    assert.equal(hit.cacheHit, false, "not Frugal's own cache");
    assert.equal(hit.costUsd, 0);
    assert.match(again.notice ?? '', /Answered from the gateway's cache \(\$0/);
    assert.equal(events.length, 2);
    assert.equal(events[1].proxyCacheHit, true);
  });

  it('sends the workspace name when frugal.gateway.sendWorkspaceName allows it', async () => {
    const { pipeline } = await pipelineFor({ 'gateway.sendWorkspaceName': true });
    await pipeline.run({ ...EXPLAIN, selection: 'def perimeter(r):\n    return 2 * 3.14159 * r\n' });
    const sent = proxy.requests.find((r) => r.path.endsWith('/chat/completions'))!;
    assert.equal(sent.body.metadata.spend_logs_metadata.frugal_workspace, 'billing-service');
  });

  for (const name of ['key', 'user', 'team'] as const) {
    it(`a ${name} budget refusal blocks like a local budget, naming the ${name} budget`, async () => {
      const { pipeline, ledger, events } = await pipelineFor();
      proxy.refuseWith(name);
      await assert.rejects(pipeline.run({ ...EXPLAIN, instruction: `why ${name}` }), (e: unknown) => {
        assert.ok(e instanceof PipelineError);
        assert.equal(e.kind, 'blocked');
        assert.match(e.userMessage, new RegExp(`the ${name} budget`));
        assert.match(e.userMessage, /frugal\.budget\.onExceed/);
        return true;
      });
      const rec = ledger.recent().at(-1)!;
      assert.equal(rec.outcome, 'blocked');
      assert.equal(rec.costUsd, 0);
      assert.equal(events.at(-1)!.errorType, 'budget');
      const chats = proxy.requests.filter((r) => r.path.endsWith('/chat/completions'));
      assert.equal(chats.length, 1, 'a budget refusal is not retried');
    });
  }

  it('in downgrade mode a per-model gateway budget sends the request to the cheap tier instead', async () => {
    const { pipeline, ledger } = await pipelineFor({ 'budget.onExceed': 'downgrade' });
    proxy.refuseWith('key_model', 'frugal-reasoner');
    const r = await pipeline.run({
      task: 'ask',
      instruction: 'why does this deadlock under load when two goroutines take the locks in opposite order?',
      languageId: 'go',
      selection: 'mu1.Lock()\nmu2.Lock()\n',
    });
    assert.equal(r.tier, 'cheap');
    assert.match(
      r.notice ?? '',
      /the key budget \(this virtual key\) for model frugal-reasoner is used up: using the cheapest tier/,
    );
    const recs = ledger.recent().filter((x) => x.requestId === r.requestId);
    assert.deepEqual(
      recs.map((x) => [x.tier, x.outcome]),
      [
        ['reasoner', 'blocked'],
        ['cheap', 'ok'],
      ],
    );
  });

  it('a refusal in downgrade mode that the cheap tier meets too is a block', async () => {
    const { pipeline } = await pipelineFor({ 'budget.onExceed': 'downgrade' });
    proxy.refuseWith('team');
    await assert.rejects(
      pipeline.run({ ...EXPLAIN, instruction: 'and again' }),
      /the team budget \(team team-eng-7f3c\).*on the cheapest tier too/,
    );
  });
});

describe('LiteLLM gateway: its budgets checked before sending (#13)', () => {
  let sim: Simulator;
  let proxy: FakeProxy;

  before(async () => {
    sim = await startSimulator({ chunkDelayMs: 0 });
    // dear enough that one request spends more than the key budget has left ($10 - $1.2345)
    proxy = await startFakeProxy({ upstream: sim.baseUrl, pricePerMillion: 100_000 });
  });
  after(async () => {
    await proxy.close();
    await sim.close();
  });

  it("sends nothing once the key budget, as the proxy reported it plus this window's spending since, is used up", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-gw-pre-'));
    const logger = new MemoryLogger();
    const ledger = new Ledger({ dir, logger });
    await ledger.load();
    const config = parseConfig({ preset: 'litellm', baseUrl: proxy.baseUrl, 'cache.enabled': false }).config;
    const client = new KeyInfoClient({ minIntervalMs: 60_000 });
    const read = await client.refresh(proxy.baseUrl, VIRTUAL_KEY);
    assert.equal(read.budgets[0].maxBudgetUsd, 10);
    const pipeline = new Pipeline({
      getConfig: () => config,
      provider: new ProviderClient({ logger }),
      secrets: { getApiKey: async () => VIRTUAL_KEY },
      ledger,
      logger,
      workspace: 'w',
      gatewayBudgets: () => client.snapshot(),
    });
    const req: EditorRequest = { task: 'explain', instruction: '', languageId: 'python', selection: 'x = 1\n' };
    await pipeline.run(req);
    const chats = () => proxy.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
    assert.equal(chats(), 1);
    assert.ok(proxy.spend().key > 10, `the proxy's key spend ${proxy.spend().key}`);
    // the snapshot (read before) still says $1.23 of $10: the window's own spending since is added to it
    await assert.rejects(pipeline.run({ ...req, instruction: 'again' }), (e: unknown) => {
      assert.ok(e instanceof PipelineError && e.kind === 'blocked', String(e));
      assert.match(
        e.userMessage,
        /gateway's key budget \(virtual key frugal-dev-alice\) of \$10\.00 is used up \(\$\d+\.\d\d spent/,
      );
      return true;
    });
    assert.equal(chats(), 1, 'the second request never reached the proxy');
    assert.deepEqual(
      ledger.recent().map((x) => [x.outcome, x.costUsd > 0]),
      [
        ['ok', true],
        ['blocked', false],
      ],
    );
  });
});

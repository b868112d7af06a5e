// Provider faults through the real Pipeline + real ProviderClient + the simulator over HTTP (GitHub issue #9, part 1).
// For each fault: a readable message, the partial answer kept and labelled where there was one, a ledger record with
// the right outcome and cost (usage if reported, a flagged estimate if not), no unhandled rejection, and the next
// request works. Each scenario runs with the cascade on and off.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pipeline, PipelineError, type PipelineResult, type RunOptions } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { ResponseCache } from '../../src/core/cache';
import { ProviderClient } from '../../src/core/provider';
import { recordingClock } from '../fixtures/clock';
import { parseConfig, type RawSettings } from '../../src/core/config';
import { MemoryLogger } from '../../src/core/ports';
import type { EditorRequest, LedgerRecord } from '../../src/core/types';
import { startSimulator, type Simulator } from '../fixtures/simulator';

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

let sim: Simulator;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

interface Harness {
  pipeline: Pipeline;
  ledger: Ledger;
  logger: MemoryLogger;
  /** delays the client asked to sleep between retries */
  sleeps: number[];
  dir: string;
  run(
    req?: EditorRequest,
    opts?: RunOptions,
  ): Promise<{ result?: PipelineResult; error?: PipelineError; deltas: string; ms: number }>;
}

let counter = 0;

async function harness(
  raw: RawSettings = {},
  opts: { key?: string; realSleep?: boolean; cache?: boolean } = {},
): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'frugal-faults-'));
  const logger = new MemoryLogger();
  const ledger = new Ledger({ dir, logger });
  await ledger.load();
  const cache = opts.cache
    ? new ResponseCache({ dir: path.join(dir, 'cache'), logger, ttlMs: 86_400_000, maxEntries: 100, maxBytes: 1 << 20 })
    : undefined;
  await cache?.load();
  const { config, errors } = parseConfig({
    baseUrl: sim.baseUrl,
    'request.timeoutSeconds': 1,
    'cache.enabled': !!opts.cache,
    ...raw,
  });
  assert.deepEqual(errors, []);
  // Retry waits are recorded exactly and shortened, so the suite stays fast (one test checks real time).
  const clock = recordingClock((ms) => (opts.realSleep ? ms : Math.min(ms, 20)));
  const sleeps = clock.sleeps;
  const client = new ProviderClient({ logger, clock });
  const pipeline = new Pipeline({
    getConfig: () => config,
    provider: client,
    secrets: { getApiKey: async () => opts.key ?? 'sk-test' },
    ledger,
    cache,
    logger,
    workspace: 'ws',
  });
  return {
    pipeline,
    ledger,
    logger,
    sleeps,
    dir,
    async run(req = { ...EXPLAIN, instruction: `run ${++counter}` }, runOpts = {}) {
      let deltas = '';
      const t0 = Date.now();
      try {
        const result = await pipeline.run(req, {
          ...runOpts,
          onDelta: (d) => {
            deltas += d;
            runOpts.onDelta?.(d);
          },
        });
        return { result, deltas, ms: Date.now() - t0 };
      } catch (e) {
        if (!(e instanceof PipelineError)) throw e; // anything else is a bug: the pipeline rejects with PipelineError only
        return { error: e, deltas, ms: Date.now() - t0 };
      }
    },
  };
}

/** A message a person can read: one or two sentences, no stack, no object dumps, no "undefined". */
function assertReadable(message: string): void {
  assert.ok(message.length > 10 && message.length < 400, `message length ${message.length}: ${message}`);
  assert.doesNotMatch(
    message,
    /\bat .+:\d+:\d+|\[object Object\]|\bundefined\b|\bnull\b|NaN|TypeError|SyntaxError/,
    message,
  );
}

/** The record of one attempt is complete and self-consistent. */
function assertRecord(rec: LedgerRecord): void {
  assert.ok(Number.isFinite(rec.costUsd) && rec.costUsd >= 0, `cost ${rec.costUsd}`);
  const split = rec.savedRoutingUsd + rec.savedCacheUsd + rec.savedCompressionUsd;
  assert.ok(Math.abs(split - (rec.baselineCostUsd - rec.costUsd)) < 1e-7, 'savings split adds up');
  if (rec.outcome === 'error' || rec.outcome === 'partial' || rec.outcome === 'cancelled')
    assert.ok(rec.error, 'a failed attempt says why');
}

/** After any fault, the very next request is answered normally. */
async function assertNextWorks(h: Harness): Promise<void> {
  sim.setFaults([]);
  sim.setConfig({ unknownModels: [] });
  const before = h.ledger.recent().length;
  const { result, error } = await h.run();
  assert.equal(error, undefined, `the next request failed: ${error?.userMessage}`);
  assert.equal(result!.outcome, 'ok');
  assert.ok(result!.content.length > 20);
  assert.equal(h.ledger.recent().length, before + 1);
}

/** The full answer the simulator gives for `req` when nothing goes wrong. */
async function fullAnswer(req: EditorRequest): Promise<string> {
  const h = await harness({ 'cascade.enabled': false });
  const { result } = await h.run(req);
  sim.reset();
  return result!.content;
}

/** Chat requests the simulator received since `from`, per model. */
function chatsSince(from: number): string[] {
  return sim.requests
    .slice(from)
    .filter((r) => r.endpoint === 'chat')
    .map((r) => r.model ?? '?');
}

describe('provider faults through the pipeline (simulator over HTTP)', function () {
  this.timeout(30_000);

  before(async () => {
    sim = await startSimulator({ port: 0 });
    process.on('unhandledRejection', onUnhandled);
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await sim.close();
  });
  beforeEach(() => sim.reset());
  afterEach(async () => {
    // let stray promises settle, then make sure none was left unhandled
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(unhandled.map(String), [], 'no unhandled rejection');
  });

  describe('429 rate limit', () => {
    it('with Retry-After: waits what the host asked (real time), retries, and answers; one ledger record with reported usage', async () => {
      const h = await harness({}, { realSleep: true });
      sim.setFaults([{ type: 'status', status: 429, retryAfter: 1 }]);
      const from = sim.requests.length;
      const { result, error, ms } = await h.run();
      assert.equal(error, undefined);
      assert.equal(result!.outcome, 'ok');
      assert.deepEqual(h.sleeps, [1000], 'slept exactly the Retry-After');
      assert.ok(ms >= 1000, `answered after ${ms} ms, before the Retry-After ran out`);
      assert.equal(chatsSince(from).length, 2, 'one refused request and one retry');
      const recs = h.ledger.recent();
      assert.equal(recs.length, 1, 'a retried 429 is one attempt');
      assert.equal(recs[0].outcome, 'ok');
      assert.equal(recs[0].estimated, false);
      assert.ok(recs[0].costUsd > 0);
      assertRecord(recs[0]);
      await assertNextWorks(h);
    });

    it('without Retry-After: backs off (500 ms ±25 %) and answers', async () => {
      const h = await harness();
      sim.setFaults([{ type: 'status', status: 429 }]);
      const { result } = await h.run();
      assert.equal(result!.outcome, 'ok');
      assert.equal(h.sleeps.length, 1);
      assert.ok(h.sleeps[0] >= 375 && h.sleeps[0] <= 625, `backoff ${h.sleeps[0]} ms`);
      assert.equal(h.ledger.recent().length, 1);
      await assertNextWorks(h);
    });

    for (const cascade of [true, false]) {
      it(`persistent 429 on the cheap model, cascade ${cascade ? 'on: falls back to the coder model' : 'off: a readable error'}`, async () => {
        const h = await harness({ 'cascade.enabled': cascade, 'request.maxRetries': 1 });
        sim.setFaults([{ type: 'status', status: 429, retryAfter: 1, times: -1, model: 'Qwen/Qwen3-8B' }]);
        const from = sim.requests.length;
        const { result, error } = await h.run();
        const recs = h.ledger.recent();
        assert.deepEqual(h.sleeps, [1000], 'one retry, after the Retry-After');
        if (cascade) {
          assert.equal(error, undefined);
          assert.equal(result!.model, 'deepseek-coder');
          assert.equal(result!.attempts, 2);
          assert.match(result!.notice!, /Qwen\/Qwen3-8B failed .*rate-limiting.*fell back to deepseek-coder/);
          assert.deepEqual(chatsSince(from), ['Qwen/Qwen3-8B', 'Qwen/Qwen3-8B', 'deepseek-coder']);
          assert.deepEqual(
            recs.map((r) => [r.attempt, r.model, r.outcome]),
            [
              [1, 'Qwen/Qwen3-8B', 'error'],
              [2, 'deepseek-coder', 'ok'],
            ],
          );
          assert.equal(recs[0].requestId, recs[1].requestId);
        } else {
          assert.equal(result, undefined);
          assert.equal(error!.kind, 'provider');
          assert.match(error!.userMessage, /rate-limiting requests \(429: Rate Limit Reached\).*gave up after 1 retry/);
          assertReadable(error!.userMessage);
          assert.deepEqual(
            recs.map((r) => [r.model, r.outcome]),
            [['Qwen/Qwen3-8B', 'error']],
          );
          assert.match(recs[0].error!, /429/);
        }
        recs.forEach(assertRecord);
        await assertNextWorks(h);
      });
    }

    it('a Retry-After longer than the client will wait is not slept through: the error says how long the host asked for', async () => {
      const h = await harness({ 'cascade.enabled': false });
      sim.setFaults([{ type: 'status', status: 429, retryAfter: 120 }]);
      const { error, ms } = await h.run();
      assert.ok(ms < 5000, `took ${ms} ms`);
      assert.deepEqual(h.sleeps, []);
      assert.match(error!.userMessage, /asked to wait 120 s/);
      await assertNextWorks(h);
    });
  });

  describe('server errors', () => {
    for (const status of [500, 502, 503] as const) {
      it(`${status} once: retried, answered, one ledger record`, async () => {
        const h = await harness();
        sim.setFaults([{ type: 'status', status }]);
        const from = sim.requests.length;
        const { result } = await h.run();
        assert.equal(result!.outcome, 'ok');
        assert.equal(chatsSince(from).length, 2);
        assert.equal(h.ledger.recent().length, 1);
        assert.equal(h.ledger.recent()[0].outcome, 'ok');
        await assertNextWorks(h);
      });

      for (const cascade of [true, false]) {
        it(`${status} on every retry, cascade ${cascade ? 'on: falls back' : 'off: readable error naming the status'}`, async () => {
          const h = await harness({ 'cascade.enabled': cascade });
          sim.setFaults([{ type: 'status', status, times: -1, model: 'Qwen/Qwen3-8B' }]);
          const from = sim.requests.length;
          const { result, error } = await h.run();
          assert.equal(chatsSince(from).filter((m) => m === 'Qwen/Qwen3-8B').length, 3, 'first try + 2 retries');
          const recs = h.ledger.recent();
          if (cascade) {
            assert.equal(result!.model, 'deepseek-coder');
            assert.equal(result!.outcome, 'ok');
            assert.deepEqual(
              recs.map((r) => r.outcome),
              ['error', 'ok'],
            );
          } else {
            assert.match(error!.userMessage, new RegExp(`server error \\(${status}.*gave up after 2 retries`));
            assertReadable(error!.userMessage);
            assert.deepEqual(
              recs.map((r) => r.outcome),
              ['error'],
            );
          }
          recs.forEach(assertRecord);
          await assertNextWorks(h);
        });
      }
    }
  });

  describe('a request that hangs past the timeout', () => {
    for (const cascade of [true, false]) {
      it(`before any output, cascade ${cascade ? 'on: falls back after 1 s' : 'off: a timeout message naming the setting'}`, async () => {
        const h = await harness({ 'cascade.enabled': cascade });
        sim.setFaults([{ type: 'hang', model: 'Qwen/Qwen3-8B' }]);
        const from = sim.requests.length;
        const { result, error, ms } = await h.run();
        assert.ok(ms >= 900 && ms < 5000, `gave up after ${ms} ms (timeout is 1 s)`);
        assert.equal(
          chatsSince(from).filter((m) => m === 'Qwen/Qwen3-8B').length,
          1,
          'our own inactivity timeout is not retried',
        );
        // the hung request was abandoned: its connection is closed, not left open
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(sim.requests.find((r) => r.id === sim.requests[from].id)!.aborted, true);
        const recs = h.ledger.recent();
        assert.equal(recs[0].outcome, 'error');
        assert.match(recs[0].error!, /did not answer within 1 s/);
        if (cascade) {
          assert.equal(result!.model, 'deepseek-coder');
          assert.match(result!.notice!, /did not answer within 1 s.*fell back/);
        } else {
          assert.match(error!.userMessage, /did not answer within 1 s.*frugal\.request\.timeoutSeconds/);
          assertReadable(error!.userMessage);
          assert.equal(recs.length, 1);
        }
        recs.forEach(assertRecord);
        await assertNextWorks(h);
      });

      it(`mid-answer, cascade ${cascade ? 'on: falls back, the abandoned partial attempt is recorded as an estimate' : 'off: the partial answer is kept and labelled'}`, async () => {
        const full = await fullAnswer({ ...EXPLAIN, instruction: 'hang-mid' });
        const h = await harness({ 'cascade.enabled': cascade });
        sim.setFaults([{ type: 'hang', afterChars: 40, model: 'Qwen/Qwen3-8B' }]);
        const { result, error, ms } = await h.run({ ...EXPLAIN, instruction: 'hang-mid' });
        assert.equal(error, undefined);
        assert.ok(ms >= 900, `${ms} ms`);
        const recs = h.ledger.recent();
        assert.equal(recs[0].model, 'Qwen/Qwen3-8B');
        assert.equal(recs[0].outcome, 'partial');
        assert.equal(recs[0].estimated, true, 'no usage arrived: the cost is a flagged estimate');
        assert.ok(recs[0].outputTokens > 0 && recs[0].costUsd > 0, 'the streamed part is priced');
        if (cascade) {
          assert.equal(result!.model, 'deepseek-coder');
          assert.equal(result!.outcome, 'ok');
        } else {
          assert.equal(result!.outcome, 'partial');
          assert.ok(
            result!.content.length >= 40 && result!.content.length < full.length,
            `kept ${result!.content.length} of ${full.length} chars`,
          );
          assert.ok(full.startsWith(result!.content), 'the partial answer is what streamed');
          assert.match(result!.notice!, /^Partial answer: .*stopped sending mid-answer/);
          assert.equal(recs.length, 1);
        }
        recs.forEach(assertRecord);
        await assertNextWorks(h);
      });
    }
  });

  describe('a stream cut mid-answer (connection dropped)', () => {
    for (const cascade of [true, false]) {
      it(`cascade ${cascade ? 'on: falls back to the next model' : 'off: the partial answer is kept, labelled, and priced as a flagged estimate'}`, async () => {
        const full = await fullAnswer({ ...EXPLAIN, instruction: 'cut' });
        const h = await harness({ 'cascade.enabled': cascade });
        sim.setFaults([{ type: 'disconnect', afterChars: 20, model: 'Qwen/Qwen3-8B' }]);
        const from = sim.requests.length;
        const { result, error } = await h.run({ ...EXPLAIN, instruction: 'cut' });
        assert.equal(error, undefined);
        assert.equal(
          chatsSince(from).filter((m) => m === 'Qwen/Qwen3-8B').length,
          1,
          'never retried once output had begun',
        );
        const recs = h.ledger.recent();
        assert.equal(recs[0].outcome, 'partial');
        assert.equal(recs[0].estimated, true);
        assert.ok(recs[0].costUsd > 0);
        assert.match(recs[0].error!, /dropped mid-answer/);
        if (cascade) {
          assert.equal(result!.model, 'deepseek-coder');
          assert.equal(result!.outcome, 'ok');
          assert.deepEqual(
            recs.map((r) => r.outcome),
            ['partial', 'ok'],
          );
        } else {
          assert.equal(result!.outcome, 'partial');
          assert.ok(
            result!.content.length >= 20 && full.startsWith(result!.content) && result!.content.length < full.length,
          );
          assert.match(result!.notice!, /^Partial answer: The connection to 127\.0\.0\.1:\d+ dropped mid-answer/);
          assertReadable(result!.notice!);
        }
        recs.forEach(assertRecord);
        await assertNextWorks(h);
      });
    }

    it('a partial answer is never cached: the same request asks the provider again', async () => {
      const h = await harness({ 'cascade.enabled': false }, { cache: true });
      sim.setFaults([{ type: 'disconnect', afterChars: 20 }]);
      const req = { ...EXPLAIN, instruction: 'cache-after-cut' };
      const first = await h.run(req);
      assert.equal(first.result!.outcome, 'partial');
      const from = sim.requests.length;
      const second = await h.run(req);
      assert.equal(second.result!.cached, false);
      assert.equal(second.result!.outcome, 'ok');
      assert.equal(chatsSince(from).length, 1);
    });
  });

  describe('a malformed chunk', () => {
    for (const cascade of [true, false]) {
      it(`at the start, cascade ${cascade ? 'on: falls back' : 'off: a readable "malformed response" error'}`, async () => {
        const h = await harness({ 'cascade.enabled': cascade });
        sim.setFaults([{ type: 'malformed', model: 'Qwen/Qwen3-8B' }]);
        const { result, error } = await h.run();
        const recs = h.ledger.recent();
        assert.equal(recs[0].outcome, 'error');
        if (cascade) {
          assert.equal(result!.model, 'deepseek-coder');
        } else {
          assert.match(error!.userMessage, /sent a malformed response .*frugal\.baseUrl/);
          assertReadable(error!.userMessage);
        }
        recs.forEach(assertRecord);
        await assertNextWorks(h);
      });
    }

    it('mid-answer with cascade off: what streamed before it is kept as a labelled partial answer', async () => {
      const h = await harness({ 'cascade.enabled': false });
      sim.setFaults([{ type: 'malformed', afterChars: 30 }]);
      const { result, error } = await h.run();
      assert.equal(error, undefined);
      assert.equal(result!.outcome, 'partial');
      assert.ok(result!.content.length >= 30);
      assert.ok(!result!.content.includes('oops'), 'nothing of the broken chunk is shown');
      assert.match(result!.notice!, /^Partial answer: .*malformed response/);
      assert.equal(h.ledger.recent()[0].outcome, 'partial');
      assert.equal(h.ledger.recent()[0].estimated, true);
      await assertNextWorks(h);
    });
  });

  describe('a response without usage', () => {
    for (const cascade of [true, false]) {
      it(`cascade ${cascade ? 'on' : 'off'}: the answer is used; tokens are estimated and the record flagged`, async () => {
        const h = await harness({ 'cascade.enabled': cascade });
        sim.setFaults([{ type: 'noUsage' }]);
        const from = sim.requests.length;
        const { result } = await h.run();
        assert.equal(result!.outcome, 'ok');
        assert.equal(result!.estimated, true);
        assert.equal(chatsSince(from).length, 1, 'a missing usage is no reason to ask again');
        const [rec] = h.ledger.recent();
        assert.equal(rec.estimated, true);
        assert.ok(rec.inputTokens > 50 && rec.outputTokens > 10, `${rec.inputTokens}/${rec.outputTokens}`);
        // the estimate is within a factor of two of what the simulator would have reported (it counts 4 chars/token)
        const { result: withUsage } = await h.run();
        const real = h.ledger.recent()[1];
        assert.equal(real.estimated, false);
        assert.ok(
          rec.outputTokens > real.outputTokens / 2 && rec.outputTokens < real.outputTokens * 2,
          `estimate ${rec.outputTokens} vs reported ${real.outputTokens}`,
        );
        assert.ok(rec.costUsd > 0 && withUsage!.costUsd > 0);
        assertRecord(rec);
      });
    }
  });

  describe('a wrong model name', () => {
    for (const cascade of [true, false]) {
      it(`cascade ${cascade ? 'on: routes to the next tier and says which setting to change' : 'off: a message naming frugal.tiers'}`, async () => {
        const h = await harness({ 'cascade.enabled': cascade });
        sim.setConfig({ unknownModels: ['Qwen/Qwen3-8B'] });
        const from = sim.requests.length;
        const { result, error } = await h.run();
        assert.equal(chatsSince(from).filter((m) => m === 'Qwen/Qwen3-8B').length, 1, 'a missing model is not retried');
        const recs = h.ledger.recent();
        assert.equal(recs[0].outcome, 'error');
        assert.match(recs[0].error!, /frugal\.tiers/);
        if (cascade) {
          assert.equal(result!.model, 'deepseek-coder');
          assert.match(result!.notice!, /Qwen\/Qwen3-8B.*not found.*frugal\.tiers.*fell back to deepseek-coder/);
        } else {
          assert.match(
            error!.userMessage,
            /Model 'Qwen\/Qwen3-8B' was not found at http:\/\/127\.0\.0\.1:\d+\/v1; change frugal\.tiers or frugal\.models/,
          );
          assertReadable(error!.userMessage);
        }
        recs.forEach(assertRecord);
        await assertNextWorks(h);
      });
    }
  });

  describe('a bad key', () => {
    for (const cascade of [true, false]) {
      it(`cascade ${cascade ? 'on' : 'off'}: no fallback (another model will not take the key either), the message says to set the key`, async () => {
        const h = await harness({ 'cascade.enabled': cascade }, { key: 'sk-bad' });
        const from = sim.requests.length;
        const { result, error } = await h.run();
        assert.equal(result, undefined);
        assert.equal(chatsSince(from).length, 1, 'not retried, not escalated');
        assert.match(error!.userMessage, /rejected the API key for 'default' .*Frugal: Set API Key/);
        assertReadable(error!.userMessage);
        const recs = h.ledger.recent();
        assert.deepEqual(
          recs.map((r) => r.outcome),
          ['error'],
        );
        recs.forEach(assertRecord);
      });
    }
  });

  describe('inline completion (FIM) faults', () => {
    const FIM = {
      prefix: 'function add(a: number, b: number) {\n  return ',
      suffix: '\n}\n',
      languageId: 'typescript',
      maxTokens: 64,
      stop: ['\n\n'],
    };
    for (const fault of [
      { name: '500', f: { type: 'status', status: 500 } as const, msg: /server error \(500/ },
      { name: 'a dropped connection', f: { type: 'disconnect' } as const, msg: /Cannot reach|dropped/ },
      { name: 'a hang', f: { type: 'hang' } as const, msg: /did not answer within 1 s/ },
    ]) {
      it(`${fault.name}: a readable ProviderError, one error record, and the next completion works`, async () => {
        const h = await harness();
        sim.setFaults([{ ...fault.f, endpoint: 'fim' }]);
        const ac = new AbortController();
        await assert.rejects(h.pipeline.complete(FIM, ac.signal), (e: any) => {
          assert.match(e.userMessage, fault.msg);
          assertReadable(e.userMessage);
          return true;
        });
        const recs = h.ledger.recent();
        assert.deepEqual(
          recs.map((r) => [r.task, r.outcome]),
          [['complete', 'error']],
        );
        recs.forEach(assertRecord);
        const ok = await h.pipeline.complete({ ...FIM, prefix: FIM.prefix + ' ' }, ac.signal);
        assert.ok(ok.text.length > 0);
        assert.equal(h.ledger.recent().length, 2);
      });
    }
  });

  describe('cancellation mid-stream', () => {
    it('keeps the partial answer on the error, records a cancelled attempt, and the next request works', async () => {
      const h = await harness();
      sim.setConfig({ chunkDelayMs: 15 });
      const ac = new AbortController();
      let seen = '';
      const { error } = await h.run(undefined, {
        signal: ac.signal,
        onDelta: (d) => {
          seen += d;
          if (seen.length > 30) ac.abort();
        },
      });
      assert.equal(error!.kind, 'cancelled');
      assert.ok(error!.partial && error!.partial.content.length > 0, 'the partial answer travels with the error');
      assert.equal(h.ledger.recent()[0].outcome, 'cancelled');
      assert.equal(h.ledger.recent()[0].estimated, true);
      sim.setConfig({ chunkDelayMs: 2 });
      await assertNextWorks(h);
    });
  });
});

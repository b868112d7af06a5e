// Every request ends (#13, item 6): a total deadline per attempt that an endless or dripping stream cannot outlast,
// a wait budget that no retry sleeps past, an answer cut at a size cap, against hostile servers on 127.0.0.1.
// No wall-clock bounds are asserted: the outcomes (error kind, message, finish reason, retries) are.
import { strict as assert } from 'node:assert';
import { ProviderClient, ProviderError, type ChatCall } from '../../src/core/provider';
import { defaultConfig } from '../../src/core/config';
import { MemoryLogger } from '../../src/core/ports';
import { startHostileServer, type HostileServer } from '../fixtures/hostile';
import { recordingClock } from '../fixtures/clock';

const cfg = defaultConfig();
const MODEL = cfg.models['deepseek-coder'];
const MESSAGES = [{ role: 'user' as const, content: 'Say something.' }];

async function rejects(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ProviderError, `expected ProviderError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('provider: every request ends', function () {
  this.timeout(20000);
  let server: HostileServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const call = (over: Partial<ChatCall>): ChatCall => ({
    provider: { id: 'default', baseUrl: server!.baseUrl },
    model: MODEL,
    apiKey: 'sk-test-abcdef123456',
    messages: MESSAGES,
    ...over,
  });

  it('an endless stream ends at the total deadline, with what it sent as a partial answer', async () => {
    server = await startHostileServer('endless', { intervalMs: 10 });
    const deltas: string[] = [];
    const err = await rejects(
      new ProviderClient().chat(
        call({ timeoutMs: 5000, deadlineMs: 400, onDelta: (d) => d.content && deltas.push(d.content) }),
      ),
    );
    assert.equal(err.kind, 'timeout');
    assert.equal(err.retryable, false);
    assert.match(err.userMessage, /frugal\.request\.totalDeadlineSeconds/);
    assert.match(err.userMessage, /was still sending/);
    assert.ok(err.partial && err.partial.content.startsWith('more '), 'the streamed part is kept');
    assert.equal(err.partial.finishReason, 'error');
    assert.ok(deltas.length > 0);
  });

  it('a slow drip that never goes quiet for the inactivity timeout still ends at the deadline', async () => {
    server = await startHostileServer('drip', { intervalMs: 50 });
    const err = await rejects(new ProviderClient().chat(call({ timeoutMs: 3000, deadlineMs: 500 })));
    assert.equal(err.kind, 'timeout');
    assert.match(err.userMessage, /totalDeadlineSeconds/);
  });

  it("what is left of the request's wait budget ends the attempt too, and names that setting", async () => {
    server = await startHostileServer('hang');
    const err = await rejects(
      new ProviderClient().chat(call({ timeoutMs: 10_000, deadlineMs: 60_000, maxWaitMs: 300 })),
    );
    assert.equal(err.kind, 'timeout');
    assert.match(err.userMessage, /frugal\.request\.maxWaitSeconds/);
    assert.match(err.userMessage, /had not answered/);
  });

  it('no retry waits past the deadline: a Retry-After longer than what is left is not waited out', async () => {
    server = await startHostileServer('retry-after', { retryAfterSeconds: 20 });
    const clock = recordingClock();
    const sleeps = clock.sleeps;
    const client = new ProviderClient({ clock, maxRetryAfterMs: 60_000 });
    const err = await rejects(client.chat(call({ maxRetries: 3, deadlineMs: 5_000 })));
    assert.equal(err.kind, 'server');
    assert.deepEqual(sleeps, [], 'never slept');
    assert.equal(server.hits, 1);
    assert.match(err.userMessage, /Not retried: waiting 20 s more would pass frugal\.request\.totalDeadlineSeconds/);
  });

  it('an attempt whose wait budget is already spent does not start', async () => {
    server = await startHostileServer('no-finish');
    const err = await rejects(new ProviderClient().chat(call({ maxWaitMs: 0 })));
    assert.equal(err.kind, 'timeout');
    assert.equal(server.hits, 0);
  });

  it('an answer is cut at the size cap and ends as length', async () => {
    server = await startHostileServer('flood');
    const logger = new MemoryLogger();
    const r = await new ProviderClient({ logger }).chat(
      call({ timeoutMs: 5000, deadlineMs: 10_000, maxAnswerChars: 100_000 }),
    );
    assert.equal(r.finishReason, 'length');
    assert.equal(r.content.length, 100_000);
    assert.ok(
      logger.lines.some((l) => /passed 100000 characters; cut there/.test(l)),
      logger.lines.join('\n'),
    );
  });

  it('a stream without a finish reason is returned with none (the pipeline never caches it)', async () => {
    server = await startHostileServer('no-finish');
    const r = await new ProviderClient().chat(call({}));
    assert.equal(r.finishReason, null);
    assert.match(r.content, /never says it is finished/);
  });
});

// The provider client's waits on virtual time: the inactivity timeout, the total deadline, the request's wait budget,
// backoff between retries and Retry-After (seconds and HTTP date). The client runs unchanged on the openai SDK; only
// its fetch is a function here and its clock a VirtualClock, so a 60 s timeout takes no real time and every duration
// is checked to the millisecond.
import { strict as assert } from 'node:assert';
import { VirtualClock } from '../../src/core/clock';
import { defaultConfig } from '../../src/core/config';
import { ProviderClient, ProviderError, type CallResult, type ChatCall } from '../../src/core/provider';

const CODER = defaultConfig().models['deepseek-coder'];
const PROVIDER = { id: 'default', baseUrl: 'https://api.example.test/v1' };
const MESSAGES = [{ role: 'user' as const, content: 'Explain a for loop.' }];
const START = 1_700_000_000_000;

type Reply = (signal: AbortSignal) => Promise<Response>;

/** A fetch that answers the n-th request with replies[n] (the last one repeats), and records when each came. */
function fakeFetch(clock: VirtualClock, replies: Reply[]): { fetch: typeof fetch; at: number[] } {
  const at: number[] = [];
  const fetchImpl = (async (_url: unknown, init?: RequestInit) => {
    at.push(clock.now() - START);
    const signal = init!.signal!;
    return replies[Math.min(at.length - 1, replies.length - 1)](signal);
  }) as typeof fetch;
  return { fetch: fetchImpl, at };
}

/** Never answers; rejects as fetch does when its signal aborts. */
const hang: Reply = (signal) =>
  new Promise((_resolve, reject) => {
    const fail = () => reject(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));
    if (signal.aborted) fail();
    signal.addEventListener('abort', fail, { once: true });
  });

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => {
  return async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
};

const answer = json(200, {
  id: 'x',
  object: 'chat.completion',
  created: 0,
  model: 'deepseek-coder',
  choices: [{ index: 0, message: { role: 'assistant', content: 'A loop.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
});

const error = (status: number, headers: Record<string, string> = {}) =>
  json(status, { error: { message: `status ${status}`, type: 'server_error' } }, headers);

/** A stream that sends one chunk every `everyMs` of virtual time, forever (until aborted). */
function trickle(clock: VirtualClock, everyMs: number): Reply {
  return async (signal) => {
    const enc = new TextEncoder();
    let n = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          await clock.sleep(everyMs, signal);
        } catch {
          controller.error(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));
          return;
        }
        const chunk = { id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [] as unknown[] };
        chunk.choices = [{ index: 0, delta: { content: `w${n++} ` }, finish_reason: null }];
        controller.enqueue(enc.encode(`data: ${JSON.stringify(chunk)}\n\n`));
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
}

function setup(replies: (clock: VirtualClock) => Reply[]) {
  const clock = new VirtualClock(START);
  const f = fakeFetch(clock, replies(clock));
  const client = new ProviderClient({ clock, fetch: f.fetch, random: () => 0.5 });
  return { clock, client, at: f.at };
}

const call = (over: Partial<ChatCall> = {}): ChatCall => ({
  provider: PROVIDER,
  model: CODER,
  apiKey: 'sk-test-1234567890',
  messages: MESSAGES,
  stream: false,
  ...over,
});

/** Runs the call to its end on virtual time; returns what it settled with and the virtual ms it took. */
async function settle(
  clock: VirtualClock,
  p: Promise<CallResult>,
): Promise<{ result?: CallResult; error?: ProviderError; ms: number }> {
  let out: { result?: CallResult; error?: ProviderError } | undefined;
  let endedAt = 0;
  p.then(
    (result) => ((out = { result }), (endedAt = clock.now())),
    (error) => ((out = { error }), (endedAt = clock.now())),
  );
  for (let i = 0; i < 10_000 && !out; i++) {
    // real I/O inside the SDK (reading a Response body) settles on the event loop, not on the virtual clock
    await new Promise((r) => setImmediate(r));
    if (!out && clock.nextAt() !== undefined) await clock.advanceTo(clock.nextAt()!);
  }
  assert.ok(out, 'the call settled');
  return { ...out, ms: endedAt - START };
}

describe('provider client on virtual time', () => {
  it('ends a silent request at the inactivity timeout, to the millisecond, and does not retry it', async () => {
    const { clock, client, at } = setup(() => [hang]);
    const { error, ms } = await settle(clock, client.chat(call({ timeoutMs: 60_000 })));
    assert.ok(error instanceof ProviderError);
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /timeout after 60000 ms of silence/);
    assert.equal(ms, 60_000);
    assert.deepEqual(at, [0], 'our own timeout is not retried');
    assert.equal(clock.pending(), 0, 'no timer left armed');
  });

  it('a stream that keeps trickling is stopped by the total deadline, not the inactivity timeout', async () => {
    const { clock, client } = setup((c) => [trickle(c, 10_000)]);
    const { error, ms } = await settle(
      clock,
      client.chat(call({ stream: true, timeoutMs: 15_000, deadlineMs: 45_000, maxRetries: 0 })),
    );
    assert.equal(error?.kind, 'timeout');
    assert.match(error!.message, /deadline of 45000 ms passed \(frugal\.request\.totalDeadlineSeconds\)/);
    assert.match(error!.userMessage, /was still sending after 45 s/);
    assert.equal(ms, 45_000);
    assert.equal(error!.partial?.content, 'w0 w1 w2 w3 ', 'what came before the deadline is kept');
  });

  it('backs off 500 ms then 1 s (jitter fixed) before the third attempt succeeds', async () => {
    const { clock, client, at } = setup(() => [error(503), error(502), answer]);
    const { result, ms } = await settle(clock, client.chat(call()));
    assert.equal(result?.content, 'A loop.');
    assert.equal(result?.retries, 2);
    assert.deepEqual(at, [0, 500, 1_500]);
    assert.equal(ms, 1_500);
    assert.equal(result?.latencyMs, 1_500);
  });

  it('honours Retry-After in seconds and as an HTTP date, read against the same clock', async () => {
    const date = new Date(START + 3_000).toUTCString();
    const { clock, client, at } = setup(() => [
      error(429, { 'retry-after': '2' }),
      error(429, { 'retry-after': date }),
      answer,
    ]);
    const { result } = await settle(clock, client.chat(call()));
    assert.equal(result?.retries, 2);
    // 2 s after the first attempt; the date is START + 3 s, so 1 s after the second
    assert.deepEqual(at, [0, 2_000, 3_000]);
  });

  it('does not wait past the wait budget: a retry that would end after it is not made', async () => {
    const { clock, client, at } = setup(() => [error(429, { 'retry-after': '2' }), answer]);
    const { error: e, ms } = await settle(clock, client.chat(call({ maxWaitMs: 1_500 })));
    assert.equal(e?.kind, 'rate_limit');
    assert.match(e!.userMessage, /Not retried: waiting 2 s more would pass frugal\.request\.maxWaitSeconds/);
    assert.deepEqual(at, [0]);
    assert.equal(ms, 0);
  });

  it('the wait budget also stops a request in flight, at the budget', async () => {
    const { clock, client } = setup(() => [hang]);
    const { error: e, ms } = await settle(clock, client.chat(call({ timeoutMs: 60_000, maxWaitMs: 7_250 })));
    assert.equal(e?.kind, 'timeout');
    assert.match(e!.message, /deadline of 7250 ms passed \(frugal\.request\.maxWaitSeconds\)/);
    assert.equal(ms, 7_250);
  });

  it('a cancel during the backoff ends the wait at once', async () => {
    const { clock, client, at } = setup(() => [error(429, { 'retry-after': '10' }), answer]);
    const ac = new AbortController();
    const p = client.chat(call({ signal: ac.signal }));
    // let the 429 arrive: then the only timer armed is the backoff's
    for (let i = 0; i < 100 && clock.nextAt() !== START + 10_000; i++) await new Promise((r) => setImmediate(r));
    assert.equal(clock.nextAt(), START + 10_000, 'the backoff waits the Retry-After');
    assert.equal(clock.pending(), 1);
    await clock.advance(4_000);
    ac.abort();
    const { error: e, ms } = await settle(clock, p);
    assert.equal(e?.kind, 'cancelled');
    assert.equal(ms, 4_000);
    assert.deepEqual(at, [0]);
    assert.equal(clock.pending(), 0);
  });
});

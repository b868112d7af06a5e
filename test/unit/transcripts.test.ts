// Real provider transcripts (test/fixtures/transcripts, each with its source) replayed byte for byte from a local
// server on 127.0.0.1 through the real provider client, then priced at a fixed moment: exact costs to 1e-9 USD.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ProviderClient, ProviderError, type CallResult } from '../../src/core/provider';
import { parseConfig, type ModelConfig } from '../../src/core/config';
import { catalogProviderFor, hostDiffers, priceAttempt } from '../../src/core/pricing';
import { loadTranscripts, matches, replay as replayTranscript } from '../fixtures/transcripts/replay';
import { recordingClock } from '../fixtures/clock';

const DIR = path.join(__dirname, '../fixtures/transcripts');
interface Transcript {
  source: Record<string, string>;
  stream: boolean;
  status: number;
  headers: Record<string, string>;
  body: string;
}
export const TRANSCRIPTS: Record<string, Transcript> = Object.fromEntries(
  fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'))]),
);

/** Serves one transcript's status, headers and body bytes as recorded. */
async function serve(t: Transcript): Promise<{ url: string; close: () => void; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      bodies.push(JSON.parse(data));
      res.writeHead(t.status, t.headers);
      res.end(Buffer.from(t.body, 'utf8'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close(), bodies };
}

async function replay(name: string, model: ModelConfig): Promise<CallResult> {
  const t = TRANSCRIPTS[name];
  const s = await serve(t);
  try {
    return await new ProviderClient({ clock: recordingClock() }).chat({
      provider: { id: 'default', baseUrl: s.url },
      model,
      apiKey: 'sk-test',
      stream: t.stream,
      maxRetries: 0,
      messages: [{ role: 'user', content: 'hello' }],
    });
  } finally {
    s.close();
  }
}

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
const OFF_PEAK = Date.parse('2026-12-01T12:00:00Z');
const PEAK = Date.parse('2026-12-01T02:00:00Z');

function priced(preset: 'deepseek' | 'openrouter', id: string, r: CallResult, at: number) {
  const config = parseConfig({ preset }, at).config;
  const model = config.models[id];
  return priceAttempt({
    catalogProvider: catalogProviderFor(config, model),
    model,
    usage: r.usage!,
    at,
    hostCostUsd: r.usage!.hostCostUsd,
  });
}

describe('real provider transcripts, replayed byte for byte', function () {
  this.timeout(10_000);
  const ds = parseConfig({ preset: 'deepseek' }, OFF_PEAK).config;
  const or = parseConfig({ preset: 'openrouter' }, OFF_PEAK).config;

  it('every transcript names its source, and each replays to its hand-computed bill exactly', async () => {
    const all = loadTranscripts();
    assert.ok(Object.keys(all).length >= 7);
    for (const [name, t] of Object.entries(all)) {
      assert.ok((t.source.repo && t.source.path) || t.source.url, name);
      const r = await replayTranscript(t);
      assert.ok(
        matches(t, r),
        `${name}: cost ${r.costUsd} (${r.priced?.source ?? r.error?.kind}) vs expected ${JSON.stringify(t.expect)}`,
      );
    }
  });

  it('DeepSeek, recorded (deepseek-chat, retired: billed as deepseek-flash now): 14 in, 9 out', async () => {
    const r = await replay('deepseek-chat-recorded', ds.models['deepseek-flash']);
    assert.equal(r.content, 'Hello! How can I assist you today?');
    assert.deepEqual([r.usage!.inputTokens, r.usage!.cachedInputTokens, r.usage!.outputTokens], [14, 0, 9]);
    const p = priced('deepseek', 'deepseek-flash', r, OFF_PEAK);
    close(p.costUsd, (14 * 0.15 + 9 * 0.6) / 1e6);
    assert.equal(p.source, 'catalog');
  });

  it('DeepSeek reasoner stream: reasoning_content apart, reasoning billed once as output, at the peak rate', async () => {
    const r = await replay('deepseek-reasoner-stream', ds.models['deepseek-v4-pro']);
    assert.equal(r.reasoning, '好的，');
    assert.equal(r.content, '纱！');
    assert.deepEqual(
      [r.usage!.inputTokens, r.usage!.outputTokens, r.usage!.reasoningTokens, r.usage!.cachedInputTokens],
      [6, 1552, 199, 0],
    );
    assert.equal(r.usageEstimated, undefined);
    const p = priced('deepseek', 'deepseek-v4-pro', r, PEAK);
    assert.equal(p.peak, true);
    close(p.costUsd, 0.00615384); // 6 x $1.32/M + 1,552 x $3.96/M
    close(priced('deepseek', 'deepseek-v4-pro', r, OFF_PEAK).costUsd, 0.00307692);
  });

  it('the deepseek preset switches thinking off explicitly for cheap and coder, on for the reasoner', async () => {
    const all = loadTranscripts();
    const cheap = await replayTranscript(all['deepseek-chat-recorded']);
    assert.deepEqual([cheap.bodies[0].model, cheap.bodies[0].thinking], ['deepseek-flash', { type: 'disabled' }]);
    const reasoner = await replayTranscript(all['deepseek-reasoner-stream']);
    assert.deepEqual([reasoner.bodies[0].model, reasoner.bodies[0].thinking], ['deepseek-v4-pro', { type: 'enabled' }]);
    assert.equal(ds.models[ds.tiers.coder].thinking, 'off');
    assert.equal(ds.models[ds.tiers.coder].fim, true);
    assert.equal(ds.providers.default.fimBaseUrl, 'https://api.deepseek.com/beta');
  });

  it('DeepSeek reasoner, not streamed', async () => {
    const r = await replay('deepseek-reasoner-nonstream', ds.models['deepseek-v4-pro']);
    assert.match(r.reasoning, /^Okay, the user wrote/);
    assert.equal(r.usage!.reasoningTokens, 81);
    close(priced('deepseek', 'deepseek-v4-pro', r, OFF_PEAK).costUsd, 0.00018612); // 6 x 0.66 + 92 x 1.98
  });

  it('OpenRouter usage.cost is the bill; our figure is kept beside and differs by more than 5%', async () => {
    const model = or.models['qwen/qwen3-8b'];
    const t = TRANSCRIPTS['openrouter-usage-cost'];
    const s = await serve(t);
    let r: CallResult;
    try {
      r = await new ProviderClient().chat({
        provider: { ...or.providers.default, baseUrl: s.url },
        model,
        apiKey: 'sk-test',
        stream: false,
        messages: [{ role: 'user', content: 'hi' }],
      });
    } finally {
      s.close();
    }
    assert.deepEqual((s.bodies[0] as any).usage, { include: true }, 'the openrouter preset asks for usage with cost');
    assert.deepEqual((s.bodies[0] as any).reasoning, { enabled: false }, 'thinking switched off explicitly');
    const p = priced('openrouter', 'qwen/qwen3-8b', r, OFF_PEAK);
    assert.deepEqual([p.source, p.costUsd], ['host', 0.95]);
    close(p.ourCostUsd, 0.0000105); // 194 x $0.05/M + 2 x $0.40/M
    assert.equal(hostDiffers(p.hostCostUsd, p.ourCostUsd), true);
  });

  const errorCase = (name: string, kind: string) => async () => {
    const err = await replay(name, ds.models['deepseek-flash']).then(
      () => assert.fail('expected an error'),
      (e) => e,
    );
    assert.ok(err instanceof ProviderError, String(err));
    assert.equal(err.kind, kind);
    assert.equal(err.partial, undefined, 'refused before any output: nothing billed');
    return err;
  };
  it('402 insufficient balance: a credit error, nothing billed', async () => {
    const err = await errorCase('deepseek-402-insufficient-balance', 'credit')();
    assert.match(err.userMessage, /balance|credit/i);
  });
  it('404 unknown model: model_not_found, nothing billed', errorCase('openai-404-model-not-found', 'model_not_found'));
  it('429 rate limit: rate_limit with Retry-After, nothing billed', async () => {
    const err = await errorCase('ernie-429-rate-limit', 'rate_limit')();
    assert.equal(err.retryAfterMs, 1000);
  });
});

// Hostile or buggy usage from a host, through the real client, the pipeline and the ledger: no negative, NaN or
// infinite cost is recorded, such records are flagged as estimated, and they survive a reload unchanged.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ProviderClient } from '../../src/core/provider';
import { Pipeline } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { MemoryLogger } from '../../src/core/ports';
import { parseConfig } from '../../src/core/config';
import type { EditorRequest } from '../../src/core/types';

const chunk = (o: object) => `data: ${JSON.stringify(o)}\n\n`;
const text = (s: string) =>
  chunk({
    id: 'x',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content: s }, finish_reason: null }],
  });
const stop = chunk({
  id: 'x',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
});
const usage = (u: unknown) =>
  chunk({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: u });
const ANSWER = text('This function adds the numbers in a list and returns the total; it loops once over the items.');

/** One SSE body per request, in order. */
async function host(bodies: string[]): Promise<{ url: string; close: () => void }> {
  let i = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(bodies[Math.min(i++, bodies.length - 1)]);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, close: () => server.close() };
}

const REQ = (n: number): EditorRequest =>
  ({
    task: 'explain',
    instruction: `what does this do? (${n})`,
    languageId: 'typescript',
    selection: 'function total(xs: number[]) { return xs.reduce((a, b) => a + b, 0); }',
    filePath: '/w/a.ts',
  }) as EditorRequest;

describe('usage sanity, end to end: hostile usage never corrupts the ledger', function () {
  this.timeout(20_000);

  it('negative, 1e308, strings, a repeated smaller chunk and a cut-off stream: finite, non-negative, flagged, kept on reload', async () => {
    const cases = [
      ANSWER + stop + usage({ prompt_tokens: -1000, completion_tokens: -5 }) + 'data: [DONE]\n\n',
      ANSWER + stop + usage({ prompt_tokens: 1e308, completion_tokens: 1e308 }) + 'data: [DONE]\n\n',
      ANSWER + stop + usage({ prompt_tokens: '1200', completion_tokens: 'many' }) + 'data: [DONE]\n\n',
      ANSWER +
        stop +
        usage({ prompt_tokens: 900, completion_tokens: 120 }) +
        usage({ prompt_tokens: 9, completion_tokens: 1 }) +
        'data: [DONE]\n\n',
      ANSWER, // cut off: no finish, no usage, no [DONE]
    ];
    const h = await host(cases);
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-usage-'));
    const logger = new MemoryLogger();
    const ledger = new Ledger({ dir, logger });
    await ledger.load();
    const config = parseConfig({ baseUrl: h.url, 'cascade.enabled': false, 'cache.enabled': false }).config;
    const pipeline = new Pipeline({
      getConfig: () => config,
      provider: new ProviderClient({ logger }),
      secrets: { getApiKey: async () => 'sk-test' },
      ledger,
      logger,
      workspace: 'ws',
    });
    try {
      for (let n = 0; n < cases.length; n++) await pipeline.run(REQ(n)).catch(() => undefined);
    } finally {
      h.close();
    }
    await ledger.flush();
    const recs = ledger.recent();
    assert.equal(recs.length, cases.length);
    for (const r of recs) {
      for (const k of ['costUsd', 'inputTokens', 'outputTokens', 'cachedInputTokens', 'baselineCostUsd'] as const) {
        assert.ok(Number.isFinite(r[k]) && r[k] >= 0, `${k} = ${r[k]}`);
      }
    }
    assert.deepEqual(
      recs.map((r) => r.estimated),
      [true, true, true, false, true],
    );
    assert.deepEqual([recs[0].inputTokens, recs[0].outputTokens], [0, 0], 'negatives clamped to 0');
    assert.ok(
      recs[1].inputTokens <= 10 * (config.models['Qwen/Qwen3-8B'].maxOutputTokens + 1000) && recs[1].inputTokens > 1000,
      'clamped to the plausible bound',
    );
    assert.ok(recs[2].inputTokens > 0 && recs[2].outputTokens > 0, 'strings treated as missing: estimated, not $0');
    assert.deepEqual([recs[3].inputTokens, recs[3].outputTokens], [900, 120], 'the larger usage wins');
    assert.ok(recs[4].outputTokens > 0 && recs[4].costUsd > 0, 'a cut-off answer is estimated and billed');
    assert.ok(
      logger.lines.some((l) => /usage from .*negative/.test(l)),
      'the problem is logged',
    );

    // reload: every record is still there, with the same figures
    const again = new Ledger({ dir, logger: new MemoryLogger() });
    await again.load();
    assert.deepEqual(
      again.recent().map((r) => [r.id, r.costUsd, r.estimated]),
      recs.map((r) => [r.id, r.costUsd, r.estimated]),
    );
    assert.equal(again.totals('today').costUsd, ledger.totals('today').costUsd);
  });
});

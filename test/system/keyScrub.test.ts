// The API key never stored (#13, item 8): a host that echoes the key gets no piece of it (8+ characters) into the
// answer, the streamed deltas, errors, the log, the cache or the ledger.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { KeyScrubber, KEY_PLACEHOLDER, scrubKey } from '../../src/core/provider/scrub';
import { ProviderClient, ProviderError } from '../../src/core/provider';
import { defaultConfig, parseConfig } from '../../src/core/config';
import { MemoryLogger } from '../../src/core/ports';
import { Pipeline, PipelineError } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { ResponseCache } from '../../src/core/cache';
import { seededRandom } from '../../src/core/random';
import { startHostileServer, type HostileServer } from '../fixtures/hostile';

const KEY = 'sk-live-9f8E7d6C5b4A3z2Y1x0WvUtSrQpOn';

/** Every 8-character piece of the key. */
function leaks(text: string, key = KEY): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= key.length; i++) if (text.includes(key.slice(i, i + 8))) out.push(key.slice(i, i + 8));
  return out;
}

describe('key scrubbing: scrubKey and KeyScrubber', () => {
  it('replaces the key and any run of 8+ of its characters, and leaves shorter runs', () => {
    assert.equal(scrubKey(`key=${KEY}!`, KEY), `key=${KEY_PLACEHOLDER}!`);
    assert.equal(
      scrubKey(`tail ${KEY.slice(-12)} and middle ${KEY.slice(5, 15)}`, KEY),
      `tail ${KEY_PLACEHOLDER} and middle ${KEY_PLACEHOLDER}`,
    );
    assert.equal(scrubKey(`short ${KEY.slice(3, 10)} stays`, KEY), `short ${KEY.slice(3, 10)} stays`);
    assert.equal(scrubKey('nothing here', KEY), 'nothing here');
    assert.equal(scrubKey(`x${KEY}`, undefined), `x${KEY}`);
  });

  it('withholds a key split across streamed chunks, for any chunking', () => {
    const text = `Sure. Your key is ${KEY}, and again ${KEY.slice(2, 20)} - done.`;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const rnd = seededRandom(seed);
      const s = new KeyScrubber(KEY);
      let out = '';
      for (let i = 0; i < text.length;) {
        const n = 1 + Math.floor(rnd() * 9);
        out += s.push(text.slice(i, i + n));
        i += n;
      }
      out += s.flush();
      assert.deepEqual(leaks(out), [], out);
      assert.ok(out.startsWith('Sure. Your key is '));
      assert.ok(out.endsWith(' - done.'));
    }
  });
});

describe('key scrubbing: against a host that echoes the key', function () {
  this.timeout(15000);
  let server: HostileServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const model = defaultConfig().models['deepseek-coder'];

  it('the answer, its streamed deltas and the log carry no piece of the key', async () => {
    server = await startHostileServer('echo-key');
    const logger = new MemoryLogger();
    const deltas: string[] = [];
    const r = await new ProviderClient({ logger }).chat({
      provider: { id: 'default', baseUrl: server.baseUrl },
      model,
      apiKey: KEY,
      messages: [{ role: 'user', content: 'hi' }],
      onDelta: (d) => d.content && deltas.push(d.content),
    });
    assert.match(r.content, /Your key is \[REDACTED:api-key\]/);
    assert.deepEqual(leaks(r.content), []);
    assert.deepEqual(leaks(deltas.join('')), []);
    assert.deepEqual(leaks(logger.lines.join('\n')), []);
  });

  it('an error body that quotes the key is scrubbed in the error and the log', async () => {
    server = await startHostileServer('echo-key-error');
    const logger = new MemoryLogger();
    let err: unknown;
    try {
      await new ProviderClient({ logger }).chat({
        provider: { id: 'default', baseUrl: server.baseUrl },
        model,
        apiKey: KEY,
        messages: [{ role: 'user', content: 'hi' }],
      });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ProviderError);
    assert.equal(err.kind, 'auth');
    assert.deepEqual(leaks(`${err.userMessage}\n${err.message}\n${err.providerMessage ?? ''}`), []);
    assert.deepEqual(leaks(logger.lines.join('\n')), []);
  });

  for (const mode of ['echo-key', 'echo-key-error'] as const) {
    it(`after a whole request (${mode}), nothing on disk holds a piece of the key (cache, ledger)`, async () => {
      server = await startHostileServer(mode);
      const dir = mkdtempSync(path.join(tmpdir(), 'frugal-keyscrub-'));
      const logger = new MemoryLogger();
      const ledger = new Ledger({ dir, logger });
      await ledger.load();
      const cache = new ResponseCache({
        dir: path.join(dir, 'cache'),
        logger,
        ttlMs: 86_400_000,
        maxEntries: 100,
        maxBytes: 1 << 20,
      });
      await cache.load();
      const config = parseConfig({ baseUrl: server.baseUrl, 'request.maxRetries': 0 }).config;
      const pipeline = new Pipeline({
        getConfig: () => config,
        provider: new ProviderClient({ logger }),
        secrets: { getApiKey: async () => KEY },
        ledger,
        cache,
        logger,
        workspace: 'ws',
      });
      let shown = '';
      try {
        const r = await pipeline.run(
          { task: 'explain', instruction: '', languageId: 'typescript', selection: 'const a = 1;' },
          { onDelta: (t) => (shown += t) },
        );
        shown += r.content + (r.notice ?? '');
      } catch (e) {
        assert.ok(e instanceof PipelineError);
        shown += e.userMessage;
      }
      await ledger.flush();
      await cache.flush();
      const files: string[] = [];
      const walk = (d: string): void => {
        for (const f of readdirSync(d)) {
          const p = path.join(d, f);
          if (statSync(p).isDirectory()) walk(p);
          else files.push(p);
        }
      };
      walk(dir);
      assert.ok(files.length > 0);
      for (const f of files) assert.deepEqual(leaks(readFileSync(f, 'utf8')), [], f);
      assert.deepEqual(leaks(shown), []);
      assert.deepEqual(leaks(logger.lines.join('\n')), []);
    });
  }
});

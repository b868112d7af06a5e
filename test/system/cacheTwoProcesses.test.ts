import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CACHE_FILE, ResponseCache, type CachedAnswer } from '../../src/core/cache';
import { MemoryLogger } from '../../src/core/ports';

// Two processes writing one cache folder at once: starts a second Node process, so it lives in the system tier
// (the in-process interleavings are in test/unit/cache.test.ts).
const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'frugal-cache-'));
const logFile = (dir: string) => path.join(dir, CACHE_FILE);

function open(
  dir: string,
  over: Partial<ConstructorParameters<typeof ResponseCache>[0]> = {},
): { cache: ResponseCache; logger: MemoryLogger } {
  const logger = new MemoryLogger();
  const cache = new ResponseCache({
    dir,
    logger,
    ttlMs: 7 * 86_400_000,
    maxEntries: 5000,
    maxBytes: 50 << 20,
    ...over,
  });
  return { cache, logger };
}

function answer(content: string): CachedAnswer {
  return {
    content,
    model: 'Qwen/Qwen3-8B',
    tier: 'cheap',
    reason: 'cheap: explanation',
    costUsd: 0.00001,
    baselineCostUsd: 0.01,
    inputTokens: 500,
    outputTokens: 100,
    createdAt: 1_700_000_000_000,
  };
}

describe('response cache shared by two processes', () => {
  it('a writer in another process interleaving with this one corrupts nothing', async function () {
    this.timeout(60_000);
    const dir = tmp();
    const script = path.join(tmp(), 'writer.ts');
    const entry = path.resolve(__dirname, '../../src/core/cache/index.ts');
    writeFileSync(
      script,
      `
      import { ResponseCache } from ${JSON.stringify(entry)};
      const [dir, n] = [process.argv[2], Number(process.argv[3])];
      const logger = { debug() {}, info() {}, warn: (m: string) => console.error(m), error: (m: string) => console.error(m) };
      const cache = new ResponseCache({ dir, logger, ttlMs: 1e12, maxEntries: 100000, maxBytes: 1e9, flushDelayMs: 1, compactMinBytes: 8192 });
      const prompt = (i: number) => 'child prompt ' + i;
      (async () => {
        await cache.load();
        for (let i = 0; i < n; i++) {
          cache.set({ task: 'ask', languageId: 'plaintext', prompt: prompt(i) }, { content: 'child ' + i + ' ' + 'c'.repeat(300), model: 'm', tier: 'cheap', reason: 'r', costUsd: 0, baselineCostUsd: 0, inputTokens: 1, outputTokens: 1, createdAt: 0 });
          if (i % 10 === 0) await cache.flush();
        }
        await cache.dispose();
      })();
    `,
    );
    const N = 200;
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, String(N)], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const { cache: here, logger } = open(dir, {
      flushDelayMs: 1,
      compactMinBytes: 8192,
      ttlMs: 1e12,
      maxEntries: 100000,
      maxBytes: 1e9,
    });
    await here.load();
    let i = 0;
    let done = false;
    void exited.then(() => (done = true));
    while (!done || i < N) {
      here.set(
        { task: 'ask', languageId: 'plaintext', prompt: 'parent prompt ' + i },
        answer(`parent ${i} ` + 'p'.repeat(300)),
      );
      if (i % 10 === 0) await here.flush();
      i++;
      if (i % 5 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    assert.equal(await exited, 0, stderr);
    await here.dispose();
    const { cache: check, logger: lc } = open(dir, { ttlMs: 1e12, maxEntries: 100000, maxBytes: 1e9 });
    await check.load();
    for (let k = 0; k < N; k++) {
      assert.equal(
        check.get({ task: 'ask', languageId: 'plaintext', prompt: 'child prompt ' + k })?.answer.content.split(' ')[1],
        String(k),
        `child ${k}`,
      );
    }
    for (let k = 0; k < i; k++) {
      assert.equal(
        check.get({ task: 'ask', languageId: 'plaintext', prompt: 'parent prompt ' + k })?.answer.content.split(' ')[1],
        String(k),
        `parent ${k}`,
      );
    }
    assert.equal(stderr, '');
    assert.deepEqual([...logger.lines, ...lc.lines], []);
    // Every line of the log parses.
    for (const line of readFileSync(logFile(dir), 'utf8').split('\n').filter(Boolean)) JSON.parse(line);
  });
});

// Nothing lost at shutdown (issue #14, part 4): deactivate() waits for the ledger's and the cache's last writes, so
// records and answers of the session's last moments are on disk once VS Code's wait for it ends.
import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ledger } from '../../src/core/ledger';
import { ResponseCache } from '../../src/core/cache';
import { MemoryLogger } from '../../src/core/ports';
import { makeLedgerRecord, storedRecords } from '../fixtures/crash/records';
import { activateExtension, resetStub } from '../fixtures/crash/vscodeStub';

describe('shutdown: deactivate() awaits the last writes', function () {
  this.timeout(60_000);

  it('a record appended and an answer cached just before the window closes are on disk after deactivate()', async () => {
    resetStub();
    const root = mkdtempSync(path.join(tmpdir(), 'frugal-shutdown-'));
    const global = path.join(root, 'global');
    const ws = path.join(root, 'ws');
    mkdirSync(global);
    const ext = await activateExtension({ globalStorage: global, workspaceStorage: ws });
    const api = ext.api as { ledger: Ledger; cache: ResponseCache };
    // fire and forget, as the pipeline does
    for (let i = 0; i < 50; i++) void api.ledger.append(makeLedgerRecord({ id: `last-${i}`, ts: Date.now() }));
    api.cache.set(
      { prompt: 'explain the last thing', task: 'explain', languageId: 'ts' },
      {
        content: 'the last answer',
        model: 'Qwen/Qwen3-8B',
        tier: 'cheap',
        reason: 'cheap',
        costUsd: 0,
        baselineCostUsd: 0,
        inputTokens: 1,
        outputTokens: 1,
        createdAt: Date.now(),
      },
    );
    await ext.dispose(); // subscriptions, then deactivate() (awaited, as VS Code does)
    const fresh = new Ledger({ dir: global, logger: new MemoryLogger() });
    await fresh.load();
    const ids = new Set((await storedRecords(fresh)).map((r) => r.id));
    for (let i = 0; i < 50; i++) assert.ok(ids.has(`last-${i}`), `last-${i} was lost at shutdown`);
    const cache = new ResponseCache({
      dir: path.join(ws, 'cache'),
      logger: new MemoryLogger(),
      ttlMs: 1e9,
      maxEntries: 100,
      maxBytes: 1e7,
    });
    await cache.load();
    assert.equal(
      cache.get({ prompt: 'explain the last thing', task: 'explain', languageId: 'ts' })?.answer.content,
      'the last answer',
    );
    await fresh.close();
  });
});

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync, readdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ledger, LEDGER_FILE } from '../../src/core/ledger';
import { MemoryLogger, type Clock } from '../../src/core/ports';
import type { LedgerRecord } from '../../src/core/types';

export function makeRecord(over: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    v: 1,
    id: Math.random().toString(36).slice(2),
    requestId: 'r1',
    attempt: 1,
    ts: Date.now(),
    workspace: 'ws',
    task: 'explain',
    model: 'Qwen/Qwen3-8B',
    tier: 'cheap',
    reason: 'cheap: explanation',
    inputTokens: 1000,
    outputTokens: 200,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.000012,
    baselineCostUsd: 0.012,
    savedRoutingUsd: 0.011988,
    savedCacheUsd: 0,
    savedCompressionUsd: 0,
    estimated: false,
    latencyMs: 10,
    outcome: 'ok',
    cacheHit: false,
    tokensSavedByCompression: 0,
    ...over,
  };
}

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'frugal-ledger-'));

describe('ledger', () => {
  it('appends records as JSON lines and reads them back in a new instance', async () => {
    const dir = tmp();
    const a = new Ledger({ dir, logger: new MemoryLogger() });
    await a.load();
    await a.append(makeRecord({ id: 'a', costUsd: 0.5 }));
    await a.append(makeRecord({ id: 'b', costUsd: 0.25 }));
    const lines = readFileSync(a.file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 3, 'a versioned header, then one line per record');
    assert.equal(JSON.parse(lines[0]).kind, 'frugal.ledger');
    assert.equal(JSON.parse(lines[1]).id, 'a');
    const b = new Ledger({ dir, logger: new MemoryLogger() });
    const report = await b.load();
    assert.equal(report.records, 2);
    assert.equal(b.totals('all').costUsd, 0.75);
  });

  it('aggregates session, today and month by local time', async () => {
    const now = new Date(2026, 10, 15, 12, 0, 0).getTime();
    const clock: Pick<Clock, 'now'> = { now: () => now };
    const dir = tmp();
    const l = new Ledger({ dir, logger: new MemoryLogger(), clock, sessionStart: now - 3_600_000 });
    await l.load();
    await l.append(makeRecord({ ts: now - 60_000, costUsd: 1 })); // session, today, month
    await l.append(makeRecord({ ts: now - 2 * 3_600_000, costUsd: 2 })); // today, month
    await l.append(makeRecord({ ts: new Date(2026, 10, 2).getTime(), costUsd: 4, cacheHit: true })); // month
    await l.append(makeRecord({ ts: new Date(2026, 9, 30).getTime(), costUsd: 8 })); // earlier month
    assert.equal(l.totals('session').costUsd, 1);
    assert.equal(l.totals('today').costUsd, 3);
    assert.equal(l.totals('month').costUsd, 7);
    assert.equal(l.totals('all').costUsd, 15);
    assert.equal(l.totals('all').requests, 4);
    assert.equal(l.totals('month').cacheHits, 1);
    assert.equal(l.totals('today', { task: 'complete' }).costUsd, 0);
  });

  it('a truncated last line (crash mid-write) loses only that record and is set aside', async () => {
    const dir = tmp();
    const file = path.join(dir, LEDGER_FILE);
    const good = [makeRecord({ id: 'one' }), makeRecord({ id: 'two' })].map((r) => JSON.stringify(r)).join('\n') + '\n';
    const partial = JSON.stringify(makeRecord({ id: 'three' })).slice(0, 57);
    writeFileSync(file, good + partial);
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log });
    const report = await l.load();
    assert.equal(report.records, 2);
    assert.equal(report.setAside, 1);
    assert.deepEqual(
      l.recent().map((r) => r.id),
      ['one', 'two'],
    );
    assert.equal(log.lines.filter((x) => x.startsWith('warn')).length, 1);
    // The file is clean again: a new append is a line of its own.
    await l.append(makeRecord({ id: 'four' }));
    const again = new Ledger({ dir, logger: new MemoryLogger() });
    const r2 = await again.load();
    assert.equal(r2.setAside, 0);
    assert.deepEqual(
      again.recent().map((r) => r.id),
      ['one', 'two', 'four'],
    );
    assert.ok(readdirSync(dir).some((f) => f.startsWith('ledger.set-aside-')));
  });

  it('garbage and future-schema lines are set aside, valid records around them kept', async () => {
    const dir = tmp();
    const file = path.join(dir, LEDGER_FILE);
    writeFileSync(
      file,
      [
        JSON.stringify(makeRecord({ id: 'x' })),
        '\u0000\u0001garbage{{{',
        JSON.stringify({ ...makeRecord({ id: 'future' }), v: 99 }),
        JSON.stringify(makeRecord({ id: 'y' })),
      ].join('\n') + '\n',
    );
    const l = new Ledger({ dir, logger: new MemoryLogger() });
    const report = await l.load();
    assert.deepEqual(
      l.recent().map((r) => r.id),
      ['x', 'y'],
    );
    assert.equal(report.setAside, 2);
    const side = readdirSync(dir).find((f) => f.startsWith('ledger.set-aside-'))!;
    assert.match(readFileSync(path.join(dir, side), 'utf8'), /"future"/);
  });

  it('picks up records another window appended', async () => {
    const dir = tmp();
    const a = new Ledger({ dir, logger: new MemoryLogger() });
    const b = new Ledger({ dir, logger: new MemoryLogger() });
    await a.load();
    await b.load();
    await a.append(makeRecord({ id: 'from-a', costUsd: 1 }));
    await b.append(makeRecord({ id: 'from-b', costUsd: 2 }));
    await a.refresh();
    assert.deepEqual(
      a
        .recent()
        .map((r) => r.id)
        .sort(),
      ['from-a', 'from-b'],
    );
    assert.equal(a.totals('all').costUsd, 3);
    appendFileSync(b.file, JSON.stringify(makeRecord({ id: 'from-c' })) + '\n');
    await b.refresh();
    assert.equal(b.recent().length, 3);
  });

  it('reset empties the ledger for every window', async () => {
    const dir = tmp();
    const a = new Ledger({ dir, logger: new MemoryLogger() });
    await a.load();
    await a.append(makeRecord());
    await a.reset();
    assert.equal(a.recent().length, 0);
    const b = new Ledger({ dir, logger: new MemoryLogger() });
    assert.equal((await b.load()).records, 0);
  });

  it('an unwritable folder is logged once and records stay in memory', async function () {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; point the ledger at a path under a regular file instead.
      const dir = tmp();
      writeFileSync(path.join(dir, 'file'), '');
      const log = new MemoryLogger();
      const l = new Ledger({ dir: path.join(dir, 'file', 'sub'), logger: log });
      await l.load().catch(() => undefined);
      await l.append(makeRecord());
      await l.append(makeRecord());
      assert.equal(l.recent().length, 2);
      assert.equal(log.lines.filter((x) => x.startsWith('error')).length, 1);
      return;
    }
    const dir = tmp();
    chmodSync(dir, 0o500);
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log });
    await l.append(makeRecord());
    assert.equal(l.recent().length, 1);
  });
});

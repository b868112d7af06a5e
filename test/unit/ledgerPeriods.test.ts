// The ledger in periods (issue #14, part 1, and #13 item 7): one file a month, rollups in a checkpoint, only the tail
// read at load, recovery when the checkpoint and a file disagree, migration of the old single file, compaction of old
// inline completions, paging, and the storage layer's refusals (links, oversized files) and chunked reads.
import { strict as assert } from 'node:assert';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
  writeSync,
  closeSync,
  mkdirSync,
  statSync,
} from 'node:fs';
import { promises as fsp } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CHECKPOINT_FILE, LEDGER_DIR, LEDGER_FILE, Ledger } from '../../src/core/ledger';
import { MemoryLogger, type Clock } from '../../src/core/ports';
import { ResponseCache, CACHE_FILE } from '../../src/core/cache';
import { openRead, scanLines, withFileLock } from '../../src/core/store';
import type { LedgerRecord } from '../../src/core/types';
import { makeLedgerRecord, storedRecords } from '../fixtures/crash/records';

const tmp = (tag = 'periods'): string => mkdtempSync(path.join(tmpdir(), `frugal-${tag}-`));
const at = (y: number, m: number, d: number, h = 12): number => new Date(y, m, d, h).getTime();
const NOW = at(2026, 10, 20);
const clock: Pick<Clock, 'now'> = { now: () => NOW };
const segments = (dir: string): string[] =>
  readdirSync(path.join(dir, LEDGER_DIR))
    .filter((f) => /^\d{4}-\d{2}(\.legacy-[0-9a-f]{12})?\.jsonl$/.test(f))
    .sort();
const warns = (log: MemoryLogger): string[] => log.lines.filter((l) => l.startsWith('warn'));

async function ledgerWith(dir: string, records: LedgerRecord[], opts: { retention?: number } = {}): Promise<Ledger> {
  const l = new Ledger({
    dir,
    logger: new MemoryLogger(),
    clock,
    sessionStart: -Infinity,
    inlineRetentionDays: opts.retention ?? 0,
  });
  await l.load();
  for (const r of records) void l.append(r);
  await l.flush();
  return l;
}

describe('ledger periods', function () {
  this.timeout(30_000);

  it('rotation: records go to the file of their month, each with a versioned header; totals span the files', async () => {
    const dir = tmp();
    const recs = [
      makeLedgerRecord({ id: 'sep', ts: at(2026, 8, 30), costUsd: 1 }),
      makeLedgerRecord({ id: 'oct', ts: at(2026, 9, 1), costUsd: 2 }),
      makeLedgerRecord({ id: 'nov1', ts: at(2026, 10, 1), costUsd: 4 }),
      makeLedgerRecord({ id: 'nov20', ts: NOW - 1000, costUsd: 8 }),
    ];
    const l = await ledgerWith(dir, recs);
    assert.deepEqual(segments(dir), ['2026-09.jsonl', '2026-10.jsonl', '2026-11.jsonl']);
    const nov = readFileSync(path.join(dir, LEDGER_DIR, '2026-11.jsonl'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(JSON.parse(nov[0]).kind, 'frugal.ledger');
    assert.equal(JSON.parse(nov[0]).v, 1);
    assert.deepEqual(
      nov.slice(1).map((x) => JSON.parse(x).id),
      ['nov1', 'nov20'],
    );
    assert.equal(l.totals('all').costUsd, 15);
    assert.equal(l.totals('month').costUsd, 12);
    assert.equal(l.totals('today').costUsd, 8);
    const again = await ledgerWith(dir, []);
    assert.equal(again.totals('all').costUsd, 15);
    assert.deepEqual(
      (await storedRecords(again)).map((r) => r.id),
      ['sep', 'oct', 'nov1', 'nov20'],
    );
  });

  it('load reads the checkpoint and only the bytes past it, never the history before', async () => {
    const dir = tmp();
    const recs = Array.from({ length: 50 }, (_, i) =>
      makeLedgerRecord({ id: `r${i}`, ts: at(2026, 10, 1 + (i % 19)), costUsd: 0.01 }),
    );
    await (await ledgerWith(dir, recs)).close();
    const file = path.join(dir, LEDGER_DIR, '2026-11.jsonl');
    const cp = JSON.parse(readFileSync(path.join(dir, LEDGER_DIR, CHECKPOINT_FILE), 'utf8').split('\n')[0]);
    assert.equal(cp.segments['2026-11.jsonl'].read, statSync(file).size, 'the checkpoint covers the whole file');
    // Scribble over the records the checkpoint covers (not their line ends): a load that read them would lose them.
    const fd = openSync(file, 'r+');
    const text = readFileSync(file, 'utf8');
    const secondLine = text.indexOf('\n') + 1;
    writeSync(fd, 'x'.repeat(40), secondLine);
    closeSync(fd);
    appendFileSync(file, JSON.stringify(makeLedgerRecord({ id: 'tail', ts: NOW, costUsd: 1 })) + '\n');
    const l = new Ledger({ dir, logger: new MemoryLogger(), clock });
    const report = await l.load();
    assert.equal(report.records, 51);
    assert.equal(l.totals('all').costUsd, 1.5);
    assert.equal(report.setAside, 0, 'the scribbled bytes were not read');
  });

  it('recovery: a file that disagrees with the checkpoint (truncated, replaced, id changed) is folded again from its records', async () => {
    const dir = tmp();
    const recs = Array.from({ length: 20 }, (_, i) =>
      makeLedgerRecord({ id: `r${i}`, ts: at(2026, 10, 2 + (i % 10)), costUsd: 0.25 }),
    );
    await (await ledgerWith(dir, recs)).close();
    const file = path.join(dir, LEDGER_DIR, '2026-11.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    // Replaced by a file with the first 10 records only (same name, new inode): the checkpoint's 20 must not count.
    const tmpFile = file + '.new';
    writeFileSync(tmpFile, lines.slice(0, 11).join('\n') + '\n');
    await fsp.rename(tmpFile, file);
    const l = new Ledger({ dir, logger: new MemoryLogger(), clock });
    assert.equal((await l.load()).records, 10);
    assert.equal(l.totals('all').costUsd, 2.5);
    await l.close();
    // A checkpoint that claims more bytes than the file has, or another header id: folded again too.
    const cpFile = path.join(dir, LEDGER_DIR, CHECKPOINT_FILE);
    const cp = JSON.parse(readFileSync(cpFile, 'utf8').split('\n')[0]);
    // (edited by hand: its checksum no longer matches, so it is not trusted however plausible it looks)
    cp.segments['2026-11.jsonl'].read += 5000;
    writeFileSync(cpFile, JSON.stringify(cp));
    const k = new Ledger({ dir, logger: new MemoryLogger(), clock });
    assert.equal((await k.load()).records, 10);
    await k.close();
    writeFileSync(cpFile, JSON.stringify(cp));
    cp.segments['2026-11.jsonl'].read -= 5000;
    cp.segments['2026-11.jsonl'].id = 'someone-else';
    cp.segments['2026-11.jsonl'].rows[0][4] += 1000; // and its sums are wrong
    writeFileSync(cpFile, JSON.stringify(cp));
    const m = new Ledger({ dir, logger: new MemoryLogger(), clock });
    assert.equal((await m.load()).records, 10);
    await m.close();
    // Garbage in the checkpoint: rebuilt, one warning.
    writeFileSync(cpFile, '{"v":1,"kind":"frugal.ledger.rollups","segments":');
    const log = new MemoryLogger();
    const n = new Ledger({ dir, logger: log, clock });
    assert.equal((await n.load()).records, 10);
    assert.equal(warns(log).length, 1);
  });

  it('a torn last line in a period file is set aside and cut off, once; the records before it are kept', async () => {
    const dir = tmp();
    await (
      await ledgerWith(dir, [makeLedgerRecord({ id: 'a', ts: NOW }), makeLedgerRecord({ id: 'b', ts: NOW })])
    ).close();
    const file = path.join(dir, LEDGER_DIR, '2026-11.jsonl');
    const torn = JSON.stringify(makeLedgerRecord({ id: 'torn', ts: NOW })).slice(0, 60);
    appendFileSync(file, torn);
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log, clock });
    const report = await l.load();
    assert.equal(report.records, 2);
    assert.equal(report.setAside, 1);
    assert.equal(readFileSync(report.setAsideFile!, 'utf8'), torn + '\n');
    assert.ok(readFileSync(file, 'utf8').endsWith('\n'));
    await l.append(makeLedgerRecord({ id: 'c', ts: NOW }));
    await l.close();
    const again = new Ledger({ dir, logger: new MemoryLogger(), clock });
    const r2 = await again.load();
    assert.equal(r2.setAside, 0);
    assert.deepEqual(
      (await storedRecords(again)).map((r) => r.id),
      ['a', 'b', 'c'],
    );
  });

  it('migration: the old single file becomes one file a month, kept aside; a second start does not migrate again; a crash mid-way migrates into the same files', async () => {
    const dir = tmp();
    const recs = [
      makeLedgerRecord({ id: 'aug', ts: at(2026, 7, 3), costUsd: 1 }),
      makeLedgerRecord({ id: 'oct', ts: at(2026, 9, 3), costUsd: 2 }),
      makeLedgerRecord({ id: 'nov', ts: at(2026, 10, 3), costUsd: 4, cacheHit: true, outcome: 'cached' }),
    ];
    const old = recs.map((r) => JSON.stringify(r)).join('\n') + '\n';
    writeFileSync(path.join(dir, LEDGER_FILE), old);
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log, clock });
    const report = await l.load();
    assert.equal(report.records, 3);
    assert.equal(l.totals('all').costUsd, 7);
    assert.equal(l.totals('all').cacheHits, 1);
    assert.deepEqual(
      segments(dir).map((f) => f.replace(/-[0-9a-f]{12}\./, '-*.')),
      ['2026-08.legacy-*.jsonl', '2026-10.legacy-*.jsonl', '2026-11.legacy-*.jsonl'],
    );
    assert.ok(!existsSync(path.join(dir, LEDGER_FILE)));
    const kept = readdirSync(dir).find((f) => f.startsWith(`${LEDGER_FILE}.migrated-`))!;
    assert.equal(readFileSync(path.join(dir, kept), 'utf8'), old, 'the old file is kept as it was');
    assert.ok(log.lines.some((x) => /^info Ledger: moved 3 record/.test(x)));
    // new records after migration land in the live file of their month, beside the migrated one
    await l.append(makeLedgerRecord({ id: 'new', ts: NOW, costUsd: 8 }));
    await l.close();
    const again = new Ledger({ dir, logger: new MemoryLogger(), clock });
    assert.equal((await again.load()).records, 4);
    assert.equal(again.totals('month').costUsd, 12);
    assert.deepEqual(
      (await storedRecords(again)).map((r) => r.id),
      ['aug', 'oct', 'nov', 'new'],
    );
    await again.close();
    // An older Frugal in another window writes a new ledger.jsonl afterwards: migrated into files of its own,
    // nothing of the first migration overwritten.
    writeFileSync(
      path.join(dir, LEDGER_FILE),
      JSON.stringify(makeLedgerRecord({ id: 'late-old', ts: at(2026, 7, 9), costUsd: 16 })) + '\n',
    );
    const third = new Ledger({ dir, logger: new MemoryLogger(), clock });
    assert.equal((await third.load()).records, 5);
    assert.equal(third.totals('all').costUsd, 31);
    await third.close();
  });

  it('a migration that crashed mid-way (some month files renamed into place, the old file still there) migrates into the same files, without duplicates', async () => {
    const dir = tmp();
    const recs = [
      makeLedgerRecord({ id: 'aug', ts: at(2026, 7, 3), costUsd: 1 }),
      makeLedgerRecord({ id: 'nov', ts: at(2026, 10, 3), costUsd: 4 }),
    ];
    writeFileSync(path.join(dir, LEDGER_FILE), recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const first = new Ledger({ dir, logger: new MemoryLogger(), clock });
    await first.load();
    await first.close();
    // as if the process died after renaming the month files but before moving the old file aside
    const kept = readdirSync(dir).find((f) => f.startsWith(`${LEDGER_FILE}.migrated-`))!;
    await fsp.rename(path.join(dir, kept), path.join(dir, LEDGER_FILE));
    await fsp.rm(path.join(dir, LEDGER_DIR, CHECKPOINT_FILE), { force: true });
    const again = new Ledger({ dir, logger: new MemoryLogger(), clock });
    assert.equal((await again.load()).records, 2);
    assert.equal(again.totals('all').costUsd, 5);
    assert.equal(segments(dir).length, 2);
    await again.close();
  });

  it('compaction: inline completions of months past the retention are folded into the header, every total exact', async () => {
    const dir = tmp();
    const recs: LedgerRecord[] = [];
    for (let i = 0; i < 60; i++) {
      recs.push(
        makeLedgerRecord({
          id: `c${i}`,
          requestId: `c${i}`,
          task: 'complete',
          ts: at(2026, 7 + (i % 4), 1 + (i % 27)),
          costUsd: 0.001 * (i + 1),
          cachedInputTokens: i,
        }),
      );
      if (i % 3 === 0)
        recs.push(
          makeLedgerRecord({
            id: `e${i}`,
            requestId: `e${i}`,
            task: 'explain',
            ts: at(2026, 7 + (i % 4), 2),
            costUsd: 0.01,
          }),
        );
    }
    const l = await ledgerWith(dir, recs, { retention: 30 });
    const before = { all: l.totals('all'), month: l.totals('month'), inline: l.totals('all', { task: 'complete' }) };
    const rollupsBefore = l.rollups().toRows().sort().join('|');
    const folded = await l.compact();
    // August and September are over 30 days old on Nov 20 (October ended 20 days ago): their inline records fold.
    assert.equal(folded, recs.filter((r) => r.task === 'complete' && r.ts < at(2026, 9, 1)).length);
    assert.deepEqual(
      { all: l.totals('all'), month: l.totals('month'), inline: l.totals('all', { task: 'complete' }) },
      before,
    );
    const aug = readFileSync(path.join(dir, LEDGER_DIR, '2026-08.jsonl'), 'utf8')
      .trim()
      .split('\n');
    assert.ok(aug.slice(1).every((x) => JSON.parse(x).task !== 'complete'));
    assert.ok(JSON.parse(aug[0]).base.length > 0, 'the header carries the folded sums');
    // rebuilt from the files alone (no checkpoint): the same rollups, bucket for bucket
    await fsp.rm(path.join(dir, LEDGER_DIR, CHECKPOINT_FILE));
    const rebuilt = new Ledger({ dir, logger: new MemoryLogger(), clock });
    await rebuilt.load();
    assert.equal(rebuilt.rollups().toRows().sort().join('|'), rollupsBefore);
    assert.equal(await rebuilt.compact(), 0, 'nothing left to fold');
  });

  it('a crash between compaction and its checkpoint: the old checkpoint no longer matches the file, which is folded again', async () => {
    const dir = tmp();
    const recs = Array.from({ length: 30 }, (_, i) =>
      makeLedgerRecord({ id: `c${i}`, task: i % 2 ? 'complete' : 'fix', ts: at(2026, 7, 1 + i), costUsd: 0.5 }),
    );
    const l = await ledgerWith(dir, recs, { retention: 30 });
    await l.close();
    const cp = path.join(dir, LEDGER_DIR, CHECKPOINT_FILE);
    copyFileSync(cp, cp + '.before');
    assert.ok((await l.compact()) > 0);
    copyFileSync(cp + '.before', cp); // as if the process died right after the rename
    const again = new Ledger({ dir, logger: new MemoryLogger(), clock });
    assert.equal((await again.load()).records, 30);
    assert.equal(again.totals('all').costUsd, 15);
  });

  it('pages of the history, newest first, across files, with no record twice or missing', async () => {
    const dir = tmp();
    const recs = Array.from({ length: 250 }, (_, i) =>
      makeLedgerRecord({ id: `p${i}`, ts: at(2026, 9, 1) + i * 3 * 3_600_000 }),
    );
    const l = await ledgerWith(dir, recs);
    const seen: string[] = [];
    let cursor;
    let pages = 0;
    do {
      const page = await l.page(cursor, 100);
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 10);
    assert.deepEqual(seen, recs.map((r) => r.id).reverse());
    const odd = await l.page(undefined, 10, (r) => Number(r.id.slice(1)) % 2 === 1);
    assert.deepEqual(
      odd.rows.map((r) => r.id),
      ['p249', 'p247', 'p245', 'p243', 'p241', 'p239', 'p237', 'p235', 'p233', 'p231'],
    );
  });
});

describe('storage: links, oversized files, chunked reads, the lock', function () {
  this.timeout(30_000);

  it('a period file that is a link to a file outside the storage folder is never followed: moved aside, the target untouched', async () => {
    const dir = tmp();
    const outside = path.join(tmp('outside'), 'victim.txt');
    writeFileSync(outside, 'do not touch\n');
    mkdirSync(path.join(dir, LEDGER_DIR));
    symlinkSync(outside, path.join(dir, LEDGER_DIR, '2026-11.jsonl'));
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log, clock });
    await l.load();
    await l.append(makeLedgerRecord({ id: 'x', ts: NOW }));
    await l.close();
    assert.equal(readFileSync(outside, 'utf8'), 'do not touch\n');
    assert.ok(log.lines.some((x) => /symbolic link/.test(x)));
    assert.ok(readdirSync(path.join(dir, LEDGER_DIR)).some((f) => f.startsWith('2026-11.jsonl.link-refused-')));
    assert.deepEqual(
      (await storedRecords(new Ledger({ dir, logger: new MemoryLogger(), clock }))).length,
      0,
      'records() reads only after load',
    );
    const again = new Ledger({ dir, logger: new MemoryLogger(), clock });
    await again.load();
    assert.deepEqual(
      (await storedRecords(again)).map((r) => r.id),
      ['x'],
    );
  });

  it('an old ledger.jsonl or a ledger folder that is a link is not followed', async () => {
    const dir = tmp();
    const outsideDir = tmp('outside');
    const outside = path.join(outsideDir, 'secret.jsonl');
    writeFileSync(outside, JSON.stringify(makeLedgerRecord({ id: 'planted' })) + '\n');
    symlinkSync(outside, path.join(dir, LEDGER_FILE));
    const l = new Ledger({ dir, logger: new MemoryLogger(), clock });
    assert.equal((await l.load()).records, 0);
    assert.ok(existsSync(outside));
    const dir2 = tmp();
    symlinkSync(outsideDir, path.join(dir2, LEDGER_DIR));
    const log = new MemoryLogger();
    const m = new Ledger({ dir: dir2, logger: log, clock });
    await m.load();
    await m.append(makeLedgerRecord({ id: 'y', ts: NOW }));
    assert.deepEqual(readdirSync(outsideDir), ['secret.jsonl'], 'nothing written through the linked folder');
    assert.equal(m.totals('all').attempts, 1, 'the record is still counted (kept in memory)');
    assert.ok(log.lines.some((x) => /^error .*symbolic link/.test(x)));
  });

  it("a link planted at a migration's temporary name is not written through; the migration is done on the next start", async () => {
    const dir = tmp();
    const victim = path.join(tmp('outside'), 'victim.txt');
    writeFileSync(victim, 'do not touch\n');
    writeFileSync(path.join(dir, LEDGER_FILE), JSON.stringify(makeLedgerRecord({ id: 'nov', ts: NOW })) + '\n');
    // the temporary name is predictable from the old file's stat (see Ledger.migrate)
    const st = statSync(path.join(dir, LEDGER_FILE));
    const source = createHash('sha1')
      .update(`${st.ino}:${st.size}:${st.mtimeMs}:${st.birthtimeMs}`)
      .digest('hex')
      .slice(0, 12);
    mkdirSync(path.join(dir, LEDGER_DIR));
    const planted = path.join(dir, LEDGER_DIR, `2026-11.legacy-${source}.jsonl.${process.pid}-migrating.tmp`);
    symlinkSync(victim, planted);
    const log = new MemoryLogger();
    await new Ledger({ dir, logger: log, clock }).load();
    assert.equal(readFileSync(victim, 'utf8'), 'do not touch\n', 'nothing written through the link');
    assert.ok(existsSync(path.join(dir, LEDGER_FILE)), 'the old file stays until its migration succeeds');
    assert.ok(
      log.lines.some((x) => /symbolic link/.test(x)),
      log.lines.join('\n'),
    );
    const again = new Ledger({ dir, logger: new MemoryLogger(), clock });
    await again.load();
    assert.deepEqual(
      (await storedRecords(again)).map((r) => r.id),
      ['nov'],
    );
    assert.equal(readFileSync(victim, 'utf8'), 'do not touch\n');
  });

  it('the cache log: a link is moved aside (target untouched), a log too large is set aside with a log line', async () => {
    const dir = tmp('cache');
    const outside = path.join(tmp('outside'), 'victim.txt');
    writeFileSync(outside, 'do not touch\n');
    symlinkSync(outside, path.join(dir, CACHE_FILE));
    const log = new MemoryLogger();
    const limits = { ttlMs: 1e9, maxEntries: 100, maxBytes: 1e6 };
    const c = new ResponseCache({ dir, logger: log, ...limits, flushDelayMs: 1 });
    await c.load();
    c.set(
      { prompt: 'p', task: 'explain', languageId: 'ts' },
      {
        content: 'a',
        model: 'm',
        tier: 'cheap',
        reason: 'r',
        costUsd: 0,
        baselineCostUsd: 0,
        inputTokens: 1,
        outputTokens: 1,
        createdAt: 0,
      },
    );
    await c.flush();
    assert.equal(readFileSync(outside, 'utf8'), 'do not touch\n');
    assert.ok(
      log.lines.some((x) => /^warn Cache: .*symbolic link/.test(x)),
      log.lines.join('\n'),
    );
    assert.ok(statSync(path.join(dir, CACHE_FILE)).isFile());

    const dir2 = tmp('cache');
    writeFileSync(path.join(dir2, CACHE_FILE), 'x'.repeat(5000) + '\n');
    const log2 = new MemoryLogger();
    const d = new ResponseCache({ dir: dir2, logger: log2, ...limits, maxFileBytes: 4096 });
    await d.load();
    assert.equal(d.stats().entries, 0);
    assert.ok(
      log2.lines.some((x) => /^warn Cache: .*5001 bytes.*set it aside/.test(x)),
      log2.lines.join('\n'),
    );
    assert.ok(readdirSync(dir2).some((f) => f.startsWith(`${CACHE_FILE}.oversized-`)));
  });

  it('scanLines reads in chunks: lines across chunk boundaries, CRLF, a torn tail, an over-long line reported', async () => {
    const dir = tmp('scan');
    const file = path.join(dir, 'f');
    const long = 'y'.repeat(300);
    writeFileSync(file, `alpha\r\nbeta\n${long}\ngamma\ntorn`);
    const h = await openRead(file);
    const got: string[] = [];
    const oversized: number[] = [];
    try {
      const res = await scanLines(h, 0, statSync(file).size, (buf, s, e) => got.push(buf.toString('utf8', s, e)), {
        chunk: 7,
        maxLine: 100,
        onOversized: (o) => oversized.push(o),
      });
      assert.equal(res.tail.toString(), 'torn');
      assert.equal(res.end, statSync(file).size - 4);
    } finally {
      await h.close();
    }
    assert.deepEqual(got, ['alpha', 'beta', 'gamma']);
    assert.equal(oversized.length, 1);
  });

  it('the lock: a lock left by a process that no longer exists is taken over at once; a live holder is waited for', async () => {
    const dir = tmp('lock');
    const lock = path.join(dir, '.lock');
    writeFileSync(lock, `999999999 ${(await import('node:os')).hostname()} ${Date.now()}\n`);
    let ran = false;
    await withFileLock(
      lock,
      async () => {
        ran = true;
      },
      200,
    );
    assert.ok(ran, 'taken over without waiting out the stale limit');
    writeFileSync(lock, `${process.ppid} ${(await import('node:os')).hostname()} ${Date.now()}\n`);
    await assert.rejects(
      withFileLock(lock, async () => undefined, 150),
      /held by another window/,
    );
  });
});

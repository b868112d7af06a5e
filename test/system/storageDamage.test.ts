// Storage faults (GitHub issue #9, part 2): the ledger and the response cache with truncated files, garbage, a future
// schema version, an unwritable folder, a full disk, two processes writing at once, and a process killed mid-write.
// Every valid record is kept, bad data is set aside with one log line, and the extension still activates and tells the
// user once.
import { strict as assert } from 'node:assert';
import * as fsm from 'node:fs';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ledger, LEDGER_DIR, LEDGER_FILE, parseLedgerLine } from '../../src/core/ledger';
import { CACHE_FILE, ResponseCache, type CacheKeyInput, type CachedAnswer } from '../../src/core/cache';
import { MemoryLogger } from '../../src/core/ports';
import { makeLedgerRecord, storedRecords } from '../fixtures/crash/records';
import { runChild } from '../fixtures/crash/children';
import { crashLoop } from '../fixtures/crash/crashLoop';
import { activateExtension, resetStub, state } from '../fixtures/crash/vscodeStub';

const tmp = (tag = 'storage'): string => mkdtempSync(path.join(tmpdir(), `frugal-${tag}-`));
const line = (over: Parameters<typeof makeLedgerRecord>[0] = {}): string => JSON.stringify(makeLedgerRecord(over));
const warns = (log: MemoryLogger | string[]): string[] =>
  (Array.isArray(log) ? log : log.lines).filter((l) => l.startsWith('warn'));
const errors = (log: MemoryLogger | string[]): string[] =>
  (Array.isArray(log) ? log : log.lines).filter((l) => l.startsWith('error'));
const sideFiles = (dir: string, prefix: string): string[] => readdirSync(dir).filter((f) => f.startsWith(prefix));
/** The record lines of every period file of the ledger in `dir` (headers left out), oldest period first. */
const periodLines = (dir: string): string[] =>
  readdirSync(path.join(dir, LEDGER_DIR))
    .filter((f) => /^\d{4}-\d{2}(\.legacy-[0-9a-f]{12})?\.jsonl$/.test(f))
    .sort()
    .flatMap((f) =>
      readFileSync(path.join(dir, LEDGER_DIR, f), 'utf8')
        .split('\n')
        .filter((x) => x && !x.includes('"kind":"frugal.ledger"')),
    );

/** Replaces fs.promises.appendFile (which the ledger and the cache use) for the duration of `fn`. */
async function withAppendFile<T>(
  impl: (orig: typeof fsm.promises.appendFile, file: any, data: any, opts?: any) => Promise<void>,
  fn: () => Promise<T>,
): Promise<T> {
  const p = fsm.promises as { appendFile: typeof fsm.promises.appendFile };
  const orig = p.appendFile;
  p.appendFile = ((file: any, data: any, opts?: any) => impl(orig, file, data, opts)) as typeof orig;
  try {
    return await fn();
  } finally {
    p.appendFile = orig;
  }
}

function enospc(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
  });
}

// ------------------------------------------------------------------------------------------------------------ ledger

describe('storage faults: the ledger', function () {
  this.timeout(60_000);

  it('a truncated last line: every complete record kept, the torn line set aside with one log line, the file clean again', async () => {
    const dir = tmp();
    const file = path.join(dir, LEDGER_FILE);
    const torn = line({ id: 'torn' }).slice(0, 83);
    writeFileSync(file, `${line({ id: 'a' })}\n${line({ id: 'b' })}\n${torn}`);
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log });
    const report = await l.load();
    assert.deepEqual(
      l.recent().map((r) => r.id),
      ['a', 'b'],
    );
    assert.equal(report.records, 2);
    assert.equal(report.setAside, 1);
    assert.equal(warns(log).length, 1);
    assert.equal(errors(log).length, 0);
    assert.equal(
      readFileSync(report.setAsideFile!, 'utf8'),
      `${torn}\n`,
      'the torn bytes are kept aside, not thrown away',
    );
    await l.append(makeLedgerRecord({ id: 'c' }));
    const again = new Ledger({ dir, logger: new MemoryLogger() });
    const r2 = await again.load();
    assert.deepEqual(
      again.recent().map((r) => r.id),
      ['a', 'b', 'c'],
    );
    assert.equal(r2.setAside, 0, 'set aside once: the next start does not warn again');
  });

  it('a file of garbage (binary, NULs, invalid UTF-8, a lone brace, CRLF) around valid records keeps the valid ones', async () => {
    const dir = tmp();
    const file = path.join(dir, LEDGER_FILE);
    const bad = [
      Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x0a].slice(0, 6)).toString('latin1'),
      '{',
      'null',
      '[]',
      '{"v":1}',
      JSON.stringify({ ...makeLedgerRecord({ id: 'neg' }), inputTokens: -5 }),
      JSON.stringify({ ...makeLedgerRecord({ id: 'nan' }), costUsd: 'NaN' }),
    ];
    const body = Buffer.concat([
      Buffer.from(`${line({ id: 'x' })}\r\n`),
      Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]), // invalid UTF-8 + NUL on a line of its own
      Buffer.from(bad.join('\n') + '\n'),
      Buffer.from(`${line({ id: 'y' })}\n`),
    ]);
    writeFileSync(file, body);
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log });
    const report = await l.load();
    assert.deepEqual(
      l.recent().map((r) => r.id),
      ['x', 'y'],
    );
    assert.equal(report.setAside, bad.length + 1);
    assert.equal(warns(log).length, 1);
    // what remains on disk (migrated into the period files) is exactly the valid records, each one parseable
    const lines = periodLines(dir);
    assert.deepEqual(
      lines.map((x) => parseLedgerLine(x)?.id),
      ['x', 'y'],
    );
  });

  it('a future schema version is not guessed at: set aside byte for byte, current records kept', async () => {
    const dir = tmp();
    const file = path.join(dir, LEDGER_FILE);
    const future = [
      JSON.stringify({ ...makeLedgerRecord({ id: 'f1' }), v: 2, newField: { nested: true } }),
      JSON.stringify({ ...makeLedgerRecord({ id: 'f2' }), v: 99 }),
    ];
    writeFileSync(file, [line({ id: 'now' }), ...future].join('\n') + '\n');
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log });
    const report = await l.load();
    assert.deepEqual(
      l.recent().map((r) => r.id),
      ['now'],
    );
    assert.equal(report.setAside, 2);
    assert.equal(readFileSync(report.setAsideFile!, 'utf8'), future.join('\n') + '\n');
    assert.equal(warns(log).length, 1);
  });

  it('an empty file, a file of blank lines, and no file at all load as an empty ledger without a warning', async () => {
    for (const content of ['', '\n\n\n', undefined]) {
      const dir = tmp();
      if (content !== undefined) writeFileSync(path.join(dir, LEDGER_FILE), content);
      const log = new MemoryLogger();
      const l = new Ledger({ dir, logger: log });
      const report = await l.load();
      assert.deepEqual(report, { records: 0, setAside: 0 });
      assert.deepEqual(
        log.lines.filter((x) => !x.startsWith('debug')),
        [],
      );
    }
  });

  it('the ledger path is a directory (unreadable, unwritable): load reports it, appends never throw, one log line, records kept in memory', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, LEDGER_FILE));
    writeFileSync(path.join(dir, LEDGER_DIR), 'a file where the ledger folder should be');
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log });
    const report = await l.load();
    assert.equal(report.records, 0);
    for (let i = 0; i < 5; i++) await l.append(makeLedgerRecord({ id: `m${i}`, costUsd: 1 }));
    assert.equal(l.recent().length, 5);
    assert.equal(l.totals('all').costUsd, 5, "budgets still see this session's spend");
    assert.equal(
      errors(log).filter((x) => /could not write/.test(x)).length,
      1,
      `one error line, not one per record: ${log.lines.join(' | ')}`,
    );
  });

  it('a full disk (ENOSPC on append): appends resolve, records stay in memory, one log line; writing resumes when space returns', async () => {
    const dir = tmp();
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log });
    await l.load();
    await l.append(makeLedgerRecord({ id: 'before' }));
    await withAppendFile(
      async () => {
        throw enospc();
      },
      async () => {
        for (let i = 0; i < 10; i++) await l.append(makeLedgerRecord({ id: `full${i}` }));
      },
    );
    assert.equal(l.recent().length, 11);
    assert.equal(errors(log).length, 1, log.lines.join(' | '));
    assert.match(errors(log)[0], /ENOSPC/);
    await l.append(makeLedgerRecord({ id: 'after' }));
    const fresh = new Ledger({ dir, logger: new MemoryLogger() });
    const report = await fresh.load();
    assert.equal(report.setAside, 0);
    const ids = fresh.recent().map((r) => r.id);
    assert.ok(ids.includes('before') && ids.includes('after'), `on disk: ${ids.join(', ')}`);
  });

  it('two processes appending at once: every record readable, the count exact', async () => {
    const dir = tmp();
    const N = 300;
    const runs = [runChild('ledgerWriter', [dir, String(N), 'A']), runChild('ledgerWriter', [dir, String(N), 'B'])];
    const exits = await Promise.all(runs.map((r) => r.exited));
    for (const [i, e] of exits.entries()) assert.equal(e.code, 0, runs[i].stderr());
    for (const r of runs) assert.equal(r.lines.at(-1), `done ${N}`);
    const log = new MemoryLogger();
    const l = new Ledger({ dir, logger: log });
    const report = await l.load();
    assert.equal(report.setAside, 0, 'no torn or interleaved line');
    assert.equal(report.records, 2 * N);
    const ids = new Set((await storedRecords(l)).map((r) => r.id));
    for (const p of ['A', 'B']) for (let i = 0; i < N; i++) assert.ok(ids.has(`${p}-${i}`), `${p}-${i} missing`);
    const lines = periodLines(dir);
    assert.equal(lines.length, 2 * N);
    assert.ok(
      lines.every((x) => parseLedgerLine(x)),
      'every line is a whole record',
    );
    assert.ok(
      Math.abs(l.totals('all').costUsd - 2 * ((N * (N + 1)) / 2) * 0.000001) < 1e-9,
      'totals are the sum of both writers',
    );
  });

  it('a process killed mid-write (SIGKILL, 8 times at random moments) loses no record it reported as written', async () => {
    const r = await crashLoop(8, { maxDelayMs: 40 });
    assert.ok(r.reported > 8, `the writers got going (${r.reported} records reported)`);
    assert.equal(r.lost, 0, JSON.stringify(r));
    assert.ok(r.recordsAtEnd >= r.reported);
  });
});

// ------------------------------------------------------------------------------------------------------------- cache

const DAY = 86_400_000;
const ckey = (i: number | string): CacheKeyInput => ({
  task: 'explain',
  languageId: 'typescript',
  prompt: `explain snippet ${i}`,
});
const canswer = (i: number | string): CachedAnswer => ({
  content: `answer ${i}`,
  model: 'Qwen/Qwen3-8B',
  tier: 'cheap',
  reason: 'cheap: explanation',
  costUsd: 0.00001,
  baselineCostUsd: 0.01,
  inputTokens: 10,
  outputTokens: 5,
  createdAt: Date.now(),
});
function openCache(dir: string, logger = new MemoryLogger()): { cache: ResponseCache; logger: MemoryLogger } {
  return {
    cache: new ResponseCache({
      dir,
      logger,
      ttlMs: 7 * DAY,
      maxEntries: 100_000,
      maxBytes: 100 << 20,
      flushDelayMs: 5,
    }),
    logger,
  };
}
async function cacheWith(dir: string, n: number): Promise<void> {
  const { cache } = openCache(dir);
  await cache.load();
  for (let i = 0; i < n; i++) cache.set(ckey(i), canswer(i));
  await cache.dispose();
}

describe('storage faults: the response cache', function () {
  this.timeout(60_000);

  it('a truncated last line: every complete answer kept, the torn line set aside with one log line', async () => {
    const dir = tmp('cache');
    await cacheWith(dir, 3);
    const file = path.join(dir, CACHE_FILE);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text + text.split('\n')[1].slice(0, 60));
    const { cache, logger } = openCache(dir);
    await cache.load();
    for (let i = 0; i < 3; i++) assert.equal(cache.get(ckey(i))?.answer.content, `answer ${i}`);
    assert.equal(warns(logger).length, 1, logger.lines.join(' | '));
    assert.equal(sideFiles(dir, `${CACHE_FILE}.corrupt-`).length, 1);
    await cache.dispose();
  });

  it('garbage between valid lines is set aside; valid answers are served; the cache keeps working', async () => {
    const dir = tmp('cache');
    await cacheWith(dir, 2);
    const file = path.join(dir, CACHE_FILE);
    fsm.appendFileSync(
      file,
      Buffer.concat([
        Buffer.from('\u0000\u0001 not json {{{\n'),
        Buffer.from([0xff, 0xfe, 0x0a]),
        Buffer.from('{"v":1,"op":"s","k":"x"}\n'),
      ]),
    );
    fsm.appendFileSync(file, readFileSync(file, 'utf8').split('\n')[1] + '\n'); // a valid line after the garbage
    const { cache, logger } = openCache(dir);
    await cache.load();
    assert.equal(cache.get(ckey(0))?.answer.content, 'answer 0');
    assert.equal(cache.get(ckey(1))?.answer.content, 'answer 1');
    assert.equal(warns(logger).length, 1, logger.lines.join(' | '));
    cache.set(ckey('new'), canswer('new'));
    await cache.dispose();
    const { cache: again, logger: log2 } = openCache(dir);
    await again.load();
    assert.equal(again.get(ckey('new'))?.answer.content, 'answer new');
    assert.equal(again.get(ckey(1))?.answer.content, 'answer 1');
    assert.deepEqual(warns(log2), [], 'set aside once: no warning on the next start');
    await again.dispose();
  });

  it('a log of a future schema version is moved aside whole; the cache starts empty and works', async () => {
    const dir = tmp('cache');
    const file = path.join(dir, CACHE_FILE);
    const future = `${JSON.stringify({ v: 9, kind: 'frugal.responseCache' })}\n${JSON.stringify({ v: 9, op: 's', k: 'abc', whatever: 1 })}\n`;
    writeFileSync(file, future);
    const { cache, logger } = openCache(dir);
    await cache.load();
    assert.equal(cache.stats().entries, 0);
    assert.equal(warns(logger).length, 1, logger.lines.join(' | '));
    const aside = sideFiles(dir, `${CACHE_FILE}.unsupported-v9-`);
    assert.equal(aside.length, 1);
    assert.equal(
      readFileSync(path.join(dir, aside[0]), 'utf8'),
      future,
      'the newer log is kept intact for the newer Frugal',
    );
    cache.set(ckey(1), canswer(1));
    await cache.dispose();
    const { cache: again } = openCache(dir);
    await again.load();
    assert.equal(again.get(ckey(1))?.answer.content, 'answer 1');
    await again.dispose();
  });

  it('an unwritable folder (a path under a regular file): answers served from memory, flushes never throw, one log line', async () => {
    const root = tmp('cache');
    writeFileSync(path.join(root, 'file'), '');
    const { cache, logger } = openCache(path.join(root, 'file', 'cache'));
    await cache.load();
    for (let i = 0; i < 5; i++) {
      cache.set(ckey(i), canswer(i));
      await cache.flush();
    }
    for (let i = 0; i < 5; i++) assert.equal(cache.get(ckey(i))?.answer.content, `answer ${i}`);
    assert.equal(errors(logger).length, 1, logger.lines.join(' | '));
    await cache.dispose();
  });

  it('a full disk (ENOSPC on append): memory serves, one log line, and the queued answers are written once space returns', async () => {
    const dir = tmp('cache');
    const { cache, logger } = openCache(dir);
    await cache.load();
    await withAppendFile(
      async () => {
        throw enospc();
      },
      async () => {
        for (let i = 0; i < 5; i++) {
          cache.set(ckey(i), canswer(i));
          await cache.flush();
        }
      },
    );
    assert.equal(cache.get(ckey(3))?.answer.content, 'answer 3');
    assert.equal(errors(logger).length, 1, logger.lines.join(' | '));
    assert.match(errors(logger)[0], /ENOSPC/);
    await cache.flush();
    await cache.dispose();
    const { cache: again } = openCache(dir);
    await again.load();
    for (let i = 0; i < 5; i++)
      assert.equal(
        again.get(ckey(i))?.answer.content,
        `answer ${i}`,
        `answer ${i} was not persisted after the disk recovered`,
      );
    await again.dispose();
  });

  it('two processes (two windows of one workspace) storing at once: every answer readable afterwards', async () => {
    const dir = tmp('cache');
    const N = 150;
    const runs = [runChild('cacheWriter', [dir, String(N), 'A']), runChild('cacheWriter', [dir, String(N), 'B'])];
    const exits = await Promise.all(runs.map((r) => r.exited));
    for (const [i, e] of exits.entries()) assert.equal(e.code, 0, runs[i].stderr());
    for (const r of runs) assert.doesNotMatch(r.stderr(), /warn|error/, r.stderr());
    const { cache, logger } = openCache(dir);
    await cache.load();
    for (const p of ['A', 'B']) {
      for (let i = 0; i < N; i++) {
        const hit = cache.get({ task: 'explain', languageId: 'typescript', prompt: `explain ${p} ${i}` });
        assert.equal(hit?.answer.content, `answer ${p} ${i}`);
      }
    }
    assert.equal(cache.stats().entries, 2 * N);
    assert.deepEqual(warns(logger), []);
    await cache.dispose();
  });
});

// -------------------------------------------------------------------------------------------------------- activation

describe('storage faults: the extension activates with damaged storage', function () {
  this.timeout(60_000);
  beforeEach(() => resetStub());

  it('a damaged ledger and cache: activates, keeps every valid record, one warning to the user, one log line each', async () => {
    const root = tmp('activate');
    const global = path.join(root, 'global');
    const ws = path.join(root, 'ws');
    mkdirSync(global);
    writeFileSync(
      path.join(global, LEDGER_FILE),
      [
        line({ id: 'ok1', costUsd: 0.5 }),
        'garbage',
        JSON.stringify({ ...makeLedgerRecord({ id: 'v7' }), v: 7 }),
        line({ id: 'ok2', costUsd: 0.25 }),
        line({ id: 'torn' }).slice(0, 40),
      ].join('\n'),
    );
    await cacheWith(path.join(ws, 'cache'), 2);
    fsm.appendFileSync(path.join(ws, 'cache', CACHE_FILE), 'not json at all\n');

    const ext = await activateExtension({ globalStorage: global, workspaceStorage: ws });
    try {
      assert.deepEqual(
        ext.api.ledger.recent().map((r: { id: string }) => r.id),
        ['ok1', 'ok2'],
      );
      assert.equal(ext.api.ledger.totals('all').costUsd, 0.75);
      const warnings = state.shown.filter((s) => s.level === 'warning');
      assert.equal(warnings.length, 1, JSON.stringify(state.shown));
      assert.match(warnings[0].text, /3 damaged line\(s\) in the cost ledger were set aside .*2 record\(s\) kept/);
      assert.equal(state.shown.filter((s) => s.level === 'error').length, 0, JSON.stringify(state.shown));
      assert.equal(state.log.filter((l) => /^warn Ledger: set aside 3/.test(l)).length, 1, state.log.join('\n'));
      await ext.api.cache.load();
      assert.equal(ext.api.cache.get(ckey(1))?.answer.content, 'answer 1');
      assert.equal(state.log.filter((l) => /^warn Cache: set aside/.test(l)).length, 1, state.log.join('\n'));
    } finally {
      await ext.dispose();
    }

    // told once: the next start finds nothing to set aside and says nothing
    resetStub();
    const again = await activateExtension({ globalStorage: global, workspaceStorage: ws });
    try {
      assert.deepEqual(state.shown, []);
      assert.equal(again.api.ledger.recent().length, 2);
    } finally {
      await again.dispose();
    }
  });

  it('an unwritable workspace storage folder: activates; the cache works from memory and logs one line', async () => {
    const root = tmp('activate');
    writeFileSync(path.join(root, 'file'), '');
    const ext = await activateExtension({
      globalStorage: path.join(root, 'global'),
      workspaceStorage: path.join(root, 'file', 'ws'),
    });
    try {
      const cache = ext.api.cache as ResponseCache;
      await cache.load();
      cache.set(ckey(1), canswer(1));
      await cache.flush();
      assert.equal(cache.get(ckey(1))?.answer.content, 'answer 1');
      assert.equal(state.log.filter((l) => l.startsWith('error Cache')).length, 1, state.log.join('\n'));
    } finally {
      await ext.dispose();
    }
  });
});

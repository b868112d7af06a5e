import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CACHE_FILE,
  ResponseCache,
  normaliseForKey,
  normalisePromptForKey,
  type CacheKeyInput,
  type CachedAnswer,
} from '../../src/core/cache';
import { MemoryLogger } from '../../src/core/ports';
import { VirtualClock } from '../../src/core/clock';
import type { Task } from '../../src/core/types';

const DAY = 86_400_000;
const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'frugal-cache-'));

/** A prompt shaped like the pipeline's (system + user, selection in a fence, instruction last). */
function prompt(
  code: string,
  instruction = 'Explain this code.',
  lang = 'typescript',
  system = 'You are a concise senior engineer.',
): string {
  return `system:\n${system}\n\nuser:\nSelected ${lang} code:\n\`\`\`${lang}\n${code}\n\`\`\`\n\n${instruction}`;
}

function key(code: string, over: Partial<CacheKeyInput> & { instruction?: string } = {}): CacheKeyInput {
  const languageId = over.languageId ?? 'typescript';
  return {
    task: (over.task ?? 'explain') as Task,
    languageId,
    modelConstraint: over.modelConstraint,
    prompt: over.prompt ?? prompt(code, over.instruction, languageId),
  };
}

function answer(content: string, over: Partial<CachedAnswer> = {}): CachedAnswer {
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
    ...over,
  };
}

function open(
  dir: string,
  over: Partial<ConstructorParameters<typeof ResponseCache>[0]> = {},
): { cache: ResponseCache; logger: MemoryLogger } {
  const logger = new MemoryLogger();
  const cache = new ResponseCache({ dir, logger, ttlMs: 7 * DAY, maxEntries: 5000, maxBytes: 50 << 20, ...over });
  return { cache, logger };
}

const logFile = (dir: string) => path.join(dir, CACHE_FILE);

const TS_SNIPPET = `function total(items: Item[]): number {
  // sum the prices
  let sum = 0;
  for (const it of items) {
    sum += it.price * it.qty; /* per line */
  }
  return sum;
}`;

const TS_REINDENTED = `    function total( items: Item[] ): number {
        let sum = 0;

        for (const it of items) {
            sum += it.price*it.qty;
        }
        return sum;   // done
    }`;

describe('cache key normalisation', () => {
  it('ignores indentation, blank lines, spacing and comments in code', () => {
    assert.equal(normaliseForKey(TS_REINDENTED, 'typescript'), normaliseForKey(TS_SNIPPET, 'typescript'));
  });

  it('keeps string literal contents, including comment markers and spaces inside them', () => {
    const a = normaliseForKey('const u = "http://a.example/x"; // c', 'typescript');
    const b = normaliseForKey('const u = "http://a.example/y"; // c', 'typescript');
    assert.notEqual(a, b);
    assert.notEqual(normaliseForKey('x = "a  b"', 'python'), normaliseForKey('x = "a b"', 'python'));
    assert.notEqual(normaliseForKey("s = 'a # b'", 'python'), normaliseForKey("s = 'a # c'", 'python'));
    assert.notEqual(normaliseForKey('echo "a # b"', 'shellscript'), normaliseForKey('echo "a # c"', 'shellscript'));
    assert.notEqual(
      normaliseForKey('const t = `a\n  b`;', 'typescript'),
      normaliseForKey('const t = `a\n b`;', 'typescript'),
    );
  });

  it('keeps Python relative indentation but not the absolute amount or the indent width', () => {
    const a = 'if ok:\n    run()\nstop()\n';
    const moved = '        if ok:\n          run()\n        stop()\n';
    const different = 'if ok:\n    run()\n    stop()\n';
    assert.equal(normaliseForKey(moved, 'python'), normaliseForKey(a, 'python'));
    assert.notEqual(normaliseForKey(different, 'python'), normaliseForKey(a, 'python'));
  });

  it('keeps a re-indented docstring matching but a changed one not', () => {
    const a = 'def f():\n    """Doc.\n\n      indented line\n    """\n    return 1\n';
    const shifted = a
      .split('\n')
      .map((l) => (l ? '    ' + l : l))
      .join('\n');
    const changed = a.replace('      indented line', '    indented line');
    assert.equal(normaliseForKey(shifted, 'python'), normaliseForKey(a, 'python'));
    assert.notEqual(normaliseForKey(changed, 'python'), normaliseForKey(a, 'python'));
  });

  it('keeps spaces that separate tokens differently', () => {
    assert.notEqual(normaliseForKey('x = a - -b', 'typescript'), normaliseForKey('x = a--b', 'typescript'));
    assert.notEqual(normaliseForKey('#define F (x)', 'c'), normaliseForKey('#define F(x)', 'c'));
    assert.notEqual(normaliseForKey('.a .b { color: red }', 'css'), normaliseForKey('.a.b { color: red }', 'css'));
    assert.notEqual(normaliseForKey('ls -l', 'shellscript'), normaliseForKey('ls-l', 'shellscript'));
    assert.notEqual(normaliseForKey('- item', 'yaml'), normaliseForKey('-item', 'yaml'));
    assert.equal(normaliseForKey('x = a + b', 'typescript'), normaliseForKey('x=a+b', 'typescript'));
  });

  it('does not mistake URLs, shell specials, regexes or lifetimes for comments or strings', () => {
    assert.notEqual(normaliseForKey('url: http://x#a', 'yaml'), normaliseForKey('url: http://x#b', 'yaml'));
    assert.notEqual(normaliseForKey('n=$#; m=1', 'shellscript'), normaliseForKey('n=$#; m=2', 'shellscript'));
    assert.notEqual(
      normaliseForKey('const r = /\\/\\//; f(1)', 'javascript'),
      normaliseForKey('const r = /\\/\\//; f(2)', 'javascript'),
    );
    assert.notEqual(
      normaliseForKey(`fn f<'a>(s: &'a str) { g("it's // a") }`, 'rust'),
      normaliseForKey(`fn f<'a>(s: &'a str) { g("it's // b") }`, 'rust'),
    );
    assert.equal(normaliseForKey("a: don't # note", 'yaml'), normaliseForKey("a: don't", 'yaml'));
    // Rust raw strings hold quotes and `//`; Rust strings may span lines.
    assert.notEqual(
      normaliseForKey('let s = r#"a "b // c" d"#;', 'rust'),
      normaliseForKey('let s = r#"a "b // e" d"#;', 'rust'),
    );
    assert.notEqual(normaliseForKey('let s = "a\n  // b";', 'rust'), normaliseForKey('let s = "a\n  // c";', 'rust'));
    assert.equal(normaliseForKey('let s = r#"x"#; // c', 'rust'), normaliseForKey('let s = r#"x"#;', 'rust'));
  });

  it('treats the words around fenced code as prose: only spaces collapse, `#5` and `//` stay', () => {
    const p = (code: string, instr: string) => prompt(code, instr, 'python');
    assert.equal(
      normalisePromptForKey(p('x = 1  # c', 'Fix  bug  #5'), 'python'),
      normalisePromptForKey(p('x = 1', 'Fix bug #5'), 'python'),
    );
    assert.notEqual(
      normalisePromptForKey(p('x = 1', 'Fix bug #5'), 'python'),
      normalisePromptForKey(p('x = 1', 'Fix bug #6'), 'python'),
    );
    assert.notEqual(
      normalisePromptForKey(p('x = 1', 'sort ascending'), 'python'),
      normalisePromptForKey(p('x = 1', 'sort descending'), 'python'),
    );
    assert.notEqual(
      normalisePromptForKey(p('x = 1', 'use // here'), 'typescript'),
      normalisePromptForKey(p('x = 1', 'use // there'), 'typescript'),
    );
    assert.notEqual(
      normalisePromptForKey(p('x = 1', 'Rename Foo'), 'python'),
      normalisePromptForKey(p('x = 1', 'rename foo'), 'python'),
    );
  });
});

describe('ResponseCache', () => {
  it('serves an answer from a new instance over the same folder (window reload)', async () => {
    const dir = tmp();
    const { cache: a } = open(dir);
    await a.load();
    a.set(key(TS_SNIPPET), answer('It sums prices.', { reasoning: 'thought' }));
    await a.dispose();
    const { cache: b, logger } = open(dir);
    assert.equal(b.get(key(TS_SNIPPET)), undefined, 'nothing before load resolves');
    await b.load();
    const hit = b.get(key(TS_SNIPPET));
    assert.ok(hit);
    assert.equal(hit.match, 'exact');
    assert.equal(hit.answer.content, 'It sums prices.');
    assert.equal(hit.answer.reasoning, 'thought');
    assert.deepEqual(logger.lines, []);
    assert.deepEqual(b.stats(), { entries: 1, bytes: b.stats().bytes, hits: 1, misses: 1 });
  });

  it('keeps what was stored before load() resolved', async () => {
    const dir = tmp();
    const { cache: a } = open(dir);
    await a.load();
    a.set(key('old'), answer('old answer'));
    await a.flush();
    const { cache: b } = open(dir);
    const loading = b.load();
    b.set(key('new'), answer('new answer'));
    await loading;
    assert.equal(b.get(key('old'))?.answer.content, 'old answer');
    assert.equal(b.get(key('new'))?.answer.content, 'new answer');
  });

  it('expires entries after the TTL, in memory and on reload', async () => {
    const dir = tmp();
    const clock = new VirtualClock(1_700_000_000_000);
    const { cache } = open(dir, { clock, ttlMs: 7 * DAY });
    await cache.load();
    cache.set(key('a'), answer('A'));
    await clock.advance(6 * DAY);
    cache.set(key('b'), answer('B'));
    await clock.advance(DAY - 1);
    assert.ok(cache.get(key('a')), 'a is 1 ms short of 7 days old');
    await clock.advance(1);
    assert.equal(cache.get(key('a')), undefined, 'a is 7 days old');
    assert.ok(cache.get(key('b')));
    await cache.dispose();
    const { cache: again } = open(dir, { clock, ttlMs: 7 * DAY });
    await again.load();
    assert.equal(again.get(key('a')), undefined);
    assert.ok(again.get(key('b')));
    assert.equal(again.stats().entries, 1);
    await clock.advance(6 * DAY);
    assert.equal(again.get(key('b')), undefined);
  });

  it('evicts the least recently used entry beyond maxEntries, and hits count as use across reloads', async () => {
    const dir = tmp();
    const { cache } = open(dir, { maxEntries: 3 });
    await cache.load();
    cache.set(key('1'), answer('one'));
    cache.set(key('2'), answer('two'));
    cache.set(key('3'), answer('three'));
    assert.ok(cache.get(key('1')), 'touch 1, so 2 is now the oldest');
    cache.set(key('4'), answer('four'));
    assert.equal(cache.stats().entries, 3);
    assert.equal(cache.get(key('2')), undefined);
    assert.ok(cache.get(key('1')));
    await cache.dispose();
    const { cache: again } = open(dir, { maxEntries: 3 });
    await again.load();
    assert.equal(again.stats().entries, 3);
    again.set(key('5'), answer('five')); // the oldest now is 3 (1 was touched after it, then 4 set)
    assert.equal(again.get(key('3')), undefined);
    assert.ok(again.get(key('1')));
    assert.ok(again.get(key('4')));
  });

  it('evicts by total bytes, and never lets one oversized answer flush the rest', async () => {
    const dir = tmp();
    const { cache } = open(dir, { maxBytes: 3000 });
    await cache.load();
    cache.set(key('a'), answer('x'.repeat(800)));
    cache.set(key('b'), answer('y'.repeat(800)));
    assert.equal(cache.stats().entries, 2);
    cache.set(key('c'), answer('z'.repeat(800)));
    assert.equal(cache.stats().entries, 2, 'three ~1.2 kB records do not fit in 3 kB');
    assert.ok(cache.stats().bytes <= 3000);
    assert.equal(cache.get(key('a')), undefined);
    cache.set(key('huge'), answer('h'.repeat(5000)));
    assert.equal(cache.get(key('huge')), undefined);
    assert.ok(cache.get(key('b')) && cache.get(key('c')));
    cache.updateLimits({ ttlMs: 7 * DAY, maxEntries: 1, maxBytes: 3000 });
    assert.equal(cache.stats().entries, 1);
    assert.ok(cache.get(key('c')), 'c was used last');
  });

  it('serves re-indented and re-commented code as a normalised hit', async () => {
    const { cache } = open(tmp());
    await cache.load();
    cache.set(key(TS_SNIPPET), answer('It sums prices.'));
    const hit = cache.get(key(TS_REINDENTED));
    assert.ok(hit);
    assert.equal(hit.match, 'normalised');
    assert.equal(hit.answer.content, 'It sums prices.');
    const commentOnly = TS_SNIPPET.replace('// sum the prices', '// adds everything up').replace('/* per line */', '');
    assert.equal(cache.get(key(commentOnly))?.match, 'normalised');
    assert.equal(cache.get(key(TS_SNIPPET))?.match, 'exact');
  });

  it('misses when a string literal or the instruction differs', async () => {
    const { cache } = open(tmp());
    await cache.load();
    const code = 'const order = "asc";\nitems.sort(by(order));';
    cache.set(key(code, { task: 'ask', instruction: 'sort ascending' }), answer('ascending answer'));
    assert.ok(cache.get(key(code, { task: 'ask', instruction: 'sort ascending' })));
    assert.equal(cache.get(key(code, { task: 'ask', instruction: 'sort descending' })), undefined);
    assert.equal(cache.get(key(code, { task: 'ask', instruction: 'Sort Ascending' })), undefined);
    assert.equal(
      cache.get(key(code.replace('"asc"', '"desc"'), { task: 'ask', instruction: 'sort ascending' })),
      undefined,
    );
    assert.equal(cache.get(key(code, { task: 'refactor', instruction: 'sort ascending' })), undefined, 'another task');
    assert.equal(
      cache.get(key(code, { task: 'ask', instruction: 'sort ascending', languageId: 'javascript' })),
      undefined,
      'another language',
    );
  });

  it("does not serve a pinned model from another model's answer", async () => {
    const { cache } = open(tmp());
    await cache.load();
    cache.set(key('a'), answer('from the router', { model: 'deepseek-coder', tier: 'coder' }));
    assert.ok(cache.get(key('a')), "the router's choice is not part of the key");
    assert.equal(cache.get(key('a', { modelConstraint: 'gpt-4o' })), undefined);
    assert.equal(cache.get(key('a', { modelConstraint: 'tier:reasoner' })), undefined);
    assert.equal(
      cache.get(key('a', { modelConstraint: 'deepseek-coder' }))?.answer.content,
      'from the router',
      'same model answered',
    );
    assert.equal(cache.get(key('a', { modelConstraint: 'tier:coder' }))?.answer.content, 'from the router');
    cache.set(key('b', { modelConstraint: 'gpt-4o' }), answer('pinned', { model: 'gpt-4o' }));
    assert.equal(cache.get(key('b')), undefined, 'an unpinned request does not take the pinned entry');
    assert.equal(cache.get(key('b', { modelConstraint: 'deepseek-reasoner' })), undefined);
    assert.equal(cache.get(key('b', { modelConstraint: 'gpt-4o' }))?.answer.content, 'pinned');
  });

  it('delete() makes the same request miss, however it would have matched', async () => {
    const dir = tmp();
    const { cache } = open(dir);
    await cache.load();
    cache.set(key(TS_SNIPPET), answer('bad answer'));
    cache.delete(key(TS_REINDENTED));
    assert.equal(cache.get(key(TS_REINDENTED)), undefined);
    assert.equal(cache.get(key(TS_SNIPPET)), undefined);
    await cache.dispose();
    const { cache: again } = open(dir);
    await again.load();
    assert.equal(again.get(key(TS_SNIPPET)), undefined);
  });

  it('clear() empties memory and disk', async () => {
    const dir = tmp();
    const { cache } = open(dir);
    await cache.load();
    cache.set(key('a'), answer('A'));
    await cache.flush();
    await cache.clear();
    assert.equal(cache.stats().entries, 0);
    const { cache: again } = open(dir);
    await again.load();
    assert.equal(again.stats().entries, 0);
  });

  it('recovers a torn last line: keeps every earlier record, sets the damage aside with one log line', async () => {
    const dir = tmp();
    const { cache } = open(dir);
    await cache.load();
    for (let i = 0; i < 5; i++) cache.set(key(`c${i}`), answer(`answer ${i}`));
    await cache.dispose();
    const file = logFile(dir);
    const full = readFileSync(file, 'utf8');
    // A crash in the middle of appending a sixth record.
    const torn = JSON.stringify({ v: 1, op: 's', k: 'k6', n: 'n6', t: 1, a: answer('six') }).slice(0, 40);
    writeFileSync(file, full + torn);
    const { cache: again, logger } = open(dir);
    await again.load();
    for (let i = 0; i < 5; i++) assert.equal(again.get(key(`c${i}`))?.answer.content, `answer ${i}`);
    assert.equal(logger.lines.length, 1, logger.lines.join('\n'));
    assert.match(logger.lines[0], /^warn .*set aside 1 damaged line/);
    const aside = readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(path.join(dir, aside[0]), 'utf8').trim(), torn);
    assert.ok(readFileSync(file, 'utf8').endsWith('\n'), 'the log was rewritten without the torn line');
    // Later appends are not glued to the damage, and a further reload is clean.
    again.set(key('after'), answer('after'));
    await again.dispose();
    const { cache: third, logger: l3 } = open(dir);
    await third.load();
    assert.equal(third.stats().entries, 6);
    assert.deepEqual(l3.lines, []);
  });

  it('recovers garbage in the middle: valid records before and after are kept', async () => {
    const dir = tmp();
    const { cache } = open(dir);
    await cache.load();
    cache.set(key('before'), answer('B'));
    await cache.dispose();
    // A valid record written after the damage (taken from another folder's log: keys do not depend on the folder).
    const other = tmp();
    const { cache: o } = open(other);
    o.set(key('after'), answer('A'));
    await o.dispose();
    const afterLine = readFileSync(logFile(other), 'utf8').trim().split('\n').pop();
    appendFileSync(logFile(dir), `\u0000\u0000garbage{{{\n{"v":1,"op":"s","k":"x"}\n${afterLine}\n`);
    const { cache: again, logger } = open(dir);
    await again.load();
    assert.equal(again.get(key('before'))?.answer.content, 'B');
    assert.equal(again.get(key('after'))?.answer.content, 'A');
    assert.equal(logger.lines.length, 1);
    assert.match(logger.lines[0], /set aside 2 damaged line/);
  });

  it('drops an answer whose bytes were damaged inside an intact line, when it is first served', async () => {
    const dir = tmp();
    const { cache } = open(dir);
    cache.set(key('ok'), answer('fine'));
    cache.set(key('rot'), answer('will rot'));
    await cache.dispose();
    const file = logFile(dir);
    // Answers are decoded on first use, so damage inside one (here a wrong type) shows up then.
    writeFileSync(file, readFileSync(file, 'utf8').replace('"content":"will rot"', '"content":12345678'));
    const { cache: again, logger } = open(dir);
    await again.load();
    assert.deepEqual(logger.lines, []);
    assert.equal(again.get(key('rot')), undefined);
    assert.equal(again.get(key('ok'))?.answer.content, 'fine');
    await again.dispose();
    assert.equal(logger.lines.length, 1);
    assert.match(logger.lines[0], /^warn .*damaged; dropped it and set its bytes aside/);
    assert.equal(readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 1);
    const { cache: third } = open(dir);
    await third.load();
    assert.equal(third.stats().entries, 1, 'the drop was recorded');
  });

  it('moves a log written by a newer schema aside, whole, and starts empty', async () => {
    const dir = tmp();
    const future = '{"v":2,"kind":"frugal.responseCache"}\n{"v":2,"op":"s","whatever":true}\n';
    writeFileSync(logFile(dir), future);
    const { cache, logger } = open(dir);
    await cache.load();
    assert.equal(cache.stats().entries, 0);
    assert.equal(logger.lines.length, 1);
    assert.match(logger.lines[0], /^warn .*newer Frugal.*v2/);
    const aside = readdirSync(dir).filter((f) => f.includes('unsupported-v2'));
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(path.join(dir, aside[0]), 'utf8'), future, 'kept byte for byte');
    cache.set(key('a'), answer('A'));
    await cache.dispose();
    const { cache: again } = open(dir);
    await again.load();
    assert.ok(again.get(key('a')));
  });

  it("two windows writing at once lose nothing and see each other's answers", async () => {
    const dir = tmp();
    // A low compaction threshold makes both rewrite the log while the other appends.
    const opts = { flushDelayMs: 1, compactMinBytes: 4096 };
    const { cache: a, logger: la } = open(dir, opts);
    const { cache: b, logger: lb } = open(dir, opts);
    await Promise.all([a.load(), b.load()]);
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      a.set(key(`a${i}`), answer(`A${i} ` + 'x'.repeat(200)));
      b.set(key(`b${i}`), answer(`B${i} ` + 'y'.repeat(200)));
      if (i % 7 === 0) a.delete(key(`a${i}`));
      if (i % 5 === 0) flushes.push(a.flush(), b.flush());
      if (i % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(flushes);
    await Promise.all([a.flush(), b.flush()]);
    await a.flush();
    assert.equal(a.get(key('b59'))?.answer.content.slice(0, 3), 'B59', "a picked up b's answers");
    await Promise.all([a.dispose(), b.dispose()]);
    const { cache: c, logger: lc } = open(dir);
    await c.load();
    for (let i = 0; i < 60; i++) {
      if (i % 7 === 0) assert.equal(c.get(key(`a${i}`)), undefined, `a${i} was deleted`);
      else assert.equal(c.get(key(`a${i}`))?.answer.content.slice(0, 1 + String(i).length), `A${i}`, `a${i}`);
      assert.equal(c.get(key(`b${i}`))?.answer.content.slice(0, 1 + String(i).length), `B${i}`, `b${i}`);
    }
    assert.deepEqual([...la.lines, ...lb.lines, ...lc.lines], []);
  });

  it('keeps working from memory when the folder cannot be written, logging once', async () => {
    const base = tmp();
    writeFileSync(path.join(base, 'file'), 'not a folder');
    const dir = path.join(base, 'file', 'cache'); // mkdir fails with ENOTDIR, even for root
    const { cache, logger } = open(dir, { flushDelayMs: 1 });
    await cache.load();
    cache.set(key('a'), answer('A'));
    await cache.flush();
    cache.set(key('b'), answer('B'));
    await cache.flush();
    assert.equal(cache.get(key('a'))?.answer.content, 'A');
    assert.equal(cache.get(key('b'))?.answer.content, 'B');
    await cache.clear();
    await cache.dispose();
    assert.equal(logger.lines.length, 1, logger.lines.join('\n'));
    assert.match(logger.lines[0], /^error Cache: could not .*kept in memory/);
    assert.ok(statSync(path.join(base, 'file')).isFile());
  });

  it('logs a write failure once when the folder stops being writable after loading', async () => {
    const dir = tmp();
    const { cache, logger } = open(dir, { flushDelayMs: 1 });
    await cache.load();
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'now a file'); // the folder's path is taken: every write fails
    cache.set(key('a'), answer('A'));
    await cache.flush();
    cache.set(key('b'), answer('B'));
    await cache.flush();
    assert.equal(cache.get(key('a'))?.answer.content, 'A');
    assert.equal(cache.get(key('b'))?.answer.content, 'B');
    assert.equal(logger.lines.length, 1, logger.lines.join('\n'));
    assert.match(logger.lines[0], /^error Cache: could not write .*kept in memory/);
    await cache.dispose();
  });

  it('expires entries at once when the TTL setting shrinks', async () => {
    const clock = new VirtualClock(1_700_000_000_000);
    const { cache } = open(tmp(), { clock });
    cache.set(key('a'), answer('A'));
    await clock.advance(2 * DAY);
    cache.set(key('b'), answer('B'));
    cache.updateLimits({ ttlMs: DAY, maxEntries: 10, maxBytes: 1e6 });
    assert.equal(cache.stats().entries, 1);
    assert.ok(cache.get(key('b')));
  });
});

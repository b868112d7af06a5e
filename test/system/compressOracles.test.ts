// The compressor checked by each language's own tokenizer or parser, on samples of the toolchains' own sources.
// The toolchains come from Debian (.ci/run installs them). Outside CI a missing one skips its test with a message;
// in CI (CI=true) a missing one fails, so the check cannot silently stop running.
import assert from 'node:assert/strict';
import { compressSource } from '../../src/core/compress';
import * as oracle from '../../bench/oracles';
import { bigJsonShapes } from '../../bench/compress';

const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

function need(ctx: Mocha.Context, name: oracle.OracleName): void {
  if (oracle.oracleAvailable(name)) return;
  const o = oracle.ORACLE_COMMANDS[name];
  const msg = `${o.command} not found (Debian package ${o.apt}; .ci/run installs it)`;
  if (IN_CI) throw new Error(msg);
  console.log(`      skipped: ${msg}`);
  ctx.skip();
}

function failures(res: Map<string, oracle.Verdict>): string[] {
  const out = [...res].filter(([, v]) => v.status === 'fail').map(([id, v]) => `${id}: ${v.detail ?? ''}`);
  const checked = [...res.values()].filter((v) => v.status !== 'skip').length;
  assert.ok(checked > 0, 'the oracle checked no file: the corpus is missing');
  return out;
}

const pairs = (
  files: { path: string; text: string }[],
  languageId: string,
  tier: 'lossless' | 'task' | 'structural',
  task?: 'explain' | 'complete',
) => files.map((f) => ({ id: f.path, a: f.text, b: compressSource(f.text, { languageId, tier, task }).text }));

describe("compressor against each language's own tokenizer and parser", function () {
  this.timeout(300_000);

  it('Python: the structural tier (no selection) and the task tier still parse (ast)', async function () {
    need(this, 'python');
    const files = oracle.corpusFiles(
      oracle.CORPUS_ROOTS.python(),
      /\.py$/,
      60,
      /site-packages|lib2to3[\\/]tests[\\/]data|[\\/]test[\\/]bad/,
    );
    for (const task of ['explain', 'complete'] as const) {
      assert.deepEqual(
        failures(await oracle.pythonParses(pairs(files, 'python', 'structural', task))),
        [],
        `structural, ${task}`,
      );
      assert.deepEqual(failures(await oracle.pythonParses(pairs(files, 'python', 'task', task))), [], `task, ${task}`);
    }
  });

  it("Python: a body that starts with a blank line or a comment gets its `...` at the body's indentation", async function () {
    need(this, 'python');
    const src =
      'def f(x):\n\n    y = x\n    return y\n\n\ndef g():\n# a comment at column 0\n    a = 1\n    return a\n';
    const out = compressSource(src, { languageId: 'python', tier: 'structural', task: 'complete' }).text;
    assert.match(out, /lines elided/);
    assert.deepEqual(failures(await oracle.pythonParses([{ id: 'x', a: src, b: out }])), []);
  });

  it('Python: two docstrings in a row leave a `pass`; an array elision marker is a comment', async function () {
    need(this, 'python');
    const src = `def f():\n    r"""one"""\n    """two"""\n\nx = [${Array.from({ length: 60 }, (_, i) => i).join(', ')}]\ny = 1\n`;
    const out = compressSource(src, { languageId: 'python', tier: 'task', task: 'complete' }).text;
    assert.match(out, /# … \d+ more items elided/);
    assert.deepEqual(failures(await oracle.pythonParses([{ id: 'x', a: src, b: out }])), []);
  });

  it('Go: the lossless tier scans to the same tokens (go/scanner)', async function () {
    need(this, 'go');
    const files = oracle.corpusFiles(oracle.CORPUS_ROOTS.go(), /\.go$/, 80, /testdata/);
    assert.deepEqual(failures(await oracle.goTokensEqual(pairs(files, 'go', 'lossless'))), []);
  });

  it('Java: the lossless tier parses to the same tree, Javadoc included (javac); the structural tier parses', async function () {
    need(this, 'java');
    const files = oracle.javaCorpus(60);
    assert.ok(files.length > 0, "no Java corpus: install openjdk-17-source (the JDK's src.zip) and unzip");
    assert.deepEqual(failures(await oracle.javaTreesEqual(pairs(files, 'java', 'lossless'))), []);
    assert.deepEqual(failures(await oracle.javaTreesEqual(pairs(files, 'java', 'structural', 'complete'), true)), []);
  });

  it('C and C++: the lossless tier lexes to the same tokens (clang raw lexer)', function () {
    need(this, 'clang');
    const c = oracle.corpusFiles(oracle.CORPUS_ROOTS.c(), /\.h$/, 12);
    assert.deepEqual(failures(oracle.clangTokensEqual(pairs(c, 'c', 'lossless'), false)), []);
    const cpp = oracle.corpusFiles(oracle.CORPUS_ROOTS.cpp(), /^[^.]+$|\.(h|tcc)$/, 8);
    assert.deepEqual(failures(oracle.clangTokensEqual(pairs(cpp, 'cpp', 'lossless'), true)), []);
  });

  it('Rust: the lossless tier keeps doc comments byte for byte (rustc pretty-printer)', function () {
    need(this, 'rustc');
    const src =
      '/// Two trailing spaces make a line break.  \n///   indented\nfn f() {}\n\n    /** a\n        b  \n     */\n    struct S;\n//! inner  \n';
    const out = compressSource(src, { languageId: 'rust', tier: 'lossless' }).text;
    assert.ok(out.includes('/// Two trailing spaces make a line break.  \n'), out);
    assert.ok(out.includes('/** a\n        b  \n     */'), out);
    assert.deepEqual(
      failures(
        oracle.rustPrettyEqual([
          { id: 'doc', a: src.replace('//! inner  \n', ''), b: out.replace(/\/\/! inner {2}\n?/, '') },
        ]),
      ),
      [],
    );
    const files = oracle.corpusFiles(oracle.CORPUS_ROOTS.rust(), /\.rs$/, 20, /tests?[\\/]ui|[\\/]benches[\\/]/);
    assert.deepEqual(failures(oracle.rustPrettyEqual(pairs(files, 'rust', 'lossless'))), []);
  });
});

describe('compressor on a 10 MB JSON array', function () {
  this.timeout(120_000);
  it('the task tier finishes on every shape and elides runs of literal items', () => {
    for (const [name, text] of Object.entries(bigJsonShapes(10_000_000))) {
      const out = compressSource(text, { languageId: 'json', tier: 'task', task: 'complete' }).text;
      assert.ok(out.length <= text.length, name);
      // objects are not literal items: an array of them is left to the budget step
      if (name === 'numbers' || name === 'strings') {
        assert.ok(out.length < 1000, `${name}: ${out.length} chars`);
        assert.match(out, /more items elided/, name);
      }
    }
  });
});

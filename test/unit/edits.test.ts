import { strict as assert } from 'node:assert';
import { codeBlocks, extractCode, FenceStripper, reindent, Reindenter } from '../../src/core/edits/codeBlocks';
import {
  fitReplacement,
  generateRequest,
  selectionEditRequest,
  testsRequest,
  CURSOR_MARKER,
} from '../../src/core/edits/editRequests';

/** Streams `answer` through a FenceStripper in chunks of the given sizes (cycled), returning what came out. */
function stream(answer: string, sizes: number[]): { out: string; seen: string[] } {
  const f = new FenceStripper();
  const seen: string[] = [];
  let out = '';
  let i = 0;
  let k = 0;
  while (i < answer.length) {
    const n = sizes[k++ % sizes.length];
    const piece = f.push(answer.slice(i, i + n));
    out += piece;
    seen.push(out);
    i += n;
  }
  out += f.finish();
  return { out, seen };
}

const CHUNKINGS = [[1], [2, 3], [7], [1, 13, 4], [1000]];

describe('code out of answers', () => {
  it('strips the fences and the prose around them while streaming, in any chunking', () => {
    const answer =
      'Here is the code:\n\n```ts\nfunction add(a: number, b: number) {\n  return a + b;\n}\n```\n\nThis adds two numbers.';
    for (const sizes of CHUNKINGS) {
      const { out, seen } = stream(answer, sizes);
      assert.equal(out, 'function add(a: number, b: number) {\n  return a + b;\n}', `chunks ${sizes}`);
      for (const s of seen) {
        assert.ok(!s.includes('`'), `no backtick ever shown (chunks ${sizes}): ${JSON.stringify(s)}`);
        assert.ok(!s.includes('Here is'), 'no prose shown');
      }
    }
  });

  it('shows code as it arrives, holding back only a possible fence', () => {
    const f = new FenceStripper();
    assert.equal(f.push('```python\nx = '), 'x = ');
    assert.equal(f.push('1\n'), '1');
    assert.equal(f.push('``'), '', 'might be the closing fence');
    assert.equal(f.push('`\nignored prose'), '');
    assert.equal(f.finish(), '');
    assert.equal(f.finished, true);
  });

  it('keeps backticks inside code (template literals) and blank lines', () => {
    const answer = '```js\nconst s = `a`;\n\nconst t = `\nmulti\n`;\n```';
    for (const sizes of CHUNKINGS) assert.equal(stream(answer, sizes).out, 'const s = `a`;\n\nconst t = `\nmulti\n`;');
  });

  it('passes a bare-code answer through (no fence within the first lines)', () => {
    const answer = 'def f(x):\n    y = x * 2\n    z = y + 1\n    return z\n';
    for (const sizes of CHUNKINGS)
      assert.equal(stream(answer, sizes).out, 'def f(x):\n    y = x * 2\n    z = y + 1\n    return z');
    assert.equal(stream('x + 1', [1]).out, 'x + 1');
  });

  it('handles four-backtick fences holding three-backtick ones', () => {
    const answer = '````md\n```js\nx\n```\n````';
    assert.equal(stream(answer, [3]).out, '```js\nx\n```');
    assert.deepEqual(
      codeBlocks(answer).map((b) => b.code),
      ['```js\nx\n```'],
    );
  });

  it('extracts the first non-empty block of a finished answer', () => {
    assert.equal(extractCode('Sure.\n```ts\n```\n```ts\nlet a = 1;\n```\n- renamed'), 'let a = 1;');
    assert.equal(extractCode('\nlet a = 1;\n\n'), 'let a = 1;');
  });

  it('re-indents streamed code to the cursor, keeping relative indentation', () => {
    const code = 'if (x) {\n  y();\n}\n';
    assert.equal(reindent(code, '    ', '    '), 'if (x) {\n      y();\n    }\n');
    // the model already indented it: no double indentation
    assert.equal(reindent('    if (x) {\n      y();\n    }', '    ', '    '), 'if (x) {\n      y();\n    }');
    // mid-line insertion
    assert.equal(reindent('foo(\n  1,\n)', '  const v = ', '  '), 'foo(\n    1,\n  )');
    // streamed char by char gives the same
    const r = new Reindenter('    ', '    ');
    let out = '';
    for (const ch of code) out += r.push(ch);
    out += r.finish();
    assert.equal(out, 'if (x) {\n      y();\n    }\n');
  });

  it('fits replacement code into the selection', () => {
    // the model dropped the indentation of a selection inside a class
    assert.equal(
      fitReplacement('add(a, b) {\n  return a + b;\n}', '  add(a, b) {\n    return a+b;\n  }\n', ''),
      '  add(a, b) {\n    return a + b;\n  }\n',
    );
    // the selection starts after the indentation
    assert.equal(
      fitReplacement('add(a, b) {\n  return a + b;\n}', 'add(a, b) {\n    return a+b;\n  }', '  '),
      'add(a, b) {\n    return a + b;\n  }',
    );
    // already right
    assert.equal(fitReplacement('x = 1\n', 'x=1\n', ''), 'x = 1\n');
  });

  it('builds requests: cursor marked for generate, diagnostics for fix, the test file for tests', () => {
    const snap = {
      text: 'const a = 1;\n\nfunction f() {}\n',
      start: 13,
      end: 13,
      languageId: 'typescript',
      filePath: 'src/a.ts',
    };
    const g = generateRequest(snap, 'a function that doubles');
    assert.equal(g.task, 'generate');
    assert.ok(g.prefix!.endsWith(CURSOR_MARKER));
    assert.match(g.instruction, /doubles[\s\S]*<CURSOR>/);
    const sel = { ...snap, start: 14, end: 29 };
    const fix = selectionEditRequest('fix', sel, {
      diagnostics: [{ message: "Cannot find name 'x'", severity: 'error', line: 2 }],
    });
    assert.equal(fix.selection, 'function f() {}');
    assert.equal(fix.diagnostics?.length, 1);
    assert.match(fix.instruction, /selection starts at line 3/);
    const t = testsRequest({
      snapshot: sel,
      testPath: 'src/a.test.ts',
      importPath: './a',
      framework: 'vitest',
      existingTests: "import { it } from 'vitest';\n",
    });
    assert.equal(t.task, 'tests');
    assert.match(t.instruction, /src\/a\.test\.ts[\s\S]*vitest[\s\S]*'\.\/a'[\s\S]*keep its tests/);
  });
});

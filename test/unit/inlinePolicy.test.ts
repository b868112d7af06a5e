import { strict as assert } from 'node:assert';
import { CompletionCache } from '../../src/core/inline/completionCache';
import {
  editorPrefixStartLine,
  promptWindow,
  shapeCompletion,
  shapeRequest,
  stopSequences,
} from '../../src/core/inline/completionPolicy';
import { estimateTokens } from '../../src/core/tokens';

describe('inline completion policy', () => {
  it('decides when to ask, and for one line or a block', () => {
    assert.deepEqual(shapeRequest('function f() {\n  ', '\n}', false), { multiline: true });
    assert.deepEqual(shapeRequest('function f() {', '\n}', false), { multiline: true });
    assert.deepEqual(shapeRequest('def f(x):', '\n', false), { multiline: true });
    assert.deepEqual(shapeRequest('const x = foo(', ')', false), { multiline: false });
    assert.deepEqual(shapeRequest('const x = ', 'bar;', false), { skip: 'mid-line' });
    assert.deepEqual(shapeRequest('const x = ', 'bar;', true), { multiline: false });
    assert.deepEqual(shapeRequest('const na', 'me = 1', true), { skip: 'mid-word' });
    assert.deepEqual(shapeRequest('let a = 1;', '\n', true), { skip: 'statement-end' });
    assert.deepEqual(
      shapeRequest('if (a) {\n  }', '\n', true),
      { multiline: false },
      'a lone closing brace may still be followed by else/catch',
    );
    assert.deepEqual(shapeRequest('a', '', true), { skip: 'too-short' });
    assert.deepEqual(
      shapeRequest('{\n  return a + b;', '}\n', true),
      { skip: 'statement-end' },
      'before an auto-closed brace',
    );
    assert.deepEqual(shapeRequest('for (let i = 0;', ')', true), { multiline: false }, 'inside a for header');
  });

  it('stops one line at the newline, a block at blank lines, fences and top-level declarations', () => {
    assert.deepEqual(stopSequences('typescript', false), ['\n']);
    const py = stopSequences('python', true);
    assert.deepEqual(py.slice(0, 4), ['\n\n\n', '```', '\ndef ', '\nclass ']);
    assert.ok(stopSequences('cobol', true).length === 2);
    assert.ok(stopSequences('typescript', true).length <= 16, 'DeepSeek takes up to 16');
  });

  it('fits the prompt into the token budget on whole lines, the suffix at most a quarter', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `  const value${i} = compute(value${i - 1}, ${i});`);
    const prefix = lines.slice(0, 300).join('\n') + '\n  ';
    const suffix = '\n' + lines.slice(300).join('\n');
    const w = promptWindow(prefix, suffix, 1024);
    assert.ok(w.prefixTokens + w.suffixTokens <= 1024, `${w.prefixTokens} + ${w.suffixTokens}`);
    assert.ok(w.suffixTokens <= 256);
    assert.ok(w.prefixTokens > 600, 'most of the budget goes to the prefix');
    assert.ok(prefix.endsWith(w.prefix) && suffix.startsWith(w.suffix));
    assert.ok(w.prefix.startsWith('  const value'), 'starts on a line boundary');
    assert.ok(
      Math.abs(estimateTokens(w.prefix) - w.prefixTokens) <= w.prefix.split('\n').length / 2 + 1,
      'line-wise estimate',
    );
    // the start is stable while typing on the same line: the provider's prompt cache sees the same beginning
    const w2 = promptWindow(prefix + 'const more = 1', suffix, 1024);
    assert.equal(w2.prefix.slice(0, 200), w.prefix.slice(0, 200));
    // small files go whole
    const small = promptWindow('a\nb\n', 'c', 1024);
    assert.deepEqual([small.prefix, small.suffix], ['a\nb\n', 'c']);
  });

  it('gives the editor a prefix start that moves in steps of 64 lines', () => {
    assert.equal(editorPrefixStartLine(10), 0);
    assert.equal(editorPrefixStartLine(263), 0);
    assert.equal(editorPrefixStartLine(264), 64);
    assert.equal(editorPrefixStartLine(265), 64);
  });

  it('cuts a block completion at the end of the enclosing block', () => {
    // the suffix closes the block: stop before the model's own closing brace
    assert.equal(
      shapeCompletion('x++;\n  }\n  return x;', '  while (x < 3) {\n    ', '\n  }\n', 'typescript', true).text,
      'x++;',
    );
    // the suffix does not: keep the closing line, nothing after it
    assert.equal(
      shapeCompletion('return 1;\n}\nfoo();', 'function f() {\n  ', '\n', 'typescript', true).text,
      'return 1;\n}',
    );
    // braces inside strings and comments do not count
    assert.equal(
      shapeCompletion('log("}");\n  // }\n  done();', 'if (a) {\n  ', '\n}', 'typescript', true).text,
      'log("}");\n  // }\n  done();',
    );
    // Python: a dedent ends the block
    assert.equal(
      shapeCompletion('\n    return x * 2\n\ndef other():\n    pass', 'def double(x):', '\n', 'python', true).text,
      '\n    return x * 2',
    );
    // a line the suffix already has is not repeated
    assert.equal(
      shapeCompletion('a = 1\n    b = 2\n    c = 3', '    ', '\n    c = 3\n', 'python', true).text,
      'a = 1\n    b = 2',
    );
    // markdown fences from chat models go
    assert.equal(shapeCompletion('x = 1\n```', 'def f():\n    ', '', 'python', true).text, 'x = 1');
  });

  it('puts auto-closed brackets after a block on their own line', () => {
    // "function f() {|}" with the completion "\n  return 1;": the "}" must not end up after "return 1;"
    assert.deepEqual(shapeCompletion('\n  return 1;', 'function f() {', '}\n', 'typescript', true), {
      text: '\n  return 1;\n',
      replaceSuffixChars: 0,
    });
    assert.deepEqual(shapeCompletion('\n    x();', '  if (a) {', '}', 'typescript', true), {
      text: '\n    x();\n  ',
      replaceSuffixChars: 0,
    });
    // the model closed it too: its own closer goes, the file's moves down
    assert.deepEqual(shapeCompletion('\n  return 1;\n}', 'function f() {', '}', 'typescript', true), {
      text: '\n  return 1;\n',
      replaceSuffixChars: 0,
    });
  });

  it('keeps one line in single-line mode and replaces closers the completion already contains', () => {
    assert.deepEqual(shapeCompletion('a, b);\nfoo();', 'sum(', ');', 'typescript', false), {
      text: 'a, b);',
      replaceSuffixChars: 2,
    });
    assert.deepEqual(shapeCompletion('a, b', 'sum(', ');', 'typescript', false), {
      text: 'a, b',
      replaceSuffixChars: 0,
    });
    assert.deepEqual(shapeCompletion(' \n', 'x', '', 'typescript', false), { text: '', replaceSuffixChars: 0 });
  });
});

describe('inline completion cache (LRU by prefix and suffix)', () => {
  it('serves the exact position and extended prefixes that type into the completion', () => {
    const c = new CompletionCache(10);
    c.set('let x = ', ';\n', 'compute(1, 2)');
    assert.equal(c.lookup('let x = ', ';\n')?.remaining, 'compute(1, 2)');
    assert.equal(c.lookup('let x = comp', ';\n')?.remaining, 'ute(1, 2)');
    assert.equal(c.lookup('let x = comp', ';\n')?.typed, 4);
    assert.equal(c.lookup('let x = compX', ';\n'), undefined, 'typed text that differs');
    assert.equal(c.lookup('let x = compute(1, 2)', ';\n'), undefined, 'fully typed: nothing left');
    assert.equal(c.lookup('let x = comp', 'other'), undefined, 'different suffix');
    assert.equal(c.lookup('let y = comp', ';\n'), undefined, 'different prefix');
  });

  it('prefers the most recent position and remembers "nothing here" only at the exact spot', () => {
    const c = new CompletionCache(10);
    c.set('f(', ')', 'a, b');
    c.set('f(a', ')', ', c');
    assert.equal(c.lookup('f(a', ')')?.remaining, ', c');
    assert.equal(c.lookup('f(a,', ')')?.remaining, ' c');
    c.set('g(', ')', '');
    assert.equal(c.lookup('g(', ')')?.remaining, '');
    assert.equal(c.lookup('g(', ')', false), undefined);
  });

  it('evicts the least recently used entry', () => {
    const c = new CompletionCache(3);
    c.set('a1 = ', '', 'x');
    c.set('a2 = ', '', 'x');
    c.set('a3 = ', '', 'x');
    assert.ok(c.lookup('a1 = ', '')); // touch a1
    c.set('a4 = ', '', 'x');
    assert.equal(c.size, 3);
    assert.ok(c.lookup('a1 = ', ''));
    assert.equal(c.lookup('a2 = ', ''), undefined);
  });

  it('keys on the last KB of the prefix, so a long file still hits', () => {
    const c = new CompletionCache(1000);
    const big = 'x'.repeat(200_000) + '\nconst y = ';
    for (let i = 0; i < 1000; i++) c.set(`line ${i}\n` + big.slice(-5000), '', `value${i};`);
    // (speed is measured by bench/inline.ts, not here)
    assert.equal(c.lookup(big + 'val', '')?.remaining, 'ue999;');
  });
});

import { strict as assert } from 'node:assert';
import {
  bracketProblem,
  checkAnswer,
  codeBlocks,
  looksLikeCode,
  parseProblem,
  pythonIndentProblem,
} from '../../src/core/router';
import { loadExternal } from '../../bench/routerData';

const fence = (lang: string, body: string): string => '```' + lang + '\n' + body + '\n```';

describe('checkAnswer: unusable answers', () => {
  it('cut off by the token limit', () => {
    const r = checkAnswer('explain', 'This function first reads the', 'length');
    assert.deepEqual(r, { usable: false, problem: 'the answer was cut off by the token limit' });
  });

  it('empty or whitespace, or only an empty <think></think>', () => {
    for (const content of ['', '   \n\t ', '<think>\n\n</think>\n']) {
      assert.deepEqual(checkAnswer('ask', content, 'stop'), { usable: false, problem: 'the answer was empty' });
    }
  });

  it('refusals', () => {
    for (const content of [
      "I can't help with that.",
      "I'm sorry, but I cannot assist with this request.",
      'As an AI language model, I cannot write code that accesses your files.',
      'Sorry, I am unable to help with that request.',
      'I must decline to answer this.',
    ]) {
      const r = checkAnswer('generate', content, 'stop');
      assert.deepEqual(r, { usable: false, problem: 'the model refused to answer' }, content);
    }
  });

  it('no code where the task asks for code', () => {
    for (const task of ['generate', 'refactor', 'fix', 'tests'] as const) {
      const r = checkAnswer(
        task,
        'You should loop over the items and add each price to a running total, then return it.',
        'stop',
      );
      assert.deepEqual(r, { usable: false, problem: 'the answer has no code' }, task);
    }
  });

  it('unbalanced brackets in a returned code block', () => {
    const r = checkAnswer(
      'generate',
      'Here it is:\n\n' + fence('ts', 'export function sum(xs: number[]) {\n  return xs.reduce((a, b) => a + b, 0);\n'),
      'stop',
    );
    assert.deepEqual(r, { usable: false, problem: "the code has an unclosed '{'" });
    const r2 = checkAnswer('fix', fence('python', 'def f(x):\n    return g(x))\n'), 'stop');
    assert.deepEqual(r2, { usable: false, problem: "the code has an unmatched ')'" });
  });

  it('a code block that was never closed (a stream that stopped early)', () => {
    const r = checkAnswer('refactor', 'Refactored:\n\n```go\nfunc f() int {\n\treturn 1\n}\n', null);
    assert.deepEqual(r, { usable: false, problem: 'a code block was never closed' });
  });

  it("the provider's content filter", () => {
    assert.equal(checkAnswer('explain', 'partial', 'content_filter').usable, false);
  });
});

describe('checkAnswer: usable answers are not flagged', () => {
  const usable: Array<[string, Parameters<typeof checkAnswer>]> = [
    [
      'a prose explanation',
      ['explain', 'This function groups e-mail addresses by domain (lower-cased) and returns a map.', 'stop'],
    ],
    [
      'an explanation with a partial snippet',
      ['explain', 'The loop header `for (i = 0; i < n; i++) {` runs n times.', 'stop'],
    ],
    [
      'generated code in a fence',
      [
        'generate',
        'Sure:\n\n' +
          fence(
            'typescript',
            'export function clamp(n: number, lo: number, hi: number): number {\n  return Math.min(hi, Math.max(lo, n));\n}',
          ),
        'stop',
      ],
    ],
    [
      'brackets inside strings and comments',
      [
        'fix',
        fence(
          'javascript',
          'const open = \'{\';\nconst msg = "unbalanced ) here"; // and ( here\n/* [ */\nfunction f() { return open + msg; }',
        ),
        'stop',
      ],
    ],
    [
      'Python: # comments and // floor division',
      [
        'refactor',
        fence('python', 'def half(xs):\n    # returns (n // 2 items\n    return xs[: len(xs) // 2]'),
        'stop',
      ],
    ],
    [
      'Rust lifetimes and char literals',
      [
        'generate',
        fence(
          'rust',
          "fn first<'a>(s: &'a str) -> &'a str {\n    let c = '{';\n    s.split(c).next().unwrap_or(\"\")\n}",
        ),
        'stop',
      ],
    ],
    [
      'Python triple-quoted strings',
      [
        'document',
        fence('python', 'def f(x):\n    """Returns (x, [x]) for\n    the caller { etc."""\n    return (x, [x])'),
        'stop',
      ],
    ],
    ['a template literal with braces', ['generate', fence('ts', 'const s = `${a} } ${b}`;\nexport { s };'), 'stop']],
    [
      'a shell case statement',
      ['generate', fence('bash', 'case "$1" in\n  start) run ;;\n  stop) halt ;;\nesac'), 'stop'],
    ],
    ['a diff', ['fix', fence('diff', '-  if (x) {\n+  if (x && y) {'), 'stop']],
    ['CSS ids', ['refactor', fence('css', '#main {\n  color: #333;\n}\n.a > #b { margin: 0 }'), 'stop']],
    [
      'SQL with -- comments',
      ['generate', fence('sql', "SELECT count(*) -- how many (roughly\nFROM t WHERE name = 'a(b';"), 'stop'],
    ],
    [
      'elided code',
      [
        'refactor',
        fence('ts', 'class Cart {\n  // ... existing code ...\n  total() {\n    return this.items.length;\n  }'),
        'stop',
      ],
    ],
    [
      'raw code without a fence',
      ['refactor', 'export function isEven(n: number): boolean {\n  return n % 2 === 0;\n}', 'stop'],
    ],
    [
      'an indented (Markdown) code block after prose',
      ['fix', 'Change the comparison:\n\n    if (a === b) {\n        return true;\n    }\n', 'stop'],
    ],
    ['complete: raw partial code is the point', ['complete', 'if (user) {\n    return user.name', 'stop']],
    [
      '"I can\'t help but notice" is not a refusal',
      [
        'fix',
        "I can't help but notice the off-by-one; here is the fix:\n\n" +
          fence('js', 'for (let i = 0; i < n; i++) sum += a[i];'),
        'stop',
      ],
    ],
    [
      'a refusal-like opening followed by real code',
      [
        'generate',
        "I can't write the whole service here, but this is the core handler:\n\n" +
          fence(
            'go',
            'func handle(w http.ResponseWriter, r *http.Request) {\n\tw.WriteHeader(http.StatusNoContent)\n}',
          ),
        'stop',
      ],
    ],
    ['a <think> block before the answer', ['ask', '<think></think>\n\nA tuple is immutable; a list is not.', 'stop']],
    ['finishReason null with a complete answer', ['explain', 'It retries three times.', null]],
  ];
  for (const [name, args] of usable) {
    it(name, () => assert.deepEqual(checkAnswer(...args), { usable: true }));
  }
});

describe('checkAnswer helpers', () => {
  it('codeBlocks reads languages, bodies and closure, with ``` and ~~~ fences', () => {
    const blocks = codeBlocks('a\n```ts\nx\n```\nb\n~~~python\ny\n~~~\n```\nz');
    assert.deepEqual(blocks, [
      { lang: 'ts', body: 'x', closed: true },
      { lang: 'python', body: 'y', closed: true },
      { lang: '', body: 'z', closed: false },
    ]);
  });

  it('looksLikeCode tells code from prose', () => {
    assert.equal(looksLikeCode('const a = 1;\nconst b = a + 1;'), true);
    assert.equal(looksLikeCode('This is a sentence about code.\nIt has no code in it at all.'), false);
  });

  it('bracketProblem names the first problem', () => {
    assert.equal(bracketProblem('f(a[1)]', 'js'), "an unmatched ')'");
    assert.equal(bracketProblem('{ ok }', 'js'), undefined);
    assert.equal(bracketProblem('(((', ''), "an unclosed '('");
  });
});

describe('checkAnswer: code that does not parse', () => {
  it('JSON that does not parse is unusable, JSON that does is fine', () => {
    assert.deepEqual(checkAnswer('generate', fence('json', '{"a": 1, "b": [1, 2,]}'), 'stop'), {
      usable: false,
      problem: 'the code has JSON that does not parse',
    });
    assert.deepEqual(checkAnswer('generate', fence('json', '{"a": 1, "b": [1, 2]}'), 'stop'), { usable: true });
  });

  it('Python with a body-less block, an unexpected indent or a stray dedent is unusable', () => {
    const bad = [
      'def f(x):\nreturn x + 1',
      'def f(x):\n    y = x\n        return y',
      'class A:\n    def f(self):\n        return 1\n  def g(self):\n        return 2',
    ];
    for (const code of bad) {
      const r = checkAnswer('fix', fence('python', code), 'stop');
      assert.equal(r.usable, false, code);
      assert.match((r as { problem: string }).problem, /^the code has an? (block opener|unexpected indent|dedent)/);
    }
  });

  it('real Python parses: every QuixBugs program and HumanEval prompt passes the check (no false alarms)', () => {
    const rows = [...loadExternal('quixbugs'), ...loadExternal('humaneval')].filter((r) => r.languageId === 'python');
    assert.ok(rows.length > 150);
    for (const r of rows)
      assert.equal(
        pythonIndentProblem(r.selection + (r.task === 'complete' || r.task === 'generate' ? '    pass\n' : '')),
        undefined,
        r.id,
      );
    // Continuation lines inside brackets and triple-quoted strings are not blocks.
    assert.equal(pythonIndentProblem('x = [\n  1,\n      2]\ns = """\n  text:\n"""\nif x:\n    pass'), undefined);
    assert.equal(pythonIndentProblem('f = lambda x: x\ny = 1'), undefined);
  });

  it('every QuixBugs program with one body line dedented is caught', () => {
    let caught = 0;
    let tried = 0;
    for (const r of loadExternal('quixbugs').filter((x) => x.languageId === 'python')) {
      const lines = r.selection.split('\n');
      const i = lines.findIndex(
        (l, k) => k > 0 && /:\s*$/.test(lines[k - 1]) && /^\s+\S/.test(l) && !lines[k - 1].trim().startsWith('#'),
      );
      if (i < 0) continue;
      tried++;
      lines[i] = lines[i].trimStart();
      if (parseProblem(lines.join('\n'), 'python')) caught++;
    }
    assert.ok(tried >= 30, `${tried}`);
    assert.equal(caught, tried);
  });
});

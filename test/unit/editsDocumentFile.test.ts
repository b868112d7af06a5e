import { strict as assert } from 'node:assert';
import {
  applyInsertions,
  batchDocPrompt,
  docInsertions,
  findUndocumented,
  formatDocComment,
  outlineFunctions,
  parseBatchDocAnswer,
} from '../../src/core/edits/documentFile';

const TS = `import { x } from './x';

/** Already documented. */
export function documented(a: number): number {
  return a;
}

export function total(items: number[]): number {
  let sum = 0;
  items.forEach((i) => {
    sum += i;
  });
  return sum;
}

export class Cart {
  private items: number[] = [];

  @logged
  add(item: number): void {
    this.items.push(item);
  }

  // a line comment counts as documentation
  clear(): void {
    this.items = [];
  }
}

export const double = (n: number): number => {
  return n * 2;
};

declare function external(a: string): void;
`;

const PY = `import math


def area(r):
    return math.pi * r * r


def documented(x):
    """Already documented."""
    return x


class Shape:
    def scale(self, k,
              origin=None):
        self.k = k
        return self
`;

describe('Document File (batch docs)', () => {
  it('outlines functions and methods with braces, not nested callbacks or bodiless declarations', () => {
    const names = outlineFunctions(TS, 'typescript').map((f) => f.name);
    assert.deepEqual(names, ['documented', 'total', 'add', 'clear', 'double']);
  });

  it('finds the undocumented ones and where their comment goes (above decorators)', () => {
    const items = findUndocumented(TS, 'typescript');
    assert.deepEqual(
      items.map((i) => [i.n, i.name, i.insertLine, i.indent]),
      [
        [1, 'total', 7, ''],
        [2, 'add', 18, '  '],
        [3, 'double', 29, ''],
      ],
    );
    assert.match(items[1].code, /^add\(item: number\): void \{\n {2}this\.items\.push/);
  });

  it('uses the editor symbols when it has them', () => {
    const symbols = [
      { name: 'total', kind: 'Function', startLine: 7, endLine: 13 },
      {
        name: 'Cart',
        kind: 'Class',
        startLine: 15,
        endLine: 27,
        children: [
          { name: 'items', kind: 'Property', startLine: 16, endLine: 16 },
          { name: 'add', kind: 'Method', startLine: 18, endLine: 21 },
        ],
      },
    ];
    assert.deepEqual(
      findUndocumented(TS, 'typescript', symbols).map((i) => i.name),
      ['total', 'add'],
    );
  });

  it('finds Python functions by indentation; docstrings go inside, after a multi-line signature', () => {
    const items = findUndocumented(PY, 'python');
    assert.deepEqual(
      items.map((i) => [i.name, i.insertLine, i.indent]),
      [
        ['area', 4, '    '],
        ['scale', 15, '        '],
      ],
    );
  });

  it('asks for all items in one prompt with numbered markers', () => {
    const items = findUndocumented(TS, 'typescript');
    const { instruction, selection } = batchDocPrompt(items, 'typescript');
    assert.match(selection, /^\/\/ ### 1: total\nexport function total/);
    assert.match(selection, /\/\/ ### 3: double\n/);
    assert.match(instruction, /3 numbered typescript functions/);
    assert.match(instruction, /ONLY that function's comment/);
  });

  it('parses a batch answer per item, noticing the one it missed', () => {
    const answer = [
      'Here are the comments.',
      '',
      '### 1',
      '```ts',
      '/**',
      ' * Sums the items.',
      ' * @param items numbers to add',
      ' */',
      '```',
      '',
      '### 3: double',
      '```ts',
      '/** Doubles a number. */',
      '```',
    ].join('\n');
    const docs = parseBatchDocAnswer(answer, 3);
    assert.deepEqual([...docs.keys()], [1, 3]);
    assert.equal(docs.has(2), false, 'item 2 is missing: it gets its own request');
    assert.match(docs.get(1)!, /Sums the items/);
    // marker styles models use
    const other = parseBatchDocAnswer(
      '**1.**\n```\n/** A. */\n```\n[2]\n```\n/** B. */\n```\nItem 3:\n```\n/** C. */\n```',
      3,
    );
    assert.deepEqual([...other.values()], ['/** A. */', '/** B. */', '/** C. */']);
    // everything in one block, markers kept as comments, the code repeated after each comment
    const oneBlock = parseBatchDocAnswer(
      '```ts\n// ### 1: total\n/** Sums. */\nexport function total() {}\n// ### 2: add\n/** Adds. */\nadd() {}\n```',
      2,
    );
    assert.deepEqual([...oneBlock.keys()], [1, 2]);
    assert.equal(formatDocComment(oneBlock.get(1)!, 'typescript', '', 'total'), '/** Sums. */\n');
    // a section holding only code gives no comment (code is never inserted as one)
    assert.equal(formatDocComment('export function total() {}\n// trailing', 'typescript', '', 'total'), undefined);
    // a number inside a fenced block is no marker
    assert.deepEqual([...parseBatchDocAnswer('### 1\n```\n/**\n2. Two\n */\n```', 2).keys()], [1]);
  });

  it('writes each comment in the language syntax, rewrapping plain text or a returned function', () => {
    assert.equal(formatDocComment('/** Sums. */', 'typescript', '  ', 'sum'), '  /** Sums. */\n');
    assert.equal(
      formatDocComment('Sums the items.\n@param items the numbers', 'typescript', '', 'sum'),
      '/**\n * Sums the items.\n * @param items the numbers\n */\n',
    );
    assert.equal(formatDocComment('/** Adds. */\nfunction add() {}', 'typescript', '', 'add'), '/** Adds. */\n');
    assert.equal(
      formatDocComment('"""Area of a circle."""', 'python', '    ', 'area'),
      '    """Area of a circle."""\n',
    );
    assert.equal(
      formatDocComment(
        'def area(r):\n    """Area.\n\n    Args:\n        r: radius\n    """\n    return 1',
        'python',
        '    ',
        'area',
      ),
      '    """Area.\n\n    Args:\n        r: radius\n    """\n',
    );
    assert.equal(formatDocComment('Returns the sum.', 'go', '', 'Sum'), '// Sum returns the sum.\n');
    assert.equal(formatDocComment('/// Adds.', 'rust', '', 'add'), '/// Adds.\n');
    assert.equal(formatDocComment('```\n```', 'typescript', '', 'x'), undefined);
  });

  it('applies all comments as one edit at the original lines', () => {
    const items = findUndocumented(TS, 'typescript');
    const docs = new Map([
      [1, '/** Sums the items. */'],
      [2, '/** Adds an item. */'],
      [3, '/** Doubles n. */'],
    ]);
    const out = applyInsertions(TS, docInsertions(items, docs, 'typescript'));
    assert.match(out, /\/\*\* Sums the items\. \*\/\nexport function total/);
    assert.match(out, / {2}\/\*\* Adds an item\. \*\/\n {2}@logged\n {2}add\(/);
    assert.match(out, /\/\*\* Doubles n\. \*\/\nexport const double/);
    const py = findUndocumented(PY, 'python');
    const pyOut = applyInsertions(
      PY,
      docInsertions(
        py,
        new Map([
          [1, 'Area of a circle of radius r.'],
          [2, '"""Scales the shape."""'],
        ]),
        'python',
      ),
    );
    assert.match(pyOut, /def area\(r\):\n {4}"""Area of a circle of radius r\."""\n {4}return/);
    assert.match(pyOut, /origin=None\):\n {8}"""Scales the shape\."""\n {8}self\.k = k/);
  });
});

describe('formatDocComment: Python answers that are code', () => {
  it('never turns a returned function into a docstring', () => {
    assert.equal(formatDocComment('def total(items):\n    return sum(items)\n', 'python', '    ', 'total'), undefined);
  });
  it('keeps a plain-text summary as the docstring', () => {
    assert.ok(formatDocComment('Sum the prices of the items.', 'python', '    ', 'total')?.includes('Sum the prices'));
  });
});

import assert from 'node:assert/strict';
import { closesFence, fencedBlocks, fenceOpen, hasFence, fenceSpans } from '../../src/core/lang/fences';
import { scan } from '../../src/core/lang/lexer';
import { rebaseSymbols } from '../../src/core/lang/symbols';
import {
  languageInfo,
  isKnownLanguage,
  LANGUAGE_IDS,
  LANGUAGE_NAMES,
  PROSE_LANGUAGES,
} from '../../src/core/lang/table';
import { normaliseForKey } from '../../src/core/cache/normalise';

describe('language table', () => {
  it('answers for ids, aliases and extensions; unknown ids are plain text', () => {
    assert.equal(languageInfo('TypeScript').id, 'typescript');
    assert.equal(languageInfo('ts').id, 'typescript');
    assert.equal(languageInfo('py').family, 'python');
    assert.equal(languageInfo('htm').id, 'html');
    assert.equal(languageInfo('golang').doc, 'go');
    assert.equal(languageInfo('no-such-language').family, 'plain');
    assert.equal(isKnownLanguage('no-such-language'), false);
    assert.equal(new Set(LANGUAGE_IDS).size, LANGUAGE_IDS.length, 'an id is listed twice');
  });

  it("keeps the router's names and prose set", () => {
    assert.equal(LANGUAGE_NAMES.cpp, 'C++');
    assert.equal(LANGUAGE_NAMES.shellscript, 'shell');
    assert.equal(LANGUAGE_NAMES['git-commit'], 'commit message');
    assert.equal(LANGUAGE_NAMES.groovy, undefined);
    for (const id of ['markdown', 'plaintext', 'git-commit', 'restructuredtext', 'mdx'])
      assert.ok(PROSE_LANGUAGES.has(id), id);
    assert.ok(!PROSE_LANGUAGES.has('python'));
  });

  it('gives every language a usual line comment or a block comment the markers can use, or none for prose', () => {
    for (const id of LANGUAGE_IDS) {
      const l = languageInfo(id);
      if (l.family === 'plain') continue;
      assert.ok(l.comment.line || (l.comment.open && l.comment.close), `${id} has no comment syntax`);
    }
  });
});

describe('fence parser', () => {
  it('opens on backticks or tildes with an info string, closes on the same character at least as long', () => {
    assert.deepEqual(fenceOpen('```ts title="x"'), { marker: '```', info: 'ts title="x"', lang: 'ts' });
    assert.equal(fenceOpen('   ~~~~ {.python}')?.lang, 'python');
    assert.equal(fenceOpen('``'), undefined);
    assert.equal(fenceOpen('``` a`b'), undefined, 'a backtick fence info string holds no backtick');
    assert.ok(closesFence('````', '```'));
    assert.ok(!closesFence('``', '```'));
    assert.ok(!closesFence('~~~', '```'));
    assert.ok(!closesFence('``` x', '```'));
  });

  it('finds blocks, nested longer fences and an unclosed last block', () => {
    const text = 'intro\n````md\n```js\nx\n```\n````\n\n~~~\nopen';
    const blocks = fencedBlocks(text);
    assert.equal(blocks.length, 2);
    assert.equal(blocks[0].body, '```js\nx\n```');
    assert.equal(blocks[0].lang, 'md');
    assert.equal(blocks[1].closed, false);
    assert.equal(blocks[1].body, 'open');
    assert.ok(hasFence(text));
    assert.ok(!hasFence('no fences ``` here'));
    const spans = fenceSpans(text);
    assert.equal(text.slice(spans[0].start, spans[0].end), '````md\n```js\nx\n```\n````');
    assert.equal(text.slice(spans[0].bodyStart, spans[0].bodyEnd), '```js\nx\n```');
  });
});

describe('lexer', () => {
  const kinds = (text: string, id: string) =>
    scan(text, languageInfo(id)).spans.map((s) => `${s.kind}:${text.slice(s.start, s.end)}`);

  it('reads Lua, Haskell and Lisp from the table (the generic lexer)', () => {
    assert.deepEqual(kinds('x = "a--b" -- note\n--[[ block\n]] y = [[raw]]', 'lua'), [
      'str:"a--b"',
      'line:-- note',
      'block:--[[ block\n]]',
      'str:[[raw]]',
    ]);
    assert.deepEqual(kinds('f x = x {- c -} -- d', 'haskell'), ['block:{- c -}', 'line:-- d']);
    assert.deepEqual(kinds('(def x "a;b") ; c', 'clojure'), ['str:"a;b"', 'line:; c']);
  });

  it("marks Rust's outer and inner doc comments, not `////` or `/***`", () => {
    assert.deepEqual(
      kinds('/// a\n//! b\n//// c\n/** d */\n/*! e */\n/*** f */', 'rust').map((k) => k.split(':')[0]),
      ['doc', 'doc', 'line', 'doc', 'doc', 'block'],
    );
  });

  it('PowerShell block comments', () => {
    assert.deepEqual(kinds('<# help\n#> $x = 1 # c', 'powershell'), ['block:<# help\n#>', 'line:# c']);
  });
});

describe('cache key normaliser over the lexer', () => {
  it('drops what the lexer calls a comment and keeps what it calls a string, in every family', () => {
    const cases: [string, string, string][] = [
      ['typescript', 'const a = "x  y"; // c\n', 'const a="x  y";'],
      ['python', "def f():\n    return '#not'  # c\n", "def f():\n\treturn'#not'"],
      ['lua', 'local s = "a  b" -- c\n', 'local s="a  b"'],
      ['shellscript', 'echo "a  #b"   # c\n', 'echo "a  #b"'],
      ['sql', "SELECT '--x'  -- c\n", "SELECT'--x'"],
    ];
    for (const [id, text, key] of cases) assert.equal(normaliseForKey(text, id), key, id);
  });

  it('keeps a space where two words or two operators would join, around string prefixes too', () => {
    assert.equal(normaliseForKey('return r"a"', 'rust'), 'return r"a"');
    assert.equal(normaliseForKey('x = f"{y}"  if  z', 'python'), 'x=f"{y}"if z');
    assert.equal(normaliseForKey('a = /x/g  in  b', 'javascript'), 'a=/x/g in b');
  });

  it('keeps comments in prose', () => {
    assert.notEqual(normaliseForKey('a <!-- b -->', 'markdown'), normaliseForKey('a', 'markdown'));
  });
});

describe('editor symbols re-based onto the request text', () => {
  it('shifts lines and leaves out symbols cut by either end', () => {
    const symbols = [
      { name: 'cut', kind: 'Function', startLine: 2, endLine: 12 },
      {
        name: 'inside',
        kind: 'Class',
        startLine: 11,
        endLine: 20,
        children: [{ name: 'm', kind: 'Method', startLine: 12, endLine: 14 }],
      },
      { name: 'after', kind: 'Function', startLine: 29, endLine: 40 },
    ];
    assert.deepEqual(rebaseSymbols(symbols, 10, 30), [
      {
        name: 'inside',
        kind: 'Class',
        startLine: 1,
        endLine: 10,
        children: [{ name: 'm', kind: 'Method', startLine: 2, endLine: 4 }],
      },
    ]);
  });
});

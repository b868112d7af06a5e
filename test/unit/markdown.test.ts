// core/markdown on markdown-it: what renders (tables, quotes, nested lists), that streaming renders the same HTML as
// one whole render, and that very long or hostile answers degrade to plain escaped text instead of costing time.
// The XSS payload corpus lives in security.test.ts.
import { strict as assert } from 'node:assert';
import {
  INLINE_LIMIT,
  MARKDOWN_LIMIT,
  renderMarkdown,
  renderMarkdownIncremental,
  type IncrementalState,
} from '../../src/core/markdown';
import { seededRandom } from '../../src/core/random';

function inert(html: string): void {
  assert.doesNotMatch(html, /<(img|script|a|iframe|svg|style|link|object|embed|form|input|meta|base)\b/i);
  for (const tag of html.match(/<[^>]*>/g) ?? [])
    assert.doesNotMatch(tag, /\s(on\w+|href|src|srcset|style|action|formaction)\s*=/i, tag);
  assert.doesNotMatch(html.replace(/<[^>]*>/g, ''), /[<>]/);
}

function streamed(md: string, chunk: (i: number) => number): string {
  let state: IncrementalState | undefined;
  let html = '';
  for (let n = 0; n < md.length;) {
    n = Math.min(md.length, n + chunk(n));
    const r = renderMarkdownIncremental(md.slice(0, n), state);
    state = r.state;
    html = r.html;
  }
  return html;
}

describe('markdown: rendering', () => {
  it('renders a table, with alignment as a class (no style attribute)', () => {
    const html = renderMarkdown('| name | cost |\n|:-----|-----:|\n| cheap | $0.01 |\n| <b>x</b> | 2 |');
    assert.match(html, /<table>/);
    assert.match(html, /<th class="align-left">name<\/th>/);
    assert.match(html, /<td class="align-right">\$0\.01<\/td>/);
    assert.match(html, /<td class="align-left">&lt;b&gt;x&lt;\/b&gt;<\/td>/);
    inert(html);
  });

  it('renders block quotes and nested lists', () => {
    const html = renderMarkdown('> quoted **text**\n> more\n\n- outer\n  - inner\n    1. deep\n- second');
    assert.match(html, /<blockquote>\n<p>quoted <strong>text<\/strong>\nmore<\/p>\n<\/blockquote>/);
    assert.match(
      html,
      /<ul>\n<li>outer\n<ul>\n<li>inner\n<ol>\n<li>deep<\/li>\n<\/ol>\n<\/li>\n<\/ul>\n<\/li>\n<li>second<\/li>\n<\/ul>/,
    );
  });

  it('shows links and images as text with their address', () => {
    assert.equal(
      renderMarkdown('see [docs](https://example.com/a?b=1&c=2)'),
      '<p>see docs (<span class="url">https://example.com/a?b=1&amp;c=2</span>)</p>',
    );
    assert.equal(
      renderMarkdown('![chart](https://evil.example/p.png)'),
      '<p>[image: chart (<span class="url">https://evil.example/p.png</span>) not loaded]</p>'.replace(
        /<span class="url">(.*?)<\/span>/,
        '$1',
      ),
    );
    assert.equal(
      renderMarkdown('x [a](javascript:alert(1)) y'),
      '<p>x a (<span class="url">javascript:alert(1)</span>) y</p>',
    );
  });

  it('keeps the language of a fence only when it is a plain word', () => {
    assert.match(renderMarkdown('```py\nprint(1)\n```'), /^<pre data-lang="py"><code>print\(1\)<\/code><\/pre>$/);
    assert.match(renderMarkdown('```py onload=x\nprint(1)\n```'), /^<pre data-lang="py"><code>/);
    assert.match(renderMarkdown('~~~"><b\nx\n~~~'), /^<pre><code>x<\/code><\/pre>$/);
  });
});

describe('markdown: incremental rendering while streaming', () => {
  const answer = [
    '# Plan',
    '',
    'First **step** with `code` and a [link](https://x.example).',
    '',
    '```ts',
    'const a = 1;',
    '',
    '// a blank line inside a fence is not a boundary',
    'const b = `x`;',
    '```',
    '',
    '- one',
    '',
    '- two (a loose list across a blank line)',
    '  continued',
    '',
    '| a | b |',
    '|---|---|',
    '| 1 | 2 |',
    '',
    '> quote',
    '',
    '1. first',
    '2. second',
    '',
    '    indented code',
    '',
    '    more code',
    '',
    'Closing paragraph.',
  ].join('\n');

  it('gives the same HTML as one whole render, for any chunking', () => {
    const whole = renderMarkdown(answer);
    for (const seed of [1, 2, 3, 4, 5]) {
      const rnd = seededRandom(seed);
      assert.equal(
        streamed(answer, () => 1 + Math.floor(rnd() * 12)),
        whole,
        `seed ${seed}`,
      );
    }
    assert.equal(
      streamed(answer, () => 1),
      whole,
    );
  });

  it('settles finished blocks and never settles inside an open fence', () => {
    const open = renderMarkdownIncremental('Intro.\n\n```js\nlet x;\n\nlet y;\n');
    assert.equal(open.state.source, 'Intro.\n\n');
    const closed = renderMarkdownIncremental('Intro.\n\n```js\nlet x;\n\nlet y;\n```\n\nNext\n', open.state);
    assert.equal(closed.state.source, 'Intro.\n\n```js\nlet x;\n\nlet y;\n```\n\n');
    assert.match(closed.html, /<pre data-lang="js"><code>let x;\n\nlet y;<\/code><\/pre>\n<p>Next<\/p>$/);
  });

  it('starts over when the text is not a continuation (a regenerated answer)', () => {
    const first = renderMarkdownIncremental('Old answer.\n\nMore.\n\nTail');
    const next = renderMarkdownIncremental('New one.', first.state);
    assert.equal(next.html, '<p>New one.</p>');
    assert.equal(next.state.source, '');
  });
});

describe('markdown: long and hostile answers', () => {
  it('shows an over-long paragraph as escaped text rather than parsing its inline markup', () => {
    const para = '[*'.repeat(INLINE_LIMIT);
    const html = renderMarkdown(`${para}\n\nafter *em*`);
    assert.ok(html.startsWith(`<p>${para}</p>`));
    assert.match(html, /<p>after <em>em<\/em><\/p>$/);
  });

  it('renders Markdown up to the limit and the rest as plain escaped text, the same streamed or whole', () => {
    const block = 'Some **bold** text <img src=x onerror=alert(1)>.\n\n';
    const md = block.repeat(Math.ceil((MARKDOWN_LIMIT * 2) / block.length));
    const html = renderMarkdown(md);
    assert.match(html, /^<p>Some <strong>bold<\/strong>/);
    assert.match(
      html,
      /<p class="notice">The rest of this long answer is shown as plain text\.<\/p>\n<pre class="plain">Some \*\*bold\*\* text &lt;img/,
    );
    const markdownPart = html.slice(0, html.indexOf('<p class="notice">'));
    assert.ok((markdownPart.match(/<strong>/g) ?? []).length <= MARKDOWN_LIMIT / block.length + 1);
    inert(html);
    assert.equal(
      streamed(md, () => 4096),
      html,
    );
  });

  it('stays inert on long runs of markup characters', () => {
    for (const unit of ['[', '![', '<', '>', '`a', '_a', '*a **a ', '&#', '|a', '- ', '\\', '<a href="']) {
      inert(renderMarkdown(unit.repeat(Math.ceil(200_000 / unit.length))));
      inert(renderMarkdown((unit.repeat(500) + '\n\n').repeat(40)));
    }
  });
});

import { strict as assert } from 'node:assert';
import { InlineCompletionCache } from '../../src/core/cache';

describe('InlineCompletionCache', () => {
  const prefix = 'function area(r: number) {\n  ';
  const suffix = '\n}\n';

  it('serves the same spot from memory, including a cached empty completion', () => {
    const c = new InlineCompletionCache();
    c.set(prefix, suffix, 'return Math.PI * r * r;');
    assert.equal(c.get(prefix, suffix), 'return Math.PI * r * r;');
    c.set('x', '', '');
    assert.equal(c.get('x', ''), '');
    assert.equal(c.get(prefix, '\n}\n// other'), undefined, 'the suffix is part of the key');
  });

  it('serves the rest of a completion while the user types it out', () => {
    const c = new InlineCompletionCache();
    c.set(prefix, suffix, 'return Math.PI * r * r;');
    assert.equal(c.get(prefix + 'r', suffix), 'eturn Math.PI * r * r;');
    assert.equal(c.get(prefix + 'return Math.', suffix), 'PI * r * r;');
    assert.equal(c.get(prefix + 'return Math.PI * r * r;', suffix), undefined, 'fully typed: nothing left to suggest');
    assert.equal(c.get(prefix + 'retry', suffix), undefined, 'typed text diverged');
    assert.equal(c.get('// elsewhere\n' + 'return', suffix), undefined, 'same typed text after another prefix');
    assert.equal(c.get(prefix + 'r', suffix + ' '), undefined, 'another suffix');
  });

  it('keeps the 1,000 most recently used entries by default', () => {
    const c = new InlineCompletionCache();
    for (let i = 0; i < 1000; i++) c.set(`p${i}`, '', `c${i}`);
    assert.equal(c.get('p0', ''), 'c0'); // p0 is now the most recent
    c.set('p1000', '', 'c1000');
    assert.equal(c.size, 1000);
    assert.equal(c.get('p1', ''), undefined, 'p1 was the least recently used');
    assert.equal(c.get('p0', ''), 'c0');
    assert.equal(c.get('p0c', ''), '0', 'and serves its extension');
    assert.equal(c.get('p1c', ''), undefined, 'an evicted entry does not answer an extension either');
    const small = new InlineCompletionCache({ maxEntries: 2 });
    small.set('a', '', 'xyz');
    small.set('b', '', 'xyz');
    small.set('c', '', 'xyz');
    assert.equal(small.get('ax', ''), undefined);
    assert.equal(small.get('bx', ''), 'yz');
  });
});

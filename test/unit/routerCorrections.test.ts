import { strict as assert } from 'node:assert';
import { defaultConfig } from '../../src/core/config';
import { classify, MAX_ENTRIES, MAX_SHIFT, route, RoutingCorrections, signatureFor, STEP } from '../../src/core/router';
import type { EditorRequest } from '../../src/core/types';
import { loadExternal } from '../../bench/routerData';

const medium = loadExternal('leetcode').filter((r) => r.meta?.difficulty === 'Medium');
const hard = loadExternal('leetcode').filter((r) => r.meta?.difficulty === 'Hard');

describe('router: lean', function () {
  this.timeout(20_000);
  it('thrifty escalates less and careful more than balanced, on the same requests', () => {
    // every ninth Medium or Hard problem (about 200): measured 93 < 114 < 142 reasoner decisions when written
    const rows = [...medium, ...hard].filter((_, i) => i % 9 === 0);
    const up = (lean: 'thrifty' | 'balanced' | 'careful'): number =>
      rows.filter((r) => classify(r, { lean }).tier === 'reasoner').length;
    const [t, b, c] = [up('thrifty'), up('balanced'), up('careful')];
    assert.ok(t < b && b < c, `thrifty ${t}, balanced ${b}, careful ${c}`);
  });

  it('route() reads frugal.router.lean from the configuration', () => {
    const r = hard.find((x) => classify(x).tier === 'reasoner' && classify(x, { lean: 'thrifty' }).tier !== 'reasoner');
    assert.ok(r, 'a borderline hard problem');
    const config = defaultConfig();
    assert.equal(route(r, config).tier, 'reasoner');
    assert.notEqual(route(r, { ...config, router: { lean: 'thrifty' } }).tier, 'reasoner');
  });
});

describe('router: corrections', function () {
  this.timeout(20_000);
  it('a correction shifts requests with the same signature, bounded, and resets', () => {
    const t = new RoutingCorrections();
    t.record('ask|alg', 'stronger', 1);
    assert.equal(t.shiftFor('ask|alg'), STEP);
    assert.equal(t.shiftFor('ask'), 0);
    for (let i = 0; i < 10; i++) t.record('ask|alg', 'stronger', 2 + i);
    assert.equal(t.shiftFor('ask|alg'), MAX_SHIFT);
    t.record('ask|alg', 'overkill', 20);
    assert.equal(t.shiftFor('ask|alg'), MAX_SHIFT - STEP);
    assert.equal(t.count(), 12);
    t.reset();
    assert.equal(t.count(), 0);
    assert.equal(t.shiftFor('ask|alg'), 0);
  });

  it('keeps at most MAX_ENTRIES signatures, dropping the least recently corrected', () => {
    const t = new RoutingCorrections();
    for (let i = 0; i <= MAX_ENTRIES; i++) t.record(`fix|k${i}`, 'overkill', i);
    assert.equal(t.size(), MAX_ENTRIES);
    assert.equal(t.shiftFor('fix|k0'), 0);
    assert.equal(t.shiftFor(`fix|k${MAX_ENTRIES}`), -STEP);
  });

  it('survives a round trip and drops malformed persisted entries instead of throwing', () => {
    const t = new RoutingCorrections();
    t.record('ask|topic:concurrency', 'overkill', 5);
    const back = RoutingCorrections.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    assert.equal(back.dropped, 0);
    assert.equal(back.corrections.shiftFor('ask|topic:concurrency'), -STEP);
    const bad = RoutingCorrections.fromJSON([
      { signature: 'x', shift: 'a', count: 1, at: 0 },
      null,
      7,
      { signature: 'ok', shift: 99, count: 2, at: 1 },
    ]);
    assert.equal(bad.dropped, 3);
    assert.equal(bad.corrections.shiftFor('ok'), MAX_SHIFT);
    assert.equal(RoutingCorrections.fromJSON('garbage').corrections.count(), 0);
  });

  it('"this was overkill" keeps the next similar request off the reasoner, and says why', () => {
    const r = hard.find(
      (x) => classify(x).tier === 'reasoner' && Number(/p=([\d.]+)/.exec(classify(x).reason)?.[1]) < 0.9,
    )!;
    const t = new RoutingCorrections();
    t.record(signatureFor(r), 'overkill', 1);
    t.record(signatureFor(r), 'overkill', 2);
    const c = classify(r, { correction: (s) => t.shiftFor(s) });
    assert.notEqual(c.tier, 'reasoner', c.reason);
    assert.match(c.reason, /overkill/);
    // route() applies the corrections the editor attaches to the configuration
    assert.notEqual(route(r, { ...defaultConfig(), router: { lean: 'balanced', corrections: t } }).tier, 'reasoner');
  });

  it('"regenerate with a stronger model" lifts the next similar request, and says why', () => {
    const q: EditorRequest = {
      task: 'ask',
      instruction:
        'Given an array of integers, return the largest sum of a contiguous run of elements.\nConstraints:\n1 <= n <= 1000',
      languageId: 'plaintext',
      selection: '',
    };
    const before = classify(q);
    const t = new RoutingCorrections();
    for (let i = 0; i < 3 && classify(q, { correction: (s) => t.shiftFor(s) }).tier !== 'reasoner'; i++)
      t.record(signatureFor(q), 'stronger', i);
    const after = classify(q, { correction: (s) => t.shiftFor(s) });
    assert.notEqual(before.tier, 'reasoner', before.reason);
    assert.equal(after.tier, 'reasoner', after.reason);
    assert.match(after.reason, /stronger model/);
  });
});

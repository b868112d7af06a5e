// The router's literal prefilter (src/core/router/prefilter.ts) may only ever skip a regex that cannot match. Checked
// for every regex it is built with (so a cue the lead adds to cues.ts or features.ts is covered the day it lands), on
// strings sampled from the regex itself and on prefixes (the rules read only the opening of long words).
// test/system/routerPrefilterData.test.ts checks the same on the words of every data row.
import { strict as assert } from 'node:assert';
import { ROUTER_PREFILTERS, prepareRouter } from '../../src/core/router/classify';
import {
  Prefilter,
  alternativesOf,
  endOf,
  requirementOf,
  startOf,
  withoutCaptures,
  type Requirement,
} from '../../src/core/router/prefilter';
import { seededRandom } from '../../src/core/random';

/**
 * Random strings that the regex may match, generated from its source by a reader written apart from the
 * prefilter's (so one misreading does not hide in both). Lookarounds and word boundaries are ignored while
 * generating; samples the real regex does not match are dropped by the caller.
 */
function sampler(source: string, rand: () => number): () => string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  type Gen = () => string;
  let i = 0;
  const alts = (): Gen => {
    const options: Gen[][] = [[]];
    while (i < source.length && source[i] !== ')') {
      if (source[i] === '|') {
        i++;
        options.push([]);
        continue;
      }
      options[options.length - 1].push(repeat(atom()));
    }
    return () =>
      pick(options)
        .map((g) => g())
        .join('');
  };
  const repeat = (g: Gen): Gen => {
    for (;;) {
      const c = source[i];
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, 3];
      else if (c === '+') [min, max] = [1, 3];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i))) {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i))!;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? min + 3 : Number(m[3]);
        i += m[0].length - 1;
      } else return g;
      i++;
      if (source[i] === '?') i++;
      const inner = g;
      const [lo, hi] = [min, max];
      g = () => {
        const n = lo + Math.floor(rand() * (hi - lo + 1));
        let s = '';
        for (let k = 0; k < n; k++) s += inner();
        return s;
      };
    }
  };
  const escaped = (c: string): Gen => {
    if (c === 'b' || c === 'B') return () => '';
    if (c === 'd') return () => pick(['0', '1', '5', '9']);
    if (c === 'w') return () => pick(['a', 'z', 'k', '_', '3']);
    if (c === 's') return () => ' ';
    if (c === 'W') return () => pick([' ', '-', '.']);
    if (c === 'S' || c === 'D') return () => 'x';
    if (c === 'n') return () => '\n';
    if (c === 't') return () => '\t';
    return () => c;
  };
  const klass = (): Gen => {
    let negated = false;
    if (source[i] === '^') {
      negated = true;
      i++;
    }
    const members: string[] = [];
    while (source[i] !== ']') {
      const c = source[i++];
      if (c === '\\') {
        const e = source[i++];
        if (e === 'w') members.push('a', 'z', '_', '4');
        else if (e === 'd') members.push('0', '7');
        else if (e === 's') members.push(' ');
        else members.push(escaped(e)());
        continue;
      }
      if (source[i] === '-' && source[i + 1] !== ']') {
        const d = source[i + 1];
        i += 2;
        for (let k = c.charCodeAt(0); k <= d.charCodeAt(0); k++) members.push(String.fromCharCode(k));
        continue;
      }
      members.push(c);
    }
    i++;
    if (negated) {
      const pool = ['a', 'e', 'x', ' ', '1', '-', '_', 'q'].filter((x) => !members.includes(x));
      return () => pick(pool);
    }
    return () => pick(members);
  };
  const atom = (): Gen => {
    const c = source[i++];
    if (c === '(') {
      let look = false;
      if (source.startsWith('?:', i)) i += 2;
      else if (/^\?<?[=!]/.test(source.slice(i))) {
        i += source[i + 1] === '<' ? 3 : 2;
        look = true;
      }
      const g = alts();
      i++;
      return look ? () => '' : g;
    }
    if (c === '[') return klass();
    if (c === '\\') return escaped(source[i++]);
    if (c === '^' || c === '$') return () => '';
    if (c === '.') return () => 'x';
    return () => c;
  };
  const g = alts();
  return g;
}

function literals(r: Requirement): string[] {
  return r.kind === 'lit' ? [r.s] : r.kind === 'true' ? [] : r.of.flatMap(literals);
}

describe('router prefilter', function () {
  const filters = Object.entries(ROUTER_PREFILTERS);

  it('derives the literals every match must contain', () => {
    const show = (r: Requirement): string =>
      r.kind === 'true' ? '*' : r.kind === 'lit' ? r.s : `${r.kind}(${r.of.map(show).join('|')})`;
    assert.equal(
      show(requirementOf(/\bdead ?lock(s|ed|ing)?\b|\blive ?lock(s|ed)?\b/)),
      'or(deadlock|dead lock|livelock|live lock)',
    );
    assert.equal(show(requirementOf(/\bhammer\w*|\bat once\b/)), 'or(hammer|at once)');
    assert.equal(show(requirementOf(/\b(two|2) (threads?|workers?)\b/)), 'or(two thread|two worker|2 thread|2 worker)');
    assert.equal(show(requirementOf(/\bn ?(\^|\*\*) ?\d\b/)), 'or(n^|n**|n ^|n **)');
    assert.equal(show(requirementOf(/colou?r+ful/)), 'and(or(color|colour)|rful)');
    // Too common to filter on (single characters, one- and two-letter words), and long literals cut to a prefix.
    assert.equal(show(requirementOf(/\b(in|on|a) (\w+ )?box\b/)), 'box');
    assert.equal(show(requirementOf(/\b(in|on)\b/)), '*');
    assert.equal(show(requirementOf(/\bat the same moment\b/)), 'at the same ');
    // Unknown or inexact: the regex always runs.
    assert.equal(show(requirementOf(/\bfoo\b/i)), '*');
    assert.equal(show(requirementOf(/(a)\1/)), '*');
    assert.equal(show(requirementOf(/\w+|lock/)), '*');
  });

  it('runs alternatives without capture groups, matching what the regex matches', () => {
    assert.equal(
      withoutCaptures(/a(b|c)\(d\)[(]e(?:f)(?=g)(?<!h)\[(i)/).source,
      'a(?:b|c)\\(d\\)[(]e(?:f)(?=g)(?<!h)\\[(?:i)',
    );
    for (const kept of [/(a)x\1/, /(a|b)/g, /(a)/y, new RegExp('(a)', 'v'), /ab/])
      assert.equal(withoutCaptures(kept), kept);
    // The same match, at the same place, for every regex the router's prefilters hold, on sampled strings.
    const rand = seededRandom(3);
    let checked = 0;
    for (const pf of Object.values(ROUTER_PREFILTERS))
      for (const re of pf.regexes())
        for (const alt of alternativesOf(re)) {
          const lean = withoutCaptures(alt);
          const sample = sampler(alt.source, rand);
          for (let k = 0; k < 20; k++) {
            const s = `x ${sample()} y`;
            alt.lastIndex = 0;
            const a = alt.exec(s);
            lean.lastIndex = 0;
            const b = lean.exec(s);
            assert.equal(b?.[0], a?.[0], `${alt.source} on ${JSON.stringify(s)}`);
            assert.equal(b?.index, a?.index, `${alt.source} on ${JSON.stringify(s)}`);
            if (a) checked++;
          }
        }
    assert.ok(checked > 1000, `only ${checked} matches compared`);
  });

  it('splits a regex into its top-level alternatives only where that is exact', () => {
    assert.deepEqual(
      alternativesOf(/\ba(b|c)|[|]d|\(e\|f\)/).map((r) => r.source),
      ['\\ba(b|c)', '[|]d', '\\(e\\|f\\)'],
    );
    const g = /a|b/g;
    assert.deepEqual(alternativesOf(g), [g]);
    const backref = /(a)x\1|b/;
    assert.deepEqual(alternativesOf(backref), [backref]);
    // The leftmost match wins, and the first alternative on a tie, as in the engine.
    const re = /ab|a|xa/;
    const pf = new Prefilter([re]);
    for (const s of ['xab', 'zab', 'a', 'xa', 'b']) assert.equal(pf.scan(s).match(re, s), re.exec(s)?.[0], s);
  });

  it('knows where a match can start', () => {
    assert.deepEqual(startOf(/\b(convert|port)\b to/)?.literals.sort(), ['convert to', 'port to']);
    const hint = startOf(/\b\w+( \w+)?, \w+ or \w+\?/);
    assert.deepEqual(hint?.literals, [', ']);
    assert.equal(hint?.before?.w, true);
    assert.equal(startOf(/[^x]+, y/), undefined, 'a negated class could consume anything');
    // Searched from the start of the word-and-space run before the first ", ", the match is the regex's own.
    const re = /\b\w+( \w+)?, \w+ or \w+\?/;
    const pf = new Prefilter([re]);
    for (const s of ['so: tea, coffee or juice?', 'a, b; red apple, pear or plum?', 'x,, y, z or w?'])
      assert.equal(pf.scan(s).match(re, s), re.exec(s)?.[0], s);
  });

  it('knows where a match can start when it starts with a group of sequences', () => {
    const re = /(\bconvert\b[^.]{0,9}to|\bport (it|this))\b x/;
    assert.deepEqual(startOf(re)?.literals.sort(), ['convert', 'port it', 'port this']);
    assert.equal(startOf(re)?.before, undefined, 'a match starts with one of them');
    // A string that starts with another of the set adds no start.
    assert.deepEqual(startOf(/(\bport\b[^.]{0,3}x|\bport (it|this))/)?.literals, ['port']);
    // Strings before the group carry on into each of its alternatives.
    assert.deepEqual(startOf(/\bis (this|it|the \w+) (really )?safe\b/)?.literals.sort(), [
      'is it',
      'is the ',
      'is this',
    ]);
    assert.equal(startOf(/(\w+ing|convert) x/), undefined, 'an alternative that starts with any word');
    assert.equal(startOf(/((?<=a)port|convert) x/), undefined, 'an alternative that starts with a lookbehind');
  });

  it('tries an alternative only where its start literals occur, and finds the first match the regex finds', () => {
    const re = /(\bconvert\b[^.]{0,9}to|\bport (it|this))\b x|\bis (this|it|the \w+) (really )?safe\b/;
    const pf = new Prefilter([re]);
    const texts = [
      'port it x',
      'is this x? is the lock really safe',
      'this is it. is it safe',
      'support it x. port this x',
      'convert. convert to x',
      'port that, convert nothing. port this y. convert it to x',
      'xport it x port it x',
      'port it',
      '',
    ];
    for (const s of texts) {
      assert.equal(pf.scan(s).match(re, s), re.exec(s)?.[0], s);
      assert.equal(pf.scan(s).test(re, s), re.test(s), s);
      // On an opening of the scanned text too.
      const open = s.slice(0, 12);
      assert.equal(pf.scan(s).match(re, open), re.exec(open)?.[0], open);
    }
  });

  it('knows what every match ends with, and stops the search after its last occurrence', () => {
    assert.equal(endOf(/\bfoo bar\?/), 'foo bar?');
    assert.equal(endOf(/\b\w+( \w+)?, \w+ or (a |an )?\w+( first)?\?/), '?');
    assert.equal(endOf(/(?<=a)bc/), 'bc', 'a lookbehind reads only what comes before');
    assert.equal(endOf(/foo\b/), undefined, 'a boundary after the end looks at the next character');
    assert.equal(endOf(/a(?=bx)b/), undefined, 'a lookahead may read past the end');
    assert.equal(endOf(/a$|b/), undefined);
    assert.equal(endOf(/(x$)?ab/), undefined, '$ would match where the search is cut');
    assert.equal(endOf(/Ab/i), undefined, 'case-insensitive');
    assert.equal(endOf(/a|b/), undefined);
    // The first match is the regex's own, with the text cut after the last "?" (or none when there is none).
    const re = /\b\w+( \w+)?, \w+ or \w+\?/;
    const pf = new Prefilter([re]);
    for (const s of [
      'tea, coffee or juice? then more, words or so',
      'x, y or z?? a, b or c',
      'a, b or c',
      'q? a, b or c',
    ])
      assert.equal(pf.scan(s).match(re, s), re.exec(s)?.[0], s);
  });

  it('builds on prepare() what the first scan would, and scans the same after it', () => {
    const races = /\bdata races?\b/;
    const locks = /\bdead ?lock\b/;
    const pf = new Prefilter([races, locks]);
    assert.equal(pf.prepared, false, 'nothing is built before the first use');
    pf.prepare();
    assert.equal(pf.prepared, true);
    const scan = pf.scan('a data race here');
    assert.equal(scan.may(races), true);
    assert.equal(scan.may(locks), false);
    assert.equal(scan.match(races, 'a data race here'), 'data race');
    prepareRouter();
    for (const [name, p] of Object.entries(ROUTER_PREFILTERS)) assert.equal(p.prepared, true, name);
  });

  it('skips regexes whose literals are missing and keeps the rest', () => {
    const races = /\bdata races?\b/;
    const locks = /\bdead ?lock\b/;
    const pf = new Prefilter([races, locks, /x/i]);
    const scan = pf.scan('is this a data race or a deadlock later on');
    assert.equal(scan.may(races), true);
    assert.equal(scan.may(locks), true);
    assert.equal(scan.may(locks, 20), false, 'the deadlock lies past the first 20 characters');
    assert.equal(pf.scan('a dead lock').may(races), false);
    assert.equal(pf.scan('').may(/x/i), true);
    assert.equal(pf.scan('').may(/never registered/), true);
    // A released scan's arrays go to the next scan; it then runs every regex as it is, still right.
    const first = pf.scan('a dead lock');
    first.release();
    const second = pf.scan('a data race here');
    assert.equal(first.match(races, 'a dead lock'), undefined);
    assert.equal(first.match(locks, 'a dead lock'), 'dead lock');
    assert.equal(second.match(races, 'a data race here'), 'data race');
    assert.equal(second.may(locks), false);
  });

  for (const [name, pf] of filters) {
    it(`never rejects a string sampled from one of its own regexes (${name} prefilter)`, () => {
      const rand = seededRandom(12);
      let checked = 0;
      for (const re of pf.regexes()) {
        const gen = sampler(re.source, rand);
        let matched = 0;
        const plain = re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re;
        for (let k = 0; k < 200 && matched < 20; k++) {
          // Padded, so \b holds at the ends; bare every other time, for anchored regexes.
          const s = k % 2 ? gen() : ` ${gen()} `;
          if (!plain.test(s)) continue;
          matched++;
          const scan = pf.scan(s);
          assert.ok(scan.may(re), `prefilter rejected ${JSON.stringify(s)}, which ${re} matches`);
          // Run through the prefilter (alternatives split, each filtered), the regex matches what it matches alone.
          if (!re.global && !re.sticky) {
            assert.equal(scan.match(re, s), re.exec(s)?.[0], `match of ${re} on ${JSON.stringify(s)}`);
            assert.equal(scan.test(re, s), true);
            const cut = s.slice(0, Math.floor(s.length / 2));
            assert.equal(
              scan.match(re, cut),
              re.exec(cut)?.[0],
              `match of ${re} on the opening ${JSON.stringify(cut)}`,
            );
          }
          // And inside longer text, cut just after the match (the limit a prefix scan uses).
          const padded = `so then ${s} and more words after it`;
          const m = plain.exec(padded);
          if (m)
            assert.ok(pf.scan(padded).may(re, m.index + m[0].length), `prefix of ${JSON.stringify(padded)}: ${re}`);
        }
        assert.ok(matched > 0 || literals(pf.requirement(re)).length === 0, `could not sample a match of ${re}`);
        // And strings that miss: the prefilter says nothing wrong about them either.
        for (let k = 0; k < 10; k++) {
          const s = gen().slice(1);
          const scan = pf.scan(s);
          if (plain.test(s)) assert.ok(scan.may(re), `prefilter rejected ${JSON.stringify(s)} for ${re}`);
          if (plain === re) assert.equal(scan.match(re, s), re.exec(s)?.[0], `match of ${re} on ${JSON.stringify(s)}`);
        }
        checked += matched;
      }
      assert.ok(checked > pf.regexes().length * 10);
    });
  }

  it('finds each literal where it first occurs in a long text (scanned as two halves at once)', () => {
    // The oracle: the literals' presence in an opening, found with includes(), evaluated over the requirement.
    const present = (r: Requirement, t: string): boolean =>
      r.kind === 'true'
        ? true
        : r.kind === 'lit'
          ? t.includes(r.s)
          : r.kind === 'and'
            ? r.of.every((x) => present(x, t))
            : r.of.some((x) => present(x, t));
    const rand = seededRandom(11);
    for (const pf of Object.values(ROUTER_PREFILTERS)) {
      const lits = pf.literals;
      for (let k = 0; k < 30; k++) {
        // Literals among filler, so that some occur only in the second half, some only across the middle.
        const parts: string[] = [];
        for (let j = 0; j < 60; j++) parts.push(rand() < 0.3 ? lits[Math.floor(rand() * lits.length)] : 'xq zv ');
        const text = parts.join(rand() < 0.5 ? ' ' : '');
        const scan = pf.scan(text);
        for (const re of pf.regexes()) {
          const req = pf.requirement(re);
          for (const limit of [text.length, text.length >> 1, (text.length >> 1) + 3, Math.floor(rand() * text.length)])
            if (scan.may(re, limit) !== present(req, text.slice(0, limit)))
              assert.fail(`${re} on the first ${limit} of ${JSON.stringify(text)}`);
        }
        scan.release();
      }
    }
  });
});

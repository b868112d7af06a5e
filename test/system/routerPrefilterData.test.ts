// The router's literal prefilters on real words: for every data row (the team's sets and a seventh of the external
// rows), every regex a prefilter holds that matches the row's words (or their 2,000-character opening, which the
// rules read) is kept, and the prefilter's match is the regex's own. The words prefilter reads the masked words, the
// raw one the words as typed, lower-cased. test/unit/routerPrefilter.test.ts checks the same on sampled strings.
import { strict as assert } from 'node:assert';
import { ROUTER_PREFILTERS, maskedWords } from '../../src/core/router/classify';
import { EXTERNAL_SOURCES, loadExternal, loadTeam } from '../../bench/routerData';

describe('router prefilter on the data rows', function () {
  this.timeout(120_000);
  const rows = [
    ...['routing-dev', 'routing-holdout', 'routing-fresh3', 'routing-fresh4', 'routing-fresh5'].flatMap(loadTeam),
    ...EXTERNAL_SOURCES.flatMap(loadExternal).filter((_, i) => i % 7 === 0),
  ];
  const typed = (r: (typeof rows)[number]): string => `${r.instruction ?? ''}\n${r.selection ?? ''}`.toLowerCase();
  const cases: Array<[keyof typeof ROUTER_PREFILTERS, (r: (typeof rows)[number]) => string[]]> = [
    ['words', (r) => [maskedWords(r), (r.instruction ?? '').toLowerCase()]],
    ['raw', (r) => [typed(r)]],
  ];
  for (const [name, texts] of cases)
    it(`never rejects a regex on the words of the data rows it matches, and rejects most (${name})`, () => {
      const pf = ROUTER_PREFILTERS[name];
      const regexes = pf.regexes().map((re) => [re, new RegExp(re.source, re.flags.replace(/[gy]/g, ''))] as const);
      let pairs = 0;
      let skipped = 0;
      for (const r of rows) {
        for (const text of texts(r)) {
          const scan = pf.scan(text);
          const cut = Math.min(text.length, 2000);
          for (const [re, plain] of regexes) {
            pairs++;
            const may = scan.may(re);
            if (!may) skipped++;
            if (plain.test(text)) assert.ok(may, `prefilter rejected ${re} on row ${r.id}, which it matches`);
            if (cut < text.length && plain.test(text.slice(0, cut)))
              assert.ok(scan.may(re, cut), `prefix: ${re} on row ${r.id}`);
            if (re === plain) {
              assert.equal(scan.match(re, text), re.exec(text)?.[0], `match: ${re} on row ${r.id}`);
              const head = text.slice(0, cut);
              assert.equal(scan.match(re, head), re.exec(head)?.[0], `match on the opening: ${re} on row ${r.id}`);
            }
          }
        }
      }
      // Not a filter that lets everything through: most (regex, request) pairs are decided without running the regex.
      assert.ok(skipped / pairs > 0.6, `skipped only ${skipped}/${pairs}`);
    });
});

// The router's literal prefilter on real words: for every data row (the team's sets and a seventh of the external
// rows), every regex the prefilter holds that matches the row's masked words (or their 2,000-character opening, which
// the rules read) is kept. test/unit/routerPrefilter.test.ts checks it on strings sampled from each regex.
import { strict as assert } from 'node:assert';
import { ROUTER_PREFILTERS, maskedWords } from '../../src/core/router/classify';
import { EXTERNAL_SOURCES, loadExternal, loadTeam } from '../../bench/routerData';

describe('router prefilter on the data rows', function () {
  this.timeout(120_000);
  it('never rejects a regex on the words of the data rows it matches, and rejects most', () => {
    const rows = [
      ...['routing-dev', 'routing-holdout', 'routing-fresh3', 'routing-fresh4', 'routing-fresh5'].flatMap(loadTeam),
      ...EXTERNAL_SOURCES.flatMap(loadExternal).filter((_, i) => i % 7 === 0),
    ];
    const pf = ROUTER_PREFILTERS.words;
    const regexes = pf.regexes();
    let pairs = 0;
    let skipped = 0;
    for (const r of rows) {
      for (const text of [maskedWords(r), (r.instruction ?? '').toLowerCase()]) {
        const scan = pf.scan(text);
        const cut = Math.min(text.length, 2000);
        for (const re of regexes) {
          pairs++;
          const may = scan.may(re);
          if (!may) skipped++;
          if (re.test(text)) assert.ok(may, `prefilter rejected ${re} on row ${r.id}, which it matches`);
          if (cut < text.length && re.test(text.slice(0, cut)))
            assert.ok(scan.may(re, cut), `prefix: ${re} on row ${r.id}`);
        }
      }
    }
    // Not a filter that lets everything through: most (regex, request) pairs are decided without running the regex.
    assert.ok(skipped / pairs > 0.6, `skipped only ${skipped}/${pairs}`);
  });
});

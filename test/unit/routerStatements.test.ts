// Known problems recognised by their statements (known.ts statementProblem): a pasted LeetCode, Project Euler or
// Codeforces statement says how hard the task is as surely as its name does. The statements themselves are not in
// the repository's code: the tests read them from the public sets of test/data/external.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from '../../src/core/router/classify';
import {
  describeNamed,
  STATEMENT_WINDOW,
  statementProblem,
  statementWords,
  windowPrint,
} from '../../src/core/router/known';
import table from '../../src/core/router/known-problems.json';
import { STATEMENT_PRINTS } from '../../src/core/router/known-statements';
import type { EditorRequest } from '../../src/core/types';

function comment(text: string, marker: string): string {
  return text
    .split('\n')
    .map((l) => `${marker} ${l}`)
    .join('\n');
}

interface Row extends EditorRequest {
  id: string;
  variant?: string;
  meta?: { difficulty?: string; problemId?: number; title?: string };
}

function rows(file: string): Row[] {
  return readFileSync(join(__dirname, '..', 'data', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

const leetcode = rows('external/leetcode.jsonl');
/** A LeetCode statement of the band as the set holds it (plain text, converted from LeetCode's HTML). */
function statementOf(band: 'Hard' | 'Easy', nth = 0): { id: number; text: string } {
  const r = leetcode.filter((x) => x.meta?.difficulty === band)[nth];
  // The pasted phrasing ends with the user's question after a blank line.
  return { id: Number(/(\d+)$/.exec(r.id)![1]), text: r.instruction!.replace(/\n\n[^\n]*$/, '') };
}

describe('router: known statements', () => {
  it('the table holds fingerprints, one problem a line, none of them held by two bands or sites', () => {
    // "# site band" headings, each followed by its problems' lines.
    const lists: Record<string, string[]> = {};
    let name = '';
    for (const line of STATEMENT_PRINTS.split('\n').filter(Boolean))
      if (line.startsWith('# ')) lists[(name = line.slice(2))] = [];
      else lists[name].push(line);
    assert.deepEqual(Object.keys(lists), [
      'leetcode Hard',
      'leetcode Easy',
      'euler Hard',
      'euler Easy',
      'codeforces Hard',
      'codeforces Easy',
    ]);
    const owner = new Map<string, string>();
    for (const [name, lines] of Object.entries(lists)) {
      assert.ok(lines.length > 50, name);
      const codeforces = name.startsWith('codeforces');
      const id = codeforces ? '\\d+[A-Z]\\d?' : '\\d+';
      // A Codeforces problem whose opening reads like another band's is listed by its id alone.
      const prints = codeforces ? '([0-9a-f]{12})?' : '[0-9a-f]{12}( [0-9a-f]{12})?';
      for (const line of lines) {
        assert.match(line, new RegExp(`^${id}\\|${prints}$`), `${name}: ${line}`);
        if (line.endsWith('|')) continue;
        for (const print of line.split('|')[1].split(' ')) {
          const seen = owner.get(print);
          assert.ok(seen === undefined || seen === name, `${print} in ${seen} and ${name}`);
          owner.set(print, name);
        }
      }
    }
    assert.match(table.sources.codeforces.commit, /^[0-9a-f]{40}$/);
  });

  it('reads a statement the same as HTML, as Markdown, as plain text and as comments above a stub', () => {
    const plain = 'Given n non-negative integers, return how much water it can trap after raining.';
    const html = '<p>Given <code>n</code> non-negative integers, return how much water it can trap after raining.</p>';
    const markdown =
      'Given `n` **non-negative** integers, return [how much](https://example.com/a) water it can trap after raining.';
    const tex = 'Given $n$ non-negative integers, return $\\sum$ how much water it can trap after raining.';
    const comments = '# Given n non-negative\n# integers, return how much water\n# it can trap after raining.';
    const want = statementWords(plain);
    assert.equal(want.length, 11);
    for (const text of [html, markdown, tex, comments]) assert.deepEqual(statementWords(text), want, text);
    // Stop words and words of one or two letters are not read, so articles dropped in an edit change nothing.
    assert.deepEqual(
      statementWords('Given the n non-negative integers, return how much water it can trap after raining.'),
      want,
    );
    // A different word is a different statement.
    assert.notDeepEqual(statementWords(plain.replace('water', 'sand')), want);
    const h = windowPrint(want, 0);
    assert.match(h, /^[0-9a-f]{12}$/);
    assert.notEqual(windowPrint(statementWords(plain.replace('water', 'sand')), 0), h);
    assert.notEqual(windowPrint(want, 1), h);
  });

  it('recognises a LeetCode statement pasted, after a line of the user, as comments, selected or as HTML', () => {
    for (const band of ['Hard', 'Easy'] as const) {
      let recognised = 0;
      const n = 40;
      for (let nth = 0; nth < n; nth++) {
        const { id, text } = statementOf(band, nth);
        const found = (instruction: string, selection = ''): string | undefined => {
          const p = statementProblem(instruction, selection);
          // Never the other band.
          if (p) assert.equal(p.band, band, `${id}: ${JSON.stringify(p)}`);
          return p && `${p.site} ${p.id} ${p.band}`;
        };
        const want = `LeetCode ${id} ${band}`;
        if (found(text) !== want) continue;
        recognised++;
        assert.equal(found(`I have been stuck on this for a day, any idea?\n\n${text}`), want);
        assert.equal(found('', `${comment(text, '//')}\nclass Solution {\n};\n`), want);
        assert.equal(found('how do I solve this?', text), want);
        assert.equal(found(`<p>${text.replace(/\n\n/g, '</p><p>')}</p>`), want);
      }
      // Not all: a problem that opens like one of another band (an Easy "I" whose Hard "II" differs only in its
      // limits) has no fingerprint.
      assert.ok(recognised >= 0.85 * n, `${band}: ${recognised}/${n}`);
    }
  });

  it('recognises a Project Euler statement', () => {
    const pe = rows('external/project-euler.jsonl').filter((r) => r.meta?.difficulty === 'Hard');
    const hits = pe.filter((r) => {
      const p = statementProblem(r.instruction ?? '', r.selection ?? '');
      // Some problems open alike (445, 446 and 447): the lookup names them all.
      const ids = p ? [p.id, ...(p.alternatives ?? [])] : [];
      return p?.site === 'Project Euler' && ids.includes(r.meta!.problemId!) && p.band === 'Hard';
    });
    // Not all: some statements are a formula and a handful of words, too few to fingerprint.
    assert.ok(hits.length >= 0.9 * pe.length, `${hits.length}/${pe.length}`);
  });

  it('recognises nothing in the team sets, the real questions and the function-writing sets', () => {
    const others = [
      ...rows('routing-dev.jsonl'),
      ...rows('routing-holdout.jsonl'),
      ...rows('external/stackoverflow-questions.jsonl'),
      ...rows('external/humaneval.jsonl'),
      ...rows('external/mbpp.jsonl'),
      ...rows('external/security.jsonl'),
      ...rows('external/go-concurrency-bugs.jsonl'),
    ];
    assert.ok(others.length > 1000);
    const found = others.filter((r) => statementProblem(r.instruction ?? '', r.selection ?? ''));
    assert.deepEqual(
      found.map((r) => r.id),
      [],
    );
    // Ten words are needed: a statement's first sentence alone is not enough.
    const short = statementOf('Hard').text.split(/\s+/).slice(0, 8).join(' ');
    assert.equal(statementProblem(short, ''), undefined);
  });

  it('sends a hard statement to the reasoner and holds an easy one back, saying it was recognised', () => {
    const hard = statementOf('Hard', 1);
    const c = classify({
      task: 'ask',
      instruction: `${hard.text}\n\nhow do I solve this?`,
      languageId: 'plaintext',
      selection: '',
    });
    assert.equal(c.tier, 'reasoner');
    assert.ok(c.signals.includes(`named-hard:leetcode-${hard.id}`), c.signals.join(' '));
    assert.match(
      c.reason,
      /^reasoner: a problem LeetCode rates Hard \(\d+\. .+\), recognised by its statement in the question/,
    );
    const gen = classify({
      task: 'generate',
      instruction: '',
      languageId: 'python',
      selection:
        hard.text
          .split('\n')
          .map((l) => `# ${l}`)
          .join('\n') + '\ndef solve():\n    pass\n',
    });
    assert.equal(gen.tier, 'reasoner');
    // Generate asked to implement what is selected reads it, even as code; any other request over code does not.
    const file = `PROBLEM = '''\n${hard.text}\n'''\n\n\ndef solve(nums):\n    pass\n`;
    const selected = (instruction: string): string[] =>
      classify({ task: 'generate', instruction, languageId: 'python', selection: file }).signals;
    assert.ok(selected('implement this').includes(`named-hard:leetcode-${hard.id}`));
    assert.ok(
      !selected('add type hints and logging to every function in this file').some((x) => x.startsWith('named-')),
    );
    // Explain and Document are about the text, not solving it.
    assert.notEqual(
      classify({ task: 'explain', instruction: '', languageId: 'plaintext', selection: hard.text }).tier,
      'reasoner',
    );
    let heldBack = 0;
    for (let nth = 0; nth < 20; nth++) {
      const easy = statementOf('Easy', nth);
      const e = classify({
        task: 'ask',
        instruction: `${easy.text}\n\nwhat algorithm solves this fast enough?`,
        languageId: 'plaintext',
        selection: '',
      });
      assert.notEqual(e.tier, 'reasoner', easy.text.slice(0, 80));
      if (e.signals.includes(`named-easy:leetcode-${easy.id}`)) heldBack++;
    }
    assert.ok(heldBack >= 17, `${heldBack}/20`);
    // Held out, the lookup is off.
    const off = classify(
      { task: 'ask', instruction: hard.text, languageId: 'plaintext', selection: '' },
      { knownProblems: false },
    );
    assert.ok(!off.signals.some((s) => s.startsWith('named-')));
  });

  it('names a Codeforces problem by its id and band', () => {
    assert.equal(
      describeNamed({ site: 'Codeforces', id: 1924, task: '1924E', band: 'Hard', by: 'statement' }),
      'a problem Codeforces rates 2100 or harder (1924E)',
    );
    assert.equal(
      describeNamed({ site: 'Codeforces', id: 4, task: '4A', band: 'Easy', by: 'statement' }),
      'a problem Codeforces rates 1200 or easier (4A)',
    );
    assert.equal(STATEMENT_WINDOW, 10);
  });
});

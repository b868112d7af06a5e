// The router's text passes were rewritten for speed (mask.ts splitCode copies slices instead of characters,
// classify.ts collapses only whitespace runs that change). Each must return exactly what the plain version did:
// checked against those versions, kept here as the oracle, on the data rows and on random text.
import { strict as assert } from 'node:assert';
import {
  DASH_LANGS,
  DOTTED_NAME,
  HASH_LANGS,
  blankDottedNames,
  isDataLine,
  splitCode,
  stringMark,
} from '../../src/core/router/mask';
import {
  ALGORITHM_CODE_MARKS,
  CODE_MARKS,
  contentWords,
  features,
  type LinearModel,
} from '../../src/core/router/features';
import { loadTeam } from '../../bench/routerData';
import { seededRandom } from '../../src/core/random';

/** splitCode as it was: one character at a time. */
function splitCodeOracle(source: string, languageId: string, maxChars = 8000): { code: string; comments: string[] } {
  const s = source.length > maxChars ? source.slice(0, maxChars) : source;
  const hash = HASH_LANGS.has(languageId);
  const dash = DASH_LANGS.has(languageId);
  const py = languageId === 'python';
  const comments: string[] = [];
  let code = '';
  let i = 0;
  const n = s.length;
  let lineStart = 0;
  while (i < n) {
    const c = s[i];
    if (c === '\n') {
      code += c;
      i++;
      lineStart = i;
      continue;
    }
    if ((hash && c === '#') || (!hash && c === '/' && s[i + 1] === '/') || (dash && c === '-' && s[i + 1] === '-')) {
      const end = s.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      comments.push(s.slice(i, stop).replace(/^(#+|\/\/+|--+)\s?/, ''));
      i = stop;
      continue;
    }
    if (!hash && c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      comments.push(s.slice(i + 2, end < 0 ? n : end).replace(/^\s*\*+ ?/gm, ''));
      code += s.slice(i, stop).replace(/[^\n]/g, '');
      i = stop;
      continue;
    }
    if ((c === '"' || c === "'") && s.startsWith(c.repeat(3), i)) {
      const end = s.indexOf(c.repeat(3), i + 3);
      const stop = end < 0 ? n : end + 3;
      const body = s.slice(i + 3, end < 0 ? n : end);
      if (py && s.slice(lineStart, i).trim() === '') comments.push(body);
      code += '"' + stringMark(body, '"') + '"' + body.replace(/[^\n]/g, '');
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < n && s[j] !== c && (s[j] !== '\n' || c === '`')) j += s[j] === '\\' ? 2 : 1;
      if (j >= n || s[j] !== c) {
        code += c;
        i++;
        continue;
      }
      code += c + stringMark(s.slice(i + 1, j), c) + c;
      i = j + 1;
      continue;
    }
    code += c;
    i++;
  }
  return { code, comments };
}

function randomText(rand: () => number, alphabet: string[], length: number): string {
  let s = '';
  for (let k = 0; k < length; k++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

describe('router text passes', () => {
  const rows = ['routing-dev', 'routing-holdout', 'routing-fresh3', 'routing-fresh4', 'routing-fresh5'].flatMap(
    loadTeam,
  );

  it('splitCode returns what the character-by-character version did', () => {
    const rand = seededRandom(7);
    const CODE = [
      'a',
      'x',
      ' ',
      '\n',
      '/',
      '*',
      '#',
      '-',
      '"',
      "'",
      '`',
      '\\',
      '(',
      ')',
      'é',
      '"""',
      "'''",
      '//',
      '/*',
      '*/',
    ];
    const cases: Array<[string, string]> = rows.filter((r) => r.selection).map((r) => [r.selection!, r.languageId]);
    for (let k = 0; k < 400; k++)
      cases.push([randomText(rand, CODE, 1 + Math.floor(rand() * 60)), ['python', 'typescript', 'sql', 'go'][k % 4]]);
    for (const [source, lang] of cases)
      assert.deepEqual(splitCode(source, lang), splitCodeOracle(source, lang), `${lang}: ${JSON.stringify(source)}`);
    assert.deepEqual(splitCode('abcdef', 'go', 4), splitCodeOracle('abcdef', 'go', 4));
  });

  it('collapses whitespace as /\\s+/g -> " " did', () => {
    const RUN = /[^\S ]\s*| \s+/g;
    const rand = seededRandom(3);
    const WS = ['a', 'b', ' ', ' ', '\n', '\t', '\r', '\u00a0', '\u2028', '\ufeff', '\u3000', 'x'];
    for (let k = 0; k < 500; k++) {
      const s = randomText(rand, WS, Math.floor(rand() * 30));
      assert.equal(s.replace(RUN, ' '), s.replace(/\s+/g, ' '), JSON.stringify(s));
    }
    for (const r of rows) assert.equal(r.instruction.replace(RUN, ' '), r.instruction.replace(/\s+/g, ' '));
  });

  it('content words drop what follows an apostrophe as before', () => {
    assert.deepEqual(contentWords("don't rewrite the user's widgets"), ['don', 'rewrite', 'user', 'widget']);
  });
});

describe('router engine: the words scoring reads', () => {
  const base = {
    task: 'ask' as const,
    raw: '',
    code: '',
    topics: [],
    codeTopics: [],
    rulesScore: 0,
    rulesThreshold: 3,
  };
  /** features() with every word, less those the model has no weight for: what features(x, model) must list. */
  const oracle = (text: string, model: LinearModel): string[] =>
    features({ ...base, text }).filter((f) => !f.startsWith('w:') || f in model.weights);

  it('lists exactly the weighted words, in the same order, stemmed as contentWords stems them', () => {
    const text =
      "the cities' boxes kept running; flies, classes, watches, status, bonus, axis, dishes, added, ties, don't, " +
      'abcdefghijklmnopqrstuvwxyzabcdefgh running cities';
    const all = Object.fromEntries(contentWords(text).map((w) => [`w:${w}`, 1]));
    const model: LinearModel = { bias: 0, threshold: 0.5, weights: { ...all, 'w:nothere': 2, 'task:ask': 1 } };
    assert.deepEqual(features({ ...base, text }, model), oracle(text, model));
    // Some words only: the others are skipped, and the order of the rest is kept.
    const some: LinearModel = {
      bias: 0,
      threshold: 0.5,
      weights: { 'w:city': 1, 'w:runn': 1, 'w:boxe': -1, 'w:flie': 1 },
    };
    assert.deepEqual(
      features({ ...base, text }, some).filter((f) => f.startsWith('w:')),
      ['w:city', 'w:boxe', 'w:runn', 'w:flie'],
    );
  });

  it('agrees with contentWords on the data rows and on random text', () => {
    const rand = seededRandom(7);
    const rows = ['routing-dev', 'routing-holdout'].flatMap(loadTeam);
    const texts = rows.slice(0, 400).map((r) => `${r.instruction}\n${r.selection}`.toLowerCase());
    for (let k = 0; k < 3000; k++) texts.push(randomText(rand, [..."abcdeisxyhgn' -.Z0\n"], Math.floor(rand() * 60)));
    const vocabulary: Record<string, number> = {};
    for (const t of texts) for (const w of contentWords(t)) if (rand() < 0.7) vocabulary[`w:${w}`] = 1;
    const model: LinearModel = { bias: 0, threshold: 0.5, weights: vocabulary };
    for (const t of texts) assert.deepEqual(features({ ...base, text: t }, model), oracle(t, model), JSON.stringify(t));
  });
});

describe('router masking: qualified names', () => {
  it('blanks what DOTTED_NAME matches, as replace() did, on the data rows and on random text', () => {
    const rand = seededRandom(5);
    const texts = ['routing-dev', 'routing-holdout'].flatMap(loadTeam).map((r) => `${r.instruction}\n${r.selection}`);
    texts.push(
      'java.util.concurrent.ExecutionException at os.path.join(a.b) and nums.length, e.g. this.',
      '$$a.b.c 9ab.c.d',
    );
    const NAME = ['a', 'Z', '_', '$', '9', '.', '.', ' ', '-', '\n', 'é', 'ab'];
    for (let k = 0; k < 20000; k++) texts.push(randomText(rand, NAME, Math.floor(rand() * 24)));
    for (const t of texts) assert.equal(blankDottedNames(t), t.replace(DOTTED_NAME, ' · '), JSON.stringify(t));
  });
});

/** isDataLine's plain version: the log-line and frame-line regexes as the masking ran them, on the whole line. */
const LOG_LINE =
  /^\s*(\d{4}-\d\d-\d\d[ t]\d\d:\d\d|\[?\d\d:\d\d:\d\d|(error|warn|warning|info|debug|trace|fatal)\s*[:\]|]|at [\w$.<>]+ ?\(|at [\w$.]+:\d+|file "[^"]+", line \d+|traceback \(most recent call last\)|goroutine \d+ \[|panic:|exception in thread|caused by:|\s*\^+\s*$|[\w.]+(error|exception): )/i;
const FRAME_LINE =
  /^\s*==\d+==|^\s*#\d+\s+0x[0-9a-f]+|^\s+\S*[\w/.-]+\.(go|c|cc|cpp|h|hpp|rs|py|js|ts|java|kt|rb|cs|swift):\d+\b|^\s*(0x[0-9a-f]{6,}\b.*){2,}|^\s+[\w./*()·-]+\([^)]*\)\s*$/i;

describe('router masking: log and frame lines', () => {
  it('finds the lines the plain log and frame regexes match, on the data rows and on random lines', () => {
    const rand = seededRandom(11);
    const lines = ['routing-dev', 'routing-holdout']
      .flatMap(loadTeam)
      .flatMap((r) => `${r.instruction}\n${r.selection}`.split('\n'));
    lines.push(
      '    at com.example.Foo.bar(Foo.java:12)',
      '        /go/src/pkg/file.go:64 +0xa3',
      '\t  ^^^',
      '  main.go.go:1',
      'ValueError: bad',
      '==123== Invalid read of size 4',
      '  #3 0x7ffe12 in main',
      '0xdeadbeef 0x12345678 more',
      '   f(x, y)',
      '\u00a0\u3000panic: boom',
    );
    const PIECES = [
      ' ',
      '  ',
      '\t',
      '\u00a0',
      'a',
      'Z',
      '.',
      '/',
      '-',
      '(',
      ')',
      '0x',
      'deadbeef',
      '7',
      ':',
      '==',
      '#',
      '^',
      'go',
      'error',
      'Exception',
      ': ',
      'at ',
      '[',
      ']',
      '"',
      'file "x", line ',
      'panic:',
      '·',
      '*',
    ];
    for (let k = 0; k < 30000; k++) lines.push(randomText(rand, PIECES, Math.floor(rand() * 12)));
    let data = 0;
    for (const l of lines) {
      const want = LOG_LINE.test(l) || FRAME_LINE.test(l);
      if (want) data++;
      assert.equal(isDataLine(l), want, JSON.stringify(l));
    }
    assert.ok(data > 500, `only ${data} data lines: the random lines no longer exercise the regexes`);
  });
});

describe('router features: code marks', () => {
  it('marks exactly the code its regexes match (the literal check skips only marks that cannot match)', () => {
    const base = {
      task: 'ask' as const,
      text: '',
      raw: '',
      topics: [],
      codeTopics: [],
      rulesScore: 0,
      rulesThreshold: 3,
    };
    const codes = ['routing-dev', 'routing-holdout']
      .flatMap(loadTeam)
      .map((r) => splitCode(r.selection ?? '', r.languageId).code);
    codes.push(
      'static int x = 0;',
      '  let shared = {};',
      '_cache = {}',
      'var done = false',
      'SELECT a\nFROM b',
      'x <- ch',
      'go func() {}',
      'std::atomic<int> n; n.fetch_add(1, memory_order_relaxed)',
      'while (i <= n) { t[i] += v; i += i & -i; }',
      'while st and a[st[-1]] < x:\n    st.pop()',
      'heapq.heappush(pq, (d, v))\nmid = (lo + hi) // 2\nMOD = 998244353',
    );
    let marked = 0;
    for (const code of codes) {
      const got = features({ ...base, code }).filter((f) => f.startsWith('code:'));
      // The algorithm marks too (Ask reads them), found through their prefilter.
      const algorithms = ALGORITHM_CODE_MARKS.filter((m) => m.re.test(code)).map((m) => m.f);
      const want = [
        ...CODE_MARKS.filter(([, re]) => re.test(code)).map(([name]) => name),
        ...algorithms,
        ...(algorithms.length >= 2 ? ['code:alg-2'] : []),
        ...(algorithms.length >= 3 ? ['code:alg-many'] : []),
      ];
      assert.deepEqual(got, want, JSON.stringify(code));
      marked += want.length;
    }
    assert.ok(marked > 8);
  });
});

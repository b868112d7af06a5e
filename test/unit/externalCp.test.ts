// The competitive-programming sets scripts/buildRouterCp.ts builds (test/data/external): every row is a valid
// request labelled by the written difficulty rule of its source (the same bands as leetcode.jsonl), attributed to the
// source's repo, path and commit, unique, and counted truly in SOURCES.json.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TASKS } from '../../src/core/types';

const dir = join(__dirname, '..', 'data', 'external');

interface CpRow {
  id: string;
  task: string;
  instruction: string;
  languageId: string;
  selection: string;
  expect: string;
  acceptable: string[];
  source: { repo: string; path: string; commit: string; url?: string };
  labelRule: string;
  variant: string;
  problem: string;
  meta: { difficulty: string; peDifficulty?: number };
}

function rowsOf(file: string): CpRow[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CpRow);
}

/** The labels leetcode.jsonl and bench/routerData.ts phrasings() give a band under a command. */
function expected(band: string, task: string): { expect: string; acceptable: string[] } {
  if (band === 'Hard') return { expect: 'reasoner', acceptable: ['reasoner'] };
  if (band === 'Medium') return { expect: 'coder', acceptable: ['cheap', 'coder', 'reasoner'] };
  return { expect: task === 'ask' ? 'cheap' : 'coder', acceptable: ['cheap', 'coder'] };
}

describe('competitive-programming router data (project-euler)', () => {
  const file = 'project-euler.jsonl';
  const rows = rowsOf(file);
  const sources = JSON.parse(readFileSync(join(dir, 'SOURCES.json'), 'utf8')) as Array<{
    name: string;
    file: string;
    rows: number;
    licence: string;
    labelRule?: string;
  }>;

  it('SOURCES.json names the file once, with its licence, rule and true row count', () => {
    const entries = sources.filter((s) => s.file === file);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].rows, rows.length);
    assert.match(entries[0].licence, /CC-BY-NC-SA-4\.0/);
    assert.ok(entries[0].labelRule && entries[0].labelRule.length > 20);
  });

  it('each row is a valid request, unique, attributed and labelled by the difficulty bands', () => {
    const seen = new Set<string>();
    for (const r of rows) {
      assert.ok(!seen.has(r.id), `duplicate id ${r.id}`);
      seen.add(r.id);
      assert.ok((TASKS as readonly string[]).includes(r.task), `${r.id}: task ${r.task}`);
      assert.ok(r.task === 'ask' || r.task === 'generate', `${r.id}: a problem is asked about or generated`);
      assert.ok(r.source.repo && r.source.path && /^[0-9a-f]{40}$/.test(r.source.commit), `${r.id}: provenance`);
      const pct = r.meta.peDifficulty;
      assert.ok(typeof pct === 'number' && pct >= 5 && pct <= 100, `${r.id}: difficulty ${String(pct)}`);
      const band = pct <= 5 ? 'Easy' : pct <= 25 ? 'Medium' : 'Hard';
      assert.equal(r.meta.difficulty, band, `${r.id}: band of ${pct}%`);
      assert.ok(pct <= 25 || pct >= 30, `${r.id}: ${pct}% is between the bands`);
      const want = expected(band, r.task);
      assert.equal(r.expect, want.expect, `${r.id}: expect`);
      assert.deepEqual(r.acceptable, want.acceptable, `${r.id}: acceptable`);
      assert.ok(
        r.labelRule.includes(band === 'Hard' ? '>= 30%' : band === 'Medium' ? '10-25%' : '5%'),
        `${r.id}: labelRule`,
      );
      // The statement is in the request exactly once: as the instruction, or selected (raw or as a stub's comment).
      const text = r.instruction + r.selection;
      assert.ok(text.length > 60, `${r.id}: statement missing`);
      assert.ok(!/<(p|div|span|img|strong|br)\b/i.test(text), `${r.id}: HTML left in the text`);
      if (r.variant === 'stub')
        assert.ok(/^(#|\/\/) /.test(r.selection) && r.task === 'generate', `${r.id}: stub shape`);
    }
  });

  it('is balanced: as many reasoner rows as the rest, and every phrasing present', () => {
    const hard = rows.filter((r) => r.expect === 'reasoner').length;
    assert.ok(Math.abs(hard - (rows.length - hard)) <= rows.length * 0.1, `${hard} of ${rows.length} reasoner`);
    for (const v of ['pasted', 'howto', 'generate', 'stub'])
      assert.ok(
        rows.some((r) => r.variant === v),
        `no ${v} rows`,
      );
  });
});

describe('competitive-programming router data (exercism)', () => {
  const file = 'exercism.jsonl';
  const rows = rowsOf(file) as Array<CpRow & { meta: { difficulty: string; exercismDifficulty?: number } }>;
  const sources = JSON.parse(readFileSync(join(dir, 'SOURCES.json'), 'utf8')) as Array<{
    file: string;
    rows: number;
    licence: string;
  }>;

  it('SOURCES.json names the file once, MIT, with its true row count', () => {
    const entries = sources.filter((s) => s.file === file);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].rows, rows.length);
    assert.equal(entries[0].licence, 'MIT');
  });

  it('each row is labelled by the Exercism difficulty bands and is never reasoner-only', () => {
    const seen = new Set<string>();
    for (const r of rows) {
      assert.ok(!seen.has(r.id), `duplicate id ${r.id}`);
      seen.add(r.id);
      assert.ok(r.task === 'ask' || r.task === 'generate', `${r.id}: task ${r.task}`);
      assert.ok(
        r.source.repo === 'exercism/problem-specifications' &&
          /^exercises\/[a-z0-9-]+\/(instructions|description)\.md$/.test(r.source.path),
        `${r.id}: provenance`,
      );
      assert.match(r.source.commit, /^[0-9a-f]{40}$/);
      const d = r.meta.exercismDifficulty;
      assert.ok(typeof d === 'number' && d >= 1 && d <= 10, `${r.id}: difficulty ${String(d)}`);
      const band = d <= 3 ? 'Easy' : 'Medium';
      assert.equal(r.meta.difficulty, band);
      const want = expected(band, r.task);
      assert.equal(r.expect, want.expect, `${r.id}: expect`);
      assert.deepEqual(r.acceptable, want.acceptable, `${r.id}: acceptable`);
      assert.ok((r.instruction + r.selection).length > 60, `${r.id}: text missing`);
    }
  });
});

describe('competitive-programming router data (codeforces, ids only)', () => {
  const file = 'codeforces.ids.jsonl';
  type CfIds = Omit<CpRow, 'instruction' | 'selection' | 'meta'> & {
    instruction?: string;
    selection?: string;
    textSha256: string;
    textChars: number;
    meta: { difficulty: string; cfRating?: number; problemId?: string };
  };
  const rows = rowsOf(file) as unknown as CfIds[];
  const cache = join(
    process.env.FRUGAL_QUESTIONS_CACHE ?? join(__dirname, '..', '..', '.cache', 'router-questions'),
    'codeforces.jsonl',
  );

  it('SOURCES.json names the file once, text not stored, with its rule and true row count', () => {
    const sources = JSON.parse(readFileSync(join(dir, 'SOURCES.json'), 'utf8')) as Array<{
      file: string;
      rows: number;
      licence: string;
      labelRule?: string;
      textStored?: boolean;
    }>;
    const entries = sources.filter((s) => s.file === file);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].rows, rows.length);
    assert.equal(entries[0].textStored, false);
    assert.match(entries[0].licence, /text not stored/);
    assert.ok(entries[0].labelRule?.includes('2000 left out'));
  });

  it('each row is labelled by the rating bands, attributed, and carries no text', () => {
    const seen = new Set<string>();
    const perBand: Record<string, number> = {};
    for (const r of rows) {
      assert.ok(!seen.has(r.problem), `duplicate problem ${r.problem}`);
      seen.add(r.problem);
      assert.ok(r.task === 'ask' || r.task === 'generate', `${r.id}: task ${r.task}`);
      assert.equal(r.instruction, undefined, `${r.id}: text stored`);
      assert.equal(r.selection, undefined, `${r.id}: text stored`);
      assert.match(r.textSha256, /^[0-9a-f]{64}$/);
      assert.ok(r.textChars > 60 && r.textChars < 6600, `${r.id}: ${r.textChars} characters`);
      assert.match(r.source.commit, /^[0-9a-f]{40}$/);
      assert.match(r.source.path, /^\d+\/problem\.md$/);
      const pid = r.meta.problemId ?? '';
      const [, contest, index] = /^(\d+)([A-Z]\d?)$/.exec(pid) ?? [];
      assert.ok(contest, `${r.id}: problem id ${pid}`);
      assert.equal(r.source.url, `https://codeforces.com/problemset/problem/${contest}/${index}`);
      const rating = r.meta.cfRating;
      assert.ok(typeof rating === 'number' && rating >= 800 && rating <= 3500, `${r.id}: rating ${String(rating)}`);
      assert.ok(rating !== 2000, `${r.id}: 2000 is between the bands`);
      const band = rating <= 1200 ? 'Easy' : rating <= 1900 ? 'Medium' : 'Hard';
      assert.equal(r.meta.difficulty, band, `${r.id}: band of ${rating}`);
      perBand[band] = (perBand[band] ?? 0) + 1;
      const want = expected(band, r.task);
      assert.equal(r.expect, want.expect, `${r.id}: expect`);
      assert.deepEqual(r.acceptable, want.acceptable, `${r.id}: acceptable`);
      assert.ok(
        r.labelRule.includes(band === 'Hard' ? '>= 2100' : band === 'Medium' ? '1300-1900' : '<= 1200'),
        `${r.id}: labelRule`,
      );
    }
    assert.deepEqual(perBand, { Easy: rows.length / 3, Medium: rows.length / 3, Hard: rows.length / 3 });
  });

  it('the local cache, where present, holds exactly the committed rows with the hashed text', function () {
    if (!existsSync(cache)) this.skip(); // a fresh clone: scripts/buildRouterCp.ts rebuilds it from the snapshot
    const cached = readFileSync(cache, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as CpRow);
    assert.deepEqual(
      cached.map((r) => r.id),
      rows.map((r) => r.id),
    );
    cached.forEach((c, i) => {
      const sha = createHash('sha256')
        .update(JSON.stringify([c.instruction, c.selection, []]))
        .digest('hex');
      assert.equal(sha, rows[i].textSha256, `${c.id}: text differs from the committed hash`);
      assert.equal(c.expect, rows[i].expect);
      assert.ok(!/<(p|div|span|img|br)\b/i.test(c.instruction + c.selection), `${c.id}: HTML left in the text`);
      if (c.variant === 'stub') assert.ok(/^(#|\/\/) /.test(c.selection), `${c.id}: stub shape`);
    });
  });
});

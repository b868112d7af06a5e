// The public-source router data (test/data/external) stays usable: every row has a valid task, a label inside its own
// list of defensible tiers, provenance and the rule that gave the label, and SOURCES.json names every file with its
// licence and true row count. Rows whose text the licence does not allow (*.ids.jsonl) must not carry that text.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cached } from '../../bench/routerData';
import { TASKS, TIERS } from '../../src/core/types';

const dir = join(__dirname, '..', 'data', 'external');

interface SourceEntry {
  name: string;
  file: string;
  rows: number;
  licence: string;
  textStored?: boolean;
}

function rowsOf(file: string): Array<Record<string, unknown>> {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch (e) {
        throw new Error(`${file}:${i + 1}: ${(e as Error).message}`);
      }
    });
}

// The sets scripts/buildRouterQuestions.ts builds; the per-row checks apply to them (the other sets belong to
// scripts/buildRouterData.ts and are checked by their owner).
const CHECKED = [
  'condefects.jsonl',
  'security.jsonl',
  'github-questions.ids.jsonl',
  'github-review.ids.jsonl',
  'devgpt.ids.jsonl',
  'nlbse-issues.ids.jsonl',
];

describe('external router data', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  const sources = JSON.parse(readFileSync(join(dir, 'SOURCES.json'), 'utf8')) as SourceEntry[];

  it('SOURCES.json lists every data file once, with its licence and row count', () => {
    assert.deepEqual([...sources.map((s) => s.file)].sort(), [...files].sort());
    for (const s of sources) {
      assert.ok(s.licence.trim(), `${s.name}: licence missing`);
      assert.equal(rowsOf(s.file).length, s.rows, `${s.file}: SOURCES.json says ${s.rows} rows`);
    }
  });

  for (const file of CHECKED) {
    it(`${file}: rows are labelled, attributed and unique`, () => {
      const idsOnly = file.endsWith('.ids.jsonl');
      const seen = new Set<string>();
      for (const r of rowsOf(file)) {
        const id = String(r.id);
        assert.ok(!seen.has(id), `${file}: duplicate id ${id}`);
        seen.add(id);
        assert.ok((TASKS as readonly string[]).includes(String(r.task)), `${id}: task ${String(r.task)}`);
        const acceptable = r.acceptable as string[];
        assert.ok(Array.isArray(acceptable) && acceptable.length, `${id}: acceptable missing`);
        for (const t of acceptable) assert.ok((TIERS as readonly string[]).includes(t), `${id}: tier ${t}`);
        assert.ok(acceptable.includes(String(r.expect)), `${id}: expect ${String(r.expect)} not in acceptable`);
        assert.ok(typeof r.labelRule === 'string' && r.labelRule.length > 10, `${id}: labelRule missing`);
        const src = r.source as Record<string, string>;
        assert.ok(src?.repo, `${id}: source.repo missing`);
        assert.ok((src.path && src.commit) || src.url, `${id}: needs source path+commit or url`);
        if (idsOnly) {
          assert.equal(r.instruction, undefined, `${id}: text stored in an ids-only file`);
          assert.equal(r.selection, undefined, `${id}: text stored in an ids-only file`);
          assert.match(String(r.textSha256), /^[0-9a-f]{64}$/, `${id}: textSha256`);
        } else {
          assert.equal(typeof r.instruction, 'string', `${id}: instruction`);
          assert.equal(typeof r.selection, 'string', `${id}: selection`);
        }
      }
    });
  }

  for (const file of files.filter((f) => f.endsWith('.ids.jsonl'))) {
    const name = file.replace(/\.ids\.jsonl$/, '');
    it(`${name}: the local text cache, where this machine has one, is the text the ids file was built from`, function () {
      const path = cached(name);
      if (!path) this.skip();
      const want = new Map(rowsOf(file).map((r) => [String(r.id), String(r.textSha256)]));
      const rows = readFileSync(path!, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as { id: string; instruction: string; selection: string; diagnostics?: unknown[] });
      assert.deepEqual(rows.map((r) => r.id).sort(), [...want.keys()].sort(), `${path}: not the rows of ${file}`);
      for (const r of rows) {
        const text = JSON.stringify([r.instruction, r.selection, r.diagnostics ?? []]);
        assert.equal(
          createHash('sha256').update(text).digest('hex'),
          want.get(r.id),
          `${r.id}: text differs from ${file}`,
        );
      }
    });
  }
});

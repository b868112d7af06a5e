// Rebuilds the competitive-programming sets of test/data/external that do not come from LeetCode, from local
// snapshots of public repositories (the search tool's `fetch` puts them under /work/.mirror/OWNER+NAME/repo; override
// with FRUGAL_MIRRORS=dir), and writes their entries into test/data/external/SOURCES.json (other entries are kept).
//   npx tsx scripts/buildRouterCp.ts                          # every set below
//   FRUGAL_ONLY=codeforces npx tsx scripts/buildRouterCp.ts   # one set (comma-separated names)
// Row schema as scripts/buildRouterData.ts: {id, task, instruction, languageId, selection, expect, acceptable, source,
// labelRule, meta}, plus `variant` (how the problem was put to the editor) and `problem` (the problem's own id).
// Labels come from the source's own difficulty figure by a written rule, never from the router.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODEFORCES, codeforcesBand, codeforcesProblems, git, hash, idsOnlyRow, readMany } from './snapshots';

const root = join(__dirname, '..');
const outDir = join(root, 'test', 'data', 'external');
// Sets whose text may not be committed keep it here (as github-questions does; bench/routerData.ts reads it).
const questionsCache = process.env.FRUGAL_QUESTIONS_CACHE ?? join(root, '.cache', 'router-questions');

type Tier = 'cheap' | 'coder' | 'reasoner';
type Band = 'Easy' | 'Medium' | 'Hard';
interface Row {
  id: string;
  task: 'ask' | 'generate';
  instruction: string;
  languageId: string;
  selection: string;
  expect: Tier;
  acceptable: Tier[];
  source: { repo: string; path: string; commit: string; url?: string };
  labelRule: string;
  variant: string;
  problem: string;
  meta: Record<string, string | number>;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

/** A statement's HTML (as scraped) to the text a user would paste: tags dropped, lists as "- ", images gone. */
function htmlToText(html: string): string {
  return html
    .replace(/<span class="tooltiptext">[\s\S]*?<\/span>/g, '') // hover definitions, not part of the sentence
    .replace(/<sup>(.*?)<\/sup>/g, '^$1')
    .replace(/<sub>(.*?)<\/sub>/g, '_$1')
    .replace(/<li>/g, '- ')
    .replace(/<\/(p|li|pre|div|ul|ol|tr|table|blockquote)>|<br\s*\/?>/g, '\n')
    .replace(/<\/t[dh]>/g, ' ')
    .replace(/<img[^>]*>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&([a-z]+);/g, (m, e: string) => ENTITIES[e] ?? m)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Labels as leetcode.jsonl and bench/routerData.ts phrasings(): Easy takes the command's default, Medium the coder. */
function labels(band: Band, task: 'ask' | 'generate'): Pick<Row, 'expect' | 'acceptable'> {
  if (band === 'Hard') return { expect: 'reasoner', acceptable: ['reasoner'] };
  if (band === 'Medium') return { expect: 'coder', acceptable: ['cheap', 'coder', 'reasoner'] };
  return { expect: task === 'ask' ? 'cheap' : 'coder', acceptable: ['cheap', 'coder'] };
}

const QUESTIONS = [
  'how do I solve this?',
  'how would I approach this?',
  'what algorithm solves this fast enough?',
  'how do I solve this one efficiently?',
];
const STUB_LANGS = ['python', 'typescript', 'java', 'cpp', 'go', 'rust'] as const;

/** The statement as a comment block above an empty function the user wants filled in. */
function stub(lang: (typeof STUB_LANGS)[number], statement: string, name: string): string {
  const lines = statement.split('\n');
  const hashComment = lines.map((l) => (l.trim() ? `# ${l}` : '#')).join('\n');
  const slashComment = lines.map((l) => (l.trim() ? `// ${l}` : '//')).join('\n');
  switch (lang) {
    case 'python':
      return `${hashComment}\ndef ${name}() -> int:\n    pass\n`;
    case 'typescript':
      return `${slashComment}\nexport function ${name}(): number {\n}\n`;
    case 'java':
      return `${slashComment}\npublic class Solution {\n    public static long ${name}() {\n    }\n}\n`;
    case 'cpp':
      return `${slashComment}\nlong long ${name}() {\n}\n`;
    case 'go':
      return `${slashComment}\nfunc ${name}() int64 {\n}\n`;
    case 'rust':
      return `${slashComment}\npub fn ${name}() -> u64 {\n}\n`;
  }
}

/**
 * One problem put to the editor one of five ways, chosen by hash: the statement pasted into Ask with a question,
 * the statement selected and the question as the instruction, the statement as a Generate instruction, and the
 * statement as a comment above an empty stub under Generate (with and without an instruction).
 */
function phrase(
  base: Omit<Row, 'task' | 'instruction' | 'languageId' | 'selection' | 'expect' | 'acceptable' | 'variant'>,
  band: Band,
  statement: string,
  fnName: string,
): Row {
  const h = hash(base.id);
  const q = QUESTIONS[(h >>> 3) % QUESTIONS.length];
  const lang = STUB_LANGS[(h >>> 7) % STUB_LANGS.length];
  switch (h % 5) {
    case 0:
      return {
        ...base,
        ...labels(band, 'ask'),
        task: 'ask',
        variant: 'pasted',
        instruction: `${statement}\n\n${q}`,
        languageId: 'plaintext',
        selection: '',
      };
    case 1:
      return {
        ...base,
        ...labels(band, 'ask'),
        task: 'ask',
        variant: 'howto',
        instruction: q,
        languageId: 'markdown',
        selection: statement,
      };
    case 2:
      return {
        ...base,
        ...labels(band, 'generate'),
        task: 'generate',
        variant: 'generate',
        instruction: statement,
        languageId: lang,
        selection: '',
      };
    case 3:
      return {
        ...base,
        ...labels(band, 'generate'),
        task: 'generate',
        variant: 'stub',
        instruction: '',
        languageId: lang,
        selection: stub(lang, statement, fnName),
      };
    default:
      return {
        ...base,
        ...labels(band, 'generate'),
        task: 'generate',
        variant: 'stub',
        instruction: 'implement this',
        languageId: lang,
        selection: stub(lang, statement, fnName),
      };
  }
}

/** Project Euler: the site's own difficulty rating (5%..100%, from how many solvers got it and how fast). */
function projectEuler(): Row[] {
  const repo = 'casens5/pe-bench';
  const path = 'problems.json';
  const commit = git(repo, 'rev-parse', 'HEAD').trim();
  const problems = JSON.parse(git(repo, 'show', `HEAD:${path}`)) as Array<{
    id: number;
    statement: string;
    difficulty?: string;
  }>;
  const band = (pct: number): Band | undefined =>
    pct <= 5 ? 'Easy' : pct <= 25 ? 'Medium' : pct >= 30 ? 'Hard' : undefined;
  const byBand: Record<Band, Array<{ id: number; text: string; pct: number }>> = { Easy: [], Medium: [], Hard: [] };
  for (const p of problems) {
    const pct = Number(/^(\d+)%$/.exec(p.difficulty ?? '')?.[1]);
    const b = Number.isFinite(pct) ? band(pct) : undefined;
    if (!b) continue;
    let text = htmlToText(p.statement);
    if (text.length < 60) continue; // statements that are only a picture
    if (text.length > 2400) text = text.slice(0, 2400);
    byBand[b].push({ id: p.id, text, pct });
  }
  // All easy and medium problems (few), and as many hard ones as the two together, sampled by hash of the id.
  const PER: Record<Band, number> = { Easy: 1000, Medium: 1000, Hard: byBand.Easy.length + byBand.Medium.length };
  const rows: Row[] = [];
  for (const b of ['Easy', 'Medium', 'Hard'] as const) {
    const chosen = byBand[b]
      .sort((x, y) => hash(`euler-${x.id}`) - hash(`euler-${y.id}`))
      .slice(0, PER[b])
      .sort((x, y) => x.id - y.id);
    for (const { id, text, pct } of chosen) {
      const rowId = `euler-${id}`;
      rows.push(
        phrase(
          {
            id: rowId,
            problem: rowId,
            source: { repo, path, commit, url: `https://projecteuler.net/problem=${id}` },
            labelRule:
              b === 'Hard'
                ? 'Project Euler difficulty >= 30% (about LeetCode Hard and above): needs a non-obvious mathematical or algorithmic insight -> reasoner only'
                : b === 'Medium'
                  ? 'Project Euler difficulty 10-25% (about LeetCode Medium): a standard technique; coder expected, cheap or reasoner defensible'
                  : 'Project Euler difficulty 5% (about LeetCode Easy): the task default (cheap under Ask, coder under Generate); never the reasoner',
            meta: { difficulty: b, peDifficulty: pct, problemId: id },
          },
          b,
          text,
          `euler${id}`,
        ),
      );
    }
  }
  return rows;
}

/**
 * Exercism practice exercises: the language-neutral description (problem-specifications) and the difficulty the
 * Python track gives the exercise (1-10). Exercism has nothing as hard as LeetCode Hard, so no row is reasoner-only.
 */
function exercism(): Row[] {
  const specs = 'exercism/problem-specifications';
  const track = 'exercism/python';
  const commit = git(specs, 'rev-parse', 'HEAD').trim();
  const trackCommit = git(track, 'rev-parse', 'HEAD').trim();
  const config = JSON.parse(git(track, 'show', 'HEAD:config.json')) as {
    exercises: { practice: Array<{ slug: string; difficulty: number; status?: string }> };
  };
  const rows: Row[] = [];
  const files = new Set(git(specs, 'ls-tree', '-r', '--name-only', 'HEAD', 'exercises').split('\n'));
  for (const e of config.exercises.practice) {
    if (e.status === 'deprecated') continue;
    // The task itself (instructions.md) where the exercise has one, else its description.
    const path = [`exercises/${e.slug}/instructions.md`, `exercises/${e.slug}/description.md`].find((p) =>
      files.has(p),
    );
    if (!path) continue; // a track-only exercise with no shared text
    const md = git(specs, 'show', `HEAD:${path}`);
    let text = md
      .replace(/^# (Description|Instructions)\s*\n/, '')
      .split('\n')
      .filter((l) => !/^~~~~/.test(l))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (text.length < 60) continue;
    if (text.length > 2400) text = text.slice(0, 2400);
    const band: Band = e.difficulty <= 3 ? 'Easy' : 'Medium';
    const rowId = `exercism-${e.slug}`;
    rows.push(
      phrase(
        {
          id: rowId,
          problem: rowId,
          source: { repo: specs, path, commit },
          labelRule:
            band === 'Medium'
              ? 'Exercism difficulty 4-10 (about LeetCode Medium; Exercism has no LeetCode-Hard band): coder expected, cheap or reasoner defensible'
              : 'Exercism difficulty 1-3 (about LeetCode Easy): the task default (cheap under Ask, coder under Generate); never the reasoner',
          meta: {
            difficulty: band,
            exercismDifficulty: e.difficulty,
            slug: e.slug,
            difficultyFrom: `${track}@${trackCommit}:config.json`,
          },
        },
        band,
        text,
        e.slug.replace(/-/g, '_'),
      ),
    );
  }
  return rows;
}

/**
 * A Codeforces problem.md of zjx-kimi/CodeForces-Problems (sections "## Description", "## Input", "## Output",
 * "## Note"; the samples as fenced blocks ```inputN / ```outputN; the Description repeats the input and output
 * specifications) to the whole statement as a user would paste it: title, legend, Input, Output, the examples as
 * fenced blocks, Note. Undefined when a section the statement needs is missing (interactive problems and the like).
 */
function cfStatement(title: string, md: string): string | undefined {
  const sections = new Map<string, string>();
  const parts = md.split(/^## (.+)$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) sections.set(parts[i].trim(), parts[i + 1]);
  const description = sections.get('Description');
  const input = sections.get('Input');
  const output = sections.get('Output');
  if (description === undefined || input === undefined || output === undefined) return undefined;
  const samples = new Map<string, { input?: string; output?: string }>();
  const text = (html: string): string =>
    htmlToText(
      html
        .replace(
          /```(input|output)(\d+)[^\n]*\n([\s\S]*?)```/g,
          (_, kind: 'input' | 'output', n: string, body: string) => {
            const s = samples.get(n) ?? {};
            // The scrape keeps the page's escapes in samples: <br> for an empty line, &amp; and the like.
            s[kind] = body
              .split('\n')
              .map((l) =>
                l
                  .replace(/^<br\s*\/?>$/, '')
                  .replace(/&(lt|gt|amp|quot);/g, (_, e: string) => ENTITIES[e])
                  .trimEnd(),
              )
              .join('\n')
              .trim();
            samples.set(n, s);
            return '';
          },
        )
        .replace(/<(sup|sub) class="[^"]*">/g, '<$1>'),
    )
      .split('\n')
      .map((l) => l.replace(/^\s*-\s+/, '- ').trimStart())
      .join('\n');
  const legend = text(description.split('<div class="input-specification">')[0]);
  const out = [title, legend, `Input\n${text(input)}`, `Output\n${text(output)}`];
  const examples = [...samples.entries()]
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .filter(([, s]) => s.input !== undefined && s.output !== undefined)
    .map(([, s]) => `Input\n\`\`\`\n${s.input}\n\`\`\`\nOutput\n\`\`\`\n${s.output}\n\`\`\``);
  if (examples.length) out.push(`${examples.length > 1 ? 'Examples' : 'Example'}\n${examples.join('\n')}`);
  const note = sections.get('Note');
  if (note !== undefined && text(note)) out.push(`Note\n${text(note)}`);
  if (legend.length < 60) return undefined; // a statement that is only a picture
  return out.join('\n\n');
}

/**
 * Codeforces: the problem's rating (800-3500, from the tag "*NNNN" of problem.yaml), banded like LeetCode with 2000
 * left out so the bands stay apart. Codeforces grants no licence to redistribute statements, so only ids, URLs and
 * labels are committed (codeforces.ids.jsonl) and the text goes to the local cache (see questionsCache).
 */
function codeforces(): Row[] {
  const repo = CODEFORCES;
  const commit = git(repo, 'rev-parse', 'HEAD').trim();
  const byBand: Record<Band, Array<{ dir: string; pid: string; title: string; rating: number }>> = {
    Easy: [],
    Medium: [],
    Hard: [],
  };
  for (const { dir, pid, title, rating } of codeforcesProblems()) {
    const b = Number.isFinite(rating) ? codeforcesBand(rating) : undefined;
    if (!pid || !title || !b) continue;
    byBand[b].push({ dir, pid, title, rating });
  }
  const PER = 70;
  const rows: Row[] = [];
  for (const b of ['Easy', 'Medium', 'Hard'] as const) {
    // Walk the band in hash order of the path and keep the first PER problems whose statement is whole and short.
    const order = byBand[b].sort((x, y) => hash(`${x.dir}/problem.md`) - hash(`${y.dir}/problem.md`));
    const mds = readMany(
      repo,
      order.slice(0, PER * 3).map((p) => `${p.dir}/problem.md`),
    );
    const seen = new Set<string>();
    const chosen: Array<(typeof order)[number] & { statement: string }> = [];
    for (const p of order.slice(0, PER * 3)) {
      if (chosen.length >= PER) break;
      if (seen.has(p.pid)) continue;
      const md = mds.get(`${p.dir}/problem.md`);
      const statement = md ? cfStatement(`${p.pid.replace(/^(\d+)/, '')}. ${p.title}`, md) : undefined;
      if (!statement || statement.length > 6000) continue;
      seen.add(p.pid);
      chosen.push({ ...p, statement });
    }
    if (chosen.length < PER) throw new Error(`codeforces ${b}: only ${chosen.length} usable statements`);
    for (const { dir, pid, title, rating, statement } of chosen.sort((x, y) => x.pid.localeCompare(y.pid))) {
      const contest = /^\d+/.exec(pid)![0];
      const index = pid.slice(contest.length);
      const rowId = `codeforces-${pid.toLowerCase()}`;
      rows.push(
        phrase(
          {
            id: rowId,
            problem: rowId,
            source: {
              repo,
              path: `${dir}/problem.md`,
              commit,
              url: `https://codeforces.com/problemset/problem/${contest}/${index}`,
            },
            labelRule:
              b === 'Hard'
                ? 'Codeforces rating >= 2100 (about LeetCode Hard): needs a non-obvious algorithm under the stated limits -> reasoner only'
                : b === 'Medium'
                  ? 'Codeforces rating 1300-1900 (about LeetCode Medium): a standard technique; coder expected, cheap or reasoner defensible'
                  : 'Codeforces rating <= 1200 (about LeetCode Easy): the task default (cheap under Ask, coder under Generate); never the reasoner',
            meta: { difficulty: b, cfRating: rating, title, problemId: pid },
          },
          b,
          statement,
          `cf${pid.toLowerCase()}`,
        ),
      );
    }
  }
  return rows;
}

const SETS = [
  {
    name: 'project-euler',
    build: projectEuler,
    repo: 'casens5/pe-bench',
    licence: 'CC-BY-NC-SA-4.0 (Project Euler problem statements); Apache-2.0 (pe-bench scraper)',
    note: "Project Euler problem statements (projecteuler.net, Colin Hughes and the Project Euler team; CC BY-NC-SA 4.0 per projecteuler.net/copyright, this file is shared under the same licence, non-commercially) as scraped into problems.json by casens5/pe-bench, with the site's difficulty rating. Answers are not kept. All 5% and 10-25% problems and as many >= 30% ones, sampled by FNV hash of the id; 26-29% does not occur. Each problem appears once, put to the editor one of five ways chosen by hash (pasted into Ask with a question, selected with a question, Generate instruction, comment above an empty stub in one of six languages with or without an instruction).",
    labelRule:
      'By Project Euler difficulty rating, banded to match leetcode.jsonl: 5% -> Easy (cheap under Ask, coder under Generate; never the reasoner); 10-25% -> Medium (coder; cheap or reasoner defensible); >= 30% -> Hard (reasoner only).',
  },
  {
    name: 'exercism',
    build: exercism,
    repo: 'exercism/problem-specifications',
    licence: 'MIT',
    note: 'Exercism practice exercises (Copyright (c) 2014-2021 Exercism, MIT licence): the shared instructions.md (else description.md) of every exercise of the Python track (exercism/python config.json, MIT) that has one, with the difficulty that track gives it. Each exercise appears once, put to the editor one of five ways chosen by FNV hash as in project-euler.jsonl.',
    labelRule:
      'By the Exercism Python track difficulty (1-10), banded to match leetcode.jsonl: 1-3 -> Easy (cheap under Ask, coder under Generate; never the reasoner); 4-10 -> Medium (coder; cheap or reasoner defensible). No Exercism exercise is labelled reasoner-only.',
  },
  {
    name: 'codeforces',
    build: codeforces,
    repo: 'zjx-kimi/CodeForces-Problems',
    licence:
      'none granted (Codeforces problem statements, (c) their authors and Codeforces; the snapshot states no licence): text not stored; ids, URLs and labels only',
    note: "Codeforces problem statements (codeforces.com, by each round's authors) with the problem rating, as scraped into NNNN/problem.md and problem.yaml (rating as the tag *NNNN) by zjx-kimi/CodeForces-Problems. 70 problems a band, sampled by FNV hash of the path; statements over 6,000 characters or without an Input/Output section (interactive problems) skipped. The whole statement is kept (title, legend, Input, Output, examples as fenced blocks, Note), put to the editor one of five ways chosen by FNV hash as in project-euler.jsonl. Neither Codeforces nor the snapshot grants a licence to redistribute the text, so it is kept in the local cache (.cache/router-questions/codeforces.jsonl, not committed; scripts/buildRouterCp.ts rebuilds it from the fetched snapshot); this file keeps each row's URL, path, phrasing, labels, rule and a SHA-256 of the text.",
    labelRule:
      'By Codeforces problem rating, banded to match leetcode.jsonl: <= 1200 -> Easy (cheap under Ask, coder under Generate; never the reasoner); 1300-1900 -> Medium (coder; cheap or reasoner defensible); >= 2100 -> Hard (reasoner only); 2000 left out so the bands stay apart.',
    idsOnly: true,
  },
] as const;

function main(): void {
  const only = process.env.FRUGAL_ONLY?.split(',');
  const sourcesPath = join(outDir, 'SOURCES.json');
  const sources = JSON.parse(readFileSync(sourcesPath, 'utf8')) as Array<Record<string, unknown>>;
  for (const s of SETS) {
    if (only && !only.includes(s.name)) continue;
    const rows = s.build();
    const ids = 'idsOnly' in s && s.idsOnly;
    const file = ids ? `${s.name}.ids.jsonl` : `${s.name}.jsonl`;
    if (ids) {
      mkdirSync(questionsCache, { recursive: true });
      writeFileSync(join(questionsCache, `${s.name}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    }
    writeFileSync(join(outDir, file), rows.map((r) => JSON.stringify(ids ? idsOnlyRow(r) : r)).join('\n') + '\n');
    const entry = {
      name: s.name,
      file,
      rows: rows.length,
      repo: s.repo,
      commit: rows[0]?.source.commit,
      licence: s.licence,
      note: s.note,
      labelRule: s.labelRule,
      ...(ids ? { textStored: false } : {}),
    };
    const at = sources.findIndex((e) => e.name === s.name);
    if (at >= 0) sources[at] = entry;
    else sources.push(entry);
    const count = (t: Tier): number => rows.filter((r) => r.expect === t).length;
    console.log(
      `${s.name}: ${rows.length} rows (cheap ${count('cheap')}, coder ${count('coder')}, reasoner ${count('reasoner')})`,
    );
  }
  writeFileSync(sourcesPath, JSON.stringify(sources, null, 2) + '\n');
}

main();

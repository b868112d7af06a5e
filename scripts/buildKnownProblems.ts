// Rebuilds src/core/router/known-problems.json, the table of well-known problems the router recognises by name
// ("how do I solve Median of Two Sorted Arrays?", "LeetCode 42", "Project Euler 224"), and known-statements.ts, the
// fingerprints it recognises their pasted statements by (Codeforces' too), from local snapshots of
// public repositories (see scripts/snapshots.ts for where they are looked for):
//   npx tsx scripts/buildKnownProblems.ts
// Only facts are kept: a problem's number, its title and stub's method name (LeetCode), the site's own rating, and
// 48-bit hashes of ten-word windows of its statement's opening (known.ts statementWords), by which a pasted statement
// is recognised. No statement or solution text.
//   LeetCode: doocs/leetcode solution/README_EN.md, the site's difficulty Hard or Easy (CC BY-SA 4.0 listing).
//   Project Euler: casens5/pe-bench problems.json, the site's difficulty rating: >= 30% and 5%, the bands
//     test/data/external/project-euler.jsonl labels Hard and Easy (scripts/buildRouterCp.ts).
//   Codeforces: zjx-kimi/CodeForces-Problems, the problem rating: >= 2100 and <= 1200 (statements only).
// Medium problems are the command's default either way, so only those of their titles are kept that hold an Easy or
// Hard title ("Two Sum II - Input Array Is Sorted" holds "Two Sum"): the router must not read the other inside them.
// Database and Shell problems are left out: their titles read like a developer's own query ("Number of Comments per
// Post", "Department Top Three Salaries"), and an SQL exercise's rating says nothing about an algorithm.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATEMENT_WINDOW, statementWords, windowPrint } from '../src/core/router/known';
import { CODEFORCES, codeforcesBand, codeforcesProblems, git, gitDir, head, readMany } from './snapshots';

const LEETCODE = 'doocs/leetcode';
const EULER = 'casens5/pe-bench';

const listing = git(LEETCODE, 'show', 'HEAD:solution/README_EN.md');
const rows: Array<{ id: number; title: string; band: string; query: boolean }> = [];
for (const line of listing.split('\n')) {
  const m = /^\|\s*(\d+)\s*\|\s*\[(.+?)\]\(.*?\)\s*\|(.*)\|\s*(Easy|Medium|Hard)\s*\|[^|]*\|\s*$/.exec(line);
  if (m) rows.push({ id: Number(m[1]), title: m[2].trim(), band: m[4], query: /`(Database|Shell)`/.test(m[3]) });
}
const hard = rows.filter((r) => r.band === 'Hard' && !r.query);
const easy = rows.filter((r) => r.band === 'Easy' && !r.query);
if (hard.length < 500 || easy.length < 500)
  throw new Error(`only ${hard.length} Hard and ${easy.length} Easy rows read from ${LEETCODE}: the listing changed`);
const words = (s: string): string => ` ${(s.toLowerCase().match(/[a-z0-9]+/g) ?? []).join(' ')} `;
const named = [...hard, ...easy].map((r) => words(r.title));
const blockers = rows
  .filter((r) => r.band === 'Medium' && named.some((t) => words(r.title).includes(t)))
  .map((r) => r.title)
  .sort();

// The method a LeetCode problem's stub declares ("class Solution: def maxIncreasingCells(self, mat)"), the same name
// in every language (C# capitalises it), or a design problem's class ("class LFUCache"): a buggy solution pasted under
// Fix names its problem this way. Read from each problem's Solution.py (Solution.java where there is none; a design
// problem's helpers, such as class Node, come first, so its last class is the one asked for). A name is kept when it
// is specific (six characters or more) and every problem declaring it has one band, Hard or Easy: "maxProfit" is
// declared by Easy, Medium and Hard problems and names none of them.
const solutionFiles = new Map<number, string>();
for (const f of git(LEETCODE, 'ls-tree', '-r', '--name-only', 'HEAD', 'solution').split('\n')) {
  const m = /^solution\/\d{4}-\d{4}\/(\d{4})\.[^/]+\/Solution\.(py|java)$/.exec(f);
  if (m && (!solutionFiles.has(Number(m[1])) || m[2] === 'py')) solutionFiles.set(Number(m[1]), f);
}
const algorithmic = rows.filter((r) => !r.query && solutionFiles.has(r.id));
const sources = readMany(
  LEETCODE,
  algorithmic.map((r) => solutionFiles.get(r.id)!),
);
const declaring = new Map<string, Array<{ id: number; band: string }>>();
for (const r of algorithmic) {
  const src = sources.get(solutionFiles.get(r.id)!) ?? '';
  const cls = /^(?:public )?class Solution\b/m.exec(src);
  const after = cls ? src.slice(cls.index) : '';
  const name = cls
    ? (/\n\s+def (\w+)\(self/.exec(after) ?? /\n\s+public [\w<>[\], ]+? (\w+)\(/.exec(after))?.[1]
    : // A design problem's helpers (class Node) come before the class it asks for.
      [...src.matchAll(/^(?:public )?class (\w+)/gm)].pop()?.[1];
  if (!name || name.length < 6) continue;
  const key = name.toLowerCase();
  declaring.set(key, [...(declaring.get(key) ?? []), { id: r.id, band: r.band }]);
}
const methods = (band: string): string[] =>
  [...declaring]
    .filter(([, by]) => by.every((p) => p.band === band))
    .map(([name, by]) => `${name}|${by.map((p) => p.id).join(',')}`)
    .sort();

const ids = (keep: (pct: number) => boolean): number[] =>
  problems
    .filter((p) => keep(rating(p)))
    .map((p) => p.id)
    .sort((a, b) => a - b);

// Statements: two fingerprints of each Easy or Hard problem's opening words (known.ts statementProblem), taken from
// LeetCode's HTML (doocs README_EN.md, between its description markers) and Project Euler's (pe-bench) statements.
// A window counts for a problem only if no problem of another band or site, Medium, Database and Shell ones
// included, holds it anywhere in its first OPENING words: the first such window in the first three windows' worth of
// words, and the next one after it.
const OPENING = 80;
interface Opening {
  site: 'leetcode' | 'euler' | 'codeforces';
  /** LeetCode's and Project Euler's number; Codeforces' problem id ("1924E"). */
  id: number | string;
  band: string;
  words: number[];
}
const readme = new Map<number, string>();
for (const f of git(LEETCODE, 'ls-tree', '-r', '--name-only', 'HEAD', 'solution').split('\n')) {
  const m = /^solution\/\d{4}-\d{4}\/(\d{4})\.[^/]+\/README_EN\.md$/.exec(f);
  if (m) readme.set(Number(m[1]), f);
}
const readmes = readMany(LEETCODE, [...readme.values()]);
const description = (md: string): string | undefined =>
  /<!-- description:start -->([\s\S]*?)<!-- description:end -->/.exec(md)?.[1];
const openings: Opening[] = [];
const byId = new Map(rows.map((r) => [r.id, r]));
for (const [id, path] of readme) {
  const text = description(readmes.get(path) ?? '');
  const r = byId.get(id);
  if (!text || !r) continue;
  // Database and Shell problems are a band of their own: their openings may hold no Easy or Hard one's.
  const band = r.query ? 'Query' : r.band;
  openings.push({ site: 'leetcode', id, band, words: statementWords(text, text.length, OPENING) });
}
const rating = (p: { difficulty?: string }): number => Number(/^(\d+)%$/.exec(p.difficulty ?? '')?.[1]);
const eulerBand = (pct: number): string => (pct >= 30 ? 'Hard' : pct === 5 ? 'Easy' : 'Medium');
const problems = JSON.parse(git(EULER, 'show', 'HEAD:problems.json')) as Array<{
  id: number;
  difficulty?: string;
  statement?: string;
}>;
for (const p of problems)
  if (p.statement)
    openings.push({
      site: 'euler',
      id: Number(p.id),
      band: eulerBand(rating(p)),
      words: statementWords(p.statement, p.statement.length, OPENING),
    });
// Codeforces (zjx-kimi/CodeForces-Problems): the rating problem.yaml tags ("*2100"), banded as
// test/data/external/codeforces.ids.jsonl is (<= 1200 Easy, >= 2100 Hard, 2000 apart), and the legend of
// problem.md's Description. One fingerprint a problem: there are some 6,000 Easy and Hard ones.
const cfProblems = codeforcesProblems();
const cfMds = readMany(
  CODEFORCES,
  cfProblems.map((p) => `${p.dir}/problem.md`),
);
const cfSeen = new Set<string>();
/** Every Easy and Hard problem's id, its statement readable or not: a request names a problem by it ("CF 1924E"). */
const cfBands = new Map<string, string>();
for (const { dir, pid, rating } of cfProblems) {
  if (!pid || cfSeen.has(pid)) continue;
  cfSeen.add(pid);
  // An unrated problem, and one rated 2000, are bands of their own: their openings may hold no Easy or Hard one's.
  const band = Number.isFinite(rating) ? (codeforcesBand(rating) ?? 'Unbanded') : 'Unrated';
  if (band === 'Hard' || band === 'Easy') cfBands.set(pid, band);
  const legend = /^## Description\n([\s\S]*?)(?:<div class="input-specification">|^## )/m.exec(
    cfMds.get(`${dir}/problem.md`) ?? '',
  )?.[1];
  if (legend)
    openings.push({ site: 'codeforces', id: pid, band, words: statementWords(legend, legend.length, OPENING) });
}
const owners = new Map<string, Set<string>>();
for (const o of openings)
  for (let at = 0; at + STATEMENT_WINDOW <= o.words.length; at++) {
    const h = windowPrint(o.words, at);
    const set = owners.get(h) ?? new Set<string>();
    set.add(`${o.site} ${o.band}`);
    owners.set(h, set);
  }
const prints = new Map<string, string>();
const unprinted: string[] = [];
for (const o of openings) {
  if (o.band !== 'Hard' && o.band !== 'Easy') continue;
  const found: string[] = [];
  const want = o.site === 'codeforces' ? 1 : 2;
  for (let at = 0; found.length < want && at + STATEMENT_WINDOW <= Math.min(o.words.length, 3 * STATEMENT_WINDOW);) {
    const h = windowPrint(o.words, at);
    if (owners.get(h)!.size === 1) {
      found.push(h);
      at += STATEMENT_WINDOW;
    } else at++;
  }
  if (found.length) prints.set(`${o.site} ${o.id}`, found.join(' '));
  else unprinted.push(`${o.site} ${o.id}`);
}
// A Codeforces problem is listed without prints too ("1924E|"): its id alone names it.
const printed = (site: string, ids: Array<number | string>): string[] =>
  ids
    .filter((id) => site === 'codeforces' || prints.has(`${site} ${id}`))
    .map((id) => `${id}|${prints.get(`${site} ${id}`) ?? ''}`);

// A copy of the statements in another format (Markdown, as javadev/LeetCode-in-Java keeps them), when its snapshot
// is here: how many of its Easy and Hard statements the fingerprints recognise, and how many as another band.
const COPY = 'javadev/LeetCode-in-Java';
let copyCheck: string | undefined;
try {
  gitDir(COPY);
  const band = new Map<number, string>();
  for (const o of openings) if (o.site === 'leetcode') band.set(o.id, o.band);
  const table = new Map<string, string>();
  for (const [key, list] of prints) for (const h of list.split(' ')) table.set(h, key);
  const files = git(COPY, 'ls-tree', '-r', '--name-only', 'HEAD', 'src/main/java')
    .split('\n')
    .filter((f) => f.endsWith('/readme.md'));
  const tally = { Hard: [0, 0], Easy: [0, 0], other: 0 };
  for (const md of readMany(COPY, files).values()) {
    const m = /^(\d+)\\\. .*\n\n(Easy|Medium|Hard)\n\n([\s\S]*?)(?:\nTo solve|$)/.exec(md);
    if (!m) continue;
    const words = statementWords(m[3], m[3].length, 400);
    let hit: string | undefined;
    for (let at = 0; !hit && at + STATEMENT_WINDOW <= words.length; at++) hit = table.get(windowPrint(words, at));
    const [site, id] = hit?.split(' ') ?? [];
    const hitBand = hit && (site === 'leetcode' ? band.get(Number(id)) : 'euler');
    // LeetCode re-rates some problems: the copy's own level is compared with the listing's for the same number.
    const listed = band.get(Number(m[1])) ?? m[2];
    if (listed === 'Hard' || listed === 'Easy') {
      tally[listed][1]++;
      if (hitBand === listed) tally[listed][0]++;
    }
    if (hit && hitBand !== listed) tally.other++;
  }
  copyCheck = `${COPY} at ${head(COPY)} (Markdown): Hard ${tally.Hard[0]}/${tally.Hard[1]} and Easy ${tally.Easy[0]}/${tally.Easy[1]} statements recognised with their band, ${tally.other} statements recognised as a problem of another band`;
} catch (e) {
  if (!String(e).includes('no snapshot')) throw e;
}

const cfIds = (band: string): string[] =>
  [...cfBands]
    .filter(([, b]) => b === band)
    .map(([id]) => id)
    .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));

const out = {
  sources: {
    leetcode: {
      repo: LEETCODE,
      path: 'solution/README_EN.md',
      commit: head(LEETCODE),
      licence:
        'CC-BY-SA-4.0 (the listing, statements and solutions); only problem numbers, titles, method names and hashes of statement words are kept',
      rule: 'LeetCode difficulty Hard or Easy; Database and Shell problems left out',
      methods:
        "solution/*/Solution.py (else Solution.java): the method class Solution declares, or a design problem's class, lower-cased; kept when six characters or more and every problem declaring it has the band",
      statements:
        'solution/*/README_EN.md between its description markers: 48-bit hashes of two ten-word windows of the opening (known.ts statementWords, windowPrint), each held by no problem of another band',
      ...(copyCheck ? { statementsCheck: copyCheck } : {}),
    },
    euler: {
      repo: EULER,
      path: 'problems.json',
      commit: head(EULER),
      licence:
        "Apache-2.0 (pe-bench; the statements are Project Euler's, CC BY-NC-SA 4.0); only problem numbers and hashes of statement words are kept",
      rule: 'Project Euler difficulty rating >= 30% (hard) or 5% (easy)',
      statements: 'problems.json statement: hashes of two ten-word windows of the opening, as for LeetCode',
    },
    codeforces: {
      repo: CODEFORCES,
      path: 'NNNN/problem.yaml, NNNN/problem.md',
      commit: head(CODEFORCES),
      licence:
        "none granted for the statements (Codeforces', by each round's authors); only problem ids and hashes of statement words are kept",
      rule: "Codeforces problem rating (problem.yaml's tag *NNNN) >= 2100 (hard) or <= 1200 (easy)",
      statements:
        "problem.md's Description, its legend: the hash of one ten-word window of the opening, as for LeetCode",
    },
  },
  // One problem a line, so a rebuild reads as a diff.
  leetcodeHard: hard.map((r) => `${r.id}|${r.title}`),
  leetcodeEasy: easy.map((r) => `${r.id}|${r.title}`),
  leetcodeBlockers: blockers,
  leetcodeHardMethods: methods('Hard'),
  leetcodeEasyMethods: methods('Easy'),
  eulerHard: ids((p) => p >= 30),
  eulerEasy: ids((p) => p === 5),
};
const json = JSON.stringify(out, null, 1).replace(
  /\[\n\s+([\d,\n\s]+?)\n\s*\]/g,
  (_, list: string) => `[${list.replace(/\s+/g, '')}]`,
);
writeFileSync(join(__dirname, '..', 'src', 'core', 'router', 'known-problems.json'), `${json}\n`);
// The fingerprints, one problem a line under a heading per site and band, in a string: the bundle parses one string
// token at activation (some 10,000 array elements cost milliseconds), and known.ts reads it when first asked.
const sections: Array<[string, string, Array<number | string>]> = [
  ['leetcode', 'Hard', hard.map((r) => r.id)],
  ['leetcode', 'Easy', easy.map((r) => r.id)],
  ['euler', 'Hard', ids((p) => p >= 30)],
  ['euler', 'Easy', ids((p) => p === 5)],
  ['codeforces', 'Hard', cfIds('Hard')],
  ['codeforces', 'Easy', cfIds('Easy')],
];
const body = sections.map(([site, band, list]) => `# ${site} ${band}\n${printed(site, list).join('\n')}`).join('\n');
writeFileSync(
  join(__dirname, '..', 'src', 'core', 'router', 'known-statements.ts'),
  `// GENERATED by scripts/buildKnownProblems.ts from the sources known-problems.json names; do not edit by hand.
// Fingerprints of the opening words of the statements of the problems LeetCode, Project Euler and Codeforces rate
// hard or easy (known.ts statementProblem): "id|print print", one problem a line, under a "# site band" heading; a
// Codeforces problem whose opening no fingerprint tells apart is listed with none ("id|"), for its id alone.
export const STATEMENT_PRINTS = \`
${body}
\`;
`,
);
console.log(
  `wrote known-problems.json: LeetCode ${hard.length} Hard and ${easy.length} Easy titles (${blockers.length} Medium titles hold one), ${out.leetcodeHardMethods.length} Hard and ${out.leetcodeEasyMethods.length} Easy method names, Project Euler ${out.eulerHard.length} problems >= 30% and ${out.eulerEasy.length} at 5%; statements of ${prints.size} (${unprinted.length} open like a problem of another band)${copyCheck ? `; ${copyCheck}` : ''}`,
);

// Rebuilds src/core/router/known-problems.json, the table of well-known problems the router recognises by name
// ("how do I solve Median of Two Sorted Arrays?", "LeetCode 42", "Project Euler 224"), from local snapshots of
// public repositories (see scripts/snapshots.ts for where they are looked for):
//   npx tsx scripts/buildKnownProblems.ts
// Only facts are kept: a problem's number, its title and stub's method name (LeetCode) and the site's own rating. No
// statement or solution text.
//   LeetCode: doocs/leetcode solution/README_EN.md, the site's difficulty Hard or Easy (CC BY-SA 4.0 listing).
//   Project Euler: casens5/pe-bench problems.json, the site's difficulty rating: >= 30% and 5%, the bands
//     test/data/external/project-euler.jsonl labels Hard and Easy (scripts/buildRouterCp.ts).
// Medium problems are the command's default either way, so only those of their titles are kept that hold an Easy or
// Hard title ("Two Sum II - Input Array Is Sorted" holds "Two Sum"): the router must not read the other inside them.
// Database and Shell problems are left out: their titles read like a developer's own query ("Number of Comments per
// Post", "Department Top Three Salaries"), and an SQL exercise's rating says nothing about an algorithm.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, head, readMany } from './snapshots';

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

const problems = JSON.parse(git(EULER, 'show', 'HEAD:problems.json')) as Array<{ id: number; difficulty?: string }>;
const rating = (p: { difficulty?: string }): number => Number(/^(\d+)%$/.exec(p.difficulty ?? '')?.[1]);
const ids = (keep: (pct: number) => boolean): number[] =>
  problems
    .filter((p) => keep(rating(p)))
    .map((p) => p.id)
    .sort((a, b) => a - b);

const out = {
  sources: {
    leetcode: {
      repo: LEETCODE,
      path: 'solution/README_EN.md',
      commit: head(LEETCODE),
      licence: 'CC-BY-SA-4.0 (the listing and solutions); only problem numbers, titles and method names are kept',
      rule: 'LeetCode difficulty Hard or Easy; Database and Shell problems left out',
      methods:
        "solution/*/Solution.py (else Solution.java): the method class Solution declares, or a design problem's class, lower-cased; kept when six characters or more and every problem declaring it has the band",
    },
    euler: {
      repo: EULER,
      path: 'problems.json',
      commit: head(EULER),
      licence: 'Apache-2.0 (pe-bench); only problem numbers are kept',
      rule: 'Project Euler difficulty rating >= 30% (hard) or 5% (easy)',
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
console.log(
  `wrote known-problems.json: LeetCode ${hard.length} Hard and ${easy.length} Easy titles (${blockers.length} Medium titles hold one), ${out.leetcodeHardMethods.length} Hard and ${out.leetcodeEasyMethods.length} Easy method names, Project Euler ${out.eulerHard.length} problems >= 30% and ${out.eulerEasy.length} at 5%`,
);

// Rebuilds src/core/router/known-problems.json, the table of well-known hard problems the router recognises by name
// ("how do I solve Median of Two Sorted Arrays?", "LeetCode 42", "Project Euler 224"), from local snapshots of
// public repositories (see scripts/snapshots.ts for where they are looked for):
//   npx tsx scripts/buildKnownProblems.ts
// Only facts are kept: a problem's number, its title (LeetCode) and that its site rates it hard. No statement text.
//   LeetCode: doocs/leetcode solution/README_EN.md, the site's difficulty "Hard" (CC BY-SA 4.0 listing).
//   Project Euler: casens5/pe-bench problems.json, the site's difficulty rating >= 30%, the band
//     test/data/external/project-euler.jsonl labels Hard (scripts/buildRouterCp.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, head } from './snapshots';

const LEETCODE = 'doocs/leetcode';
const EULER = 'casens5/pe-bench';

const listing = git(LEETCODE, 'show', 'HEAD:solution/README_EN.md');
const leetcode: Array<[number, string]> = [];
const others: string[] = [];
for (const line of listing.split('\n')) {
  const m = /^\|\s*(\d+)\s*\|\s*\[(.+?)\]\(.*?\)\s*\|.*\|\s*(Easy|Medium|Hard)\s*\|[^|]*\|\s*$/.exec(line);
  if (m && m[3] === 'Hard') leetcode.push([Number(m[1]), m[2].trim()]);
  else if (m) others.push(m[2].trim());
}
// Titles of easier problems that hold a hard one's ("Valid Word Abbreviation" holds "Word Abbreviation", "Basic
// Calculator II" holds "Basic Calculator"): the router must not read the hard problem inside them.
const words = (s: string): string => ` ${(s.toLowerCase().match(/[a-z0-9]+/g) ?? []).join(' ')} `;
const hardWords = leetcode.map(([, t]) => words(t));
const blockers = others.filter((t) => hardWords.some((h) => words(t).includes(h))).sort();
if (leetcode.length < 500)
  throw new Error(`only ${leetcode.length} Hard rows read from ${LEETCODE}: the listing's format changed`);

const problems = JSON.parse(git(EULER, 'show', 'HEAD:problems.json')) as Array<{ id: number; difficulty?: string }>;
const euler = problems
  .filter((p) => Number(/^(\d+)%$/.exec(p.difficulty ?? '')?.[1]) >= 30)
  .map((p) => p.id)
  .sort((a, b) => a - b);

const out = {
  sources: {
    leetcode: {
      repo: LEETCODE,
      path: 'solution/README_EN.md',
      commit: head(LEETCODE),
      licence: 'CC-BY-SA-4.0 (the listing); only problem numbers and titles are kept',
      rule: 'LeetCode difficulty Hard',
    },
    euler: {
      repo: EULER,
      path: 'problems.json',
      commit: head(EULER),
      licence: 'Apache-2.0 (pe-bench); only problem numbers are kept',
      rule: 'Project Euler difficulty rating >= 30%',
    },
  },
  // One problem a line, so a rebuild reads as a diff.
  leetcodeHard: leetcode.map(([id, title]) => `${id}|${title}`),
  leetcodeBlockers: blockers,
  eulerHard: euler,
};
const json = JSON.stringify(out, null, 1).replace(
  /\[\n\s+([\d,\n\s]+?)\n\s*\]/g,
  (_, ids: string) => `[${ids.replace(/\s+/g, '')}]`,
);
writeFileSync(join(__dirname, '..', 'src', 'core', 'router', 'known-problems.json'), `${json}\n`);
console.log(
  `wrote known-problems.json: ${leetcode.length} LeetCode Hard titles (${blockers.length} easier titles hold one), ${euler.length} Project Euler problems >= 30%`,
);

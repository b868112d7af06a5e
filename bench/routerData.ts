// The router's evaluation and training rows: public sources the team did not write (test/data/external, one file a
// source, provenance and label rule per row) and the team's handwritten sets (regression checks). Shared by
// scripts/trainRouter.ts, bench/router.ts and the unit tests, so all three score the same rows the same way.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { EditorRequest, Tier } from '../src/core/types';

export interface Row extends EditorRequest {
  id: string;
  expect: Tier;
  acceptable: Tier[];
  /** The source file (leave-one-source-out unit): leetcode, humaneval, mbpp, quixbugs, go-concurrency-bugs, team-dev. */
  dataset: string;
  /** How a competitive-programming problem was put to the editor (pasted, howto, stub, generate). */
  variant?: string;
  /** Rows that are the same problem phrased differently share this. */
  problem?: string;
  labelRule?: string;
  meta?: Record<string, string | number>;
}

const DATA = join(__dirname, '..', 'test', 'data');

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/**
 * Sources whose text the licence does not let us commit (GitHub issue and review threads, DevGPT prompts) keep ids and
 * labels in test/data/external/NAME.ids.jsonl and their text in a local cache: the directories of
 * FRUGAL_QUESTIONS_CACHE (one, or several joined by the path delimiter), then .cache/router-questions; a source joins
 * the sources only where one of them holds NAME.jsonl.
 */
const QUESTIONS_CACHES = [
  ...(process.env.FRUGAL_QUESTIONS_CACHE ?? '').split(delimiter).filter((d) => d),
  join(__dirname, '..', '.cache', 'router-questions'),
];
const files = readdirSync(join(DATA, 'external'));
/** The cached text of an ids-only source, if this machine has it. */
export const cached = (name: string): string | undefined =>
  QUESTIONS_CACHES.map((dir) => join(dir, `${name}.jsonl`)).find((path) => existsSync(path));
export const EXTERNAL_SOURCES = [
  ...files.filter((f) => f.endsWith('.jsonl') && !f.endsWith('.ids.jsonl')).map((f) => f.replace(/\.jsonl$/, '')),
  ...files
    .filter((f) => f.endsWith('.ids.jsonl'))
    .map((f) => f.replace(/\.ids\.jsonl$/, ''))
    .filter((n) => cached(n)),
].sort();
/** Sources listed by ids only whose text is not on this machine (so their figures are missing here). */
export const MISSING_SOURCES = files
  .filter((f) => f.endsWith('.ids.jsonl'))
  .map((f) => f.replace(/\.ids\.jsonl$/, ''))
  .filter((n) => !cached(n));

/**
 * The sources the known-problem table (src/core/router/known-problems.json) is built from: doocs/leetcode's listing
 * and statements, casens5/pe-bench, and zjx-kimi/CodeForces-Problems' statements and ratings. Wherever the model is
 * judged (its threshold chosen, its held-out figures), their rows are routed without the table, so what is measured
 * owes nothing to a lookup built from the rows being scored.
 */
export const KNOWN_PROBLEMS_FROM: ReadonlySet<string> = new Set(['leetcode', 'project-euler', 'codeforces']);

/** Each line of `text` behind a line-comment marker ("# ", "// ", " * "); blank lines keep the bare marker. */
function commentLines(text: string, marker: string): string {
  return text
    .split('\n')
    .map((l) => (l.trim() ? `${marker} ${l}` : marker))
    .join('\n');
}

/**
 * The same competitive-programming problem put to the editor three more ways: "how do I solve <title> in python?"
 * with the statement selected, the statement as a comment above an empty stub under Generate, and the statement as
 * the instruction under Generate. The label follows the problem's difficulty and the command's default.
 */
export function phrasings(r: Row): Row[] {
  const title = String(r.meta?.title ?? 'this problem');
  const statement = r.instruction;
  const difficulty = r.meta?.difficulty;
  const under = (task: 'ask' | 'generate'): Pick<Row, 'expect' | 'acceptable'> =>
    difficulty === 'Hard'
      ? { expect: 'reasoner', acceptable: ['reasoner'] }
      : difficulty === 'Medium'
        ? { expect: 'coder', acceptable: ['cheap', 'coder', 'reasoner'] }
        : { expect: task === 'ask' ? 'cheap' : 'coder', acceptable: ['cheap', 'coder'] };
  const stub = `${commentLines(statement, '#')}\nclass Solution:\n    def solve(self, *args):\n        pass\n`;
  return [
    { ...r, variant: 'pasted', problem: r.id },
    {
      ...r,
      ...under('ask'),
      id: `${r.id}-howto`,
      variant: 'howto',
      problem: r.id,
      task: 'ask',
      instruction: `how do I solve ${title} in python?`,
      selection: statement,
      languageId: 'plaintext',
    },
    {
      ...r,
      ...under('generate'),
      id: `${r.id}-stub`,
      variant: 'stub',
      problem: r.id,
      task: 'generate',
      instruction: '',
      selection: stub,
      languageId: 'python',
    },
    {
      ...r,
      ...under('generate'),
      id: `${r.id}-generate`,
      variant: 'generate',
      problem: r.id,
      task: 'generate',
      instruction: statement,
      selection: '',
      languageId: 'python',
    },
  ];
}

/**
 * Nine more ways to put the same problem, none of them in the training data or the phrasing figure above: a C++ stub
 * under "//" with a pointing instruction, a JSDoc block above a JavaScript function, a Python docstring, the statement
 * selected in a .py file under Generate, an Ask about the problem written above a stub, the statement selected with
 * no instruction, the statement in a fence above "how to solve?", in a module docstring asked "any hints?", and
 * selected under "what algorithm should I use here?". The last three were added after a probe found the router
 * mishandled them (fixed in classify.ts and cues.ts), so their part of the figures is a regression check, not an
 * independent one. Used only for routing_phrasing_invariance_more and _unseen (same decision as the pasted statement).
 */
export function morePhrasings(r: Row): Row[] {
  const lines = r.instruction.split('\n');
  const commented = (p: string): string => commentLines(r.instruction, p);
  const v = (variant: string, req: Pick<Row, 'task' | 'instruction' | 'selection' | 'languageId'>): Row => ({
    ...r,
    ...req,
    id: `${r.id}-${variant}`,
    variant,
    problem: r.id,
  });
  return [
    v('cpp-stub', {
      task: 'generate',
      instruction: 'Implement a solution to this problem.',
      languageId: 'cpp',
      selection: `${commented('//')}\nclass Solution {\npublic:\n    int solve(vector<int>& nums) {\n    }\n};\n`,
    }),
    v('jsdoc', {
      task: 'generate',
      instruction: 'write code for the problem described above',
      languageId: 'javascript',
      selection: `/**\n${commented(' *')}\n */\nfunction solve(input) {\n}\n`,
    }),
    v('docstring', {
      task: 'generate',
      instruction: '',
      languageId: 'python',
      selection: `def solve(*args):\n    """\n${lines.map((l) => `    ${l}`).join('\n')}\n    """\n    pass\n`,
    }),
    v('in-code-file', {
      task: 'generate',
      instruction: 'implement this',
      languageId: 'python',
      selection: r.instruction,
    }),
    v('ask-stub', {
      task: 'ask',
      instruction: 'how should I approach this problem?',
      languageId: 'python',
      selection: `${commented('#')}\ndef solve(*args):\n    pass\n`,
    }),
    v('selected', { task: 'ask', instruction: '', languageId: 'plaintext', selection: r.instruction }),
    v('fenced', {
      task: 'ask',
      instruction: `\`\`\`\n${r.instruction}\n\`\`\`\nhow to solve?`,
      languageId: 'plaintext',
      selection: '',
    }),
    v('docstring-hints', {
      task: 'ask',
      instruction: 'any hints?',
      languageId: 'python',
      selection: `"""\n${r.instruction}\n"""\n\ndef main():\n    pass\n`,
    }),
    v('what-algorithm', {
      task: 'ask',
      instruction: 'what algorithm should I use here?',
      languageId: 'plaintext',
      selection: r.instruction,
    }),
  ];
}

/** One external source's rows; competitive problems come with their rephrasings. */
export function loadExternal(name: string): Row[] {
  const path = existsSync(join(DATA, 'external', `${name}.jsonl`))
    ? join(DATA, 'external', `${name}.jsonl`)
    : cached(name);
  if (!path) throw new Error(`no rows for source ${name}`);
  const rows = readJsonl<Omit<Row, 'dataset'>>(path).map((r) => ({
    ...r,
    instruction: r.instruction ?? '',
    selection: r.selection ?? '',
    dataset: name,
  }));
  return name === 'leetcode' ? rows.flatMap(phrasings) : rows;
}

/** A team-written set (routing-dev, routing-holdout, routing-fresh3/4/5); labels are single tiers. */
export function loadTeam(name: string): Row[] {
  return readJsonl<EditorRequest & { expect: Tier }>(join(DATA, `${name}.jsonl`)).map((r, i) => ({
    ...r,
    id: `${name}-${i}`,
    acceptable: [r.expect],
    dataset: name,
  }));
}

export interface Scores {
  n: number;
  exact: number;
  acceptable: number;
  /** Rows where the reasoner is not acceptable, and how many went there. */
  overEscalationBase: number;
  overEscalated: number;
  reasonerBase: number;
  reasonerHit: number;
}

export function emptyScores(): Scores {
  return { n: 0, exact: 0, acceptable: 0, overEscalationBase: 0, overEscalated: 0, reasonerBase: 0, reasonerHit: 0 };
}

export function score(s: Scores, r: Row, tier: Tier): void {
  s.n++;
  if (tier === r.expect) s.exact++;
  if (r.acceptable.includes(tier)) s.acceptable++;
  if (!r.acceptable.includes('reasoner')) {
    s.overEscalationBase++;
    if (tier === 'reasoner') s.overEscalated++;
  }
  if (r.expect === 'reasoner') {
    s.reasonerBase++;
    if (tier === 'reasoner') s.reasonerHit++;
  }
}

export function ratios(s: Scores): {
  exact: number;
  acceptable: number;
  overEscalation: number;
  reasonerRecall: number;
} {
  const q = (a: number, b: number): number => (b ? a / b : NaN);
  return {
    exact: q(s.exact, s.n),
    acceptable: q(s.acceptable, s.n),
    overEscalation: q(s.overEscalated, s.overEscalationBase),
    reasonerRecall: q(s.reasonerHit, s.reasonerBase),
  };
}

// Rebuilds test/data/external/*.jsonl from local snapshots of public repositories (the search tool's `fetch`
// puts them under /work/.mirror/OWNER+NAME/repo; override with FRUGAL_MIRRORS=dir). Each row keeps its provenance
// (repo, path, commit) and the written rule that gave its label; SOURCES.json names each source's licence. Labels come
// from the source's own metadata (difficulty, benchmark kind, bug study category), never from the router.
//   npx tsx scripts/buildRouterData.ts                 # every source below, and SOURCES.json
//   FRUGAL_ONLY=leetcode npx tsx scripts/buildRouterData.ts   # one source; its row count updated in SOURCES.json
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, gitBuf, head, hash, readMany } from './snapshots';

const root = join(__dirname, '..');
const outDir = process.env.FRUGAL_ROUTER_OUT ?? join(root, 'test', 'data', 'external');

type Tier = 'cheap' | 'coder' | 'reasoner';
interface Row {
  id: string;
  task: string;
  instruction: string;
  languageId: string;
  selection: string;
  expect: Tier;
  acceptable: Tier[];
  source: { repo: string; path: string; commit: string };
  labelRule: string;
  /** Extra metadata the benchmark reads (difficulty, title for rephrasings). */
  meta?: Record<string, string | number>;
}

const ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  le: '≤',
  ge: '≥',
  ne: '≠',
  times: '×',
  asymp: '≈',
  minus: '-',
  hellip: '…',
  rarr: '→',
  larr: '←',
  middot: '·',
  divide: '÷',
  plusmn: '±',
  sum: 'Σ',
  deg: '°',
};

/** LeetCode's statement HTML to the plain text a user would paste (sup as ^, lists as "- "). */
function htmlToText(html: string): string {
  return html
    .replace(/<sup>(.*?)<\/sup>/g, '^$1')
    .replace(/<sub>(.*?)<\/sub>/g, '_$1')
    .replace(/<li>/g, '- ')
    .replace(/<\/(p|li|pre|div|ul|ol)>|<br\s*\/?>/g, '\n')
    .replace(/<img[^>]*>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&([a-z]+);/g, (m, e: string) => ENTITIES[e] ?? m)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function leetcode(): Row[] {
  const repo = 'doocs/leetcode';
  const commit = head(repo);
  const files = git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', 'solution')
    .split('\n')
    .filter((f) => f.endsWith('/README_EN.md'));
  const byDifficulty: Record<string, Array<{ path: string; key: number }>> = { Easy: [], Medium: [], Hard: [] };
  // The difficulty is in each file's front matter; read them in one batch.
  const blobs = git(repo, 'ls-tree', '-r', 'HEAD', 'solution')
    .split('\n')
    .filter((l) => l.endsWith('/README_EN.md'));
  const paths = blobs.map((l) => l.split('\t')[1]);
  const contents = readMany(repo, paths);
  for (const p of files) {
    const d = /^difficulty: (Easy|Medium|Hard)$/m.exec(contents.get(p) ?? '');
    if (d) byDifficulty[d[1]].push({ path: p, key: hash(p) });
  }
  const rows: Row[] = [];
  const PER = { Easy: 220, Medium: 220, Hard: 260 } as const;
  for (const diff of ['Easy', 'Medium', 'Hard'] as const) {
    const chosen = byDifficulty[diff].sort((a, b) => a.key - b.key).slice(0, PER[diff]);
    for (const { path } of chosen) {
      const md = contents.get(path)!;
      const title = /^# \[\d+\. (.+?)\]\(/m.exec(md)?.[1];
      const desc = /<!-- description:start -->([\s\S]*?)<!-- description:end -->/.exec(md)?.[1];
      if (!title || !desc) continue;
      let text = htmlToText(desc);
      if (text.length < 80 || /SQL Schema|Table: /.test(text) || /pandas|DataFrame/.test(text)) continue; // database and pandas problems are a different kind
      // Whole statements, as a user pastes them (the limits come last); only a runaway page is cut.
      if (text.length > 8000) text = text.slice(0, 8000);
      const rating = /^rating: (\d+)$/m.exec(md)?.[1];
      const num = /solution\/\d+-\d+\/(\d+)\./.exec(path)?.[1] ?? '';
      const acceptable: Tier[] =
        diff === 'Hard' ? ['reasoner'] : diff === 'Medium' ? ['cheap', 'coder', 'reasoner'] : ['cheap', 'coder'];
      rows.push({
        id: `leetcode-${num}`,
        task: 'ask',
        instruction: text,
        languageId: 'plaintext',
        selection: '',
        expect: diff === 'Hard' ? 'reasoner' : diff === 'Medium' ? 'coder' : 'cheap',
        acceptable,
        source: { repo, path, commit },
        labelRule:
          diff === 'Hard'
            ? 'LeetCode Hard: solving it needs a non-obvious algorithm under the stated limits -> reasoner only'
            : diff === 'Medium'
              ? 'LeetCode Medium: a standard technique; coder expected, cheap or reasoner defensible'
              : 'LeetCode Easy: the task default (cheap under Ask, coder under Generate); never the reasoner',
        meta: { difficulty: diff, title, ...(rating ? { rating: Number(rating) } : {}) },
      });
    }
  }
  return rows;
}

function humaneval(): Row[] {
  const repo = 'openai/human-eval';
  const commit = head(repo);
  const path = 'data/HumanEval.jsonl.gz';
  const { gunzipSync } = require('node:zlib') as typeof import('node:zlib');
  const text = gunzipSync(gitBuf(repo, 'show', `HEAD:${path}`)).toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const p = JSON.parse(l) as { task_id: string; prompt: string };
      // Alternate the two ways an editor user meets a stub: Generate on the selected stub, and Complete at its end.
      const generate = i % 2 === 0;
      return {
        id: p.task_id.replace('/', '-').toLowerCase(),
        task: generate ? 'generate' : 'complete',
        instruction: generate ? 'implement this function' : '',
        languageId: 'python',
        selection: p.prompt,
        expect: 'coder' as Tier,
        acceptable: ['coder'] as Tier[],
        source: { repo, path, commit },
        labelRule:
          'Function-writing benchmark stub (signature + docstring): code generation -> coder; never the reasoner',
      };
    });
}

function mbpp(): Row[] {
  // The original is google-research/google-research mbpp/mbpp.jsonl; the bytes were read from a copy of that file.
  const repo = 'Yogi-20MIS7040/DL';
  const commit = head(repo);
  const path = 'mbpp.jsonl';
  const text = git(repo, 'show', `HEAD:${path}`);
  const rows: Row[] = [];
  for (const l of text.split('\n')) {
    if (!l.trim()) continue;
    const p = JSON.parse(l) as { text: string; task_id: number; test_list: string[] };
    if (hash(String(p.task_id)) % 3 !== 0) continue; // a third of the 974, deterministic
    const stub = p.test_list[0] ?? '';
    rows.push({
      id: `mbpp-${p.task_id}`,
      task: 'generate',
      instruction: p.task_id % 2 ? p.text : `${p.text} It must pass: ${stub}`,
      languageId: 'python',
      selection: '',
      expect: 'coder',
      acceptable: ['coder'],
      source: {
        repo: 'google-research/google-research',
        path: 'mbpp/mbpp.jsonl',
        commit: '2251e8c67a7fe7d6348714967ee101080b28e956',
      },
      labelRule: 'Function-writing benchmark (MBPP, entry-level Python): code generation -> coder; never the reasoner',
      meta: { copyFrom: `${repo}@${commit}:${path}` },
    });
  }
  return rows;
}

function quixbugs(): Row[] {
  const repo = 'jkoppel/QuixBugs';
  const commit = head(repo);
  const rows: Row[] = [];
  const files = git(repo, 'ls-tree', '--name-only', 'HEAD', 'python_programs/', 'java_programs/')
    .split('\n')
    .filter(
      (f) => (f.endsWith('.py') && !f.endsWith('_test.py')) || (f.endsWith('.java') && !/Node|WeightedEdge/.test(f)),
    );
  files.forEach((path, i) => {
    let code = git(repo, 'show', `HEAD:${path}`);
    const py = path.endsWith('.py');
    // Python files end with a docstring that describes the algorithm: keep it (it is what the user would select).
    if (!py) code = code.replace(/^package java_programs;\n/, '').replace(/\/\*\s*\*\/\n/, '');
    const name = path
      .split('/')[1]
      .replace(/\.(py|java)$/, '')
      .toLowerCase();
    const instructions = [
      '',
      'this returns the wrong result, fix it',
      'fix the bug',
      'find and fix the bug in this function',
    ];
    rows.push({
      id: `quixbugs-${py ? 'py' : 'java'}-${name}`,
      task: 'fix',
      instruction: instructions[i % instructions.length],
      languageId: py ? 'python' : 'java',
      selection: code.trim(),
      expect: 'coder',
      acceptable: ['coder'],
      source: { repo, path, commit },
      labelRule: 'QuixBugs: a textbook algorithm with a one-line defect, single-threaded and deterministic -> coder',
    });
  });
  return rows;
}

/** The code before a commit, from the diff's context and removed lines (what the user had selected). */
function preImage(diff: string, maxLines: number): { file: string; code: string } {
  const out: string[] = [];
  let file = '';
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git')) {
      if (out.length >= maxLines) break;
      continue;
    }
    if (line.startsWith('+++ b/')) {
      if (!file) file = line.slice(6);
      continue;
    }
    if (line.startsWith('---') || line.startsWith('index ') || line.startsWith('+')) continue;
    if (line.startsWith('@@')) {
      if (out.length) out.push('');
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('-')) out.push(line.slice(1));
    if (out.length >= maxLines) break;
  }
  return { file, code: out.join('\n').trim() };
}

function goConcurrency(): Row[] {
  const repo = 'system-pclub/go-concurrency-bugs';
  const commit = head(repo);
  const files = git(repo, 'ls-tree', '-r', '--name-only', 'HEAD')
    .split('\n')
    .filter((f) => f.endsWith('.txt'));
  const rows: Row[] = [];
  for (const path of files) {
    const text = git(repo, 'show', `HEAD:${path}`);
    const at = text.indexOf('\ndiff --git');
    if (at < 0) continue;
    const message = text
      .slice(0, at)
      .split('\n')
      .filter((l) => l.startsWith('    '))
      .map((l) => l.trim())
      .filter(
        (l) =>
          !/^(Merge pull request|Signed-off-by|Reviewed-by|Change-Id|Fixes #|Closes #|Docker-DCO|\(cherry picked)/i.test(
            l,
          ) && l !== '',
      );
    if (!message.length) continue;
    const words = message.slice(0, 3).join(' ').slice(0, 400);
    const { file, code } = preImage(text.slice(at), 60);
    if (!code || !file.endsWith('.go')) continue;
    const blocking = path.startsWith('blocking-bugs/');
    const project = path.split('/')[1];
    const sha = path.split('/')[2].replace('.txt', '');
    rows.push({
      id: `gobug-${project}-${sha.slice(0, 10)}`,
      task: 'fix',
      instruction: words,
      languageId: 'go',
      selection: code,
      expect: 'reasoner',
      acceptable: ['reasoner'],
      source: { repo, path, commit },
      labelRule: `Real ${blocking ? 'blocking' : 'non-blocking'} concurrency bug from ${project} (ASPLOS'19 study), fix described by its commit message: concurrency debugging -> reasoner`,
      meta: { project, upstreamCommit: sha, kind: blocking ? 'blocking' : 'non-blocking' },
    });
  }
  return rows;
}

const SOURCES = [
  {
    name: 'leetcode',
    build: leetcode,
    repo: 'doocs/leetcode',
    licence: 'CC-BY-SA-4.0',
    note: 'Statements of LeetCode problems as published with difficulty and contest rating by doocs/leetcode under CC BY-SA 4.0 (attribution: doocs/leetcode contributors; this file is shared under the same licence). Easy/Medium/Hard sampled deterministically (FNV hash of the path).',
  },
  {
    name: 'humaneval',
    build: humaneval,
    repo: 'openai/human-eval',
    licence: 'MIT',
    note: 'All 164 HumanEval prompts (Copyright (c) OpenAI, MIT licence).',
  },
  {
    name: 'mbpp',
    build: mbpp,
    repo: 'google-research/google-research',
    licence: 'CC-BY-4.0',
    note: 'A deterministic third of MBPP (Austin et al. 2021, CC BY 4.0); bytes read from Yogi-20MIS7040/DL mbpp.jsonl, an unmodified copy of google-research mbpp/mbpp.jsonl.',
  },
  {
    name: 'quixbugs',
    build: quixbugs,
    repo: 'jkoppel/QuixBugs',
    licence: 'MIT',
    note: 'The 40 Python and 40 Java buggy programs of QuixBugs (Copyright 2017-2019 James Koppel, MIT licence) under Fix.',
  },
  {
    name: 'go-concurrency-bugs',
    build: goConcurrency,
    repo: 'system-pclub/go-concurrency-bugs',
    licence: 'Apache-2.0 (upstream code); MIT (boltdb)',
    note: 'Commits of the ASPLOS 2019 study of Go concurrency bugs: the commit message as the request and the code before the fix as the selection. The study repository states no licence of its own; each row is an excerpt of a commit of Docker, Kubernetes, etcd, gRPC-go, CockroachDB (Apache-2.0 at those commits) or BoltDB (MIT), attributed by upstream commit id.',
  },
] as const;

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const only = process.env.FRUGAL_ONLY?.split(',');
  const sourcesPath = join(outDir, 'SOURCES.json');
  // One source rebuilt: the other scripts' entries in SOURCES.json stay as they are.
  const summary: Array<Record<string, unknown>> =
    only && existsSync(sourcesPath)
      ? (JSON.parse(readFileSync(sourcesPath, 'utf8')) as Array<Record<string, unknown>>)
      : [];
  for (const s of SOURCES) {
    if (only && !only.includes(s.name)) continue;
    const rows = s.build();
    writeFileSync(join(outDir, `${s.name}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const commit = rows[0]?.source.commit;
    const at = summary.findIndex((e) => e.name === s.name);
    if (at >= 0) summary.splice(at, 1);
    summary.splice(at >= 0 ? at : summary.length, 0, {
      name: s.name,
      file: `${s.name}.jsonl`,
      rows: rows.length,
      repo: s.repo,
      commit,
      licence: s.licence,
      note: s.note,
    });
    console.log(`${s.name}: ${rows.length} rows`);
  }
  writeFileSync(sourcesPath, JSON.stringify(summary, null, 2) + '\n');
}

main();

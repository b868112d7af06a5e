// Rebuilds the bug-fix and security-review sets of test/data/external from local snapshots of public repositories
// (the search tool's `fetch` puts them under /work/.mirror/OWNER+NAME/repo; override with FRUGAL_MIRRORS=dir), and
// appends their entries to test/data/external/SOURCES.json (entries of other sets are kept as they are).
//   npx tsx scripts/buildRouterQuestions.ts            (needs the Debian packages bandit and cppcheck for the scanner findings)
// Row schema as scripts/buildRouterData.ts: {id, task, instruction, languageId, selection, expect, acceptable, source,
// labelRule, meta}, plus `diagnostics` (the scanner's findings, as an editor would pass them to Fix).
// Labels come from the source's own metadata (AtCoder difficulty, CWE id, scanner rule), never from the router.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, hash, head, pick, readMany } from './snapshots';

const root = join(__dirname, '..');
const outDir = join(root, 'test', 'data', 'external');

type Tier = 'cheap' | 'coder' | 'reasoner';
interface Diagnostic {
  message: string;
  severity: 'error' | 'warning';
  line: number;
}
interface Row {
  id: string;
  task: string;
  instruction: string;
  languageId: string;
  selection: string;
  diagnostics?: Diagnostic[];
  expect: Tier;
  acceptable: Tier[];
  source: { repo: string; path?: string; commit?: string; url?: string; kind?: string; author?: string };
  labelRule: string;
  meta?: Record<string, string | number>;
}

// ---------------------------------------------------------------------------------------------------------------
// ConDefects: real faulty AtCoder submissions (Python and Java) with the problem's estimated difficulty.

function condefects(): Row[] {
  const repo = 'appmlk/ConDefects';
  const commit = head(repo);
  const difficulty = new Map<string, number>();
  for (const line of git(repo, 'show', 'HEAD:difficulty.txt').split('\n')) {
    const m = /^(\S+) (-?\d+)$/.exec(line.trim());
    if (m) difficulty.set(m[1], Number(m[2]));
  }
  const faulty = git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', 'Code')
    .split('\n')
    .filter((p) => /\/faultyVersion\.(py|java)$/.test(p));
  // Buckets by AtCoder Problems' estimated difficulty (a rating: ~50% of contestants at that rating solve it).
  const buckets = [
    { name: 'trivial', lo: -Infinity, hi: 400, per: 30 },
    { name: 'easy', lo: 400, hi: 1200, per: 30 },
    { name: 'medium', lo: 1200, hi: 2000, per: 30 },
    { name: 'hard', lo: 2000, hi: Infinity, per: 30 },
  ] as const;
  const candidates = new Map<string, Array<{ path: string; task: string; lang: string; diff: number }>>();
  for (const path of faulty) {
    const [, task, lang] = path.split('/');
    const d = difficulty.get(task);
    if (d === undefined) continue;
    const b = buckets.find((x) => d >= x.lo && d < x.hi)!;
    const list = candidates.get(b.name) ?? [];
    list.push({ path, task, lang, diff: d });
    candidates.set(b.name, list);
  }
  const rows: Row[] = [];
  const instructions = [
    '',
    'fix the bug',
    'this gets WA on some test cases, fix it',
    'My solution to AtCoder {task} gives the wrong answer on some tests. Where is the bug?',
    'wrong answer on hidden tests, what is wrong?',
    '{task}: WA. fix',
  ];
  for (const b of buckets) {
    const list = (candidates.get(b.name) ?? []).sort((x, y) => hash(x.path) - hash(y.path));
    const texts = readMany(
      repo,
      list.slice(0, b.per * 4).map((x) => x.path),
    );
    const seenTask = new Set<string>();
    let java = 0;
    let taken = 0;
    for (const c of list) {
      if (taken >= b.per) break;
      const code = texts.get(c.path);
      if (!code || seenTask.has(c.task)) continue; // one submission per problem
      if (code.length > 7000) continue; // a user selects a solution, not a 40 KB template library
      if (c.lang === 'Java' && java >= b.per / 3) continue; // two thirds Python, one third Java
      seenTask.add(c.task);
      if (c.lang === 'Java') java++;
      taken++;
      const submission = c.path.split('/')[3];
      const hard = b.name === 'hard';
      const medium = b.name === 'medium';
      const trivial = b.name === 'trivial';
      rows.push({
        id: `condefects-${c.task}-${submission}`,
        task: 'fix',
        instruction: pick(instructions, c.path).replace('{task}', c.task),
        languageId: c.lang === 'Java' ? 'java' : 'python',
        selection: code.trim(),
        expect: hard ? 'reasoner' : 'coder',
        acceptable: hard ? ['reasoner'] : medium ? ['coder', 'reasoner'] : trivial ? ['coder', 'cheap'] : ['coder'],
        source: { repo, path: c.path, commit },
        labelRule: hard
          ? 'ConDefects, AtCoder difficulty >= 2000: locating the fault in a solution to a hard problem needs the algorithm re-derived -> reasoner'
          : medium
            ? 'ConDefects, AtCoder difficulty 1200-1999: a standard technique with a subtle defect; coder expected, reasoner defensible'
            : trivial
              ? 'ConDefects, AtCoder difficulty < 400: a beginner problem with a plain defect; coder (the Fix default), cheap defensible'
              : 'ConDefects, AtCoder difficulty 400-1199: a known technique with a plain defect -> coder',
        meta: { difficulty: c.diff, bucket: b.name, atcoderTask: c.task, submission },
      });
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// DebugBench: LeetCode solutions (C++, Java, Python 3) with bugs planted by category, each with the problem's
// LeetCode level. Put to the editor under Fix with the statement or a short instruction, as a user would.

/** DebugBench's bug categories (Tian et al. 2024, table 1), by the minor type each shard is named after. */
const DEBUGBENCH_GROUP: Record<string, 'syntax' | 'reference' | 'logic' | 'multiple'> = {
  'illegal comment': 'syntax',
  'illegal indentation': 'syntax',
  'illegal separation': 'syntax',
  'missing colons': 'syntax',
  'misused == or =': 'syntax',
  'unclosed parentheses': 'syntax',
  'unclosed string': 'syntax',
  'faulty indexing': 'reference',
  'illegal keywords': 'reference',
  'undefined methods': 'reference',
  'undefined objects': 'reference',
  'condition error': 'logic',
  'operation error': 'logic',
  'variable error': 'logic',
  'other error': 'logic',
  double: 'multiple',
  triple: 'multiple',
  quadruple: 'multiple',
};

interface DebugBenchCase {
  slug: string;
  description: string;
  examples?: string[] | string;
  constraints?: string;
  level: 'easy' | 'medium' | 'hard';
  buggy_code: string;
}

function debugbenchStatement(c: DebugBenchCase): string {
  const examples = Array.isArray(c.examples) ? c.examples : c.examples ? [c.examples] : [];
  const parts = [c.description.trim()];
  examples.slice(0, 2).forEach((e, k) => parts.push(`Example ${k + 1}:\n${e.trim()}`));
  if (c.constraints?.trim()) parts.push(`Constraints:\n${c.constraints.trim()}`);
  return parts.join('\n\n');
}

function debugbench(): Row[] {
  const repo = 'thunlp/DebugBench';
  const commit = head(repo);
  const shards = git(repo, 'ls-tree', '--name-only', 'HEAD', 'benchmark/')
    .split('\n')
    .filter((p) => p.endsWith('.json'));
  const texts = readMany(repo, shards);
  type Cell = { level: string; group: 'plain' | 'logic' | 'multiple' };
  const cells = new Map<
    string,
    Array<{ c: DebugBenchCase; path: string; lang: string; subtype: string; group: string }>
  >();
  for (const path of shards) {
    const m = /^benchmark\/(cpp|java|python3)_(.+)\.json$/.exec(path);
    if (!m) continue;
    const [, lang, subtype] = m;
    const group = DEBUGBENCH_GROUP[subtype];
    if (!group) throw new Error(`DebugBench: unknown bug type ${subtype}`);
    for (const c of JSON.parse(texts.get(path) ?? '[]') as DebugBenchCase[]) {
      const cell: Cell = { level: c.level, group: group === 'syntax' || group === 'reference' ? 'plain' : group };
      const key = `${cell.level}/${cell.group}`;
      const list = cells.get(key) ?? [];
      list.push({ c, path, lang, subtype, group });
      cells.set(key, list);
    }
  }
  const instructions = [
    '',
    'fix the bug',
    "this doesn't pass the tests, fix it",
    'My solution to LeetCode "{title}" fails. What is wrong?',
    'This is my solution to the problem below, but it does not work. Find and fix the bug.\n\n{statement}',
    '{statement}\n\nMy code above does not pass. Fix it.',
  ];
  const PER = 17;
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const level of ['easy', 'medium', 'hard'])
    for (const group of ['plain', 'logic', 'multiple'] as const) {
      const list = (cells.get(`${level}/${group}`) ?? []).sort(
        (x, y) => hash(`${x.path}:${x.c.slug}`) - hash(`${y.path}:${y.c.slug}`),
      );
      let taken = 0;
      for (const x of list) {
        if (taken >= PER) break;
        const code = x.c.buggy_code.trim();
        if (seen.has(x.c.slug) || code.length > 7000 || !x.c.description?.trim()) continue;
        seen.add(x.c.slug); // one bug per problem across the whole set
        taken++;
        const title = x.c.slug.replace(/-/g, ' ').replace(/\b\w/g, (ch) => ch.toUpperCase());
        const instruction = pick(instructions, `${x.path}:${x.c.slug}`)
          .replace('{title}', title)
          .replace('{statement}', debugbenchStatement(x.c));
        const hard = level === 'hard';
        const subtle = group !== 'plain';
        const label: Pick<Row, 'expect' | 'acceptable' | 'labelRule'> =
          hard && subtle
            ? {
                expect: 'reasoner',
                acceptable: ['reasoner', 'coder'],
                labelRule:
                  'DebugBench, LeetCode Hard with a logic or multiple bug: finding it needs the algorithm understood -> reasoner; coder defensible (the bug is planted, often a single change)',
              }
            : subtle && level === 'medium'
              ? {
                  expect: 'coder',
                  acceptable: ['coder', 'reasoner'],
                  labelRule:
                    'DebugBench, LeetCode Medium with a logic or multiple bug: a standard technique with a planted defect; coder expected, reasoner defensible',
                }
              : subtle
                ? {
                    expect: 'coder',
                    acceptable: ['coder'],
                    labelRule:
                      'DebugBench, LeetCode Easy with a logic or multiple bug: a plain defect -> coder (the Fix default)',
                  }
                : {
                    expect: 'coder',
                    acceptable: hard ? ['coder', 'reasoner'] : ['coder', 'cheap'],
                    labelRule: hard
                      ? 'DebugBench, LeetCode Hard with a syntax or reference bug: the compiler or runtime points at it -> coder; reasoner defensible'
                      : 'DebugBench, LeetCode Easy/Medium with a syntax or reference bug: the compiler or runtime points at it -> coder; cheap defensible',
                  };
        rows.push({
          id: `debugbench-${x.lang}-${x.subtype.replace(/[^a-z]+/g, '-')}-${x.c.slug}`,
          task: 'fix',
          instruction,
          languageId: x.lang === 'python3' ? 'python' : x.lang,
          selection: code,
          ...label,
          source: { repo, path: x.path, commit },
          meta: { level, category: x.group, subtype: x.subtype, slug: x.c.slug },
        });
      }
    }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Security: bandit's vulnerable examples (with bandit's own findings), Juliet C/C++ 1.3 and a pre-processed Juliet
// Java subset (CWE labels from the suite). Three request kinds: a security review, Fix with the scanner's finding as
// the diagnostic, and a plain Explain on the same code.

/** CWE of each bandit test id (from bandit's plugin documentation). */
const BANDIT_CWE: Record<string, number> = {
  B101: 703,
  B102: 78,
  B103: 732,
  B104: 605,
  B105: 259,
  B106: 259,
  B107: 259,
  B108: 377,
  B110: 703,
  B112: 703,
  B113: 400,
  B201: 94,
  B202: 22,
  B301: 502,
  B302: 502,
  B303: 327,
  B304: 327,
  B305: 327,
  B306: 377,
  B307: 78,
  B308: 79,
  B310: 22,
  B311: 330,
  B312: 319,
  B313: 20,
  B314: 20,
  B315: 20,
  B316: 20,
  B317: 20,
  B318: 20,
  B319: 20,
  B320: 20,
  B321: 319,
  B323: 295,
  B324: 327,
  B401: 319,
  B402: 319,
  B403: 502,
  B404: 78,
  B405: 20,
  B406: 20,
  B407: 20,
  B408: 20,
  B409: 20,
  B410: 20,
  B411: 20,
  B412: 20,
  B413: 327,
  B501: 295,
  B502: 327,
  B503: 327,
  B504: 327,
  B505: 326,
  B506: 20,
  B507: 295,
  B508: 319,
  B509: 319,
  B601: 78,
  B602: 78,
  B603: 78,
  B604: 78,
  B605: 78,
  B606: 78,
  B607: 78,
  B608: 89,
  B609: 78,
  B610: 89,
  B611: 89,
  B612: 94,
  B613: 838,
  B614: 502,
  B615: 494,
  B701: 94,
  B702: 80,
  B703: 80,
};

/** How a developer asks for a review, by the kind of weakness (the user's wording, not the CWE's). */
function reviewWording(cwe: number, key: string): string {
  const byKind: Record<string, string[]> = {
    injection: [
      'review this for injection',
      'is this vulnerable to SQL injection?',
      'can a user inject anything here?',
      'security review please: any injection risk?',
    ],
    command: [
      'is it safe to run commands like this?',
      'review this for command injection',
      'could an attacker run arbitrary commands through this?',
    ],
    deser: ['is it safe to load untrusted data like this?', 'review this deserialization for security problems'],
    crypto: [
      'is this crypto usage secure?',
      'review the hashing/encryption here',
      'is this secure enough for passwords and tokens?',
    ],
    memory: [
      'is this memory safe?',
      'review this C for memory safety bugs',
      'can this overflow or corrupt memory?',
      'look for undefined behaviour and memory bugs here',
    ],
    race: ['is there a race condition here?', 'review this for thread-safety and TOCTOU issues'],
    path: ['can this be abused with ../ paths?', 'review this file handling for path traversal'],
    xss: ['is this XSS-safe?', 'review this for cross-site scripting'],
    secret: [
      'any security issue with how credentials are handled here?',
      'review this for hard-coded secrets and credential handling',
    ],
    general: [
      'security review of this code',
      'is this code secure?',
      'any vulnerabilities in this?',
      'audit this for security issues',
    ],
  };
  // Reviews a developer asks for without naming security at all (the label does not change: the finding is the job).
  const neutral = [
    'anything I should worry about before shipping this?',
    'would you merge this as is?',
    'can user input break this?',
    'what could go wrong here in production?',
  ];
  if (hash(key + '#neutral') % 3 === 0) return pick(neutral, key);
  const kind = [89, 90, 566].includes(cwe)
    ? 'injection'
    : [78, 94, 114, 426, 427].includes(cwe)
      ? 'command'
      : [502, 494].includes(cwe)
        ? 'deser'
        : [327, 328, 326, 330, 338, 295, 780, 325, 319, 523].includes(cwe)
          ? 'crypto'
          : [
                121, 122, 123, 124, 126, 127, 129, 134, 190, 191, 194, 195, 197, 401, 415, 416, 457, 476, 590, 680, 690,
                761, 762, 789, 676, 242, 562, 606,
              ].includes(cwe)
            ? 'memory'
            : [362, 364, 366, 367, 377, 667, 832].includes(cwe)
              ? 'race'
              : [22, 23, 36].includes(cwe)
                ? 'path'
                : [79, 80, 81, 83].includes(cwe)
                  ? 'xss'
                  : [256, 259, 321, 549].includes(cwe)
                    ? 'secret'
                    : 'general';
  return pick(byKind[kind], key);
}
/** Weaknesses whose analysis needs reasoning about memory, integer ranges or timing, not a known call pattern. */
const DEEP_CWE = new Set([
  121, 122, 123, 124, 126, 127, 129, 190, 191, 194, 195, 197, 364, 366, 367, 401, 415, 416, 457, 476, 590, 667, 680,
  690, 761, 762, 789, 832,
]);

function securityLabels(
  kind: 'review' | 'fix' | 'explain',
  cwe: number,
): Pick<Row, 'expect' | 'acceptable' | 'labelRule'> {
  const deep = DEEP_CWE.has(cwe);
  if (kind === 'review') {
    return deep
      ? {
          expect: 'reasoner',
          acceptable: ['reasoner'],
          labelRule: `Security review of code with a CWE-${cwe} memory/integer/timing weakness (suite label): security analysis -> reasoner`,
        }
      : {
          expect: 'reasoner',
          acceptable: ['reasoner', 'coder'],
          labelRule: `Security review of code with a CWE-${cwe} weakness (suite label): security analysis -> reasoner; a coder model spots this known call pattern, so coder is defensible`,
        };
  }
  if (kind === 'fix') {
    return {
      expect: 'coder',
      acceptable: deep ? ['coder', 'reasoner'] : ['coder'],
      labelRule: deep
        ? `Fix with the analyser's CWE-${cwe} finding as the diagnostic: the cause is stated -> coder; memory/integer weakness, so reasoner defensible`
        : `Fix with the scanner's CWE-${cwe} finding as the diagnostic: a clear-cut fix with a stated cause -> coder`,
    };
  }
  return {
    expect: 'cheap',
    acceptable: ['cheap', 'coder'],
    labelRule: `Explain on code that happens to hold a CWE-${cwe} weakness; the user asked what it does, not for an audit -> cheap (Explain default), coder defensible`,
  };
}

function banditSet(): Row[] {
  const repo = 'PyCQA/bandit';
  const commit = head(repo);
  const skip =
    /^(imports|new_candidates|nosec|skip|okay|nonsense|long_set|multiline_statement|init-py-test|trojansource|__init__|mark_safe_secure|markupsafe_markup_xss_allowed|binding)/;
  const files = git(repo, 'ls-tree', '--name-only', 'HEAD', 'examples/')
    .split('\n')
    .filter((p) => p.endsWith('.py') && !skip.test(p.slice('examples/'.length)));
  const texts = readMany(repo, files);
  const dir = mkdtempSync(join(tmpdir(), 'frugal-bandit-'));
  try {
    for (const p of files) writeFileSync(join(dir, p.slice('examples/'.length)), texts.get(p) ?? '');
    let out: string;
    try {
      out = execFileSync('bandit', ['-f', 'json', '-q', '-r', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      // bandit exits 1 when it reports issues; its JSON is still on stdout.
      const err = e as { stdout?: string; code?: string };
      if (err.code === 'ENOENT') throw new Error('bandit is not installed (apt-get install bandit)');
      out = err.stdout ?? '';
    }
    const bandit = JSON.parse(out) as {
      results: Array<{
        filename: string;
        test_id: string;
        issue_text: string;
        issue_severity: string;
        line_number: number;
      }>;
    };
    const version = execFileSync('bandit', ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
    const rows: Row[] = [];
    for (const p of files) {
      const name = p.slice('examples/'.length);
      const findings = bandit.results.filter((r) => r.filename.endsWith('/' + name) && r.issue_severity !== 'LOW');
      if (!findings.length) continue;
      const original = (texts.get(p) ?? '').split('\n');
      const code = stripPyComments(original.join('\n'));
      if (code.length > 6000 || code.length < 40) continue;
      const codeLines = code.split('\n');
      // bandit's line numbers are in the original file; place each finding on the same line of the stripped selection.
      const lineIn = (n: number): number => {
        const at = codeLines.findIndex((l) => l.trim() && original[n - 1]?.trim().startsWith(l.trim()));
        return at >= 0 ? at + 1 : 0;
      };
      const first = findings[0];
      const cwe = BANDIT_CWE[first.test_id] ?? 0;
      const kind = pick(['review', 'review', 'fix', 'fix', 'explain'] as const, p);
      const labels = securityLabels(kind, cwe);
      rows.push({
        id: `bandit-${name.replace(/\.py$/, '')}`,
        task: kind === 'review' ? 'ask' : kind,
        instruction:
          kind === 'review'
            ? reviewWording(cwe, p)
            : kind === 'fix'
              ? pick(['', 'fix the security warnings', 'fix this'], p + 'i')
              : '',
        languageId: 'python',
        selection: code,
        ...(kind === 'fix'
          ? {
              diagnostics: findings.slice(0, 8).map(
                (f) =>
                  ({
                    message: `[bandit ${f.test_id}] ${f.issue_text}`,
                    severity: f.issue_severity === 'HIGH' ? 'error' : 'warning',
                    line: lineIn(f.line_number),
                  }) as Diagnostic,
              ),
            }
          : {}),
        ...labels,
        source: { repo, path: p, commit },
        meta: {
          cwe: `CWE-${cwe}`,
          banditTest: first.test_id,
          findings: findings.length,
          scanner: version,
          transform: 'comments stripped',
        },
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Strips Python comments (the examples say "# Insecure mode" next to the flaw): whole-line ones, and trailing ones
 * when the code before the # holds no quote (so a # inside a string literal is kept). */
function stripPyComments(code: string): string {
  return code
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .map((l) => {
      const at = l.indexOf(' #');
      return at > 0 && !/['"]/.test(l.slice(0, at)) ? l.slice(0, at).trimEnd() : l;
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Strips C comments (the suite's FLAW/FIX comments give the answer away) and blank-line runs. */
function stripCComments(code: string): string {
  return code
    .replace(/\r\n/g, '\n')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:"])\/\/[^\n]*/g, '$1')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const JULIET_C_CWES = [
  'CWE121_Stack_Based_Buffer_Overflow',
  'CWE122_Heap_Based_Buffer_Overflow',
  'CWE124_Buffer_Underwrite',
  'CWE126_Buffer_Overread',
  'CWE127_Buffer_Underread',
  'CWE134_Uncontrolled_Format_String',
  'CWE190_Integer_Overflow',
  'CWE191_Integer_Underflow',
  'CWE195_Signed_to_Unsigned_Conversion_Error',
  'CWE197_Numeric_Truncation_Error',
  'CWE23_Relative_Path_Traversal',
  'CWE252_Unchecked_Return_Value',
  'CWE259_Hard_Coded_Password',
  'CWE327_Use_Broken_Crypto',
  'CWE338_Weak_PRNG',
  'CWE364_Signal_Handler_Race_Condition',
  'CWE366_Race_Condition_Within_Thread',
  'CWE367_TOC_TOU',
  'CWE369_Divide_by_Zero',
  'CWE377_Insecure_Temporary_File',
  'CWE401_Memory_Leak',
  'CWE415_Double_Free',
  'CWE416_Use_After_Free',
  'CWE457_Use_of_Uninitialized_Variable',
  'CWE476_NULL_Pointer_Dereference',
  'CWE590_Free_Memory_Not_on_Heap',
  'CWE667_Improper_Locking',
  'CWE680_Integer_Overflow_to_Buffer_Overflow',
  'CWE690_NULL_Deref_From_Return',
  'CWE761_Free_Pointer_Not_at_Start_of_Buffer',
  'CWE762_Mismatched_Memory_Management_Routines',
  'CWE78_OS_Command_Injection',
  'CWE789_Uncontrolled_Mem_Alloc',
  'CWE832_Unlock_of_Resource_That_is_Not_Locked',
  'CWE36_Absolute_Path_Traversal',
];

/** cppcheck's findings (Debian cppcheck, --enable=warning) on one C file with the suite's support headers. */
function cppcheck(
  src: string,
  supportDir: string,
  dir: string,
  name: string,
): Array<{ line: number; id: string; message: string; severity: string }> {
  const file = join(dir, name);
  writeFileSync(file, src);
  const run = spawnSync(
    'cppcheck',
    ['--enable=warning', '--quiet', '--template={line}\t{severity}\t{id}\t{message}', `-I${supportDir}`, file],
    { encoding: 'utf8' },
  );
  if (run.error) throw new Error(`cppcheck did not run (apt-get install cppcheck): ${run.error.message}`);
  const text = run.stderr;
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [line, severity, id, ...msg] = l.split('\t');
      return { line: Number(line), severity, id, message: msg.join('\t') };
    })
    .filter((f) => Number.isFinite(f.line) && f.line > 0);
}

function julietC(): Row[] {
  const repo = 'arichardson/juliet-test-suite-c';
  const commit = head(repo);
  const all = git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', 'testcases').split('\n');
  const chosen: string[] = [];
  for (const cwe of JULIET_C_CWES) {
    const files = all
      .filter(
        (p) =>
          p.startsWith(`testcases/${cwe}/`) && /_01\.c$/.test(p) && !/w32|wchar_t|listen_socket|connect_socket/.test(p),
      )
      .sort((a, b) => hash(a) - hash(b));
    chosen.push(...files.slice(0, 1));
  }
  const support = all.length
    ? git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', 'testcasesupport')
        .split('\n')
        .filter((p) => p.endsWith('.h'))
    : [];
  const texts = readMany(repo, [...chosen, ...support]);
  const dir = mkdtempSync(join(tmpdir(), 'frugal-juliet-'));
  const rows: Row[] = [];
  try {
    for (const h of support) writeFileSync(join(dir, h.split('/').pop()!), texts.get(h) ?? '');
    for (const p of chosen) {
      const src = texts.get(p) ?? '';
      const base = p.split('/').pop()!.replace(/\.c$/, '');
      const m = /#ifndef OMITBAD([\s\S]*?)#endif \/\* OMITBAD \*\//.exec(src);
      if (!m) continue;
      // The suite names the function after the weakness (CWE416_..._bad): give it a neutral name a user's code would have.
      const neutral = (t: string): string =>
        t.replace(new RegExp(`${base}_bad`, 'g'), 'process').replace(/CWE\d+_[A-Za-z0-9_]+/g, 'helper');
      const code = neutral(stripCComments(m[1]));
      if (code.length < 80 || code.length > 5000) continue;
      const cwe = Number(/^CWE(\d+)/.exec(base)![1]);
      // cppcheck on the whole test case; keep its findings inside the bad function, placed on the selection's lines.
      const badStart = src.slice(0, m.index).split('\n').length;
      const badEnd = badStart + m[1].split('\n').length;
      const srcLines = src.split('\n');
      const codeLines = code.split('\n');
      const findings = cppcheck(src, dir, dir, `${base}.c`)
        .filter((f) => f.line >= badStart && f.line <= badEnd && (f.severity === 'error' || f.severity === 'warning'))
        .map((f) => {
          const text = neutral(srcLines[f.line - 1] ?? '').trim();
          const at = codeLines.findIndex((l) => l.trim() === text);
          return { ...f, line: at >= 0 ? at + 1 : 0, message: neutral(f.message) };
        });
      let kind = pick(['review', 'review', 'fix', 'explain'] as const, p);
      if (findings.length)
        kind = 'fix'; // a finding from the analyser is what a user would bring to Fix
      else if (kind === 'fix') kind = 'review';
      const labels = securityLabels(kind, cwe);
      rows.push({
        id: `juliet-c-${base.toLowerCase()}`,
        task: kind === 'review' ? 'ask' : kind,
        instruction:
          kind === 'review'
            ? reviewWording(cwe, p)
            : kind === 'fix'
              ? pick(['fix this', 'fix the warning', ''], p)
              : '',
        languageId: 'c',
        selection: code,
        ...(kind === 'fix'
          ? {
              diagnostics: findings.slice(0, 6).map(
                (f) =>
                  ({
                    message: `[cppcheck ${f.id}] ${f.message}`,
                    severity: f.severity === 'error' ? 'error' : 'warning',
                    line: f.line,
                  }) as Diagnostic,
              ),
            }
          : {}),
        ...labels,
        source: { repo, path: p, commit },
        meta: {
          cwe: `CWE-${cwe}`,
          suite: 'Juliet C/C++ 1.3',
          transform: 'OMITBAD function only; comments stripped; names neutralised',
        },
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

function julietJava(): Row[] {
  const repo = 'katamb/juliet-top-25';
  const commit = head(repo);
  const mapping = git(repo, 'show', 'HEAD:file-mapping.csv')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => {
      const [dataset, file, original, cwe, present] = l.split(',');
      return { dataset, file, original, cwe, present: present === 'True' };
    });
  const all = git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', 'src/testcases').split('\n');
  const byFile = new Map(
    all.map((p) => [
      p
        .split('/')
        .pop()!
        .replace(/\.java$/, ''),
      p,
    ]),
  );
  const perCwe = new Map<string, number>();
  const picked: Array<{ path: string; cwe: string; original: string; present: boolean }> = [];
  for (const m of mapping.filter((x) => x.present).sort((a, b) => hash(a.file) - hash(b.file))) {
    const path = byFile.get(m.file);
    if (!path || (perCwe.get(m.cwe) ?? 0) >= 2) continue;
    perCwe.set(m.cwe, (perCwe.get(m.cwe) ?? 0) + 1);
    picked.push({ path, cwe: m.cwe, original: m.original, present: m.present });
  }
  const texts = readMany(
    repo,
    picked.map((x) => x.path),
  );
  const rows: Row[] = [];
  for (const x of picked) {
    let code = texts.get(x.path) ?? '';
    code = code
      .replace(/^package [^\n]+\n/, '')
      .replace(/\n\s*public static void main\(String\[\] args\)[\s\S]*?mainFromParent\(args\);\s*\n\s*\}/, '')
      .trim();
    if (code.length > 6000) continue;
    const cwe = Number(x.cwe.replace('CWE-', ''));
    const kind = pick(['review', 'review', 'explain'] as const, x.path);
    const labels = securityLabels(kind, cwe);
    rows.push({
      id: `juliet-java-${x.path
        .split('/')
        .pop()!
        .replace(/\.java$/, '')
        .toLowerCase()}`,
      task: kind === 'review' ? 'ask' : kind,
      instruction: kind === 'review' ? reviewWording(cwe, x.path) : '',
      languageId: 'java',
      selection: code,
      ...labels,
      source: { repo, path: x.path, commit },
      meta: {
        cwe: x.cwe,
        suite: 'Juliet Java 1.3 (top-25 subset, comments and clues removed by katamb)',
        original: x.original,
      },
    });
  }
  return rows;
}

function security(): Row[] {
  return [...banditSet(), ...julietC(), ...julietJava()];
}

// ---------------------------------------------------------------------------------------------------------------
// Real developers' questions and code-review comments from GitHub issue and pull-request threads, found with the search
// tool's `issues` corpus and transcribed (the user's own words, trimmed, never rewritten) into a local cache:
// .cache/router-questions/github-questions.jsonl and github-review.jsonl (override with FRUGAL_QUESTIONS_CACHE=dir).
// GitHub grants no licence to redistribute issue text, so the repository keeps only each row's URL, labels, label rule
// and a SHA-256 of the transcribed text (to check a rebuild); the text stays in the cache, which is not committed.

const questionsCache = process.env.FRUGAL_QUESTIONS_CACHE ?? join(root, '.cache', 'router-questions');

function readCache(name: string): Row[] {
  const file = join(questionsCache, `${name}.jsonl`);
  if (!existsSync(file))
    throw new Error(`no cache ${file}: it is transcribed by hand from the search tool (see the header of this script)`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

/** The committed form of a cached row: everything but the user's text, plus a hash of that text. */
function idsOnly(r: Row): Record<string, unknown> {
  const text = JSON.stringify([r.instruction, r.selection, r.diagnostics ?? []]);
  return {
    id: r.id,
    task: r.task,
    languageId: r.languageId,
    expect: r.expect,
    acceptable: r.acceptable,
    source: r.source,
    labelRule: r.labelRule,
    ...(r.meta ? { meta: r.meta } : {}),
    textSha256: createHash('sha256').update(text).digest('hex'),
    textChars: r.instruction.length + r.selection.length,
  };
}

function githubQuestions(): Row[] {
  return readCache('github-questions');
}
function githubReview(): Row[] {
  return readCache('github-review');
}

// ---------------------------------------------------------------------------------------------------------------

interface SourceEntry {
  name: string;
  file: string;
  rows: number;
  repo: string;
  commit?: string;
  licence: string;
  note: string;
  labelRule?: string;
  textStored?: boolean;
}

interface SourceDef {
  name: string;
  build: () => Row[];
  repo: string;
  licence: string;
  note: string;
  labelRule: string;
  /** Store ids and labels only (the licence does not allow the text). */
  idsOnly?: boolean;
}

const SOURCES: SourceDef[] = [
  {
    name: 'condefects',
    build: condefects,
    repo: 'appmlk/ConDefects',
    licence: 'MIT',
    note: 'Faulty AtCoder submissions (Python, Java; Oct 2021 - 2024) from ConDefects (Wu et al., 2023; Copyright (c) 2024 appmlk, MIT licence), each under Fix with a short instruction a contestant would type (or none). 30 per difficulty bucket, one submission per problem, sampled by FNV hash of the path; selections over 7,000 characters skipped.',
    labelRule:
      'By AtCoder Problems estimated difficulty of the problem (difficulty.txt): < 400 coder (cheap defensible); 400-1199 coder; 1200-1999 coder (reasoner defensible); >= 2000 reasoner only.',
  },
  {
    name: 'debugbench',
    build: debugbench,
    repo: 'thunlp/DebugBench',
    licence:
      'Apache-2.0 (DebugBench, Tian et al. 2024); the problem statements are LeetCode problems as DebugBench publishes them',
    note: "Buggy LeetCode solutions (C++, Java, Python 3; problems released after June 2022) from DebugBench's benchmark/ shards, each with its bug type and the problem's LeetCode level. 17 per (level x bug group: syntax/reference, logic, multiple), one bug per problem, sampled by FNV hash of shard path and slug; selections over 7,000 characters skipped. Under Fix with no instruction, a short one, or the statement (description, two examples, constraints) in the instruction, chosen by the same hash.",
    labelRule:
      'By LeetCode level and DebugBench bug category: Hard with a logic or multiple bug -> reasoner (coder defensible); Medium logic/multiple -> coder (reasoner defensible); Easy logic/multiple -> coder; syntax/reference bugs -> coder (cheap defensible, or reasoner defensible on Hard).',
  },
  {
    name: 'security',
    build: security,
    repo: 'PyCQA/bandit; arichardson/juliet-test-suite-c; katamb/juliet-top-25',
    licence:
      'Apache-2.0 (bandit examples and findings); public domain / CC0-1.0 (Juliet C/C++ 1.3, Juliet Java 1.3 subset)',
    note: "Vulnerable code from bandit's examples/ (with bandit's own findings, Debian bandit 1.6.2, MEDIUM/HIGH only), from Juliet C/C++ 1.3 (NIST SARD, the OMITBAD function of one _01 test case per CWE, comments stripped and function renamed so no clue is left) and from the Juliet Java top-25 subset pre-processed by katamb (comments and good/bad clues removed; two vulnerable files per CWE). Request kinds: security review under Ask, Fix with the finding as a diagnostic, plain Explain.",
    labelRule:
      'Security review -> reasoner (coder also defensible for a known call pattern; reasoner only for memory/integer/timing CWEs); Fix with the scanner finding stated -> coder (reasoner defensible for memory/integer CWEs); Explain -> cheap (coder defensible).',
  },
  {
    name: 'github-questions',
    build: githubQuestions,
    repo: 'many (GitHub issue threads; each row names its repository and URL)',
    licence: 'none granted (GitHub user content): text not stored; ids, URLs and labels only',
    note: "Real developers' questions from GitHub issues (usage questions, error reports with code, race-detector and valgrind reports, performance, design and security questions) in many languages, found with the search tool's issues corpus. The user's own words are kept in a local cache (.cache/router-questions, not committed); this file keeps each row's URL, task, language, labels, rule and a SHA-256 of the text.",
    labelRule:
      'Per row (meta.rule): conceptual/how-to/error meaning -> cheap; stated error with a clear-cut fix -> coder; subtle deterministic semantics -> coder (reasoner defensible); performance with real sizes -> coder (reasoner defensible); races, deadlocks, flaky timing, memory corruption -> reasoner; design trade-offs with real constraints and security analysis -> reasoner (coder defensible); hard algorithm under tight limits -> reasoner; a well-known concurrency pitfall with a textbook fix, a flaky timing assertion, tests or code to a stated spec -> coder.',
    idsOnly: true,
  },
  {
    name: 'github-review',
    build: githubReview,
    repo: 'many (GitHub pull-request review threads and review-style issues; each row names its repository and URL)',
    licence: 'none granted (GitHub user content): text not stored; ids, URLs and labels only',
    note: "Code-review comments from GitHub pull-request review threads (and issues that review a line of code), each as the request the author would make of Frugal: the reviewer's words as the instruction, the reviewed hunk as the selection. Text kept in the local cache only, as for github-questions.",
    labelRule:
      'Per row (meta.rule): naming, wording, docs, formatting, moving code -> cheap; a specific local change or a concrete bug (wrong bound, unchecked return, injection by concatenation) -> coder; a question about what a hunk does -> cheap; a race/lock/ordering concern or an approach-level design objection -> reasoner (coder defensible).',
    idsOnly: true,
  },
];

function main(): void {
  const only = process.argv.slice(2);
  const sourcesPath = join(outDir, 'SOURCES.json');
  const existing = JSON.parse(readFileSync(sourcesPath, 'utf8')) as SourceEntry[];
  for (const s of SOURCES) {
    if (only.length && !only.includes(s.name)) continue;
    const rows = s.build();
    const file = s.idsOnly ? `${s.name}.ids.jsonl` : `${s.name}.jsonl`;
    const lines = rows.map((r) => JSON.stringify(s.idsOnly ? idsOnly(r) : r));
    writeFileSync(join(outDir, file), lines.join('\n') + '\n');
    const commits = [...new Set(rows.filter((r) => r.source.commit).map((r) => `${r.source.repo}@${r.source.commit}`))];
    const entry: SourceEntry = {
      name: s.name,
      file,
      rows: rows.length,
      repo: s.repo,
      ...(commits.length ? { commit: commits.length === 1 ? rows[0].source.commit : commits.join('; ') } : {}),
      licence: s.licence,
      note: s.note,
      labelRule: s.labelRule,
      ...(s.idsOnly ? { textStored: false } : {}),
    };
    const at = existing.findIndex((e) => e.name === s.name);
    if (at >= 0) existing[at] = entry;
    else existing.push(entry);
    const dist: Record<string, number> = {};
    for (const r of rows) dist[r.expect] = (dist[r.expect] ?? 0) + 1;
    console.log(`${s.name}: ${rows.length} rows ${JSON.stringify(dist)}`);
  }
  writeFileSync(sourcesPath, JSON.stringify(existing, null, 2) + '\n');
}

main();

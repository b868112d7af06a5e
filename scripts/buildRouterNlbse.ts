// Rebuilds the nlbse-issues routing source: real developer questions and bug reports from the GitHub issue trackers of
// five projects (facebook/react, tensorflow/tensorflow, microsoft/vscode, bitcoin/bitcoin, opencv/opencv), from the
// NLBSE'24 tool competition on issue report classification (nlbse2024/issue-report-classification, data/issues_train.csv
// and data/issues_test.csv: repo, created_at, label bug/feature/question, title, body). Read from the local snapshot
// (the search tool's `fetch` puts it under /work/.mirror/OWNER+NAME/repo; override with FRUGAL_MIRRORS=dir).
//   npx tsx scripts/buildRouterNlbse.ts           (writes the cache, the ids file and its SOURCES.json entry)
//   npx tsx scripts/buildRouterNlbse.ts --dump    (prints the sampled issues still to label, for labelling)
// The repository's LICENSE file is empty and the issue text is GitHub users' own words, so, as for devgpt, the
// repository keeps only ids, labels and a SHA-256 of each request (test/data/external/nlbse-issues.ids.jsonl); the text
// goes to the local cache .cache/router-questions/nlbse-issues.jsonl (or FRUGAL_QUESTIONS_CACHE_OUT), not committed.
// Each issue becomes the request a developer would make of the assistant in the editor: task ask, the title, a blank
// line and the body with the issue template's boilerplate removed (HTML comments, sections that say only
// "_No response_" or nothing, automated "GitHub query string" sections), otherwise the user's own words.
// Sampling: the rows sorted by FNV-1a hash of repo + created_at + title, taken in that order into per-project quotas
// (20 questions, 10 bug reports), skipping requests over 6,000 characters, not in English, or repeated; the labeller
// then skips by hand what is not a programming request. Labels are given by hand below, one per id, with the rule
// strings of github-questions, by reading the issue, never from the router's output.
import { join } from 'node:path';
import { autoSkip } from './buildRouterDevgpt';
import { parseDelimited } from './buildRouterSoQuestions';
import { RULE_TIERS, ruleTexts, type Tier } from './routerQuestionRules';
import { gitBuf, hash, writeIdsSource } from './snapshots';

const root = join(__dirname, '..');
const outDir = join(root, 'test', 'data', 'external');
const cacheDir = process.env.FRUGAL_QUESTIONS_CACHE_OUT ?? join(root, '.cache', 'router-questions');
const NAME = 'nlbse-issues';
const REPO = 'nlbse2024/issue-report-classification';
const SPLITS = ['train', 'test'] as const;

/** Project -> the short name in ids and the language its code is in. */
const PROJECTS: Record<string, { short: string; languageId: string }> = {
  'facebook/react': { short: 'react', languageId: 'javascript' },
  'tensorflow/tensorflow': { short: 'tensorflow', languageId: 'python' },
  'microsoft/vscode': { short: 'vscode', languageId: 'typescript' },
  'bitcoin/bitcoin': { short: 'bitcoin', languageId: 'cpp' },
  'opencv/opencv': { short: 'opencv', languageId: 'cpp' },
};
/** Rows per project and issue kind. */
const QUOTA: Record<string, number> = { question: 20, bug: 10 };

type Label = { skip: string } | { rule: string; acceptable?: Tier[] };

// LABELS_BEGIN
const LABELS: Record<string, Label> = {
  'nlbse-tensorflow-000d26ab': { rule: 'subtle-deterministic' },
  'nlbse-tensorflow-0010ef2d': { rule: 'concept' },
  'nlbse-vscode-0019c9c7': { rule: 'concept' },
  'nlbse-react-0052d9b5': { rule: 'error-fix-cheap' },
  'nlbse-opencv-00656632': { skip: 'not a request (a pull request description)' },
  'nlbse-react-0099e29d': { rule: 'concept' },
  'nlbse-opencv-00a40826': { rule: 'error-fix' },
  'nlbse-react-00ac7ce5': { rule: 'concept' },
  'nlbse-react-00af5fcf': { rule: 'concept' },
  'nlbse-bitcoin-00d393c0': { rule: 'heisenbug' },
  'nlbse-vscode-00dd9d0a': { rule: 'concept' },
  'nlbse-tensorflow-00f5fcdc': { rule: 'concept-only' },
  'nlbse-react-01044b92': { rule: 'concept' },
  'nlbse-react-011dea88': { rule: 'concept' },
  'nlbse-react-012d5d11': { rule: 'error-fix-cheap' },
  'nlbse-bitcoin-015db339': { rule: 'error-fix' },
  'nlbse-tensorflow-0163fa58': { rule: 'concept' },
  'nlbse-react-0186dcb5': { rule: 'concept' },
  'nlbse-vscode-01f151df': { rule: 'error-fix-cheap' },
  'nlbse-opencv-01fb0f9c': { rule: 'concept' },
  'nlbse-tensorflow-0200c400': { rule: 'concept' },
  'nlbse-react-021924bb': { rule: 'concept' },
  'nlbse-opencv-022511f0': { rule: 'concept' },
  'nlbse-bitcoin-022a8a28': { rule: 'concept' },
  'nlbse-react-022f650f': { rule: 'error-fix-cheap' },
  'nlbse-bitcoin-0233a8e5': { rule: 'concept' },
  'nlbse-bitcoin-023a6c18': { rule: 'concept' },
  'nlbse-bitcoin-023b2bb0': { rule: 'heisenbug' },
  'nlbse-vscode-024116ac': { rule: 'concept-only' },
  'nlbse-opencv-0249d5c9': { skip: 'not a request (a pull request description)' },
  'nlbse-react-02682abd': { rule: 'perf' },
  'nlbse-tensorflow-02d3e122': { rule: 'concept' },
  'nlbse-vscode-030bcda6': { rule: 'concept-only' },
  'nlbse-react-031b5bd0': { rule: 'concept' },
  'nlbse-opencv-039a8846': { rule: 'subtle-deterministic' },
  'nlbse-react-03a8f698': { rule: 'concept' },
  'nlbse-vscode-03d2d6ee': { rule: 'concept-only' },
  'nlbse-tensorflow-03e58bbb': { rule: 'memory' },
  'nlbse-vscode-03e5b530': { rule: 'concept' },
  'nlbse-react-03eaf2e2': { rule: 'concept' },
  'nlbse-bitcoin-040f832a': { rule: 'concurrency-known' },
  'nlbse-react-04220447': { rule: 'concept' },
  'nlbse-tensorflow-044826c5': { rule: 'concept' },
  'nlbse-vscode-046712f0': { skip: 'no request (a title and system information only)' },
  'nlbse-tensorflow-04884461': { rule: 'concept' },
  'nlbse-vscode-049ec947': { rule: 'concept' },
  'nlbse-bitcoin-04ba068e': { rule: 'concept-only' },
  'nlbse-opencv-04d6862c': { skip: 'not a request (a pull request description)' },
  'nlbse-react-04e45c47': { rule: 'concept' },
  'nlbse-react-051f8c10': { rule: 'error-fix-cheap' },
  'nlbse-tensorflow-055aac4e': { rule: 'concept-only' },
  'nlbse-bitcoin-056b4f98': { rule: 'concept' },
  'nlbse-vscode-05b54347': { rule: 'subtle-deterministic' },
  'nlbse-react-05c40a6e': { rule: 'design-light' },
  'nlbse-vscode-05f580ce': { rule: 'concept' },
  'nlbse-tensorflow-06375584': { rule: 'concept-only' },
  'nlbse-react-063a884d': { rule: 'concept-only' },
  'nlbse-opencv-063f0952': { rule: 'concept' },
  'nlbse-react-0657df87': { rule: 'concept' },
  'nlbse-vscode-065c929c': { rule: 'concept-only' },
  'nlbse-react-0674f266': { rule: 'concept' },
  'nlbse-tensorflow-0675ff64': { rule: 'concept' },
  'nlbse-vscode-06875532': { rule: 'concept-only' },
  'nlbse-tensorflow-0688e31a': { rule: 'error-fix-cheap' },
  'nlbse-react-0703e0b7': { rule: 'concept' },
  'nlbse-tensorflow-0742d34b': { rule: 'concept' },
  'nlbse-opencv-076e959b': { skip: 'not a request (a pull request description)' },
  'nlbse-vscode-0796de02': { rule: 'concept-only' },
  'nlbse-vscode-0797f051': { rule: 'concept' },
  'nlbse-bitcoin-07a67ec3': { rule: 'error-fix-cheap' },
  'nlbse-opencv-07a81843': { skip: 'not a request (a pull request description)' },
  'nlbse-opencv-07a87925': { rule: 'concept' },
  'nlbse-bitcoin-07a87c30': { rule: 'concept' },
  'nlbse-vscode-07bbd65f': { rule: 'error-fix-cheap' },
  'nlbse-bitcoin-07c3cb01': { rule: 'concept' },
  'nlbse-opencv-07e5a59d': { skip: 'not a request (a pull request description)' },
  'nlbse-vscode-0829e119': { skip: 'not English (Portuguese, with a machine translation)' },
  'nlbse-bitcoin-0863bd3d': { rule: 'concept' },
  'nlbse-tensorflow-08867d8f': { rule: 'concept-only' },
  'nlbse-react-08954f58': { rule: 'concept-only' },
  'nlbse-opencv-08ab6629': { rule: 'concept' },
  'nlbse-opencv-08adfd51': { rule: 'concept' },
  'nlbse-opencv-08eb012f': { rule: 'error-fix-cheap' },
  'nlbse-opencv-08edf52c': { rule: 'error-fix-cheap' },
  'nlbse-react-08f09650': { rule: 'design-light' },
  'nlbse-vscode-08f8aabe': { rule: 'concept' },
  'nlbse-bitcoin-08fa3182': { rule: 'error-fix-cheap' },
  'nlbse-react-0903ab8a': { rule: 'concept' },
  'nlbse-vscode-0923cb1d': { rule: 'heisenbug' },
  'nlbse-react-092f7722': { rule: 'concept' },
  'nlbse-vscode-0945b762': { rule: 'concept' },
  'nlbse-tensorflow-095892c9': { rule: 'concept' },
  'nlbse-tensorflow-0965a263': { rule: 'design-light' },
  'nlbse-tensorflow-0976c2a9': { rule: 'error-fix-cheap' },
  'nlbse-bitcoin-088dfac1': { rule: 'heisenbug' },
  'nlbse-bitcoin-098557f6': { rule: 'concept' },
  'nlbse-vscode-099063b6': { rule: 'concept' },
  'nlbse-tensorflow-09a8633b': { rule: 'concept' },
  'nlbse-vscode-09afdf4b': { rule: 'concept-only' },
  'nlbse-vscode-0a110ea7': { rule: 'error-fix-cheap' },
  'nlbse-bitcoin-0a666c5a': { rule: 'heisenbug' },
  'nlbse-opencv-0a75312f': { rule: 'concept' },
  'nlbse-vscode-0a8e1c2c': { rule: 'concept-only' },
  'nlbse-opencv-0a934053': { rule: 'concept' },
  'nlbse-bitcoin-0aa83735': { rule: 'error-fix-cheap' },
  'nlbse-react-0ac6964f': { rule: 'design' },
  'nlbse-vscode-0b4931c0': { rule: 'concept' },
  'nlbse-opencv-0b4b60ff': { rule: 'error-fix' },
  'nlbse-vscode-0b99f51d': { rule: 'concept' },
  'nlbse-bitcoin-0bb76d53': { rule: 'security' },
  'nlbse-vscode-0bf82edb': { rule: 'concept' },
  'nlbse-opencv-0c2c8d20': { rule: 'error-fix-cheap' },
  'nlbse-tensorflow-0c60c49d': { rule: 'concept' },
  'nlbse-react-0c786da1': { rule: 'concept' },
  'nlbse-bitcoin-0cf7110c': { skip: 'not a request (a pull request description)' },
  'nlbse-react-0d6c9a76': { rule: 'concept' },
  'nlbse-opencv-0d76220c': { rule: 'error-fix' },
  'nlbse-react-0d8b0cc5': { rule: 'subtle-deterministic' },
  'nlbse-bitcoin-0dc906f2': { rule: 'concept' },
  'nlbse-opencv-0deec316': { rule: 'error-fix-cheap' },
  'nlbse-bitcoin-0e5433df': { rule: 'concept' },
  'nlbse-tensorflow-0e5c47ab': { rule: 'error-fix-cheap' },
  'nlbse-opencv-0e7def05': { rule: 'error-fix-cheap' },
  'nlbse-tensorflow-0bbabb70': { skip: 'no request (the issue template, not filled in)' },
  'nlbse-tensorflow-0be96475': { rule: 'concept' },
  'nlbse-bitcoin-0f1c3a04': { rule: 'concept' },
  'nlbse-tensorflow-0fbf67c2': { rule: 'concept' },
  'nlbse-bitcoin-0fd923bb': { rule: 'concept-only' },
  'nlbse-vscode-1052e7a4': { rule: 'concept' },
  'nlbse-vscode-10ac248b': { rule: 'concept' },
  'nlbse-tensorflow-10db38fe': { rule: 'error-fix-cheap' },
  'nlbse-opencv-11141927': { rule: 'concept-only' },
  'nlbse-opencv-118dde07': { rule: 'concept-only' },
  'nlbse-bitcoin-120316dc': { rule: 'concept' },
  'nlbse-bitcoin-123694ff': { rule: 'concept' },
  'nlbse-bitcoin-1343d625': { rule: 'concept-only' },
  'nlbse-opencv-139a5129': { rule: 'concept' },
  'nlbse-vscode-13d1ac9f': { rule: 'concept' },
  'nlbse-tensorflow-1426d65d': { rule: 'concept' },
  'nlbse-tensorflow-143be96d': { rule: 'concept' },
  'nlbse-tensorflow-15820bbe': { rule: 'concept' },
  'nlbse-tensorflow-15b4122b': { rule: 'algorithm' },
  'nlbse-opencv-15bebd5a': { rule: 'concept' },
  'nlbse-bitcoin-160dfb0b': { rule: 'design-light' },
  'nlbse-tensorflow-167065c5': { rule: 'concept' },
  'nlbse-bitcoin-186258ad': { rule: 'concept-only' },
  'nlbse-bitcoin-18a01d09': { rule: 'concept' },
  'nlbse-opencv-1a5b3847': { rule: 'concept' },
  'nlbse-opencv-1aadf139': { rule: 'error-fix-cheap' },
  'nlbse-opencv-1beb2254': { rule: 'error-fix-cheap' },
  'nlbse-vscode-0d65d2c5': { rule: 'concept' },
  'nlbse-vscode-0e9140b6': { rule: 'concept' },
  'nlbse-opencv-0f1a25d3': { skip: 'not a request (a pull request description)' },
  'nlbse-opencv-0f1a7d57': { rule: 'error-fix' },
  'nlbse-opencv-10674fd4': { rule: 'generate-spec' },
  'nlbse-opencv-12d7980c': { skip: 'not a request (a pull request description)' },
  'nlbse-opencv-12fb838c': { skip: 'not a request (a pull request description)' },
  'nlbse-opencv-139a7535': { rule: 'subtle-deterministic' },
  'nlbse-tensorflow-170dcaf5': { rule: 'concept' },
  'nlbse-bitcoin-18c20160': { rule: 'concept' },
  'nlbse-opencv-15f2a3f1': { rule: 'concept' },
  'nlbse-opencv-184b1637': { rule: 'concept' },
  'nlbse-opencv-1860597d': { skip: 'not a request (a pull request description)' },
  'nlbse-opencv-1973601d': { rule: 'concept' },
};
// LABELS_END

interface Issue {
  id: string;
  split: (typeof SPLITS)[number];
  project: string;
  kind: string;
  created_at: string;
  title: string;
  body: string;
  instruction: string;
  key: number;
}

/** The body without the issue template's boilerplate; the user's own words otherwise unchanged. */
export function cleanBody(body: string): string {
  let text = body.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?(-->|$)/g, '');
  // The older TensorFlow template wraps the whole form in <details><summary>Click to expand!</summary>...</details>.
  const wrapper = /<details>\s*<summary>Click to expand!<\/summary>/.exec(text);
  if (wrapper) {
    const close = text.lastIndexOf('</details>');
    text =
      text.slice(0, wrapper.index) +
      (close > wrapper.index
        ? text.slice(wrapper.index + wrapper[0].length, close) + text.slice(close + 10)
        : text.slice(wrapper.index + wrapper[0].length));
  }
  // Split at Markdown headings outside code fences; drop sections with no content of their own, "_No response_" only,
  // or the DevTools template's automated GitHub query string.
  const sections: string[][] = [[]];
  let fence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (!fence && /^ {0,3}#{1,6}\s/.test(line)) sections.push([line.trimStart()]);
    else sections[sections.length - 1].push(line);
  }
  const kept = sections.filter((lines, i) => {
    const heading = i > 0 ? lines[0] : '';
    const content = (i > 0 ? lines.slice(1) : lines).join('\n').trim();
    if (i === 0) return content !== '';
    if (/github query string/i.test(heading)) return false;
    return content !== '' && content !== '_No response_';
  });
  return kept
    .map((lines) => lines.join('\n').trim())
    .join('\n\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function issues(commit: string): Issue[] {
  const out: Issue[] = [];
  for (const split of SPLITS)
    for (const r of parseDelimited(gitBuf(REPO, 'show', `${commit}:data/issues_${split}.csv`).toString('utf8'), ',')) {
      const p = PROJECTS[r.repo];
      if (!p || !(r.label in QUOTA)) continue;
      const title = r.title.replace(/\r\n?/g, '\n').trim();
      const body = cleanBody(r.body);
      const key = hash(r.repo + r.created_at + r.title);
      out.push({
        id: `nlbse-${p.short}-${key.toString(16).padStart(8, '0')}`,
        split,
        project: r.repo,
        kind: r.label,
        created_at: r.created_at,
        title,
        body: r.body,
        instruction: body ? `${title}\n\n${body}` : title,
        key,
      });
    }
  return out;
}

/** The sample in hash order: labelled rows, and (for --dump) the issues still to label; automatic skips counted. */
function sample(all: Issue[]): { rows: Issue[]; unlabelled: Issue[]; auto: Record<string, number> } {
  const taken: Record<string, number> = {};
  const seen = new Set<string>();
  const rows: Issue[] = [];
  const unlabelled: Issue[] = [];
  const auto: Record<string, number> = {};
  const sorted = [...all].sort(
    (a, b) => a.key - b.key || (a.project + a.created_at + a.title < b.project + b.created_at + b.title ? -1 : 1),
  );
  for (const s of sorted) {
    const slot = `${s.project} ${s.kind}`;
    if ((taken[slot] ?? 0) >= QUOTA[s.kind]) continue;
    const dup = s.instruction.toLowerCase().replace(/\s+/g, ' ').slice(0, 300);
    if (seen.has(dup) || seen.has(s.id)) {
      auto.repeated = (auto.repeated ?? 0) + 1;
      continue;
    }
    const why = autoSkip(s.instruction);
    if (why) {
      auto[why] = (auto[why] ?? 0) + 1;
      continue;
    }
    const label = LABELS[s.id];
    if (label && 'skip' in label) continue;
    seen.add(dup);
    seen.add(s.id);
    taken[slot] = (taken[slot] ?? 0) + 1;
    (label ? rows : unlabelled).push(s);
  }
  return { rows, unlabelled, auto };
}

function main(): void {
  const commit = gitBuf(REPO, 'rev-parse', 'HEAD').toString().trim();
  const all = issues(commit);
  const { rows: picked, unlabelled, auto } = sample(all);
  if (process.argv.includes('--dump')) {
    for (const s of unlabelled) {
      const t = s.instruction;
      const p = t.length > 1800 ? `${t.slice(0, 1400)}\n[...]\n${t.slice(-400)}` : t;
      console.log(`=== ${s.id} [${s.project} ${s.kind}] ${t.length} chars\n${p}\n`);
    }
    console.error(`${unlabelled.length} to label, ${picked.length} labelled`);
    return;
  }
  if (unlabelled.length) throw new Error(`${unlabelled.length} sampled issues have no label (run with --dump)`);
  const unused = Object.keys(LABELS).filter((id) => !all.some((s) => s.id === id));
  if (unused.length) throw new Error(`labels for issues not in the snapshot: ${unused.join(', ')}`);
  const rules = ruleTexts(outDir);
  const rows: Array<{ instruction: string; selection: string }> = [];
  const tiers: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  for (const s of picked) {
    const label = LABELS[s.id] as Exclude<Label, { skip: string }>;
    const rule = RULE_TIERS[label.rule];
    const ruleText = rules.get(label.rule);
    if (!rule || !ruleText) throw new Error(`issue ${s.id}: unknown rule ${label.rule}`);
    const acceptable = label.acceptable ?? rule.acceptable;
    if (!acceptable.includes(rule.expect)) throw new Error(`issue ${s.id}: ${rule.expect} not in ${acceptable}`);
    tiers[rule.expect] = (tiers[rule.expect] ?? 0) + 1;
    byRule[label.rule] = (byRule[label.rule] ?? 0) + 1;
    byKind[s.kind] = (byKind[s.kind] ?? 0) + 1;
    const row = {
      id: s.id,
      task: 'ask',
      languageId: PROJECTS[s.project].languageId,
      instruction: s.instruction,
      selection: '',
      expect: rule.expect,
      acceptable,
      source: {
        repo: REPO,
        commit,
        path: `data/issues_${s.split}.csv`,
        project: s.project,
        kind: s.kind,
        created_at: s.created_at,
      },
      labelRule: ruleText,
      meta: { rule: label.rule },
    };
    rows.push(row);
  }
  const handSkips = Object.values(LABELS).filter((l) => 'skip' in l).length;
  const handReasons: Record<string, number> = {};
  for (const l of Object.values(LABELS)) if ('skip' in l) handReasons[l.skip] = (handReasons[l.skip] ?? 0) + 1;
  const autoText = Object.entries(auto)
    .sort()
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const count = (c: Record<string, number>) =>
    Object.entries(c)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
  writeIdsSource(NAME, { outDir, cacheDir }, rows, (n) => ({
    file: `${NAME}.ids.jsonl`,
    rows: n,
    repo: REPO,
    commit,
    licence:
      'none stated (the LICENSE file of nlbse2024/issue-report-classification is empty; the issue text is GitHub users\u2019 own words): text not stored; ids and labels only',
    note: `NLBSE'24 tool competition on issue report classification (github.com/nlbse2024/issue-report-classification, data/issues_train.csv and data/issues_test.csv): GitHub issues of ${Object.keys(
      PROJECTS,
    ).join(
      ', ',
    )} labelled bug, feature or question by the competition. Per project ${QUOTA.question} questions and ${QUOTA.bug} bug reports (${count(
      byKind,
    )}), each as the request a developer would make of the assistant in the editor: task ask, the issue title, a blank line and the body with the template's boilerplate removed (HTML comments, sections that say only "_No response_", automated GitHub query strings), otherwise the user's own words; languageId by project. Sampled by FNV-1a hash of repo + created_at + title into the per-project quotas; left out before reading (requests over 6,000 characters, not English, or repeated): ${autoText || 'none'}, and ${handSkips} more read and skipped by hand (${count(handReasons)}). Labels by hand per id from the text (rules: ${count(
      byRule,
    )}; tiers: ${count(
      tiers,
    )}). The text is kept in the local cache (.cache/router-questions/nlbse-issues.jsonl, rebuilt by scripts/buildRouterNlbse.ts from the snapshot); this file keeps each row's project, split, creation time, labels, rule and a SHA-256 of the text.`,
    labelRule:
      'Per row (meta.rule), by hand, with the rule strings of github-questions: conceptual/how-to/configuration or what an error means -> cheap; a stated error with a clear-cut fix -> coder; subtle deterministic semantics and performance with real sizes -> coder (reasoner defensible); concurrency, intermittent failures with no clear cause, memory corruption, design trade-offs with real constraints, security analysis -> reasoner (coder defensible); a framework bug report is judged by its evidence (a plain crash with a stack trace in library code -> coder or cheap).',
    textStored: false,
  }));
  console.log(`${NAME}: ${rows.length} rows`, tiers, byRule, byKind, auto, `${handSkips} skipped by hand`);
}

if (require.main === module) main();

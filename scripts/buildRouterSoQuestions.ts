// Rebuilds test/data/external/stackoverflow-questions.jsonl: real Stack Overflow questions (title and body, code as
// the asker pasted it) from two GitHub snapshots that carry Stack Overflow question text, read from local snapshots
// (the search tool's `fetch` puts them under /work/.mirror/OWNER+NAME/repo; override with FRUGAL_MIRRORS=dir):
// - all 100 questions of the sample of the public BigQuery table posts_questions that SnowLeopard-AI/discord_datasets
//   commits as stack-overflow/data_tops/posts_questions.tsv (August 2022, mostly how-to and configuration);
// - the questions with a HARD_TAGS tag of the Stack Exchange Data Explorer export of well-voted 2022 questions that
//   lalloretpilou/Cat-gorisez-automatiquement-des-questions committed as QueryResults.csv.
//   npx tsx scripts/buildRouterSoQuestions.ts          (writes the set and its SOURCES.json entry)
//   npx tsx scripts/buildRouterSoQuestions.ts --dump   (prints each question's text, for labelling)
// Stack Overflow content is CC BY-SA 4.0 (these questions are from 2022), so the text is committed with its URL (and
// author where the snapshot names one) on every row. Labels are given by hand below, one per question id, by reading
// the question against the label rules of github-questions (the rule strings are read from github-questions.ids.jsonl
// so the two sets share one policy), never from the router's output on these rows.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_TIERS, ruleTexts, type Tier } from './routerQuestionRules';
import { git } from './snapshots';

const root = join(__dirname, '..');
const outDir = join(root, 'test', 'data', 'external');
const REPO = 'SnowLeopard-AI/discord_datasets';
const PATH = 'stack-overflow/data_tops/posts_questions.tsv';
const NAME = 'stackoverflow-questions';
const REPO2 = 'lalloretpilou/Cat-gorisez-automatiquement-des-questions';
const COMMIT2 = 'c9548113bd539278a8ec1e0a826b678ad1e1b462';
const PATH2 = 'QueryResults.csv';

/** Tab- or comma-separated values with "quoted" fields that may hold separators, newlines and doubled quotes. */
export function parseDelimited(text: string, sep = '\t'): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || record.length) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rest] = records;
  return rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** A question body (Stack Overflow HTML) as the text the asker would paste: code blocks fenced, inline code in backticks. */
export function bodyText(html: string): string {
  const blocks: string[] = [];
  let s = html.replace(/<pre[^>]*>\s*<code[^>]*>([\s\S]*?)<\/code>\s*<\/pre>/g, (_, code: string) => {
    blocks.push(decodeEntities(code.replace(/\n$/, '')));
    return `\n\uE000${blocks.length - 1}\uE000\n`;
  });
  s = s
    .replace(/<code>([\s\S]*?)<\/code>/g, '`$1`')
    .replace(/<img[^>]*alt="([^"]*)"[^>]*>/g, '[image: $1]')
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (_, href: string, label: string) =>
      label.trim() === href ? href : `${label} (${href})`,
    )
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<li>/g, '\n- ')
    .replace(/<\/(p|li|ul|ol|h\d)>/g, '\n')
    .replace(/<blockquote>([\s\S]*?)<\/blockquote>/g, (_, q: string) =>
      q
        .replace(/<[^>]+>/g, '')
        .split('\n')
        .map((l) => (l.trim() ? `> ${l}` : ''))
        .join('\n'),
    )
    .replace(/<hr\s*\/?>/g, '\n---\n')
    .replace(/<[^>]+>/g, '');
  s = decodeEntities(s);
  s = s.replace(/\uE000(\d+)\uE000/g, (_, i: string) => '```\n' + blocks[Number(i)] + '\n```');
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface Label {
  rule: string;
  task?: 'ask' | 'fix';
  languageId?: string;
  acceptable?: Tier[];
}

// LABELS_BEGIN
const LABELS: Record<string, Label> = {
  '73210679': { rule: 'concept' },
  '73284406': { rule: 'concept' },
  '73250763': { rule: 'error-fix-cheap', task: 'fix', languageId: 'csharp' },
  '73406942': { rule: 'concept' },
  '73200968': { rule: 'concept' },
  '73210586': { rule: 'concept' },
  '73241368': { rule: 'concept' },
  '73276629': { rule: 'concept' },
  '73321062': { rule: 'concept-only' },
  '73199602': { rule: 'concept' },
  '73296164': { rule: 'concept' },
  '73406095': { rule: 'error-fix-cheap', task: 'fix', languageId: 'javascript' },
  '73447780': { rule: 'subtle-deterministic' },
  '73489350': { rule: 'concept' },
  '73511481': { rule: 'generate-spec' },
  '73519558': { rule: 'concept' },
  '73206525': { rule: 'concept' },
  '73277461': { rule: 'concept' },
  '73360276': { rule: 'concept-only' },
  '73222121': { rule: 'concept-only' },
  '73224811': { rule: 'concept-only' },
  '73234748': { rule: 'subtle-deterministic' },
  '73282909': { rule: 'concept-only' },
  '73304497': { rule: 'design-light' },
  '73352281': { rule: 'algorithm' },
  '73390536': { rule: 'generate-spec' },
  '73398967': { rule: 'subtle-deterministic' },
  '73402102': { rule: 'concept' },
  '73422627': { rule: 'error-fix-cheap' },
  '73424104': { rule: 'concept-only' },
  '73456433': { rule: 'error-fix', task: 'fix', languageId: 'dart' },
  '73459586': { rule: 'generate-spec' },
  '73460205': { rule: 'security' },
  '73462626': { rule: 'concept' },
  '73476354': { rule: 'concept-only' },
  '73480479': { rule: 'concept-only' },
  '73482396': { rule: 'error-fix-cheap', task: 'fix' },
  '73483907': { rule: 'concept' },
  '73191692': { rule: 'error-fix-cheap' },
  '73215417': { rule: 'concept-only' },
  '73228010': { rule: 'concurrency-known', task: 'fix', languageId: 'lua' },
  '73246265': { rule: 'subtle-deterministic' },
  '73370728': { rule: 'concept' },
  '73244760': { rule: 'concept' },
  '73269912': { rule: 'concept' },
  '73295260': { rule: 'concept' },
  '73306108': { rule: 'concept' },
  '73320526': { rule: 'concept-only' },
  '73325358': { rule: 'concept-only' },
  '73368055': { rule: 'concept-only' },
  '73388077': { rule: 'generate-spec' },
  '73401406': { rule: 'perf' },
  '73449672': { rule: 'concept' },
  '73457355': { rule: 'concept' },
  '73462871': { rule: 'concept-only' },
  '73474311': { rule: 'error-fix-cheap', task: 'fix', languageId: 'vb' },
  '73479797': { rule: 'error-fix-cheap' },
  '73506479': { rule: 'generate-spec' },
  '73510342': { rule: 'error-fix-cheap', task: 'fix', languageId: 'javascript' },
  '73513412': { rule: 'design-light' },
  '73520353': { rule: 'security' },
  '73240528': { rule: 'concept-only' },
  '73408082': { rule: 'concept' },
  '73430845': { rule: 'concept' },
  '73202833': { rule: 'concept' },
  '73206292': { rule: 'concept' },
  '73225408': { rule: 'algorithm' },
  '73236728': { rule: 'concept' },
  '73249709': { rule: 'concept' },
  '73277788': { rule: 'concept-only' },
  '73293049': { rule: 'concept' },
  '73300930': { rule: 'algorithm' },
  '73306799': { rule: 'concept-only' },
  '73322413': { rule: 'error-fix-cheap' },
  '73330716': { rule: 'concept' },
  '73334907': { rule: 'concept' },
  '73336878': { rule: 'concept', acceptable: ['cheap', 'coder', 'reasoner'] },
  '73373906': { rule: 'concept-only' },
  '73377881': { rule: 'error-fix-cheap', task: 'fix', languageId: 'vb' },
  '73378228': { rule: 'concept-only' },
  '73387478': { rule: 'concept' },
  '73404435': { rule: 'concept' },
  '73408104': { rule: 'concept' },
  '73408523': { rule: 'concept' },
  '73414448': { rule: 'concept-only' },
  '73415067': { rule: 'concept' },
  '73423580': { rule: 'concept-only' },
  '73449233': { rule: 'concept' },
  '73459669': { rule: 'concept' },
  '73462612': { rule: 'concept' },
  '73462636': { rule: 'generate-spec' },
  '73470517': { rule: 'concept-only' },
  '73472031': { rule: 'concept' },
  '73485425': { rule: 'concept' },
  '73485428': { rule: 'concept-only' },
  '73487300': { rule: 'concept' },
  '73489368': { rule: 'perf', acceptable: ['coder', 'reasoner', 'cheap'] },
  '73493509': { rule: 'concept' },
  '73495863': { rule: 'concept' },
  '73512418': { rule: 'concept' },
  // lalloretpilou/Cat-gorisez-automatiquement-des-questions QueryResults.csv, HARD_TAGS only
  '70551997': { rule: 'perf' },
  '70568676': { rule: 'algorithm', acceptable: ['coder', 'reasoner'] },
  '70704100': { rule: 'subtle-deterministic' },
  '70730831': { rule: 'concept' },
  '70807858': { rule: 'algorithm-hard' },
  '70988698': { rule: 'subtle-deterministic', acceptable: ['coder', 'reasoner', 'cheap'] },
  '71018029': { rule: 'subtle-deterministic' },
  '71025724': { rule: 'algorithm-hard' },
  '71039947': { rule: 'perf' },
  '71086422': { rule: 'concept' },
  '71104627': { rule: 'perf' },
  '71112750': { rule: 'concept' },
  '71153205': { rule: 'concept' },
  '71190459': { rule: 'subtle-deterministic' },
  '71463016': { rule: 'algorithm' },
  '71478162': { rule: 'concept', acceptable: ['cheap', 'coder', 'reasoner'] },
  '71586634': { rule: 'concurrency-textbook' },
  '71597789': { rule: 'algorithm-hard' },
  '71705990': { rule: 'concept' },
  '71707122': { rule: 'concept' },
  '71837201': { rule: 'concurrency-known' },
  '71870205': { rule: 'concept' },
  '71886600': { rule: 'algorithm-hard' },
  '71934060': { rule: 'concept-only' },
  '71997744': { rule: 'subtle-deterministic' },
  '72008764': { rule: 'algorithm' },
  '72030595': { rule: 'concept' },
  '72062935': { rule: 'concept-only' },
  '72085417': { rule: 'generate-spec', acceptable: ['coder', 'reasoner'] },
  '72116652': { rule: 'concept', acceptable: ['cheap', 'coder', 'reasoner'] },
  '72177535': { rule: 'concept' },
  '72248577': { rule: 'algorithm-hard' },
  '72306573': { rule: 'perf' },
  '72349941': { rule: 'concept-only' },
  '72369202': { rule: 'subtle-deterministic' },
  '72377360': { rule: 'concept' },
  '72441507': { rule: 'algorithm', acceptable: ['coder', 'reasoner'] },
  '72472288': { rule: 'perf' },
  '72507596': { rule: 'concept' },
  '72575514': { rule: 'concept' },
  '72658026': { rule: 'subtle-deterministic' },
  '72694342': { rule: 'concept' },
  '72753255': { rule: 'algorithm', acceptable: ['coder', 'cheap', 'reasoner'] },
  '72800116': { rule: 'concept' },
  '72827759': { rule: 'design-light' },
  '72843016': { rule: 'concept' },
  '73035944': { rule: 'algorithm' },
  '73051921': { rule: 'concept' },
  '73095254': { rule: 'concept' },
  '73170394': { rule: 'concept-only' },
  '73191734': { rule: 'perf' },
  '73202786': { rule: 'concurrency-textbook' },
  '73215567': { rule: 'perf' },
  '73466665': { rule: 'concept-only' },
  '73482938': { rule: 'concept' },
  '73497823': { rule: 'algorithm' },
  '73603346': { rule: 'error-fix-cheap' },
  '73760460': { rule: 'algorithm', acceptable: ['coder', 'cheap', 'reasoner'] },
};
// LABELS_END

interface Question {
  id: string;
  title: string;
  body: string;
  tags: string;
  created: string;
  author?: string;
  repo: string;
  path: string;
  commit: string;
}

/** Tags of the second snapshot whose questions are taken (the rest of it is mostly how-to questions like the first). */
const HARD_TAGS =
  /<(multithreading|concurrency|race-condition|deadlock|mutex|atomic|thread-safety|memory-leaks|segmentation-fault|undefined-behavior|memory-management|performance|optimization|security|cryptography|async-await|asynchronous|lock-free|memory-model|simd|x86|assembly|unsafe|rust|c\+\+|c|go|gpu|cuda|volatile|algorithm|language-lawyer)>/;

function snapshot(repo: string): (...args: string[]) => string {
  return (...args: string[]): string => git(repo, ...args);
}

/** All 100 questions of the BigQuery sample (August 2022). */
function bigQuerySample(): Question[] {
  const git = snapshot(REPO);
  const commit = git('rev-parse', 'HEAD').trim();
  return parseDelimited(git('show', `${commit}:${PATH}`))
    .filter((q) => q.post_type_id === '1')
    .map((q) => ({
      id: q.id,
      title: q.title,
      body: q.body,
      tags: q.tags,
      created: q.creation_date.slice(0, 10),
      author:
        q.owner_display_name || (q.owner_user_id ? `https://stackoverflow.com/users/${q.owner_user_id}` : undefined),
      repo: REPO,
      path: PATH,
      commit,
    }));
}

/**
 * The questions tagged with a systems, concurrency, performance, security or algorithm tag (HARD_TAGS) of a Stack
 * Exchange Data Explorer export of well-voted 2022 questions (Id, Title, Body, Tags; no author column) that
 * lalloretpilou/Cat-gorisez-automatiquement-des-questions committed as QueryResults.csv (deleted from its tip later, so
 * read at the commit that added it).
 */
function sedeExport(): Question[] {
  const git = snapshot(REPO2);
  return parseDelimited(git('show', `${COMMIT2}:${PATH2}`), ',')
    .filter((q) => HARD_TAGS.test(q.Tags))
    .map((q) => ({
      id: q.Id,
      title: q.Title,
      body: q.Body,
      tags: q.Tags.replace(/^<|>$/g, '').split('><').join('|'),
      created: q.CreationDate.slice(0, 10),
      repo: REPO2,
      path: PATH2,
      commit: COMMIT2,
    }));
}

function main(): void {
  const questions = [...bigQuerySample(), ...sedeExport()];
  if (process.argv.includes('--dump')) {
    for (const q of questions)
      console.log(`=== ${q.id} [${q.tags}]\n${decodeEntities(q.title)}\n\n${bodyText(q.body)}\n`);
    return;
  }
  const rules = ruleTexts(outDir);
  const rows: string[] = [];
  const seen = new Set<string>();
  const counts: Record<string, number> = {};
  for (const q of questions) {
    if (seen.has(q.id)) throw new Error(`question ${q.id} appears twice`);
    seen.add(q.id);
    const label = LABELS[q.id];
    if (!label) throw new Error(`question ${q.id} has no label`);
    const tiers = RULE_TIERS[label.rule];
    const ruleText = rules.get(label.rule);
    if (!tiers || !ruleText) throw new Error(`question ${q.id}: unknown rule ${label.rule}`);
    counts[tiers.expect] = (counts[tiers.expect] ?? 0) + 1;
    rows.push(
      JSON.stringify({
        id: `so-${q.id}`,
        task: label.task ?? 'ask',
        instruction: `${decodeEntities(q.title)}\n\n${bodyText(q.body)}`,
        languageId: label.languageId ?? 'plaintext',
        selection: '',
        expect: tiers.expect,
        acceptable: label.acceptable ?? tiers.acceptable,
        source: {
          repo: q.repo,
          path: q.path,
          commit: q.commit,
          url: `https://stackoverflow.com/questions/${q.id}`,
          kind: 'Stack Overflow question',
          ...(q.author ? { author: q.author } : {}),
          licence: 'CC-BY-SA-4.0',
        },
        labelRule: ruleText,
        meta: { rule: label.rule, tags: q.tags, created: q.created },
      }),
    );
  }
  const unused = Object.keys(LABELS).filter((id) => !seen.has(id));
  if (unused.length) throw new Error(`labels for questions not in the snapshots: ${unused.join(', ')}`);
  writeFileSync(join(outDir, `${NAME}.jsonl`), rows.join('\n') + '\n');
  const sourcesPath = join(outDir, 'SOURCES.json');
  const sources = (JSON.parse(readFileSync(sourcesPath, 'utf8')) as { name: string }[]).filter((s) => s.name !== NAME);
  const commit1 = questions[0].commit;
  sources.push({
    name: NAME,
    file: `${NAME}.jsonl`,
    rows: rows.length,
    repo: `${REPO}; ${REPO2}`,
    commit: `${REPO}@${commit1}; ${REPO2}@${COMMIT2}`,
    licence:
      'CC-BY-SA-4.0 (Stack Overflow user content; each row names its question URL, and its author where the snapshot has one)',
    note: `Real Stack Overflow questions, title and body as the asker wrote them (HTML turned to text, code blocks fenced): every question of the 100-row sample of the public Stack Overflow posts_questions table (BigQuery; questions of August 2022, mostly how-to, configuration and error questions on cloud CLIs, C#/Unity, Python, JavaScript, SQL, ...) that ${REPO} commits as ${PATH}, and the ${rows.length - 100} questions with a systems, concurrency, performance, security or algorithm tag of a Stack Exchange Data Explorer export of well-voted 2022 questions that ${REPO2} committed as ${PATH2} (C, C++, Rust, Go, Java, Swift, Python, JavaScript). Stack Overflow content is licensed CC BY-SA 4.0 by its authors; this file is shared under the same licence, with the question's URL on each row.`,
    labelRule:
      'Per row (meta.rule), by hand, with the rule strings of github-questions: conceptual/how-to/configuration or what an error means -> cheap; a stated error with the code at hand and a clear-cut fix -> coder; subtle deterministic semantics (language-lawyer) -> coder (reasoner defensible); performance with real sizes -> coder (reasoner defensible); standard algorithm help -> coder; an algorithm under a complexity bound or NP-hard ordering -> reasoner (coder defensible); async interleaving questions -> reasoner (coder defensible); security analysis of a design -> reasoner (coder defensible).',
  } as { name: string });
  writeFileSync(sourcesPath, JSON.stringify(sources, null, 2) + '\n');
  console.log(`${NAME}: ${rows.length} rows`, counts);
}

if (require.main === module) main();

// Router benchmark: decision latency, accuracy on the held-back set, and what routing saves against sending
// everything to the reasoner. Runnable alone (`npx tsx bench/router.ts` prints the JSON); scripts/bench.mjs imports
// runRouterBench().
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type FrugalConfig } from '../src/core/config';
import { listCostOf } from '../src/core/pricing';
import {
  THINKING_TOKENS,
  classify,
  classifyRules,
  estimateInputTokens,
  estimateOutputTokens,
  route,
  type ClassifyOptions,
} from '../src/core/router';
import { statementProblem, STATEMENT_SCAN_CHARS } from '../src/core/router/known';
import { MODEL } from '../src/core/router/model';
import type { EditorRequest, Tier } from '../src/core/types';
import {
  EXTERNAL_SOURCES,
  KNOWN_PROBLEMS_FROM,
  MISSING_SOURCES,
  emptyScores,
  loadExternal,
  morePhrasings,
  ratios,
  score,
  type Row,
} from './routerData';
import { walk } from './files';
import { examples, heldOutModels } from './routerTrain';
import { measureCodeLatency } from './routerCodeLatency';
import { measureColdStart } from './routerColdStart';
import { replay } from './routerReplay';
import { median, round } from './stats';

export interface Figure {
  value: number;
  unit: string;
  note: string;
}

interface Labelled extends EditorRequest {
  expect: Tier;
}

function load(name: string): Labelled[] {
  const text = readFileSync(join(__dirname, '..', 'test', 'data', name), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);
}

/**
 * p99 of `calls` route() decisions over the given mix, in microseconds. `repeats` > 1 times each decision that
 * many times back to back and keeps the fastest: on a shared machine a single timing often includes the process
 * being descheduled (milliseconds), which says nothing about the router; the fastest of three still carries every
 * cost of the request itself (its regexes, its selection size).
 */
function decisionP99(rows: EditorRequest[], calls: number, repeats: number): number {
  const config = defaultConfig();
  const times = new Float64Array(calls);
  for (let i = 0; i < calls; i++) times[i] = fastestCall(rows[i % rows.length], config, repeats);
  times.sort();
  return times[Math.floor(calls * 0.99)];
}

/** The fastest of `repeats` back-to-back route() calls on one request, in microseconds. */
function fastestCall(req: EditorRequest, config: FrugalConfig, repeats: number): number {
  let best = Infinity;
  for (let k = 0; k < repeats; k++) {
    const t0 = process.hrtime.bigint();
    route(req, config);
    const us = Number(process.hrtime.bigint() - t0) / 1000;
    if (us < best) best = us;
  }
  return best;
}

/**
 * p99 over the requests of each request's own cost: its fastest call of `rounds` x `repeats`, the rounds spread
 * over the whole mix (so a noisy minute of the shared machine cannot hold every call of a request). What the code
 * costs per request, apart from the machine; decisionP99 is the figure the goal reads.
 */
function perRequestP99(rows: EditorRequest[], rounds: number, repeats: number): number {
  const config = defaultConfig();
  const best = new Float64Array(rows.length).fill(Infinity);
  for (let round = 0; round < rounds; round++)
    for (let j = 0; j < rows.length; j++) best[j] = Math.min(best[j], fastestCall(rows[j], config, repeats));
  best.sort();
  return best[Math.floor(rows.length * 0.99)];
}

const CARRIED = 'not re-measured';

/** Sources of real developers' questions: Q&A sites, issue trackers, shared assistant prompts. */
const REAL_QUESTION_SOURCES: ReadonlySet<string> = new Set([
  'stackoverflow-questions',
  'github-questions',
  'nlbse-issues',
  'devgpt',
]);

/**
 * The held-out figures of sources whose text is not on this machine (ids-only sources without their cache): the last
 * run's values, kept so the file does not lose them, with a note saying they were not measured on this run. They are
 * left out of the pooled figures, whose notes list the sources they cover.
 */
function carriedOver(): Record<string, Figure> {
  const file = join(__dirname, 'results.json');
  let old: Record<string, Figure> = {};
  try {
    old = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Figure>;
  } catch {
    return {};
  }
  const figures: Record<string, Figure> = {};
  for (const src of MISSING_SOURCES) {
    const prefix = `routing_loso_${src.replace(/[^a-z0-9]+/g, '_')}_`;
    for (const [k, f] of Object.entries(old))
      if (k.startsWith(prefix))
        figures[k] = f.note.startsWith(CARRIED)
          ? f
          : {
              ...f,
              note: `${CARRIED} on this run (the text of ${src} is not on this machine): value and counts from the last run that had it, on earlier code: ${f.note}`,
            };
  }
  return figures;
}

/**
 * Held-out sources whose rows the named-problem lookup (known.ts) reads, and why that part is not held out: what it
 * knows of these problems comes from the sites' own ratings, which the sources' labels follow too.
 */
const NAMED_NOTE: Readonly<Record<string, string>> = {
  debugbench:
    "; its LeetCode problems are named by title or by the method their solution's class Solution declares, or recognised by a statement pasted with the code, and the named-problem table is built from LeetCode's listing, whose levels these labels follow: named rows are in-sample by construction",
  condefects:
    "; AtCoder task ids named in the instruction (30 of 120 rows) are read by the contests' format, whose bands were chosen reading these rows",
};

/**
 * A LeetCode problem asked for by name alone, four ways (no statement): an Ask by title, an Ask by number, a Generate
 * by number and a stub headed by its number and title. Labels as phrasings(): Hard reasoner-only, the rest never
 * needs it.
 */
function namedPhrasings(r: Row): Row[] {
  const id = Number(/(\d+)$/.exec(r.id)?.[1]);
  const title = String(r.meta?.title ?? '').replace(/\s*🔒\s*/gu, '');
  const ask: Pick<Row, 'task' | 'languageId' | 'selection'> = { task: 'ask', languageId: 'plaintext', selection: '' };
  const gen: Pick<Row, 'task' | 'languageId'> = { task: 'generate', languageId: 'cpp' };
  return [
    { ...r, ...ask, id: `${r.id}-name`, variant: 'name', instruction: `how do I solve ${title}?` },
    { ...r, ...ask, id: `${r.id}-number`, variant: 'number', instruction: `what's the trick to leetcode ${id}?` },
    {
      ...r,
      ...gen,
      id: `${r.id}-gen-number`,
      variant: 'gen-number',
      instruction: `write a C++ solution for LeetCode problem ${id}`,
      selection: '',
    },
    {
      ...r,
      ...gen,
      id: `${r.id}-stub-title`,
      variant: 'stub-title',
      instruction: 'implement this',
      selection: `// ${id}. ${title}\nclass Solution {\npublic:\n};\n`,
    },
  ];
}

/**
 * Leave-one-source-out: each external source scored by a model trained on every other source plus the team's dev
 * set, at the shipped threshold. Also the same problems phrased four ways (phrasing invariance) and the goal slices.
 */
function externalFigures(dev: Labelled[]): Record<string, Figure> {
  const external = EXTERNAL_SOURCES.flatMap(loadExternal);
  const team: Row[] = dev.map((r, i) => ({ ...r, id: `dev-${i}`, acceptable: [r.expect], dataset: 'routing-dev' }));
  const all = examples([...external, ...team]);
  const figures: Record<string, Figure> = {};
  const pooled = emptyScores();
  const tiers = new Map<Row, Tier>();
  const held = heldOutModels(all, EXTERNAL_SOURCES);
  for (const src of EXTERNAL_SOURCES) {
    const model = { ...held.get(src)!, threshold: MODEL.threshold };
    const s = emptyScores();
    for (const e of all) {
      if (e.row.dataset !== src) continue;
      const tier = classify(e.row, { model, knownProblems: !KNOWN_PROBLEMS_FROM.has(src) }).tier;
      tiers.set(e.row, tier);
      score(s, e.row, tier);
      score(pooled, e.row, tier);
    }
    const q = ratios(s);
    const key = src.replace(/[^a-z0-9]+/g, '_');
    const base = `${s.n} rows of ${src} held out, model trained on the other sources + routing-dev${NAMED_NOTE[src] ?? ''}`;
    figures[`routing_loso_${key}_exact`] = {
      value: round(q.exact, 4),
      unit: 'ratio',
      note: `${base}: routed to the expected tier (${s.exact}/${s.n})`,
    };
    figures[`routing_loso_${key}_acceptable`] = {
      value: round(q.acceptable, 4),
      unit: 'ratio',
      note: `${base}: routed to a defensible tier (${s.acceptable}/${s.n})`,
    };
    if (s.overEscalationBase)
      figures[`routing_loso_${key}_over_escalation`] = {
        value: round(q.overEscalation, 4),
        unit: 'ratio',
        note: `${base}: sent to the reasoner where it is not acceptable (${s.overEscalated}/${s.overEscalationBase})`,
      };
    if (s.reasonerBase)
      figures[`routing_loso_${key}_reasoner_recall`] = {
        value: round(q.reasonerRecall, 4),
        unit: 'ratio',
        note: `${base}: reasoner rows routed reasoner (${s.reasonerHit}/${s.reasonerBase})`,
      };
  }
  Object.assign(figures, carriedOver());
  const q = ratios(pooled);
  const n = `pooled over ${pooled.n} external rows (${EXTERNAL_SOURCES.join(', ')}), each scored by a model trained without its source`;
  figures.routing_loso_exact = { value: round(q.exact, 4), unit: 'ratio', note: `${n} (${pooled.exact}/${pooled.n})` };
  figures.routing_loso_acceptable = {
    value: round(q.acceptable, 4),
    unit: 'ratio',
    note: `${n} (${pooled.acceptable}/${pooled.n})`,
  };
  figures.routing_loso_over_escalation = {
    value: round(q.overEscalation, 4),
    unit: 'ratio',
    note: `${n}: reasoner where not acceptable (${pooled.overEscalated}/${pooled.overEscalationBase})`,
  };
  figures.routing_loso_reasoner_recall = {
    value: round(q.reasonerRecall, 4),
    unit: 'ratio',
    note: `${n}: reasoner rows routed reasoner (${pooled.reasonerHit}/${pooled.reasonerBase})`,
  };

  // Real developers' questions (the issue's goal set): the Q&A, issue-tracker and shared-prompt sources pooled, held
  // out as above, beside routing by the command alone (Ask/Explain/Document to cheap, the rest to coder).
  const real = external.filter((r) => REAL_QUESTION_SOURCES.has(r.dataset));
  if (real.length) {
    const held = emptyScores();
    const alone = emptyScores();
    for (const r of real) {
      score(held, r, tiers.get(r)!);
      score(alone, r, r.task === 'ask' || r.task === 'explain' || r.task === 'document' ? 'cheap' : 'coder');
    }
    const h = ratios(held);
    const a = ratios(alone);
    const from = [...REAL_QUESTION_SOURCES].filter((d) => real.some((r) => r.dataset === d)).join(', ');
    const note = (what: string, k: 'exact' | 'acceptable', hit: number, aloneHit: number): string =>
      `${held.n} real developers' questions (${from}), each scored by a model trained without its source: ${what} ${hit}/${held.n}; routing by the command alone ${aloneHit}/${alone.n} (${round(a[k], 4)})`;
    figures.routing_loso_real_questions_exact = {
      value: round(h.exact, 4),
      unit: 'ratio',
      note: note('routed to the expected tier', 'exact', held.exact, alone.exact),
    };
    figures.routing_loso_real_questions_acceptable = {
      value: round(h.acceptable, 4),
      unit: 'ratio',
      note: note('routed to a defensible tier', 'acceptable', held.acceptable, alone.acceptable),
    };
    figures.routing_loso_real_questions_over_escalation = {
      value: round(h.overEscalation, 4),
      unit: 'ratio',
      note: `${held.n} real developers' questions (${from}), held out: reasoner where not acceptable ${held.overEscalated}/${held.overEscalationBase}`,
    };
    figures.routing_loso_real_questions_reasoner_recall = {
      value: round(h.reasonerRecall, 4),
      unit: 'ratio',
      note: `${held.n} real developers' questions (${from}), held out: reasoner rows routed reasoner ${held.reasonerHit}/${held.reasonerBase} (the command alone never does)`,
    };
  }

  // Goal slices with the shipped model (it was trained on these sources: an in-domain figure) beside the held-out one.
  const slice = (
    pick: (r: Row) => boolean,
    wantReasoner: boolean,
  ): { shipped: string; unnamed: string; held: string; value: number; from: string } => {
    const rows = external.filter(pick);
    const from = [...new Set(rows.map((r) => r.dataset))]
      .map((d) => `${d} ${rows.filter((r) => r.dataset === d).length}`)
      .join(', ');
    const hits = (tierOf: (r: Row) => Tier): number =>
      rows.filter((r) => (tierOf(r) === 'reasoner') === wantReasoner).length;
    const shipped = hits((r) => classify(r).tier);
    const unnamed = hits((r) => classify(r, { knownProblems: false }).tier);
    const held = hits((r) => tiers.get(r)!);
    return {
      shipped: `${shipped}/${rows.length}`,
      unnamed: `${unnamed}/${rows.length}`,
      held: `${held}/${rows.length}`,
      value: round(shipped / rows.length, 4),
      from,
    };
  };
  const hard = slice((r) => r.meta?.difficulty === 'Hard', true);
  const easy = slice((r) => r.meta?.difficulty === 'Easy', false);
  const fw = slice((r) => r.dataset === 'humaneval' || r.dataset === 'mbpp', false);
  figures.routing_hard_competitive_to_reasoner = {
    value: hard.value,
    unit: 'ratio',
    note: `Hard competitive problems (every row whose source rates it Hard: LeetCode Hard in all four phrasings, Project Euler >= 30%, Codeforces >= 2100 where its cache is present; ${hard.from}) routed reasoner by the shipped router ${hard.shipped}, the known-problem lookup (titles, numbers, stubs' methods and statements of these sites' own listings) included: in-sample by construction for these sites' problems; without the lookup ${hard.unnamed}; with their source held out (and no lookup) ${hard.held}`,
  };
  figures.routing_easy_competitive_off_reasoner = {
    value: easy.value,
    unit: 'ratio',
    note: `Easy competitive problems (every row whose source rates it Easy: LeetCode Easy in all four phrasings, Project Euler 5%, Exercism 1-3, Codeforces <= 1200 where its cache is present; ${easy.from}) kept off the reasoner by the shipped router ${easy.shipped}, the known-problem lookup included (in-sample by construction for LeetCode, Project Euler and Codeforces); without the lookup ${easy.unnamed}; with their source held out (and no lookup) ${easy.held}`,
  };
  figures.routing_function_writing_off_reasoner = {
    value: fw.value,
    unit: 'ratio',
    note: `HumanEval + MBPP kept off the reasoner by the shipped model ${fw.shipped}; each held out ${fw.held}`,
  };

  // Phrasing invariance: the same problem as pasted statement, "how do I solve <title>", comment above a stub and a
  // Generate instruction; share of the three rephrasings whose reasoner-or-not decision matches the pasted one.
  const invariance = (tierOf: (r: Row) => Tier): { same: number; total: number } => {
    const byProblem = new Map<string, Row[]>();
    for (const r of external) if (r.problem) byProblem.set(r.problem, [...(byProblem.get(r.problem) ?? []), r]);
    let same = 0;
    let total = 0;
    for (const rows of byProblem.values()) {
      const pasted = rows.find((r) => r.variant === 'pasted');
      if (!pasted) continue;
      const up = tierOf(pasted) === 'reasoner';
      for (const r of rows)
        if (r !== pasted) {
          total++;
          if ((tierOf(r) === 'reasoner') === up) same++;
        }
    }
    return { same, total };
  };
  const inv = invariance((r) => classify(r).tier);
  const invHeld = invariance((r) => tiers.get(r)!);
  figures.routing_phrasing_invariance = {
    value: round(inv.same / inv.total, 4),
    unit: 'ratio',
    note: `LeetCode problems asked three other ways (howto + statement, comment above a stub, Generate instruction): same reasoner-or-not decision as the pasted statement, shipped model ${inv.same}/${inv.total}; with leetcode held out ${invHeld.same}/${invHeld.total}`,
  };
  // The pasted problems of `sources` put the nine ways of morePhrasings: how many keep the pasted decision, by `key`.
  // LeetCode's pasted rows are the statement alone (a follow-up question included); Project Euler's and Codeforces'
  // end with the question asked under the statement, which the other ways put in their own words.
  const samePut = (sources: ReadonlySet<string>, opts: ClassifyOptions, key: (pasted: Row, put: Row) => string) => {
    const by: Record<string, [number, number]> = {};
    let same = 0;
    let total = 0;
    for (const r of external) {
      if (!sources.has(r.dataset) || r.variant !== 'pasted') continue;
      const up = classify(r, opts).tier === 'reasoner';
      const statement =
        r.dataset === 'leetcode' ? r : { ...r, instruction: r.instruction.replace(/\n\n[^\n]*\?\s*$/, '') };
      for (const m of morePhrasings(statement)) {
        const kept = (classify(m, opts).tier === 'reasoner') === up ? 1 : 0;
        same += kept;
        total++;
        const k = (by[key(r, m)] ??= [0, 0]);
        k[0] += kept;
        k[1]++;
      }
    }
    const counts = Object.entries(by)
      .map(([k, [s, n]]) => `${k} ${s}/${n}`)
      .join(', ');
    return { value: round(same / total, 4), counts, same, total };
  };
  // Nine phrasings the router was not trained on, shipped model.
  const more = samePut(new Set(['leetcode']), {}, (_, m) => m.variant!);
  figures.routing_phrasing_invariance_more = {
    value: more.value,
    unit: 'ratio',
    note: `LeetCode problems put nine ways none of the training rows use (${more.counts}): same reasoner-or-not decision as the pasted statement, shipped model ${more.same}/${more.total}`,
  };
  // The same wordings over every competitive source, with the named-problem lookup off: what a problem the router's
  // tables do not hold meets (the lookup answers LeetCode's own problems alike in every wording).
  const unseen = samePut(KNOWN_PROBLEMS_FROM, { knownProblems: false }, (r) => r.dataset);
  figures.routing_phrasing_invariance_unseen = {
    value: unseen.value,
    unit: 'ratio',
    note: `competitive problems pasted, then put the nine ways above, named-problem lookup off (${unseen.counts}): same reasoner-or-not decision as the pasted statement ${unseen.same}/${unseen.total}`,
  };
  // Problems asked for by name alone (known.ts): a lookup, so in-sample by construction for LeetCode's own titles; the
  // figure shows the names are found in the four ways and that easier problems' names do not send anything up.
  const named = { hard: [0, 0], other: [0, 0] };
  const namedBy: Record<string, [number, number]> = {};
  for (const r of external) {
    if (r.dataset !== 'leetcode' || r.variant !== 'pasted') continue;
    const isHard = r.meta?.difficulty === 'Hard';
    for (const n of namedPhrasings(r)) {
      const up = classify(n).tier === 'reasoner';
      const k = isHard ? named.hard : named.other;
      k[0] += up === isHard ? 1 : 0;
      k[1]++;
      if (isHard) {
        const v = (namedBy[n.variant!] ??= [0, 0]);
        v[0] += up ? 1 : 0;
        v[1]++;
      }
    }
  }
  figures.routing_named_hard_to_reasoner = {
    value: round(named.hard[0] / named.hard[1], 4),
    unit: 'ratio',
    note: `LeetCode Hard problems asked for by name alone (no statement; ${Object.entries(namedBy)
      .map(([k, [s, n]]) => `${k} ${s}/${n}`)
      .join(
        ', ',
      )}) routed reasoner ${named.hard[0]}/${named.hard[1]}: found by the named-problem table, built from LeetCode's own listing, so in-sample by construction`,
  };
  figures.routing_named_easier_off_reasoner = {
    value: round(named.other[0] / named.other[1], 4),
    unit: 'ratio',
    note: `LeetCode Easy and Medium problems asked for by name alone, the same four ways, kept off the reasoner ${named.other[0]}/${named.other[1]}`,
  };
  let falseNames = 0;
  let otherRows = 0;
  for (const r of external) {
    if (KNOWN_PROBLEMS_FROM.has(r.dataset) || r.dataset === 'debugbench') continue;
    otherRows++;
    // ConDefects' rows are AtCoder tasks: an AtCoder id found there names the row's own problem.
    const own = r.dataset === 'condefects' ? /^named-\w+:atcoder-/ : /^$/;
    if (classify(r).signals.some((x) => x.startsWith('named-') && !own.test(x))) falseNames++;
  }
  figures.routing_named_false_matches = {
    value: falseNames,
    unit: 'rows',
    note: `requests of the sources that are not LeetCode, Project Euler or Codeforces problems (${otherRows} rows: the real questions, bug fixes, function-writing and security sets; DebugBench, whose rows are LeetCode problems, left out) in which a known problem was found by its name or its statement, or an AtCoder task's outside ConDefects (whose rows are AtCoder tasks)`,
  };
  figures.routing_statement_false_matches = statementFalseMatches();
  // Corrections: two simulated users whose preferences differ from the default, replayed over LeetCode requests.
  const lc = external.filter((r) => r.dataset === 'leetcode');
  const careful = replay(
    lc.filter((r, i) => r.meta?.difficulty === 'Medium' && i % 2 === 0),
    () => 'reasoner',
    60,
  );
  const thrifty = replay(
    lc.filter((r, i) => r.meta?.difficulty === 'Hard' && i % 2 === 0),
    (r) => (r.task === 'ask' ? 'cheap' : 'coder'),
    60,
  );
  for (const [name, res, who] of [
    ['careful', careful, 'wants the reasoner on Medium problems'],
    ['thrifty', thrifty, 'finds the reasoner overkill on Hard problems'],
  ] as const) {
    figures[`routing_corrections_${name}_before`] = {
      value: round(res.without / res.n, 4),
      unit: 'ratio',
      note: `simulated user who ${who}: their later ${res.n} requests routed as they want by the router alone (${res.without}/${res.n})`,
    };
    figures[`routing_corrections_${name}_after`] = {
      value: round(res.withCorrections / res.n, 4),
      unit: 'ratio',
      note: `same requests with the ${res.corrections} corrections that user made along the way (${res.withCorrections}/${res.n})`,
    };
  }
  return figures;
}

/**
 * Ordinary text the statement lookup must not recognise: the documentation and sources npm installed (node_modules'
 * .md, .ts and .js files, up to 20,000), cut into pieces as long as what the lookup reads, each read as a request's
 * instruction.
 */
function statementFalseMatches(): Figure {
  const files: string[] = [];
  walk(join(__dirname, '..', 'node_modules'), /\.(md|ts|js)$/, files, /(?!)/, 20_000);
  let pieces = 0;
  let found = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (let at = 0; at < text.length; at += STATEMENT_SCAN_CHARS) {
      pieces++;
      if (statementProblem(text.slice(at, at + STATEMENT_SCAN_CHARS), '')) found++;
    }
  }
  return {
    value: found,
    unit: 'pieces',
    note: `pieces of ${STATEMENT_SCAN_CHARS} characters of ordinary text (${pieces} of them: the .md, .ts and .js files of node_modules, ${files.length} files) in which a LeetCode, Project Euler or Codeforces statement was recognised`,
  };
}

export async function runRouterBench(): Promise<Record<string, Figure>> {
  const dev = load('routing-dev.jsonl');
  const holdout = load('routing-holdout.jsonl');
  const fresh = [...load('routing-fresh3.jsonl'), ...load('routing-fresh4.jsonl'), ...load('routing-fresh5.jsonl')];
  const all = [...dev, ...holdout];
  const timed: EditorRequest[] = [...all, ...EXTERNAL_SOURCES.flatMap(loadExternal).filter((_, i) => i % 4 === 0)];

  // ---- latency: warm up the JIT, then the median of several 10,000-call runs
  const config = defaultConfig();
  for (let i = 0; i < 5000; i++) route(timed[i % timed.length], config);
  const runs: number[] = [];
  const wallRuns: number[] = [];
  for (let run = 0; run < 5; run++) {
    runs.push(decisionP99(timed, 10_000, 3));
    wallRuns.push(decisionP99(timed, 10_000, 1));
  }
  const p99 = median(runs);
  const perRequest = perRequestP99(timed, 5, 3);
  const longest = Math.max(...timed.map((r) => (r.instruction ?? '').length + (r.selection ?? '').length));
  const wallP99 = median(wallRuns);
  const loadAverage = loadavg()[0];
  const cold = measureColdStart(holdout[0]);
  const code = measureCodeLatency();
  const coldReq = `${holdout[0].task} on ${(holdout[0].selection ?? '').length} characters of ${holdout[0].languageId}`;

  // ---- accuracy on the held-back set
  const hit: Record<Tier, number> = { cheap: 0, coder: 0, reasoner: 0 };
  const total: Record<Tier, number> = { cheap: 0, coder: 0, reasoner: 0 };
  let correct = 0;
  let escalated = 0;
  let kept = 0;
  for (const r of holdout) {
    const tier = classify(r).tier;
    total[r.expect]++;
    if (tier === r.expect) {
      correct++;
      hit[r.expect]++;
    }
    if (r.expect !== 'reasoner' && tier === 'reasoner') escalated++;
    if (r.expect === 'reasoner' && tier !== 'reasoner') kept++;
  }
  let devCorrect = 0;
  for (const r of dev) if (classify(r).tier === r.expect) devCorrect++;
  let freshCorrect = 0;
  let freshEscalated = 0;
  let freshBelow = 0;
  let freshReasoner = 0;
  let freshReasonerHit = 0;
  let freshRulesCorrect = 0;
  for (const r of fresh) {
    const tier = classify(r).tier;
    if (tier === r.expect) freshCorrect++;
    if (classifyRules(r).tier === r.expect) freshRulesCorrect++;
    if (r.expect !== 'reasoner') {
      freshBelow++;
      if (tier === 'reasoner') freshEscalated++;
    } else {
      freshReasoner++;
      if (tier === 'reasoner') freshReasonerHit++;
    }
  }

  // ---- cost of routing vs. everything on deepseek-reasoner, same token estimates
  const reasoner = config.models['deepseek-reasoner'];
  let routedCost = 0;
  let reasonerCost = 0;
  for (const r of all) {
    routedCost += route(r, config).estimatedCostUsd;
    const input = estimateInputTokens(r);
    const output = Math.min(estimateOutputTokens(r.task, r) + THINKING_TOKENS, reasoner.maxOutputTokens);
    reasonerCost += listCostOf(reasoner, input, output);
  }

  const below = total.cheap + total.coder;
  const n = holdout.length;
  const modelBytes = Buffer.byteLength(
    readFileSync(join(__dirname, '..', 'src', 'core', 'router', 'model.json'), 'utf8'),
  );
  return {
    ...externalFigures(dev),
    router_model_bytes: {
      value: modelBytes,
      unit: 'bytes',
      note: `src/core/router/model.json: ${Object.keys(MODEL.weights).length} weights, one a line, bundled into dist/ as is`,
    },
    router_decision_p99_us: {
      value: round(p99, 1),
      unit: 'µs',
      note: `p99 of 10,000 route() decisions over ${timed.length} requests (dev+holdout and a quarter of the external rows, requests up to ${longest.toLocaleString('en-US')} characters of instruction and selection), each the fastest of 3 back-to-back calls (filters scheduler preemption); median of 5 runs after warm-up; 1-minute load average ${loadAverage.toFixed(1)} on ${cpus().length} CPUs`,
    },
    router_decision_p99_wall_us: {
      value: round(wallP99, 1),
      unit: 'µs',
      note: `same, single raw wall-clock timing per call (includes preemption; 1-minute load average ${loadAverage.toFixed(1)} on ${cpus().length} CPUs)`,
    },
    router_decision_p99_per_request_us: {
      value: round(perRequest, 1),
      unit: 'µs',
      note: `p99 over the same ${timed.length} requests of each one's fastest of 15 calls (5 rounds over the mix, 3 back-to-back calls each): the requests' own cost with the shared machine's noise filtered out, for reading router_decision_p99_us (the goal's figure) against it`,
    },
    ...(code
      ? Object.fromEntries(
          code.sizes.map((s) => [
            `router_decision_code_${s.chars / 1000}k_median_us`,
            {
              value: round(s.medianUs, 1),
              unit: 'µs',
              note: `route() on ${s.requests} selections of ${s.chars.toLocaleString('en-US')} characters of the openai SDK's TypeScript sources (node_modules/openai/src, files of 8,000+ characters, their first ${s.chars.toLocaleString('en-US')}), Explain, Document, Tests, Refactor, Ask and Fix in turn: median of each request's fastest of 5 calls; the slowest request ${round(s.maxUs, 1)} µs`,
            },
          ]),
        )
      : {}),
    router_first_decision_ms: {
      value: round(cold.first, 1),
      unit: 'ms',
      note: `the first route() in a fresh process (${coldReq}), nothing prepared: it builds the prefilters (their alternatives' literals and automata) and runs the router's code for the first time; median of ${cold.samples} processes`,
    },
    router_prepare_ms: {
      value: round(cold.prepare, 1),
      unit: 'ms',
      note: `prepareRouter() in a fresh process: the prefilters built ahead of any request, as the extension does one second after activation; median of ${cold.samples} processes`,
    },
    router_first_decision_prepared_ms: {
      value: round(cold.firstPrepared, 1),
      unit: 'ms',
      note: `the first route() after prepareRouter(), same request: what the first request after the extension's warm-up pays (the router's code not yet optimised by the JIT); median of ${cold.samples} processes`,
    },
    routing_dev_accuracy: {
      value: round(correct / n, 4),
      unit: 'ratio',
      note: `classifier accuracy on the held-back set (${correct}/${n}); on the dev set it was tuned on: ${devCorrect}/${dev.length}`,
    },
    routing_fresh_accuracy: {
      value: round(freshCorrect / fresh.length, 4),
      unit: 'ratio',
      note: `accuracy on routing-fresh3/4/5.jsonl, held-back sets in other voices (fresh5 written without reading the router; the fresh3 and fresh4 misses were read in December 2026 and six cue families written from them, so fresh3/4 are no longer clean held-out) (${freshCorrect}/${fresh.length}; rules alone ${freshRulesCorrect}/${fresh.length}; over-escalation ${freshEscalated}/${freshBelow})`,
    },
    routing_fresh_recall_reasoner: {
      value: round(freshReasonerHit / freshReasoner, 4),
      unit: 'ratio',
      note: `fresh3+fresh4+fresh5 reasoner requests routed reasoner (${freshReasonerHit}/${freshReasoner})`,
    },
    routing_recall_cheap: {
      value: round(hit.cheap / total.cheap, 4),
      unit: 'ratio',
      note: `held-back cheap requests routed cheap (${hit.cheap}/${total.cheap})`,
    },
    routing_recall_coder: {
      value: round(hit.coder / total.coder, 4),
      unit: 'ratio',
      note: `held-back coder requests routed coder (${hit.coder}/${total.coder})`,
    },
    routing_recall_reasoner: {
      value: round(hit.reasoner / total.reasoner, 4),
      unit: 'ratio',
      note: `held-back reasoner requests routed reasoner (${hit.reasoner}/${total.reasoner})`,
    },
    routing_cost_vs_reasoner_ratio: {
      value: round(routedCost / reasonerCost, 4),
      unit: 'ratio',
      note: `estimated cost of all ${all.length} dev+holdout requests as routed ($${routedCost.toFixed(4)}) ÷ all on deepseek-reasoner ($${reasonerCost.toFixed(4)}), default prices`,
    },
    over_escalation_rate: {
      value: round(escalated / below, 4),
      unit: 'ratio',
      note: `held-back cheap/coder requests sent to the reasoner (${escalated}/${below})`,
    },
    under_escalation_rate: {
      value: round(kept / total.reasoner, 4),
      unit: 'ratio',
      note: `held-back reasoner requests kept on a cheaper tier (${kept}/${total.reasoner})`,
    },
  };
}

if (require.main === module) {
  runRouterBench().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

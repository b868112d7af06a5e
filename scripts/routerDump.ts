// Dumps every router decision over the rows the router bench and `npm run train:router` load: tier, reason,
// signals and learned features per row, plus the rules' own decision. Used to prove an engine change changes no
// decision: run it before and after and diff the two files. Not shipped; not a test. With --plain the prefilter is
// bypassed (every regex runs as it is on the whole text), so one tree can also be compared with and without it.
// With --held-out each external row is scored as the router bench's leave-one-source-out figures score it (a model
// trained without the row's source, the known-problem table off for the sources it is built from), with its
// P(reasoner) and the model's heaviest features: what a held-out miss or over-escalation was decided by.
//   FRUGAL_QUESTIONS_CACHE=... npx tsx scripts/routerDump.ts out.jsonl [--plain | --held-out]
import { writeFileSync } from 'node:fs';
import { TextScan } from '../src/core/router/prefilter';
import { classify, classifyRules, learnedFeatures } from '../src/core/router/classify';
import { scoreModel } from '../src/core/router/features';
import { MODEL } from '../src/core/router/model';
import {
  EXTERNAL_SOURCES,
  KNOWN_PROBLEMS_FROM,
  MISSING_SOURCES,
  loadExternal,
  loadTeam,
  type Row,
} from '../bench/routerData';
import { examples, heldOutModels } from '../bench/routerTrain';

const out = process.argv[2];
if (!out) throw new Error('usage: routerDump.ts OUT.jsonl [--plain | --held-out]');
if (process.argv.includes('--plain')) {
  // Every regex run as it is, on the whole text: the prefilter's answers replaced by the plain engine's, to compare.
  TextScan.prototype.may = () => true;
  TextScan.prototype.test = (re: RegExp, text: string) => re.test(text);
  TextScan.prototype.match = (re: RegExp, text: string) => re.exec(text)?.[0];
}
const rows: Row[] = [
  ...EXTERNAL_SOURCES.flatMap(loadExternal),
  ...['routing-dev', 'routing-holdout', 'routing-fresh3', 'routing-fresh4', 'routing-fresh5'].flatMap(loadTeam),
];
const lines: string[] = [];
if (process.argv.includes('--held-out')) heldOut();
else for (const r of rows) lines.push(decision(r));

/** Each external row as its leave-one-source-out model decides it (the routing-dev rows train, never score). */
function heldOut(): void {
  const all = examples(rows.filter((r) => r.dataset !== 'routing-holdout' && !r.dataset.startsWith('routing-fresh')));
  const held = heldOutModels(all, EXTERNAL_SOURCES);
  for (const e of all) {
    const m = held.get(e.row.dataset);
    if (!m) continue;
    const model = { ...m, threshold: MODEL.threshold };
    const c = classify(e.row, { model, knownProblems: !KNOWN_PROBLEMS_FROM.has(e.row.dataset) });
    const heaviest = e.feats
      .filter((f) => model.weights[f] !== undefined)
      .sort((a, b) => Math.abs(model.weights[b]) - Math.abs(model.weights[a]))
      .slice(0, 8);
    lines.push(
      JSON.stringify({
        id: `${e.row.dataset}/${e.row.id}`,
        expect: e.row.expect,
        acceptable: e.row.acceptable,
        tier: c.tier,
        reason: c.reason,
        p: Math.round(scoreModel(model, e.feats).p * 1000) / 1000,
        heaviest: heaviest.map((f) => `${f}=${model.weights[f]}`),
      }),
    );
  }
}

function decision(r: Row): string {
  const c = classify(r);
  const rules = classifyRules(r);
  return JSON.stringify({
    id: `${r.dataset}/${r.id}`,
    tier: c.tier,
    reason: c.reason,
    signals: c.signals,
    features: learnedFeatures(r),
    rules: [rules.tier, rules.reason, rules.signals.join(' ')],
    thrifty: classify(r, { lean: 'thrifty' }).tier,
    careful: classify(r, { lean: 'careful' }).tier,
  });
}
writeFileSync(out, lines.join('\n') + '\n');
console.log(
  `${rows.length} rows (sources: ${EXTERNAL_SOURCES.join(', ')}; missing: ${MISSING_SOURCES.join(', ') || 'none'}) -> ${out}`,
);

// Dumps every router decision over the rows the router bench and `npm run train:router` load: tier, reason,
// signals and learned features per row, plus the rules' own decision. Used to prove an engine change changes no
// decision: run it before and after and diff the two files. Not shipped; not a test. With --plain the prefilter is
// bypassed (every regex runs as it is on the whole text), so one tree can also be compared with and without it.
//   FRUGAL_QUESTIONS_CACHE=... npx tsx scripts/routerDump.ts out.jsonl [--plain]
import { writeFileSync } from 'node:fs';
import { TextScan } from '../src/core/router/prefilter';
import { classify, classifyRules, learnedFeatures } from '../src/core/router/classify';
import { EXTERNAL_SOURCES, MISSING_SOURCES, loadExternal, loadTeam, type Row } from '../bench/routerData';

const out = process.argv[2];
if (!out) throw new Error('usage: routerDump.ts OUT.jsonl [--plain]');
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
for (const r of rows) {
  const c = classify(r);
  const rules = classifyRules(r);
  lines.push(
    JSON.stringify({
      id: `${r.dataset}/${r.id}`,
      tier: c.tier,
      reason: c.reason,
      signals: c.signals,
      features: learnedFeatures(r),
      rules: [rules.tier, rules.reason, rules.signals.join(' ')],
      thrifty: classify(r, { lean: 'thrifty' }).tier,
      careful: classify(r, { lean: 'careful' }).tier,
    }),
  );
}
writeFileSync(out, lines.join('\n') + '\n');
console.log(
  `${rows.length} rows (sources: ${EXTERNAL_SOURCES.join(', ')}; missing: ${MISSING_SOURCES.join(', ') || 'none'}) -> ${out}`,
);

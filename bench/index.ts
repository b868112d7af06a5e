// `npm run bench`: runs every benchmark and writes bench/results.json ({name: {value, unit, note}}).
// The machine is shared and noisy: each figure is a median or percentile over many runs, and ratios are taken
// within one run.
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

type Figures = Record<string, { value: number; unit: string; note: string }>;

const root = path.join(__dirname, '..');
const only = process.argv.slice(2);

const suites: [string, () => Promise<Figures> | Figures][] = [
  ['pipeline', async () => (await import('./pipeline')).runPipelineBench()],
  ['bundle', async () => (await import('./pipeline')).runBundleBench(root)],
  ['activation', async () => (await import('./pipeline')).runActivationBench(root)],
  ['router', async () => (await import('./router')).runRouterBench()],
  ['cache', async () => (await import('./cache')).runCacheBench()],
  ['compress', async () => (await import('./compress')).runCompressBench()],
  ['dashboard', async () => (await import('./dashboard')).runDashboardBench()],
  ['inline', async () => (await import('./inline')).runInlineBench()],
  ['faults', async () => (await import('./faults')).runFaultBench()],
  ['tokens', async () => (await import('./tokens')).runTokensBench()],
  ['pricing', async () => (await import('./pricing')).runPricingBench()],
  ['telemetry', async () => (await import('./telemetry')).runTelemetryBench(root)],
  ['budget', async () => (await import('./budget')).runBudgetBench()],
  ['security', async () => (await import('./security')).runSecurityBench()],
  ['conversation', async () => (await import('./conversation')).runConversationBench()],
  ['ledger', async () => (await import('./ledger')).runLedgerBench()],
];

async function main(): Promise<void> {
  const file = path.join(root, 'bench', 'results.json');
  const results: Figures = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let failed = 0;
  for (const [name, run] of suites) {
    if (only.length && !only.includes(name)) continue;
    const t0 = Date.now();
    try {
      const figures = await run();
      Object.assign(results, figures);
      console.log(
        `${name}: ${Object.entries(figures)
          .map(([k, v]) => `${k}=${v.value}${v.unit === 'ms' || v.unit === 'us' ? v.unit : ''}`)
          .join(', ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      );
    } catch (e) {
      failed++;
      console.error(`${name}: FAILED: ${e instanceof Error ? e.stack : e}`);
    }
  }
  const sorted = Object.fromEntries(Object.entries(results).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, JSON.stringify(sorted, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), file)} (${Object.keys(sorted).length} figures)`);
  // Some suites leave timers or sockets of the code under test behind; the figures are written, so end here.
  process.exit(failed ? 1 : 0);
}

void main();

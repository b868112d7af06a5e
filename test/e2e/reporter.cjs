// Mocha reporter for the E2E run: the usual spec output, then the plain closing line
// `N passed, N failed` (", N skipped" when some were), and a JSON summary in $FRUGAL_E2E_SUMMARY.
const fs = require('fs');
const Mocha = require('mocha');
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class FrugalReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const tests = [];
    runner.on(EVENT_TEST_PASS, (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on(EVENT_TEST_FAIL, (t, err) =>
      tests.push({ title: t.fullTitle(), state: 'failed', error: String(err && (err.stack || err.message)) }),
    );
    runner.on(EVENT_TEST_PENDING, (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      const skipped = s.pending ? `, ${s.pending} skipped` : '';
      process.stdout.write(`\n${s.passes} passed, ${s.failures} failed${skipped}\n`);
      if (process.env.FRUGAL_E2E_SUMMARY)
        fs.writeFileSync(
          process.env.FRUGAL_E2E_SUMMARY,
          JSON.stringify({ passed: s.passes, failed: s.failures, pending: s.pending, tests }, null, 2),
        );
    });
  }
}
module.exports = FrugalReporter;

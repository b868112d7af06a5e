// Test runner loaded by VS Code's extension host (`extensionTestsPath`). It runs every bundled
// `*.test.js` next to it with mocha and writes a JSON result file that the launcher
// (scripts/runIntegration.mjs) waits for:
//   {passed, failed, pending, tests: [{title, file, state, durationMs, error?}], error?}
// Progress (one JSON line per finished test) goes to `<result>.progress` so the launcher can show it live.
// The result path comes from $FRUGAL_TEST_RESULT, or from run-config.json written by the launcher.
import * as fs from 'fs';
import * as path from 'path';

interface RunConfig {
  resultFile?: string;
  mochaPath?: string;
  grep?: string;
  timeoutMs?: number;
}

interface TestOutcome {
  title: string;
  file: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

function readConfig(dir: string): RunConfig {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'run-config.json'), 'utf8')) as RunConfig;
  } catch {
    return {};
  }
}

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export async function run(): Promise<void> {
  const dir = __dirname;
  const cfg = readConfig(dir);
  const resultFile = process.env.FRUGAL_TEST_RESULT || cfg.resultFile || path.join(dir, 'result.json');
  const progressFile = `${resultFile}.progress`;
  const repoRoot = path.resolve(dir, '..', '..');
  const tests: TestOutcome[] = [];
  const progress = (t: TestOutcome) => {
    try {
      fs.appendFileSync(progressFile, JSON.stringify(t) + '\n');
    } catch {
      /* progress is best-effort */
    }
  };
  const finish = (error?: string) => {
    const passed = tests.filter((t) => t.state === 'passed').length;
    const failed = tests.filter((t) => t.state === 'failed').length + (error ? 1 : 0);
    const pending = tests.filter((t) => t.state === 'pending').length;
    writeAtomic(resultFile, JSON.stringify({ passed, failed, pending, tests, error }, null, 2));
    return failed;
  };

  let failures = 0;
  try {
    // mocha is required from the repository's node_modules at run time (not bundled).
    const Mocha = require(cfg.mochaPath || path.join(repoRoot, 'node_modules', 'mocha'));
    const mocha = new Mocha({
      ui: 'bdd',
      color: false,
      timeout: cfg.timeoutMs ?? 60_000,
      reporter: Mocha.reporters.Base,
      grep: cfg.grep || process.env.FRUGAL_TEST_GREP || undefined,
    });
    const files = findTests(dir);
    for (const f of files) mocha.addFile(f);
    if (files.length === 0) {
      finish(`no *.test.js files found in ${dir}`);
      return;
    }
    const started = new Map<unknown, number>();
    failures = await new Promise<number>((resolve) => {
      const runner = mocha.run(() => resolve(0));
      const fileOf = (t: { file?: string }) => path.relative(dir, t.file ?? '').replace(/\.js$/, '.ts');
      runner.on('test', (t: unknown) => started.set(t, Date.now()));
      runner.on('pass', (t: { fullTitle(): string; file?: string; duration?: number }) => {
        const o: TestOutcome = { title: t.fullTitle(), file: fileOf(t), state: 'passed', durationMs: t.duration ?? 0 };
        tests.push(o);
        progress(o);
      });
      runner.on('fail', (t: { fullTitle(): string; file?: string; duration?: number }, err: Error) => {
        const o: TestOutcome = {
          title: t.fullTitle(),
          file: fileOf(t),
          state: 'failed',
          durationMs: t.duration ?? Date.now() - (started.get(t) ?? Date.now()),
          error: (err && (err.stack || err.message)) || String(err),
        };
        tests.push(o);
        progress(o);
      });
      runner.on('pending', (t: { fullTitle(): string; file?: string }) => {
        const o: TestOutcome = { title: t.fullTitle(), file: fileOf(t), state: 'pending', durationMs: 0 };
        tests.push(o);
        progress(o);
      });
      runner.on('end', () => resolve(0));
    });
    failures = finish();
  } catch (e) {
    const err = e as Error;
    failures = finish(`runner crashed: ${err?.stack || err}`);
  }
  if (failures > 0) {
    // Desktop VS Code (test-electron) reads the rejection as a failed run; the file carries the details.
    throw new Error(`${failures} integration test(s) failed`);
  }
}

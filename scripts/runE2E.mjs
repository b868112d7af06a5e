#!/usr/bin/env node
// End-to-end tests: a real browser (headless Debian Chromium via playwright-core) drives a real VS Code
// (code-server) with the packaged extension (dist/frugal.vsix) installed, against the provider simulator.
//
// Steps: npm run package -> install code-server (cached) -> install the .vsix into a fresh extensions dir ->
// mocha over every test/e2e/**/*.e2e.ts (each test calls withCodeServer() from test/e2e/harness.ts).
// Options: --no-package (reuse dist/frugal.vsix)  --grep=PATTERN  --keep (keep temp dirs)
// Prints the spec output, then `N passed, N failed`; exits non-zero on failure or when no test ran.
import { parseArgs } from 'node:util';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  REPO_ROOT,
  installCodeServer,
  installExtension,
  isInstalled,
  missingPrerequisites,
  tempDir,
} from './codeServer.mjs';

// --name=value and --name value both work
const { values: args } = parseArgs({
  options: {
    grep: { type: 'string' },
    'no-package': { type: 'boolean' },
    keep: { type: 'boolean' },
    timeout: { type: 'string' },
  },
});
const t0 = Date.now();
const log = (...a) => console.log('[e2e]', ...a);
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

function findE2E(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findE2E(p));
    else if (e.name.endsWith('.e2e.ts')) out.push(p);
  }
  return out.sort();
}

async function main() {
  const problems = missingPrerequisites();
  if (problems.length) throw new Error(`E2E cannot run:\n  ${problems.join('\n  ')}`);
  const files = findE2E(join(REPO_ROOT, 'test', 'e2e'));
  if (!files.length) throw new Error('no test/e2e/**/*.e2e.ts files');
  // fresh E2E artifacts (the integration runner's integration-* files stay)
  const results = join(REPO_ROOT, 'test-results');
  mkdirSync(results, { recursive: true });
  for (const f of readdirSync(results))
    if (!f.startsWith('integration-')) rmSync(join(results, f), { recursive: true, force: true });

  const vsix = join(REPO_ROOT, 'dist', 'frugal.vsix');
  if (!args['no-package'] || !existsSync(vsix)) {
    log('packaging the extension (npm run package)');
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0 || !existsSync(vsix)) throw new Error('npm run package failed (no dist/frugal.vsix)');
  }
  if (!isInstalled()) {
    log('code-server is not installed yet; installing (first run only)');
    installCodeServer();
  }
  const extDir = tempDir('frugal-e2e-ext-');
  log(`installing ${relative(REPO_ROOT, vsix)} into code-server`);
  installExtension(vsix, extDir);
  const summaryFile = join(tempDir('frugal-e2e-summary-'), 'summary.json');
  log(`running ${files.length} E2E file(s) (${secs()})`);

  const mochaBin = join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const mochaArgs = [
    mochaBin,
    '--import=tsx',
    '--require',
    join(REPO_ROOT, 'test', 'e2e', 'setup.ts'),
    '--reporter',
    join(REPO_ROOT, 'test', 'e2e', 'reporter.cjs'),
    '--timeout',
    String(args.timeout ?? 300_000),
    '--exit',
    ...(args.grep ? ['--grep', String(args.grep)] : []),
    ...files.map((f) => relative(REPO_ROOT, f)),
  ];
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, mochaArgs, {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        FRUGAL_E2E_EXTENSIONS_DIR: extDir,
        FRUGAL_E2E_SUMMARY: summaryFile,
        ...(args.keep ? { FRUGAL_E2E_KEEP: '1' } : {}),
      },
    });
    const onSignal = (sig) => child.kill(sig);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0)));
  });
  if (!args.keep) rmSync(extDir, { recursive: true, force: true });
  log(`finished in ${secs()}; screenshots in test-results/`);
  if (!existsSync(summaryFile)) {
    console.log('0 passed, 1 failed');
    console.error('[e2e] mocha ended without a summary (crashed before running tests?)');
    return 1;
  }
  const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  if (s.passed + s.failed === 0) {
    console.error('[e2e] ran no test: failing');
    return 1;
  }
  return code === 0 && s.failed === 0 ? 0 : 1;
}

main().then(
  (c) => process.exit(c),
  (e) => {
    console.error(`[e2e] ERROR: ${e?.stack ?? e}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);

#!/usr/bin/env node
// Runs the integration suite (test/integration/**/*.test.ts) inside a real VS Code extension host.
//
// Launchers, first that applies:
//   electron     desktop VS Code through @vscode/test-electron, only when one is already on disk
//                ($FRUGAL_VSCODE_EXECUTABLE, or a download left in .vscode-test/); never downloads.
//   code-server  VS Code 1.100 served by code-server (installed offline into .cache/code-server/),
//                opened by headless Debian Chromium with the `payload` query parameter carrying
//                extensionDevelopmentPath / extensionTestsPath as vscode-remote:// URIs.
// Force one with --launcher=electron|code-server or $FRUGAL_INTEGRATION_LAUNCHER.
//
// Options: --grep=PATTERN  --no-build  --keep (keep temp dirs)  --timeout=MS (whole run, default 15 min)
//          --extension-path=DIR (extension under test; default the repository)
// Prints each test, then `N passed, N failed`; exits non-zero on any failure or when no launcher can run.

import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import {
  REPO_ROOT,
  installCodeServer,
  isInstalled,
  launchChromium,
  missingPrerequisites,
  startCodeServer,
  tempDir,
} from './codeServer.mjs';

// --name=value and --name value both work
const { values: args } = parseArgs({
  options: {
    grep: { type: 'string' },
    'no-build': { type: 'boolean' },
    keep: { type: 'boolean' },
    timeout: { type: 'string' },
    'extension-path': { type: 'string' },
    launcher: { type: 'string' },
  },
});
const OUT_DIR = join(REPO_ROOT, 'out', 'integration');
const RESULTS_DIR = join(REPO_ROOT, 'test-results');
const TIMEOUT_MS = Number(args.timeout ?? process.env.FRUGAL_INTEGRATION_TIMEOUT_MS ?? 15 * 60_000);
// first result must come within FIRST_RESULT_MS of opening the workbench; then at most STALL_MS between results
const FIRST_RESULT_MS = Number(process.env.FRUGAL_INTEGRATION_FIRST_RESULT_MS ?? 180_000);
const STALL_MS = Number(process.env.FRUGAL_INTEGRATION_STALL_MS ?? 300_000);
const EXT_PATH = resolve(args['extension-path'] ?? REPO_ROOT);
const t0 = Date.now();
const log = (...a) => console.log('[integration]', ...a);
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

function findTestFiles(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findTestFiles(p));
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

async function build() {
  if (!args['no-build'] && EXT_PATH === REPO_ROOT) {
    log('building the extension (node esbuild.mjs)');
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('extension build failed (node esbuild.mjs)');
  }
  const testDir = join(REPO_ROOT, 'test', 'integration');
  const files = findTestFiles(testDir);
  if (files.length === 0) throw new Error(`no *.test.ts files under ${relative(REPO_ROOT, testDir)}`);
  rmSync(OUT_DIR, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(testDir, 'index.ts'), ...files],
    outdir: OUT_DIR,
    outbase: testDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  log(`bundled ${files.length} test file(s) into ${relative(REPO_ROOT, OUT_DIR)}`);
  return files;
}

function findDesktopVSCode() {
  const env = process.env.FRUGAL_VSCODE_EXECUTABLE;
  if (env) {
    if (!existsSync(env)) throw new Error(`FRUGAL_VSCODE_EXECUTABLE=${env} does not exist`);
    return env;
  }
  const root = join(REPO_ROOT, '.vscode-test');
  if (!existsSync(root)) return undefined;
  for (const d of readdirSync(root)) {
    for (const rel of ['code', 'VSCode-linux-x64/code', 'bin/code']) {
      const p = join(root, d, rel);
      if (existsSync(p) && statSync(p).isFile()) return p;
    }
  }
  return undefined;
}

function printResult(result, launcher) {
  console.log('');
  console.log(`Integration tests (${launcher}):`);
  for (const t of result.tests ?? []) {
    const mark = t.state === 'passed' ? '  ✓' : t.state === 'pending' ? '  -' : '  ✗';
    console.log(`${mark} ${t.title}${t.durationMs > 200 ? ` (${t.durationMs} ms)` : ''}`);
  }
  const failedTests = (result.tests ?? []).filter((t) => t.state === 'failed');
  if (failedTests.length || result.error) console.log('\nFailures:');
  failedTests.forEach((t, i) =>
    console.log(`\n  ${i + 1}) ${t.title}  [${t.file}]\n     ${String(t.error).split('\n').join('\n     ')}`),
  );
  if (result.error) console.log(`\n  runner: ${result.error}`);
  console.log('');
  const pending = result.pending ? `, ${result.pending} skipped` : '';
  console.log(`${result.passed} passed, ${result.failed} failed${pending}`);
}

function writeRunConfig(cfg) {
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'run-config.json'), JSON.stringify(cfg, null, 2));
}

async function runElectron(exe, workspaceDir, resultFile) {
  const { runTests } = await import('@vscode/test-electron');
  log(`launcher: desktop VS Code at ${exe}`);
  const userDataDir = tempDir('frugal-it-user-');
  writeRunConfig({
    resultFile,
    userDataDir,
    workspaceDir,
    launcher: 'electron',
    mochaPath: join(REPO_ROOT, 'node_modules', 'mocha'),
    grep: args.grep,
  });
  try {
    await runTests({
      vscodeExecutablePath: exe,
      extensionDevelopmentPath: EXT_PATH,
      extensionTestsPath: join(OUT_DIR, 'index.js'),
      launchArgs: [workspaceDir, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userDataDir],
      extensionTestsEnv: { FRUGAL_TEST_RESULT: resultFile },
    });
  } catch (e) {
    if (!existsSync(resultFile)) throw e; // the result file has the details otherwise
  }
  return JSON.parse(readFileSync(resultFile, 'utf8'));
}

async function runCodeServer(workspaceDir, resultFile) {
  const problems = missingPrerequisites();
  if (problems.length) throw new Error(`code-server launcher cannot run:\n  ${problems.join('\n  ')}`);
  if (!isInstalled()) {
    log('code-server is not installed yet; installing (first run only)');
    installCodeServer();
  }
  const userDataDir = tempDir('frugal-it-user-');
  const extensionsDir = tempDir('frugal-it-ext-');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'security.workspace.trust.enabled': false,
      },
      null,
      2,
    ),
  );
  writeRunConfig({
    resultFile,
    userDataDir,
    workspaceDir,
    launcher: 'code-server',
    mochaPath: join(REPO_ROOT, 'node_modules', 'mocha'),
    grep: args.grep,
  });

  log('launcher: code-server + headless Chromium');
  const server = await startCodeServer({
    userDataDir,
    extensionsDir,
    folder: workspaceDir,
    env: { FRUGAL_TEST_RESULT: resultFile, FRUGAL_TEST_USER_DATA_DIR: userDataDir },
    logFile: join(RESULTS_DIR, 'integration-code-server.log'),
  });
  log(`code-server up at ${server.url} (${secs()})`);
  let browser;
  let failedRun = false;
  const consoleLines = [];
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(EXT_PATH)],
      ['extensionTestsPath', remote(join(OUT_DIR, 'index.js'))],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspaceDir)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    log(`workbench opened (${secs()}); waiting for the test run (timeout ${Math.round(TIMEOUT_MS / 1000)}s)`);

    const progressFile = `${resultFile}.progress`;
    let shown = 0;
    const deadline = t0 + TIMEOUT_MS;
    let lastProgress = Date.now();
    let lastTitle = '';
    while (!existsSync(resultFile)) {
      // fail early when the runner never starts (first test) or stops reporting (no test takes this long)
      const stallLimit = shown === 0 ? FIRST_RESULT_MS : STALL_MS;
      const stalled = Date.now() - lastProgress > stallLimit;
      if (Date.now() > deadline || stalled) {
        mkdirSync(RESULTS_DIR, { recursive: true });
        await page.screenshot({ path: join(RESULTS_DIR, 'integration-timeout.png') }).catch(() => {});
        writeFileSync(join(RESULTS_DIR, 'integration-console.log'), consoleLines.join('\n'));
        const why = stalled
          ? shown === 0
            ? `no test finished within ${Math.round(stallLimit / 1000)}s of opening the workbench (did the extension host start the runner?)`
            : `no test finished for ${Math.round(stallLimit / 1000)}s after "${lastTitle}"`
          : `no test result after ${Math.round(TIMEOUT_MS / 1000)}s`;
        throw new Error(
          `${why} (screenshot: test-results/integration-timeout.png)\n` +
            `--- browser console (last 40) ---\n${consoleLines.slice(-40).join('\n')}\n` +
            `--- code-server output (last 40 lines) ---\n${server.output().split('\n').slice(-40).join('\n')}`,
        );
      }
      if (server.process.exitCode !== null) throw new Error(`code-server exited early:\n${server.output()}`);
      if (existsSync(progressFile)) {
        const lines = readFileSync(progressFile, 'utf8').split('\n').filter(Boolean);
        for (; shown < lines.length; shown++) {
          try {
            const t = JSON.parse(lines[shown]);
            lastProgress = Date.now();
            lastTitle = t.title;
            log(`  ${t.state === 'passed' ? 'ok  ' : t.state === 'pending' ? 'skip' : 'FAIL'} ${t.title}`);
          } catch {
            /* partial line */
          }
        }
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    const result = JSON.parse(readFileSync(resultFile, 'utf8'));
    const frugalErrors = consoleLines.filter((l) => /^\[(error|pageerror)\]/.test(l) && /frugal/i.test(l));
    if (result.failed > 0 || frugalErrors.length) {
      failedRun = true;
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'integration-end.png') }).catch(() => {});
      writeFileSync(join(RESULTS_DIR, 'integration-console.log'), consoleLines.join('\n'));
      if (frugalErrors.length) log(`browser console errors mentioning frugal:\n  ${frugalErrors.join('\n  ')}`);
    }
    return result;
  } catch (e) {
    failedRun = true;
    throw e;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    if (failedRun) {
      // VS Code's own logs (extension host, remote agent) help explain a failure
      const logs = join(userDataDir, 'logs');
      if (existsSync(logs)) {
        rmSync(join(RESULTS_DIR, 'integration-logs'), { recursive: true, force: true });
        cpSync(logs, join(RESULTS_DIR, 'integration-logs'), { recursive: true });
        log('VS Code logs copied to test-results/integration-logs/');
      }
    }
    if (!args.keep) {
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(extensionsDir, { recursive: true, force: true });
    }
  }
}

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const f of readdirSync(RESULTS_DIR))
    if (f.startsWith('integration-')) rmSync(join(RESULTS_DIR, f), { recursive: true, force: true });
  await build();
  const workspaceDir = tempDir('frugal-it-ws-');
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspaceDir, { recursive: true });
  const resultFile = join(tempDir('frugal-it-result-'), 'result.json');

  const choice = args.launcher ?? process.env.FRUGAL_INTEGRATION_LAUNCHER;
  let launcher = choice;
  let desktop;
  if (!launcher || launcher === 'electron') {
    desktop = findDesktopVSCode();
    if (desktop) launcher = 'electron';
    else if (launcher === 'electron')
      throw new Error(
        'launcher "electron" asked for, but no desktop VS Code is on disk (set FRUGAL_VSCODE_EXECUTABLE)',
      );
    else {
      log('no desktop VS Code on disk (FRUGAL_VSCODE_EXECUTABLE / .vscode-test); not downloading: using code-server');
      launcher = 'code-server';
    }
  }
  let result;
  try {
    if (launcher === 'electron') result = await runElectron(desktop, workspaceDir, resultFile);
    else if (launcher === 'code-server') result = await runCodeServer(workspaceDir, resultFile);
    else throw new Error(`unknown launcher "${launcher}" (electron | code-server)`);
  } finally {
    if (!args.keep) rmSync(workspaceDir, { recursive: true, force: true });
  }
  printResult(result, launcher);
  log(`finished in ${secs()}`);
  const total = (result.passed ?? 0) + (result.failed ?? 0);
  if (total === 0) {
    console.error('[integration] ran no test: failing');
    return 1;
  }
  return result.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[integration] ERROR: ${e?.stack ?? e}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);

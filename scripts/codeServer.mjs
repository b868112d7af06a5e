#!/usr/bin/env node
// Offline install and launch of code-server (VS Code in the browser), shared by the integration runner,
// the E2E runner and `npm run demo`.
//
// Install (see docs/DESIGN "Testing"): only the npm registry and Debian packages are reachable, so every
// install script that would download a prebuilt binary is skipped (--ignore-scripts) and native modules are
// compiled here with node-gyp against Node's own headers. The result is cached in .cache/code-server/ (or
// $FRUGAL_CODE_SERVER_CACHE) with a marker file, so only the first run pays.
//
// CLI:  node scripts/codeServer.mjs install      install (idempotent) and print the binary path
//       node scripts/codeServer.mjs path         print the binary path, or exit 1 when not installed
//       node scripts/codeServer.mjs check        exit 0 when the Debian prerequisites are present

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  writeFileSync,
  copyFileSync,
  chmodSync,
  symlinkSync,
  lstatSync,
  rmSync,
  readdirSync,
  mkdtempSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = resolve(process.env.FRUGAL_CODE_SERVER_CACHE || join(REPO_ROOT, '.cache', 'code-server'));
export const CODE_SERVER_DIR = join(CACHE_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_BIN = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
// Bump INSTALL_LAYOUT when the steps below change, so existing caches redo the (idempotent) steps.
const INSTALL_LAYOUT = 2;
const MARKER = join(CACHE_DIR, `.installed-${CODE_SERVER_VERSION}-layout${INSTALL_LAYOUT}`);

export const CHROMIUM_PATH = process.env.FRUGAL_CHROMIUM || '/usr/bin/chromium';
// Flags needed to run Debian's Chromium headless as root on a machine with no network but loopback.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-extensions',
];

// Native modules of VS Code's server that must be compiled from source.
const NATIVE_MODULES = [
  'node-pty',
  '@vscode/spdlog',
  '@parcel/watcher',
  'kerberos',
  'native-watchdog',
  '@vscode/deviceid',
];

const log = (...a) => console.log('[code-server]', ...a);

function run(cmd, args, opts = {}) {
  const t0 = Date.now();
  log(`$ ${cmd} ${args.join(' ')}${opts.cwd ? `   (in ${opts.cwd})` : ''}`);
  const r = spawnSync(cmd, args, { stdio: opts.quiet ? 'pipe' : 'inherit', encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    const out = opts.quiet ? `\n${r.stdout ?? ''}\n${r.stderr ?? ''}` : '';
    throw new Error(`command failed (${r.status ?? r.signal}): ${cmd} ${args.join(' ')}${out}`);
  }
  log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return r;
}

function npmNodeGyp() {
  const candidates = [];
  try {
    const prefix = execFileSync('npm', ['prefix', '-g'], { encoding: 'utf8' }).trim();
    candidates.push(join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  } catch {
    /* fall through */
  }
  candidates.push(
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  );
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`node-gyp (shipped with npm) not found; looked in ${candidates.join(', ')}`);
  return found;
}

function npmConfig(key) {
  try {
    const v = execFileSync('npm', ['config', 'get', key], { encoding: 'utf8' }).trim();
    return v && v !== 'undefined' && v !== 'null' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Missing Debian prerequisites, as a list of human-readable problems. */
export function missingPrerequisites() {
  const problems = [];
  if (!existsSync('/usr/bin/rg')) problems.push('ripgrep (/usr/bin/rg) is missing: apt-get install -y ripgrep');
  if (!existsSync(CHROMIUM_PATH)) problems.push(`chromium (${CHROMIUM_PATH}) is missing: apt-get install -y chromium`);
  if (spawnSync('pkg-config', ['--exists', 'krb5-gssapi']).status !== 0)
    problems.push(
      'libkrb5-dev / pkg-config missing (needed to build kerberos): apt-get install -y libkrb5-dev pkg-config',
    );
  return problems;
}

export function isInstalled() {
  return existsSync(MARKER) && existsSync(CODE_SERVER_BIN);
}

function ensureLink(target, linkPath) {
  try {
    lstatSync(linkPath);
    return; // exists (file, dir or link)
  } catch {
    symlinkSync(target, linkPath);
  }
}

/** Installs code-server into the cache folder unless already there. Returns the path of its entry script. */
export function installCodeServer({ force = false } = {}) {
  if (!force && isInstalled()) return CODE_SERVER_BIN;
  const problems = missingPrerequisites().filter((p) => !p.startsWith('chromium'));
  if (problems.length) throw new Error(`cannot install code-server:\n  ${problems.join('\n  ')}`);
  const t0 = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${CACHE_DIR} (first run only; several minutes)`);
  mkdirSync(CACHE_DIR, { recursive: true });
  rmSync(MARKER, { force: true });
  // A package.json of its own keeps npm from treating the repository as the project.
  writeFileSync(
    join(CACHE_DIR, 'package.json'),
    JSON.stringify({ name: 'frugal-code-server-cache', private: true }, null, 2),
  );
  const npmFlags = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];

  // 1. code-server itself, without its postinstall (which would download things).
  if (!existsSync(join(CODE_SERVER_DIR, 'package.json')) || force)
    run('npm', ['install', ...npmFlags, `code-server@${CODE_SERVER_VERSION}`], { cwd: CACHE_DIR });

  // 2. VS Code's own production dependencies.
  const vscodeDir = join(CODE_SERVER_DIR, 'lib', 'vscode');
  if (!existsSync(join(vscodeDir, 'node_modules', 'node-pty', 'package.json')) || force)
    run('npm', ['install', '--omit=dev', ...npmFlags], { cwd: vscodeDir });
  const nm = join(vscodeDir, 'node_modules');

  // 2b. The TypeScript that the built-in TypeScript/JavaScript language features run (tsserver).
  const builtinExt = join(vscodeDir, 'extensions');
  if (
    existsSync(join(builtinExt, 'package.json')) &&
    (!existsSync(join(builtinExt, 'node_modules', 'typescript', 'package.json')) || force)
  )
    run('npm', ['install', '--omit=dev', ...npmFlags], { cwd: builtinExt });

  // 3. ripgrep from Debian instead of the downloaded binary.
  const rgDir = join(nm, '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync('/usr/bin/rg', join(rgDir, 'rg'));
  chmodSync(join(rgDir, 'rg'), 0o755);

  // 4. Native modules, compiled against this Node's headers.
  const gyp = npmNodeGyp();
  const gypEnv = { ...process.env };
  const nodedir = npmConfig('nodedir');
  if (nodedir) gypEnv.npm_config_nodedir = nodedir;
  for (const mod of NATIVE_MODULES) {
    const dir = join(nm, mod);
    if (!existsSync(join(dir, 'binding.gyp'))) {
      log(`  (skipping ${mod}: no binding.gyp)`);
      continue;
    }
    if (existsSync(join(dir, 'build', 'Release')) && !force) {
      const built = readdirSync(join(dir, 'build', 'Release')).some((f) => f.endsWith('.node'));
      if (built) continue;
    }
    run(process.execPath, [gyp, 'rebuild', '--jobs=max'], { cwd: dir, env: gypEnv, quiet: true });
  }

  // 5. Links the packaged build would have.
  ensureLink('node_modules', join(vscodeDir, 'node_modules.asar'));
  const cli = join(vscodeDir, 'bin', 'remote-cli');
  if (existsSync(join(cli, 'code-linux.sh'))) ensureLink('code-linux.sh', join(cli, 'code-server'));
  const helpers = join(vscodeDir, 'bin', 'helpers');
  if (existsSync(join(helpers, 'browser-linux.sh'))) ensureLink('browser-linux.sh', join(helpers, 'browser.sh'));

  // 6. argon2 (code-server's password hashing) from source.
  const argon2 = join(CACHE_DIR, 'node_modules', 'argon2');
  if (existsSync(argon2) && (force || !existsSync(join(argon2, 'lib', 'binding', 'napi-v3', 'argon2.node')))) {
    const preGyp = join(CACHE_DIR, 'node_modules', '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp');
    if (existsSync(preGyp))
      run(process.execPath, [preGyp, 'rebuild', '--build-from-source'], { cwd: argon2, env: gypEnv, quiet: true });
    else
      run('npx', ['--yes', '@mapbox/node-pre-gyp', 'rebuild', '--build-from-source'], {
        cwd: argon2,
        env: gypEnv,
        quiet: true,
      });
  }

  // 7. Smoke check: the server answers --version.
  const v = spawnSync(process.execPath, [CODE_SERVER_BIN, '--version', '--config', join(CACHE_DIR, 'config.yaml')], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (v.status !== 0) throw new Error(`code-server --version failed:\n${v.stdout}\n${v.stderr}`);
  log(`code-server ${v.stdout.trim().split('\n').pop()}`);
  writeFileSync(MARKER, `${new Date().toISOString()}\n`);
  log(`installed in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  return CODE_SERVER_BIN;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

async function waitForHttp(url, { timeoutMs, child, output }) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'manual' });
      if (r.status > 0) return;
    } catch (e) {
      lastErr = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms (${lastErr?.message ?? ''}):\n${output()}`);
}

/** Installs an extension (.vsix path or id) into an extensions dir with the code-server CLI. */
export function installExtension(vsix, extensionsDir, userDataDir) {
  const args = [CODE_SERVER_BIN, '--install-extension', vsix, '--force', '--extensions-dir', extensionsDir];
  if (userDataDir) args.push('--user-data-dir', userDataDir, '--config', join(userDataDir, 'code-server-config.yaml'));
  else args.push('--config', join(CACHE_DIR, 'config.yaml'));
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Starts code-server and waits until it answers HTTP.
 * Returns {url, port, process, output(), stop()}. stop() kills the whole process group.
 */
export async function startCodeServer({
  port,
  userDataDir,
  extensionsDir,
  folder,
  env = {},
  extraArgs = [],
  timeoutMs = 90_000,
  logFile,
} = {}) {
  if (!isInstalled()) installCodeServer();
  port ??= await freePort();
  userDataDir ??= tempDir('frugal-cs-data-');
  extensionsDir ??= tempDir('frugal-cs-ext-');
  const args = [
    CODE_SERVER_BIN,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    // a config file of its own, so ~/.config/code-server/config.yaml (password, cert, ...) never applies
    '--config',
    join(userDataDir, 'code-server-config.yaml'),
    ...extraArgs,
  ];
  if (folder) args.push(folder);
  const child = spawn(process.execPath, args, {
    detached: true, // own process group, so stop() ends the extension host and helpers too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let buf = '';
  const keep = (d) => {
    buf += d.toString();
    if (buf.length > 200_000) buf = buf.slice(-100_000);
    if (logFile)
      try {
        writeFileSync(logFile, buf);
      } catch {
        /* ignore */
      }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const output = () => buf.split('\n').slice(-60).join('\n');
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const gone = new Promise((r) =>
      child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r),
    );
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const t = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    await gone;
    clearTimeout(t);
    // the extension host may outlive the server briefly
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  try {
    await waitForHttp(`${url}/healthz`, { timeoutMs, child, output });
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, userDataDir, extensionsDir, process: child, output: () => buf, stop };
}

/** Launches Debian's Chromium headless through playwright-core. */
export async function launchChromium({ headless = true } = {}) {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless, args: CHROMIUM_ARGS, timeout: 60_000 });
}

// ---- CLI ----
const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const cmd = process.argv[2] ?? 'install';
  try {
    if (cmd === 'install') {
      console.log(installCodeServer({ force: process.argv.includes('--force') }));
    } else if (cmd === 'path') {
      if (!isInstalled()) process.exit(1);
      console.log(CODE_SERVER_BIN);
    } else if (cmd === 'check') {
      const p = missingPrerequisites();
      for (const x of p) console.error(x);
      process.exit(p.length ? 1 : 0);
    } else {
      console.error('usage: node scripts/codeServer.mjs install [--force] | path | check');
      process.exit(2);
    }
  } catch (e) {
    console.error(e.message ?? e);
    process.exit(1);
  }
}

#!/usr/bin/env node
// First step of `npm run demo` on a fresh machine: the npm dependencies and the Debian packages code-server needs
// (ripgrep, and the headers its native modules build against). Uses only Node's standard library, so it runs
// before `npm ci`. Each step is skipped when already done.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (...a) => console.log('[setup]', ...a);
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

const DEBIAN_PACKAGES = ['libkrb5-dev', 'pkg-config', 'ripgrep'];
const installed = (p) =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout?.includes('install ok installed');
const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
if (hasDpkg) {
  const missing = DEBIAN_PACKAGES.filter((p) => !installed(p));
  if (missing.length) {
    const asRoot = process.getuid?.() === 0;
    const cmd = `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`;
    if (asRoot) {
      log(`installing Debian packages: ${missing.join(' ')}`);
      run(cmd);
    } else {
      console.error(
        `[setup] code-server needs these Debian packages: ${missing.join(' ')}\n[setup] run: sudo sh -c '${cmd}'`,
      );
      process.exit(1);
    }
  }
} else {
  log(`not a Debian system: make sure ripgrep, pkg-config and the Kerberos headers (libkrb5-dev) are installed`);
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  log('installing npm dependencies (npm ci)');
  run('npm ci --no-audit --no-fund');
}

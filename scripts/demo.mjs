#!/usr/bin/env node
// `npm run demo`: VS Code in the browser (code-server) with Frugal installed from a fresh build, a copy of
// the sample workspace, and the provider simulator as the model provider. Open the printed URL.
//
// Real provider instead of the simulator: set FRUGAL_BASE_URL and FRUGAL_API_KEY; the base URL goes into
// the demo's user settings (frugal.baseUrl) and the key reaches the extension through the environment
// (the extension falls back to $FRUGAL_API_KEY when SecretStorage has no key).
//
// Options: --port=N (default: a free port; or $PORT)  --no-package (reuse dist/frugal.vsix)
//          --keep (keep the demo's temp dirs)
// Ctrl-C stops code-server and the simulator and removes the temp dirs.
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  REPO_ROOT,
  freePort,
  installCodeServer,
  installExtension,
  isInstalled,
  startCodeServer,
  tempDir,
} from './codeServer.mjs';

// --name=value and --name value both work
const { values: args } = parseArgs({
  options: { port: { type: 'string' }, 'no-package': { type: 'boolean' }, keep: { type: 'boolean' } },
});
const log = (...a) => console.log('[demo]', ...a);

async function main() {
  if (!isInstalled()) {
    log('installing code-server into .cache/code-server (first run only, about a minute or more)');
    installCodeServer();
  }
  const vsix = join(REPO_ROOT, 'dist', 'frugal.vsix');
  if (!args['no-package'] || !existsSync(vsix)) {
    log('building and packaging Frugal (npm run package)');
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0 || !existsSync(vsix)) throw new Error('npm run package failed');
  }

  const root = tempDir('frugal-demo-');
  const workspaceDir = join(root, 'workspace');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspaceDir, { recursive: true });

  const cleanups = [];
  let stopping = false;
  const stopAll = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    for (const c of cleanups.reverse())
      await Promise.resolve()
        .then(c)
        .catch((e) => console.error(e));
    if (!args.keep) rmSync(root, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  let baseUrl = process.env.FRUGAL_BASE_URL;
  const realProvider = Boolean(process.env.FRUGAL_BASE_URL && process.env.FRUGAL_API_KEY);
  if (!realProvider) {
    if (process.env.FRUGAL_BASE_URL || process.env.FRUGAL_API_KEY)
      log(
        'only one of FRUGAL_BASE_URL / FRUGAL_API_KEY is set; both are needed for a real provider: using the simulator',
      );
    const { tsImport } = await import('tsx/esm/api');
    const simModule = await tsImport(
      pathToFileURL(join(REPO_ROOT, 'test', 'fixtures', 'simulator', 'index.ts')).href,
      import.meta.url,
    );
    const sim = await simModule.startSimulator({});
    cleanups.push(() => sim.close());
    baseUrl = sim.baseUrl;
    log(`provider simulator at ${baseUrl}`);
  } else {
    log(`real provider at ${baseUrl} (key from $FRUGAL_API_KEY)`);
  }

  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'frugal.baseUrl': baseUrl,
        'workbench.startupEditor': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'security.workspace.trust.enabled': false,
      },
      null,
      2,
    ),
  );
  log('installing dist/frugal.vsix into code-server');
  installExtension(vsix, extensionsDir, userDataDir);

  const port = Number(args.port ?? process.env.PORT ?? 0) || (await freePort());
  const env = {};
  if (realProvider) env.FRUGAL_API_KEY = process.env.FRUGAL_API_KEY;
  const server = await startCodeServer({ port, userDataDir, extensionsDir, folder: workspaceDir, env });
  cleanups.push(() => server.stop());
  server.process.on('exit', (c) => {
    if (!stopping) {
      console.error(`[demo] code-server exited (${c}):\n${server.output().split('\n').slice(-30).join('\n')}`);
      stopAll(1);
    }
  });

  const url = `${server.url}/?folder=${encodeURIComponent(workspaceDir)}`;
  console.log('');
  console.log(`  Frugal demo is running: ${url}`);
  console.log('');
  console.log('  Try: open sample.ts, select a function, F1 > "Frugal: Explain Selection";');
  console.log('       watch the cost in the status bar; F1 > "Frugal: Open Cost Dashboard".');
  console.log('  Ctrl-C to stop.');
  console.log('');
}

main().catch((e) => {
  console.error(`[demo] ERROR: ${e?.stack ?? e}`);
  process.exit(1);
});

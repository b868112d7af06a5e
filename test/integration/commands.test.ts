import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, frugalApi, listFiles, packageJson, runConfig, waitFor } from './helpers';

// Commands the rest of the suite (and the README) rely on; each must be contributed and registered.
const CORE_COMMANDS = [
  'frugal.setApiKey',
  'frugal.explainSelection',
  'frugal.ask',
  'frugal.showCostSummary',
  'frugal.resetStats',
  'frugal.openDashboard',
];

describe('extension activation and commands', () => {
  it('is installed and activates with an API object', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
    const api = await frugalApi();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(typeof api.statusBarText, 'function', 'api.statusBarText()');
    assert.strictEqual(typeof api.lastConfigErrors, 'function', 'api.lastConfigErrors()');
    assert.strictEqual(typeof api.ledger?.recent, 'function', 'api.ledger.recent()');
  });

  it("builds the router's prefilters soon after activation, before any request needs them", async function () {
    this.timeout(40_000);
    await frugalApi();
    const userData = runConfig().userDataDir;
    assert.ok(userData, 'the run config names the user data folder (where VS Code writes the output channels)');
    const said = await waitFor(
      '"Router ready in N ms." in Frugal\'s log',
      () => {
        for (const f of listFiles(path.join(userData, 'logs'))) {
          const m = /Router ready in (\d+) ms\./.exec(fs.readFileSync(f, 'utf8'));
          if (m) return m[0];
        }
        return undefined;
      },
      30_000,
      250,
    );
    assert.match(said, /^Router ready in \d+ ms\.$/);
  });

  it('contributes the core commands in package.json', () => {
    const contributed = (packageJson().contributes?.commands ?? []).map((c) => c.command);
    for (const id of CORE_COMMANDS) assert.ok(contributed.includes(id), `package.json does not contribute ${id}`);
  });

  it('registers every command that package.json contributes', async () => {
    await frugalApi();
    const contributed = (packageJson().contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('gives every contributed command a "Frugal" category or title prefix', () => {
    const cmds = (packageJson().contributes?.commands ?? []) as { command: string; title: string; category?: string }[];
    const bad = cmds.filter((c) => c.category !== 'Frugal' && !/^Frugal\b/.test(c.title));
    assert.deepStrictEqual(
      bad.map((c) => c.command),
      [],
      'commands without the Frugal category',
    );
  });
});

import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, frugalApi, packageJson } from './helpers';

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

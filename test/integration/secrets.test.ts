import * as assert from 'assert';
import * as vscode from 'vscode';
import { filesContaining, frugalApi, runConfig, waitFor, withStub, workspaceDir, type FrugalApi } from './helpers';

interface SecretReader {
  hasStoredKey(providerId: string): Promise<boolean>;
  getApiKey(providerId: string): Promise<string | undefined>;
}

/** Finds the extension's secret store through its API object (not part of a stable contract, so look around). */
function secretReader(api: FrugalApi): SecretReader | undefined {
  const candidates: unknown[] = [
    api.secrets,
    (api.pipeline as { deps?: { secrets?: unknown } } | undefined)?.deps?.secrets,
  ];
  return candidates.find(
    (c): c is SecretReader =>
      !!c &&
      typeof (c as SecretReader).hasStoredKey === 'function' &&
      typeof (c as SecretReader).getApiKey === 'function',
  );
}

/** Folders where the key must never be written: settings, the user data dir, workspace and extension storage. */
function storageDirs(ctxStorage: string[]): string[] {
  const dirs = [workspaceDir(), ...ctxStorage];
  const userData = runConfig().userDataDir ?? process.env.FRUGAL_TEST_USER_DATA_DIR;
  if (userData) dirs.push(userData);
  return dirs;
}

describe('Set API Key', function () {
  this.timeout(60_000);
  let api: FrugalApi;
  const key = `sk-frugal-it-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;

  before(async () => {
    api = await frugalApi();
  });

  after(async () => {
    // remove the key again (an empty key deletes it)
    await vscode.commands.executeCommand('frugal.setApiKey', { providerId: 'default', key: '' });
  });

  it('stores the key typed into the input box in SecretStorage, and nowhere else', async () => {
    const prompts: vscode.InputBoxOptions[] = [];
    const picks: unknown[] = [];
    const ok = await withStub(
      'showQuickPick',
      (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
        const list = await items;
        picks.push(list);
        return list.find((i) => i.label === 'default') ?? list[0];
      }) as unknown as typeof vscode.window.showQuickPick,
      () =>
        withStub(
          'showInputBox',
          (async (opts?: vscode.InputBoxOptions) => {
            prompts.push(opts ?? {});
            return key;
          }) as typeof vscode.window.showInputBox,
          async () => vscode.commands.executeCommand('frugal.setApiKey'),
        ),
    );
    assert.notStrictEqual(ok, false, 'the command reported that nothing was stored');
    assert.strictEqual(prompts.length, 1, 'the command asks for the key once');
    assert.strictEqual(prompts[0].password, true, 'the input box hides the key (password: true)');

    const reader = secretReader(api);
    assert.ok(reader, 'cannot reach the secret store through the API (api.secrets or api.pipeline.deps.secrets)');
    await waitFor('the key in secret storage', () => reader.hasStoredKey('default'));
    assert.strictEqual(await reader.getApiKey('default'), key);

    // not in any setting
    const settings = JSON.stringify(vscode.workspace.getConfiguration('frugal'));
    assert.ok(!settings.includes(key), 'the key appears in the frugal settings');
    // not in any file under the user data dir, the workspace or the extension's storage
    const hits = filesContaining(storageDirs([]), key);
    assert.deepStrictEqual(hits, [], `the key was written to files: ${hits.join(', ')}`);
  });

  it('takes the key as a command argument too, and an empty key removes it', async () => {
    const reader = secretReader(api);
    await vscode.commands.executeCommand('frugal.setApiKey', { providerId: 'default', key: `${key}-2` });
    assert.ok(reader, 'cannot reach the secret store through the API');
    assert.strictEqual(await reader.getApiKey('default'), `${key}-2`);
    await vscode.commands.executeCommand('frugal.setApiKey', { providerId: 'default', key: '' });
    assert.strictEqual(await reader.hasStoredKey('default'), false);
    const hits = filesContaining(storageDirs([]), key);
    assert.deepStrictEqual(hits, [], `the key was written to files: ${hits.join(', ')}`);
  });
});

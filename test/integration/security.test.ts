// Security inside a real VS Code (GitHub issue #9, part 4): a recognisable API key set through `frugal.setApiKey`,
// then Explain Selection against the provider simulator, including a refused request whose error body echoes the key
// back. Afterwards the key is in no file under the user data dir (settings, logs, global and workspace storage), the
// workspace, the ledger or the cache, in no setting, in no message shown, and not in the answer view.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../fixtures/simulator';
import {
  filesContaining,
  frugalApi,
  listFiles,
  openSample,
  resetSetting,
  runConfig,
  setSetting,
  sleep,
  waitFor,
  withStub,
  workspaceDir,
  type FrugalApi,
} from './helpers';

interface LedgerLike {
  all(): readonly { outcome: string; error?: string }[];
  file?: string;
  flush?(): Promise<void>;
}
interface CacheLike {
  file?: string;
  flush?(): Promise<void>;
}

describe('security: the API key stays in SecretStorage', function () {
  this.timeout(120_000);
  let sim: Simulator;
  let api: FrugalApi;
  const key = `sk-frugal-canary-${Date.now().toString(36)}-0123456789abcdef`;
  const shown: string[] = [];

  const record = (m: unknown): void => {
    shown.push(String(m));
  };

  before(async () => {
    sim = await startSimulator({ echoKey: true });
    api = await frugalApi();
    await setSetting('baseUrl', sim.baseUrl);
    await setSetting('cascade.enabled', true);
    await waitFor(
      'frugal.baseUrl to reach the extension',
      () => vscode.workspace.getConfiguration('frugal').get('baseUrl') === sim.baseUrl,
    );
    await vscode.commands.executeCommand('frugal.setApiKey', { providerId: 'default', key });
  });

  after(async () => {
    await vscode.commands.executeCommand('frugal.setApiKey', { providerId: 'default', key: '' });
    await resetSetting('baseUrl');
    await resetSetting('cascade.enabled');
    await sim?.close();
  });

  /** Selects a fresh, unique snippet of sample.ts (no cache can answer it) and runs Explain with messages captured. */
  async function explainFresh(tag: string): Promise<void> {
    const editor = await openSample('sample.ts');
    // code, not a comment: the cache normalises comments away, and this request must reach the provider
    const nonce = `const security_${tag}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2)} = 1;`;
    const at = editor.document.getText().indexOf('export function orderTotal');
    assert.ok(at >= 0, 'sample.ts has orderTotal');
    await editor.edit((e) => e.insert(editor.document.positionAt(at), `${nonce}\n`));
    const text = editor.document.getText();
    const start = text.indexOf(nonce);
    const end = text.indexOf('\n}\n', start) + 2;
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
    const capture = (async (m: string) => {
      record(m);
      return undefined;
    }) as never;
    await withStub('showErrorMessage', capture, () =>
      withStub('showWarningMessage', capture, () =>
        withStub('showInformationMessage', capture, async () => {
          const before = api.ledger.recent().length;
          await vscode.commands.executeCommand('frugal.explainSelection');
          await waitFor('a new ledger record', () => api.ledger.recent().length > before, 30_000);
        }),
      ),
    );
    const answer = typeof api.answerText === 'function' ? (api.answerText as () => string | undefined)() : undefined;
    if (answer) record(answer);
  }

  it('Explain with the key set: the key is sent to the provider', async () => {
    const from = sim.requests.length;
    await explainFresh('ok');
    const chats = sim.requests.slice(from).filter((r) => r.endpoint === 'chat');
    assert.ok(
      chats.length >= 1 && chats.every((r) => r.hasAuthorization),
      'the request carried an Authorization header',
    );
  });

  it('a refused request whose error echoes the key (401), and a server error echoing it (then a fallback)', async () => {
    sim.setFaults([{ type: 'status', status: 401 }]);
    await explainFresh('401');
    assert.ok(
      shown.some((m) => /API key/.test(m)),
      `the user was told about the key: ${shown.join(' | ')}`,
    );
    sim.setFaults([{ type: 'status', status: 500, times: 3, model: 'Qwen/Qwen3-8B' }]);
    await explainFresh('500');
    sim.setFaults([]);
    const errors = api.ledger.recent().filter((r) => r.outcome === 'error');
    assert.ok(errors.length >= 2, 'the failed attempts are in the ledger');
    assert.ok(
      errors.some((r) => /\*\*\*/.test(r.error ?? '')),
      'the host did echo the key (redacted in the record)',
    );
  });

  it('the key is in no message, no setting, and no file under user data, logs, storage or the workspace', async () => {
    const ledger = api.ledger as unknown as LedgerLike;
    const cache = api.cache as CacheLike | undefined;
    await ledger.flush?.();
    await cache?.flush?.();
    await sleep(1500); // the log channel writes its file asynchronously

    for (const m of shown) assert.ok(!m.includes(key), `a message shown to the user contains the key: ${m}`);

    const section = vscode.workspace.getConfiguration('frugal');
    const settings = JSON.stringify(section) + JSON.stringify(Object.keys(section).map((k) => section.inspect(k)));
    assert.ok(!settings.includes(key), 'the key is in a frugal setting');

    const dirs = [workspaceDir()];
    const userData = runConfig().userDataDir ?? process.env.FRUGAL_TEST_USER_DATA_DIR;
    if (userData) dirs.push(userData);
    if (ledger.file) dirs.push(path.dirname(ledger.file));
    if (cache?.file) dirs.push(path.dirname(path.dirname(cache.file)));
    assert.ok(ledger.file && fs.existsSync(ledger.file), 'the ledger file exists (and is scanned)');

    // not vacuous: the scanned folders hold the ledger, and Frugal's own log when VS Code writes one
    const scanned = dirs.flatMap((d) => listFiles(d));
    assert.ok(
      scanned.some((f) => f === ledger.file),
      `the current ledger period (${ledger.file}) is among the scanned files`,
    );
    if (userData) {
      const logs = listFiles(path.join(userData, 'logs'));
      const frugalLog = logs.filter(
        (f) => /Frugal/i.test(path.basename(f)) || /Frugal activated/.test(fs.readFileSync(f, 'utf8')),
      );
      assert.ok(frugalLog.length >= 1 || logs.length === 0, `Frugal's log is among ${logs.length} log files`);
    }

    for (const needle of [key, Buffer.from(key).toString('base64')]) {
      const hits = filesContaining(dirs, needle);
      assert.deepStrictEqual(hits, [], `the key was written to: ${hits.join(', ')}`);
    }
  });
});

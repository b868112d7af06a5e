import * as assert from 'assert';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../fixtures/simulator';
import { frugalApi, openSample, resetSetting, select, setSetting, waitFor, type FrugalApi } from './helpers';

describe('Explain Selection against the provider simulator', function () {
  this.timeout(90_000);
  let sim: Simulator;
  let api: FrugalApi;

  before(async () => {
    sim = await startSimulator({});
    api = await frugalApi();
    await setSetting('baseUrl', sim.baseUrl);
    await waitFor(
      'frugal.baseUrl to reach the extension',
      () => vscode.workspace.getConfiguration('frugal').get('baseUrl') === sim.baseUrl,
    );
  });

  after(async () => {
    await resetSetting('baseUrl');
    await sim?.close();
  });

  it('records exactly one ledger entry with the cheap model and a non-zero cost, and updates the status bar', async () => {
    const editor = await openSample('sample.ts');
    // a fresh comment makes the selection unique, so no cache (of this or another test file) can answer it
    const nonce = `// explain run ${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const fnStart = editor.document.getText().indexOf('export function orderTotal');
    await editor.edit((e) => e.insert(editor.document.positionAt(fnStart), `${nonce}\n`));
    const text = editor.document.getText();
    const start = text.indexOf(nonce);
    const end = text.indexOf('\n}\n', start) + 2;
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
    assert.match(editor.document.getText(editor.selection), /orderTotal[\s\S]*return Math\.round/);

    const recordsBefore = api.ledger.recent().length;
    const requestsBefore = sim.requests.length;
    const statusBefore = api.statusBarText();

    const result = (await vscode.commands.executeCommand('frugal.explainSelection')) as { model?: string } | undefined;

    await waitFor('a new ledger record', () => api.ledger.recent().length > recordsBefore, 30_000);
    await new Promise((r) => setTimeout(r, 500)); // nothing else may trickle in
    const added = api.ledger.recent().slice(recordsBefore);
    assert.strictEqual(
      added.length,
      1,
      `expected exactly one new ledger record, got ${JSON.stringify(added, null, 1)}`,
    );
    const rec = added[0];
    assert.strictEqual(rec.model, 'Qwen/Qwen3-8B');
    assert.strictEqual(rec.task, 'explain');
    assert.strictEqual(rec.tier, 'cheap');
    assert.strictEqual(rec.cacheHit, false);
    assert.ok(rec.costUsd > 0, `cost should be > 0, got ${rec.costUsd}`);
    assert.ok(rec.inputTokens > 0 && rec.outputTokens > 0, `tokens: ${rec.inputTokens} in, ${rec.outputTokens} out`);
    if (result) assert.strictEqual(result.model, 'Qwen/Qwen3-8B');

    const chats = sim.requests.slice(requestsBefore).filter((r) => r.endpoint === 'chat');
    assert.strictEqual(chats.length, 1, `expected one chat request to the provider, got ${chats.length}`);
    assert.strictEqual(chats[0].model, 'Qwen/Qwen3-8B');
    assert.ok(JSON.stringify(chats[0].body).includes('orderTotal'), 'the selection was sent');

    await waitFor('the status bar text to change', () => api.statusBarText() !== statusBefore, 10_000);
    assert.notStrictEqual(api.statusBarText(), statusBefore);

    const answer = typeof api.answerText === 'function' ? (api.answerText as () => string | undefined)() : undefined;
    if (answer !== undefined) assert.match(answer, /orderTotal/, 'the answer view shows the explanation');
  });

  it('answers the same selection again from the cache at $0', async () => {
    const editor = vscode.window.activeTextEditor!;
    const recordsBefore = api.ledger.recent().length;
    const requestsBefore = sim.requests.length;
    await vscode.commands.executeCommand('frugal.explainSelection');
    await waitFor('a new ledger record', () => api.ledger.recent().length > recordsBefore, 30_000);
    const rec = api.ledger.recent()[recordsBefore];
    assert.strictEqual(rec.cacheHit, true, 'second identical request should be a cache hit');
    assert.strictEqual(rec.costUsd, 0);
    assert.strictEqual(
      sim.requests.slice(requestsBefore).filter((r) => r.endpoint === 'chat').length,
      0,
      'no provider call on a hit',
    );
    assert.ok(editor);
  });

  it('explains Python too', async () => {
    const editor = await openSample('sample.py');
    select(
      editor,
      'def hottest(readings):\n    return max(readings, key=lambda r: r.value).sensor if readings else None',
    );
    await editor.edit((e) => e.insert(editor.selection.start, `# py run ${Date.now()}\n`));
    const doc = editor.document.getText();
    const s = doc.indexOf('# py run');
    editor.selection = new vscode.Selection(
      editor.document.positionAt(s),
      editor.document.positionAt(doc.indexOf('else None', s) + 9),
    );
    const before = api.ledger.recent().length;
    await vscode.commands.executeCommand('frugal.explainSelection');
    await waitFor('a new ledger record', () => api.ledger.recent().length > before, 30_000);
    const rec = api.ledger.recent()[before];
    assert.strictEqual(rec.model, 'Qwen/Qwen3-8B');
    assert.ok(rec.costUsd > 0);
  });
});

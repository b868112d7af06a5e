// Inline completion and the edit commands in a real editor, against the provider simulator: ghost text from FIM,
// Generate Code Here streaming into the editor and undone in one step, Refactor shown as a diff and accepted,
// Write Tests proposing a new test file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../fixtures/simulator';
import { frugalApi, resetSetting, setSetting, sleep, waitFor, withStub, workspaceDir, type FrugalApi } from './helpers';

const SOURCE = `// inline integration fixture
export function add(a: number, b: number): number {
}

export function orderTotal(prices: number[]): number {
  let total = 0;
  for (const p of prices) total += p;
  return total;
}
`;

async function openFixture(name: string, text = SOURCE): Promise<vscode.TextEditor> {
  const file = path.join(workspaceDir(), name);
  fs.writeFileSync(file, text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.getText() !== text) {
    // reopened after an earlier test changed it
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
  }
  return editor;
}

function diffTabs(): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .map((t) => t.input)
    .filter(
      (i): i is vscode.TabInputTextDiff =>
        i instanceof vscode.TabInputTextDiff && i.modified.scheme === 'frugal-proposal',
    );
}

describe('inline completions and edit commands against the simulator', function () {
  this.timeout(120_000);
  let sim: Simulator;
  let api: FrugalApi;

  before(async () => {
    sim = await startSimulator({});
    api = await frugalApi();
    await setSetting('baseUrl', sim.baseUrl);
    await setSetting('inline.debounceMs', 0);
    await waitFor(
      'frugal.baseUrl to reach the extension',
      () => vscode.workspace.getConfiguration('frugal').get('baseUrl') === sim.baseUrl,
    );
  });

  after(async () => {
    await resetSetting('baseUrl');
    await resetSetting('inline.debounceMs');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sim?.close();
  });

  it('shows ghost text from a FIM completion and commits it into the document', async () => {
    const editor = await openFixture('inline-ghost.ts');
    const line = editor.document.lineAt(1);
    editor.selection = new vscode.Selection(line.range.end, line.range.end); // after "{"
    const before = api.ledger.recent().length;
    const fimBefore = sim.requests.length;

    let inserted = false;
    for (let attempt = 0; attempt < 6 && !inserted; attempt++) {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      // the answer is in; give the editor a moment to render it as ghost text
      await waitFor(
        'a FIM answer',
        () => sim.requests.slice(fimBefore).some((r) => r.endpoint === 'fim' && r.completed),
        10_000,
      ).catch(() => undefined);
      await sleep(300 + attempt * 300);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      await sleep(100);
      inserted = editor.document.getText().includes('return a + b;');
    }
    assert.ok(inserted, `ghost text was not inserted; document:\n${editor.document.getText()}`);
    assert.match(
      editor.document.getText(),
      /number \{\n {2}return a \+ b;\n\}\n/,
      'inserted inside the function, once',
    );

    const fims = sim.requests.slice(fimBefore).filter((r) => r.endpoint === 'fim');
    assert.ok(fims.length >= 1, 'a FIM request reached the simulator');
    const body = fims[0].body as { prompt: string; suffix: string; max_tokens: number; stop: string[] };
    assert.ok(body.prompt.endsWith('export function add(a: number, b: number): number {'), 'prefix up to the cursor');
    assert.ok(body.suffix.startsWith('\n}'), 'suffix after the cursor');
    assert.ok(body.max_tokens <= 256, `small max_tokens (${body.max_tokens})`);
    assert.ok(Array.isArray(body.stop) && body.stop.length > 0, 'stop sequences sent');

    await waitFor(
      'the completion in the ledger',
      () =>
        api.ledger
          .recent()
          .slice(before)
          .some((r) => r.task === 'complete'),
      10_000,
    );
    const rec = api.ledger
      .recent()
      .slice(before)
      .find((r) => r.task === 'complete')!;
    assert.ok(rec.costUsd > 0, 'priced');
    assert.strictEqual(rec.model, 'deepseek-coder');
  });

  it('Generate Code Here streams code at the cursor and one undo removes all of it', async () => {
    const editor = await openFixture('inline-generate.ts');
    const original = editor.document.getText();
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    const versionBefore = editor.document.version;

    await withStub(
      'showInputBox',
      (async () => 'write a function that sums numbers') as typeof vscode.window.showInputBox,
      async () => {
        await vscode.commands.executeCommand('frugal.generateHere');
      },
    );
    const text = editor.document.getText();
    assert.notStrictEqual(text, original, 'code was inserted');
    assert.match(text.slice(original.length), /function \w+\(items: number\[\]\): number \{[\s\S]*return total;\n\}/);
    assert.ok(!text.includes('```'), 'no markdown fence in the editor');
    assert.ok(!/Here is/.test(text), 'no prose in the editor');
    assert.ok(
      editor.document.version - versionBefore >= 2,
      `streamed in several edits (${editor.document.version - versionBefore})`,
    );

    await vscode.commands.executeCommand('undo');
    await waitFor('the undo', () => editor.document.getText() === original, 5_000);
    assert.strictEqual(editor.document.getText(), original, 'one undo removed everything it inserted');
  });

  it('Escape (frugal.cancelGeneration) stops a generation', async () => {
    const editor = await openFixture('inline-cancel.ts');
    const original = editor.document.getText();
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    sim.setFaults([{ type: 'latency', ms: 5_000, endpoint: 'chat' }]);
    try {
      await withStub(
        'showInputBox',
        (async () => `write a function that counts words ${Date.now()}`) as typeof vscode.window.showInputBox,
        async () => {
          const run = vscode.commands.executeCommand('frugal.generateHere');
          await waitFor(
            'the chat request',
            () => sim.requests.some((r) => r.endpoint === 'chat' && !r.completed),
            10_000,
          );
          const t0 = Date.now();
          await vscode.commands.executeCommand('frugal.cancelGeneration');
          await run;
          assert.ok(Date.now() - t0 < 3_000, 'stopped without waiting for the answer');
        },
      );
    } finally {
      sim.setFaults([]);
    }
    assert.strictEqual(editor.document.getText(), original, 'nothing was inserted');
  });

  it('Refactor shows a diff against a frugal-proposal: document, and Accept applies it', async () => {
    const editor = await openFixture('inline-refactor.ts');
    const doc = editor.document;
    const start = doc.getText().indexOf('export function orderTotal');
    const endOff = doc.getText().indexOf('\n}\n', start) + 2;
    editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(endOff));

    await withStub('showInputBox', (async () => '') as typeof vscode.window.showInputBox, async () => {
      await vscode.commands.executeCommand('frugal.refactorSelection');
    });
    const diffs = await waitFor('the proposal diff', () => (diffTabs().length ? diffTabs() : undefined), 15_000);
    assert.strictEqual(diffs[0].original.toString(), doc.uri.toString(), 'left side is the file itself');
    const proposal = await vscode.workspace.openTextDocument(diffs[0].modified);
    assert.match(proposal.getText(), /Refactored for readability/);
    assert.ok(!doc.getText().includes('Refactored for readability'), 'nothing applied before Accept');

    await vscode.commands.executeCommand('frugal.acceptChange');
    await waitFor('the change applied', () => doc.getText().includes('Refactored for readability'), 5_000);
    assert.match(
      doc.getText(),
      /\/\/ Refactored for readability; behaviour is unchanged\.\nexport function orderTotal/,
    );
    assert.match(doc.getText(), /^export function add/m, 'the rest of the file is untouched');
    await waitFor('the diff to close', () => diffTabs().length === 0, 5_000);
  });

  it('Reject leaves the file as it was', async () => {
    const editor = await openFixture('inline-reject.ts');
    const doc = editor.document;
    const original = doc.getText();
    const start = original.indexOf('export function orderTotal');
    editor.selection = new vscode.Selection(
      doc.positionAt(start),
      doc.positionAt(original.indexOf('\n}\n', start) + 2),
    );
    await vscode.commands.executeCommand('frugal.addDocs');
    await waitFor('the proposal diff', () => diffTabs().length > 0, 15_000);
    await vscode.commands.executeCommand('frugal.rejectChange');
    await waitFor('the diff to close', () => diffTabs().length === 0, 5_000);
    assert.strictEqual(doc.getText(), original);
  });

  it('Write Tests proposes a new test file next to the source and creates it on Accept', async () => {
    const editor = await openFixture('inline-tests.ts');
    const doc = editor.document;
    const start = doc.getText().indexOf('export function orderTotal');
    editor.selection = new vscode.Selection(
      doc.positionAt(start),
      doc.positionAt(doc.getText().indexOf('\n}\n', start) + 2),
    );
    const testFile = path.join(workspaceDir(), 'inline-tests.test.ts');
    if (fs.existsSync(testFile)) fs.unlinkSync(testFile);

    await vscode.commands.executeCommand('frugal.writeTests');
    const diffs = await waitFor('the proposal diff', () => (diffTabs().length ? diffTabs() : undefined), 15_000);
    assert.strictEqual(diffs[0].modified.path.split('/').pop(), 'inline-tests.test.ts');
    await vscode.commands.executeCommand('frugal.acceptChange');
    const testDoc = await waitFor(
      'the test file',
      () => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === testFile),
      5_000,
    );
    assert.match(testDoc.getText(), /describe\('orderTotal'/);
  });
});

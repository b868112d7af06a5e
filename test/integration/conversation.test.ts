import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { startSimulator, type Simulator } from '../fixtures/simulator';
import { frugalApi, openSample, resetSetting, setSetting, waitFor, type FrugalApi } from './helpers';

interface ConversationLike {
  id: string;
  turns: { question: string; answer: string; cachedInputTokens?: number; reason?: string }[];
}

describe('Follow-up questions in the answer view, against the simulator', function () {
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

  it('asks a follow-up: one ledger request whose prompt starts with the first one, billed mostly as cache hits', async () => {
    const editor = await openSample('sample.ts');
    // a fresh line of code (not a comment: the cache key ignores comments) makes the selection unique; slugify, so the
    // other suites' orderTotal requests are not answered from this one's cache
    const nonce = `export const conversationRun${Date.now()} = ${Math.floor(Math.random() * 1e9)};`;
    const fnStart = editor.document.getText().indexOf('export function slugify');
    await editor.edit((e) => e.insert(editor.document.positionAt(fnStart), `${nonce}\n`));
    const text = editor.document.getText();
    const start = text.indexOf(nonce);
    editor.selection = new vscode.Selection(
      editor.document.positionAt(start),
      editor.document.positionAt(text.indexOf('\n}\n', start) + 2),
    );

    await vscode.commands.executeCommand('frugal.explainSelection');
    const conversation = api.conversation as () => ConversationLike | undefined;
    const first = await waitFor(
      'a conversation with the first answer',
      () => {
        const c = conversation();
        return c?.turns[0]?.answer ? c : undefined;
      },
      30_000,
    );
    const recordsBefore = api.ledger.recent().length;
    const chatsBefore = sim.requests.filter((r) => r.endpoint === 'chat').length;

    const result = (await vscode.commands.executeCommand(
      'frugal.followUp',
      'what does `slugify` return for an empty title?',
    )) as { cachedInputTokens: number; inputTokens: number; reason: string } | undefined;
    assert.ok(result, 'the follow-up returned a result');
    await waitFor('the follow-up ledger record', () => api.ledger.recent().length > recordsBefore, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    const added = api.ledger.recent().slice(recordsBefore);
    assert.strictEqual(added.length, 1, `one ledger request per turn, got ${JSON.stringify(added, null, 1)}`);
    assert.ok(
      added[0].cachedInputTokens > 0 && added[0].cachedInputTokens >= result.inputTokens / 2,
      `cached ${added[0].cachedInputTokens} of ${result.inputTokens}`,
    );
    assert.match(result.reason, /stayed on|router/);

    const chats = sim.requests.filter((r) => r.endpoint === 'chat');
    assert.strictEqual(chats.length, chatsBefore + 1);
    const [a, b] = [chats[chats.length - 2].body.messages, chats[chats.length - 1].body.messages] as {
      content: string;
    }[][];
    assert.deepStrictEqual(
      b.slice(0, a.length).map((m) => m.content),
      a.map((m) => m.content),
      'the follow-up resends the first prompt byte for byte',
    );
    assert.ok(JSON.stringify(b).includes('slugify'), 'the thread keeps the original selection');

    const c = conversation()!;
    assert.strictEqual(c.id, first.id);
    assert.strictEqual(c.turns.length, 2);
    assert.match(c.turns[1].question, /empty title/);
    const shown = (api.answerText as () => string | undefined)();
    assert.ok(shown && shown.length > 0, 'the answer view shows the follow-up answer');

    // exported, then reopened from the workspace's list
    const out = path.join(os.tmpdir(), `frugal-conv-${Date.now()}.json`);
    await vscode.commands.executeCommand('frugal.exportConversation', { format: 'json', uri: out });
    const exported = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.strictEqual(exported.turns.length, 2);
    assert.strictEqual(exported.warm, undefined);
    const md = path.join(os.tmpdir(), `frugal-conv-${Date.now()}.md`);
    await vscode.commands.executeCommand('frugal.exportConversation', { format: 'markdown', uri: md });
    assert.match(fs.readFileSync(md, 'utf8'), /## Turn 2/);
    const reopened = (await vscode.commands.executeCommand('frugal.openConversation', c.id)) as
      ConversationLike | undefined;
    assert.strictEqual(reopened?.id, c.id);
  });
});

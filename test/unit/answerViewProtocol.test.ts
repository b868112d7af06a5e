// The answer view's message protocol (validated), its HTML shell and its export formats. The page itself runs in
// Chromium in test/system/answerWebview.test.ts.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  answerHtml,
  parseFromAnswerView,
  keepAttribute,
  MAX_QUESTION_CHARS,
  conversationMarkdown,
  conversationJson,
  parseConversation,
  startConversation,
} from '../../src/core/conversation';
import { buildMessages } from '../../src/core/prompts';

const ROOT = path.join(__dirname, '..', '..');

describe('answer view protocol', () => {
  it('accepts exactly the protocol and drops the rest', () => {
    assert.deepEqual(parseFromAnswerView({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromAnswerView({ type: 'ask', text: 'and if empty?' }), {
      type: 'ask',
      text: 'and if empty?',
    });
    assert.deepEqual(parseFromAnswerView({ type: 'regenerate', index: 2 }), { type: 'regenerate', index: 2 });
    assert.deepEqual(parseFromAnswerView({ type: 'export', format: 'json' }), { type: 'export', format: 'json' });
    for (const bad of [
      null,
      'ask',
      42,
      {},
      { type: 'ask' },
      { type: 'ask', text: '   ' },
      { type: 'ask', text: 'x'.repeat(MAX_QUESTION_CHARS + 1) },
      { type: 'regenerate', index: -1 },
      { type: 'copy', index: 1.5 },
      { type: 'copy', index: '1' },
      { type: 'export', format: 'html' },
      { type: 'eval', code: '1' },
      { type: 'command', command: 'workbench.action.terminal.new' },
    ]) {
      assert.equal(parseFromAnswerView(bad), undefined, JSON.stringify(bad));
    }
  });

  it("keeps only the renderer's own attributes", () => {
    assert.ok(keepAttribute('pre', 'data-lang', 'ts'));
    assert.ok(keepAttribute('span', 'class', 'url'));
    for (const [t, n, v] of [
      ['span', 'onclick', 'x'],
      ['pre', 'data-lang', '"><script>'],
      ['a', 'href', 'https://x'],
      ['span', 'style', 'color:red'],
      ['span', 'class', 'evil'],
    ]) {
      assert.equal(keepAttribute(t, n, v), false, `${t} ${n}=${v}`);
    }
  });

  it('the shell has a strict CSP with a nonce and no inline script', () => {
    const html = answerHtml({
      cspSource: 'vscode-webview://x',
      nonce: 'dGVzdC1ub25jZS0xMjM0NTY3OA',
      scriptUri: 'vscode-webview://x/dist/answer.js',
      styleUri: 'vscode-webview://x/s.css',
    });
    assert.match(
      html,
      /default-src 'none'; style-src vscode-webview:\/\/x; script-src 'nonce-dGVzdC1ub25jZS0xMjM0NTY3OA'/,
    );
    assert.doesNotMatch(html, /unsafe-(inline|eval)/);
    assert.throws(() => answerHtml({ cspSource: 'x', nonce: 'short', scriptUri: '', styleUri: '' }));
  });

  it('the webview script never assigns HTML as markup', () => {
    const src = readFileSync(path.join(ROOT, 'media', 'answer', 'main.ts'), 'utf8');
    assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment/);
  });

  it('exports a conversation as Markdown and as JSON without the warm prompts, and reads it back', () => {
    const messages = buildMessages({
      task: 'explain',
      languageId: 'ts',
      instruction: '',
      selection: 'const a = 1;',
      context: '',
    });
    const c = startConversation({
      id: 'x1',
      title: 'Explain',
      req: { task: 'explain', instruction: '', languageId: 'ts', selection: 'const a = 1;' },
      messages,
      selection: 'const a = 1;',
      instruction: '',
      at: 1,
    });
    c.turns[0].answer = 'It declares `a`.';
    c.turns.push({
      question: 'and `b`?',
      sent: 'and `b`?',
      answer: 'There is no `b`.',
      model: 'm',
      costUsd: 0.0001,
      cachedInputTokens: 64,
      at: 2,
    });
    c.warm = [{ model: 'm', prompt: 'p'.repeat(1000), at: 2 }];
    const md = conversationMarkdown(c);
    assert.match(md, /## Turn 2\n\n> and `b`\?\n\nThere is no `b`\./);
    assert.match(md, /64 cached tokens/);
    const json = JSON.parse(conversationJson(c));
    assert.equal(json.warm, undefined);
    assert.equal(json.turns.length, 2);
    assert.ok(parseConversation({ ...json, warm: [] }));
    assert.equal(parseConversation({ ...json, v: 2, warm: [] }), undefined);
    assert.equal(parseConversation({ ...json, turns: [{ answer: 1 }], warm: [] }), undefined);
  });
});

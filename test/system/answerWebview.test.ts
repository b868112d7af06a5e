// The answer view's webview page in a real headless Chromium under the real CSP (skipped when Debian's Chromium is not
// installed): a conversation renders as text, an answer's HTML is rebuilt from the allow-list, and the keyboard works
// (Enter sends, Shift+Enter is a newline, Escape cancels).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { answerHtml, type ConversationView, type ToAnswerView } from '../../src/core/conversation/protocol';
import { renderMarkdown } from '../../src/core/markdown';

const ROOT = path.join(__dirname, '..', '..');
const CHROMIUM = process.env.FRUGAL_CHROMIUM || '/usr/bin/chromium';
const XSS = '<img src=x onerror=alert(1)>';

describe('answer view webview in Chromium', function () {
  this.timeout(60_000);
  let server: Server;
  let origin = '';
  let browser: Browser;
  let js = '';
  const css = readFileSync(path.join(ROOT, 'media', 'answer', 'styles.css'), 'utf8');

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    js = (
      await build({
        entryPoints: [path.join(ROOT, 'media', 'answer', 'main.ts')],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2020',
        logLevel: 'silent',
      })
    ).outputFiles[0].text;
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      if (url.startsWith('/index.html')) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          answerHtml({
            cspSource: origin,
            nonce: 'dGVzdC1ub25jZS0xMjM0NTY3OA',
            scriptUri: `${origin}/dist/answer.js`,
            styleUri: `${origin}/media/answer/styles.css`,
          }),
        );
      } else if (url === '/dist/answer.js') {
        res.setHeader('content-type', 'text/javascript');
        res.end(js);
      } else if (url === '/media/answer/styles.css') {
        res.setHeader('content-type', 'text/css');
        res.end(css);
      } else {
        res.statusCode = url === '/favicon.ico' ? 204 : 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
  });

  async function open(): Promise<{
    page: Page;
    errors: string[];
    posted(): Promise<any[]>;
    send(m: ToAnswerView): Promise<void>;
  }> {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      errors.push(`dialog ${d.message()}`);
      void d.dismiss();
    });
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.addInitScript(() => {
      const w = window as any;
      w.__posted = [];
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => w.__posted.push(m),
        getState: () => undefined,
        setState: () => {},
      });
    });
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => (window as any).__posted.some((m: any) => m.type === 'ready'));
    return {
      page,
      errors,
      posted: () => page.evaluate(() => (window as any).__posted),
      send: (m) =>
        page.evaluate((m) => {
          window.postMessage(m, '*');
        }, m),
    };
  }

  const VIEW: ConversationView = {
    id: 'c1',
    title: `Explain ${XSS}`,
    busy: false,
    turns: [
      {
        index: 0,
        question: '',
        answerHtml: renderMarkdown(`It parses a header. ${XSS}\n\n\`\`\`ts\nparseHeader("a: b")\n\`\`\``),
        model: 'deepseek-flash',
        tier: 'cheap',
        reason: `cheap: explanation ${XSS}`,
        footer: 'Cost $0.000100',
        streaming: false,
      },
      {
        index: 1,
        question: `and if empty? ${XSS}`,
        answerHtml:
          '<p>Returns <strong>undefined</strong> <img src=x onerror="alert(2)"><a href="command:x">link</a></p>',
        model: 'deepseek-flash',
        tier: 'cheap',
        reason: 'stayed on deepseek-flash: its cached history makes this turn $0.0004 cheaper than moving to cheap',
        streaming: false,
      },
    ],
    summary: { turns: 1, text: '- `parseHeader` splits on the colon', footer: 'condensed' },
  };

  it('renders turns, reasons and the summary as text, rebuilds answers from the allow-list', async () => {
    const o = await open();
    await o.send({ type: 'show', view: VIEW });
    await o.page.waitForSelector('section.turn[data-index="1"]');
    const text = await o.page.locator('#app').innerText();
    assert.ok(text.includes(XSS), 'the hostile strings are shown as text');
    assert.match(text, /stayed on deepseek-flash: its cached history makes this turn \$0\.0004 cheaper/);
    assert.match(text, /Turns 1-1 condensed into a summary/);
    assert.equal(await o.page.locator('img, a, script[src*="x"], [onerror]').count(), 0);
    assert.equal(
      await o.page.locator('section.turn[data-index="0"] pre[data-lang="ts"] code').innerText(),
      'parseHeader("a: b")',
    );
    assert.equal(await o.page.locator('section.turn[data-index="1"] strong').innerText(), 'undefined');
    assert.deepEqual(o.errors, []);
    await o.page.close();
  });

  it('Enter sends, Shift+Enter is a newline, Escape cancels; Copy and Regenerate name their turn', async () => {
    const o = await open();
    await o.send({ type: 'show', view: VIEW });
    const box = o.page.locator('#followup');
    await box.click();
    await box.type('first line');
    await o.page.keyboard.press('Shift+Enter');
    await box.type('second line');
    assert.equal(await box.inputValue(), 'first line\nsecond line');
    await o.page.keyboard.press('Enter');
    assert.equal(await box.inputValue(), '');
    await o.send({
      type: 'turn',
      busy: true,
      turn: { index: 2, question: 'first line\nsecond line', answerHtml: '<p>Work', streaming: true },
    });
    await o.page.waitForSelector('section.turn[data-index="2"] .working');
    await o.page.keyboard.press('Escape');
    await o.page.locator('section.turn[data-index="0"] button', { hasText: 'Regenerate' }).click();
    await o.page.locator('section.turn[data-index="1"] button', { hasText: 'Copy' }).click();
    const posted = (await o.posted()).filter((m) => m.type !== 'ready');
    assert.deepEqual(posted, [
      { type: 'ask', text: 'first line\nsecond line' },
      { type: 'cancel' },
      { type: 'regenerate', index: 0 },
      { type: 'copy', index: 1 },
    ]);
    await o.page.close();
  });
});

// The dashboard's webview page in a real headless Chromium, with the real CSP: the bundled script, the stylesheet and
// the HTML shell served from loopback, `acquireVsCodeApi` stubbed. Checks rendering, text-only output of ledger
// strings (an <img onerror> in a reason must stay text), the message protocol, saved state, keyboard reach, narrow
// widths, and writes screenshots in light, dark and high-contrast themes to test-results/.
// Skipped when Debian's Chromium is not installed.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  buildDashboardModel,
  dashboardHtml,
  type DashboardPayload,
  type FromWebview,
  type ToWebview,
} from '../../src/core/dashboard';
import { DEFAULT_BUDGET } from '../../src/core/config';
import { TASKS, type LedgerRecord, type Outcome, type Tier } from '../../src/core/types';

const ROOT = path.join(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'test-results');
const CHROMIUM = process.env.FRUGAL_CHROMIUM || '/usr/bin/chromium';
const XSS = '<img src=x onerror=alert(1)>';

type Theme = 'dark' | 'light' | 'hc';

/** A subset of the variables VS Code injects into webviews, from Dark Modern, Light Modern and Dark High Contrast. */
const THEMES: Record<Theme, { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      foreground: '#cccccc',
      'editor-background': '#1f1f1f',
      'editorWidget-background': '#202020',
      'widget-border': '#313131',
      descriptionForeground: '#9d9d9d',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#026ec1',
      'button-border': '#ffffff12',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'button-secondaryHoverBackground': '#3c3c3c',
      'dropdown-background': '#313131',
      'dropdown-foreground': '#cccccc',
      'dropdown-border': '#3c3c3c',
      focusBorder: '#0078d4',
      'textLink-foreground': '#4daafc',
      errorForeground: '#f85149',
      'editorWarning-foreground': '#cca700',
      'list-hoverBackground': '#2a2d2e',
      'textBlockQuote-background': '#2b2b2b',
      'charts-foreground': '#cccccc',
      'charts-lines': 'rgba(204, 204, 204, 0.5)',
      'charts-red': '#f14c4c',
      'charts-blue': '#3794ff',
      'charts-yellow': '#cca700',
      'charts-orange': '#d18616',
      'charts-green': '#89d185',
      'charts-purple': '#b180d7',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      foreground: '#3b3b3b',
      'editor-background': '#ffffff',
      'editorWidget-background': '#f8f8f8',
      'widget-border': '#e5e5e5',
      descriptionForeground: '#3b3b3b',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#0258a8',
      'button-border': '#0000001a',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'button-secondaryHoverBackground': '#cccccc',
      'dropdown-background': '#ffffff',
      'dropdown-foreground': '#3b3b3b',
      'dropdown-border': '#cecece',
      focusBorder: '#005fb8',
      'textLink-foreground': '#005fb8',
      errorForeground: '#f85149',
      'editorWarning-foreground': '#bf8803',
      'list-hoverBackground': '#f2f2f2',
      'textBlockQuote-background': '#f8f8f8',
      'charts-foreground': '#616161',
      'charts-lines': 'rgba(97, 97, 97, 0.5)',
      'charts-red': '#e51400',
      'charts-blue': '#1a85ff',
      'charts-yellow': '#bf8803',
      'charts-orange': '#d18616',
      'charts-green': '#388a34',
      'charts-purple': '#652d90',
    },
  },
  hc: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      foreground: '#ffffff',
      'editor-background': '#000000',
      'editorWidget-background': '#0c141f',
      contrastBorder: '#6fc3df',
      contrastActiveBorder: '#f38518',
      descriptionForeground: 'rgba(255, 255, 255, 0.7)',
      'button-background': '#000000',
      'button-foreground': '#ffffff',
      'button-border': '#6fc3df',
      'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff',
      'dropdown-background': '#000000',
      'dropdown-foreground': '#ffffff',
      'dropdown-border': '#6fc3df',
      focusBorder: '#f38518',
      'textLink-foreground': '#21a6ff',
      errorForeground: '#f48771',
      'editorWarning-foreground': '#ffd370',
      'charts-foreground': '#ffffff',
      'charts-lines': 'rgba(255, 255, 255, 0.5)',
      'charts-red': '#f14c4c',
      'charts-blue': '#3794ff',
      'charts-yellow': '#cca700',
      'charts-orange': '#d18616',
      'charts-green': '#89d185',
      'charts-purple': '#b180d7',
    },
  },
};

const MODELS: { id: string; tier: Tier; price: number }[] = [
  { id: 'Qwen/Qwen3-8B', tier: 'cheap', price: 0.01 },
  { id: 'deepseek-coder', tier: 'coder', price: 0.25 },
  { id: 'deepseek-reasoner', tier: 'reasoner', price: 2.5 },
  { id: 'gpt-4o-mini', tier: 'coder', price: 0.6 },
];

/** 150 records over the last 30 days; one carries an HTML payload in each text field the table shows. */
function sampleLedger(now: number): LedgerRecord[] {
  const out: LedgerRecord[] = [];
  for (let i = 0; i < 150; i++) {
    const m = MODELS[(i * 7) % MODELS.length];
    const outcome: Outcome = i % 9 === 0 ? 'cached' : i % 23 === 0 ? 'escalated' : i % 31 === 0 ? 'error' : 'ok';
    const input = 400 + ((i * 137) % 3000);
    const output = 80 + ((i * 53) % 600);
    const cost =
      outcome === 'cached' ? 0 : (Math.round((((input + output) * m.price * (1 + (i % 5))) / 1e6) * 1e8) / 1e8) * 40;
    const baseline = (Math.round((((input + output) * 10) / 1e6) * 1e8) / 1e8) * 40;
    out.push({
      v: 1,
      id: `rec-${i}`,
      requestId: `req-${i}`,
      attempt: 1,
      ts: now - (150 - i) * 4.6 * 3_600_000,
      workspace: 'frugal',
      task: TASKS[(i * 3) % TASKS.length],
      model: m.id,
      tier: m.tier,
      reason:
        i === 149
          ? XSS
          : `${m.tier}: ${TASKS[(i * 3) % TASKS.length]} request of ${input} tokens; rule ${i % 7} matched`,
      inputTokens: input,
      outputTokens: output,
      cachedInputTokens: i % 4 === 0 ? 200 : 0,
      reasoningTokens: 0,
      costUsd: cost,
      baselineCostUsd: baseline,
      savedRoutingUsd: Math.round((baseline - cost) * 0.8 * 1e8) / 1e8,
      savedCacheUsd: outcome === 'cached' ? Math.round((baseline - cost) * 0.1 * 1e8) / 1e8 : 0,
      savedCompressionUsd: Math.round((baseline - cost) * (outcome === 'cached' ? 0.1 : 0.2) * 1e8) / 1e8,
      estimated: false,
      latencyMs: 300 + i * 10,
      outcome,
      cacheHit: outcome === 'cached',
      tokensSavedByCompression: 100,
      ...(outcome === 'error'
        ? { error: i === 124 ? '<script>alert(2)</script> HTTP 500' : 'HTTP 500 from the provider' }
        : {}),
    });
  }
  out[148] = { ...out[148], model: '<b>bold</b>-model', outcome: 'error', error: '<svg onload=alert(3)>' };
  return out;
}

function payloadFor(records: LedgerRecord[], now: number, filter = { model: '', task: '' }): DashboardPayload {
  return {
    model: buildDashboardModel(records, {
      now,
      sessionStart: now - 2 * 3_600_000,
      budget: { ...DEFAULT_BUDGET, dailyUsd: 2, monthlyUsd: 20 },
      baselineModel: 'gpt-4o',
      filter,
    }),
    cache: { entries: 17, hits: 12, misses: 30 },
  };
}

describe('dashboard webview in Chromium', function () {
  this.timeout(60_000);
  let server: Server;
  let origin = '';
  let browser: Browser;
  let js = '';
  const css = readFileSync(path.join(ROOT, 'media', 'dashboard', 'styles.css'), 'utf8');
  const now = Date.now();
  const records = sampleLedger(now);

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    js = (
      await build({
        entryPoints: [path.join(ROOT, 'media', 'dashboard', 'main.ts')],
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
          dashboardHtml({
            cspSource: origin,
            nonce: 'dGVzdC1ub25jZS0xMjM0NTY3OA',
            scriptUri: `${origin}/dist/dashboard.js`,
            styleUri: `${origin}/media/dashboard/styles.css`,
          }),
        );
      } else if (url === '/dist/dashboard.js') {
        res.setHeader('content-type', 'text/javascript');
        res.end(js);
      } else if (url === '/media/dashboard/styles.css') {
        res.setHeader('content-type', 'text/css');
        res.end(css);
      } else if (url === '/favicon.ico') {
        res.statusCode = 204; // a webview asks for none; Chromium does
        res.end();
      } else {
        res.statusCode = 404;
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
    mkdirSync(RESULTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
  });

  interface Opened {
    page: Page;
    errors: string[];
    dialogs: string[];
    posted(): Promise<FromWebview[]>;
    send(m: ToWebview): Promise<void>;
  }

  async function open(theme: Theme, opts: { width?: number; state?: unknown } = {}): Promise<Opened> {
    const page = await browser.newPage({ viewport: { width: opts.width ?? 1280, height: 900 } });
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // tsx compiles the functions below with esbuild's keepNames, which wraps them in __name(); give the page one.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.addInitScript((initial) => {
      const w = window as any;
      w.__posted = [];
      w.__state = initial ?? undefined;
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => w.__posted.push(m),
        getState: () => w.__state,
        setState: (s: unknown) => {
          w.__state = s;
        },
      });
    }, opts.state ?? null);
    await page.goto(`${origin}/index.html`);
    const t = THEMES[theme];
    // VS Code sets these on the webview's <html> and <body> itself; CSSOM writes are allowed by the CSP.
    await page.evaluate((t) => {
      document.body.classList.add(t.bodyClass);
      const st = document.documentElement.style;
      st.setProperty('--vscode-font-family', 'system-ui, "Segoe UI", Ubuntu, "Droid Sans", sans-serif');
      st.setProperty('--vscode-font-size', '13px');
      for (const [k, v] of Object.entries(t.vars)) st.setProperty(`--vscode-${k}`, v);
    }, t);
    return {
      page,
      errors,
      dialogs,
      posted: () => page.evaluate(() => (window as any).__posted as FromWebview[]),
      send: (m) =>
        page.evaluate((m) => {
          window.postMessage(m, '*');
        }, m),
    };
  }

  async function openWithData(theme: Theme, width?: number): Promise<Opened> {
    const o = await open(theme, { width });
    await o.page.waitForFunction(() => (window as any).__posted.some((m: any) => m.type === 'ready'));
    await o.send({ type: 'update', payload: payloadFor(records, now) });
    await o.page.waitForSelector('#recent tbody tr');
    return o;
  }

  it('says ready with the default filter, then renders every section from the posted model', async () => {
    const o = await open('dark');
    await o.page.waitForFunction(() => (window as any).__posted.length > 0);
    assert.deepEqual(await o.posted(), [{ type: 'ready', filter: { model: '', task: '' } }]);
    assert.equal(await o.page.locator('#app').getAttribute('aria-busy'), 'true');
    await o.send({ type: 'update', payload: payloadFor(records, now) });
    await o.page.waitForSelector('#recent tbody tr');
    const p = o.page;
    assert.equal(await p.locator('#app').getAttribute('aria-busy'), 'false');
    assert.equal(await p.locator('#spend .stat').count(), 4);
    const m = payloadFor(records, now).model;
    assert.equal(
      (await p.locator('#spend [data-stat="all"] .stat-value').textContent())?.trim(),
      `$${m.totals.all.costUsd.toFixed(2)}`,
    );
    assert.match((await p.locator('#savings .big').textContent()) ?? '', /^\$\d/);
    assert.match((await p.locator('#savings h2').textContent()) ?? '', /gpt-4o/);
    assert.match((await p.locator('#cache .big').textContent()) ?? '', /^\d+(\.\d)?%$/);
    assert.match((await p.locator('#cache').textContent()) ?? '', /17 answers/);
    assert.equal(await p.locator('#budgets [role="meter"]').count(), 2);
    assert.ok((await p.locator('#cost-per-day svg[role="img"] rect').count()) > 20);
    assert.equal(await p.locator('#cost-per-day .legend li').count(), 5); // four models and the <b> one
    for (const id of ['cost-per-day', 'by-task', 'by-tier']) {
      const svg = p.locator(`#${id} svg[role="img"]`);
      assert.equal(await svg.count(), 1, id);
      const labelled = (await svg.getAttribute('aria-labelledby'))!.split(' ');
      assert.equal(labelled.length, 2);
      for (const ref of labelled)
        assert.ok(((await p.locator(`[id="${ref}"]`).textContent()) ?? '').length > 10, `${id} ${ref}`);
      assert.equal(await p.locator(`#${id} details table`).count(), 1, `${id} has a data table`);
    }
    assert.equal(await p.locator('#recent tbody tr').count(), 100);
    assert.match((await p.locator('#recent .filters p').textContent()) ?? '', /last 100 of 150/);
    assert.deepEqual(o.errors, []);
    await p.close();
  });

  it('shows ledger text as text: an <img onerror> reason, an HTML model name and a <script> error stay inert', async () => {
    const o = await openWithData('dark');
    const p = o.page;
    assert.equal(await p.locator('img').count(), 0);
    assert.equal(await p.locator('#app script, #app b, #app svg[onload]').count(), 0);
    const reasons = await p.locator('#recent td.reason').allTextContents();
    assert.ok(reasons.includes(XSS), 'the reason is shown verbatim');
    const models = await p.locator('#recent td.model').allTextContents();
    assert.ok(models.includes('<b>bold</b>-model'));
    assert.ok((await p.locator('#recent .error-text').allTextContents()).includes('<svg onload=alert(3)>'));
    const options = await p.locator('#filter-model option').allTextContents();
    assert.ok(options.includes('<b>bold</b>-model'));
    await p.waitForTimeout(200);
    assert.deepEqual(o.dialogs, []);
    assert.deepEqual(o.errors, []);
    await p.close();
  });

  it('posts the protocol messages for actions and filters, and keeps the filter in its state', async () => {
    const o = await openWithData('dark');
    const p = o.page;
    await p.click('[data-action="export-csv"]');
    await p.click('[data-action="export-json"]');
    await p.click('[data-action="reset-stats"]');
    await p.click('[data-action="clear-cache"]');
    await p.click('[data-action="open-settings"]');
    await p.click('[data-action="set-budget"]');
    await p.selectOption('#filter-model', 'deepseek-coder');
    const posted = (await o.posted()).slice(1);
    assert.deepEqual(posted, [
      { type: 'export', format: 'csv' },
      { type: 'export', format: 'json' },
      { type: 'command', command: 'resetStats' },
      { type: 'command', command: 'clearCache' },
      { type: 'command', command: 'openSettings' },
      { type: 'command', command: 'setBudget' },
      { type: 'filter', filter: { model: 'deepseek-coder', task: '' } },
    ]);
    const state = await p.evaluate(() => (window as any).__state);
    assert.deepEqual(state.filter, { model: 'deepseek-coder', task: '' });
    // the extension answers with the filtered rows
    await o.send({ type: 'update', payload: payloadFor(records, now, { model: 'deepseek-coder', task: '' }) });
    await p.waitForFunction(() =>
      [...document.querySelectorAll('#recent td.model')].every((td) => td.textContent === 'deepseek-coder'),
    );
    assert.equal(await p.locator('#filter-model').inputValue(), 'deepseek-coder');
    await o.send({ type: 'notice', level: 'info', text: 'Exported 150 records to /tmp/x.csv.' });
    assert.equal((await p.locator('.notice').textContent())?.trim(), 'Exported 150 records to /tmp/x.csv.');
    assert.deepEqual(o.errors, []);
    await p.close();
  });

  it('restores its filter and open tables from saved state, and asks for that filter when ready', async () => {
    const o = await open('dark', { state: { filter: { model: 'deepseek-coder', task: '' }, open: ['by-task-table'] } });
    await o.page.waitForFunction(() => (window as any).__posted.length > 0);
    assert.deepEqual(await o.posted(), [{ type: 'ready', filter: { model: 'deepseek-coder', task: '' } }]);
    await o.send({ type: 'update', payload: payloadFor(records, now, { model: 'deepseek-coder', task: '' }) });
    await o.page.waitForSelector('#recent tbody tr');
    assert.equal(await o.page.locator('#filter-model').inputValue(), 'deepseek-coder');
    assert.equal(await o.page.locator('#by-task-table').getAttribute('open'), '');
    assert.equal(await o.page.locator('#cost-per-day-table').getAttribute('open'), null);
    await o.page.close();
  });

  it('is keyboard reachable: Tab walks the actions, filters, tables and the table region', async () => {
    const o = await openWithData('dark');
    const p = o.page;
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      await p.keyboard.press('Tab');
      seen.push(
        await p.evaluate(() => {
          const a = document.activeElement as HTMLElement | null;
          return a
            ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}${a.dataset.action ? `[${a.dataset.action}]` : ''}${a.getAttribute('role') ? `(${a.getAttribute('role')})` : ''}`
            : '';
        }),
      );
    }
    assert.equal(seen[0], 'button[export-csv]');
    for (const want of ['button[reset-stats]', 'summary', 'select#filter-model', 'select#filter-task', 'div(region)']) {
      assert.ok(seen.includes(want), `${want} not reached by Tab: ${seen.join(', ')}`);
    }
    // Enter on a focused action sends it
    await p.focus('[data-action="export-json"]');
    await p.keyboard.press('Enter');
    assert.deepEqual((await o.posted()).at(-1), { type: 'export', format: 'json' });
    await p.close();
  });

  it('fits a narrow panel: nothing but the requests table scrolls sideways', async () => {
    const o = await openWithData('dark', 380);
    const p = o.page;
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the panel`);
    const svgWidth = await p.locator('#cost-per-day svg').evaluate((e) => e.getBoundingClientRect().width);
    assert.ok(svgWidth <= 380, `chart is ${svgWidth}px`);
    await p.screenshot({ path: path.join(RESULTS, 'dashboard-webview-narrow.png'), fullPage: true });
    assert.deepEqual(o.errors, []);
    await p.close();
  });

  it('redraws charts at the new width when the panel is resized', async () => {
    const o = await openWithData('light', 1200);
    const before = await o.page.locator('#cost-per-day svg').getAttribute('width');
    await o.page.setViewportSize({ width: 700, height: 900 });
    await o.page.waitForFunction(
      (b) => document.querySelector('#cost-per-day svg')?.getAttribute('width') !== b,
      before,
    );
    const after = Number(await o.page.locator('#cost-per-day svg').getAttribute('width'));
    assert.ok(after < Number(before) && after <= 700, `${before} -> ${after}`);
    await o.page.close();
  });

  it('an empty ledger shows a hint and zeros, without errors', async () => {
    const o = await open('light');
    await o.page.waitForFunction(() => (window as any).__posted.length > 0);
    await o.send({ type: 'update', payload: payloadFor([], now) });
    await o.page.waitForSelector('#app[aria-busy="false"]');
    assert.equal(await o.page.locator('.empty').isVisible(), true);
    assert.equal((await o.page.locator('#spend [data-stat="all"] .stat-value').textContent())?.trim(), '$0.00');
    assert.equal((await o.page.locator('#cache .big').textContent())?.trim(), '—');
    assert.deepEqual(o.errors, []);
    await o.page.screenshot({ path: path.join(RESULTS, 'dashboard-webview-empty.png'), fullPage: true });
    await o.page.close();
  });

  for (const theme of ['dark', 'light', 'hc'] as const) {
    it(`screenshot in the ${theme} theme (test-results/dashboard-webview-${theme}.png)`, async () => {
      const o = await openWithData(theme);
      await o.page.locator('#cost-per-day-table summary').click();
      const file = path.join(RESULTS, `dashboard-webview-${theme}.png`);
      await o.page.screenshot({ path: file, fullPage: true });
      assert.ok(existsSync(file));
      assert.deepEqual(o.errors, []);
      await o.page.close();
    });
  }
});

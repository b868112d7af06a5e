import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import {
  dashboardCsp,
  dashboardHtml,
  formatCount,
  formatDuration,
  formatMoney,
  formatPercent,
  formatRate,
  formatTokens,
  parseFromWebview,
  parseUsdAmount,
} from '../../src/core/dashboard';

const ROOT = path.join(__dirname, '..', '..');

describe('dashboard protocol: messages from the webview', () => {
  it('accepts every message of the protocol', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready', filter: { model: 'm', task: 'fix' } }), {
      type: 'ready',
      filter: { model: 'm', task: 'fix' },
    });
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready', filter: { model: '', task: '' } });
    assert.deepEqual(parseFromWebview({ type: 'filter', filter: { model: '', task: 'ask' } }), {
      type: 'filter',
      filter: { model: '', task: 'ask' },
    });
    assert.deepEqual(parseFromWebview({ type: 'export', format: 'csv' }), { type: 'export', format: 'csv' });
    assert.deepEqual(parseFromWebview({ type: 'export', format: 'json' }), { type: 'export', format: 'json' });
    assert.deepEqual(
      parseFromWebview({ type: 'more', cursor: { seg: '2026-11.jsonl', id: 'abc', offset: 4096, extra: 1 } }),
      { type: 'more', cursor: { seg: '2026-11.jsonl', id: 'abc', offset: 4096 } },
    );
    for (const command of ['resetStats', 'clearCache', 'openSettings', 'setBudget']) {
      assert.deepEqual(parseFromWebview({ type: 'command', command }), { type: 'command', command });
    }
  });

  it('drops anything else', () => {
    for (const bad of [
      null,
      undefined,
      'ready',
      42,
      {},
      { type: 'nope' },
      { type: 'more' },
      { type: 'more', cursor: { seg: '../../etc/passwd', id: '', offset: 0 } },
      { type: 'more', cursor: { seg: '2026-11.jsonl', id: '', offset: -1 } },
      { type: 'more', cursor: { seg: '2026-11.jsonl', id: 'x', offset: 1.5 } },
      { type: 'export', format: 'xlsx' },
      { type: 'export' },
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'command' },
      { type: 'filter', filter: { model: 3, task: '' } },
      { type: 'filter', filter: 'x' },
      { type: 'filter', filter: { model: 'x'.repeat(501), task: '' } },
    ]) {
      assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
    }
  });

  it('extra fields do not pass through', () => {
    assert.deepEqual(parseFromWebview({ type: 'export', format: 'csv', path: '/etc/passwd' }), {
      type: 'export',
      format: 'csv',
    });
  });
});

describe('dashboard HTML shell', () => {
  const opts = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'AbCdEfGhIjKlMnOpQrStUvWx',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/dashboard.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/dashboard/styles.css',
  };

  it('has the strict CSP: nothing by default, styles from the extension, scripts by nonce only', () => {
    assert.equal(
      dashboardCsp(opts.cspSource, opts.nonce),
      "default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-AbCdEfGhIjKlMnOpQrStUvWx'; img-src https://file+.vscode-resource.vscode-cdn.net data:",
    );
    const html = dashboardHtml(opts);
    assert.ok(
      html.includes(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${opts.cspSource}; script-src 'nonce-${opts.nonce}'; img-src ${opts.cspSource} data:">`,
      ),
    );
    assert.ok(!/unsafe-/.test(html));
  });

  it('loads exactly one script, with the nonce and from the extension, and no inline code', () => {
    const html = dashboardHtml(opts);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${opts.nonce}" src="${opts.scriptUri}">`]);
    assert.ok(html.includes('</script>'));
    assert.ok(!/<script[^>]*>[^<]+<\/script>/.test(html), 'no inline script body');
    assert.ok(!/\sstyle=/.test(html), 'no inline style attribute');
    assert.ok(!/\son[a-z]+=/.test(html), 'no inline event handler');
    assert.ok(!/https?:\/\/(?!file\+)/.test(html.replace(/http-equiv/g, '')), 'no remote resource');
  });

  it('refuses a weak nonce', () => {
    assert.throws(() => dashboardHtml({ ...opts, nonce: 'abc' }), /nonce/);
    assert.throws(() => dashboardHtml({ ...opts, nonce: 'x"><script>alert(1)</script>' }), /nonce/);
  });
});

describe('dashboard webview script: text is text', () => {
  const source = readFileSync(path.join(ROOT, 'media', 'dashboard', 'main.ts'), 'utf8');
  const code = source.replace(/\/\/.*$/gm, ''); // comments may name what is forbidden

  it('never parses strings as HTML or code', () => {
    for (const api of [
      'innerHTML',
      'outerHTML',
      'insertAdjacentHTML',
      'document.write',
      'eval(',
      'new Function',
      'createContextualFragment',
      'DOMParser',
      'srcdoc',
    ]) {
      assert.ok(!code.includes(api), `media/dashboard/main.ts uses ${api}`);
    }
  });

  it('sets no inline styles (the CSP would block them)', () => {
    assert.ok(!/\.style\b/.test(code), 'uses element.style');
    assert.ok(!/['"]style['"]\s*:/.test(code), 'sets a style attribute');
  });

  it('bundles for the browser without Node or vscode imports, and the bundle has no HTML sinks either', async () => {
    const out = await build({
      entryPoints: [path.join(ROOT, 'media', 'dashboard', 'main.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.keys(out.metafile!.inputs);
    assert.ok(
      inputs.every((i) =>
        /^(media\/dashboard|src\/core\/dashboard)\//.test(
          path.relative(ROOT, path.resolve(i)).split(path.sep).join('/'),
        ),
      ),
      `unexpected inputs: ${inputs.join(', ')}`,
    );
    const js = out.outputFiles[0].text;
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(js));
    assert.ok(js.length < 60_000, `bundle is ${js.length} bytes`);
  });
});

describe('dashboard formatting', () => {
  it('money: cents above a cent, two significant digits below, never exponent form', () => {
    assert.equal(formatMoney(0), '$0.00');
    assert.equal(formatMoney(0.42), '$0.42');
    assert.equal(formatMoney(1234.5), '$1,234.50');
    assert.equal(formatMoney(0.0042), '$0.0042');
    assert.equal(formatMoney(0.0000015), '$0.0000015');
    assert.equal(formatMoney(0.00000154), '$0.0000015');
    assert.equal(formatMoney(-0.12), '-$0.12');
    assert.equal(formatMoney(0.00001), '$0.00001');
    assert.equal(formatMoney(Number.NaN), '—');
  });

  it('percentages, rates, tokens, counts, durations', () => {
    assert.equal(formatPercent(42.31), '42%');
    assert.equal(formatPercent(4.26), '4.3%');
    assert.equal(formatPercent(0.04), '<0.1%');
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(99.95), '99.9%');
    assert.equal(formatPercent(100), '100%');
    assert.equal(formatPercent(141.2), '141%');
    assert.equal(formatPercent(null), '—');
    assert.equal(formatRate(2 / 7), '29%');
    assert.equal(formatRate(null), '—');
    assert.equal(formatTokens(950), '950');
    assert.equal(formatTokens(12_345), '12.3k');
    assert.equal(formatTokens(999_999), '1M');
    assert.equal(formatTokens(4_200_000), '4.2M');
    assert.equal(formatCount(1_234_567), '1,234,567');
    assert.equal(formatDuration(840), '840 ms');
    assert.equal(formatDuration(1400), '1.4 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
  });

  it('budget amounts typed by a person', () => {
    assert.deepEqual(parseUsdAmount('5'), { value: 5 });
    assert.deepEqual(parseUsdAmount(' $12.50 '), { value: 12.5 });
    assert.deepEqual(parseUsdAmount('0'), { value: 0 });
    assert.deepEqual(parseUsdAmount('.5'), { value: 0.5 });
    assert.deepEqual(parseUsdAmount('3 USD'), { value: 3 });
    for (const bad of ['', '  ', '-1', 'abc', '1,5', '1e3', '5$5', 'Infinity', '99999999999']) {
      assert.ok('error' in parseUsdAmount(bad), bad);
    }
  });
});

// The cost dashboard in a real editor: two Explain requests (the second identical, so a cache hit), then the dashboard
// must show the ledger's totals and a row for each, survive being hidden and shown (filters kept), render in dark and
// light themes without console errors, export a CSV whose rows match the ledger, and update live on reset.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { withCodeServer, type E2EContext } from './harness';
import { formatMoney } from '../../src/core/dashboard/format';
import type { LedgerRecord } from '../../src/core/types';

/** The ledger's period files (globalStorage/frugal-dev.frugal/ledger/YYYY-MM.jsonl) under the user data dir. */
function findLedgerFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (/^\d{4}-\d{2}\.jsonl$/.test(name) && /frugal/.test(p) && /[\\/]ledger[\\/]/.test(p)) out.push(p);
    else if (statSync(p).isDirectory()) out.push(...findLedgerFiles(p));
  }
  return out.sort();
}

/** Every record of every period, without the files' header lines. */
function readLedger(userDataDir: string): LedgerRecord[] {
  return findLedgerFiles(userDataDir)
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LedgerRecord & { requestId?: string })
    .filter((r) => typeof r.requestId === 'string');
}

async function waitForLedger(ctx: E2EContext, count: number, timeoutMs = 60_000): Promise<LedgerRecord[]> {
  const deadline = Date.now() + timeoutMs;
  let records: LedgerRecord[] = [];
  while (Date.now() < deadline) {
    records = readLedger(ctx.userDataDir);
    if (records.length >= count) return records;
    await ctx.page.waitForTimeout(300);
  }
  throw new Error(`the ledger has ${records.length} record(s), expected ${count}`);
}

/** The dashboard's document: VS Code nests each webview in two iframes; ours is the one holding #app. */
async function dashboardFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (f.isDetached()) continue;
      if (
        await f
          .locator('#app .top h1')
          .count()
          .catch(() => 0)
      )
        return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the dashboard webview did not appear');
}

/** Minimal RFC 4180 reader (quoted fields with doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

/** Picks a colour theme the way a person does: Preferences: Color Theme, type its name, Enter. */
async function setTheme(ctx: E2EContext, theme: string, bodyClass: string): Promise<Frame> {
  const { page } = ctx;
  const input = page.locator('.quick-input-widget input.input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill('>Preferences: Color Theme');
  // "Browse Color Themes in Marketplace" may rank first; click the exact command.
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: /Preferences: Color Theme(?!s)/ })
    .first()
    .click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor({ timeout: 20_000 });
  await input.fill(theme);
  // Rows read "Light Modern  Default Light Modern"; "Browse Additional Color Themes..." may come first.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().click();
  const frame = await dashboardFrame(page);
  await frame.locator(`body.${bodyClass}`).waitFor({ timeout: 20_000 });
  return frame;
}

/** Screenshot of the whole dashboard: the viewport is made tall enough for every section. */
async function shootDashboard(ctx: E2EContext, name: string): Promise<void> {
  const frame = await dashboardFrame(ctx.page);
  await frame.locator('#recent tbody tr').first().waitFor();
  await ctx.page.waitForTimeout(400); // let the resize redraw the charts
  await ctx.screenshot(name);
}

describe('cost dashboard in a real editor', () => {
  it('shows the totals and a row for each of two Explain requests (one a cache hit), restores filters, exports a matching CSV', () =>
    withCodeServer(
      async (ctx) => {
        const { page, wb, sim } = ctx;

        // Two identical Explain requests: the first goes to the provider, the second is answered from the cache.
        await wb.openFile('sample.ts');
        await wb.selectLines(10, 19);
        await wb.runCommand('Frugal: Explain Selection');
        await wb.waitForText(/In short:/, 60_000);
        await waitForLedger(ctx, 1);
        await wb.openFile('sample.ts');
        await wb.selectLines(10, 19);
        await wb.runCommand('Frugal: Explain Selection');
        const records = await waitForLedger(ctx, 2);
        assert.equal(records.length, 2, 'two ledger records');
        assert.equal(sim.requests.length, 1, 'only the first request reached the provider');
        assert.deepEqual(
          records.map((r) => [r.task, r.cacheHit]),
          [
            ['explain', false],
            ['explain', true],
          ],
        );

        // Make room: the dashboard alone in the editor area, tall enough to show every section.
        await wb.runCommand('View: Close All Editors');
        await wb.runCommand('Frugal: Open Cost Dashboard');
        let frame = await dashboardFrame(page);
        await frame.locator('#recent tbody tr').nth(1).waitFor({ timeout: 30_000 });
        if (
          await page
            .locator('#workbench\\.parts\\.sidebar')
            .isVisible()
            .catch(() => false)
        ) {
          await wb.runCommand('View: Toggle Primary Side Bar Visibility');
        }
        await page.setViewportSize({ width: 1400, height: 2300 });

        // Headline figures agree with the ledger.
        const total = records.reduce((a, r) => a + r.costUsd, 0);
        const saved = records.reduce((a, r) => a + r.baselineCostUsd - r.costUsd, 0);
        const text = (sel: string) =>
          frame
            .locator(sel)
            .first()
            .textContent()
            .then((t) => (t ?? '').trim());
        assert.equal(await text('#spend [data-stat="all"] .stat-value'), formatMoney(total));
        assert.equal(await text('#spend [data-stat="today"] .stat-value'), formatMoney(total));
        assert.equal(await text('#spend [data-stat="session"] .stat-value'), formatMoney(total));
        assert.match(await text('#spend [data-stat="all"] .stat-detail'), /^2 requests/);
        assert.equal(await text('#savings .big'), formatMoney(saved));
        assert.equal(await text('#cache .big'), '50%');
        assert.match(await text('#cache'), /1 of 2 requests answered from the cache/);

        // One row per record, newest first: the cache hit, then the provider call.
        const rows = frame.locator('#recent tbody tr');
        assert.equal(await rows.count(), 2);
        const cells = async (i: number) => (await rows.nth(i).locator('td').allTextContents()).map((c) => c.trim());
        const [hit, miss] = [await cells(0), await cells(1)];
        assert.deepEqual(
          [hit[1], hit[2], hit[3], hit[10], hit[11]],
          ['explain', records[1].model, records[1].tier, 'hit', 'cached'],
        );
        assert.deepEqual(
          [miss[1], miss[2], miss[3], miss[10], miss[11]],
          ['explain', records[0].model, records[0].tier, '—', 'ok'],
        );
        assert.equal(miss[4], records[0].reason);
        assert.equal(miss[8], formatMoney(records[0].costUsd));
        assert.equal(hit[8], '$0.00');

        // Every section has data; screenshots in dark, then light.
        assert.ok((await frame.locator('#cost-per-day svg rect').count()) > 0, 'cost per day has a bar');
        assert.ok((await frame.locator('#by-task svg rect').count()) > 0, 'spend by task has a bar');
        assert.ok((await frame.locator('#by-tier svg rect').count()) > 0, 'requests by tier has a bar');
        await frame.locator('body.vscode-dark').waitFor();
        await shootDashboard(ctx, 'dashboard-dark');
        frame = await setTheme(ctx, 'Light Modern', 'vscode-light');
        await shootDashboard(ctx, 'dashboard-light');

        // Hidden and shown again (the webview is rebuilt): the filter comes back from its saved state.
        await frame.locator('#filter-task').selectOption('explain');
        await frame.locator('#recent tbody tr').nth(1).waitFor();
        // Keys typed while the webview has focus stay in it; open the file from the Explorer instead.
        await page.locator('.activitybar .action-item a[aria-label^="Explorer"]').first().click();
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample.ts' }).first().click();
        await page.locator('.tab[aria-label*="sample.ts"]').first().waitFor({ timeout: 20_000 });
        await page.locator('.tab', { hasText: 'Cost Dashboard' }).first().click();
        frame = await dashboardFrame(page);
        await frame.locator('#recent tbody tr').nth(1).waitFor({ timeout: 30_000 });
        assert.equal(await frame.locator('#filter-task').inputValue(), 'explain');

        // Export from the dashboard: the save dialog (VS Code's own, in the browser) takes a path.
        const target = join(ctx.workspaceDir, 'ledger-export.csv');
        await frame.locator('[data-action="export-csv"]').click();
        const input = page.locator('.quick-input-widget input.input');
        await input.waitFor({ state: 'visible', timeout: 20_000 });
        // The dialog fills in its default path a moment after it opens; typing before that would be overwritten.
        await page.waitForFunction(
          () =>
            (document.querySelector('.quick-input-widget input.input') as HTMLInputElement | null)?.value.includes(
              'frugal-ledger-',
            ),
          undefined,
          { timeout: 20_000 },
        );
        await input.fill(target);
        await ctx.screenshot('save-dialog');
        await page.keyboard.press('Enter');
        await frame.locator('.notice', { hasText: 'Exported 2 records' }).waitFor({ timeout: 20_000 });
        const exported = (await frame.locator('.notice').textContent()) ?? '';
        assert.ok(exported.includes(target), `exported to the chosen file: ${exported}`);
        const csv = parseCsv(readFileSync(target, 'utf8'));
        const header = csv[0];
        const body = csv.slice(1);
        assert.equal(body.length, records.length, 'one CSV row per ledger record');
        records.forEach((r, i) => {
          const row = Object.fromEntries(header.map((h, j) => [h, body[i][j]]));
          assert.equal(row.id, r.id);
          assert.equal(row.model, r.model);
          assert.equal(row.task, r.task);
          assert.equal(row.cacheHit, String(r.cacheHit));
          assert.equal(row.outcome, r.outcome);
          assert.equal(Number(row.inputTokens), r.inputTokens);
          assert.ok(Math.abs(Number(row.costUsd) - r.costUsd) < 1e-12, `cost of ${r.id}`);
        });

        // Live update: reset the statistics from the dashboard (the command confirms in a dialog).
        await frame.locator('[data-action="reset-stats"]').click();
        await page
          .locator('.monaco-dialog-box .monaco-button', { hasText: 'Reset' })
          .first()
          .click({ timeout: 20_000 });
        await frame.locator('#recent tbody tr').first().waitFor({ state: 'detached', timeout: 20_000 });
        assert.equal(await text('#spend [data-stat="all"] .stat-value'), '$0.00');

        // No console errors from the webview (CSP violations show up as "Refused to ...").
        const mine = ctx.consoleErrors.filter((e) => /dashboard|Content Security Policy|Refused to|frugal/i.test(e));
        assert.deepEqual(mine, [], `console errors: ${mine.join('\n')}`);
      },
      { name: 'dashboard', settings: { 'frugal.budget.dailyUsd': 1, 'frugal.budget.monthlyUsd': 20 } },
    ));
});

// A demanding user's tour of every Frugal command in one code-server session, against the simulator: the answer view
// (model, tier, reason, cost), the routing controls, every edit command through its diff, the cache and the cost
// views. A screenshot after each step lands in test-results/tour-NN-step.png.
import { strict as assert } from 'node:assert';
import type { Frame, Page } from 'playwright-core';
import { withCodeServer, type E2EContext } from './harness';

/** A file with a type error on line 4, for Fix Selection. */
const BUGGY = `// A function with a type error, for the Fix Selection step of the tour.

export function average(values: number[]): number {
  const total: number = values.join('+');
  return total / values.length;
}
`;

/** The answer view's document: the webview frame holding #answer. */
async function answerFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (f.isDetached()) continue;
      if (
        await f
          .locator('#answer')
          .count()
          .catch(() => 0)
      )
        return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the answer view did not appear');
}

/**
 * Waits until the answer view shows a finished answer (its footer) under the heading `title`, matching `re`, and
 * returns its text. The view is reused, so the heading tells this answer from the one before.
 */
async function finishedAnswer(page: Page, title: string, re: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const f = await answerFrame(page, timeoutMs);
    // one snapshot of the document: reading the text, the heading and the footer in separate calls let a render land
    // between them, so a mid-stream text was returned with the finished answer's footer
    const snap = await f
      .evaluate(() => ({
        text: document.body.innerText,
        h1: document.querySelector('h1')?.textContent ?? '',
        finished: !!document.querySelector('#answer footer') && !document.querySelector('#answer .working'),
      }))
      .catch(() => ({ text: '', h1: '', finished: false }));
    last = snap.text;
    if (snap.h1.startsWith(title) && snap.finished && re.test(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`the answer view never finished with ${re}; it shows:\n${last}`);
}

async function waitForStatus(
  page: Page,
  pred: (text: string) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let t = '';
  while (Date.now() < deadline) {
    t = await page.$$eval('#workbench\\.parts\\.statusbar .statusbar-item', (els) =>
      els
        .filter((e) => e.id.toLowerCase().startsWith('frugal-dev.frugal'))
        .map((e) => (e.textContent ?? '').trim())
        .join(' | '),
    );
    if (pred(t)) return t;
    await page.waitForTimeout(200);
  }
  throw new Error(`status bar never showed ${what}; it shows "${t}"`);
}

/** Types into the open input box (Ask, Generate, Refactor) and presses Enter. */
async function answerInputBox(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** Picks the quick-pick row whose label is `label`. */
async function pickRow(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
}

/** Clicks a button of the notification whose message matches `re`; returns the message. */
async function clickNotificationButton(page: Page, re: RegExp, button: string, timeoutMs = 60_000): Promise<string> {
  const toast = page
    .locator('.notification-toast', { has: page.locator('.notification-list-item-message', { hasText: re }) })
    .first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  const message = (await toast.locator('.notification-list-item-message').innerText()).trim();
  // A click that lands while the toast is still sliding in can be lost (CI saw the toast stay, its Accept
  // unclicked): click until the toast goes away, as a person would click again.
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1 && !(await toast.isVisible())) return message;
    await toast
      .locator('.monaco-button', { hasText: new RegExp(`^${button}$`) })
      .first()
      .click();
    try {
      await toast.waitFor({ state: 'hidden', timeout: 5_000 });
      return message;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** Waits until the first editor shows `needle` (Monaco renders spaces as non-breaking spaces). */
async function editorShows(page: Page, needle: string, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(
    (t) =>
      ((document.querySelector('.editor-instance .view-lines') as HTMLElement | null)?.innerText ?? '')
        .replace(/\u00a0/g, ' ')
        .includes(t),
    needle,
    { timeout: timeoutMs },
  );
}

/** Brings a file to the front like a person: its tab when it is open (in any group), else Quick Open. */
async function openFile(ctx: E2EContext, name: string): Promise<void> {
  const tab = ctx.page.locator(`.tab[data-resource-name="${name}"]`).first();
  if (await tab.count()) await tab.click();
  else await ctx.wb.openFile(name);
  await ctx.page
    .locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`)
    .waitFor({ timeout: 10_000 });
}

async function clearNotifications(ctx: E2EContext): Promise<void> {
  await ctx.wb.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
}

describe('Tour of every command', () => {
  it('runs each Frugal command like a user and shows model, tier, reason and cost', () =>
    withCodeServer(
      async (ctx) => {
        const { page, sim, wb } = ctx;
        // what a user would notice; collected so one run shows every problem, asserted at the end
        const problems: string[] = [];
        const expect = (ok: boolean, what: string) => {
          if (!ok) problems.push(`${String(n).padStart(2, '0')}: ${what}`);
        };
        let n = 0;
        const shot = async (step: string) => {
          n++;
          await page.waitForTimeout(400); // let the last render settle
          return ctx.screenshot(`${String(n).padStart(2, '0')}-${step}`);
        };
        const before = await waitForStatus(page, (t) => /\$0\.00\b/.test(t), '$0.00');

        // 1. Explain Selection
        await openFile(ctx, 'sample.ts');
        await wb.selectLines(10, 19);
        await wb.runCommand('Frugal: Explain Selection');
        let text = await finishedAnswer(page, 'Explain', /In short:/);
        assert.match(text, /orderTotal/);
        assert.match(text, /Qwen\/Qwen3-8B/);
        assert.match(text, /\bcheap\b/);
        assert.match(text, /Cost \$/);
        const afterExplain = await waitForStatus(
          page,
          (t) => t !== before && /Qwen3-8B/.test(t),
          'the model after Explain',
        );
        await shot('explain');

        // 2. Ask About Selection or File
        await wb.runCommand('Frugal: Ask About Selection or File');
        await answerInputBox(page, 'What happens when the coupon is an empty string?');
        text = await finishedAnswer(page, 'Ask', /Summary|Short answer/);
        expect(/coupon is an empty string\?/i.test(text), 'the answer view shows the whole question');
        expect(/Short answer[^\n]*coupon/i.test(text), 'the answer is about the question');
        await shot('ask');

        // 3. Show What Will Be Sent
        await wb.runCommand('Frugal: Show What Will Be Sent');
        await wb.waitForText(/What Frugal will send/);
        text = (await wb.allText()).replace(/\u00a0/g, ' ');
        assert.match(text, /Routed to/);
        expect((await page.locator('.tab.dirty').count()) === 0, 'the preview is not an unsaved Untitled document');
        await shot('what-will-be-sent');

        // 4. Choose Model for Next Request: deepseek-reasoner, then Explain again
        await openFile(ctx, 'sample.ts');
        await wb.selectLines(10, 19);
        const requestsBefore = sim.requests.length;
        await wb.runCommand('Frugal: Choose Model for Next Request');
        await pickRow(page, /^deepseek-reasoner/);
        await shot('choose-model');
        await wb.selectLines(10, 19);
        await wb.runCommand('Frugal: Explain Selection');
        text = await finishedAnswer(page, 'Explain', /deepseek-reasoner[\s\S]*In short:/);
        const frame = await answerFrame(page);
        assert.equal(await frame.locator('details').count(), 1, 'the reasoning is shown');
        assert.equal(await frame.locator('details').getAttribute('open'), null, 'the reasoning starts collapsed');
        assert.match(text, /reasoner/);
        await shot('explain-reasoner');
        const reasonerRequests = sim.requests.slice(requestsBefore).filter((r) => r.model === 'deepseek-reasoner');
        assert.equal(
          reasonerRequests.length,
          1,
          `deepseek-reasoner was asked once; requests: ${sim.requests.map((r) => `${r.endpoint}:${r.model}`).join(', ')}`,
        );

        // 5. Pin a Tier via the status bar item
        await clearNotifications(ctx);
        await page.locator('#workbench\\.parts\\.statusbar .statusbar-item[id*="frugal.tier" i]').first().click();
        await pickRow(page, /^coder/);
        await waitForStatus(page, (t) => /coder/.test(t), 'the pinned tier');
        await shot('pin-tier');

        // 6. Generate Code Here (at the end of the file)
        await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await wb.runCommand('Frugal: Generate Code Here');
        await answerInputBox(page, 'a function that sums the prices of a list of orders');
        await editorShows(page, 'total += item');
        await shot('generate');

        // unpin so the router decides again
        await page.locator('#workbench\\.parts\\.statusbar .statusbar-item[id*="frugal.tier" i]').first().click();
        await pickRow(page, /^auto/);
        await waitForStatus(page, (t) => /auto/.test(t), 'auto');

        // 7. Refactor Selection -> diff -> Accept
        await clearNotifications(ctx);
        await wb.selectLines(21, 27);
        await wb.runCommand('Frugal: Refactor Selection');
        await answerInputBox(page, '');
        await page
          .locator('.tab', { hasText: /proposal/ })
          .first()
          .waitFor({ timeout: 60_000 });
        await shot('refactor-diff');
        const proposal = await clickNotificationButton(page, /Refactor/, 'Accept');
        assert.match(proposal, /deepseek-coder|Qwen/, `the proposal names the model: ${proposal}`);
        await editorShows(page, 'Refactored', 20_000);
        await shot('refactor-accepted');

        // 8. Fix Selection on a line with an error
        await clearNotifications(ctx);
        await openFile(ctx, 'buggy.ts');
        await page.waitForSelector('.editor-instance .squiggly-error', { timeout: 60_000 });
        await wb.selectLines(4, 4);
        await wb.runCommand('Frugal: Fix Selection');
        await page
          .locator('.tab', { hasText: /proposal/ })
          .first()
          .waitFor({ timeout: 60_000 });
        const fixMsg = await clickNotificationButton(page, /Fix/, 'Accept');
        expect(/1 problem/.test(fixMsg), `Fix names the problem it fixes: ${fixMsg}`);
        await shot('fix');
        const fixReq = sim.requests.at(-1);
        assert.match(JSON.stringify(fixReq?.body ?? ''), /not assignable/, 'the diagnostic was sent');

        // 9. Add Docs
        await clearNotifications(ctx);
        await openFile(ctx, 'sample.ts');
        await wb.selectLines(10, 19);
        await wb.runCommand('Frugal: Add Docs to Selection');
        await page
          .locator('.tab', { hasText: /proposal/ })
          .first()
          .waitFor({ timeout: 60_000 });
        await shot('add-docs');
        await clickNotificationButton(page, /Add Docs/, 'Reject');

        // 10. Write Tests
        await clearNotifications(ctx);
        await openFile(ctx, 'sample.ts');
        await wb.selectLines(10, 19);
        await wb.runCommand('Frugal: Write Tests for Selection');
        await page
          .locator('.tab', { hasText: /proposal/ })
          .first()
          .waitFor({ timeout: 60_000 });
        await shot('write-tests');
        await clickNotificationButton(page, /Write Tests/, 'Reject');

        // 11. Document File
        await clearNotifications(ctx);
        await openFile(ctx, 'sample.py');
        await wb.runCommand('Frugal: Document File');
        const documented = await wb.waitForNotification(/documented|doc comment/, 60_000);
        await shot('document-file');
        assert.match(documented, /documented \d+ function/, documented);
        const py = (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
        expect(!/"""def /.test(py), "a docstring holds words, not the function's code");

        // 12. Regenerate
        await clearNotifications(ctx);
        const beforeRegen = sim.requests.length;
        await wb.runCommand('Frugal: Regenerate Last Answer');
        const deadline = Date.now() + 30_000;
        while (sim.requests.length === beforeRegen && Date.now() < deadline) await page.waitForTimeout(200);
        assert.ok(sim.requests.length > beforeRegen, 'Regenerate asked the provider again');
        text = await finishedAnswer(page, 'Explain', /In short:/);
        await shot('regenerate');

        // 13. Clear Cache
        await clearNotifications(ctx);
        await wb.runCommand('Frugal: Clear Cache');
        const cleared = await wb.waitForNotification(/cleared \d+ cached answer/);
        await shot('clear-cache');
        assert.match(cleared, /cleared [1-9]\d* cached answers?/, cleared);

        // 14. Open Cost Dashboard
        await wb.runCommand('Frugal: Open Cost Dashboard');
        await wb.waitForText(/deepseek-reasoner/);
        await shot('dashboard');

        // 15. Show Cost Summary
        await clearNotifications(ctx);
        await wb.runCommand('Frugal: Show Cost Summary');
        const summary = await wb.waitForNotification(/Today/);
        await shot('cost-summary');
        assert.match(summary, /Today \$\d/, summary);
        const status = await waitForStatus(page, (t) => t !== afterExplain, 'a changed cost');
        assert.match(status, /\$\d/);

        // 16. Toggle Inline Completions
        await clearNotifications(ctx);
        await wb.runCommand('Frugal: Toggle Inline Completions');
        await waitForStatus(page, (t) => /paused|off/i.test(t), 'inline paused');
        await shot('toggle-inline');
        assert.deepEqual(problems, []);
      },
      {
        name: 'tour',
        files: { 'buggy.ts': BUGGY },
      },
    ));
});

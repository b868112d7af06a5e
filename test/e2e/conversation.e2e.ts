import * as assert from 'node:assert';
import type { Frame, Page } from 'playwright-core';
import { withCodeServer } from './harness';

/** The answer view's document: the webview frame holding the follow-up box. */
async function answerFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (f.isDetached()) continue;
      if (
        await f
          .locator('#followup')
          .count()
          .catch(() => 0)
      )
        return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the answer view did not appear');
}

/** Waits until turn `index` has finished (its footer is shown) and returns the view's text. */
async function finishedTurn(page: Page, index: number, timeoutMs = 60_000): Promise<{ frame: Frame; text: string }> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    const frame = await answerFrame(page, timeoutMs);
    const done = await frame
      .locator(`section.turn[data-index="${index}"] footer`)
      .count()
      .catch(() => 0);
    text = await frame.evaluate(() => document.body.innerText).catch(() => '');
    if (done) return { frame, text };
    await page.waitForTimeout(250);
  }
  throw new Error(`turn ${index + 1} never finished; the view shows:\n${text.slice(-1500)}`);
}

describe('Follow-up questions in a real editor', () => {
  it('asks a follow-up in the answer view with the keyboard; the turn is routed, priced and mostly a cache hit', () =>
    withCodeServer(async ({ page, sim, wb, screenshot }) => {
      await wb.openFile('sample.ts');
      await wb.selectLines(10, 19); // export function orderTotal ... }
      await wb.runCommand('Frugal: Explain Selection');
      let { frame, text } = await finishedTurn(page, 0);
      assert.match(text, /orderTotal/);

      const box = frame.locator('#followup');
      await box.click();
      await box.type('what does `orderTotal` return for an empty order?');
      await page.keyboard.press('Shift+Enter');
      await box.type('and with a coupon?');
      assert.strictEqual(
        await box.inputValue(),
        'what does `orderTotal` return for an empty order?\nand with a coupon?',
      );
      await page.keyboard.press('Enter');

      ({ frame, text } = await finishedTurn(page, 1));
      await screenshot('follow-up');
      assert.match(text, /Follow-up\./, 'the simulator answered the follow-up');
      assert.match(text, /and with a coupon\?/, 'the whole question is shown');
      const reason = await frame.locator('section.turn[data-index="1"] .reason').innerText();
      assert.match(reason, /stayed on|moved to|router/, `reason: ${reason}`);
      const footer = await frame.locator('section.turn[data-index="1"] footer').innerText();
      assert.match(footer, /from the provider's cache/, `footer: ${footer}`);

      const chats = sim.requests.filter((r) => r.endpoint === 'chat');
      const [a, b] = [chats[chats.length - 2].body.messages, chats[chats.length - 1].body.messages] as {
        content: string;
      }[][];
      assert.deepStrictEqual(
        b.slice(0, a.length).map((m) => m.content),
        a.map((m) => m.content),
        'the follow-up resends the first prompt byte for byte',
      );

      // the conversation is kept: reopen it from the list (the keyboard goes back to the editor first, as a user would)
      await wb.openFile('sample.ts');
      await wb.runCommand('Frugal: Open Conversation');
      await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      ({ text } = await finishedTurn(page, 1));
      assert.match(text, /Follow-up\./);
      await screenshot('reopened');
    }));
});

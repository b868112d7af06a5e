import * as assert from 'node:assert';
import { withCodeServer } from './harness';

describe('Explain Selection in a real editor', () => {
  it('explains the selected function, shows the answer, updates the cost, and summarises the cost', () =>
    withCodeServer(async ({ page, sim, wb, screenshot }) => {
      // the cost item is there from the start and shows nothing spent
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('.statusbar-item')].some(
            (e) => e.id.startsWith('frugal-dev.frugal') && /\$0\.00\b/.test(e.textContent ?? ''),
          ),
        undefined,
        { timeout: 60_000 },
      );
      const before = await wb.frugalStatusText();
      assert.match(before, /\$0\.00\b/, `status bar before: "${before}"`);

      await wb.openFile('sample.ts');
      await wb.selectLines(10, 19); // export function orderTotal ... }
      await screenshot('selected');
      await wb.runCommand('Frugal: Explain Selection');

      // the simulator's explanation (it quotes the selection's first line) appears in the UI
      const text = await wb.waitForText(/In short: (this snippet|this code|the selected code)/, 60_000);
      assert.match(text, /orderTotal/);
      await screenshot('answer');
      assert.ok(sim.requests.length >= 1, 'the simulator received no request');

      // the status bar cost changed from $0.00 and names the model used
      await page.waitForFunction(
        (b) => {
          const t = [...document.querySelectorAll('.statusbar-item')]
            .filter((e) => e.id.startsWith('frugal-dev.frugal'))
            .map((e) => (e.textContent ?? '').trim())
            .join(' | ');
          return t !== b && /\$\d/.test(t);
        },
        before,
        { timeout: 30_000 },
      );
      const after = await wb.frugalStatusText();
      assert.notStrictEqual(after, before);
      assert.match(after, /Qwen3-8B/, `status bar after: "${after}"`);

      await wb.runCommand('Frugal: Show Cost Summary');
      const summary = await wb.waitForNotification(/Today/, 30_000);
      assert.match(summary, /Today \$\d[\d.]* \(1 requests?\)/, `summary: ${summary}`);
      await screenshot('cost-summary');
    }));
});

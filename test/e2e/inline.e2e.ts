import * as assert from 'node:assert';
import { withCodeServer } from './harness';

const FILE = 'inline-e2e.ts';
const TYPED = 'function add(a: number, b: number) {';

/** The active editor's text as shown (Monaco renders spaces as non-breaking spaces). */
async function editorText(page: import('playwright-core').Page): Promise<string> {
  const t = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
  return t.replace(/\u00a0/g, ' ');
}

async function inlineItem(page: import('playwright-core').Page): Promise<string> {
  const items = await page.$$eval('#workbench\\.parts\\.statusbar .statusbar-item', (els) =>
    els.map((e) => ({ id: e.id, text: (e.textContent ?? '').trim() })),
  );
  return items.find((i) => /frugal\.inline/i.test(i.id))?.text ?? '';
}

describe('Inline completions in a real editor', () => {
  it('types like a person, shows ghost text from one debounced request, and Tab accepts it; the status bar toggles', () =>
    withCodeServer(
      async ({ page, sim, wb, screenshot }) => {
        await wb.openFile(FILE);
        await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
        await page.keyboard.press('Control+End');
        const fimBefore = sim.requests.filter((r) => r.endpoint === 'fim').length;
        // about 100 words a minute: faster than the 350 ms debounce, so only the pause at the end asks
        await page.keyboard.type(TYPED, { delay: 70 });

        const ghost = page.locator('.editor-instance .ghost-text-decoration, .editor-instance .ghost-text').first();
        await ghost.waitFor({ state: 'visible', timeout: 20_000 });
        await screenshot('ghost-text');
        const fims = sim.requests.filter((r) => r.endpoint === 'fim').slice(fimBefore);
        assert.ok(fims.length >= 1, 'a FIM request was sent');
        assert.ok(fims.length <= 3, `debounced: ${fims.length} requests for ${TYPED.length} keystrokes`);

        await page.keyboard.press('Tab');
        await page.waitForFunction(
          () =>
            (document.querySelector('.editor-instance .view-lines') as HTMLElement | null)?.innerText
              .replace(/\u00a0/g, ' ')
              .includes('return a + b;'),
          undefined,
          { timeout: 10_000 },
        );
        const text = await editorText(page);
        // the brace VS Code closed while typing ends up on its own line after the accepted block
        assert.match(text, /function add\(a: number, b: number\) \{\n {2}return a \+ b;\n\}/, `editor text:\n${text}`);
        await screenshot('accepted');

        // the status-bar toggle pauses and resumes
        await page.waitForFunction(
          () => [...document.querySelectorAll('.statusbar-item')].some((e) => /frugal\.inline/i.test(e.id)),
          undefined,
          { timeout: 10_000 },
        );
        assert.match(await inlineItem(page), /Inline$/, `item: ${await inlineItem(page)}`);
        await page
          .locator(
            '#workbench\\.parts\\.statusbar .statusbar-item[id*="frugal.inline" i] a, #workbench\\.parts\\.statusbar .statusbar-item[id*="frugal.inline" i]',
          )
          .first()
          .click();
        await page.waitForFunction(
          () =>
            [...document.querySelectorAll('.statusbar-item')].some(
              (e) => /frugal\.inline/i.test(e.id) && /paused/.test(e.textContent ?? ''),
            ),
          undefined,
          { timeout: 10_000 },
        );
        await screenshot('paused');
        const fimPaused = sim.requests.filter((r) => r.endpoint === 'fim').length;
        await page.keyboard.press('End');
        await page.keyboard.press('Enter');
        await page.keyboard.type('function sub(a: number, b: number) {', { delay: 40 });
        await page.waitForTimeout(1500);
        assert.strictEqual(
          sim.requests.filter((r) => r.endpoint === 'fim').length,
          fimPaused,
          'no request while paused',
        );
        await page.locator('#workbench\\.parts\\.statusbar .statusbar-item[id*="frugal.inline" i]').first().click();
        await page.waitForFunction(
          () =>
            [...document.querySelectorAll('.statusbar-item')].some(
              (e) =>
                /frugal\.inline/i.test(e.id) &&
                !/paused/.test(e.textContent ?? '') &&
                /Inline/.test(e.textContent ?? ''),
            ),
          undefined,
          { timeout: 10_000 },
        );
      },
      { files: { [FILE]: '// typed by a person in the inline E2E test\n\n' } },
    ));
});

import * as assert from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { withCodeServer } from './harness';

function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size < 50 * 1024 * 1024 && readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}

describe('Set API Key in a real editor', () => {
  it('takes the key in a password box and keeps it out of settings and files', () =>
    withCodeServer(async ({ page, wb, userDataDir, workspaceDir, screenshot }) => {
      const key = `sk-e2e-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      await wb.runCommand('Frugal: Set API Key');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible' });
      // several providers: a quick pick comes first; take the default one
      const title =
        (await page
          .locator('.quick-input-widget .quick-input-title')
          .textContent()
          .catch(() => '')) ?? '';
      if (/which provider/i.test(title)) {
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'default' }).first().click();
        await page.waitForFunction(
          () =>
            !/which provider/i.test(
              document.querySelector('.quick-input-widget .quick-input-title')?.textContent ?? '',
            ),
        );
      }
      assert.strictEqual(await input.getAttribute('type'), 'password', 'the key input hides what is typed');
      await input.fill(key);
      await screenshot('typed');
      await page.keyboard.press('Enter');
      await wb.waitForNotification(/API key stored/i, 20_000);
      await screenshot('stored');
      // give VS Code a moment to persist whatever it persists
      await page.waitForTimeout(1500);
      for (const dir of [userDataDir, workspaceDir]) {
        const hits = filesContaining(dir, key);
        assert.deepStrictEqual(hits, [], `the key was written to ${hits.join(', ')}`);
      }
    }));
});

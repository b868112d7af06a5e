// The LiteLLM gateway (#17) in a real editor: the litellm preset pointed at the fake proxy on 127.0.0.1 (built from
// LiteLLM's own response shapes, in front of a simulator), the virtual key from the environment. The status bar
// tooltip and the dashboard must show the key's and the team's budget beside the local one, and a team budget
// refusal must come back as the clear budget message naming the team budget.
import { strict as assert } from 'node:assert';
import type { Frame, Page } from 'playwright-core';
import { withCodeServer } from './harness';
import { startSimulator, type Simulator } from '../fixtures/simulator';
import { KEY_INFO, startFakeProxy, type FakeProxy } from '../fixtures/litellm/fakeProxy';

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

describe('LiteLLM gateway budgets in a real editor', () => {
  let sim: Simulator;
  let proxy: FakeProxy;
  before(async () => {
    sim = await startSimulator({});
    proxy = await startFakeProxy({ upstream: sim.baseUrl });
  });
  after(async () => {
    await proxy?.close();
    await sim?.close();
  });

  it('shows the key and team budgets in the status bar tooltip and the dashboard, and names a refused team budget', () =>
    withCodeServer(
      async ({ page, wb, screenshot }) => {
        // The tooltip: hover Frugal's cost item until VS Code's hover shows the gateway lines.
        const item = page.locator('#workbench\\.parts\\.statusbar .statusbar-item[id*="frugal.cost" i]').first();
        await item.waitFor({ state: 'visible', timeout: 60_000 });
        let hover = '';
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && !/Gateway team budget/.test(hover)) {
          await page.mouse.move(0, 0);
          await item.hover();
          await page.waitForTimeout(1_500);
          hover = (
            await page
              .locator('.monaco-hover, .workbench-hover')
              .allTextContents()
              .catch(() => [])
          ).join('\n');
        }
        await screenshot('tooltip');
        assert.match(hover, /Gateway key budget \(frugal-dev-alice\): \$1\.23 of \$10\.00 \(12%\)/);
        assert.match(hover, /Gateway team budget \(engineering\): \$57\.50 of \$200\.00 \(29%\)/);

        await page.mouse.move(0, 0);
        await wb.runCommand('Frugal: Open Cost Dashboard');
        const frame = await dashboardFrame(page);
        const key = frame.locator('[data-gauge="gateway-key"]');
        await key.waitFor({ state: 'visible', timeout: 30_000 });
        assert.match((await key.textContent()) ?? '', /Gateway key \(frugal-dev-alice\) limit\s*\$1\.23 of \$10\.00/);
        assert.match(
          (await frame.locator('[data-gauge="gateway-team"]').textContent()) ?? '',
          /Gateway team \(engineering\) limit\s*\$57\.50 of \$200\.00/,
        );
        // beside the local budget, in the same section
        assert.equal(
          await frame.locator('[data-gauge="daily"] ~ .gateway, [data-gauge="monthly"] ~ .gateway').count(),
          1,
        );
        await screenshot('dashboard');

        // A refusal by the team's budget: the same clear message as a local budget, naming the team budget.
        proxy.refuseWith('team');
        await wb.openFile('sample.py');
        await wb.selectAll();
        await wb.runCommand('Frugal: Explain Selection');
        const text = await wb.waitForText(/the team budget \(team team-eng-7f3c\) of \$200\.00 is used up/, 60_000);
        assert.match(text, /frugal\.budget\.onExceed/);
        await screenshot('team-budget-refusal');
        assert.ok(
          proxy.requests.some(
            (r) => r.path.endsWith('/chat/completions') && r.body?.metadata?.tags?.includes('frugal-task:explain'),
          ),
        );
      },
      {
        settings: { 'frugal.preset': 'litellm', 'frugal.baseUrl': proxy.baseUrl },
        env: { FRUGAL_API_KEY: KEY_INFO.response.key },
        // the refusal is shown as an error notification on purpose
        ignoreConsoleErrors: /The LiteLLM gateway refused the request: the team budget/,
      },
    ));
});

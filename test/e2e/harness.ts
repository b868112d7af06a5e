// Shared fixture for end-to-end tests: a real code-server with the packaged Frugal (.vsix) installed,
// the provider simulator, a copy of the sample workspace, and headless Debian Chromium driven by Playwright.
//
//   import { withCodeServer } from './harness';
//   it('does something', () => withCodeServer(async ({ page, sim, workspaceDir, wb }) => { ... }));
//
// Each call gets a fresh code-server, user data dir, workspace copy and simulator. The extension is
// installed once per run by scripts/runE2E.mjs ($FRUGAL_E2E_EXTENSIONS_DIR); when that is unset (mocha run by
// hand) it is installed here from dist/frugal.vsix. Screenshots go to test-results/. Browser console
// errors that mention frugal fail the test.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { startSimulator } from '../fixtures/simulator';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');
const isCtrl = process.platform === 'darwin' ? 'Meta' : 'Control';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

interface CodeServerHandle {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  output(): string;
  stop(): Promise<void>;
}

interface CodeServerModule {
  REPO_ROOT: string;
  CHROMIUM_ARGS: string[];
  isInstalled(): boolean;
  installCodeServer(): string;
  installExtension(vsix: string, extensionsDir: string, userDataDir?: string): string;
  startCodeServer(o: {
    userDataDir?: string;
    extensionsDir?: string;
    folder?: string;
    env?: Record<string, string>;
    logFile?: string;
  }): Promise<CodeServerHandle>;
  launchChromium(o?: { headless?: boolean }): Promise<Browser>;
}

let csModule: Promise<CodeServerModule> | undefined;
function codeServer(): Promise<CodeServerModule> {
  // scripts/codeServer.mjs is ESM; load it with a real dynamic import (not rewritten to require).
  const dynImport = new Function('p', 'return import(p)') as (p: string) => Promise<CodeServerModule>;
  csModule ??= dynImport(join(REPO_ROOT, 'scripts', 'codeServer.mjs'));
  return csModule;
}

export interface WithCodeServerOptions {
  /** Name used for screenshots and temp dirs (default: the current mocha test title, or "e2e"). */
  name?: string;
  /** Extra user settings (merged over the defaults, which point frugal.baseUrl at the simulator). */
  settings?: Record<string, unknown>;
  /** Extra files to write into the workspace copy (relative path -> content). */
  files?: Record<string, string>;
  /** Extra env for code-server (and so the extension host). */
  env?: Record<string, string>;
  /** Don't start the simulator's default settings (e.g. to test a missing key). */
  noSimulatorSettings?: boolean;
  /** Browser console errors matching this are not failures. */
  ignoreConsoleErrors?: RegExp;
}

export interface E2EContext {
  page: Page;
  sim: Simulator;
  workspaceDir: string;
  userDataDir: string;
  server: { url: string; port: number; output(): string };
  /** Browser console errors and page errors seen so far. */
  consoleErrors: string[];
  consoleLines: string[];
  wb: Workbench;
  screenshot(name: string): Promise<string>;
}

let currentTitle = 'e2e';
/** Lets the harness name screenshots after the running mocha test. */
export function setCurrentTestTitle(t: string): void {
  currentTitle = t;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'e2e'
  );
}

async function extensionsDir(cs: CodeServerModule): Promise<string> {
  const fromRunner = process.env.FRUGAL_E2E_EXTENSIONS_DIR;
  if (fromRunner && existsSync(fromRunner)) return fromRunner;
  const vsix = join(REPO_ROOT, 'dist', 'frugal.vsix');
  if (!existsSync(vsix)) throw new Error(`${vsix} not found: run "npm run package" (or use npm run test:e2e)`);
  const dir = mkdtempSync(join(tmpdir(), 'frugal-e2e-ext-'));
  cs.installExtension(vsix, dir);
  process.env.FRUGAL_E2E_EXTENSIONS_DIR = dir;
  return dir;
}

export const DEFAULT_USER_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

export async function withCodeServer<T>(
  fn: (ctx: E2EContext) => Promise<T>,
  opts: WithCodeServerOptions = {},
): Promise<T> {
  const cs = await codeServer();
  if (!cs.isInstalled()) cs.installCodeServer();
  const name = slug(opts.name ?? currentTitle);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const extDir = await extensionsDir(cs);
  const root = mkdtempSync(join(tmpdir(), `frugal-e2e-${name.slice(0, 30)}-`));
  const workspaceDir = join(root, 'workspace');
  const userDataDir = join(root, 'user-data');
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspaceDir, { recursive: true });
  for (const [rel, text] of Object.entries(opts.files ?? {})) {
    mkdirSync(join(workspaceDir, rel, '..'), { recursive: true });
    writeFileSync(join(workspaceDir, rel), text);
  }

  let sim: Simulator | undefined;
  let server: CodeServerHandle | undefined;
  let browser: Browser | undefined;
  const consoleErrors: string[] = [];
  const consoleLines: string[] = [];
  let page: Page | undefined;
  const screenshot = async (shot: string) => {
    const p = join(RESULTS_DIR, `${name}-${slug(shot)}.png`);
    if (page) await page.screenshot({ path: p }).catch(() => undefined);
    return p;
  };
  try {
    sim = await startSimulator({});
    const settings = {
      ...DEFAULT_USER_SETTINGS,
      ...(opts.noSimulatorSettings ? {} : { 'frugal.baseUrl': sim.baseUrl }),
      ...opts.settings,
    };
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

    server = await cs.startCodeServer({
      userDataDir,
      extensionsDir: extDir,
      folder: workspaceDir,
      env: { ...(opts.env ?? {}) },
      logFile: join(RESULTS_DIR, `${name}-code-server.log`),
    });
    browser = await cs.launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => {
      const line = `[${m.type()}] ${m.text()}`;
      consoleLines.push(line);
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => {
      consoleLines.push(`[pageerror] ${e.message}`);
      consoleErrors.push(e.message);
    });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspaceDir)}`, {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    const wb = new Workbench(page);
    await wb.ready();
    const ctx: E2EContext = {
      page,
      sim,
      workspaceDir,
      userDataDir,
      server: { url: server.url, port: server.port, output: () => server!.output() },
      consoleErrors,
      consoleLines,
      wb,
      screenshot,
    };
    const out = await fn(ctx);
    const frugalErrors = consoleErrors.filter(
      (e) => /frugal/i.test(e) && !(opts.ignoreConsoleErrors?.test(e) ?? false),
    );
    if (frugalErrors.length)
      throw new Error(`browser console errors mentioning frugal:\n  ${frugalErrors.join('\n  ')}`);
    await screenshot('end');
    return out;
  } catch (e) {
    const shot = await screenshot('failure');
    writeFileSync(join(RESULTS_DIR, `${name}-console.log`), consoleLines.join('\n'));
    if (existsSync(join(userDataDir, 'logs')))
      cpSync(join(userDataDir, 'logs'), join(RESULTS_DIR, `${name}-logs`), { recursive: true });
    const err = e as Error;
    err.message += `\n  (screenshot: ${shot}; console: test-results/${name}-console.log; server log: test-results/${name}-code-server.log)`;
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await Promise.resolve(sim?.close()).catch(() => undefined);
    if (!process.env.FRUGAL_E2E_KEEP) rmSync(root, { recursive: true, force: true });
  }
}

/** Person-like actions on the VS Code workbench. */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the workbench, its status bar and the Frugal status bar item are there. */
  async ready(timeoutMs = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: timeoutMs });
    // the explorer shows the workspace once the remote connection is up
    await this.page.locator('.explorer-folders-view, .monaco-list-row').first().waitFor({ timeout: timeoutMs });
    // Frugal activates on startup and shows its cost item: from then on its commands are in the palette
    await this.page
      .locator('#workbench\\.parts\\.statusbar .statusbar-item[id^="frugal-dev.frugal"]')
      .first()
      .waitFor({ timeout: timeoutMs });
  }

  /** Opens the command palette, types `title` and runs the best match. */
  async runCommand(title: string, timeoutMs = 20_000): Promise<void> {
    try {
      await this.tryRunCommand(title, timeoutMs / 2);
    } catch {
      // the palette can open before the command list is complete; close it and try once more
      await this.closeQuickInput();
      await this.tryRunCommand(title, timeoutMs);
    }
  }

  private async tryRunCommand(title: string, timeoutMs: number): Promise<void> {
    const input = this.page.locator('.quick-input-widget input.input');
    await this.page.keyboard.press('F1');
    if (!(await input.isVisible().catch(() => false))) await this.page.keyboard.press(`${isCtrl}+Shift+P`);
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    // the focused row must be the one we typed, otherwise Enter runs something else
    await this.page.waitForFunction(
      (t) => {
        const f = document.querySelector('.quick-input-list .monaco-list-row.focused');
        return !!f && (f.textContent ?? '').includes(t);
      },
      title,
      { timeout: timeoutMs },
    );
    await this.page.keyboard.press('Enter');
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(name: string, timeoutMs = 20_000): Promise<void> {
    const input = this.page.locator('.quick-input-widget input.input');
    await this.page.keyboard.press(`${isCtrl}+P`);
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(name);
    await this.page
      .locator('.quick-input-list .monaco-list-row', { hasText: name })
      .first()
      .waitFor({ timeout: timeoutMs });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tab[aria-label*="${name}"]`).first().waitFor({ timeout: timeoutMs });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: timeoutMs });
  }

  /** Focuses the active text editor and selects all of it. */
  async selectAll(): Promise<void> {
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press(`${isCtrl}+A`);
  }

  /** Selects lines `from`..`to` (1-based, inclusive) in the active editor using Go to Line and Shift+Down. */
  async selectLines(from: number, to: number): Promise<void> {
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press(`${isCtrl}+G`);
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${from}`);
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Home'); // first Home goes to the first non-blank, second to column 1
    for (let i = from; i <= to; i++) await this.page.keyboard.press('Shift+ArrowDown');
  }

  /** Status bar items (text and id) currently shown. */
  async statusBarItems(): Promise<{ id: string; text: string; aria: string }[]> {
    return this.page.$$eval('#workbench\\.parts\\.statusbar .statusbar-item', (els) =>
      els.map((e) => ({ id: e.id, text: (e.textContent ?? '').trim(), aria: e.getAttribute('aria-label') ?? '' })),
    );
  }

  /** Text of Frugal's status bar item(s) (ids start with the extension id). */
  async frugalStatusText(): Promise<string> {
    const items = await this.statusBarItems();
    const mine = items.filter((i) => i.id.toLowerCase().startsWith('frugal-dev.frugal'));
    return mine.map((i) => i.text).join(' | ');
  }

  /** Visible text of the page and every frame (webviews live in nested iframes). */
  async allText(): Promise<string> {
    const texts: string[] = [];
    const walk = async (f: Frame) => {
      texts.push(await f.evaluate(() => document.body?.innerText ?? '').catch(() => ''));
      for (const c of f.childFrames()) await walk(c);
    };
    await walk(this.page.mainFrame());
    return texts.join('\n');
  }

  /** Waits until some frame shows `needle` (string or RegExp). */
  async waitForText(needle: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.allText();
      if (typeof needle === 'string' ? last.includes(needle) : needle.test(last)) return last;
      await this.page.waitForTimeout(250);
    }
    throw new Error(
      `"${String(needle)}" did not appear within ${timeoutMs} ms; page text ends with:\n${last.slice(-1500)}`,
    );
  }

  /** Texts of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    return this.page.$$eval('.notification-toast .notification-list-item-message', (els) =>
      els.map((e) => (e.textContent ?? '').trim()),
    );
  }

  /** Waits for a notification toast matching `re` and returns its text. */
  async waitForNotification(re: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = await this.notifications();
      const hit = seen.find((t) => re.test(t));
      if (hit) return hit;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no notification matching ${re} within ${timeoutMs} ms; shown: ${JSON.stringify(seen)}`);
  }

  async closeQuickInput(): Promise<void> {
    if (
      await this.page
        .locator('.quick-input-widget')
        .isVisible()
        .catch(() => false)
    )
      await this.page.keyboard.press('Escape');
  }
}

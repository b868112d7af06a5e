// The cost dashboard's WebviewPanel: serves the HTML shell under a strict CSP, answers the webview's `ready` with the
// model built from the ledger's rollups and one page of rows (never the whole ledger; `more` asks for older rows), re-posts when the ledger or the settings change, and runs the actions
// the webview asks for. One panel at a time; opening it again reveals it.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import {
  dashboardHtml,
  dashboardModelOf,
  NO_FILTER,
  olderRows,
  parseFromWebview,
  type DashboardCommand,
  type DashboardFilter,
  type DashboardLedger,
  type DashboardPayload,
  type ExportFormat,
  type ToWebview,
} from '../../core/dashboard';
import type { FrugalConfig } from '../../core/config';
import { catalogProviderFor, priceAttempt } from '../../core/pricing';
import type { Logger } from '../../core/ports';
import { systemClock, type Clock } from '../../core/clock';
import { exportLedger, type ExportArgs } from './exportLedger';
import { setBudget, type SetBudgetArgs } from './setBudget';
import type { PanelSlot } from '../panelSlot';

export interface DashboardDeps {
  extensionUri: vscode.Uri;
  /** where the dashboard lives while it is open (owned by the FrugalContext): one panel at a time */
  panel: PanelSlot<DashboardPanel>;
  /** rollups, pages and records of the ledger (src/core/ledger), never the whole history in memory */
  ledger: DashboardLedger & { onDidChange(listener: () => void): vscode.Disposable };
  /** epoch ms */
  sessionStart: number;
  getConfig(): FrugalConfig;
  cacheStats(): { entries: number; hits: number; misses: number } | undefined;
  /** routing corrections learned from this user */
  corrections?: () => number;
  logger: Logger;
  /** the time for "today" and the repaint debounce (the real clock by default; a virtual one in tests) */
  clock?: Clock;
  /** the LiteLLM gateway's budgets, when the provider is one */
  gateway?(): DashboardPayload['gateway'];
  onGatewayChange?: vscode.Event<unknown>;
}

/** Ledger appends come in bursts (a cascade writes one record per attempt); one repaint per burst is enough. */
const UPDATE_DEBOUNCE_MS = 250;

export class DashboardPanel {
  static readonly viewType = 'frugal.dashboard';

  private readonly disposables: vscode.Disposable[] = [];
  /** true between the webview's `ready` and the panel being hidden (which unloads the webview) */
  private ready = false;
  private filter: DashboardFilter = NO_FILTER;
  private timer: unknown;
  private disposed = false;
  private readonly clock: Clock;

  /** Opens the dashboard, or reveals it when it is already open. */
  static show(deps: DashboardDeps): DashboardPanel {
    const open = deps.panel.current;
    if (open) {
      open.panel.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(
      DashboardPanel.viewType,
      'Frugal: Cost Dashboard',
      vscode.ViewColumn.Active,
      DashboardPanel.options(deps.extensionUri),
    );
    return deps.panel.hold(new DashboardPanel(panel, deps));
  }

  /** Takes over a panel VS Code restored after a reload (see registerDashboardCommands' serializer). */
  static revive(panel: vscode.WebviewPanel, deps: DashboardDeps): DashboardPanel {
    return deps.panel.hold(new DashboardPanel(panel, deps));
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      // The page is cheap to rebuild; its filters live in the webview's own state and data is re-sent on `ready`.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: DashboardDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    const webview = panel.webview;
    webview.options = DashboardPanel.options(deps.extensionUri);
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'dashboard.js')).toString(),
      styleUri: webview
        .asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'media', 'dashboard', 'styles.css'))
        .toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((m) => void this.onMessage(m)),
      // Hidden means unloaded (no retained context): wait for the next `ready` before posting again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      deps.ledger.onDidChange(() => this.schedule()),
      ...(deps.onGatewayChange ? [deps.onGatewayChange(() => this.schedule())] : []),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('frugal')) this.schedule();
      }),
    );
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = parseFromWebview(raw);
    if (!m) {
      this.deps.logger.warn(
        `Dashboard: ignored a message that does not match the protocol: ${JSON.stringify(raw)?.slice(0, 200)}`,
      );
      return;
    }
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          this.filter = m.filter;
          await this.update();
          break;
        case 'filter':
          this.filter = m.filter;
          await this.update();
          break;
        case 'more': {
          const page = await olderRows(this.deps.ledger, m.cursor, this.filter);
          if (this.ready) this.post({ type: 'page', ...page });
          break;
        }
        case 'export':
          await this.export(m.format);
          break;
        case 'command':
          await this.command(m.command);
          break;
      }
    } catch (e: any) {
      const text = `${m.type === 'command' ? m.command : m.type} failed: ${e?.message ?? e}`;
      this.deps.logger.error(`Dashboard: ${text}`);
      this.notify('error', text);
    }
  }

  private async export(format: ExportFormat): Promise<void> {
    const done = await exportLedger(this.deps, { format });
    if (done)
      this.notify(
        'info',
        `Exported ${done.records} record${done.records === 1 ? '' : 's'} to ${done.uri.fsPath || done.uri.toString()}.`,
      );
  }

  private async command(c: DashboardCommand): Promise<void> {
    switch (c) {
      case 'resetStats':
        // Asks for confirmation itself; the ledger's change event repaints.
        await vscode.commands.executeCommand('frugal.resetStats');
        break;
      case 'clearCache':
        await vscode.commands.executeCommand('frugal.clearCache');
        this.schedule(); // the cache's size is shown, and clearing it does not touch the ledger
        break;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:frugal-dev.frugal');
        break;
      case 'setBudget':
        await vscode.commands.executeCommand('frugal.setBudget');
        break;
    }
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.update().catch((e) => this.deps.logger.error(`Dashboard: update failed: ${e?.message ?? e}`));
    }, UPDATE_DEBOUNCE_MS);
  }

  /** Builds the model (from the rollups and one page of rows) and posts it, when the webview is there to receive it. */
  private async update(): Promise<void> {
    if (this.disposed || !this.ready) return;
    const cfg = this.deps.getConfig();
    const t0 = performance.now();
    const model = await dashboardModelOf(this.deps.ledger, {
      now: this.clock.now(),
      sessionStart: this.deps.sessionStart,
      budget: cfg.budget,
      baselineModel: cfg.baselineModel,
      filter: this.filter,
      cacheRates: (id, at) => {
        const m = cfg.models[id];
        if (!m) return undefined;
        const usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };
        return priceAttempt({ catalogProvider: catalogProviderFor(cfg, m), model: m, usage, at }).rates;
      },
    });
    if (this.disposed || !this.ready) return;
    let cache: DashboardPayload['cache'];
    try {
      cache = this.deps.cacheStats();
    } catch (e: any) {
      this.deps.logger.warn(`Dashboard: cache statistics unavailable: ${e?.message ?? e}`);
    }
    this.deps.logger.debug(
      `Dashboard: ${model.recordCount} record(s) aggregated in ${(performance.now() - t0).toFixed(1)} ms.`,
    );
    let gateway: DashboardPayload['gateway'];
    try {
      gateway = this.deps.gateway?.();
    } catch (e: any) {
      this.deps.logger.warn(`Dashboard: gateway budgets unavailable: ${e?.message ?? e}`);
    }
    const corrections = this.deps.corrections?.();
    this.post({
      type: 'update',
      payload: { model, cache, ...(gateway ? { gateway } : {}), ...(corrections !== undefined ? { corrections } : {}) },
    });
  }

  private notify(level: 'info' | 'error', text: string): void {
    if (this.ready) this.post({ type: 'notice', level, text });
  }

  private post(m: ToWebview): void {
    this.panel.webview
      .postMessage(m)
      .then(undefined, (e) => this.deps.logger.warn(`Dashboard: post failed: ${e?.message ?? e}`));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.deps.panel.release(this);
    for (const d of this.disposables.splice(0)) {
      try {
        d.dispose();
      } catch {
        /* already gone */
      }
    }
    this.panel.dispose();
  }
}

/**
 * frugal.openDashboard, frugal.exportLedger ({format?, uri?} skips the prompts), frugal.setBudget ({dailyUsd?,
 * monthlyUsd?} skips the prompts), and the serializer that brings the dashboard back after a window reload.
 */
export function registerDashboardCommands(deps: DashboardDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('frugal.openDashboard', () => {
      DashboardPanel.show(deps);
    }),
    vscode.commands.registerCommand('frugal.exportLedger', (args?: ExportArgs) => exportLedger(deps, args ?? {})),
    vscode.commands.registerCommand('frugal.setBudget', (args?: SetBudgetArgs) => setBudget(deps, args)),
    vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, {
      deserializeWebviewPanel: async (panel) => {
        DashboardPanel.revive(panel, deps);
      },
    }),
    deps.panel,
  ];
}

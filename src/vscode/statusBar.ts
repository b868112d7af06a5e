// Running cost in the status bar: today's spend and the last model; the tooltip has the breakdown and savings
// (worded by core/summary.ts from the ledger's O(1) totals).
// A second item shows the pinned tier and opens the quick pick to change it.
import * as vscode from 'vscode';
import type { FrugalConfig } from '../core/config';
import type { Ledger } from '../core/ledger';
import { statusBarView } from '../core/summary';
import type { Session } from './session';

export class CostStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly tierItem: vscode.StatusBarItem;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly ledger: Ledger,
    private readonly getConfig: () => FrugalConfig,
    private readonly session: Session,
    /** the LiteLLM gateway's key and team budgets, shown beside the local budget */
    private readonly gatewayLines: () => string[] = () => [],
  ) {
    this.item = vscode.window.createStatusBarItem('frugal.cost', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Frugal cost';
    this.item.command = 'frugal.showCostSummary';
    this.tierItem = vscode.window.createStatusBarItem('frugal.tier', vscode.StatusBarAlignment.Right, 99);
    this.tierItem.name = 'Frugal tier';
    this.tierItem.command = 'frugal.pinTier';
    this.subs.push(
      ledger.onDidChange(() => this.update()),
      session.onDidChange(() => this.update()),
    );
    this.update();
    this.item.show();
    this.tierItem.show();
  }

  text(): string {
    return this.item.text;
  }

  tooltipText(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : (t?.value ?? '');
  }

  update(): void {
    const cfg = this.getConfig();
    const view = statusBarView(this.ledger, cfg, this.gatewayLines());
    this.item.text = view.text;
    this.item.backgroundColor =
      view.worstBudgetPercent >= 100
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.worstBudgetPercent >= cfg.budget.warnPercent
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    const md = new vscode.MarkdownString(view.tooltip, true);
    md.isTrusted = false;
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: view.accessibility };

    const pinned = this.session.pinnedTier;
    this.tierItem.text = pinned ? `$(pinned) ${pinned}` : '$(symbol-event) auto';
    this.tierItem.tooltip = pinned
      ? `Frugal: every request uses the ${pinned} tier this session. Click to change.`
      : 'Frugal: the router picks the tier per request. Click to pin a tier for this session.';
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
    this.tierItem.dispose();
  }
}

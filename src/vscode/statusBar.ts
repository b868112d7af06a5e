// Running cost in the status bar: today's spend and the last model; the tooltip has the breakdown and savings.
// A second item shows the pinned tier and opens the quick pick to change it.
import * as vscode from 'vscode';
import type { FrugalConfig } from '../core/config';
import type { Ledger } from '../core/ledger';
import { budgetUsage } from '../core/budget';
import { formatUsd } from '../core/pricing';
import type { Session } from './session';

export class CostStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly tierItem: vscode.StatusBarItem;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly ledger: Ledger, private readonly getConfig: () => FrugalConfig, private readonly session: Session) {
    this.item = vscode.window.createStatusBarItem('frugal.cost', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Frugal cost';
    this.item.command = 'frugal.showCostSummary';
    this.tierItem = vscode.window.createStatusBarItem('frugal.tier', vscode.StatusBarAlignment.Right, 99);
    this.tierItem.name = 'Frugal tier';
    this.tierItem.command = 'frugal.pinTier';
    this.subs.push(ledger.onDidChange(() => this.update()), session.onDidChange(() => this.update()));
    this.update();
    this.item.show();
    this.tierItem.show();
  }

  text(): string { return this.item.text; }

  tooltipText(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : t?.value ?? '';
  }

  update(): void {
    const cfg = this.getConfig();
    const today = this.ledger.totals('today');
    const session = this.ledger.totals('session');
    const month = this.ledger.totals('month');
    const last = this.ledger.all().at(-1);
    const lastModel = last ? shortModel(last.model) : '';
    this.item.text = `$(pulse) ${formatUsd(today.costUsd)}${lastModel ? ` · ${lastModel}` : ''}`;
    const usage = budgetUsage(cfg.budget, { today: today.costUsd, month: month.costUsd });
    const worst = Math.max(usage.daily ?? 0, usage.monthly ?? 0);
    this.item.backgroundColor = worst >= 100 ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : worst >= cfg.budget.warnPercent ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    md.appendMarkdown(`**Frugal** — spend and savings vs ${cfg.baselineModel}\n\n`);
    md.appendMarkdown(`| | spent | saved | requests |\n|---|---:|---:|---:|\n`);
    for (const [label, t] of [['Session', session], ['Today', today], ['This month', month]] as const) {
      md.appendMarkdown(`| ${label} | ${formatUsd(t.costUsd)} | ${formatUsd(t.savedUsd)} | ${t.requests} |\n`);
    }
    const hitRate = session.requests ? Math.round((session.cacheHits / session.requests) * 100) : 0;
    md.appendMarkdown(`\nCache hits this session: ${session.cacheHits} (${hitRate}%)\n\n`);
    if (usage.daily !== undefined) md.appendMarkdown(`Daily budget: ${Math.round(usage.daily)}% of ${formatUsd(cfg.budget.dailyUsd)}\n\n`);
    if (usage.monthly !== undefined) md.appendMarkdown(`Monthly budget: ${Math.round(usage.monthly)}% of ${formatUsd(cfg.budget.monthlyUsd)}\n\n`);
    if (last) md.appendMarkdown(`Last: ${escapeMd(last.model)} (${last.tier}) — ${escapeMd(last.reason)}\n\n`);
    md.appendMarkdown('Click for the cost summary.');
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `Frugal: ${formatUsd(today.costUsd)} spent today${lastModel ? `, last model ${lastModel}` : ''}` };

    const pinned = this.session.pinnedTier;
    this.tierItem.text = pinned ? `$(pinned) ${pinned}` : '$(symbol-event) auto';
    this.tierItem.tooltip = pinned ? `Frugal: every request uses the ${pinned} tier this session. Click to change.` : 'Frugal: the router picks the tier per request. Click to pin a tier for this session.';
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
    this.tierItem.dispose();
  }
}

function shortModel(id: string): string {
  return id.includes('/') ? id.split('/').pop()! : id;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

// The status-bar toggle for ghost text: on, off, paused by the user, or paused because today's completion budget is
// spent. Clicking it runs Frugal: Toggle Inline Completions.
import * as vscode from 'vscode';
import type { InlineConfig } from '../../core/config';
import { languageEnabled, type CompletionEngine } from '../../core/inline/completionEngine';
import { formatUsd } from '../../core/pricing';

export class InlineStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subs: vscode.Disposable[] = [];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly engine: CompletionEngine,
    private readonly getConfig: () => InlineConfig,
    private readonly spentToday: () => number,
  ) {
    this.item = vscode.window.createStatusBarItem('frugal.inline', vscode.StatusBarAlignment.Right, 99);
    this.item.name = 'Frugal Inline Completions';
    this.item.command = 'frugal.toggleInline';
    this.subs.push(
      engine.onState(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    // a new day lifts a budget pause; the spend shown in the tooltip moves with every completion
    this.timer = setInterval(() => {
      if (this.engine.state().kind === 'paused') this.engine.checkBudget();
      this.update();
    }, 60_000);
    this.update();
    this.item.show();
  }

  text(): string {
    return this.item.text;
  }

  update(): void {
    const cfg = this.getConfig();
    const state = this.engine.state();
    const lang = vscode.window.activeTextEditor?.document.languageId;
    const info = this.engine.info();
    let spent = 0;
    try {
      spent = this.spentToday();
    } catch {
      /* the ledger is loading */
    }
    const budget = cfg.dailyBudgetUsd > 0 ? ` of ${formatUsd(cfg.dailyBudgetUsd)}` : ' (no daily limit)';
    const lines: string[] = [];
    this.item.backgroundColor = undefined;
    switch (state.kind) {
      case 'off':
        this.item.text = '$(circle-slash) Inline off';
        lines.push('Inline completions are turned off (`frugal.inline.enabled`).');
        break;
      case 'paused':
        if (state.by === 'budget') {
          this.item.text = '$(debug-pause) Inline: budget';
          this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
          lines.push(
            `Inline completions are paused: today's completion budget is spent (${formatUsd(state.spentUsd)}${budget}). They resume tomorrow, or raise \`frugal.inline.dailyBudgetUsd\`.`,
          );
        } else {
          this.item.text = '$(debug-pause) Inline paused';
          lines.push('Inline completions are paused. Click to resume.');
        }
        break;
      default:
        if (lang && !languageEnabled(cfg.languages, lang)) {
          this.item.text = '$(circle-slash) Inline';
          lines.push(`Inline completions are not enabled for \`${lang}\` (\`frugal.inline.languages\`).`);
        } else if (info.lastError) {
          this.item.text = '$(warning) Inline';
          lines.push(`Inline completions: the last request failed: ${info.lastError}`);
        } else {
          this.item.text = '$(sparkle) Inline';
          lines.push('Inline completions are on. Click to pause.');
        }
    }
    const s = this.engine.stats;
    lines.push('', `Today: ${formatUsd(spent)}${budget} on completions.`);
    if (s.calls)
      lines.push(
        `This session: ${s.requests} request(s), ${s.reuseHits + s.cacheHits} suggestion(s) served without one${info.lastModel ? `, model ${info.lastModel}` : ''}.`,
      );
    this.item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]*\)\s*/g, '') };
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const d of this.subs) d.dispose();
    this.item.dispose();
  }
}

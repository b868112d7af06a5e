// Wires ghost text into the editor: the core engine over the completion backend, the inline provider, the status-bar
// toggle and Frugal: Toggle Inline Completions. Returns every disposable it creates.
import * as vscode from 'vscode';
import type { FrugalConfig } from '../../core/config';
import type { CompletionBackend } from '../../core/inline/completionBackend';
import { CompletionEngine } from '../../core/inline/completionEngine';
import type { Logger } from '../../core/ports';
import { FrugalInlineProvider } from './inlineProvider';
import { InlineStatusBar } from './inlineStatusBar';

const PAUSED_KEY = 'frugal.inline.paused';

export interface InlineDeps {
  backend: CompletionBackend;
  getConfig(): FrugalConfig;
  logger: Logger;
  onConfigChange: vscode.Event<unknown>;
  /** where the user's pause is remembered across windows and restarts (globalState); in memory when absent */
  memento?: vscode.Memento;
}

/** Whether the model serving completions takes a suffix: task `complete`'s model, else the coder tier's. */
export function configSupportsFim(config: FrugalConfig): boolean {
  const id = config.taskModels.complete ?? config.tiers.coder;
  return config.models[id]?.fim ?? false;
}

/** The engine (its state, stats and last error, for the extension's API) and every disposable registered for it. */
export function registerInline(deps: InlineDeps): { engine: CompletionEngine; disposables: vscode.Disposable[] } {
  const { backend, logger } = deps;
  const engine = new CompletionEngine({
    backend,
    getConfig: () => deps.getConfig().inline,
    supportsFim: (languageId) => backend.supportsFim?.(languageId) ?? configSupportsFim(deps.getConfig()),
    logger,
  });
  if (deps.memento?.get<boolean>(PAUSED_KEY)) engine.setPaused(true);
  engine.checkBudget();

  const statusBar = new InlineStatusBar(
    engine,
    () => deps.getConfig().inline,
    () => backend.spentTodayUsd(),
  );

  const toggle = vscode.commands.registerCommand('frugal.toggleInline', async () => {
    const state = engine.state();
    if (state.kind === 'off') {
      const pick = await vscode.window.showInformationMessage(
        'Frugal: inline completions are turned off in settings (frugal.inline.enabled).',
        'Open Settings',
      );
      if (pick) await vscode.commands.executeCommand('workbench.action.openSettings', 'frugal.inline');
      return;
    }
    if (state.kind === 'paused' && state.by === 'budget') {
      const pick = await vscode.window.showWarningMessage(
        `Frugal: inline completions are paused for today: their budget of $${state.budgetUsd.toFixed(2)} is spent. They resume tomorrow.`,
        'Change Budget',
      );
      if (pick) await vscode.commands.executeCommand('workbench.action.openSettings', 'frugal.inline.dailyBudgetUsd');
      return;
    }
    const pause = state.kind === 'on';
    engine.setPaused(pause);
    await deps.memento?.update(PAUSED_KEY, pause);
    logger.info(`Inline completions ${pause ? 'paused' : 'resumed'} by the user.`);
  });

  const provider = vscode.languages.registerInlineCompletionItemProvider(
    { pattern: '**' },
    new FrugalInlineProvider(engine, logger),
  );

  const disposables = [
    provider,
    toggle,
    statusBar,
    deps.onConfigChange(() => {
      engine.clearCache(); // the model or its settings may have changed
      engine.configChanged();
      statusBar.update();
    }),
    // another editor: what was pending is for the old one
    vscode.window.onDidChangeActiveTextEditor(() => engine.cancelPending()),
    engine,
  ];
  return { engine, disposables };
}

// Cost and housekeeping commands: Show Cost Summary, Reset Cost Statistics, Clear Cache, Set API Key, Open Settings.
import * as vscode from 'vscode';
import type { Ledger } from '../../core/ledger';
import type { ResponseCache } from '../../core/cache';
import type { FrugalConfig } from '../../core/config';
import type { Logger } from '../../core/ports';
import { costSummary } from '../../core/summary';
import type { SecretStore } from '../secrets';

export interface CostDeps {
  ledger: Ledger;
  cache: ResponseCache | undefined;
  secrets: SecretStore;
  getConfig(): FrugalConfig;
  logger: Logger;
}

export function registerCostCommands(deps: CostDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('frugal.showCostSummary', async () => {
      await deps.ledger.refresh();
      const summary = costSummary(deps.ledger, deps.getConfig().baselineModel);
      void vscode.window.showInformationMessage(`Frugal: ${summary.text}`, 'Open Dashboard').then((pick) => {
        if (pick) void vscode.commands.executeCommand('frugal.openDashboard');
      });
      return summary;
    }),
    vscode.commands.registerCommand('frugal.resetStats', async (confirmed?: boolean) => {
      const ok =
        confirmed === true ||
        (await vscode.window.showWarningMessage(
          "Reset Frugal's cost statistics? Every recorded request in all workspaces is deleted.",
          { modal: true },
          'Reset',
        )) === 'Reset';
      if (!ok) return false;
      await deps.ledger.reset();
      deps.logger.info('Cost statistics reset by the user.');
      void vscode.window.showInformationMessage('Frugal: cost statistics reset.');
      return true;
    }),
    vscode.commands.registerCommand('frugal.clearCache', async () => {
      if (!deps.cache)
        return void vscode.window.showInformationMessage('Frugal: no folder is open, so there is no cache to clear.');
      const n = deps.cache.stats().entries;
      await deps.cache.clear();
      deps.logger.info(`Cache cleared (${n} entries).`);
      void vscode.window.showInformationMessage(
        `Frugal: cleared ${n} cached answer${n === 1 ? '' : 's'} in this workspace.`,
      );
      return n;
    }),
    vscode.commands.registerCommand('frugal.setApiKey', async (arg?: { providerId?: string; key?: string }) => {
      const cfg = deps.getConfig();
      const ids = Object.keys(cfg.providers);
      let providerId = arg?.providerId;
      if (!providerId) {
        providerId =
          ids.length === 1
            ? ids[0]
            : (
                await vscode.window.showQuickPick(
                  ids.map((id) => ({ label: id, description: cfg.providers[id].baseUrl })),
                  { title: 'Frugal: API key for which provider?' },
                )
              )?.label;
      }
      if (!providerId) return false;
      const key =
        arg?.key ??
        (await vscode.window.showInputBox({
          title: `Frugal: API key for ${providerId === 'default' ? cfg.providers.default.baseUrl : providerId}`,
          prompt: "Stored in VS Code's secret storage, never in settings. Leave empty to remove the stored key.",
          password: true,
          ignoreFocusOut: true,
        }));
      if (key === undefined) return false;
      if (!key.trim()) {
        await deps.secrets.deleteApiKey(providerId);
        void vscode.window.showInformationMessage('Frugal: API key removed.');
        return true;
      }
      await deps.secrets.setApiKey(providerId, key.trim());
      deps.logger.info(`API key stored for provider "${providerId}".`);
      void vscode.window.showInformationMessage('Frugal: API key stored in secret storage.');
      return true;
    }),
    vscode.commands.registerCommand('frugal.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:frugal-dev.frugal'),
    ),
  ];
}

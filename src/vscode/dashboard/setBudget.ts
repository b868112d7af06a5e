// "Frugal: Set Budget": a quick input for the daily or monthly limit in USD, written to the user (global) settings so
// it holds in every workspace, like the ledger it is checked against.
import * as vscode from 'vscode';
import { formatMoney, parseUsdAmount } from '../../core/dashboard';
import type { FrugalConfig } from '../../core/config';
import type { Logger } from '../../core/ports';

export interface SetBudgetDeps {
  getConfig(): FrugalConfig;
  logger: Logger;
}

export interface SetBudgetArgs {
  dailyUsd?: number;
  monthlyUsd?: number;
}

type Which = 'dailyUsd' | 'monthlyUsd';

const LABEL: Record<Which, string> = { dailyUsd: 'Daily limit', monthlyUsd: 'Monthly limit' };

const describeLimit = (v: number): string => (v > 0 ? formatMoney(v) : 'no limit');

/**
 * Writes one limit. ConfigService is the one reader of settings; writing goes straight to VS Code, and the service
 * picks the change up from onDidChangeConfiguration like any other edit.
 */
async function write(which: Which, value: number, logger: Logger): Promise<void> {
  const section = vscode.workspace.getConfiguration('frugal');
  const key = `budget.${which}`;
  await section.update(key, value, vscode.ConfigurationTarget.Global);
  logger.info(`Budget: frugal.${key} set to ${value} (user settings).`);
  const inspected = section.inspect<number>(key);
  const override = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  if (override !== undefined && override !== value) {
    void vscode.window
      .showWarningMessage(
        `Frugal: frugal.${key} is also set in this workspace's settings (${override}), which takes precedence over the ${LABEL[which].toLowerCase()} you just set.`,
        'Open Workspace Settings',
      )
      .then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', `frugal.${key}`);
      });
  }
}

async function ask(which: Which, current: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Frugal: ${LABEL[which]} in USD`,
    prompt: `${which === 'dailyUsd' ? 'Spending per day' : 'Spending per calendar month'} across all workspaces. 0 means no limit. Now: ${describeLimit(current)}.`,
    value: String(current),
    valueSelection: [0, String(current).length],
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = parseUsdAmount(v);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const r = parseUsdAmount(text);
  return 'value' in r ? r.value : undefined;
}

/** The command's handler; returns the budget as set, or undefined when cancelled. */
export async function setBudget(deps: SetBudgetDeps, args?: SetBudgetArgs): Promise<SetBudgetArgs | undefined> {
  const budget = deps.getConfig().budget;
  if (args && (args.dailyUsd !== undefined || args.monthlyUsd !== undefined)) {
    const done: SetBudgetArgs = {};
    for (const which of ['dailyUsd', 'monthlyUsd'] as const) {
      const v = args[which];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new Error(`frugal.setBudget: ${which} must be a number of USD, 0 or more`);
      await write(which, v, deps.logger);
      done[which] = v;
    }
    return done;
  }

  const pick = await vscode.window.showQuickPick(
    [
      { label: LABEL.dailyUsd, description: describeLimit(budget.dailyUsd), which: 'dailyUsd' as const },
      { label: LABEL.monthlyUsd, description: describeLimit(budget.monthlyUsd), which: 'monthlyUsd' as const },
    ],
    {
      title: 'Frugal: Set Budget',
      placeHolder: `Which limit? Past ${budget.warnPercent}% you are warned; past the limit requests are ${budget.onExceed === 'block' ? 'blocked' : 'downgraded to the cheapest tier'}.`,
    },
  );
  if (!pick) return undefined;
  const value = await ask(pick.which, budget[pick.which]);
  if (value === undefined) return undefined;
  await write(pick.which, value, deps.logger);
  void vscode.window.showInformationMessage(
    `Frugal: ${LABEL[pick.which].toLowerCase()} set to ${describeLimit(value)}.`,
  );
  return { [pick.which]: value };
}

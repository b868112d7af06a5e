// The only reader of Frugal's settings: validates them with core/config, tells the user once about each bad value,
// and fires an event when they change.
import * as vscode from 'vscode';
import { parseConfig, SETTING_KEYS, type ConfigError, type FrugalConfig, type RawSettings } from '../core/config';
import type { Logger } from '../core/ports';

export class ConfigService implements vscode.Disposable {
  private current: FrugalConfig;
  private errors: ConfigError[] = [];
  private readonly emitter = new vscode.EventEmitter<FrugalConfig>();
  readonly onDidChange = this.emitter.event;
  private readonly sub: vscode.Disposable;
  private shown = new Set<string>();

  constructor(private readonly logger: Logger) {
    this.current = this.read();
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('frugal')) return;
      this.current = this.read();
      this.emitter.fire(this.current);
    });
  }

  get(): FrugalConfig {
    return this.current;
  }

  lastErrors(): readonly ConfigError[] {
    return this.errors;
  }

  private read(): FrugalConfig {
    const section = vscode.workspace.getConfiguration('frugal');
    const raw: RawSettings = {};
    for (const key of SETTING_KEYS) {
      const inspected = section.inspect(key);
      // Only values the user set are validated; unset ones take core defaults (which package.json mirrors).
      const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
      if (value !== undefined) raw[key] = value;
    }
    const { config, errors } = parseConfig(raw);
    this.errors = errors;
    this.report(errors);
    return config;
  }

  private report(errors: ConfigError[]): void {
    const fresh = errors.filter((e) => !this.shown.has(`${e.setting}|${e.message}`));
    for (const e of errors) this.shown.add(`${e.setting}|${e.message}`);
    if (!fresh.length) return;
    for (const e of fresh) this.logger.warn(`Invalid setting ${e.setting}: ${e.message}`);
    const text =
      fresh.length === 1
        ? `Frugal: invalid setting ${fresh[0].setting}: ${fresh[0].message}.`
        : `Frugal: ${fresh.length} invalid settings, defaults used: ${fresh.map((e) => `${e.setting} (${e.message})`).join('; ')}.`;
    void vscode.window.showErrorMessage(text, 'Open Settings').then((pick) => {
      if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', fresh[0].setting);
    });
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

// Confirmations before anything leaves the machine in a risky setting: an untrusted workspace, or a plain-http
// endpoint on another host. Each is asked once per session.
import * as vscode from 'vscode';
import type { FrugalConfig } from '../core/config';
import { leavesMachineUnencrypted } from '../core/endpoint';

export { isLoopback, isPlainHttp } from '../core/endpoint';

export class SendGuard {
  private trustedForSession = false;
  private readonly allowedHttp = new Set<string>();

  /**
   * True when a request may be sent without asking: used by inline completions, which must never pop a modal
   * while the user types. Until the user has confirmed once (through any other command), they stay silent.
   */
  allowsSilently(config: FrugalConfig): boolean {
    if (!vscode.workspace.isTrusted && !this.trustedForSession) return false;
    return this.urls(config).every((url) => !leavesMachineUnencrypted(url) || this.allowedHttp.has(url));
  }

  private urls(config: FrugalConfig): string[] {
    return Object.values(config.providers).flatMap((p) => (p.fimBaseUrl ? [p.baseUrl, p.fimBaseUrl] : [p.baseUrl]));
  }

  /** True when the request may be sent. Asks the user where needed. */
  async allow(config: FrugalConfig): Promise<boolean> {
    if (!vscode.workspace.isTrusted && !this.trustedForSession) {
      const pick = await vscode.window.showWarningMessage(
        'This workspace is not trusted. Send code from it to the AI provider?',
        {
          modal: true,
          detail: 'Frugal sends the selection and nearby code (with secrets removed) to your configured provider.',
        },
        'Send for This Session',
      );
      if (pick !== 'Send for This Session') return false;
      this.trustedForSession = true;
    }
    for (const url of this.urls(config)) {
      if (!leavesMachineUnencrypted(url) || this.allowedHttp.has(url)) continue;
      const pick = await vscode.window.showWarningMessage(
        `The provider URL ${url} is plain http to another host: your code and API key would travel unencrypted.`,
        { modal: true },
        'Send Anyway',
      );
      if (pick !== 'Send Anyway') return false;
      this.allowedHttp.add(url);
    }
    return true;
  }
}

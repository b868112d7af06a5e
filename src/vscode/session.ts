// Per-window, per-session choices: a tier pinned for the session, a model chosen for the next request only, and the
// last request (for Regenerate).
import * as vscode from 'vscode';
import type { EditorRequest, Tier } from '../core/types';

export class Session implements vscode.Disposable {
  pinnedTier: Tier | undefined;
  nextModel: string | undefined;
  /** the last answered request, and the model the user chose for it (Regenerate asks the same one) */
  lastRequest: { req: EditorRequest; title: string; model?: string } | undefined;
  /** the tier that answered the last request and its routing signature (what a correction of it is keyed by) */
  lastDecision: { tier: Tier; signature: string } | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  pin(tier: Tier | undefined): void {
    this.pinnedTier = tier;
    this.emitter.fire();
  }

  setNextModel(model: string | undefined): void {
    this.nextModel = model;
    this.emitter.fire();
  }

  /** The one-shot model choice, cleared as it is used. */
  takeNextModel(): string | undefined {
    const m = this.nextModel;
    this.nextModel = undefined;
    if (m) this.emitter.fire();
    return m;
  }

  remember(req: EditorRequest, title: string, model?: string): void {
    this.lastRequest = { req, title, model };
    void vscode.commands.executeCommand('setContext', 'frugal.hasLastRequest', true);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

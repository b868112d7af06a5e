// The answer view: a webview (media/answer/main.ts under a strict CSP with a nonce) showing one conversation, fed by
// the typed protocol in core/conversation/protocol. It only displays and forwards: the ConversationController decides.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import {
  answerHtml,
  parseFromAnswerView,
  type ConversationView,
  type FromAnswerView,
  type ToAnswerView,
  type TurnView,
} from '../../core/conversation/protocol';
import type { Logger } from '../../core/ports';
import type { PanelSlot } from '../panelSlot';

export class AnswerPanel implements vscode.Disposable {
  static readonly viewType = 'frugal.answer';
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private view: ConversationView | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pendingTurn: TurnView | undefined;

  /** Reveals the answer view held in `slot`, or opens one there. */
  static show(
    slot: PanelSlot<AnswerPanel>,
    extensionUri: vscode.Uri,
    logger: Logger,
    onMessage: (m: FromAnswerView) => void,
  ): AnswerPanel {
    const open = slot.current;
    if (open) {
      open.onMessage = onMessage;
      open.panel.reveal(vscode.ViewColumn.Beside, true);
      return open;
    }
    return slot.hold(new AnswerPanel(slot, extensionUri, logger, onMessage));
  }

  /** The text of the last turn's answer as shown (for the extension's API and the integration tests). */
  lastText: string | undefined;

  private constructor(
    private readonly slot: PanelSlot<AnswerPanel>,
    extensionUri: vscode.Uri,
    private readonly logger: Logger,
    private onMessage: (m: FromAnswerView) => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      AnswerPanel.viewType,
      'Frugal',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        enableCommandUris: false,
        enableForms: false,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
      },
    );
    const webview = this.panel.webview;
    webview.html = answerHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'answer.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'answer', 'styles.css')).toString(),
    });
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((raw) => {
        const m = parseFromAnswerView(raw);
        if (!m) {
          this.logger.warn(
            `Answer view: ignored a message that does not match the protocol: ${JSON.stringify(raw)?.slice(0, 200)}`,
          );
          return;
        }
        if (m.type === 'ready') {
          this.ready = true;
          if (this.view) this.post({ type: 'show', view: this.view });
          return;
        }
        this.onMessage(m);
      }),
    );
  }

  /** Shows a whole conversation (title, turns, summary). */
  show(view: ConversationView): void {
    this.view = view;
    this.panel.title = view.title;
    this.lastText = undefined;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.pendingTurn = undefined;
    }
    this.post({ type: 'show', view });
  }

  /** Updates one turn while it streams (at most every 60 ms), or at once when it is done. */
  turn(t: TurnView, text: string, busy: boolean): void {
    this.lastText = text;
    if (this.view) {
      const i = this.view.turns.findIndex((x) => x.index === t.index);
      if (i >= 0) this.view.turns[i] = t;
      else this.view.turns.push(t);
      this.view.busy = busy;
    }
    this.pendingTurn = t;
    if (!t.streaming) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.flush(busy);
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush(busy);
    }, 60);
  }

  notice(text: string): void {
    this.post({ type: 'notice', text });
  }

  private flush(busy: boolean): void {
    const t = this.pendingTurn;
    this.pendingTurn = undefined;
    if (t) this.post({ type: 'turn', turn: t, busy });
  }

  private post(m: ToAnswerView): void {
    if (!this.ready) return;
    this.panel.webview
      .postMessage(m)
      .then(undefined, (e) => this.logger.warn(`Answer view: post failed: ${e?.message ?? e}`));
  }

  dispose(): void {
    this.slot.release(this);
    if (this.timer) clearTimeout(this.timer);
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

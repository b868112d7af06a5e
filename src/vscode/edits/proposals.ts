// Proposed changes shown as a diff (current file on the left, the proposal on the right, a read-only virtual
// document under the `frugal-proposal:` scheme) until the user accepts or rejects them: with the diff editor's title
// buttons, the commands, or the notification's buttons. One proposal at a time.
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';

export const PROPOSAL_SCHEME = 'frugal-proposal';

export interface Proposal {
  /** shown in the diff title and the notification */
  title: string;
  /** the file the change is for */
  target: vscode.Uri;
  /** false: a new file (the test file), created on accept */
  exists: boolean;
  /** the whole file as proposed */
  proposedText: string;
  /**
   * For a change to part of the file: the replaced text, where it was, and the document version then, so an
   * accepted change lands in the right place even if the file moved on (or is refused if that text is gone).
   */
  region?: { start: number; end: number; original: string; replacement: string; version: number };
  /** whole-file changes: the text the proposal was made against */
  originalText?: string;
  /** after accepting, show the target (and select the change) */
  reveal?: boolean;
}

interface Pending extends Proposal {
  id: number;
  left: vscode.Uri;
  right: vscode.Uri;
  seenTab: boolean;
}

class ProposalDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.emitter.fire(uri);
  }

  delete(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export class ProposalManager implements vscode.Disposable {
  private readonly docs = new ProposalDocuments();
  private readonly subs: vscode.Disposable[] = [];
  private pending: Pending | undefined;
  private nextId = 1;

  constructor(private readonly logger: Logger) {
    this.subs.push(
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this.docs),
      this.docs,
      vscode.window.tabGroups.onDidChangeTabs(() => this.watchTabs()),
    );
  }

  /** The proposal waiting for a decision, if any. */
  current(): Proposal | undefined {
    return this.pending;
  }

  async propose(p: Proposal): Promise<void> {
    if (this.pending) await this.reject(true);
    const id = this.nextId++;
    const name = p.target.path.split('/').pop() || 'proposal';
    const right = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/${name}` });
    const left = p.exists ? p.target : vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/empty/${name}` });
    this.docs.set(right, p.proposedText);
    if (!p.exists) this.docs.set(left, '');
    this.pending = { ...p, id, left, right, seenTab: false };
    await vscode.commands.executeCommand('setContext', 'frugal.changePending', true);
    await vscode.commands.executeCommand('vscode.diff', left, right, `${p.title} ↔ proposal`, { preview: false });
    void vscode.window
      .showInformationMessage(`Frugal: ${p.title}. Review the diff.`, 'Accept', 'Reject')
      .then((pick) => {
        if (this.pending?.id !== id) return;
        if (pick === 'Accept') void this.accept();
        else if (pick === 'Reject') void this.reject();
      });
  }

  /** Applies the pending proposal. False when there was none or it could not be applied. */
  async accept(): Promise<boolean> {
    const p = this.pending;
    if (!p) {
      void vscode.window.showInformationMessage('Frugal: there is no proposed change to accept.');
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    let selectAfter: vscode.Range | undefined;
    if (!p.exists) {
      edit.createFile(p.target, { ignoreIfExists: true });
      edit.insert(p.target, new vscode.Position(0, 0), p.proposedText);
    } else {
      const doc = await vscode.workspace.openTextDocument(p.target);
      if (p.region) {
        const r = p.region;
        const text = doc.getText();
        let start = r.start;
        if (doc.version !== r.version && text.slice(r.start, r.start + r.original.length) !== r.original) {
          // the file moved on: find the replaced code again, if it is still there exactly once
          const first = text.indexOf(r.original);
          if (first < 0 || text.indexOf(r.original, first + 1) >= 0) {
            void vscode.window.showWarningMessage(
              'Frugal: the code changed since the proposal was made; run the command again.',
            );
            return false;
          }
          start = first;
        }
        const range = new vscode.Range(doc.positionAt(start), doc.positionAt(start + r.original.length));
        edit.replace(p.target, range, r.replacement);
        const startPos = doc.positionAt(start);
        const lines = r.replacement.split('\n');
        const endPos =
          lines.length === 1
            ? startPos.translate(0, lines[0].length)
            : new vscode.Position(startPos.line + lines.length - 1, lines[lines.length - 1].length);
        selectAfter = new vscode.Range(startPos, endPos);
      } else {
        if (p.originalText !== undefined && doc.getText() !== p.originalText) {
          const pick = await vscode.window.showWarningMessage(
            `Frugal: ${doc.fileName.split(/[\\/]/).pop()} changed since the proposal was made. Replace it anyway?`,
            { modal: true },
            'Replace',
          );
          if (pick !== 'Replace') return false;
        }
        edit.replace(
          p.target,
          new vscode.Range(new vscode.Position(0, 0), doc.lineAt(doc.lineCount - 1).range.end),
          p.proposedText,
        );
      }
    }
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) {
      void vscode.window.showErrorMessage('Frugal: the change could not be applied.');
      return false;
    }
    this.logger.info(`Accepted: ${p.title}`);
    await this.clear(p);
    if (p.reveal !== false) {
      const doc = await vscode.workspace.openTextDocument(p.target);
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      if (selectAfter) {
        editor.selection = new vscode.Selection(selectAfter.start, selectAfter.end);
        editor.revealRange(selectAfter, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    }
    return true;
  }

  async reject(quiet = false): Promise<boolean> {
    const p = this.pending;
    if (!p) {
      if (!quiet) void vscode.window.showInformationMessage('Frugal: there is no proposed change to reject.');
      return false;
    }
    this.logger.info(`Rejected: ${p.title}`);
    await this.clear(p);
    return true;
  }

  private async clear(p: Pending): Promise<void> {
    if (this.pending?.id === p.id) this.pending = undefined;
    await vscode.commands.executeCommand('setContext', 'frugal.changePending', this.pending !== undefined);
    const tabs = this.diffTabs(p);
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    this.docs.delete(p.right);
    if (!p.exists) this.docs.delete(p.left);
  }

  private diffTabs(p: Pending): vscode.Tab[] {
    const out: vscode.Tab[] = [];
    for (const g of vscode.window.tabGroups.all) {
      for (const t of g.tabs) {
        if (t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === p.right.toString())
          out.push(t);
      }
    }
    return out;
  }

  /** Closing the diff without deciding counts as rejecting. */
  private watchTabs(): void {
    const p = this.pending;
    if (!p) return;
    const open = this.diffTabs(p).length > 0;
    if (open) p.seenTab = true;
    else if (p.seenTab) void this.reject(true);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    void vscode.commands.executeCommand('setContext', 'frugal.changePending', false);
  }
}

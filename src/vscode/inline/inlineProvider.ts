// Ghost text: VS Code asks on (almost) every keystroke; the core engine decides what, if anything, to show.
import * as vscode from 'vscode';
import type { CompletionEngine } from '../../core/inline/completionEngine';
import { editorPrefixStartLine, EDITOR_SUFFIX_LINES } from '../../core/inline/completionPolicy';
import type { Logger } from '../../core/ports';

/** Documents worth completing in: files on disk (local or remote) and new files, not output panes or diffs. */
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-notebook-cell']);

export class FrugalInlineProvider implements vscode.InlineCompletionItemProvider {
  constructor(
    private readonly engine: CompletionEngine,
    private readonly logger: Logger,
  ) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    if (!SCHEMES.has(document.uri.scheme)) return undefined;
    // the suggest widget is open: its item, not ours, is what the user is looking at
    if (context.selectedCompletionInfo) return undefined;
    const editor = vscode.window.activeTextEditor;
    const hasSelection = editor?.document === document && editor.selections.some((s) => !s.isEmpty);
    const prefix = document.getText(
      new vscode.Range(editorPrefixStartLine(position.line), 0, position.line, position.character),
    );
    const lastLine = Math.min(document.lineCount - 1, position.line + EDITOR_SUFFIX_LINES);
    const suffix = document.getText(new vscode.Range(position, document.lineAt(lastLine).range.end));

    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    try {
      const s = await this.engine.provide(
        {
          prefix,
          suffix,
          languageId: document.languageId,
          filePath: document.uri.scheme === 'untitled' ? undefined : vscode.workspace.asRelativePath(document.uri),
          hasSelection,
          explicit: context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke,
        },
        ac.signal,
      );
      if (!s || token.isCancellationRequested) return undefined;
      const end = s.replaceSuffixChars ? position.translate(0, s.replaceSuffixChars) : position;
      return [new vscode.InlineCompletionItem(s.text, new vscode.Range(position, end))];
    } catch (e) {
      this.logger.warn(`Inline completion: ${(e as Error)?.message ?? e}`);
      return undefined;
    } finally {
      sub.dispose();
    }
  }
}

// Frugal: Generate Code Here. Asks what to write, streams the code into the editor at the cursor (or over the
// selection) as it arrives, fences and prose left out, re-indented to the spot. All of it is one undo step; Escape
// (frugal.cancelGeneration) stops it and keeps what has arrived.
import * as vscode from 'vscode';
import { extractCode, FenceStripper, indentation, reindent, Reindenter } from '../../core/edits/codeBlocks';
import { generateRequest } from '../../core/edits/editRequests';
import { costLabel, runWithProgress, type EditDeps } from './editDeps';

/**
 * Writes a growing text into one editor as a single undo step: the first edit opens the step, every later one
 * (coalesced while the previous is applied) joins it, and the last closes it.
 */
export class StreamInserter {
  private startOffset: number;
  private inserted = '';
  private queued = '';
  private chain: Promise<void> = Promise.resolve();
  private opened = false;
  private failed: Error | undefined;
  private ownEdit = false;
  private readonly sub: vscode.Disposable;

  /** @param range the selection to replace, or an empty range at the cursor */
  constructor(
    private readonly editor: vscode.TextEditor,
    private readonly range: vscode.Range,
  ) {
    this.startOffset = editor.document.offsetAt(range.start);
    // edits made elsewhere before the insertion point move it
    this.sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== editor.document || this.ownEdit) return;
      for (const c of e.contentChanges) {
        if (c.rangeOffset + c.rangeLength <= this.startOffset) this.startOffset += c.text.length - c.rangeLength;
        else if (c.rangeOffset < this.startOffset + this.inserted.length)
          this.failed ??= new Error('the generated code was edited while it streamed');
      }
    });
  }

  /** Text inserted so far. */
  get text(): string {
    return this.inserted;
  }

  get error(): Error | undefined {
    return this.failed;
  }

  append(text: string): void {
    if (!text || this.failed) return;
    this.queued += text;
    this.chain = this.chain.then(() => this.flushQueued());
  }

  /** Replaces everything inserted so far (a fallback model streams afresh; the final answer differs). */
  replaceAll(text: string, close = false): Promise<void> {
    this.queued = '';
    this.chain = this.chain.then(() => this.apply(text, true, close));
    return this.chain;
  }

  /** Waits for the queued text, then closes the undo step (so later typing is undone on its own). */
  finish(finalText?: string): Promise<void> {
    this.chain = this.chain.then(async () => {
      await this.flushQueued();
      if (!this.opened && !finalText) return;
      await this.apply(finalText ?? this.inserted, true, true);
    });
    return this.chain.finally(() => this.sub.dispose());
  }

  dispose(): void {
    this.sub.dispose();
  }

  private async flushQueued(): Promise<void> {
    if (!this.queued || this.failed) return;
    const text = this.queued;
    this.queued = '';
    await this.apply(this.inserted + text, false, false, text);
  }

  /**
   * Makes the inserted region read `text`. Appends (`appended`) are inserted at the end; anything else replaces the
   * region. The first edit replaces the original selection.
   */
  private async apply(text: string, replace: boolean, closeStep: boolean, appended?: string): Promise<void> {
    if (this.failed) return;
    const doc = this.editor.document;
    const start = doc.positionAt(this.startOffset);
    const end = doc.positionAt(this.startOffset + this.inserted.length);
    const first = !this.opened;
    this.ownEdit = true;
    try {
      const ok = await this.editor.edit(
        (b) => {
          if (first) b.replace(this.range.isEmpty ? new vscode.Range(start, start) : this.range, text);
          else if (!replace && appended !== undefined) b.insert(end, appended);
          else b.replace(new vscode.Range(start, end), text);
        },
        { undoStopBefore: first, undoStopAfter: closeStep },
      );
      if (!ok) throw new Error('the editor refused the edit');
      this.opened = true;
      this.inserted = text;
    } catch (e) {
      this.failed = e instanceof Error ? e : new Error(String(e));
    } finally {
      this.ownEdit = false;
    }
  }
}

/** Indentation the generated block should sit at: the line's, or the line above's (+1 level after an opener). */
function targetIndent(editor: vscode.TextEditor, at: vscode.Position, linePrefix: string): string {
  const doc = editor.document;
  const line = doc.lineAt(at.line).text;
  if (linePrefix.trim() !== '' || linePrefix.length > 0) return indentation(line);
  if (line.trim() !== '') return indentation(line);
  for (let l = at.line - 1; l >= 0; l--) {
    const text = doc.lineAt(l).text;
    if (!text.trim()) continue;
    const unit = editor.options.insertSpaces === false ? '\t' : ' '.repeat(Number(editor.options.tabSize) || 4);
    return indentation(text) + (/[{([:]\s*$/.test(text) ? unit : '');
  }
  return '';
}

export class GenerateHere implements vscode.Disposable {
  private running: AbortController | undefined;

  constructor(private readonly deps: EditDeps) {}

  cancel(): void {
    this.running?.abort();
  }

  async run(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Frugal: open a file and place the cursor where the code should go.');
      return;
    }
    if (this.running) {
      void vscode.window.showInformationMessage('Frugal: code is already being generated; press Escape to stop it.');
      return;
    }
    const instruction = await vscode.window.showInputBox({
      title: 'Frugal: Generate Code Here',
      prompt: editor.selection.isEmpty ? 'What should be written at the cursor?' : 'What should replace the selection?',
      placeHolder: 'e.g. a function that parses an ISO date and returns null when invalid',
      ignoreFocusOut: true,
    });
    if (!instruction?.trim()) return;

    const doc = editor.document;
    const sel = editor.selection;
    const range = new vscode.Range(sel.start, sel.end);
    const text = doc.getText();
    const req = generateRequest(
      {
        text,
        start: doc.offsetAt(sel.start),
        end: doc.offsetAt(sel.end),
        languageId: doc.languageId,
        filePath: doc.uri.scheme === 'untitled' ? undefined : vscode.workspace.asRelativePath(doc.uri),
      },
      instruction,
    );
    const linePrefix = doc.lineAt(sel.start.line).text.slice(0, sel.start.character);
    const indent = sel.isEmpty
      ? targetIndent(editor, sel.start, linePrefix)
      : indentation(doc.lineAt(sel.start.line).text);

    const controller = new AbortController();
    this.running = controller;
    await vscode.commands.executeCommand('setContext', 'frugal.generating', true);
    const inserter = new StreamInserter(editor, range);
    let fences = new FenceStripper();
    let indenter = new Reindenter(linePrefix, indent);
    try {
      const result = await runWithProgress(this.deps, 'Generate Code Here', req, {
        signal: controller.signal,
        onDelta: (d) => {
          if (controller.signal.aborted) return;
          inserter.append(indenter.push(fences.push(d)));
          if (inserter.error) controller.abort();
        },
        onRestart: () => {
          fences = new FenceStripper();
          indenter = new Reindenter(linePrefix, indent);
          void inserter.replaceAll('');
        },
      });
      if (!result || controller.signal.aborted) {
        await inserter.finish();
        if (inserter.error)
          void vscode.window.showWarningMessage(`Frugal: generation stopped: ${inserter.error.message}.`);
        else if (inserter.text)
          void vscode.window.setStatusBarMessage(
            'Frugal: generation stopped; one Undo removes what was inserted.',
            5000,
          );
        return;
      }
      inserter.append(indenter.push(fences.finish()) + indenter.finish());
      // the streamed text and the final answer agree unless the stream was unusual; the answer wins
      const finalText = reindent(extractCode(result.content), linePrefix, indent);
      await inserter.finish(finalText);
      if (inserter.error)
        void vscode.window.showWarningMessage(`Frugal: generation stopped: ${inserter.error.message}.`);
      else void vscode.window.setStatusBarMessage(`Frugal: generated with ${costLabel(result)}`, 8000);
    } finally {
      inserter.dispose();
      if (this.running === controller) this.running = undefined;
      await vscode.commands.executeCommand('setContext', 'frugal.generating', false);
    }
  }

  dispose(): void {
    this.cancel();
  }
}

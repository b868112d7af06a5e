// Refactor, Fix, Add Docs and Write Tests on the selection. The answer is shown as a diff against the current code
// and applied only when accepted. Fix sends the diagnostics under the selection; Write Tests writes into the test file
// the project's convention picks (creating it on accept when it is new).
import * as vscode from 'vscode';
import { extractCode } from '../../core/edits/codeBlocks';
import {
  fitReplacement,
  replaceRange,
  selectionEditRequest,
  testsRequest,
  type EditorSnapshot,
} from '../../core/edits/editRequests';
import { frameworkHint, planTestFile, type DirEntry } from '../../core/edits/testFiles';
import { diagnosticsIn } from '../editorRequest';
import { costLabel, runWithProgress, type EditDeps } from './editDeps';
import type { ProposalManager } from './proposals';

const FUNCTION_KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor]);

/**
 * What an edit command works on when nothing is selected: the lines with problems at the cursor (Fix), else the
 * innermost function around the cursor, else the cursor's line. Always whole lines.
 */
async function implicitRange(editor: vscode.TextEditor, preferDiagnostics: boolean): Promise<vscode.Range> {
  const doc = editor.document;
  const pos = editor.selection.active;
  if (preferDiagnostics) {
    const here = vscode.languages
      .getDiagnostics(doc.uri)
      .filter((d) => d.range.start.line <= pos.line && d.range.end.line >= pos.line);
    if (here.length) {
      const start = Math.min(...here.map((d) => d.range.start.line));
      const end = Math.max(...here.map((d) => d.range.end.line));
      return new vscode.Range(start, 0, end, doc.lineAt(end).text.length);
    }
  }
  try {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    let best: vscode.DocumentSymbol | undefined;
    const walk = (list: readonly vscode.DocumentSymbol[] | undefined) => {
      for (const s of list ?? []) {
        if (!('range' in s) || !s.range.contains(pos)) continue;
        if (FUNCTION_KINDS.has(s.kind)) best = s;
        walk(s.children);
      }
    };
    walk(symbols);
    if (best)
      return new vscode.Range(
        best.range.start.line,
        0,
        best.range.end.line,
        doc.lineAt(best.range.end.line).text.length,
      );
  } catch {
    /* no symbol provider */
  }
  return doc.lineAt(pos.line).range;
}

function snapshotOf(doc: vscode.TextDocument, range: vscode.Range): EditorSnapshot {
  return {
    text: doc.getText(),
    start: doc.offsetAt(range.start),
    end: doc.offsetAt(range.end),
    languageId: doc.languageId,
    filePath: doc.uri.scheme === 'untitled' ? undefined : vscode.workspace.asRelativePath(doc.uri),
  };
}

const LABEL = { refactor: 'Refactor', fix: 'Fix', document: 'Add Docs' } as const;

export class SelectionEdits {
  constructor(
    private readonly deps: EditDeps,
    private readonly proposals: ProposalManager,
  ) {}

  /** Refactor / Fix / Add Docs: the replacement for the selection, as a diff. */
  async edit(kind: 'refactor' | 'fix' | 'document'): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(
        `Frugal: open a file and select the code to ${kind === 'document' ? 'document' : kind}.`,
      );
      return;
    }
    let instruction: string | undefined;
    if (kind === 'refactor') {
      instruction = await vscode.window.showInputBox({
        title: 'Frugal: Refactor Selection',
        prompt: 'How should it be refactored? (optional)',
        placeHolder: 'e.g. extract the loop into a helper (Enter: a general clean-up)',
        ignoreFocusOut: true,
      });
      if (instruction === undefined) return;
    }
    const doc = editor.document;
    const range = editor.selection.isEmpty
      ? await implicitRange(editor, kind === 'fix')
      : new vscode.Range(editor.selection.start, editor.selection.end);
    const snapshot = snapshotOf(doc, range);
    const selected = doc.getText(range);
    if (!selected.trim()) {
      void vscode.window.showInformationMessage('Frugal: the selection is empty.');
      return;
    }
    const diagnostics = kind === 'fix' ? diagnosticsIn(doc.uri, range) : undefined;
    const version = doc.version;
    const req = selectionEditRequest(kind, snapshot, { instruction, diagnostics });
    // Fix says what it was given to fix, here and in the proposal, so a fix made without diagnostics is noticed
    const problems =
      kind === 'fix' && diagnostics?.length
        ? ` (${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'})`
        : '';
    const result = await runWithProgress(this.deps, `${LABEL[kind]}${problems || ' Selection'}`, req);
    if (!result) return;
    const code = extractCode(result.content);
    if (!code.trim()) {
      void vscode.window.showWarningMessage(`Frugal: the answer (${result.model}) had no code to apply.`);
      return;
    }
    const linePrefix = doc.lineAt(range.start.line).text.slice(0, range.start.character);
    const replacement = fitReplacement(code, selected, linePrefix);
    if (replacement === selected) {
      void vscode.window.showInformationMessage(`Frugal: no changes proposed (${costLabel(result)}).`);
      return;
    }
    const name = doc.uri.path.split('/').pop();
    await this.proposals.propose({
      title: `${LABEL[kind]}${problems}: ${name} (${costLabel(result)})`,
      target: doc.uri,
      exists: true,
      proposedText: replaceRange(snapshot.text, snapshot.start, snapshot.end, replacement),
      region: { start: snapshot.start, end: snapshot.end, original: selected, replacement, version },
    });
  }

  /** Write Tests: the test file, new or updated, as a diff. */
  async tests(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Frugal: open a file and select the code to test.');
      return;
    }
    const doc = editor.document;
    if (doc.uri.scheme === 'untitled') {
      void vscode.window.showInformationMessage(
        'Frugal: save the file first, so the tests know where to import it from.',
      );
      return;
    }
    const range = editor.selection.isEmpty
      ? await implicitRange(editor, false)
      : new vscode.Range(editor.selection.start, editor.selection.end);
    const snapshot = snapshotOf(doc, range);
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    const withPath = (path: string) => doc.uri.with({ path });
    const listDir = async (path: string): Promise<DirEntry[] | undefined> => {
      try {
        const entries = await vscode.workspace.fs.readDirectory(withPath(path));
        return entries.map(([name, type]) => ({ name, isDir: (type & vscode.FileType.Directory) !== 0 }));
      } catch {
        return undefined;
      }
    };
    const plan = await planTestFile(doc.uri.path, listDir, { root: folder?.uri.path });
    const testUri = withPath(plan.path);
    this.deps.logger.info(`Write Tests: ${vscode.workspace.asRelativePath(testUri)} (${plan.reason})`);
    let existing: string | undefined;
    if (plan.exists) existing = (await vscode.workspace.openTextDocument(testUri)).getText();
    let sampleHead: string | undefined;
    let sampleText = existing;
    if (!plan.exists && plan.sample) {
      try {
        sampleText = new TextDecoder().decode(await vscode.workspace.fs.readFile(withPath(plan.sample)));
        sampleHead = sampleText.split('\n').slice(0, 20).join('\n');
      } catch {
        /* unreadable sample: no style hint */
      }
    }
    const req = testsRequest({
      snapshot,
      testPath: vscode.workspace.asRelativePath(testUri),
      existingTests: existing,
      importPath: plan.importPath,
      framework: sampleText ? frameworkHint(sampleText) : undefined,
      sampleHead,
    });
    const result = await runWithProgress(this.deps, 'Write Tests', req);
    if (!result) return;
    let code = extractCode(result.content);
    if (!code.trim()) {
      void vscode.window.showWarningMessage(`Frugal: the answer (${result.model}) had no test code.`);
      return;
    }
    if (!code.endsWith('\n')) code += '\n';
    // an existing file: the model returns it whole; if it returned only new tests, keep the old ones above them
    if (existing !== undefined && existing.trim() && !code.includes(firstMeaningfulLine(existing)))
      code = `${existing.replace(/\s*$/, '\n\n')}${code}`;
    await this.proposals.propose({
      title: `Write Tests: ${vscode.workspace.asRelativePath(testUri)}${plan.exists ? '' : ' (new file)'} (${costLabel(result)})`,
      target: testUri,
      exists: plan.exists,
      proposedText: code,
      originalText: existing,
    });
  }
}

function firstMeaningfulLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 8) ?? text.trim()
  );
}

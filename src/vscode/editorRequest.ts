// Turns the active editor's state into the core's EditorRequest.
import * as vscode from 'vscode';
import type { DiagnosticInfo, EditorRequest, Task } from '../core/types';

/** Context sent around the selection is capped here; compression trims it further to the token budget. */
const MAX_SIDE_CHARS = 60_000;

const SEVERITY: Record<vscode.DiagnosticSeverity, DiagnosticInfo['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** Problems VS Code reports that touch the range (an empty range: its line). */
export function diagnosticsIn(uri: vscode.Uri, range: vscode.Range): DiagnosticInfo[] {
  return vscode.languages.getDiagnostics(uri)
    .filter((d) => d.range.intersection(range) !== undefined || (range.isEmpty && d.range.start.line === range.start.line))
    .map((d) => ({
      message: d.message,
      severity: SEVERITY[d.severity],
      line: d.range.start.line,
      source: d.source,
      code: typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
    }));
}

/**
 * The selection, or when nothing is selected: the whole file if it is short, else the lines around the cursor.
 */
export function requestFromEditor(editor: vscode.TextEditor, task: Task, instruction: string): EditorRequest {
  const doc = editor.document;
  let range: vscode.Range = editor.selection;
  if (editor.selection.isEmpty) {
    if (doc.lineCount <= 200) range = new vscode.Range(0, 0, doc.lineCount, 0);
    else {
      const line = editor.selection.active.line;
      range = new vscode.Range(Math.max(0, line - 30), 0, Math.min(doc.lineCount, line + 30), 0);
    }
  }
  range = doc.validateRange(range);
  const selection = doc.getText(range);
  const prefix = doc.getText(new vscode.Range(new vscode.Position(0, 0), range.start)).slice(-MAX_SIDE_CHARS);
  const suffix = doc.getText(new vscode.Range(range.end, doc.lineAt(doc.lineCount - 1).range.end)).slice(0, MAX_SIDE_CHARS);
  return {
    task,
    instruction,
    languageId: doc.languageId,
    selection,
    prefix,
    suffix,
    filePath: doc.uri.scheme === 'file' || doc.uri.scheme === 'vscode-remote' ? vscode.workspace.asRelativePath(doc.uri) : doc.uri.path,
    diagnostics: diagnosticsIn(doc.uri, range.isEmpty ? doc.lineAt(range.start.line).range : range),
  };
}

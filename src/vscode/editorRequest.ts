// Turns the active editor's state into the core's EditorRequest.
import * as vscode from 'vscode';
import { rebaseSymbols } from '../core/lang/symbols';
import type { DiagnosticInfo, EditorRequest, SymbolInfo, Task } from '../core/types';

/** Context sent around the selection is capped here; compression trims it further to the token budget. */
const MAX_SIDE_CHARS = 60_000;
/** How long a request waits for the language server's outline; without it, the lexer's outline is used. */
const SYMBOLS_TIMEOUT_MS = 300;

const SEVERITY: Record<vscode.DiagnosticSeverity, DiagnosticInfo['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** Problems VS Code reports that touch the range (an empty range: its line). */
export function diagnosticsIn(uri: vscode.Uri, range: vscode.Range): DiagnosticInfo[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter(
      (d) => d.range.intersection(range) !== undefined || (range.isEmpty && d.range.start.line === range.start.line),
    )
    .map((d) => ({
      message: d.message,
      severity: SEVERITY[d.severity],
      line: d.range.start.line,
      source: d.source,
      code: typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
    }));
}

/** The document's symbols as plain data, or undefined when no language server answers in time. */
export async function documentSymbols(
  uri: vscode.Uri,
  timeoutMs = SYMBOLS_TIMEOUT_MS,
): Promise<SymbolInfo[] | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    const found = await Promise.race([
      Promise.resolve(
        vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
          'vscode.executeDocumentSymbolProvider',
          uri,
        ),
      ),
      timeout,
    ]);
    if (!found?.length) return undefined;
    const convert = (s: vscode.DocumentSymbol | vscode.SymbolInformation): SymbolInfo => {
      const range = 'range' in s ? s.range : s.location.range;
      const children = 'children' in s && s.children.length ? s.children.map(convert) : undefined;
      return {
        name: s.name,
        kind: vscode.SymbolKind[s.kind] ?? 'Unknown',
        startLine: range.start.line,
        endLine: range.end.line,
        ...(children ? { children } : {}),
      };
    };
    return found.map(convert);
  } catch {
    return undefined; // no provider for this language, or it failed: the lexer outlines instead
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The selection, or when nothing is selected: the whole file if it is short, else the lines around the cursor.
 */
export async function requestFromEditor(
  editor: vscode.TextEditor,
  task: Task,
  instruction: string,
): Promise<EditorRequest> {
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
  const suffix = doc
    .getText(new vscode.Range(range.end, doc.lineAt(doc.lineCount - 1).range.end))
    .slice(0, MAX_SIDE_CHARS);
  // The request's text starts at the prefix's first character and ends at the suffix's last.
  const firstLine = doc.positionAt(doc.offsetAt(range.start) - prefix.length).line;
  const lastLine = doc.positionAt(doc.offsetAt(range.end) + suffix.length).line;
  const symbols = await documentSymbols(doc.uri);
  return {
    task,
    instruction,
    languageId: doc.languageId,
    selection,
    prefix,
    suffix,
    filePath:
      doc.uri.scheme === 'file' || doc.uri.scheme === 'vscode-remote'
        ? vscode.workspace.asRelativePath(doc.uri)
        : doc.uri.path,
    diagnostics: diagnosticsIn(doc.uri, range.isEmpty ? doc.lineAt(range.start.line).range : range),
    ...(symbols ? { symbols: rebaseSymbols(symbols, firstLine, lastLine) } : {}),
  };
}

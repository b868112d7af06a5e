// "Frugal: Export Cost Ledger" and the dashboard's export buttons: every ledger record to a CSV or JSON file the user
// picks in a save dialog.
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import { exportChunks, type ExportFormat } from '../../core/dashboard';
import type { LedgerRecord } from '../../core/types';
import type { Logger } from '../../core/ports';

export interface ExportDeps {
  /** every stored record, in batches (streamed: a long history exports to hundreds of MB) */
  ledger: { records(): AsyncIterable<readonly LedgerRecord[]> };
  logger: Logger;
}

export interface ExportArgs {
  format?: ExportFormat;
  /** Target file (skips the save dialog); for automation and tests. A string is a file system path. */
  uri?: vscode.Uri | string;
}

export interface ExportResult {
  uri: vscode.Uri;
  records: number;
  format: ExportFormat;
}

function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'CSV', description: 'one row per request attempt, for spreadsheets', format: 'csv' as const },
      { label: 'JSON', description: 'the records as stored, for scripts', format: 'json' as const },
    ],
    { title: 'Frugal: Export Cost Ledger', placeHolder: 'Export format' },
  );
  return pick?.format;
}

/** Asks where to save (unless told), writes the file, tells the user. Undefined when the user cancelled. */
export async function exportLedger(deps: ExportDeps, args: ExportArgs = {}): Promise<ExportResult | undefined> {
  const format = args.format ?? (await pickFormat());
  if (!format) return undefined;
  let uri: vscode.Uri | undefined = typeof args.uri === 'string' ? vscode.Uri.file(args.uri) : args.uri;
  if (!uri) {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `frugal-ledger-${today()}.${format}`;
    uri = await vscode.window.showSaveDialog({
      title: `Export Frugal's cost ledger as ${format.toUpperCase()}`,
      saveLabel: 'Export',
      defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined,
      filters: format === 'csv' ? { 'CSV files': ['csv'] } : { 'JSON files': ['json'] },
    });
    if (!uri) return undefined;
  }
  let count = 0;
  const chunks = exportChunks(deps.ledger.records(), format, (n) => {
    count = n;
  });
  try {
    if (uri.scheme === 'file') {
      // Streamed to disk piece by piece.
      const h = await fs.open(uri.fsPath, 'w');
      try {
        for await (const c of chunks) await h.write(c);
      } finally {
        await h.close();
      }
    } else {
      // Another file system (remote, virtual): gathered, then written through the editor.
      const parts: Buffer[] = [];
      for await (const c of chunks) parts.push(Buffer.from(c, 'utf8'));
      await vscode.workspace.fs.writeFile(uri, Buffer.concat(parts));
    }
  } catch (e: any) {
    const message = `Frugal: could not write ${uri.fsPath || uri.toString()}: ${e?.message ?? e}`;
    deps.logger.error(message);
    void vscode.window.showErrorMessage(message);
    throw e;
  }
  deps.logger.info(`Exported ${count} ledger record(s) as ${format.toUpperCase()} to ${uri.toString()}.`);
  if (!args.uri) {
    void vscode.window
      .showInformationMessage(
        `Frugal: exported ${count} record${count === 1 ? '' : 's'} to ${uri.fsPath || uri.toString()}.`,
        'Open',
      )
      .then((pick) => {
        if (pick) void vscode.window.showTextDocument(uri!);
      });
  }
  return { uri, records: count, format };
}

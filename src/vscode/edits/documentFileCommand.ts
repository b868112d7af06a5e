// Frugal: Document File. Every function without a doc comment gets one, from one batched request (items numbered,
// comments only coming back); items the answer missed get a request each. All comments land as one WorkspaceEdit,
// so one Undo takes them all back.
import * as vscode from 'vscode';
import {
  batchDocPrompt,
  docInsertions,
  findUndocumented,
  formatDocComment,
  parseBatchDocAnswer,
  type FunctionItem,
} from '../../core/edits/documentFile';
import { formatUsd, offPeakOffer } from '../../core/pricing';
import type { EditorRequest, SymbolInfo } from '../../core/types';
import { runWithProgress, type EditDeps } from './editDeps';

/** Items per request: the answer must fit the output limit (about 60 tokens a comment). */
const BATCH_SIZE = 40;

function toSymbolInfo(s: vscode.DocumentSymbol | vscode.SymbolInformation): SymbolInfo {
  if ('location' in s) {
    return {
      name: s.name,
      kind: vscode.SymbolKind[s.kind],
      startLine: s.location.range.start.line,
      endLine: s.location.range.end.line,
    };
  }
  return {
    name: s.name,
    kind: vscode.SymbolKind[s.kind],
    startLine: s.range.start.line,
    endLine: s.range.end.line,
    children: s.children?.map(toSymbolInfo),
  };
}

async function symbolsOf(uri: vscode.Uri): Promise<SymbolInfo[] | undefined> {
  try {
    const symbols = await vscode.commands.executeCommand<
      (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined
    >('vscode.executeDocumentSymbolProvider', uri);
    return symbols?.length ? symbols.map(toSymbolInfo) : undefined;
  } catch {
    return undefined;
  }
}

function renumber(items: readonly FunctionItem[]): FunctionItem[] {
  return items.map((it, i) => ({ ...it, n: i + 1 }));
}

/**
 * Where the preset bills a peak rate right now (DeepSeek), offers to run the batch now at that rate or later at the
 * off-peak one. 'now' also when there is nothing to offer; undefined when the user dismissed the question.
 */
async function offPeakChoice(
  deps: EditDeps,
  doc: vscode.TextDocument,
  items: readonly FunctionItem[],
  name: string,
): Promise<'now' | number | undefined> {
  const config = deps.getConfig?.();
  if (!config || !deps.pipeline.prepare || !deps.deferred) return 'now';
  const { instruction, selection } = batchDocPrompt(renumber(items.slice(0, BATCH_SIZE)), doc.languageId);
  let decision;
  try {
    decision = deps.pipeline.prepare({ task: 'document', instruction, languageId: doc.languageId, selection }).decision;
  } catch {
    return 'now';
  }
  const batches = Math.ceil(items.length / BATCH_SIZE);
  const offer = offPeakOffer(
    config,
    decision.model,
    { inputTokens: decision.estimatedInputTokens * batches, outputTokens: decision.estimatedOutputTokens * batches },
    Date.now(),
  );
  if (!offer) return 'now';
  const now = `Run now at the peak rate (${formatUsd(offer.nowUsd)})`;
  const later = `Run at ${offer.runAtLabel} at the off-peak rate (${formatUsd(offer.offPeakUsd)})`;
  const pick = await vscode.window.showInformationMessage(
    `Frugal: ${decision.model.id} is billed at its peak rate until ${offer.runAtLabel}. Document ${items.length} function${items.length === 1 ? '' : 's'} in ${name}:`,
    now,
    later,
  );
  if (pick === now) return 'now';
  if (pick === later) return offer.runAt;
  return undefined;
}

export async function documentFile(deps: EditDeps): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Frugal: open the file to document.');
    return;
  }
  await documentDocument(deps, editor.document, false);
}

async function documentDocument(deps: EditDeps, doc: vscode.TextDocument, offPeakRun: boolean): Promise<void> {
  const name = doc.uri.path.split('/').pop();
  const version = doc.version;
  const text = doc.getText();
  const symbols = await symbolsOf(doc.uri);
  const items = findUndocumented(text, doc.languageId, symbols);
  deps.logger.info(
    `Document File: ${items.length} undocumented function(s) in ${name} (${symbols ? 'editor symbols' : 'outline'})`,
  );
  if (!items.length) {
    void vscode.window.showInformationMessage(`Frugal: every function in ${name} already has a doc comment.`);
    return;
  }

  if (!offPeakRun) {
    const choice = await offPeakChoice(deps, doc, items, name ?? 'this file');
    if (choice === undefined) return;
    if (typeof choice === 'number') {
      const uri = doc.uri;
      deps.deferred!.at(choice, () => {
        void (async () => {
          try {
            await documentDocument(deps, await vscode.workspace.openTextDocument(uri), true);
          } catch (e) {
            deps.logger.warn(`Document File (off-peak) for ${name}: ${e instanceof Error ? e.message : String(e)}`);
          }
        })();
      });
      deps.logger.info(`Document File: ${name} deferred to ${new Date(choice).toISOString()} (off-peak rate)`);
      void vscode.window.showInformationMessage(
        `Frugal: Document File for ${name} will run at ${new Date(choice).toISOString().slice(11, 16)} UTC at the off-peak rate, while this window stays open.`,
      );
      return;
    }
  }

  const docs = new Map<number, string>();
  let cost = 0;
  let requests = 0;
  let model = '';
  const ask = async (batch: FunctionItem[], title: string): Promise<Map<number, string> | undefined> => {
    const local = renumber(batch);
    const { instruction, selection } = batchDocPrompt(local, doc.languageId);
    const req: EditorRequest = {
      task: 'document',
      instruction,
      languageId: doc.languageId,
      selection,
      filePath: doc.uri.scheme === 'untitled' ? undefined : vscode.workspace.asRelativePath(doc.uri),
    };
    const result = await runWithProgress(deps, title, req, { offPeakRun });
    if (!result) return undefined;
    requests++;
    cost += result.costUsd;
    model = result.model;
    const parsed = parseBatchDocAnswer(result.content, local.length);
    const out = new Map<number, string>();
    for (const it of local) {
      const raw = parsed.get(it.n);
      if (raw && formatDocComment(raw, doc.languageId, it.indent, it.name)) out.set(batch[it.n - 1].n, raw);
    }
    return out;
  };

  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    const batch = items.slice(i, i + BATCH_SIZE);
    const got = await ask(batch, `Document File: ${batch.length} function${batch.length === 1 ? '' : 's'} in ${name}`);
    if (!got) return; // cancelled or failed (already said)
    for (const [n, raw] of got) docs.set(n, raw);
  }
  // only what the batch answer missed is asked again, one function at a time
  const missed = items.filter((it) => !docs.has(it.n));
  if (missed.length)
    deps.logger.info(`Document File: the batch answer missed ${missed.length} item(s); asking for each`);
  for (const it of missed) {
    const got = await ask([it], `Document File: ${it.name}`);
    if (!got) break;
    for (const [n, raw] of got) docs.set(n, raw);
  }

  const insertions = docInsertions(items, docs, doc.languageId);
  if (!insertions.length) {
    void vscode.window.showWarningMessage(`Frugal: no usable doc comments came back (${model}).`);
    return;
  }
  if (doc.version !== version) {
    void vscode.window.showWarningMessage(
      `Frugal: ${name} changed while the comments were written; run Document File again.`,
    );
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const ins of insertions) edit.insert(doc.uri, new vscode.Position(ins.line, 0), ins.text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('Frugal: the comments could not be inserted.');
    return;
  }
  const left = items.length - insertions.length;
  void vscode.window.showInformationMessage(
    `Frugal: documented ${insertions.length} function${insertions.length === 1 ? '' : 's'} in ${name} with ${requests} request${requests === 1 ? '' : 's'} (${model}, ${formatUsd(cost)}).` +
      (left ? ` ${left} could not be documented.` : '') +
      ' One Undo removes them all.',
  );
}

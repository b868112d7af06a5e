// Registers the code-changing commands: Generate Code Here (and its cancel), Refactor, Fix, Add Docs, Write Tests,
// Document File, and Accept/Reject for the proposed change. Returns every disposable it creates.
import * as vscode from 'vscode';
import { documentFile } from './documentFileCommand';
import type { EditDeps } from './editDeps';
import { GenerateHere } from './generateHere';
import { ProposalManager } from './proposals';
import { SelectionEdits } from './selectionEdits';

export type { EditDeps } from './editDeps';

export function registerEditCommands(deps: EditDeps): vscode.Disposable[] {
  const proposals = new ProposalManager(deps.logger);
  const generate = new GenerateHere(deps);
  const edits = new SelectionEdits(deps, proposals);
  const guarded = (name: string, fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
    } catch (e) {
      deps.logger.error(`${name}: ${(e as Error)?.stack ?? e}`);
      void vscode.window.showErrorMessage(`Frugal: ${name} failed: ${(e as Error)?.message ?? e}`);
    }
  };
  const reg = vscode.commands.registerCommand;
  return [
    proposals,
    generate,
    reg(
      'frugal.generateHere',
      guarded('Generate Code Here', () => generate.run()),
    ),
    reg('frugal.cancelGeneration', () => generate.cancel()),
    reg(
      'frugal.refactorSelection',
      guarded('Refactor Selection', () => edits.edit('refactor')),
    ),
    reg(
      'frugal.fixSelection',
      guarded('Fix Selection', () => edits.edit('fix')),
    ),
    reg(
      'frugal.addDocs',
      guarded('Add Docs', () => edits.edit('document')),
    ),
    reg(
      'frugal.writeTests',
      guarded('Write Tests', () => edits.tests()),
    ),
    reg(
      'frugal.documentFile',
      guarded('Document File', () => documentFile(deps)),
    ),
    reg('frugal.acceptChange', () => proposals.accept()),
    reg('frugal.rejectChange', () => proposals.reject()),
  ];
}

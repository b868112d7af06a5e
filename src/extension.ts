// Composition root: activate() builds the window's FrugalContext (src/vscode/context.ts), which owns every object and
// registers every command; deactivate() closes it. Nothing else happens here.
import type * as vscode from 'vscode';
import { FrugalContext } from './vscode/context';

/** The window's owner, from activate() to deactivate() (VS Code calls deactivate() with nothing to hand it). */
let frugal: FrugalContext | undefined;

export async function activate(context: vscode.ExtensionContext) {
  frugal = await FrugalContext.create(context);
  return frugal.api();
}

/** Disposes everything and waits for the ledger's and the cache's last writes (VS Code waits, within limits). */
export async function deactivate(): Promise<void> {
  const owner = frugal;
  frugal = undefined;
  await owner?.close();
}

// Shared helpers for integration tests (mocha inside a real VS Code extension host).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LedgerRecord } from '../../src/core/types';

export const EXTENSION_ID = 'frugal-dev.frugal';

/** The repository root (this file is bundled into out/integration/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The API object `activate()` returns. Optional members may not exist in every build. */
export interface FrugalApi {
  ledger: { recent(): readonly LedgerRecord[] };
  statusBarText(): string;
  lastConfigErrors(): string[];
  secretsFileProbe?: unknown;
  [k: string]: unknown;
}

export async function frugalApi(): Promise<FrugalApi> {
  const ext = vscode.extensions.getExtension<FrugalApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this extension host`);
  const api = await ext.activate();
  if (!api) throw new Error(`${EXTENSION_ID} activate() returned no API object`);
  return api;
}

export function packageJson(): {
  contributes?: { commands?: { command: string; title: string }[]; configuration?: unknown };
  [k: string]: unknown;
} {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
}

/** Settings the launcher recorded for this run (paths of the user data dir, workspace, ...). */
export function runConfig(): { resultFile?: string; userDataDir?: string; workspaceDir?: string; launcher?: string } {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, 'run-config.json'), 'utf8'));
  } catch {
    return {};
  }
}

export function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('no workspace folder is open');
  return f.uri.fsPath;
}

/** Opens a file of the sample workspace in an editor. */
export async function openSample(name: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.file(path.join(workspaceDir(), name));
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Selects the first occurrence of `text` (or the whole document when omitted). */
export function select(editor: vscode.TextEditor, text?: string): vscode.Selection {
  const doc = editor.document;
  let sel: vscode.Selection;
  if (text === undefined) {
    sel = new vscode.Selection(new vscode.Position(0, 0), doc.lineAt(doc.lineCount - 1).range.end);
  } else {
    const at = doc.getText().indexOf(text);
    if (at < 0) throw new Error(`"${text}" not found in ${doc.fileName}`);
    sel = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + text.length));
  }
  editor.selection = sel;
  return sel;
}

/** Sets a frugal.* setting globally (user settings) and waits for it to be visible. */
export async function setSetting(
  key: string,
  value: unknown,
  target = vscode.ConfigurationTarget.Global,
): Promise<void> {
  await vscode.workspace.getConfiguration('frugal').update(key, value, target);
  await sleep(50);
}

export async function resetSetting(key: string, target = vscode.ConfigurationTarget.Global): Promise<void> {
  await vscode.workspace.getConfiguration('frugal').update(key, undefined, target);
  await sleep(50);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `fn` until it returns a truthy value, or throws with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => T | Promise<T>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await sleep(everyMs);
  }
}

/**
 * Replaces `vscode.window[name]` for the duration of `fn` (e.g. showInputBox, showQuickPick,
 * showInformationMessage), restoring it afterwards.
 */
export async function withStub<K extends keyof typeof vscode.window, R>(
  name: K,
  impl: (typeof vscode.window)[K],
  fn: () => Promise<R>,
): Promise<R> {
  const w = vscode.window as unknown as Record<string, unknown>;
  const original = w[name as string];
  w[name as string] = impl as unknown;
  try {
    return await fn();
  } finally {
    w[name as string] = original;
  }
}

/** All regular files under `dir` (missing dir: none). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Files under `dirs` whose bytes contain `needle`. */
export function filesContaining(dirs: string[], needle: string): string[] {
  const hits: string[] = [];
  const bytes = Buffer.from(needle);
  for (const d of dirs)
    for (const f of listFiles(d)) {
      try {
        if (fs.statSync(f).size > 50 * 1024 * 1024) continue;
        if (fs.readFileSync(f).includes(bytes)) hits.push(f);
      } catch {
        /* unreadable (socket, vanished): skip */
      }
    }
  return hits;
}

// Commands that send a request and show the answer: Explain Selection, Ask, Regenerate, and the routing controls
// (Choose Model for Next Request, Pin a Tier), plus Show What Will Be Sent.
import * as vscode from 'vscode';
import type { Pipeline, PipelineResult } from '../../core/pipeline';
import type { EditorRequest, Tier } from '../../core/types';
import { TIERS } from '../../core/types';
import type { FrugalConfig } from '../../core/config';
import { formatUsd } from '../../core/pricing';
import type { Logger } from '../../core/ports';
import type { ConversationController } from '../answer/conversationController';
import { requestFromEditor } from '../editorRequest';
import type { Session } from '../session';
import type { SendGuard } from '../guard';
import { signatureFor } from '../../core/router';
import type { CorrectionStore } from '../corrections';

export interface RequestDeps {
  pipeline: Pipeline;
  session: Session;
  guard: SendGuard;
  getConfig(): FrugalConfig;
  logger: Logger;
  conversations: ConversationController;
  /** the user's routing corrections ("This Was Overkill", "Regenerate with a Stronger Model") */
  corrections?: CorrectionStore;
}

const RANK: Record<Tier, number> = { cheap: 0, coder: 1, reasoner: 2 };

/**
 * Runs a request in the answer view, where it starts a conversation (follow-ups go on from there). `model` is the
 * model the user chose for the request being regenerated: asking again goes to the same model unless a new one was
 * chosen.
 */
export async function runWithAnswerView(
  deps: RequestDeps,
  req: EditorRequest,
  title: string,
  bypassCache = false,
  model?: string,
): Promise<PipelineResult | undefined> {
  const result = await deps.conversations.start(req, title, bypassCache, model);
  if (result) deps.session.lastDecision = { tier: result.tier, signature: signatureFor(req) };
  return result;
}

function activeEditorOrWarn(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) void vscode.window.showInformationMessage('Frugal: open a file and select some code first.');
  return editor;
}

/**
 * Show What Will Be Sent opens a read-only document under this scheme: a preview, not an Untitled file that asks to
 * be saved when closed. Each preview gets its own path, so an earlier one stays as it was.
 */
const PREVIEW_SCHEME = 'frugal-preview';

export function registerRequestCommands(deps: RequestDeps): vscode.Disposable[] {
  const previews = new Map<string, string>();
  let previewCount = 0;
  return [
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
      provideTextDocumentContent: (uri) => previews.get(uri.toString()) ?? '',
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === PREVIEW_SCHEME) previews.delete(d.uri.toString());
    }),
    vscode.commands.registerCommand('frugal.explainSelection', async () => {
      const editor = activeEditorOrWarn();
      if (!editor) return undefined;
      return runWithAnswerView(deps, await requestFromEditor(editor, 'explain', ''), 'Explain');
    }),
    vscode.commands.registerCommand('frugal.ask', async (question?: string) => {
      const editor = activeEditorOrWarn();
      if (!editor) return undefined;
      const q =
        typeof question === 'string'
          ? question
          : await vscode.window.showInputBox({
              title: 'Frugal: Ask',
              prompt: editor.selection.isEmpty ? 'Ask about this file' : 'Ask about the selection',
              placeHolder: 'e.g. Why could this deadlock under load?',
              ignoreFocusOut: true,
            });
      if (!q?.trim()) return undefined;
      const words = q.trim();
      // the title fits a tab; the answer view shows the whole question under it
      return runWithAnswerView(
        deps,
        await requestFromEditor(editor, 'ask', words),
        `Ask: ${words.length > 40 ? `${words.slice(0, 39)}…` : words}`,
      );
    }),
    vscode.commands.registerCommand('frugal.regenerate', async () => {
      const last = deps.session.lastRequest;
      if (!last) return void vscode.window.showInformationMessage('Frugal: nothing to regenerate yet.');
      // Regenerating with a model the user chose above the tier that answered is a correction: a stronger model next time.
      const chosen = deps.session.nextModel ? deps.getConfig().models[deps.session.nextModel]?.tier : undefined;
      const decided = deps.session.lastDecision;
      if (chosen && decided && RANK[chosen] > RANK[decided.tier])
        deps.corrections?.record(decided.signature, 'stronger');
      return runWithAnswerView(deps, last.req, last.title, true, last.model);
    }),
    vscode.commands.registerCommand('frugal.regenerateStronger', async () => {
      const last = deps.session.lastRequest;
      const decided = deps.session.lastDecision;
      if (!last || !decided) return void vscode.window.showInformationMessage('Frugal: nothing to regenerate yet.');
      if (decided.tier === 'reasoner') {
        return void vscode.window.showInformationMessage(
          'Frugal: the last answer already came from the strongest tier; use Choose Model for Next Request to pick another model.',
        );
      }
      const cfg = deps.getConfig();
      const next: Tier = decided.tier === 'cheap' ? 'coder' : 'reasoner';
      deps.corrections?.record(decided.signature, 'stronger');
      return runWithAnswerView(deps, last.req, last.title, true, cfg.tiers[next]);
    }),
    vscode.commands.registerCommand('frugal.markOverkill', async () => {
      const decided = deps.session.lastDecision;
      if (!decided) return void vscode.window.showInformationMessage('Frugal: no answer to mark yet.');
      if (decided.tier === 'cheap')
        return void vscode.window.showInformationMessage(
          'Frugal: the last answer already came from the cheapest tier.',
        );
      deps.corrections?.record(decided.signature, 'overkill');
      void vscode.window.showInformationMessage(
        `Frugal: noted. Requests like this will lean to a cheaper model (${deps.corrections?.count() ?? 0} correction(s) learned).`,
      );
    }),
    vscode.commands.registerCommand('frugal.resetCorrections', async (confirm?: boolean) => {
      const ok =
        confirm === true ||
        (await vscode.window.showWarningMessage(
          `Frugal: forget the ${deps.corrections?.count() ?? 0} routing correction(s) learned from "This Was Overkill" and "Regenerate with a Stronger Model"?`,
          { modal: true },
          'Reset',
        )) === 'Reset';
      if (!ok) return;
      deps.corrections?.reset();
      void vscode.window.showInformationMessage('Frugal: routing corrections reset.');
    }),
    vscode.commands.registerCommand('frugal.chooseModel', async () => {
      const cfg = deps.getConfig();
      const items: (vscode.QuickPickItem & { id?: string })[] = [
        { label: '$(sparkle) Let the router decide', id: undefined },
        ...Object.values(cfg.models).map((m) => ({
          label: m.id,
          description: `${m.tier ?? 'extra'} · $${m.inputPer1M}/M in · $${m.outputPer1M}/M out`,
          detail: m.provider !== 'default' ? `provider ${m.provider}` : undefined,
          id: m.id,
        })),
      ];
      const pick = await vscode.window.showQuickPick(items, {
        title: 'Frugal: model for the next request',
        placeHolder: deps.session.nextModel ?? 'router decides',
      });
      if (!pick) return;
      deps.session.setNextModel(pick.id);
      void vscode.window.showInformationMessage(
        pick.id ? `Frugal: the next request goes to ${pick.id}.` : 'Frugal: the router decides the next request.',
      );
    }),
    vscode.commands.registerCommand('frugal.pinTier', async (tier?: Tier | 'auto') => {
      const cfg = deps.getConfig();
      let chosen: Tier | 'auto' | undefined = tier;
      if (!chosen) {
        const items = [
          { label: 'auto', description: 'the router picks per request', tier: 'auto' as const },
          ...TIERS.map((t) => ({ label: t, description: cfg.tiers[t], tier: t })),
        ];
        const pick = await vscode.window.showQuickPick(items, { title: 'Frugal: pin a tier for this session' });
        chosen = pick?.tier;
      }
      if (!chosen) return;
      deps.session.pin(chosen === 'auto' ? undefined : chosen);
    }),
    vscode.commands.registerCommand('frugal.showWhatWillBeSent', async (taskArg?: string) => {
      const editor = activeEditorOrWarn();
      if (!editor) return undefined;
      const task = (taskArg as EditorRequest['task']) ?? 'explain';
      const req = await requestFromEditor(editor, task, '');
      const preview = deps.pipeline.preview(req, {
        pinnedTier: deps.session.pinnedTier,
        forcedModel: deps.session.nextModel,
      });
      const lines: string[] = [
        `# What Frugal will send for "${task}"`,
        '',
        `Routed to **${preview.decision.model.id}** (${preview.decision.tier}): ${preview.decision.reason}`,
        '',
        '## Tokens per compression tier',
        '',
        '| tier | tokens |',
        '| --- | ---: |',
        ...preview.prepared.tiers.map((t) => `| ${t.tier} | ${t.tokens} |`),
        '',
        '## Estimated cost on each tier',
        '',
        '| tier | model | estimated cost |',
        '| --- | --- | ---: |',
        ...preview.perTier.map((t) => `| ${t.tier} | ${t.model} | ${formatUsd(t.estimatedCostUsd)} |`),
        '',
        preview.prepared.secretsWithheld
          ? `**${preview.prepared.secretsWithheld} secret(s) withheld:** ${preview.prepared.secrets.map((s) => `${s.kind} ×${s.count}`).join(', ')}`
          : 'No secrets found.',
        preview.prepared.contextWithheldReason ? `\n${preview.prepared.contextWithheldReason}` : '',
        '',
        '## Messages, exactly',
        '',
        ...preview.messages.flatMap((m) => [`### ${m.role}`, '', '`````text', m.content, '`````', '']),
      ];
      const uri = vscode.Uri.from({
        scheme: PREVIEW_SCHEME,
        path: `/${++previewCount}/What Frugal will send (${task}).md`,
      });
      previews.set(uri.toString(), lines.join('\n'));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return preview;
    }),
  ];
}

// One owner of the answer view's conversations: starts one from Explain / Ask, asks follow-ups (condensing first when
// the history is over frugal.conversation.maxHistoryTokens), streams, cancels, regenerates a turn, copies, exports,
// clears, and reopens a workspace's earlier conversations. The decisions are core/conversation's; this file wires them
// to the editor.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import {
  askInConversation,
  beginConversation,
  conversationJson,
  conversationMarkdown,
  fill,
  startConversation,
  warmWith,
  type Conversation,
  type ConversationView,
  type FromAnswerView,
  type Turn,
  type TurnView,
} from '../../core/conversation';
import { renderMarkdown } from '../../core/markdown';
import { promptText, type ChatMessageText } from '../../core/prompts';
import { redactSecrets } from '../../core/privacy';
import { PipelineError, type Pipeline, type PipelineResult, type RunOptions } from '../../core/pipeline';
import { formatUsd } from '../../core/pricing';
import type { FrugalConfig } from '../../core/config';
import type { Logger } from '../../core/ports';
import type { EditorRequest } from '../../core/types';
import type { Session } from '../session';
import { runRequest } from '../requestRunner';
import type { SendGuard } from '../guard';
import { AnswerPanel } from './answerPanel';
import type { PanelSlot } from '../panelSlot';
import type { ConversationStore } from './conversationStore';

export interface ConversationDeps {
  pipeline: Pipeline;
  session: Session;
  guard: SendGuard;
  getConfig(): FrugalConfig;
  logger: Logger;
  extensionUri: vscode.Uri;
  store: ConversationStore;
  /** where the answer view lives while it is open (owned by the FrugalContext) */
  answerPanel: PanelSlot<AnswerPanel>;
}

function footerOf(t: Turn): string | undefined {
  if (t.outcome === undefined || t.costUsd === undefined) return undefined;
  const cached = t.outcome === 'cached';
  return [
    cached ? `From cache: ${formatUsd(0)} (saved ${formatUsd(t.savedUsd ?? 0)})` : `Cost ${formatUsd(t.costUsd)}`,
    cached ? '' : `saved ${formatUsd(t.savedUsd ?? 0)} vs baseline`,
    `${t.inputTokens ?? 0} tokens in${t.cachedInputTokens ? ` (${t.cachedInputTokens} from the provider's cache)` : ''}, ${t.outputTokens ?? 0} out`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function turnView(t: Turn, index: number, streaming = false, reasoning?: string, status?: string): TurnView {
  return {
    index,
    question: t.question,
    answerHtml: renderMarkdown(t.answer),
    reasoning: reasoning || undefined,
    model: t.model,
    tier: t.tier,
    reason: t.reason,
    footer: streaming ? undefined : footerOf(t),
    status: status ?? (t.notice || undefined),
    streaming,
  };
}

export class ConversationController implements vscode.Disposable {
  private current: Conversation | undefined;
  private abort: AbortController | undefined;

  constructor(private readonly deps: ConversationDeps) {}

  get conversation(): Conversation | undefined {
    return this.current;
  }

  private panel(): AnswerPanel {
    return AnswerPanel.show(
      this.deps.answerPanel,
      this.deps.extensionUri,
      this.deps.logger,
      (m) => void this.onMessage(m),
    );
  }

  private viewOf(c: Conversation): ConversationView {
    const s = c.summary;
    return {
      id: c.id,
      title: c.title,
      busy: !!this.abort,
      turns: c.turns.map((t, i) => turnView(t, i)),
      summary: s
        ? {
            turns: s.turns,
            text: s.text,
            footer: `condensed by ${s.model} for ${formatUsd(s.costUsd)}: ${s.tokensBefore} history tokens became ${s.tokensAfter}, saved on every later turn`,
          }
        : undefined,
    };
  }

  /** Explain / Ask: a first request, which starts a conversation. */
  async start(
    req: EditorRequest,
    title: string,
    bypassCache = false,
    model?: string,
  ): Promise<PipelineResult | undefined> {
    if (!(await this.deps.guard.allow(this.deps.getConfig()))) return undefined;
    this.cancel();
    const forcedModel = this.deps.session.takeNextModel() ?? model;
    this.deps.session.remember(req, title, forcedModel);
    const panel = this.panel();
    return this.withProgress(title, async (run) => {
      const r = await beginConversation(
        this.deps.pipeline,
        req,
        { id: randomUUID(), title },
        {
          ...run,
          forcedModel,
          pinnedTier: this.deps.session.pinnedTier,
          bypassCache,
          onStart: (c) => {
            this.current = c;
            c.turns[0].question = req.task === 'ask' ? req.instruction : '';
            panel.show(this.viewOf(c));
            run.attach(c.turns[0], 0);
          },
        },
      );
      this.current = r.conversation;
      await this.deps.store.save(r.conversation);
      return { result: r.result, error: r.error, turn: r.conversation.turns[0], index: 0 };
    });
  }

  /**
   * Keeps an answer given elsewhere (the edit commands' proposals and their explanations) as a conversation, so
   * "Ask a Follow-up" and "Open Conversation" can go on from it. Nothing is sent.
   */
  adopt(req: EditorRequest, title: string, result: PipelineResult, messages: ChatMessageText[]): Conversation {
    const now = Date.now();
    // the selection is kept for routing later turns; kept and exported, so without its secrets, like what was sent
    const c = startConversation({
      id: randomUUID(),
      title,
      req,
      messages,
      selection: redactSecrets(req.selection).text,
      instruction: redactSecrets(req.instruction).text,
      at: now,
    });
    fill(c.turns[0], result);
    if (!result.cached) warmWith(c, result.model, promptText(messages), now);
    if (!this.abort) this.current = c;
    void this.deps.store.save(c);
    return c;
  }

  /** A follow-up question in the open conversation. */
  async ask(text: string, index?: number): Promise<PipelineResult | undefined> {
    const c = this.current;
    if (!c) {
      void vscode.window.showInformationMessage(
        'Frugal: ask something first (Explain Selection or Ask), then follow up here.',
      );
      return undefined;
    }
    if (this.abort) return undefined;
    if (!(await this.deps.guard.allow(this.deps.getConfig()))) return undefined;
    const panel = this.panel();
    const forcedModel = this.deps.session.takeNextModel();
    return this.withProgress(index === undefined ? 'Follow-up' : 'Regenerate', async (run) => {
      const r = await askInConversation(this.deps.pipeline, c, text, {
        ...run,
        forcedModel,
        pinnedTier: this.deps.session.pinnedTier,
        bypassCache: index !== undefined,
        index,
        maxHistoryTokens: this.deps.getConfig().conversation.maxHistoryTokens,
        onCondensed: (s, error) => {
          if (s) panel.show(this.viewOf(c));
          if (error) this.deps.logger.warn(`Conversation: condensing failed, the whole history is sent: ${error}`);
        },
        onTurn: (turn, i) => {
          panel.show(this.viewOf(c));
          run.attach(turn, i);
        },
      });
      await this.deps.store.save(c);
      return r;
    });
  }

  /**
   * Runs one turn through the one request runner (src/vscode/requestRunner.ts: the cancellable notification and what
   * the user is told), cancellable from the view too (Cancel, Escape), streaming into the turn.
   */
  private async withProgress(
    title: string,
    body: (
      run: Pick<RunOptions, 'signal' | 'onDelta' | 'onReasoning' | 'onRoute' | 'onEscalate'> & {
        attach(t: Turn, i: number): void;
      },
    ) => Promise<{ result?: PipelineResult; error?: PipelineError; turn: Turn; index: number }>,
  ): Promise<PipelineResult | undefined> {
    const ac = new AbortController();
    this.abort = ac;
    const panel = this.panel();
    let turn: Turn | undefined;
    let index = 0;
    let text = '';
    let reasoning = '';
    let status: string | undefined;
    const update = () => {
      if (turn) panel.turn(turnView({ ...turn, answer: text }, index, true, reasoning, status), text, true);
    };
    try {
      return await runRequest(
        this.deps.logger,
        title,
        async (run) => {
          const r = await body({
            ...run,
            attach: (t, i) => {
              turn = t;
              index = i;
              text = '';
              reasoning = '';
              status = 'Working…';
              update();
            },
            onDelta: (t) => {
              text += t;
              update();
            },
            onReasoning: (t) => {
              reasoning += t;
              update();
            },
          });
          this.abort = undefined;
          panel.turn(turnView(r.turn, r.index, false, r.result?.reasoning ?? reasoning), r.turn.answer, false);
          if (r.error) throw r.error;
          const result = r.result!;
          this.deps.logger.info(
            `${result.tier}: ${result.model} ${result.cached ? 'cache hit' : formatUsd(result.costUsd)} — ${result.reason}`,
          );
          return result;
        },
        {
          signal: ac.signal,
          onRoute: (d) => {
            if (turn) Object.assign(turn, { model: d.model, tier: d.tier, reason: d.reason });
            status = undefined;
            update();
          },
          onEscalate: (d) => {
            text = '';
            reasoning = '';
            status = `${d.from}: ${d.problem}; now asking ${d.to}…`;
            update();
          },
        },
      );
    } finally {
      if (this.abort === ac) this.abort = undefined;
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  private async onMessage(m: FromAnswerView): Promise<void> {
    const c = this.current;
    switch (m.type) {
      case 'ask':
        await this.ask(m.text);
        break;
      case 'cancel':
        this.cancel();
        break;
      case 'regenerate': {
        const t = c?.turns[m.index];
        if (!t || this.abort) break;
        await this.ask(t.question, m.index);
        break;
      }
      case 'copy': {
        const t = c?.turns[m.index];
        if (t) await vscode.env.clipboard.writeText(t.answer);
        this.deps.answerPanel.current?.notice('Copied.');
        break;
      }
      case 'export':
        if (c) await this.export(c, m.format);
        break;
      case 'clear':
        if (c) await this.clear(c);
        break;
      case 'list':
        await this.openList();
        break;
      case 'dashboard':
        await vscode.commands.executeCommand('frugal.openDashboard');
        break;
      default:
        break;
    }
  }

  async export(c: Conversation, format: 'markdown' | 'json', uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const ext = format === 'markdown' ? 'md' : 'json';
    const target =
      uri ??
      (await vscode.window.showSaveDialog({
        title: 'Frugal: export conversation',
        defaultUri: vscode.Uri.joinPath(
          vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()),
          `frugal-conversation-${c.id.slice(0, 8)}.${ext}`,
        ),
        filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
      }));
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(
      target,
      Buffer.from(format === 'markdown' ? conversationMarkdown(c) : conversationJson(c), 'utf8'),
    );
    this.deps.answerPanel.current?.notice(`Exported to ${target.fsPath || target.toString()}.`);
    return target;
  }

  async clear(c: Conversation): Promise<void> {
    await this.deps.store.remove(c.id);
    if (this.current?.id === c.id) this.current = undefined;
    this.closeView();
  }

  /** Closes the answer view, if it is open. */
  closeView(): void {
    this.deps.answerPanel.current?.dispose();
  }

  /** Frugal: Open Conversation: this workspace's conversations, newest first. */
  async openList(id?: string): Promise<Conversation | undefined> {
    const all = this.deps.store.all();
    if (!all.length) {
      void vscode.window.showInformationMessage('Frugal: no conversations in this workspace yet.');
      return undefined;
    }
    let chosen = id ? this.deps.store.get(id) : undefined;
    if (!chosen) {
      const pick = await vscode.window.showQuickPick(
        all.map((c) => ({
          label: c.title,
          description: `${c.turns.length} turn${c.turns.length === 1 ? '' : 's'} · ${c.filePath ?? c.languageId}`,
          detail: new Date(c.updatedAt).toLocaleString(),
          id: c.id,
        })),
        { title: 'Frugal: open a conversation', placeHolder: 'Conversations in this workspace, newest first' },
      );
      chosen = pick ? this.deps.store.get(pick.id) : undefined;
    }
    if (!chosen) return undefined;
    this.cancel();
    this.current = chosen;
    this.panel().show(this.viewOf(chosen));
    return chosen;
  }

  dispose(): void {
    this.cancel();
  }
}

export function registerConversationCommands(
  controller: ConversationController,
  store: ConversationStore,
): vscode.Disposable[] {
  return [
    controller,
    vscode.commands.registerCommand('frugal.openConversation', (id?: string) =>
      controller.openList(typeof id === 'string' ? id : undefined),
    ),
    vscode.commands.registerCommand('frugal.followUp', async (question?: string) => {
      const q =
        typeof question === 'string'
          ? question
          : await vscode.window.showInputBox({
              title: 'Frugal: follow-up',
              prompt: 'Ask a follow-up in the open conversation',
              ignoreFocusOut: true,
            });
      return q?.trim() ? controller.ask(q.trim()) : undefined;
    }),
    vscode.commands.registerCommand(
      'frugal.exportConversation',
      async (args?: { format?: 'markdown' | 'json'; uri?: vscode.Uri | string }) => {
        const c = controller.conversation;
        if (!c) return void vscode.window.showInformationMessage('Frugal: no conversation is open.');
        const format =
          args?.format ??
          ((await vscode.window.showQuickPick(['markdown', 'json'], { title: 'Frugal: export as' })) as
            'markdown' | 'json' | undefined);
        if (!format) return undefined;
        const uri = typeof args?.uri === 'string' ? vscode.Uri.file(args.uri) : args?.uri;
        return controller.export(c, format, uri);
      },
    ),
    vscode.commands.registerCommand('frugal.clearConversations', async (confirm?: boolean) => {
      if (confirm !== true) {
        const ok = await vscode.window.showWarningMessage(
          `Frugal: delete all ${store.all().length} conversation(s) of this workspace?`,
          { modal: true },
          'Delete',
        );
        if (ok !== 'Delete') return;
      }
      await store.clear();
      controller.closeView();
    }),
  ];
}

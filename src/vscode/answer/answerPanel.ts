// The answer view: a webview that shows a streamed answer rendered from Markdown by core/markdown (escaped, no
// remote loads, no command links), with the model, tier, reason and cost of the request above it.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { escapeHtml, renderMarkdownIncremental, EMPTY_MARKDOWN_STATE, type IncrementalState } from '../../core/markdown';
import { formatUsd } from '../../core/pricing';
import type { PipelineResult } from '../../core/pipeline';

export interface AnswerHeader {
  title: string;
  /** the user's own words (Ask), shown whole: the title is cut to fit a tab */
  question?: string;
  model?: string;
  tier?: string;
  reason?: string;
  estimatedCostUsd?: number;
}

type Inbound = { type: 'regenerate' } | { type: 'copy' } | { type: 'dashboard' };

export class AnswerPanel implements vscode.Disposable {
  private static current: AnswerPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private text = '';
  /** settled blocks of the streaming answer, rendered once (core/markdown) */
  private rendered: IncrementalState = EMPTY_MARKDOWN_STATE;
  private reasoning = '';
  private header: AnswerHeader = { title: 'Frugal' };
  private footer = '';
  private status = '';
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  static show(onRegenerate: () => void): AnswerPanel {
    if (AnswerPanel.current) {
      AnswerPanel.current.onRegenerate = onRegenerate;
      AnswerPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
      return AnswerPanel.current;
    }
    AnswerPanel.current = new AnswerPanel(onRegenerate);
    return AnswerPanel.current;
  }

  /** The text currently shown (for tests). */
  static shownText(): string | undefined {
    return AnswerPanel.current?.text;
  }

  private constructor(private onRegenerate: () => void) {
    this.panel = vscode.window.createWebviewPanel('frugal.answer', 'Frugal', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [],
      enableCommandUris: false,
    });
    this.panel.webview.html = this.shell();
    this.panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    this.panel.webview.onDidReceiveMessage((m: Inbound | { type: 'ready' }) => {
      if (m.type === 'ready') { this.ready = true; this.flush(); }
      else if (m.type === 'regenerate') this.onRegenerate();
      else if (m.type === 'copy') void vscode.env.clipboard.writeText(this.text);
      else if (m.type === 'dashboard') void vscode.commands.executeCommand('frugal.openDashboard');
    }, undefined, this.disposables);
  }

  begin(header: AnswerHeader): void {
    this.header = header;
    this.text = '';
    this.reasoning = '';
    this.footer = '';
    this.status = 'Working…';
    this.panel.title = header.title;
    this.schedule();
  }

  route(header: Partial<AnswerHeader>): void {
    this.header = { ...this.header, ...header };
    this.schedule();
  }

  /** The next tier answers afresh: the failed attempt's partial text goes. */
  restart(status: string): void {
    this.text = '';
    this.reasoning = '';
    this.status = status;
    this.schedule(true);
  }

  append(delta: string): void {
    this.text += delta;
    this.schedule();
  }

  appendReasoning(delta: string): void {
    this.reasoning += delta;
    this.schedule();
  }

  finish(result: PipelineResult): void {
    this.text = result.content;
    this.reasoning = result.reasoning;
    // the footer has the real cost now; an estimate beside it (often several times off) only confuses
    this.header = { ...this.header, model: result.model, tier: result.tier, reason: result.reason, estimatedCostUsd: undefined };
    const parts = [
      result.cached ? `From cache: ${formatUsd(0)} (saved ${formatUsd(result.savedUsd)})` : `Cost ${formatUsd(result.costUsd)}${result.estimated ? ' (estimated: the provider sent no usage)' : ''}`,
      result.cached ? '' : `saved ${formatUsd(result.savedUsd)} vs baseline`,
      `${result.inputTokens} tokens in, ${result.outputTokens} out`,
      result.tokensSaved > 0 ? `${result.tokensSaved} tokens saved by compression` : '',
      result.secretsWithheld > 0 ? `${result.secretsWithheld} secret${result.secretsWithheld === 1 ? ' was' : 's were'} withheld` : '',
      result.attempts > 1 ? `${result.attempts} attempts` : '',
    ].filter(Boolean);
    this.footer = parts.join(' · ');
    this.status = result.notice ?? '';
    this.schedule(true);
  }

  fail(message: string, partial?: PipelineResult): void {
    if (partial) this.text = partial.content;
    this.status = message;
    this.schedule(true);
  }

  private schedule(now = false): void {
    if (now) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => { this.timer = undefined; this.flush(); }, 60);
  }

  private flush(): void {
    if (!this.ready) return;
    const h = this.header;
    const { html: answerHtml, state } = renderMarkdownIncremental(this.text, this.rendered);
    this.rendered = state;
    const meta = [h.model && `<span class="badge">${escapeHtml(h.model)}</span>`, h.tier && `<span class="badge tier-${escapeHtml(h.tier)}">${escapeHtml(h.tier)}</span>`,
      h.estimatedCostUsd !== undefined ? `<span>est. ${escapeHtml(formatUsd(h.estimatedCostUsd))}</span>` : ''].filter(Boolean).join(' ');
    const html = `
      <header><h1>${escapeHtml(h.title)}</h1>${h.question ? `<blockquote class="question">${escapeHtml(h.question)}</blockquote>` : ''}<div class="meta">${meta}</div>
      ${h.reason ? `<div class="reason" title="Why this model">${escapeHtml(h.reason)}</div>` : ''}</header>
      ${this.status ? `<div class="status" role="status">${escapeHtml(this.status)}</div>` : ''}
      ${this.reasoning ? `<details><summary>Reasoning (${this.reasoning.length} chars)</summary><pre>${escapeHtml(this.reasoning)}</pre></details>` : ''}
      <article id="answer">${answerHtml}</article>
      ${this.footer ? `<footer>${escapeHtml(this.footer)}</footer>` : ''}`;
    void this.panel.webview.postMessage({ type: 'render', html });
  }

  private shell(): string {
    const nonce = randomBytes(16).toString('base64');
    const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'none'; font-src 'none'; connect-src 'none'`;
    return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; line-height: 1.5; }
header { border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 8px; margin-bottom: 8px; }
h1 { font-size: 1.2em; margin: 12px 0 4px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); font-size: 0.9em; }
.question { margin: 4px 0 8px; padding: 2px 8px; border-left: 3px solid var(--vscode-textBlockQuote-border); background: var(--vscode-textBlockQuote-background); white-space: pre-wrap; }
.reason { opacity: 0.85; font-size: 0.92em; margin-top: 4px; }
.status { padding: 6px 8px; margin: 8px 0; border-left: 3px solid var(--vscode-notificationsInfoIcon-foreground, #3794ff); background: var(--vscode-textBlockQuote-background); }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow-x: auto; border-radius: 4px; }
code { font-family: var(--vscode-editor-font-family); }
.url { opacity: 0.8; }
blockquote { margin: 4px 0; padding: 2px 10px; border-left: 3px solid var(--vscode-textBlockQuote-border); background: var(--vscode-textBlockQuote-background); }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid var(--vscode-panel-border); padding: 2px 8px; }
.align-right { text-align: right; } .align-center { text-align: center; }
.notice { opacity: 0.85; font-style: italic; }
pre.plain { white-space: pre-wrap; }
footer { margin-top: 12px; padding-top: 8px; border-top: 1px solid var(--vscode-panel-border); font-size: 0.9em; opacity: 0.85; }
.actions { margin: 8px 0; display: flex; gap: 8px; flex-wrap: wrap; }
button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 4px 10px; cursor: pointer; border-radius: 2px; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
</style></head><body>
<div id="content" aria-live="polite"></div>
<div class="actions"><button id="regenerate" title="Ask again, bypassing the cache">Regenerate</button><button id="copy">Copy answer</button><button id="dashboard">Cost dashboard</button></div>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const content = document.getElementById('content');
window.addEventListener('message', (e) => { if (e.data && e.data.type === 'render') content.innerHTML = e.data.html; });
for (const id of ['regenerate', 'copy', 'dashboard']) document.getElementById(id).addEventListener('click', () => vscode.postMessage({ type: id }));
vscode.postMessage({ type: 'ready' });
</script></body></html>`;
  }

  dispose(): void {
    if (AnswerPanel.current === this) AnswerPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

// What the edit commands need from the rest of Frugal, and running one request with a cancellable progress
// notification that names the routed model and its estimated cost.
import * as vscode from 'vscode';
import { requestSecretFields, restoreSecrets } from '../../core/privacy';
import type { FrugalConfig } from '../../core/config';
import { PipelineError, type Pipeline, type PipelineResult, type RunOptions } from '../../core/pipeline';
import type { Logger } from '../../core/ports';
import { formatUsd } from '../../core/pricing';
import type { EditorRequest, Tier } from '../../core/types';

export interface EditDeps {
  pipeline: Pick<Pipeline, 'run'>;
  logger: Logger;
  /** session routing choices (Choose Model for Next Request, Pin a Tier); optional */
  session?: { pinnedTier?: Tier; takeNextModel(): string | undefined };
  /** asks before sending from an untrusted workspace or over plain http; optional */
  guard?: { allow(config: FrugalConfig): Promise<boolean> };
  getConfig?(): FrugalConfig;
}

export interface RunHooks {
  /** an outer cancellation (Escape during Generate Code Here) */
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  /** the answer so far was abandoned and the next tier is streaming afresh */
  onRestart?: () => void;
  /** shown under the title before routing */
  preparing?: string;
}

export function describeError(e: unknown): string {
  if (e instanceof PipelineError) return e.userMessage;
  return e instanceof Error ? e.message : String(e);
}

export function isCancelled(e: unknown): boolean {
  return (e instanceof PipelineError && e.kind === 'cancelled') || (e instanceof Error && e.name === 'AbortError');
}

/** The result, undefined when cancelled; an error message is shown here. */
export async function runWithProgress(deps: EditDeps, title: string, req: EditorRequest, hooks: RunHooks = {}): Promise<PipelineResult | undefined> {
  if (deps.guard && deps.getConfig && !(await deps.guard.allow(deps.getConfig()))) return undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Frugal: ${title}`, cancellable: true },
    async (progress, token) => {
      const ac = new AbortController();
      const subs = [token.onCancellationRequested(() => ac.abort())];
      const onOuter = () => ac.abort();
      hooks.signal?.addEventListener('abort', onOuter, { once: true });
      if (hooks.signal?.aborted) ac.abort();
      progress.report({ message: hooks.preparing ?? 'preparing context…' });
      const opts: RunOptions = {
        signal: ac.signal,
        forcedModel: deps.session?.takeNextModel(),
        pinnedTier: deps.session?.pinnedTier,
        onRoute: (d) => {
          progress.report({ message: `${d.model} (${d.tier}) · est. ${formatUsd(d.estimatedCostUsd)}${d.waitSeconds ? ` · gives up after ${d.waitSeconds} s` : ''}` });
          deps.logger.info(`${req.task}: routed to ${d.model} — ${d.reason}`);
          if (d.budgetMessage) void vscode.window.showWarningMessage(`Frugal: ${d.budgetMessage}`);
        },
        onEscalate: (d) => {
          progress.report({ message: `${d.problem}; trying ${d.to}…` });
          hooks.onRestart?.();
        },
        onDelta: hooks.onDelta,
      };
      try {
        const sent = await deps.pipeline.run(req, opts);
        // Secrets were withheld from the provider; the code applied to the user's own file gets them back.
        const result = sent.secretsWithheld
          ? { ...sent, content: restoreSecrets(requestSecretFields(req), sent.content) }
          : sent;
        deps.logger.info(`${req.task}: ${result.model} ${result.cached ? 'cache hit' : formatUsd(result.costUsd)}${result.notice ? ` — ${result.notice}` : ''}`);
        if (result.outcome === 'partial' && result.notice) void vscode.window.showWarningMessage(`Frugal: ${result.notice}`);
        return result;
      } catch (e) {
        if (isCancelled(e) || ac.signal.aborted) return undefined;
        const message = describeError(e);
        deps.logger.warn(`${title} failed: ${message}`);
        void vscode.window.showErrorMessage(`Frugal: ${title} failed: ${message}`);
        return undefined;
      } finally {
        hooks.signal?.removeEventListener('abort', onOuter);
        for (const s of subs) s.dispose();
      }
    },
  );
}

/** "deepseek-coder, $0.0012" or "cache hit, $0". */
export function costLabel(r: PipelineResult): string {
  return r.cached ? `${r.model}, cache hit $0` : `${r.model}, ${formatUsd(r.costUsd)}`;
}

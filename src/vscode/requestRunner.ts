// The one way an editor command runs a request: a cancellable notification naming the routed model and its
// estimate, cancellation from the notification or from the caller (Escape, the view's Cancel), and one policy for
// what the user is told: nothing on cancel, a warning for a partial answer, an error naming the problem, with
// "Set API Key" when the provider refused the key (by the error's kind, not its wording).
import * as vscode from 'vscode';
import { PipelineError, type PipelineResult, type RunOptions } from '../core/pipeline';
import type { Logger } from '../core/ports';
import { formatUsd } from '../core/pricing';

type RouteInfo = Parameters<NonNullable<RunOptions['onRoute']>>[0];
type EscalateInfo = Parameters<NonNullable<RunOptions['onEscalate']>>[0];

/** The notification's line once the request is routed. */
export function routeProgress(d: RouteInfo): string {
  return `${d.model} (${d.tier}) · est. ${formatUsd(d.estimatedCostUsd)}${d.waitSeconds ? ` · gives up after ${d.waitSeconds} s` : ''}`;
}

/** The notification's line when the cascade moves on. */
export function escalateProgress(d: EscalateInfo): string {
  return `${d.problem}; trying ${d.to}…`;
}

export function isCancelled(e: unknown, signal?: AbortSignal): boolean {
  return (
    (e instanceof PipelineError && e.kind === 'cancelled') ||
    (e instanceof Error && e.name === 'AbortError') ||
    !!signal?.aborted
  );
}

export function describeError(e: unknown): string {
  if (e instanceof PipelineError) return e.userMessage;
  return e instanceof Error ? e.message : String(e);
}

/** Tells the user about a result that is only partly usable. */
export function reportResult(result: PipelineResult): void {
  if (result.outcome === 'partial' && result.notice) void vscode.window.showWarningMessage(`Frugal: ${result.notice}`);
}

/**
 * Tells the user a request failed (not when it was cancelled), and offers Set API Key on an authentication error.
 * Does not wait for the user to dismiss the message: the command has finished.
 */
export function reportFailure(logger: Logger, title: string, e: unknown, signal?: AbortSignal): void {
  if (isCancelled(e, signal)) return;
  const message = describeError(e);
  logger.warn(`${title} failed: ${message}`);
  const auth = e instanceof PipelineError && e.providerKind === 'auth';
  void Promise.resolve(
    vscode.window.showErrorMessage(`Frugal: ${title} failed: ${message}`, ...(auth ? ['Set API Key'] : [])),
  ).then((pick) => {
    if (pick === 'Set API Key') void vscode.commands.executeCommand('frugal.setApiKey');
  });
}

export interface RunnerOptions {
  /** an outer cancellation (Escape during Generate Code Here, the view's Cancel) */
  signal?: AbortSignal;
  /** shown under the title before routing */
  preparing?: string;
  onRoute?: RunOptions['onRoute'];
  onEscalate?: RunOptions['onEscalate'];
}

/**
 * Runs `run` under a cancellable notification. Resolves to the result, or undefined when the request was cancelled
 * or failed (the user has been told); `onError` sees the error first (an answer view shows it in place).
 */
export async function runRequest<T extends PipelineResult>(
  logger: Logger,
  title: string,
  run: (opts: Pick<RunOptions, 'signal' | 'onRoute' | 'onEscalate'>) => Promise<T>,
  options: RunnerOptions & { onError?: (e: unknown) => void } = {},
): Promise<T | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Frugal: ${title}`, cancellable: true },
    async (progress, token) => {
      const ac = new AbortController();
      const sub = token.onCancellationRequested(() => ac.abort());
      const onOuter = () => ac.abort();
      options.signal?.addEventListener('abort', onOuter, { once: true });
      if (options.signal?.aborted) ac.abort();
      progress.report({ message: options.preparing ?? 'preparing context…' });
      try {
        const result = await run({
          signal: ac.signal,
          onRoute: (d) => {
            progress.report({ message: routeProgress(d) });
            if (d.budgetMessage) void vscode.window.showWarningMessage(`Frugal: ${d.budgetMessage}`);
            options.onRoute?.(d);
          },
          onEscalate: (d) => {
            progress.report({ message: escalateProgress(d) });
            options.onEscalate?.(d);
          },
        });
        reportResult(result);
        return result;
      } catch (e) {
        options.onError?.(e);
        reportFailure(logger, title, e, ac.signal);
        return undefined;
      } finally {
        options.signal?.removeEventListener('abort', onOuter);
        sub.dispose();
      }
    },
  );
}

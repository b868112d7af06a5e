// What the edit commands need from the rest of Frugal, and running one of their requests through the one request
// runner (src/vscode/requestRunner.ts), with the secrets withheld from the provider put back into the code.
import { requestSecretFields, restoreSecrets } from '../../core/privacy';
import type { FrugalConfig } from '../../core/config';
import type { Pipeline, PipelineResult } from '../../core/pipeline';
import type { Logger } from '../../core/ports';
import { formatUsd } from '../../core/pricing';
import type { ChatMessageText } from '../../core/prompts';
import type { EditorRequest, Tier } from '../../core/types';
import { runRequest } from '../requestRunner';
import type { DeferredJobs } from '../panelSlot';

export interface EditDeps {
  /** prepare: the routed model and token estimate before sending (for the off-peak offer); optional */
  pipeline: Pick<Pipeline, 'run'> & Partial<Pick<Pipeline, 'prepare'>>;
  logger: Logger;
  /** session routing choices (Choose Model for Next Request, Pin a Tier); optional */
  session?: { pinnedTier?: Tier; takeNextModel(): string | undefined };
  /** asks before sending from an untrusted workspace or over plain http; optional */
  guard?: { allow(config: FrugalConfig): Promise<boolean> };
  getConfig?(): FrugalConfig;
  /** an answer came in: kept as a conversation, so its explanation can be followed up in the answer view; optional */
  onAnswered?(req: EditorRequest, title: string, result: PipelineResult, messages: ChatMessageText[]): void;
  /** where jobs put off to the off-peak rate wait (owned by the FrugalContext, dropped when the window closes);
   * without it Document File runs at once */
  deferred?: DeferredJobs;
}

export interface RunHooks {
  /** an outer cancellation (Escape during Generate Code Here) */
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  /** the answer so far was abandoned and the next tier is streaming afresh */
  onRestart?: () => void;
  /** shown under the title before routing */
  preparing?: string;
  /** a batch job the user deferred to the off-peak rate */
  offPeakRun?: boolean;
}

export { describeError, isCancelled } from '../requestRunner';

/** The result, undefined when cancelled or failed (the user has been told); see requestRunner.ts for the policy. */
export async function runWithProgress(
  deps: EditDeps,
  title: string,
  req: EditorRequest,
  hooks: RunHooks = {},
): Promise<PipelineResult | undefined> {
  if (deps.guard && deps.getConfig && !(await deps.guard.allow(deps.getConfig()))) return undefined;
  return runRequest(
    deps.logger,
    title,
    async (run) => {
      let messages: ChatMessageText[] | undefined;
      const sent = await deps.pipeline.run(req, {
        ...run,
        forcedModel: deps.session?.takeNextModel(),
        pinnedTier: deps.session?.pinnedTier,
        onDelta: hooks.onDelta,
        onPrepared: (p) => {
          messages = p.messages;
        },
        ...(hooks.offPeakRun ? { offPeakRun: true } : {}),
      });
      if (messages && deps.onAnswered) {
        try {
          deps.onAnswered(req, title, sent, messages);
        } catch (e) {
          deps.logger.warn(`Conversation not kept: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      // Secrets were withheld from the provider; the code applied to the user's own file gets them back.
      const result = sent.secretsWithheld
        ? { ...sent, content: restoreSecrets(requestSecretFields(req), sent.content) }
        : sent;
      deps.logger.info(
        `${req.task}: ${result.model} ${result.cached ? 'cache hit' : formatUsd(result.costUsd)}${result.notice ? ` — ${result.notice}` : ''}`,
      );
      return result;
    },
    {
      signal: hooks.signal,
      preparing: hooks.preparing,
      onRoute: (d) => deps.logger.info(`${req.task}: routed to ${d.model} — ${d.reason}`),
      onEscalate: () => hooks.onRestart?.(),
    },
  );
}

/** "deepseek-coder, $0.0012" or "cache hit, $0". */
export function costLabel(r: PipelineResult): string {
  return r.cached ? `${r.model}, cache hit $0` : `${r.model}, ${formatUsd(r.costUsd)}`;
}

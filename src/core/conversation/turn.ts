// The pipeline's "prepare" step for a turn of a conversation: the messages are the thread's (laid out for prefix
// caching, file context as first sent, nothing recompressed), the router sees the new question with the thread's
// selection, and stay-or-switch prices the warm cache against the router's choice.
import type { FrugalConfig } from '../config';
import { modelForTier } from '../config';
import { promptText, type ChatMessageText } from '../prompts';
import { route, type RouteDecision, type RouteOptions } from '../router';
import { estimateMessagesTokens } from '../tokens';
import type { EditorRequest, ThreadInput } from '../types';
import type { PreparedContext } from '../compress';
import { stayOrSwitch } from './stayOrSwitch';

export interface PreparedTurn {
  messages: ChatMessageText[];
  prepared: PreparedContext;
  decision: RouteDecision;
}

export function prepareTurn(
  req: EditorRequest & { thread: ThreadInput },
  config: FrugalConfig,
  opts: Pick<RouteOptions, 'forcedModel' | 'pinnedTier'>,
  now: number,
): PreparedTurn {
  const t = req.thread;
  const messages: ChatMessageText[] = t.messages.map((m) => ({ role: m.role, content: m.content }));
  const inputTokens = estimateMessagesTokens(messages);
  const secretsWithheld = t.secrets.reduce((n, s) => n + s.count, 0);
  const prepared: PreparedContext = {
    selection: req.selection,
    context: '',
    contextPrefix: '',
    contextSuffix: '',
    instruction: req.instruction,
    originalTokens: inputTokens + t.tokensCondensed,
    compressedTokens: inputTokens,
    tokensSaved: t.tokensCondensed,
    tiers: [{ tier: 'original', tokens: inputTokens + t.tokensCondensed }],
    secrets: t.secrets,
    secretsWithheld,
    truncated: false,
    notes: [],
  };
  const routed = route(req, config, { ...opts, inputTokens });
  if (t.purpose === 'condense') {
    const cheap = route(req, config, { pinnedTier: 'cheap', inputTokens });
    return {
      messages,
      prepared,
      decision: {
        ...cheap,
        model: modelForTier(config, 'cheap'),
        reason:
          'cheap: condensing the oldest turns of a conversation to keep its history within frugal.conversation.maxHistoryTokens',
      },
    };
  }
  const userChose =
    !!(opts.forcedModel && config.models[opts.forcedModel]) || !!config.taskModels[req.task] || !!opts.pinnedTier;
  const { cachedTokens: _cached, ...decision } = stayOrSwitch({
    decision: routed,
    prompt: promptText(messages),
    warm: t.warm,
    config,
    now,
    userChose,
  });
  return { messages, prepared, decision };
}

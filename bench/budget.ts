// Budget overshoot: a replay of requests whose answers are often unusable (cut off, refusals) or fail (500, 429),
// so the cascade escalates and falls back as far as it can, against a tight daily limit. Every answer is as long
// as the request allowed (the worst case for the bill) and its input is billed up to 10% above the estimate.
// Block mode: the most spent over the limit at any point (goal <= 1.0). Downgrade mode: attempts above the cheap
// tier that started after the budget was used up (goal 0).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pipeline, PipelineError } from '../src/core/pipeline';
import { Ledger } from '../src/core/ledger';
import { parseConfig, type RawSettings } from '../src/core/config';
import { ProviderError, type CallResult, type ChatCall, type FimCall } from '../src/core/provider';
import { estimateMessagesTokens } from '../src/core/tokens';
import { silentLogger } from '../src/core/ports';
import type { EditorRequest, Task } from '../src/core/types';
import { seededRandom, round } from './stats';

type Figures = Record<string, { value: number; unit: string; note: string }>;

const TASKS: Task[] = ['explain', 'ask', 'document', 'refactor', 'fix', 'tests', 'generate'];
const CODE =
  'export function mergeIntervals(xs: [number, number][]): [number, number][] {\n  const out: [number, number][] = [];\n  for (const [a, b] of [...xs].sort((p, q) => p[0] - q[0])) {\n    const last = out.at(-1);\n    if (last && a <= last[1]) last[1] = Math.max(last[1], b);\n    else out.push([a, b]);\n  }\n  return out;\n}\n';

/** A provider whose replies are drawn from a seeded mix of good, unusable and failed answers. */
class HostileMix {
  constructor(private readonly rand: () => number) {}
  async chat(call: ChatCall): Promise<CallResult> {
    const r = this.rand();
    if (r < 0.15)
      throw new ProviderError({
        kind: 'server',
        status: 500,
        userMessage: 'The provider had a server error (500).',
        retryable: true,
      });
    if (r < 0.2)
      throw new ProviderError({ kind: 'rate_limit', status: 429, userMessage: 'Rate limited (429).', retryable: true });
    const inputTokens = Math.round(estimateMessagesTokens(call.messages) * (0.9 + this.rand() * 0.2));
    const outputTokens = call.maxTokens ?? 4096; // as long as allowed
    const content =
      r < 0.45 ? 'I cannot help with that.' : r < 0.7 ? '```ts\nfunction cut(' : '```ts\nconst ok = 1;\n```\nDone.';
    const finishReason = r >= 0.45 && r < 0.7 ? 'length' : 'stop';
    call.onDelta?.({ content });
    return {
      content,
      reasoning: '',
      finishReason,
      latencyMs: 1,
      retries: 0,
      usage: { inputTokens, outputTokens, cachedInputTokens: 0, reasoningTokens: 0 },
    };
  }
  async complete(call: FimCall): Promise<CallResult> {
    return {
      content: 'x',
      reasoning: '',
      finishReason: 'stop',
      latencyMs: 1,
      retries: 0,
      usage: { inputTokens: 200, outputTokens: call.maxTokens, cachedInputTokens: 0, reasoningTokens: 0 },
    };
  }
}

async function replay(
  raw: RawSettings,
  requests: number,
  seed: number,
): Promise<{ maxRatio: number; aboveCheapAfterLimit: number; blocked: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'frugal-budget-'));
  const ledger = new Ledger({ dir, logger: silentLogger });
  await ledger.load();
  const { config } = parseConfig(raw);
  const rand = seededRandom(seed);
  const pipeline = new Pipeline({
    getConfig: () => config,
    provider: new HostileMix(rand),
    secrets: { getApiKey: async () => 'sk-bench' },
    ledger,
    logger: silentLogger,
    workspace: 'bench',
  });
  const limit = config.budget.dailyUsd;
  let maxRatio = 0;
  let aboveCheapAfterLimit = 0;
  let blocked = 0;
  for (let i = 0; i < requests; i++) {
    const task = TASKS[Math.floor(rand() * TASKS.length)];
    const req: EditorRequest = {
      task,
      instruction: `request ${i}: ${task === 'generate' ? 'write a function that merges overlapping intervals' : ''}`,
      languageId: 'typescript',
      selection: CODE.repeat(1 + Math.floor(rand() * 4)),
    };
    const before = ledger.recordCount;
    const spentBefore = pipeline.spent().today;
    try {
      await pipeline.run(req);
    } catch (e) {
      if (!(e instanceof PipelineError)) throw e;
      if (e.kind === 'blocked') blocked++;
    }
    const added = ledger.recordCount - before;
    for (const rec of added > 0 ? ledger.recent().slice(-added) : []) {
      if (spentBefore >= limit && rec.tier !== 'cheap' && rec.outcome !== 'blocked') aboveCheapAfterLimit++;
    }
    maxRatio = Math.max(maxRatio, pipeline.spent().today / limit);
  }
  return { maxRatio, aboveCheapAfterLimit, blocked };
}

export async function runBudgetBench(): Promise<Figures> {
  const block = await replay({ 'budget.dailyUsd': 0.05, 'budget.onExceed': 'block' }, 400, 7);
  const down = await replay({ 'budget.dailyUsd': 0.05, 'budget.onExceed': 'downgrade' }, 400, 11);
  return {
    budget_overshoot_ratio: {
      value: round(block.maxRatio, 6),
      unit: 'ratio',
      note: `block mode, $0.05 daily limit, 400 requests with 20% provider errors, 50% unusable answers (cascade on), every answer as long as allowed, input billed up to 10% over the estimate: the most spent / limit; ${block.blocked} requests refused`,
    },
    budget_downgrade_attempts_above_cheap: {
      value: down.aboveCheapAfterLimit,
      unit: 'count',
      note: 'downgrade mode, same replay: attempts above the cheap tier that started after the limit was reached (goal 0)',
    },
  };
}

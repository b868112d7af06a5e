// Conversations: a replay of seeded multi-turn sessions (3-12 turns, mixed first tasks, follow-ups that refer back to
// names from earlier turns) against the simulator's prefix cache, through the real Pipeline, ProviderClient and
// conversation engine, on the DeepSeek preset priced by the catalog (off-peak deepseek-flash: cache hit $0.003, miss
// $0.15, output $0.60 per million). The same sessions are replayed with a naive layout for the cost ratio.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pipeline } from '../src/core/pipeline';
import { Ledger } from '../src/core/ledger';
import { ProviderClient } from '../src/core/provider';
import { parseConfig, type FrugalConfig, type RawSettings } from '../src/core/config';
import { silentLogger } from '../src/core/ports';
import {
  askInConversation,
  beginConversation,
  identifiersIn,
  keptTurns,
  type Conversation,
} from '../src/core/conversation';
import type { ChatMessageText } from '../src/core/prompts';
import type { EditorRequest, LedgerRecord, Task } from '../src/core/types';
import { startSimulator } from '../test/fixtures/simulator';
import { round, seededRandom } from './stats';

type Figures = Record<string, { value: number; unit: string; note: string }>;

const SESSIONS = 60;
// small, because the simulator's answers are short (about 60-300 tokens): longer sessions condense at least once
const MAX_HISTORY_TOKENS = 1000;
/** a second replay at a tighter budget, reported in the notes: more condensations, each one a cache miss */
const TIGHT_HISTORY_TOKENS = 600;

/** DeepSeek's preset, priced by the dated catalog at the time of each request (peak hours cost twice off-peak). */
const SETTINGS: RawSettings = { preset: 'deepseek', 'cache.enabled': false };

const VERBS = ['load', 'parse', 'merge', 'split', 'render', 'validate', 'count', 'normalise', 'fetch', 'store'];
const NOUNS = ['Config', 'Row', 'Header', 'Invoice', 'User', 'Token', 'Batch', 'Event', 'Report', 'Path'];

interface Session {
  first: EditorRequest;
  /** follow-up questions in order */
  questions: string[];
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}

function makeSession(rnd: () => number, i: number): Session {
  const names = new Set<string>();
  while (names.size < 4) names.add(`${pick(rnd, VERBS)}${pick(rnd, NOUNS)}`);
  const fns = [...names];
  const python = rnd() < 0.4;
  const code = fns
    .map((f, k) =>
      python
        ? `def ${f}(items, limit=${k + 2}):\n    out = []\n    for item in items:\n        if item and len(out) < limit:\n            out.append(item)\n    return out\n`
        : `export function ${f}(items: string[], limit = ${k + 2}): string[] {\n  const out: string[] = [];\n  for (const item of items) {\n    if (item && out.length < limit) out.push(item);\n  }\n  return out;\n}\n`,
    )
    .join('\n');
  const task = pick<Task>(rnd, ['explain', 'explain', 'ask', 'refactor', 'fix', 'tests']);
  const first: EditorRequest = {
    task,
    languageId: python ? 'python' : 'typescript',
    selection: code,
    filePath: `src/module${i}.${python ? 'py' : 'ts'}`,
    instruction:
      task === 'ask'
        ? `why does \`${fns[0]}\` stop at the limit?`
        : task === 'fix'
          ? `\`${fns[1]}\` drops empty strings; keep them`
          : '',
    prefix: python ? 'import json\n\n' : "import { readFileSync } from 'node:fs';\n\n",
    suffix: '',
  };
  const turns = 2 + Math.floor(rnd() * 11); // 3..12 turns with the first
  const introduced: string[] = [];
  const questions: string[] = [];
  for (let t = 0; t < turns; t++) {
    const r = rnd();
    if (introduced.length && r < 0.45) {
      const n = pick(rnd, introduced);
      questions.push(
        pick(rnd, [
          `does \`${n}\` still need its own test?`,
          `what should \`${n}\` return for an empty list?`,
          `can \`${n}\` be used from \`${pick(rnd, fns)}\` too?`,
        ]),
      );
    } else if (r < 0.75) {
      const n = `${pick(rnd, ['ensure', 'guard', 'check', 'clamp'])}${pick(rnd, NOUNS)}${introduced.length + 1}`;
      introduced.push(n);
      questions.push(
        pick(rnd, [
          `let's add a helper called \`${n}\` that rejects empty items first; where should it go?`,
          `suppose \`${pick(rnd, fns)}\` calls a new \`${n}\` before the loop; does that change the limit logic?`,
        ]),
      );
    } else {
      questions.push(
        pick(rnd, [
          `what does \`${pick(rnd, fns)}\` return when \`limit\` is 0?`,
          `now make \`${pick(rnd, fns)}\` async`,
          `is \`${pick(rnd, fns)}\` linear time?`,
        ]),
      );
    }
  }
  return { first, questions };
}

/**
 * What a conversation looks like without care for the provider's cache: each turn one user message with a per-turn
 * header first (turn number and time, as chat UIs often add), the transcript so far, then the file context and the
 * question; routed per turn with no stay-or-switch and no condensation.
 */
function naiveMessages(
  system: string,
  context: string,
  turns: { q: string; a: string }[],
  question: string,
  n: number,
): ChatMessageText[] {
  const transcript = turns.map((t, i) => `Q${i + 1}: ${t.q}\nA${i + 1}: ${t.a}`).join('\n\n');
  return [
    { role: 'system', content: `${system}\nTurn ${n}, ${new Date(1_700_000_000_000 + n * 61_000).toISOString()}.` },
    {
      role: 'user',
      content: [transcript && `Conversation so far:\n${transcript}`, context, `Question: ${question}`]
        .filter(Boolean)
        .join('\n\n'),
    },
  ];
}

async function setup(config: FrugalConfig) {
  const dir = mkdtempSync(path.join(tmpdir(), 'frugal-bench-conv-'));
  const ledger = new Ledger({ dir, logger: silentLogger });
  await ledger.load();
  const pipeline = new Pipeline({
    getConfig: () => config,
    provider: new ProviderClient({ logger: silentLogger }),
    secrets: { getApiKey: async () => undefined },
    ledger,
    logger: silentLogger,
    workspace: 'bench',
  });
  return { pipeline, ledger };
}

const sum = (recs: readonly LedgerRecord[], f: (r: LedgerRecord) => number) => recs.reduce((n, r) => n + f(r), 0);

export async function runConversationBench(): Promise<Figures> {
  const sim = await startSimulator({ port: 0, chunkDelayMs: 0 });
  try {
    const rnd = seededRandom(20261201);
    const sessions = Array.from({ length: SESSIONS }, (_, i) => makeSession(rnd, i));
    const replay = async (budget: number) => {
      // Frugal: the thread layout, stay-or-switch and condensation.
      sim.reset();
      const config = parseConfig({ ...SETTINGS, baseUrl: sim.baseUrl, 'conversation.maxHistoryTokens': budget }).config;
      const ours = await setup(config);
      let historyMax = 0;
      let referenced = 0;
      let retained = 0;
      let rawRetained = 0;
      let turnsTotal = 0;
      let condensations = 0;
      const followUps: LedgerRecord[] = [];
      for (let i = 0; i < sessions.length; i++) {
        const s = sessions[i];
        const begun = await beginConversation(ours.pipeline, s.first, { id: `s${i}`, title: `session ${i}` }, {});
        if (!begun.result) throw new Error(`session ${i}: ${begun.error?.message}`);
        const c: Conversation = begun.conversation;
        turnsTotal++;
        for (const q of s.questions) {
          const before = ours.ledger.recordCount;
          const r = await askInConversation(ours.pipeline, c, q, {
            maxHistoryTokens: budget,
            onCondensed: (sum) => {
              if (sum) condensations++;
            },
          });
          if (!r.result) throw new Error(`session ${i} turn ${r.index}: ${r.error?.message}`);
          turnsTotal++;
          const added = ours.ledger.recordCount - before;
          if (added > 0) followUps.push(...ours.ledger.recent().slice(-added));
          historyMax = Math.max(historyMax, r.historyTokens);
          // Retention: names this question refers back to that were introduced in turns now condensed (not in the file
          // context) must still be in what this turn sent.
          const covered = c.summary && c.summary.turns <= r.index ? c.summary.turns : 0;
          if (covered) {
            const condensedText = c.turns
              .slice(0, covered)
              .map((t) => `${t.sent}\n${t.answer}`)
              .join('\n');
            const sent = [c.summary!.text, ...keptTurns(c, r.index).flatMap((t) => [t.question, t.answer])].join('\n');
            for (const n of identifiersIn(q)) {
              if (!condensedText.includes(n) || c.context.includes(n)) continue;
              referenced++;
              if (sent.includes(n)) retained++;
              if (sent.replace(/\n\nNames used earlier:[^\n]*$/, '').includes(n)) rawRetained++;
            }
          }
        }
      }
      const hitShare =
        sum(followUps, (r) => r.cachedInputTokens) /
        Math.max(
          1,
          sum(followUps, (r) => r.inputTokens),
        );
      const oursCost = ours.ledger.totals('all').costUsd;
      return { hitShare, oursCost, historyMax, referenced, retained, rawRetained, turnsTotal, condensations };
    };
    const main = await replay(MAX_HISTORY_TOKENS);
    const tight = await replay(TIGHT_HISTORY_TOKENS);
    const { hitShare, oursCost, historyMax, referenced, retained, rawRetained, turnsTotal, condensations } = main;
    const { config } = parseConfig({ ...SETTINGS, baseUrl: sim.baseUrl });

    // Naive: the same sessions, a layout with a per-turn header first, no stay-or-switch, no condensation.
    sim.reset();
    const naive = await setup(config);
    for (let i = 0; i < sessions.length; i++) {
      const s = sessions[i];
      const begun = await beginConversation(naive.pipeline, s.first, { id: `n${i}`, title: `naive ${i}` }, {});
      const c = begun.conversation;
      const turns: { q: string; a: string }[] = [{ q: c.turns[0].sent, a: c.turns[0].answer }];
      for (const q of s.questions) {
        const messages = naiveMessages(c.system, c.context, turns, q, turns.length + 1);
        const r = await naive.pipeline.run({
          task: 'ask',
          instruction: q,
          languageId: c.languageId,
          selection: c.selection,
          filePath: c.filePath,
          thread: { id: c.id, messages, warm: [], tokensCondensed: 0, secrets: [], purpose: 'turn' },
        });
        turns.push({ q, a: r.content });
      }
    }
    const naiveCost = naive.ledger.totals('all').costUsd;

    const where = `${SESSIONS} seeded sessions, ${turnsTotal} turns (3-12 per session, first task explain/ask/refactor/fix/tests), simulator with DeepSeek-style 64-token prefix cache, deepseek preset priced by the catalog (deepseek-flash $0.15 miss / $0.003 hit / $0.60 out per M off-peak)`;
    return {
      conversation_cache_hit_share: {
        value: round(hitShare, 4),
        unit: 'ratio',
        note: `input tokens billed as provider cache hits from turn 2 on (condensation requests counted too), ${where}, history budget ${MAX_HISTORY_TOKENS}; at a ${TIGHT_HISTORY_TOKENS}-token budget ${round(tight.hitShare, 4)}; goal >= 0.60`,
      },
      conversation_cost_vs_naive_ratio: {
        value: round(oursCost / naiveCost, 4),
        unit: 'ratio',
        note: `total session cost $${oursCost.toFixed(4)} (condensations included) vs $${naiveCost.toFixed(4)} for the same sessions with a naive layout (per-turn header first, transcript before the file context, routed per turn, no condensation); ${where}, history budget ${MAX_HISTORY_TOKENS}; at a ${TIGHT_HISTORY_TOKENS}-token budget ${round(tight.oursCost / naiveCost, 4)}; goal <= 0.5`,
      },
      conversation_history_tokens_max: {
        value: historyMax,
        unit: 'tokens',
        note: `most history tokens (summary + earlier turns) any turn resent, with frugal.conversation.maxHistoryTokens = ${MAX_HISTORY_TOKENS} (${tight.historyMax} at ${TIGHT_HISTORY_TOKENS}); ${condensations} condensations by the cheap tier over ${where}`,
      },
      conversation_identifier_retention: {
        value: referenced ? round(retained / referenced, 4) : 0,
        unit: 'ratio',
        note: `names a later question refers back to that were introduced in condensed turns (not in the file context) and are still in the history sent: ${retained}/${referenced}; the model's summary alone kept ${rawRetained}/${referenced} (the rest put back by repairSummary); at a ${TIGHT_HISTORY_TOKENS}-token budget ${tight.retained}/${tight.referenced}; goal >= 0.95`,
      },
    };
  } finally {
    await sim.close();
  }
}

import { strict as assert } from 'node:assert';
import { buildMessages, promptText, threadMessages, SUMMARY_HEADING } from '../../src/core/prompts';
import { parseConfig, type RawSettings } from '../../src/core/config';
import { route } from '../../src/core/router';
import {
  stayOrSwitch,
  expectedCachedTokens,
  priceTurn,
  CACHE_UNIT_TOKENS,
  WARM_FOR_MS,
  identifiersIn,
  planCondensation,
  repairSummary,
  historyTokens,
  condenseMessages,
  startConversation,
  turnRequest,
  warmWith,
  keptTurns,
} from '../../src/core/conversation';
import type { EditorRequest } from '../../src/core/types';
import { estimateTokens } from '../../src/core/tokens';

const SELECTION =
  'export function parseHeader(line: string): Header {\n  const [name, value] = line.split(":");\n  return { name: name.trim(), value: value.trim() };\n}';
const FIRST: EditorRequest = {
  task: 'explain',
  instruction: '',
  languageId: 'typescript',
  selection: SELECTION,
  filePath: 'src/http.ts',
};

function conversationOf(turns: { q: string; a: string }[]) {
  const messages = buildMessages({
    task: 'explain',
    languageId: 'typescript',
    instruction: '',
    selection: SELECTION,
    context: 'import { Header } from "./types";\n<<<SELECTION>>>',
    filePath: 'src/http.ts',
  });
  const c = startConversation({
    id: 't1',
    title: 'Explain',
    req: FIRST,
    messages,
    selection: SELECTION,
    instruction: '',
    at: 1000,
  });
  c.turns[0].answer = turns[0]?.a ?? 'It parses one header line.';
  for (const t of turns.slice(1)) c.turns.push({ question: t.q, sent: t.q, answer: t.a, at: 2000 });
  return { c, messages };
}

describe('conversation: prompt layout', () => {
  it('the first turn of a thread is exactly the single request, and each turn starts with the whole previous prompt', () => {
    const { c, messages } = conversationOf([]);
    const first = turnRequest(c, 0, '');
    assert.deepEqual(first.messages, messages);
    let prev = promptText(messages);
    let prevMessages = messages;
    const questions = [
      'and what if `line` has no colon?',
      'now make `parseHeader` return undefined then',
      'write a test for it',
    ];
    for (const q of questions) {
      const tr = turnRequest(c, c.turns.length, q);
      assert.ok(tr.prompt.startsWith(prev), `turn ${c.turns.length}: the earlier prompt is not a byte-exact prefix`);
      assert.equal(tr.messages[tr.messages.length - 1].content, q);
      // nothing per turn before the question: the earlier messages unchanged, then the earlier answer
      assert.deepEqual(tr.messages.slice(0, -2), prevMessages);
      assert.deepEqual(tr.messages[tr.messages.length - 2], {
        role: 'assistant',
        content: c.turns[c.turns.length - 1].answer,
      });
      c.turns.push({ question: q, sent: q, answer: `Answer to ${q}`, at: 3000 });
      prev = tr.prompt;
      prevMessages = tr.messages;
    }
  });

  it('is the same bytes when rebuilt (no times, ids or counters anywhere)', () => {
    const a = conversationOf([
      { q: '', a: 'x' },
      { q: 'why?', a: 'because' },
    ]).c;
    const b = conversationOf([
      { q: '', a: 'x' },
      { q: 'why?', a: 'because' },
    ]).c;
    b.id = 'another-id';
    b.createdAt = 999_999;
    assert.equal(turnRequest(a, 2, 'and then?').prompt, turnRequest(b, 2, 'and then?').prompt);
  });

  it('a summary goes after the file context, so condensing keeps the cached system prompt and file context', () => {
    const { c } = conversationOf([
      { q: '', a: 'first' },
      { q: 'second?', a: 'two' },
    ]);
    const before = turnRequest(c, 2, 'third?').prompt;
    const m = threadMessages(
      { system: c.system, context: c.context, summary: '- `parseHeader` splits on the colon', turns: [] },
      'third?',
    );
    const after = promptText(m);
    const common = [...before].findIndex((ch, i) => ch !== after[i]);
    assert.ok(common >= `system:\n${c.system}\n\nuser:\n${c.context}`.length, 'file context no longer a shared prefix');
    assert.match(m[1].content, new RegExp(SUMMARY_HEADING.replace(/[()]/g, '\\$&')));
  });

  it('redacts secrets in a follow-up question and reports them', () => {
    const { c } = conversationOf([]);
    const tr = turnRequest(c, 1, 'is AKIAIOSFODNN7EXAMPLE a valid key here?');
    assert.ok(!tr.prompt.includes('AKIAIOSFODNN7EXAMPLE'));
    assert.ok(tr.req.thread!.secrets.length > 0);
  });
});

/** Two providers' models with DeepSeek-like cache prices, so staying and switching cost different amounts. */
const PRICED: RawSettings = {
  preset: 'custom',
  baseUrl: 'http://127.0.0.1:9/v1',
  models: {
    small: {
      provider: 'default',
      name: 'small-8b',
      tier: 'cheap',
      inputPer1M: 0.05,
      cachedInputPer1M: 0.05,
      outputPer1M: 0.4,
      contextWindow: 32768,
      maxOutputTokens: 4096,
      fim: false,
      thinking: 'off',
      thinkingStyle: 'none',
    },
    coder: {
      provider: 'default',
      name: 'coder-v4',
      tier: 'coder',
      inputPer1M: 0.15,
      cachedInputPer1M: 0.003,
      outputPer1M: 0.6,
      contextWindow: 65536,
      maxOutputTokens: 8192,
      fim: false,
      thinking: 'off',
      thinkingStyle: 'none',
    },
    big: {
      provider: 'default',
      name: 'big-r',
      tier: 'reasoner',
      inputPer1M: 0.66,
      cachedInputPer1M: 0.022,
      outputPer1M: 1.98,
      contextWindow: 65536,
      maxOutputTokens: 8192,
      fim: false,
      thinking: 'on',
      thinkingStyle: 'none',
    },
  },
  tiers: { cheap: 'small', coder: 'coder', reasoner: 'big' },
};

describe('conversation: stay or switch, priced', () => {
  const config = parseConfig(PRICED).config;
  const history = Array.from({ length: 400 }, (_, i) => `const value${i} = compute(${i}, "item-${i}");`).join('\n');
  const prompt = `system:\nS\n\nuser:\n${history}\n\nuser:\nwhat does it return?`;
  const ask: EditorRequest = {
    task: 'ask',
    instruction: 'what does it return?',
    languageId: 'typescript',
    selection: SELECTION,
  };
  const now = 10 * WARM_FOR_MS;
  const IN = estimateTokens(prompt);

  it('counts the cached prefix in whole 64-token units, only on a model with the same cache, only while warm', () => {
    const warm = [{ model: 'coder', prompt: `system:\nS\n\nuser:\n${history}`, at: now - 1000 }];
    const cached = expectedCachedTokens(config.models.coder, prompt, warm, config, now);
    assert.ok(
      cached > 0.9 * estimateTokens(history) - CACHE_UNIT_TOKENS && cached % CACHE_UNIT_TOKENS === 0,
      String(cached),
    );
    assert.equal(expectedCachedTokens(config.models.small, prompt, warm, config, now), 0);
    assert.equal(
      expectedCachedTokens(config.models.coder, prompt, [{ ...warm[0], at: now - WARM_FOR_MS - 1 }], config, now),
      0,
    );
  });

  it('stays on the warm model when its cache-hit price beats moving to the cheaper tier, and says by how much', () => {
    const decision = route(ask, config, { inputTokens: IN });
    assert.equal(decision.tier, 'cheap');
    const warm = [{ model: 'coder', prompt: `system:\nS\n\nuser:\n${history}`, at: now - 1000 }];
    const d = stayOrSwitch({ decision, prompt, warm, config, now, userChose: false });
    assert.equal(d.model.id, 'coder');
    const stay = priceTurn(config, config.models.coder, IN, d.cachedTokens, decision.estimatedOutputTokens, now);
    const move = priceTurn(config, config.models.small, IN, 0, decision.estimatedOutputTokens, now);
    assert.ok(stay < move);
    assert.match(
      d.reason,
      /^stayed on coder: its cached history makes this turn \$[\d.]+ cheaper than moving to small \(cheap\)/,
    );
    const diff = Number(/\$([\d.]+) cheaper/.exec(d.reason)![1]);
    assert.ok(Math.abs(diff - (move - stay)) < 1e-4, `${diff} vs ${move - stay}`);
    assert.equal(d.estimatedCostUsd, stay);
  });

  it('moves to the cheaper tier when the cached history is too short to pay for staying', () => {
    const decision = route(ask, config, { inputTokens: 300 });
    const warm = [{ model: 'big', prompt: prompt.slice(0, 200), at: now - 1000 }];
    const d = stayOrSwitch({ decision, prompt, warm, config, now, userChose: false });
    assert.equal(d.model.id, 'small');
    assert.match(d.reason, /^moved to small \(cheap\): \$[\d.]+ cheaper than staying on big/);
  });

  it('never stays on a weaker model than the router asks for', () => {
    const hard: EditorRequest = {
      ...ask,
      instruction: 'why does this deadlock when two goroutines acquire the locks in opposite order under load?',
    };
    const decision = route(hard, config, { inputTokens: IN });
    assert.equal(decision.tier, 'reasoner');
    const warm = [{ model: 'coder', prompt: `system:\nS\n\nuser:\n${history}`, at: now - 1000 }];
    const d = stayOrSwitch({ decision, prompt, warm, config, now, userChose: false });
    assert.equal(d.model.id, 'big');
    assert.match(d.reason, /needs the reasoner tier/);
  });

  it('does not override a model the user chose, but prices its warm cache', () => {
    const decision = route(ask, config, { inputTokens: IN, forcedModel: 'big' });
    const warm = [
      { model: 'coder', prompt: `system:\nS\n\nuser:\n${history}`, at: now - 1000 },
      { model: 'big', prompt: `system:\nS\n\nuser:\n${history}`, at: now - 5000 },
    ];
    const d = stayOrSwitch({ decision, prompt, warm, config, now, userChose: true });
    assert.equal(d.model.id, 'big');
    assert.ok(d.cachedTokens > 0);
    assert.equal(d.reason, decision.reason);
  });
});

describe('conversation: condensation', () => {
  it('finds identifiers in prose, backticks and code', () => {
    const ids = identifiersIn(
      'Use `parseHeader` and the `max_retries` setting; `Header.name` too.\n```ts\nfunction splitOnce(s) { return trimAll(s); }\n```\nthen call fetchUser_v2 later.',
    );
    for (const n of ['parseHeader', 'max_retries', 'Header.name', 'splitOnce', 'trimAll', 'fetchUser_v2'])
      assert.ok(ids.includes(n), `${n} missing from ${ids}`);
    assert.ok(!ids.includes('the') && !ids.includes('return'));
  });

  it('plans nothing under the budget, and a summary plus kept turns within it over the budget', () => {
    const turns = Array.from({ length: 10 }, (_, i) => ({
      question: `question ${i} about \`fn${i}\``,
      answer: `answer ${i} `.repeat(60),
    }));
    assert.equal(planCondensation(undefined, turns.slice(0, 2), 100_000), undefined);
    const budget = 1000;
    assert.ok(historyTokens(undefined, turns) > budget);
    const plan = planCondensation(undefined, turns, budget)!;
    assert.ok(plan.condense > 0 && plan.condense < turns.length);
    assert.ok(historyTokens(undefined, turns.slice(plan.condense)) + plan.maxSummaryTokens <= budget);
  });

  it('puts back the identifiers and the latest code a summary dropped, within its token cap', () => {
    const turns = [
      {
        question: 'Explain this.',
        answer: 'It calls `parseHeader` then `normaliseName` and stores into `headerCache`.',
      },
      {
        question: 'Rewrite it?',
        answer: 'Here:\n```ts\nfunction parseHeaderStrict(line: string) {\n  return splitOnce(line);\n}\n```',
      },
    ];
    const r = repairSummary('- The user asked about header parsing.', undefined, turns, 400);
    for (const n of ['parseHeader', 'normaliseName', 'headerCache', 'parseHeaderStrict', 'splitOnce'])
      assert.ok(r.text.includes(n), `${n} lost`);
    assert.ok(r.codeRestored);
    assert.ok(r.restored.includes('normaliseName'));
    const tight = repairSummary('- short', undefined, turns, 40);
    assert.ok(historyTokens(tight.text, []) <= 40, tight.text);
  });

  it('asks the cheap tier with the earlier summary first, then the turns in order', () => {
    const m = condenseMessages('- `old` decided', [{ question: 'q1', answer: 'a1' }], 200);
    assert.equal(m[0].role, 'system');
    assert.ok(m[1].content.indexOf('Earlier summary') < m[1].content.indexOf('Turn 1'));
  });

  it('a conversation keeps the turns after its summary and records warm prompts per model', () => {
    const { c } = conversationOf([
      { q: '', a: 'a0' },
      { q: 'q1', a: 'a1' },
      { q: 'q2', a: 'a2' },
    ]);
    c.summary = { text: '- s', turns: 2, tokensBefore: 100, tokensAfter: 10, costUsd: 0, model: 'm', at: 0 };
    assert.deepEqual(
      keptTurns(c).map((t) => t.question),
      ['q2'],
    );
    assert.equal(turnRequest(c, 3, 'q3').req.thread!.tokensCondensed, 90);
    warmWith(c, 'coder', 'p1', 1);
    warmWith(c, 'coder', 'p2', 2);
    assert.deepEqual(c.warm, [{ model: 'coder', prompt: 'p2', at: 2 }]);
  });
});

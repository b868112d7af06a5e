// Exporting a conversation: Markdown to read or paste, JSON to keep. Neither carries the prompts kept for pricing
// the warm cache (they repeat the file context), and nothing in a conversation is secret: what was sent was redacted.
import { formatUsd } from '../pricing';
import type { Conversation } from './thread';

export function conversationMarkdown(c: Conversation): string {
  const out = [
    `# ${c.title}`,
    '',
    `${c.task} · ${c.languageId}${c.filePath ? ` · ${c.filePath}` : ''} · started ${new Date(c.createdAt).toISOString()}`,
    '',
  ];
  c.turns.forEach((t, i) => {
    out.push(`## Turn ${i + 1}`, '');
    if (t.question) out.push(...t.question.split('\n').map((l) => `> ${l}`), '');
    out.push(t.answer || '_(no answer)_', '');
    const meta = [
      t.model,
      t.tier,
      t.costUsd !== undefined ? formatUsd(t.costUsd) : undefined,
      t.cachedInputTokens ? `${t.cachedInputTokens} cached tokens` : undefined,
    ].filter(Boolean);
    if (meta.length) out.push(`_${meta.join(' · ')}${t.reason ? ` — ${t.reason}` : ''}_`, '');
    if (c.summary && c.summary.turns === i + 1)
      out.push(`### Summary of turns 1-${i + 1} (condensed)`, '', c.summary.text, '');
  });
  return out.join('\n');
}

export function conversationJson(c: Conversation): string {
  const { warm: _warm, ...rest } = c;
  return JSON.stringify(rest, null, 2) + '\n';
}

/** A stored conversation, checked; undefined when it is not one (old schema, damaged). */
export function parseConversation(x: unknown): Conversation | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const c = x as Partial<Conversation>;
  if (
    c.v !== 1 ||
    typeof c.id !== 'string' ||
    typeof c.title !== 'string' ||
    typeof c.system !== 'string' ||
    typeof c.context !== 'string'
  )
    return undefined;
  if (
    !Array.isArray(c.turns) ||
    !c.turns.every(
      (t) => t && typeof t.sent === 'string' && typeof t.answer === 'string' && typeof t.question === 'string',
    )
  )
    return undefined;
  if (
    !Array.isArray(c.warm) ||
    typeof c.createdAt !== 'number' ||
    typeof c.updatedAt !== 'number' ||
    typeof c.languageId !== 'string' ||
    typeof c.selection !== 'string'
  )
    return undefined;
  return c as Conversation;
}

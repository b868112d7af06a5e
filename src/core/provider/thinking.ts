// Thinking switches per host, and separating a leading <think>...</think> block from the answer.
import type { ModelConfig } from '../config';
import type { ChatMessage } from './types';

/** Whether the model will think on this request (thinking mode ignores temperature). */
export function thinkingOn(model: Pick<ModelConfig, 'thinking' | 'name' | 'id'>): boolean {
  if (model.thinking === 'on') return true;
  if (model.thinking === 'off') return false;
  return /reasoner|(^|[/-])r1\b/i.test(`${model.id} ${model.name}`);
}

/**
 * Body fields that switch thinking on or off for this host, and the messages to send (`prompt` style appends
 * ` /no_think` to the last user message when off). 'default' leaves the host's default alone.
 */
export function applyThinking(
  model: Pick<ModelConfig, 'thinking' | 'thinkingStyle'>,
  messages: ChatMessage[],
): { fields: Record<string, unknown>; messages: ChatMessage[] } {
  // Only role and content go out: reasoning from earlier answers is never sent back.
  const out = messages.map((m) => ({ role: m.role, content: m.content }));
  if (model.thinking === 'default') return { fields: {}, messages: out };
  const on = model.thinking === 'on';
  switch (model.thinkingStyle) {
    case 'qwen':
      return { fields: { enable_thinking: on }, messages: out };
    case 'deepseek':
      return { fields: { thinking: { type: on ? 'enabled' : 'disabled' } }, messages: out };
    case 'vllm':
      return { fields: { chat_template_kwargs: { enable_thinking: on } }, messages: out };
    case 'openrouter':
      return { fields: { reasoning: { enabled: on } }, messages: out };
    case 'prompt': {
      if (on) return { fields: {}, messages: out };
      for (let i = out.length - 1; i >= 0; i--) {
        if (out[i].role === 'user') {
          if (!/\/no_think\s*$/.test(out[i].content)) out[i] = { ...out[i], content: `${out[i].content} /no_think` };
          break;
        }
      }
      return { fields: {}, messages: out };
    }
    default:
      return { fields: {}, messages: out };
  }
}

const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Splits streamed content into answer and reasoning: a `<think>` block at the very start (Qwen3 and similar put
 * their reasoning there, or an empty one under /no_think) goes to reasoning, and the whitespace after it is
 * dropped. Works across arbitrary chunk boundaries.
 */
export class ThinkSplitter {
  private state: 'start' | 'think' | 'after' | 'pass' = 'start';
  private buf = '';
  private thinkStarted = false;

  /** Feeds a piece of content; returns what can be released now. */
  push(text: string): { content: string; reasoning: string } {
    let content = '';
    let reasoning = '';
    this.buf += text;
    for (;;) {
      if (this.state === 'start') {
        const lead = this.buf.trimStart();
        if (lead.startsWith(OPEN)) {
          this.buf = lead.slice(OPEN.length);
          this.state = 'think';
          continue;
        }
        if (lead.length < OPEN.length && OPEN.startsWith(lead)) break; // could still become <think>
        this.state = 'pass';
        continue;
      }
      if (this.state === 'think') {
        if (!this.thinkStarted) {
          this.buf = this.buf.trimStart();
          if (!this.buf) break;
        }
        const end = this.buf.indexOf(CLOSE);
        if (end >= 0) {
          reasoning += this.buf.slice(0, end).trimEnd();
          this.buf = this.buf.slice(end + CLOSE.length);
          this.state = 'after';
          continue;
        }
        // Hold back trailing whitespace and a tail that might be the start of </think>.
        let keep = 0;
        for (let k = Math.min(CLOSE.length - 1, this.buf.length); k > 0; k--) {
          if (CLOSE.startsWith(this.buf.slice(-k))) {
            keep = k;
            break;
          }
        }
        const release = this.buf.slice(0, this.buf.length - keep).trimEnd();
        if (release) this.thinkStarted = true;
        reasoning += release;
        this.buf = this.buf.slice(release.length);
        break;
      }
      if (this.state === 'after') {
        this.buf = this.buf.trimStart();
        if (!this.buf) break;
        this.state = 'pass';
        continue;
      }
      content += this.buf;
      this.buf = '';
      break;
    }
    return { content, reasoning };
  }

  /** End of stream: releases whatever is held back. */
  flush(): { content: string; reasoning: string } {
    const rest = this.buf;
    this.buf = '';
    if (this.state === 'think') return { content: '', reasoning: rest.trimEnd() };
    if (this.state === 'after') return { content: '', reasoning: '' };
    this.state = 'pass';
    return { content: rest, reasoning: '' };
  }
}

/** One-shot version of ThinkSplitter for non-streamed answers. */
export function splitThink(text: string): { content: string; reasoning: string } {
  const s = new ThinkSplitter();
  const a = s.push(text);
  const b = s.flush();
  return { content: a.content + b.content, reasoning: a.reasoning + b.reasoning };
}

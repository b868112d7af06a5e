// Cache keys. The exact key is the request as sent (task, language, model constraint, prompt byte for byte); the
// normalised key is the same with the prompt passed through normalisePromptForKey, so re-indented or re-commented
// code meets its earlier answer while the user's words stay exact. The router's own model choice is not in either
// key: a later identical request takes whatever tier answered. A pinned or forced model is.
import { createHash } from 'node:crypto';
import type { Task } from '../types';
import { normalisePromptForKey } from './normalise';

export interface CacheKeyInput {
  task: Task;
  languageId: string;
  /** forced/pinned model id or pinned tier (`tier:reasoner`), else undefined */
  modelConstraint?: string;
  /** exact prompt text after compression (system+user messages joined) */
  prompt: string;
}

/** Bump when key derivation changes, so old records stop matching instead of matching wrongly. */
const KEY_VERSION = 'k2';

function digest(kind: string, key: CacheKeyInput, prompt: string, constraint: string | undefined): string {
  return createHash('sha256')
    .update(`${KEY_VERSION}\u0000${kind}\u0000${key.task}\u0000${key.languageId}\u0000${constraint ?? ''}\u0000`)
    .update(prompt)
    .digest('base64url')
    .slice(0, 27); // 160 bits
}

/** `constraint` overrides the key's own model constraint; pass '' for "no constraint". */
export function exactKey(key: CacheKeyInput, constraint: string | undefined = key.modelConstraint): string {
  return digest('x', key, key.prompt, constraint || undefined);
}

export function normalisedKeyFromText(
  key: CacheKeyInput,
  normalisedPrompt: string,
  constraint: string | undefined = key.modelConstraint,
): string {
  return digest('n', key, normalisedPrompt, constraint || undefined);
}

export function normalisedPrompt(key: CacheKeyInput): string {
  return normalisePromptForKey(key.prompt, key.languageId);
}

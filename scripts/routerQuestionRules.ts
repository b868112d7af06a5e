// The label policy shared by the hand-labelled real-question sets (github-questions, stackoverflow-questions, devgpt,
// nlbse-issues): each rule names the tier it gives and the other defensible tiers; its wording is read from
// test/data/external/github-questions.ids.jsonl, so every set labelled by these rules carries the same strings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Tier = 'cheap' | 'coder' | 'reasoner';

/** Tier and default alternatives for each rule of github-questions. */
export const RULE_TIERS: Record<string, { expect: Tier; acceptable: Tier[] }> = {
  concept: { expect: 'cheap', acceptable: ['cheap', 'coder'] },
  'concept-only': { expect: 'cheap', acceptable: ['cheap'] },
  'design-light': { expect: 'cheap', acceptable: ['cheap', 'coder', 'reasoner'] },
  'error-fix': { expect: 'coder', acceptable: ['coder'] },
  'error-fix-cheap': { expect: 'coder', acceptable: ['coder', 'cheap'] },
  'subtle-deterministic': { expect: 'coder', acceptable: ['coder', 'reasoner'] },
  perf: { expect: 'coder', acceptable: ['coder', 'reasoner'] },
  algorithm: { expect: 'coder', acceptable: ['coder', 'cheap'] },
  'generate-spec': { expect: 'coder', acceptable: ['coder', 'cheap'] },
  tests: { expect: 'coder', acceptable: ['coder', 'cheap'] },
  'timing-assert': { expect: 'coder', acceptable: ['coder', 'reasoner'] },
  'concurrency-known': { expect: 'coder', acceptable: ['coder', 'reasoner', 'cheap'] },
  'concurrency-textbook': { expect: 'reasoner', acceptable: ['reasoner', 'coder'] },
  concurrency: { expect: 'reasoner', acceptable: ['reasoner'] },
  heisenbug: { expect: 'reasoner', acceptable: ['reasoner', 'coder'] },
  memory: { expect: 'reasoner', acceptable: ['reasoner'] },
  design: { expect: 'reasoner', acceptable: ['reasoner', 'coder'] },
  security: { expect: 'reasoner', acceptable: ['reasoner', 'coder'] },
  'algorithm-hard': { expect: 'reasoner', acceptable: ['reasoner', 'coder'] },
};

/** Rule id -> the labelRule string github-questions rows carry for it. */
export function ruleTexts(externalDir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(join(externalDir, 'github-questions.ids.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { labelRule: string; meta?: { rule?: string } };
    if (r.meta?.rule) out.set(r.meta.rule, r.labelRule);
  }
  return out;
}

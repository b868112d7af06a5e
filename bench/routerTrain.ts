// Training of the router's escalation model, shared by scripts/trainRouter.ts (which writes model.json) and
// bench/router.ts (which retrains with each source held out). L2-regularised logistic regression, reasoner vs. not,
// over the masked evidence features of src/core/router/features.ts, pulled towards the policy prior; full-batch Adam,
// pure TypeScript, deterministic (same rows -> same weights).
import { learnedFeatures } from '../src/core/router/classify';
import { POLICY_PRIOR, type LinearModel } from '../src/core/router/features';
import type { Row } from './routerData';

export interface Example {
  row: Row;
  feats: string[];
  y: number;
  w: number;
}

/** A word feature must occur in this many training sources and rows: words one source uses say who wrote it. */
const MIN_SOURCES = 2;
const MIN_ROWS = 4;
const ITERS = 300;
const LAMBDA = 0.003;
const WORD_LAMBDA = 0.03;
/** A Medium problem may go either way; it teaches the model less than a clear label. */
const AMBIGUOUS_WEIGHT = 0.3;
/** Each source counts as at most this many rows, so the biggest source does not set the policy alone. */
const SOURCE_MASS = 500;

export function examples(rows: Row[]): Example[] {
  const size = new Map<string, number>();
  for (const r of rows) size.set(r.dataset, (size.get(r.dataset) ?? 0) + 1);
  return rows.map((row) => {
    const ambiguous = row.expect !== 'reasoner' && row.acceptable.includes('reasoner');
    const mass = Math.min(1, SOURCE_MASS / size.get(row.dataset)!);
    return {
      row,
      feats: learnedFeatures(row),
      y: row.expect === 'reasoner' ? 1 : 0,
      w: mass * (ambiguous ? AMBIGUOUS_WEIGHT : 1),
    };
  });
}

export function train(data: Example[]): LinearModel {
  const rowsOf = new Map<string, number>();
  const sourcesOf = new Map<string, Set<string>>();
  for (const e of data)
    for (const f of e.feats) {
      rowsOf.set(f, (rowsOf.get(f) ?? 0) + 1);
      let s = sourcesOf.get(f);
      if (!s) sourcesOf.set(f, (s = new Set()));
      s.add(e.row.dataset);
    }
  const vocab = [...rowsOf.keys()]
    .filter((f) => !f.startsWith('w:') || (rowsOf.get(f)! >= MIN_ROWS && sourcesOf.get(f)!.size >= MIN_SOURCES))
    .sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const X = data.map((e) => e.feats.map((f) => index.get(f)).filter((i): i is number => i !== undefined));
  const lambda = new Float64Array(vocab.map((f) => (f.startsWith('w:') ? WORD_LAMBDA : LAMBDA)));
  const dim = vocab.length + 1; // last slot: bias
  const prior = new Float64Array(dim);
  vocab.forEach((f, i) => {
    prior[i] = POLICY_PRIOR[f] ?? 0;
  });
  const w = Float64Array.from(prior);
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  const g = new Float64Array(dim);
  const totalW = data.reduce((s, e) => s + e.w, 0);
  const lr = 0.05,
    b1 = 0.9,
    b2 = 0.999;
  for (let it = 1; it <= ITERS; it++) {
    g.fill(0);
    for (let k = 0; k < data.length; k++) {
      let z = w[dim - 1];
      for (const i of X[k]) z += w[i];
      const err = (1 / (1 + Math.exp(-z)) - data[k].y) * data[k].w;
      g[dim - 1] += err;
      for (const i of X[k]) g[i] += err;
    }
    for (let i = 0; i < dim; i++) {
      const gi = g[i] / totalW + (i < vocab.length ? lambda[i] * (w[i] - prior[i]) : 0);
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      w[i] -= (lr * (m[i] / (1 - b1 ** it))) / (Math.sqrt(v[i] / (1 - b2 ** it)) + 1e-8);
    }
  }
  const weights: Record<string, number> = {};
  vocab.forEach((f, i) => {
    const r = Math.round(w[i] * 1000) / 1000;
    if (Math.abs(r) >= 0.005) weights[f] = r;
  });
  return { bias: Math.round(w[dim - 1] * 1000) / 1000, threshold: 0.5, weights };
}

/** The leave-one-source-out models: for each source, a model trained on every row of the others. */
export function heldOutModels(data: Example[], sources: readonly string[]): Map<string, LinearModel> {
  return new Map(sources.map((src) => [src, train(data.filter((e) => e.row.dataset !== src))]));
}

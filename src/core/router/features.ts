// Features of the learned reasoner cue model (model.ts, trained by scripts/trainRouter.ts on routing-dev.jsonl only).
// Shared by the runtime and the training script so both see exactly the same features: word unigrams and bigrams of
// the user's words (lower-cased, benign phrases already blanked by the caller, light stemming), the command as a
// prior, the length of the request, and a few marks of the selected code (atomics, locks, threads, shared state, SQL).
import type { Task } from '../types';

export interface LinearModel {
  /** Logistic regression, P(reasoner) = sigmoid(bias + Σ weights[f]) over the binary features present. */
  bias: number;
  weights: Record<string, number>;
  /** Lift a cheap/coder decision to the reasoner when P(reasoner) ≥ threshold (chosen on dev cross-validation). */
  threshold: number;
}

const STOP = new Set(['a', 'an', 'the', 'to', 'of', 'and', 'or', 'in', 'on', 'for', 'this', 'that', 'it', 'is', 'be', 'me', 'my', 'pls', 'please']);

/** Light stemming: enough to fold "debited/debit", "overwrites/overwrite", "charging/charge" together. */
export function stem(w: string): string {
  if (w.length <= 4) return w;
  if (w.endsWith('ies') && w.length > 5) return w.slice(0, -3) + 'y';
  if (w.endsWith('ing') && w.length > 6) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 5) return w.slice(0, -2);
  if (w.endsWith('es') && w.length > 5 && /(ch|sh|ss|x)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

export function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /[a-z0-9][a-z0-9']*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const w = m[0].replace(/'/g, '');
    if (w.length > 24) continue;
    out.push(stem(w));
  }
  return out;
}

const CODE_MARKS: Array<[string, RegExp]> = [
  ['code:atomics', /\batomic|Atomic|compare_?exchange|compareAndSet|fetch_add|Interlocked|memory_order|Ordering::/],
  ['code:locks', /\b(lock|Lock|unlock|Unlock|mutex|Mutex|RwLock|RLock|synchronized|Semaphore|sync\.Mutex)\b/],
  ['code:threads', /\b(thread|Thread|goroutine|go func|spawn|pthread_|ExecutorService|Task\.Run|parallel|Parallel|asyncio|Promise\.all|await|async)\b/],
  ['code:shared-state', /^\s*(static|global|var|let)\s+\w+\s*(;|=\s*(false|true|0|nil|null|None|\{\}|\[\]))|\bstatic (?!final)\w+ \w+\s*=|\bstatic final Map\b|^_\w+ = \{\}/m],
  ['code:sql', /\b(SELECT|UPDATE|INSERT|DELETE)\b[\s\S]{0,80}\b(FROM|SET|INTO|WHERE)\b/],
  ['code:io', /\b(save|commit|charge|send|request|fetch|http|open|write)\w*\(/],
];

/** The binary features of one request; `text` is the normalised (lower-cased, benign-masked) instruction. */
export function features(task: Task, text: string, selection: string): string[] {
  const f = new Set<string>([`task:${task}`]);
  const toks = tokens(text);
  for (let i = 0; i < toks.length; i++) {
    if (!STOP.has(toks[i])) f.add(toks[i]);
    if (i + 1 < toks.length) f.add(`${toks[i]} ${toks[i + 1]}`);
  }
  f.add(toks.length === 0 ? 'len:empty' : toks.length <= 8 ? 'len:short' : toks.length <= 20 ? 'len:medium' : 'len:long');
  if (text.includes('?')) f.add('mark:question');
  const sel = selection.slice(0, 4000);
  if (!sel.trim()) f.add('code:none');
  else {
    let lines = 1;
    for (let i = 0; i < sel.length; i++) if (sel.charCodeAt(i) === 10) lines++;
    f.add(lines <= 3 ? 'code:short' : lines <= 12 ? 'code:medium' : 'code:long');
    for (const [name, re] of CODE_MARKS) if (re.test(sel)) f.add(name);
  }
  return [...f];
}

export interface ModelScore {
  p: number;
  /** The present features that pushed most towards the reasoner, strongest first. */
  top: string[];
}

/**
 * Function words carry weight in the model (scenario voice: "we", "could", "if") but say nothing in a reason; the
 * reason names the strongest content words and code marks instead.
 */
const QUIET = new Set(['we', 'our', 'us', 'i', 'you', 'your', 'they', 'can', 'could', 'would', 'should', 'will', 'does', 'do', 'did', 'if', 'but', 'so', 'then', 'there', 'here', 'about', 'from', 'after', 'before', 'with', 'what', 'when', 'where', 'why', 'how', 'which', 'who', 'make', 'get', 'are', 'was', 'were', 'has', 'have', 'not', 'no', 'at', 'by', 'as', 'its', 'just', 'all', 'some', 'one', 'any', 'happen', 'explain', 'and explain', 'code: long', 'code: medium', 'code: short', 'code: none']);

function quiet(f: string): boolean {
  if (f.startsWith('task:') || f.startsWith('len:') || f.startsWith('mark:') || f.startsWith('code:none') || /^code:(long|medium|short)$/.test(f)) return true;
  const parts = f.split(' ');
  return parts.every((w) => QUIET.has(w) || STOP.has(w));
}

export function scoreModel(model: LinearModel, feats: string[]): ModelScore {
  let z = model.bias;
  const pos: Array<[string, number]> = [];
  for (const f of feats) {
    const w = model.weights[f];
    if (w === undefined) continue;
    z += w;
    if (w > 0 && !quiet(f)) pos.push([f, w]);
  }
  pos.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { p: 1 / (1 + Math.exp(-z)), top: pos.slice(0, 3).map(([f]) => f) };
}

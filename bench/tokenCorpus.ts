// Text the team did not write, for measuring (bench/tokens.ts) and fitting (scripts/fitTokens.ts) the token
// estimator, by kind. Everything is read from the repository or node_modules at run time, so nothing new is
// committed: provenance and licence travel with each item.
//   prose: problem statements (LeetCode via doocs/leetcode, CC BY-SA 4.0; MBPP, CC BY 4.0), bug reports (Go
//          concurrency bug commit messages, test/data/external), READMEs of npm packages under permissive licences
//          (code blocks removed).
//   code:  JS/TS sources of npm packages, the HumanEval prompts (MIT) and QuixBugs programs (MIT).
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface CorpusItem {
  kind: 'prose' | 'code';
  group: string;
  source: string;
  licence: string;
  text: string;
}

const ROOT = path.join(__dirname, '..');
const PERMISSIVE = /^(MIT|ISC|Apache-2\.0|BSD-2-Clause|BSD-3-Clause|0BSD|BlueOak-1\.0\.0|Python-2\.0)$/;

/** FNV-1a, for a deterministic split and sample that does not depend on file order. */
export function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Held-out half (measured by the bench) or fit half (used by scripts/fitTokens.ts). */
export function isHeldOut(item: CorpusItem): boolean {
  return fnv(item.source) % 2 === 0;
}

function jsonl(file: string): any[] {
  const p = path.join(ROOT, 'test/data/external', file);
  if (!existsSync(p)) return [];
  return readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

const cap = (s: string, n: number) =>
  s.length > n ? s.slice(0, s.lastIndexOf('\n', n) > n / 2 ? s.lastIndexOf('\n', n) : n) : s;

function stripCode(md: string): string {
  return md
    .replace(/^```[\s\S]*?^```[^\n]*$/gm, '')
    .replace(/^~~~[\s\S]*?^~~~[^\n]*$/gm, '')
    .replace(/<[^>\n]+>/g, '')
    .replace(/\n{3,}/g, '\n\n');
}

function packages(): { dir: string; name: string; licence: string }[] {
  const nm = path.join(ROOT, 'node_modules');
  const out: { dir: string; name: string; licence: string }[] = [];
  const visit = (dir: string, name: string) => {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const licence = typeof pkg.license === 'string' ? pkg.license : '';
      if (PERMISSIVE.test(licence)) out.push({ dir, name, licence });
    } catch {
      /* not a package */
    }
  };
  for (const e of readdirSync(nm)) {
    if (e.startsWith('.')) continue;
    if (e.startsWith('@')) for (const s of readdirSync(path.join(nm, e))) visit(path.join(nm, e, s), `${e}/${s}`);
    else visit(path.join(nm, e), e);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function walkJs(dir: string, out: string[], depth = 0): void {
  if (depth > 4 || out.length > 6) return;
  for (const e of readdirSync(dir).sort()) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    const p = path.join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) walkJs(p, out, depth + 1);
    else if (/\.(js|ts|mjs|cjs)$/.test(e) && !/\.min\.|\.d\.ts$|\.map$/.test(e) && st.size > 1500 && st.size < 400_000)
      out.push(p);
  }
}

export function tokenCorpus(): CorpusItem[] {
  const items: CorpusItem[] = [];
  const leet = 'doocs/leetcode@b6ee4f59f28bcf325b7ec535d0a0e12b409e70f4';
  for (const r of jsonl('leetcode.jsonl'))
    if (r.instruction?.length > 300)
      items.push({
        kind: 'prose',
        group: 'problem statements',
        source: `${leet}:${r.source?.path ?? r.id}`,
        licence: 'CC-BY-SA-4.0',
        text: r.instruction,
      });
  const mbpp = jsonl('mbpp.jsonl')
    .map((r) => r.instruction)
    .filter(Boolean);
  for (let i = 0; i + 10 <= mbpp.length; i += 10)
    items.push({
      kind: 'prose',
      group: 'problem statements',
      source: `google-research/mbpp rows ${i}-${i + 9}`,
      licence: 'CC-BY-4.0',
      text: mbpp.slice(i, i + 10).join('\n'),
    });
  for (const r of jsonl('go-concurrency-bugs.jsonl'))
    if (r.instruction?.length > 200)
      items.push({
        kind: 'prose',
        group: 'bug reports',
        source: `${r.source?.repo ?? ''}@${r.source?.commit ?? r.id}`,
        licence: "the project's (commit message)",
        text: r.instruction,
      });
  for (const p of packages()) {
    const readme = ['README.md', 'readme.md', 'Readme.md'].map((f) => path.join(p.dir, f)).find(existsSync);
    if (readme) {
      const text = cap(stripCode(readFileSync(readme, 'utf8')), 12_000);
      if (text.length > 800)
        items.push({ kind: 'prose', group: 'READMEs', source: `npm:${p.name}/README.md`, licence: p.licence, text });
    }
    const js: string[] = [];
    walkJs(p.dir, js);
    for (const f of js.slice(0, 2))
      items.push({
        kind: 'code',
        group: 'npm sources',
        source: `npm:${p.name}/${path.relative(p.dir, f)}`,
        licence: p.licence,
        text: cap(readFileSync(f, 'utf8'), 12_000),
      });
  }
  for (const r of jsonl('humaneval.jsonl'))
    if (r.selection?.length > 300)
      items.push({
        kind: 'code',
        group: 'HumanEval',
        source: `openai/human-eval:${r.id}`,
        licence: 'MIT',
        text: r.selection,
      });
  for (const r of jsonl('quixbugs.jsonl'))
    if (r.selection?.length > 300)
      items.push({
        kind: 'code',
        group: 'QuixBugs',
        source: `jkoppel/QuixBugs:${r.source?.path ?? r.id}`,
        licence: 'MIT',
        text: r.selection,
      });
  return items;
}

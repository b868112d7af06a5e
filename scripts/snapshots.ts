// Reading the local snapshots of public repositories the data builders start from (the search tool's `fetch` puts
// them under /work/.mirror/OWNER+NAME/repo; override with FRUGAL_MIRRORS=dir), and the deterministic hash they
// sample by. Shared by scripts/buildRouter*.ts and scripts/trainRouter.ts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const mirrors = process.env.FRUGAL_MIRRORS ?? '/work/.mirror';

export function gitDir(repo: string): string {
  const dir = join(mirrors, repo.replace('/', '+'), 'repo');
  if (!existsSync(dir)) throw new Error(`no snapshot of ${repo} at ${dir} (fetch github:${repo} first)`);
  return dir;
}

/** A git command's output as bytes. */
export function gitBuf(repo: string, ...args: string[]): Buffer {
  return execFileSync('git', ['--git-dir', gitDir(repo), ...args], { maxBuffer: 256 * 1024 * 1024 });
}

/** A git command's output as text. */
export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir(repo), ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

export function head(repo: string): string {
  return git(repo, 'rev-parse', 'HEAD').trim();
}

/** Many blobs of one snapshot's HEAD in a single `git cat-file --batch` call (absent paths are left out). */
export function readMany(repo: string, paths: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!paths.length) return out;
  const batch = execFileSync('git', ['--git-dir', gitDir(repo), 'cat-file', '--batch'], {
    input: paths.map((p) => `HEAD:${p}`).join('\n') + '\n',
    maxBuffer: 1024 * 1024 * 1024,
  });
  let off = 0;
  for (const p of paths) {
    const nl = batch.indexOf(10, off);
    const header = batch.subarray(off, nl).toString();
    if (header.endsWith(' missing')) {
      off = nl + 1;
      continue;
    }
    const size = Number(header.split(' ')[2]);
    out.set(p, batch.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    off = nl + 1 + size + 1;
  }
  return out;
}

/** Deterministic 32-bit FNV-1a, for sampling without a random seed. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** One of `xs`, chosen by the hash of `key`. */
export function pick<T>(xs: readonly T[], key: string): T {
  return xs[hash(key) % xs.length];
}

/**
 * The committed form of a row whose text may not be stored: every field but the instruction and the selection, plus
 * a SHA-256 of the text (as the tests recompute it from the local cache) and its length.
 */
export function idsOnlyRow<R extends { instruction: string; selection: string }>(row: R): Record<string, unknown> {
  const { instruction, selection, ...rest } = row;
  return {
    ...rest,
    textSha256: createHash('sha256')
      .update(JSON.stringify([instruction, selection, []]))
      .digest('hex'),
    textChars: instruction.length + selection.length,
  };
}

/**
 * Writes an ids-only source: its rows with their text to the local cache, their committed form to
 * test/data/external/NAME.ids.jsonl, and its SOURCES.json entry (replacing the old one, appended last).
 */
export function writeIdsSource(
  name: string,
  dirs: { outDir: string; cacheDir: string },
  rows: Array<{ instruction: string; selection: string }>,
  entry: (rowCount: number) => Record<string, unknown>,
): void {
  mkdirSync(dirs.cacheDir, { recursive: true });
  writeFileSync(join(dirs.cacheDir, `${name}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(
    join(dirs.outDir, `${name}.ids.jsonl`),
    rows.map((r) => JSON.stringify(idsOnlyRow(r))).join('\n') + '\n',
  );
  const sourcesPath = join(dirs.outDir, 'SOURCES.json');
  const sources = (JSON.parse(readFileSync(sourcesPath, 'utf8')) as { name: string }[]).filter((x) => x.name !== name);
  sources.push({ name, ...entry(rows.length) } as { name: string });
  writeFileSync(sourcesPath, JSON.stringify(sources, null, 2) + '\n');
}

export const CODEFORCES = 'zjx-kimi/CodeForces-Problems';

/** A problem of the zjx-kimi/CodeForces-Problems snapshot, as its NNNN/problem.yaml gives it. */
export interface CodeforcesProblem {
  /** The snapshot's directory ("10"), holding problem.yaml and problem.md. */
  dir: string;
  /** Codeforces' problem id ("1924E"). */
  pid?: string;
  title?: string;
  /** The rating its tag "*NNNN" gives; NaN when unrated. */
  rating: number;
}

/** Every problem of the Codeforces snapshot with a problem.yaml, in the snapshot's directory order. */
export function codeforcesProblems(): CodeforcesProblem[] {
  const dirs = git(CODEFORCES, 'ls-tree', '--name-only', 'HEAD')
    .split('\n')
    .filter((d) => /^\d+$/.test(d));
  const yamls = readMany(
    CODEFORCES,
    dirs.map((d) => `${d}/problem.yaml`),
  );
  const out: CodeforcesProblem[] = [];
  for (const dir of dirs) {
    const y = yamls.get(`${dir}/problem.yaml`);
    if (!y) continue;
    out.push({
      dir,
      pid: /^pid: P(\d+[A-Z]\d?)$/m.exec(y)?.[1],
      title: /^title: (.+)$/m
        .exec(y)?.[1]
        ?.replace(/^'(.*)'$/, '$1')
        .replace(/''/g, "'"),
      rating: Number(/^ {2}- '\*(\d+)'$/m.exec(y)?.[1]),
    });
  }
  return out;
}

/**
 * A Codeforces rating banded like LeetCode's levels: <= 1200 Easy, 1300-1900 Medium, >= 2100 Hard; 2000 is left out
 * so the bands stay apart.
 */
export function codeforcesBand(rating: number): 'Easy' | 'Medium' | 'Hard' | undefined {
  return rating <= 1200 ? 'Easy' : rating <= 1900 ? 'Medium' : rating >= 2100 ? 'Hard' : undefined;
}

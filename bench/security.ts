// Security figures: the Markdown renderer on 1 MB pathological answers, secret redaction recall on public scanner
// corpora (and false positives on ordinary source files), and requests against hostile local servers versus the
// configured deadline. `npm run bench security` runs this suite alone.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { INLINE_LIMIT, MARKDOWN_LIMIT, renderMarkdown } from '../src/core/markdown';
import { redactSecrets } from '../src/core/privacy';
import { findWithGitleaks, goRegexToJs } from '../src/core/privacy/gitleaks';
import gitleaksData from '../src/core/privacy/gitleaks-rules.json';
import type { CorpusRow } from '../scripts/buildRedactionCorpus';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { defaultConfig, parseConfig } from '../src/core/config';
import { ProviderClient } from '../src/core/provider';
import { Pipeline } from '../src/core/pipeline';
import { Ledger } from '../src/core/ledger';
import { MemoryLogger } from '../src/core/ports';
import { startHostileServer, type HostileMode } from '../test/fixtures/hostile';
import { median, round } from './stats';

type Figures = Record<string, { value: number; unit: string; note: string }>;

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const para = (unit: string): string => fill(`${unit.repeat(Math.floor((INLINE_LIMIT - 1) / unit.length))}\n\n`);

/** 1 MB answers built to hurt a Markdown parser: delimiter runs, nesting, wide tables, entity and bracket floods. */
export function pathologicalAnswers(): Record<string, string> {
  return {
    brackets: fill('['),
    images: fill('!['),
    linkOpeners: fill('[a]('),
    parens: `[a](${fill('(')}`,
    underscores: fill('_a'),
    stars: fill('*a **a '),
    backticks: fill('`a'),
    angle: fill('<'),
    entities: fill('&#'),
    backslashes: fill('\\'),
    htmlAttrs: fill('<a href="'),
    quotes: fill('> '),
    bullets: fill('- '),
    indentedBullets: fill(Array.from({ length: 60 }, (_, i) => `${' '.repeat(i)}- x\n`).join('')),
    tableRows: `|a|b|\n|-|-|\n${fill('|x|y|\n')}`,
    wideTable: `${fill('|a')}\n${fill('|-')}\n${fill('|x')}`,
    referenceDefs: fill('[a]: b\n'),
    setext: fill('a\n=\n'),
    fences: fill('```\n'),
    headings: fill('# '),
    // paragraphs just under the size past which a paragraph is shown as text: the dearest inline parsing there is
    bracketParagraphs: para('['),
    emphasisParagraphs: para('_a'),
    mixedParagraphs: para('*[`_<!&'),
    linkParagraphs: para('[a]('),
    ordinary: fill('Some **bold** text, `code` and [a link](https://x.example).\n\n- one\n- two\n\n'),
  };
}

export function runMarkdownBench(runs = 7): Figures {
  const inputs = pathologicalAnswers();
  const perInput: [string, number][] = [];
  for (const [name, md] of Object.entries(inputs)) {
    renderMarkdown(md); // warm
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      renderMarkdown(md);
      times.push(performance.now() - t0);
    }
    perInput.push([name, median(times)]);
  }
  perInput.sort((a, b) => b[1] - a[1]);
  const [worst, ms] = perInput[0];
  return {
    markdown_render_1mb_pathological_ms: {
      value: round(ms, 1),
      unit: 'ms',
      note:
        `slowest of ${perInput.length} 1 MiB pathological answers (median of ${runs} renders each): ${worst}; next ${perInput
          .slice(1, 4)
          .map(([n, t]) => `${n} ${round(t, 1)}`)
          .join(', ')} ms. ` +
        `markdown-it with raw HTML off; paragraphs over ${INLINE_LIMIT / 1024} KiB shown as text, answers past ${MARKDOWN_LIMIT / 1024} KiB shown as plain text after the last settled block; ` +
        `1-min load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
    },
  };
}

const ROOT = path.join(__dirname, '..');

/** The corpora committed under test/data/external/redaction: what a fresh clone measures. */
const COMMITTED_CORPORA = [
  'test/data/external/redaction/gitleaks.jsonl',
  'test/data/external/redaction/secretlint.jsonl',
  'test/data/external/redaction/detect-secrets.jsonl',
];
/** Built on this machine only (scripts/buildRedactionCorpus.ts --trufflehog; AGPL, so never committed). */
const LOCAL_CORPORA = ['.cache/redaction/trufflehog.jsonl'];

/**
 * The scanner corpora. `local` adds the ones built only into this machine's cache; the bench's figures never
 * include them (a fresh clone could not reproduce them), they are reported beside the figures when present.
 */
export function loadRedactionCorpora(opts: { local?: boolean } = {}): { rows: CorpusRow[]; sources: string[] } {
  const rows: CorpusRow[] = [];
  const sources: string[] = [];
  for (const file of [...COMMITTED_CORPORA, ...(opts.local ? LOCAL_CORPORA : [])]) {
    const p = path.join(ROOT, file);
    if (!existsSync(p)) {
      if (COMMITTED_CORPORA.includes(file)) throw new Error(`redaction bench: committed corpus ${file} is missing`);
      continue;
    }
    sources.push(path.basename(file, '.jsonl'));
    for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) rows.push(JSON.parse(line) as CorpusRow);
  }
  return { rows, sources };
}

/** Whether every secret of the row is gone from the redacted text (no half of it left); for rows without known secrets, whether anything was found. */
export function withheld(row: CorpusRow, redacted: string, total: number): boolean {
  if (!row.secrets.length) return total > 0;
  return row.secrets.every((s) => {
    const w = Math.max(8, Math.ceil(s.length / 2));
    for (let i = 0; i + w <= s.length; i++) if (redacted.includes(s.slice(i, i + w))) return false;
    return true;
  });
}

/**
 * Ordinary source files: the .js/.ts/.mjs/.cjs files of the dev dependencies, tests and fixtures included; `limit`
 * of them evenly spaced over all of them in path order (so no one package dominates).
 */
export function ordinaryFiles(limit = 8000): string[] {
  const all = allSourceFiles();
  if (all.length <= limit) return all;
  return Array.from({ length: limit }, (_, i) => all[Math.floor((i * all.length) / limit)]);
}

function allSourceFiles(cap = 400_000): string[] {
  const limit = cap;
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (out.length >= limit) return;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= limit) return;
      const p = path.join(dir, e);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (e !== '.bin' && e !== '.cache') walk(p);
      } else if (/\.(?:[cm]?js|ts)$/.test(e) && !e.endsWith('.min.js') && st.size > 200 && st.size < 512 * 1024)
        out.push(p);
    }
  };
  walk(path.join(ROOT, 'node_modules'));
  return out;
}

const pct = (a: number, b: number): number => (b ? round((100 * a) / b, 1) : 0);

interface RecallStats {
  sources: string[];
  rows: number;
  families: { name: string; n: number; ok: number; pct: number }[];
  bare: { ok: number; n: number; allOk: number; allN: number; missed: string };
  conn: { ok: number; n: number; missed: string };
  keys: { ok: number; n: number; missed: string };
  generic: { ok: number; n: number; missed: string };
  negatives: { flagged: number; n: number };
}

/** Recall per family and category over scanner corpus rows. */
export function measureRecall(rows: readonly CorpusRow[], sources: string[]): RecallStats {
  const results = rows.map((row) => {
    const r = redactSecrets(row.text);
    return { row, ok: withheld(row, r.text, r.total), flagged: r.total > 0 };
  });
  const positives = results.filter((x) => x.row.positive);
  // per vendor family: assignment and fixture contexts over all sources
  const fam = new Map<string, { n: number; ok: number }>();
  for (const x of positives) {
    if (x.row.category !== 'vendor' || x.row.context === 'bare') continue;
    const f = fam.get(x.row.family) ?? { n: 0, ok: 0 };
    f.n++;
    if (x.ok) f.ok++;
    fam.set(x.row.family, f);
  }
  const families = [...fam]
    .filter(([, f]) => f.n >= 3)
    .map(([name, f]) => ({ name, ...f, pct: pct(f.ok, f.n) }))
    .sort((a, b) => a.pct - b.pct || b.n - a.n);
  // bare: gitleaks' generated secrets alone in a call, for formats that identify themselves (the rule set's own
  // regex finds the value with no name around it)
  const bareAll = positives.filter((x) => x.row.context === 'bare');
  const bare = bareAll.filter((x) => findWithGitleaks(x.row.text).some((f) => f.ruleId === x.row.rule));
  const cat = (c: string) => positives.filter((x) => x.row.category === c && x.row.context !== 'bare');
  const missed = (xs: typeof results) =>
    xs
      .filter((x) => !x.ok)
      .slice(0, 3)
      .map((x) => `${x.row.source}:${x.row.rule}`)
      .join(', ');
  const tally = (xs: typeof results) => ({ ok: xs.filter((x) => x.ok).length, n: xs.length, missed: missed(xs) });
  const negatives = results.filter((x) => !x.row.positive);
  return {
    sources,
    rows: rows.length,
    families,
    bare: {
      ...tally(bare),
      allOk: bareAll.filter((x) => x.ok).length,
      allN: bareAll.length,
    },
    conn: tally(cat('connection-string')),
    keys: tally(cat('private-key')),
    generic: tally(cat('generic')),
    negatives: { flagged: negatives.filter((x) => x.flagged).length, n: negatives.length },
  };
}

const lowest = (s: RecallStats, k = 5) =>
  s.families
    .slice(0, k)
    .map((f) => `${f.name} ${f.ok}/${f.n}`)
    .join(', ');

export function runRedactionBench(): Figures {
  const committed = loadRedactionCorpora();
  const c = measureRecall(committed.rows, committed.sources);
  // the corpora only this machine's cache holds: measured with the committed ones, reported beside each figure
  const withLocal = loadRedactionCorpora({ local: true });
  const localNames = withLocal.sources.filter((x) => !committed.sources.includes(x));
  const l = localNames.length ? measureRecall(withLocal.rows, withLocal.sources) : undefined;
  const localNote = (f: (s: RecallStats) => string) =>
    l
      ? ` With the local-only ${localNames.join(', ')} corpus added (${l.rows} rows; not committed, so not in this figure): ${f(l)}.`
      : ` The local-only trufflehog corpus (AGPL, built by scripts/buildRedactionCorpus.ts into .cache/redaction) was not present.`;
  // false positives on ordinary files
  const files = ordinaryFiles();
  let flaggedFiles = 0;
  const kinds = new Map<string, number>();
  for (const f of files) {
    const r = redactSecrets(readFileSync(f, 'utf8'));
    if (r.total) {
      flaggedFiles++;
      for (const k of r.findings) kinds.set(k.kind, (kinds.get(k.kind) ?? 0) + 1);
    }
  }
  const topKinds = [...kinds]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const src = `${c.sources.join(', ')} (${c.rows} rows, the committed corpora a fresh clone measures; gitleaks rules ${(gitleaksData as { source: { commit: string } }).source.commit.slice(0, 10)})`;
  const allVendor = (s: RecallStats) =>
    pct(
      s.families.reduce((a, f) => a + f.ok, 0),
      s.families.reduce((a, f) => a + f.n, 0),
    );
  void goRegexToJs;
  return {
    redaction_recall_vendor_min_pct: {
      value: c.families[0]?.pct ?? 0,
      unit: '%',
      note:
        `lowest recall over ${c.families.length} vendor families with >= 3 samples (assignment and fixture contexts) on ${src}; lowest: ${lowest(c)}; all vendor samples ${allVendor(c)}%.` +
        localNote(
          (s) =>
            `lowest ${s.families[0]?.pct ?? 0}% over ${s.families.length} families (${lowest(s)}), all ${allVendor(s)}%`,
        ),
    },
    redaction_recall_bare_pct: {
      value: pct(c.bare.ok, c.bare.n),
      unit: '%',
      note: `gitleaks-generated vendor secrets alone in client.connect("..."), ${c.bare.ok}/${c.bare.n}, for formats that identify themselves (the rule's own regex finds the bare value); over all ${c.bare.allN} bare samples, including formats only a name around them identifies: ${pct(c.bare.allOk, c.bare.allN)}%. Missed e.g. ${c.bare.missed || 'none'}`,
    },
    redaction_recall_connection_string_pct: {
      value: pct(c.conn.ok, c.conn.n),
      unit: '%',
      note:
        `connection strings and basic-auth URLs (secretlint, detect-secrets fixtures): ${c.conn.ok}/${c.conn.n}; missed e.g. ${c.conn.missed || 'none'}.` +
        localNote((s) => `${s.conn.ok}/${s.conn.n}, missed e.g. ${s.conn.missed || 'none'}`),
    },
    redaction_recall_private_key_pct: {
      value: pct(c.keys.ok, c.keys.n),
      unit: '%',
      note:
        `private keys (PEM, PuTTY, secp256k1 hex): ${c.keys.ok}/${c.keys.n}; missed e.g. ${c.keys.missed || 'none'}.` +
        localNote((s) => `${s.keys.ok}/${s.keys.n}, missed e.g. ${s.keys.missed || 'none'}`),
    },
    redaction_recall_generic_assignment_pct: {
      value: pct(c.generic.ok, c.generic.n),
      unit: '%',
      note:
        `generic secret assignments (gitleaks generic, detect-secrets keyword): ${c.generic.ok}/${c.generic.n}; missed e.g. ${c.generic.missed || 'none'}.` +
        localNote((s) => `${s.generic.ok}/${s.generic.n}`),
    },
    redaction_false_positive_files_pct: {
      value: pct(flaggedFiles, files.length),
      unit: '%',
      note:
        `${flaggedFiles} of ${files.length} ordinary source files (.js/.ts of the dev dependencies in node_modules, evenly spaced in path order) had anything redacted; by kind: ${topKinds || 'none'}. Scanner negatives flagged: ${c.negatives.flagged}/${c.negatives.n} (committed corpora).` +
        localNote((s) => `negatives flagged ${s.negatives.flagged}/${s.negatives.n}`),
    },
  };
}

/**
 * Requests against hostile servers on 127.0.0.1 (endless stream, slow drip, hang, 503 with Retry-After, a flood of
 * big chunks), with a 2 s total deadline and a 5 s inactivity timeout the drip never trips; and one whole request
 * through the pipeline (cascade on) against an endless stream with a 3 s wait budget. Wall time over the limit that
 * should end it.
 */
export async function runHostileBench(runs = 3): Promise<Figures> {
  const deadlineMs = 2000;
  const model = defaultConfig().models['deepseek-coder'];
  const rows: { name: string; wall: number; limit: number }[] = [];
  const modes: [HostileMode, { intervalMs?: number; retryAfterSeconds?: number }][] = [
    ['endless', { intervalMs: 10 }],
    ['drip', { intervalMs: 500 }],
    ['hang', {}],
    ['retry-after', { retryAfterSeconds: 0.6 }],
    ['flood', {}],
  ];
  for (const [mode, o] of modes) {
    for (let r = 0; r < runs; r++) {
      const server = await startHostileServer(mode, o);
      const t0 = performance.now();
      try {
        await new ProviderClient().chat({
          provider: { id: 'default', baseUrl: server.baseUrl },
          model,
          apiKey: 'sk-bench-0000000000',
          messages: [{ role: 'user', content: 'hi' }],
          timeoutMs: 5000,
          deadlineMs,
          maxRetries: 10,
          maxAnswerChars: mode === 'flood' ? 4_000_000 : undefined,
        });
      } catch {
        /* expected: the deadline */
      }
      rows.push({ name: mode, wall: performance.now() - t0, limit: deadlineMs });
      await server.close();
    }
  }
  // the whole request: cascade across tiers, every attempt an endless stream
  for (let r = 0; r < runs; r++) {
    const server = await startHostileServer('endless', { intervalMs: 10 });
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-hostile-'));
    const logger = new MemoryLogger();
    const ledger = new Ledger({ dir, logger });
    await ledger.load();
    const config = parseConfig({
      baseUrl: server.baseUrl,
      'request.totalDeadlineSeconds': 2,
      'request.maxWaitSeconds': 3,
      'request.timeoutSeconds': 5,
    }).config;
    const pipeline = new Pipeline({
      getConfig: () => config,
      provider: new ProviderClient(),
      secrets: { getApiKey: async () => 'sk-bench-0000000000' },
      ledger,
      logger,
      workspace: 'bench',
    });
    const t0 = performance.now();
    try {
      await pipeline.run({
        task: 'generate',
        instruction: 'write a CSV parser',
        languageId: 'typescript',
        selection: '',
      });
    } catch {
      /* partial or error: either way it ended */
    }
    rows.push({ name: 'pipeline-cascade', wall: performance.now() - t0, limit: 3000 });
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const worst = rows.reduce((a, b) => (b.wall / b.limit > a.wall / a.limit ? b : a));
  const byMode = [...new Set(rows.map((x) => x.name))].map(
    (n) => `${n} ${round(Math.max(...rows.filter((x) => x.name === n).map((x) => x.wall)) / 1000, 2)} s`,
  );
  return {
    hostile_max_wall_over_deadline_ratio: {
      value: round(worst.wall / worst.limit, 3),
      unit: 'ratio',
      note: `longest wall time over its limit in ${rows.length} requests against hostile servers on 127.0.0.1 (${runs} runs each; deadline 2 s per attempt, 5 s inactivity timeout; the pipeline case a 3 s wait budget across tiers): worst ${worst.name}; per case (max): ${byMode.join(', ')}`,
    },
  };
}

export async function runSecurityBench(): Promise<Figures> {
  return { ...runMarkdownBench(), ...runRedactionBench(), ...(await runHostileBench()) };
}

if (require.main === module)
  void (
    process.argv[2] === 'redaction'
      ? Promise.resolve(runRedactionBench())
      : process.argv[2] === 'hostile'
        ? runHostileBench()
        : runSecurityBench()
  ).then((f) => console.log(JSON.stringify(f, null, 2)));

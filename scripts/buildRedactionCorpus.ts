// Builds the redaction corpora that bench/security.ts measures recall on, from public secret scanners' own test data.
//
//   npx tsx scripts/buildRedactionCorpus.ts --gitleaks GITDIR --secretlint GITDIR --detect-secrets GITDIR [--trufflehog GITDIR]
//
// GITDIR is a git directory (the search tool's `fetch` gives one); files are read at its HEAD with `git show`.
// - gitleaks (MIT): for every rule's sample-secret expression in cmd/generate/config/rules/*.go, secrets generated
//   from the same regexes (randexp, seeded), each put in a bare context (`client.connect("…")`) and in assignment
//   contexts; plus the literal true-positive and false-positive strings written in those files.
// - secretlint (MIT): every secretlint-rule-*/test/snapshots/*/input.* with the secrets at the ranges its
//   output.json reports (ng.* cases), and the ok.* cases as must-not-flag.
// - detect-secrets (Apache-2.0): the (payload, should_flag) pairs of tests/plugins/*_test.py.
// - trufflehog (AGPL-3.0, so never committed): the validPattern/invalidPattern strings of pkg/detectors/*/*_test.go,
//   written to .cache/redaction/trufflehog.jsonl only.
// Committed corpora go to test/data/external/redaction/ with SOURCES.json (repo, commit, paths, licence).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import RandExp from 'randexp';
import { seededRandom } from '../src/core/random';
import { goRegexToJs } from '../src/core/privacy/gitleaks';

export type Category = 'vendor' | 'connection-string' | 'private-key' | 'generic';
export interface CorpusRow {
  source: string;
  path: string;
  rule: string;
  family: string;
  category: Category;
  /** bare: the value alone in a call; assignment: after a name; fixture: the scanner's own test text */
  context: 'bare' | 'assignment' | 'fixture';
  text: string;
  /** values that must not survive redaction (empty: unknown, the row only needs a finding) */
  secrets: string[];
  /** false: text the scanner's authors say holds no secret */
  positive: boolean;
}

const ROOT = path.join(__dirname, '..');
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);

const git = (dir: string, ...a: string[]): string =>
  execFileSync('git', ['--git-dir', dir, ...a], { encoding: 'utf8', maxBuffer: 1 << 28 });
const head = (dir: string): string => git(dir, 'rev-parse', 'HEAD').trim();
const ls = (dir: string, under: string): string[] =>
  git(dir, 'ls-tree', '-r', '--name-only', 'HEAD', under).split('\n').filter(Boolean);
const show = (dir: string, p: string): string => git(dir, 'show', `HEAD:${p}`);

// ---- gitleaks ------------------------------------------------------------------------------------------------------
const rnd = seededRandom(20261201);
const HELPERS: Record<string, (n: string) => string> = {
  Numeric: (n) => `[0-9]{${n}}`,
  Hex: (n) => `[a-f0-9]{${n}}`,
  AlphaNumeric: (n) => `[a-z0-9]{${n}}`,
  AlphaNumericExtendedShort: (n) => `[a-z0-9_-]{${n}}`,
  AlphaNumericExtended: (n) => `[a-z0-9=_\\-]{${n}}`,
  AlphaNumericExtendedLong: (n) => `[a-z0-9\\/=_\\+\\-]{${n}}`,
};

/** Go string literal at s[i] ("…" or `…`): its value and the index after it. */
function goString(s: string, i: number): [string, number] | undefined {
  if (s[i] === '`') {
    const end = s.indexOf('`', i + 1);
    return end < 0 ? undefined : [s.slice(i + 1, end), end + 1];
  }
  if (s[i] !== '"') return undefined;
  let out = '';
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '"') return [out, j + 1];
    if (c === '\n') return undefined;
    if (c === '\\') {
      const n = s[++j];
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
    } else out += c;
  }
  return undefined;
}

/** A regex-pattern expression: literal, utils.X("n"), or such parts joined by +. */
function patternExpr(e: string): string | undefined {
  let out = '';
  for (const part of splitPlus(e)) {
    const lit = goString(part, 0);
    if (lit && lit[1] === part.length) {
      out += lit[0];
      continue;
    }
    const h = /^(?:utils\.)?(\w+)\("(\d+)"\)$/.exec(part);
    if (h && HELPERS[h[1]]) {
      out += HELPERS[h[1]](h[2]);
      continue;
    }
    if (/^(?:utils\.)?Hex8_4_4_4_12\(\)$/.test(part)) {
      out += '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
      continue;
    }
    return undefined;
  }
  return out;
}

/** Splits at top-level + signs (outside strings and parentheses). */
function splitPlus(e: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e[i];
    if (c === '"' || c === '`') {
      const g = goString(e, i);
      if (!g) return [e];
      i = g[1] - 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '+' && depth === 0) {
      parts.push(e.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(e.slice(start).trim());
  return parts;
}

function generate(pattern: string): string | undefined {
  const re = goRegexToJs(pattern);
  if (!re) return undefined;
  const r = new RandExp(new RegExp(re.source, re.flags.includes('i') ? '' : ''));
  r.max = 8;
  r.randInt = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  return r.gen();
}

/** A secret expression: literals and secrets.NewSecret(pattern) joined by +. */
function secretExpr(e: string): string | undefined {
  let out = '';
  for (const part of splitPlus(e)) {
    const lit = goString(part, 0);
    if (lit && lit[1] === part.length) {
      out += lit[0];
      continue;
    }
    const m = /^secrets\.NewSecret\(([\s\S]*)\)$/.exec(part);
    if (!m) return undefined;
    const pat = patternExpr(m[1].trim());
    const g = pat === undefined ? undefined : generate(pat);
    if (g === undefined) return undefined;
    out += g;
  }
  return out;
}

/** The balanced-parenthesis argument list starting at s[open] === '('. */
function callArgs(s: string, open: number): [string, number] | undefined {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === '`') {
      const g = goString(s, i);
      if (!g) return undefined;
      i = g[1] - 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return [s.slice(open + 1, i), i + 1];
  }
  return undefined;
}

function categoryOf(rule: string): Category {
  if (/private-key|privatekey/.test(rule)) return 'private-key';
  if (/^generic/.test(rule)) return 'generic';
  if (/connection-string|basic-?auth|jdbc/.test(rule)) return 'connection-string';
  return 'vendor';
}

const familyOf = (rule: string): string =>
  rule
    .replace(/^@secretlint\/secretlint-rule-/, '')
    .split(/[-_]/)[0]
    .toLowerCase();

/** Contexts a secret is put in: the bare value in a call, and names a person would give it. */
function contexts(ident: string, secret: string): { context: 'bare' | 'assignment'; text: string }[] {
  const id = ident.replace(/[^A-Za-z0-9]/g, '').toLowerCase() || 'service';
  return [
    { context: 'bare', text: `client.connect("${secret}")` },
    { context: 'assignment', text: `${id}_token = "${secret}"` },
    { context: 'assignment', text: `${id.toUpperCase()}_API_KEY=${secret}` },
    { context: 'assignment', text: `${id}:\n  secret: ${secret}` },
    { context: 'assignment', text: `{ "${id}Token": "${secret}" }` },
  ];
}

function gitleaksRows(dir: string): CorpusRow[] {
  const rows: CorpusRow[] = [];
  const rules = new Map<string, RegExp>();
  const toml = show(dir, 'config/gitleaks.toml');
  for (const m of toml.matchAll(/^id = "([^"]+)"\n(?:description = .*\n)?regex = '''(.*)'''$/gm)) {
    const re = goRegexToJs(m[2]);
    if (re) rules.set(m[1], re);
  }
  for (const file of ls(dir, 'cmd/generate/config/rules').filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))) {
    const src = show(dir, file);
    for (const fn of src.split(/\nfunc /).slice(1)) {
      const id = /RuleID:\s*"([^"]+)"/.exec(fn)?.[1];
      if (!id) continue;
      const base = { source: 'gitleaks', path: file, rule: id, family: familyOf(id), category: categoryOf(id) };
      // generated secrets
      for (const m of fn.matchAll(/utils\.GenerateSampleSecrets?\(/g)) {
        const call = callArgs(fn, m.index! + m[0].length - 1);
        if (!call) continue;
        const ident = goString(call[0].trim(), 0);
        if (!ident) continue;
        const rest = call[0].trim().slice(ident[1]).replace(/^\s*,/, '').trim();
        for (let k = 0; k < 2; k++) {
          const secret = secretExpr(rest);
          if (!secret || secret.length < 8) break;
          for (const c of contexts(ident[0], secret)) rows.push({ ...base, ...c, secrets: [secret], positive: true });
          if (!/NewSecret/.test(rest)) break; // a fixed literal: once
        }
      }
      // literal true and false positives: string elements of `tps`/`fps` lists
      for (const m of fn.matchAll(/\b(tps|fps)\s*(?::=\s*\[\]string\{|=\s*append\(\s*\1\s*,)/g)) {
        const positive = m[1] === 'tps';
        let i = m.index! + m[0].length;
        for (;;) {
          while (i < fn.length && /[\s,]/.test(fn[i])) i++;
          if (fn.startsWith('//', i)) {
            i = fn.indexOf('\n', i);
            continue;
          }
          const lit = goString(fn, i);
          if (!lit) break;
          const after = fn.slice(lit[1]).match(/^\s*(?:\/\/[^\n]*)?\s*([,})])/);
          if (!after) break;
          i = lit[1];
          const text = lit[0];
          if (!text.trim()) continue;
          if (positive) {
            const re = rules.get(id);
            if (!re) continue;
            re.lastIndex = 0;
            const mm = re.exec(text);
            if (!mm) continue;
            let g = 0;
            for (let j = 1; j < mm.length; j++)
              if (mm[j]) {
                g = j;
                break;
              }
            const secret = mm[g];
            if (secret.length < 8) continue;
            rows.push({ ...base, context: 'fixture', text, secrets: [secret], positive: true });
          } else rows.push({ ...base, context: 'fixture', text, secrets: [], positive: false });
          if (after[1] !== ',') break;
        }
      }
    }
  }
  return rows;
}

// ---- secretlint ----------------------------------------------------------------------------------------------------
const SECRETLINT_SKIP =
  /secretlint-rule-(?:preset-|pattern$|filter-comments|no-homedir|no-k8s-kind-secret|no-dotenv|example)/;

function secretlintRows(dir: string): CorpusRow[] {
  const rows: CorpusRow[] = [];
  const files = ls(dir, 'packages/@secretlint').filter((f) =>
    /secretlint-rule-[^/]+\/test\/snapshots\/[^/]+\/input\./.test(f),
  );
  for (const file of files) {
    const pkg = /(secretlint-rule-[^/]+)\/test/.exec(file)![1];
    if (SECRETLINT_SKIP.test(pkg)) continue;
    const caseName = path.basename(path.dirname(file));
    let out: { messages: { range: [number, number]; ruleId?: string }[]; sourceContent?: string };
    try {
      out = JSON.parse(show(dir, path.join(path.dirname(file), 'output.json')));
    } catch {
      continue;
    }
    const text = out.sourceContent ?? show(dir, file);
    const rule = pkg.replace(/^secretlint-rule-/, '');
    const base = {
      source: 'secretlint',
      path: file,
      rule,
      family: familyOf(rule),
      category: categoryOf(rule === 'database-connection-string' ? 'connection-string' : rule),
    };
    if (out.messages.length) {
      // for a URL with credentials the secret is its password (the scheme, user and host are not secret)
      const secretOf = (s: string): string => /^[a-z][\w+.:-]*:\/\/[^:@/\s]*:([^@/\s]+)@/i.exec(s)?.[1] ?? s;
      const secrets = [
        ...new Set(out.messages.map((m) => secretOf(text.slice(m.range[0], m.range[1]))).filter((s) => s.length >= 4)),
      ];
      if (secrets.length) rows.push({ ...base, context: 'fixture', text, secrets, positive: true });
    } else if (/^ok/.test(caseName)) rows.push({ ...base, context: 'fixture', text, secrets: [], positive: false });
  }
  return rows;
}

// ---- detect-secrets ------------------------------------------------------------------------------------------------
const PY_EXTRACT = String.raw`
import ast, json, sys
tree = ast.parse(sys.stdin.read())
out = []
for node in ast.walk(tree):
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute) or node.func.attr != 'parametrize': continue
    if len(node.args) < 2 or not isinstance(node.args[0], ast.Constant) or not isinstance(node.args[1], (ast.List, ast.Tuple)): continue
    names = [n.strip() for n in str(node.args[0].value).split(',')]
    flag = next((i for i, n in enumerate(names) if n in ('should_flag', 'expected', 'is_secret', 'should_be_flagged')), None)
    if flag is None: continue
    for el in node.args[1].elts:
        if not isinstance(el, ast.Tuple) or len(el.elts) != len(names): continue
        a, b = el.elts[0], el.elts[flag]
        if isinstance(a, ast.Constant) and isinstance(a.value, str) and isinstance(b, ast.Constant) and isinstance(b.value, bool):
            out.append([a.value, b.value])
print(json.dumps(out))
`;
const DS_CATEGORY: Record<string, Category> = {
  private_key: 'private-key',
  basic_auth: 'connection-string',
  keyword: 'generic',
};

function detectSecretsRows(dir: string): CorpusRow[] {
  const rows: CorpusRow[] = [];
  for (const file of ls(dir, 'tests/plugins').filter((f) => f.endsWith('_test.py'))) {
    const plugin = path.basename(file).replace(/_test\.py$/, '');
    if (
      ['base', 'high_entropy_strings', 'ip_public', 'cloudant', 'softlayer', 'ibm_cloud_iam', 'ibm_cos_hmac'].includes(
        plugin,
      )
    )
      continue; // no named format, or IPs
    const pairs = JSON.parse(
      execFileSync('python3', ['-c', PY_EXTRACT], { input: show(dir, file), encoding: 'utf8' }),
    ) as [string, boolean][];
    for (const [text, flag] of pairs) {
      if (!text.trim()) continue;
      rows.push({
        source: 'detect-secrets',
        path: file,
        rule: plugin,
        family: familyOf(plugin),
        category: DS_CATEGORY[plugin] ?? 'vendor',
        context: 'fixture',
        text,
        secrets: [],
        positive: flag,
      });
    }
  }
  return rows;
}

// ---- trufflehog (not committed: AGPL) ------------------------------------------------------------------------------
function trufflehogRows(dir: string): CorpusRow[] {
  const rows: CorpusRow[] = [];
  for (const file of ls(dir, 'pkg/detectors').filter(
    (f) => /^pkg\/detectors\/[^/]+\/[^/]+_test\.go$/.test(f) && !f.endsWith('_integration_test.go'),
  )) {
    const name = file.split('/')[2];
    const src = show(dir, file);
    for (const m of src.matchAll(/\b(validPattern|invalidPattern)\w*\s*=\s*/g)) {
      const lit = goString(src, m.index! + m[0].length);
      if (!lit || !lit[0].trim()) continue;
      const cat: Category = name.includes('privatekey')
        ? 'private-key'
        : /^(?:uri|jdbc|postgres|mongodb|redis|ftp|ldap|sqlserver|rabbitmq)$/.test(name)
          ? 'connection-string'
          : 'vendor';
      rows.push({
        source: 'trufflehog',
        path: file,
        rule: name,
        family: name.toLowerCase(),
        category: cat,
        context: 'fixture',
        text: lit[0],
        secrets: [],
        positive: m[1] === 'validPattern',
      });
    }
  }
  return rows;
}

/** Rows a redactor is right to leave alone or cannot read: values made of a run of one masking character, and binary files. */
function usable(r: CorpusRow): boolean {
  // eslint-disable-next-line no-control-regex -- binary files are recognised by their control characters
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(r.text)) return false;
  return !(r.positive && /(.)\1{7,}/.test(r.text) && /(?:x|X|Z|0|\*){8,}/.test(r.text));
}

function write(file: string, all: CorpusRow[]): void {
  const rows = all.filter(usable);
  if (rows.length < all.length)
    console.log(
      `${path.basename(file)}: ${all.length - rows.length} rows dropped (binary, or a masked value such as AKIAZZZZZZZZZZZZZZZZ / SKxxxxxxxx)`,
    );
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`${path.relative(ROOT, file)}: ${rows.length} rows (${rows.filter((r) => r.positive).length} positive)`);
}

function main(): void {
  const outDir = path.join(ROOT, 'test/data/external/redaction');
  const sources: object[] = [];
  const run = (
    key: string,
    repo: string,
    licence: string,
    build: (d: string) => CorpusRow[],
    note: string,
    committed = true,
  ): void => {
    const dir = args.get(key);
    if (!dir) return;
    const rows = build(dir);
    const file = committed ? path.join(outDir, `${key}.jsonl`) : path.join(ROOT, '.cache/redaction', `${key}.jsonl`);
    write(file, rows);
    if (committed)
      sources.push({ name: key, file: `${key}.jsonl`, rows: rows.length, repo, commit: head(dir), licence, note });
  };
  run(
    'gitleaks',
    'gitleaks/gitleaks',
    'MIT',
    gitleaksRows,
    'Copyright (c) 2019 Zachary Rice. Secrets generated (seeded randexp) from the sample-secret expressions in cmd/generate/config/rules/*.go, in a bare and four assignment contexts written here; literal tps/fps strings from those files verbatim.',
  );
  run(
    'secretlint',
    'secretlint/secretlint',
    'MIT',
    secretlintRows,
    'Copyright (c) 2020 azu. packages/@secretlint/secretlint-rule-*/test/snapshots: input text verbatim, secrets = the output.json ranges (ng.* cases); ok.* cases as negatives.',
  );
  run(
    'detect-secrets',
    'Yelp/detect-secrets',
    'Apache-2.0',
    detectSecretsRows,
    'Copyright Yelp, Inc. (Apache License 2.0). The (payload, should_flag) pairs of tests/plugins/*_test.py verbatim; unchanged apart from extraction.',
  );
  run('trufflehog', 'trufflesecurity/trufflehog', 'AGPL-3.0', trufflehogRows, '', false);
  if (sources.length) writeFileSync(path.join(outDir, 'SOURCES.json'), JSON.stringify(sources, null, 2) + '\n');
}

if (require.main === module) main();

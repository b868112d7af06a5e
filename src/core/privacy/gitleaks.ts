// gitleaks' published rule set (gitleaks-rules.json, imported verbatim from gitleaks/gitleaks config/gitleaks.toml,
// MIT, Copyright (c) 2019 Zachary Rice) as a secret finder: ~220 vendor formats kept up to date by that project
// rather than by us. Each rule runs only when one of its keywords occurs in the text (as gitleaks does), its secret
// group must reach the rule's Shannon entropy, and the rule's and the global allowlists (regexes, stopwords) apply.
// The regexes are Go RE2 syntax; `goRegexToJs` converts the few constructs JavaScript spells differently.
import data from './gitleaks-rules.json';

interface RawAllowlist {
  regexes?: string[];
  stopwords?: string[];
  regexTarget?: string;
  condition?: string;
}
interface RawRule {
  id: string;
  regex: string;
  keywords: string[];
  secretGroup?: number;
  entropy?: number;
  allowlists?: RawAllowlist[];
}

interface Allowlist {
  regexes: RegExp[];
  stopwords: string[];
  target: 'secret' | 'match' | 'line';
  and: boolean;
}
export interface GitleaksRule {
  id: string;
  re: RegExp;
  keywords: string[];
  secretGroup?: number;
  entropy?: number;
  allowlists: Allowlist[];
}

export interface GitleaksFinding {
  ruleId: string;
  start: number;
  end: number;
  secret: string;
}

/**
 * Go RE2 → JavaScript: inline flags become regex flags (a case-insensitive part makes the whole rule so, which can
 * only widen it), `(?-i:` and `(?i:` groups become plain groups, `\z`/`\A` become look-arounds, `(?P<n>` → `(?<n>`,
 * POSIX classes are spelled out. Returns undefined for what it cannot convert.
 */
export function goRegexToJs(src: string): RegExp | undefined {
  let flags = 'g';
  let s = src;
  if (/\\Q|\\p\{|\\P\{|\\x\{/.test(s)) return undefined;
  if (/\(\?[a-z]*i[a-z]*\)|\(\?i:/.test(s)) flags += 'i';
  if (/\(\?[a-z]*s[a-z]*[):]/.test(s)) flags += 's';
  if (/\(\?[a-z]*m[a-z]*\)/.test(s)) flags += 'm';
  s = s
    .replace(/\(\?[ims]+\)/g, '')
    .replace(/\(\?-?[ims]+:/g, '(?:')
    .replace(/\(\?P</g, '(?<');
  s = s.replace(/\\z/g, '(?![\\s\\S])').replace(/\\A/g, '(?<![\\s\\S])');
  const posix: Record<string, string> = {
    alnum: 'A-Za-z0-9',
    alpha: 'A-Za-z',
    digit: '0-9',
    lower: 'a-z',
    upper: 'A-Z',
    space: '\\s',
    xdigit: 'A-Fa-f0-9',
    word: '\\w',
    punct: '!-\\/:-@\\[-`{-~',
  };
  s = s.replace(/\[:(\w+):\]/g, (m, n: string) => posix[n] ?? m);
  try {
    return new RegExp(s, flags + 'd');
  } catch {
    return undefined;
  }
}

function compileAllowlist(a: RawAllowlist): Allowlist {
  return {
    regexes: (a.regexes ?? [])
      .map((r) => goRegexToJs(r))
      .filter((r): r is RegExp => !!r)
      .map((r) => new RegExp(r.source, r.flags.replace('g', '').replace('d', ''))),
    stopwords: (a.stopwords ?? []).map((w) => w.toLowerCase()),
    target: a.regexTarget === 'match' ? 'match' : a.regexTarget === 'line' ? 'line' : 'secret',
    and: a.condition?.toUpperCase() === 'AND',
  };
}

let compiled: { rules: GitleaksRule[]; global: Allowlist; skipped: string[] } | undefined;

/** The rule set, compiled once; `skipped` names rules whose regex did not convert. */
export function gitleaksRules(): { rules: GitleaksRule[]; global: Allowlist; skipped: string[] } {
  if (compiled) return compiled;
  const rules: GitleaksRule[] = [];
  const skipped: string[] = [];
  for (const r of (data as { rules: RawRule[] }).rules) {
    const re = goRegexToJs(r.regex);
    if (!re) {
      skipped.push(r.id);
      continue;
    }
    rules.push({
      id: r.id,
      re,
      keywords: r.keywords,
      secretGroup: r.secretGroup,
      entropy: r.entropy,
      allowlists: (r.allowlists ?? []).map(compileAllowlist),
    });
  }
  compiled = { rules, global: compileAllowlist((data as { allowlist?: RawAllowlist }).allowlist ?? {}), skipped };
  return compiled;
}

/** Shannon entropy in bits per character, as gitleaks computes it. */
export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

function allowed(a: Allowlist, secret: string, match: string, line: string): boolean {
  const target = a.target === 'match' ? match : a.target === 'line' ? line : secret;
  const checks: boolean[] = [];
  if (a.regexes.length) checks.push(a.regexes.some((r) => r.test(target)));
  if (a.stopwords.length) {
    const lower = secret.toLowerCase();
    checks.push(a.stopwords.some((w) => lower.includes(w)));
  }
  if (!checks.length) return false;
  return a.and ? checks.every(Boolean) : checks.some(Boolean);
}

/**
 * Every span the rule set finds in `text`, leftmost first, overlapping spans dropped. `exclude` can veto a rule by
 * id (the generic assignment rule is left to our own assignment rules, see index.ts).
 */
export function findWithGitleaks(text: string, exclude: ReadonlySet<string> = new Set()): GitleaksFinding[] {
  const { rules, global } = gitleaksRules();
  const lower = text.toLowerCase();
  const found: GitleaksFinding[] = [];
  for (const rule of rules) {
    if (exclude.has(rule.id)) continue;
    if (rule.keywords.length && !rule.keywords.some((k) => lower.includes(k))) continue;
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      // the secret: the named group, else the first group that matched, else the whole match
      let g = rule.secretGroup ?? 0;
      if (!g)
        for (let i = 1; i < m.length; i++)
          if (m[i]) {
            g = i;
            break;
          }
      const secret = m[g] ?? m[0];
      const span = m.indices?.[g] ?? m.indices?.[0];
      if (!secret || !span) continue;
      if (rule.entropy && shannonEntropy(secret) < rule.entropy) continue;
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      const lineEnd = text.indexOf('\n', m.index + m[0].length);
      const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
      if (allowed(global, secret, m[0], line) || rule.allowlists.some((a) => allowed(a, secret, m[0], line))) continue;
      found.push({ ruleId: rule.id, start: span[0], end: span[1], secret });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: GitleaksFinding[] = [];
  let end = -1;
  for (const f of found) {
    if (f.start < end) continue;
    out.push(f);
    end = f.end;
  }
  return out;
}

// Secret redaction before anything leaves the machine, and the files that are never sent as context.
// Each secret is replaced by a placeholder naming its kind, e.g. `[REDACTED:aws-access-key]`.

export interface RedactionResult {
  text: string;
  findings: { kind: string; count: number }[];
  total: number;
}

interface Rule {
  kind: string;
  re: RegExp;
  /** index of the capture group holding the secret (0: whole match) */
  group?: number;
  /** extra check on the captured value */
  accept?: (value: string, match: RegExpExecArray) => boolean;
}

export const placeholder = (kind: string) => `[REDACTED:${kind}]`;

const B = String.raw`(?<![A-Za-z0-9_\-])`; // token boundary before
const E = String.raw`(?![A-Za-z0-9_\-])`; // token boundary after

/** Things that look like values but are not secrets: variables, templates, placeholders, masks. */
function looksLikePlaceholder(v: string): boolean {
  return /^(?:\$\{?|\{\{|<[^>]*>$|%\(?|\*{3,}|x{4,}$|\.\.\.|…|\[REDACTED)/i.test(v) ||
    /^(?:changeme|change_me|your[-_ ]?\w*|example|placeholder|redacted|secret|password|passwd|token|null|none|nil|undefined|true|false|string|number|boolean|any|str|int|bool|bytes|optional)$/i.test(v) ||
    /^(?:process\.env|os\.environ|os\.getenv|env\(|getenv|System\.getenv|ENV\[|config\.|settings\.|self\.|this\.)/.test(v);
}

// starts at a word start and looks back at most 40 chars of name, so long base64/minified runs stay linear
const SECRET_NAME = String.raw`(?<![A-Za-z0-9_.-])(?:[A-Za-z0-9_.-]{0,40}?(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?|signing[_-]?key|encryption[_-]?key|master[_-]?key|session[_-]?key))`;

/** Kind for a name like DB_PASSWORD / apiKey / client_secret. */
function kindForName(name: string): string {
  const n = name.toLowerCase();
  if (/pass|pwd/.test(n)) return 'password';
  if (/api[_-]?key|apikey/.test(n)) return 'api-key';
  if (/token/.test(n)) return 'token';
  if (/private[_-]?key/.test(n)) return 'private-key';
  return 'secret';
}

function plausibleSecretValue(v: string, name: string): boolean {
  if (!v || looksLikePlaceholder(v)) return false;
  if (/\s/.test(v)) return false;
  const isPassword = /pass|pwd/i.test(name);
  if (isPassword) return v.length >= 3;
  // tokens and keys: long, or mixed characters
  if (v.length < 8) return false;
  // names, not secrets: "auth_token", "refreshTokenClientAcquireToken", "x-api-key", "AccessToken"
  if (/^[A-Za-z]+(?:[_.:/-][A-Za-z]+)*$/.test(v)) return false;
  if (/^[A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*$/.test(v) && v.replace(/[^a-z0-9]/gi, '').toLowerCase().includes(name.replace(/[^a-z0-9]/gi, '').toLowerCase())) return false;
  if (/^https?:\/\//.test(v) && !/@/.test(v)) return false;
  return true;
}

const RULES: Rule[] = [
  // private keys (PEM blocks, also inside JSON with \n escapes)
  { kind: 'private-key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'private-key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,8000}/g },
  { kind: 'putty-private-key', re: /PuTTY-User-Key-File-\d+:[\s\S]*?Private-MAC:\s*[0-9a-f]+/g },
  // cloud providers
  { kind: 'aws-access-key', re: new RegExp(`${B}(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[0-9A-Z]{16}${E}`, 'g') },
  { kind: 'aws-secret-key', re: /((?:aws_?)?secret_?access_?key|aws_?secret(?:_?key)?|secretAccessKey)(["']?\s*(?:=|:|=>)\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi, group: 3 },
  { kind: 'aws-session-token', re: /((?:aws_?)?session_?token|sessionToken)(["']?\s*(?:=|:|=>)\s*["']?)([A-Za-z0-9/+=]{100,})/gi, group: 3 },
  { kind: 'gcp-api-key', re: new RegExp(`${B}AIza[0-9A-Za-z_\\-]{35}${E}`, 'g') },
  { kind: 'gcp-oauth-secret', re: new RegExp(`${B}GOCSPX-[0-9A-Za-z_\\-]{28}${E}`, 'g') },
  { kind: 'gcp-oauth-token', re: new RegExp(`${B}ya29\\.[0-9A-Za-z_\\-]{20,}`, 'g') },
  { kind: 'azure-storage-key', re: /(AccountKey=)([A-Za-z0-9+/]{86}==)/g, group: 2 },
  { kind: 'azure-sas-token', re: /([?&]sig=)([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})/g, group: 2 },
  { kind: 'azure-client-secret', re: new RegExp(`${B}[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34}${E}`, 'g') },
  { kind: 'azure-connection-string', re: /((?:SharedAccessKey|SharedSecretValue)=)([A-Za-z0-9+/]{40,}=*)/g, group: 2 },
  { kind: 'digitalocean-token', re: new RegExp(`${B}do[opr]_v1_[a-f0-9]{64}${E}`, 'g') },
  // code hosts and registries
  { kind: 'github-token', re: new RegExp(`${B}(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})${E}`, 'g') },
  { kind: 'gitlab-token', re: new RegExp(`${B}(?:glpat|gldt|glptt|glrt|glsoat|glcbt|gloas|glft|glimt|glagent)-[A-Za-z0-9_\\-]{20,}${E}`, 'g') },
  { kind: 'gitlab-token', re: new RegExp(`${B}GR1348941[A-Za-z0-9_\\-]{20,}${E}`, 'g') },
  { kind: 'npm-token', re: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`, 'g') },
  { kind: 'npm-token', re: /(_authToken\s*=\s*)([^\s'"$]{8,})/g, group: 2, accept: (v) => !looksLikePlaceholder(v) },
  { kind: 'pypi-token', re: new RegExp(`${B}pypi-AgE[A-Za-z0-9_\\-]{50,}`, 'g') },
  { kind: 'docker-token', re: new RegExp(`${B}dckr_pat_[A-Za-z0-9_\\-]{20,}${E}`, 'g') },
  { kind: 'huggingface-token', re: new RegExp(`${B}hf_[A-Za-z0-9]{34,}${E}`, 'g') },
  { kind: 'databricks-token', re: new RegExp(`${B}dapi[a-f0-9]{32}(?:-\\d)?${E}`, 'g') },
  { kind: 'vault-token', re: new RegExp(`${B}hv[sbr]\\.[A-Za-z0-9_\\-]{24,}${E}`, 'g') },
  // chat, payments, mail
  { kind: 'slack-token', re: new RegExp(`${B}xox[abposre]-[A-Za-z0-9-]{10,}${E}`, 'g') },
  { kind: 'slack-token', re: new RegExp(`${B}xapp-\\d-[A-Z0-9]+-\\d+-[a-f0-9]+${E}`, 'g') },
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/g },
  { kind: 'discord-webhook', re: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{40,}/g },
  { kind: 'telegram-bot-token', re: new RegExp(`${B}\\d{8,10}:AA[A-Za-z0-9_\\-]{33}${E}`, 'g') },
  { kind: 'stripe-key', re: new RegExp(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,99}${E}`, 'g') },
  { kind: 'stripe-webhook-secret', re: new RegExp(`${B}whsec_[A-Za-z0-9]{24,}${E}`, 'g') },
  { kind: 'sendgrid-key', re: new RegExp(`${B}SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43}${E}`, 'g') },
  { kind: 'mailgun-key', re: new RegExp(`${B}key-[0-9a-f]{32}${E}`, 'g') },
  { kind: 'twilio-key', re: new RegExp(`${B}SK[0-9a-f]{32}${E}`, 'g') },
  { kind: 'shopify-token', re: new RegExp(`${B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${E}`, 'g') },
  { kind: 'square-token', re: new RegExp(`${B}(?:sq0atp|sq0csp)-[0-9A-Za-z_\\-]{22,43}${E}`, 'g') },
  { kind: 'linear-key', re: new RegExp(`${B}lin_api_[A-Za-z0-9]{40}${E}`, 'g') },
  { kind: 'notion-token', re: new RegExp(`${B}(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,})${E}`, 'g') },
  { kind: 'postman-key', re: new RegExp(`${B}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${E}`, 'g') },
  { kind: 'newrelic-key', re: new RegExp(`${B}NRAK-[A-Z0-9]{27}${E}`, 'g') },
  { kind: 'grafana-token', re: new RegExp(`${B}(?:glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})`, 'g') },
  // AI providers
  { kind: 'anthropic-key', re: new RegExp(`${B}sk-ant-(?:api|admin|sid)\\d{2}-[A-Za-z0-9_\\-]{80,}${E}`, 'g') },
  { kind: 'openai-key', re: new RegExp(`${B}sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\\-]{20,}${E}`, 'g'),
    accept: (v) => /\d/.test(v) && /[A-Za-z]/.test(v.slice(3)) },
  { kind: 'groq-key', re: new RegExp(`${B}gsk_[A-Za-z0-9]{48,}${E}`, 'g') },
  { kind: 'replicate-token', re: new RegExp(`${B}r8_[A-Za-z0-9]{37,}${E}`, 'g') },
  // generic credentials
  { kind: 'jwt', re: new RegExp(`${B}eyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{10,}${E}`, 'g') },
  { kind: 'bearer-token', re: /(\bBearer\s+)([A-Za-z0-9\-._~+/]{16,}=*)/g, group: 2,
    accept: (v) => /\d/.test(v) && /[A-Za-z]/.test(v) },
  { kind: 'basic-auth', re: /(\bBasic\s+)([A-Za-z0-9+/]{16,}={0,2})(?![A-Za-z0-9+/=])/g, group: 2,
    accept: (v) => { try { return /^[^:\s]+:.+/.test(Buffer.from(v, 'base64').toString('latin1')); } catch { return false; } } },
  // scheme://user:password@host
  { kind: 'connection-string', re: /(\b[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/[^\s:@/'"`<>]+:)([^\s@/'"`<>]+)(@[^\s'"`<>]+)/g, group: 2,
    accept: (v) => !looksLikePlaceholder(v) && !/^\d+$/.test(v) },
  // Password=...; in ADO/ODBC/JDBC strings
  { kind: 'connection-string', re: /((?:^|[;"'\s])(?:Password|Pwd)\s*=\s*)([^;'"\s]{3,})/gi, group: 2,
    accept: (v) => !looksLikePlaceholder(v) && !/^[A-Za-z_][\w.]*\(/.test(v) },
  // -----------------------------------------------------------------------------------------------------------
  // assignments: NAME = "value", "name": "value", name: 'value', name => 'value', --password=value
  { kind: 'assigned', re: new RegExp(String.raw`(${SECRET_NAME}["']?\s*(?:={1,3}|:=|:|=>)\s*)(["'\x60])((?:(?!\2)[^\\\n]|\\.){1,500})\2`, 'gi'), group: 3 },
  // .env / ini / shell style: KEY=value at the start of a line (unquoted)
  { kind: 'assigned-env', re: new RegExp(String.raw`(^[ \t]*(?:export[ \t]+|set[ \t]+)?${SECRET_NAME}[ \t]*=[ \t]*)([^\s'"#;][^\s#;]*)`, 'gim'), group: 2 },
  // YAML / properties: key: value (unquoted) at the start of a line
  { kind: 'assigned-yaml', re: new RegExp(String.raw`(^[ \t-]*${SECRET_NAME}[ \t]*:[ \t]+)([^\s'"#&*!|>{\[][^\s#]*)[ \t]*$`, 'gim'), group: 2 },
  // command-line flags
  { kind: 'assigned-flag', re: /((?:^|\s)--?(?:password|passwd|pass|token|secret|api-key|apikey|client-secret)(?:=|\s+))([^\s'"-][^\s'"]*)/gi, group: 2 },
];

/** The name preceding an assignment match (for its kind). */
function nameOf(prefix: string): string {
  const m = /([A-Za-z0-9_.-]+)["']?\s*(?:={1,3}|:=|:|=>|=|\s)\s*$/.exec(prefix.replace(/^[\s-]*(?:export|set)\s+/, ''));
  return m ? m[1] : prefix;
}

/** Replaces secrets with placeholders naming their kind; counts per kind. */
export function redactSecrets(text: string): RedactionResult {
  const counts = new Map<string, number>();
  let out = text;
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    if (!rule.re.test(out)) continue;
    rule.re.lastIndex = 0;
    out = out.replace(rule.re, (...args: any[]) => {
      const match: string = args[0];
      const groups: (string | undefined)[] = args.slice(1, -2);
      const g = rule.group ?? 0;
      const value = g === 0 ? match : groups[g - 1];
      if (value === undefined || value.startsWith('[REDACTED:') || value.includes('[REDACTED:')) return match;
      let kind = rule.kind;
      if (kind.startsWith('assigned')) {
        const name = nameOf(groups[0] ?? '');
        if (kind === 'assigned-flag') {
          if (looksLikePlaceholder(value) || value.length < 3) return match;
          kind = kindForName(name);
        } else {
          // the secret word must end the name: passwordField / tokenizer are ordinary identifiers
          if (!/(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?|signing[_-]?key|encryption[_-]?key|master[_-]?key|session[_-]?key)$/i.test(name)) return match;
          if (rule.kind === 'assigned-yaml' && (/^[A-Za-z]+$/.test(value) || /[;,)(]$/.test(value))) return match;
          if (rule.kind === 'assigned-env') {
            // code, not a .env line: `token = nextToken;`, `secret = cfg.get(x)`
            if (/[()[\]]/.test(value)) return match;
            const rest = args[args.length - 1].slice(args[args.length - 2] + match.length);
            if (/^\s*;/.test(rest)) return match;
            if (/\s=|=\s/.test(groups[0] ?? '') && /^[A-Za-z_$][\w$.]*$/.test(value)) return match;
          }
          if (!plausibleSecretValue(value, name)) return match;
          kind = kindForName(name);
        }
      } else if (rule.accept && !rule.accept(value, args as any)) return match;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      if (g === 0) return placeholder(kind);
      // rebuild: prefix groups + placeholder + the rest
      const before = groups.slice(0, g - 1).join('');
      const after = groups.slice(g).join('');
      const mid = match.slice(before.length, match.length - after.length);
      const vi = mid.indexOf(value);
      return before + mid.slice(0, vi) + placeholder(kind) + mid.slice(vi + value.length) + after;
    });
  }
  const findings = [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  return { text: out, findings, total: findings.reduce((s, f) => s + f.count, 0) };
}

const SENSITIVE_BASENAME = [
  /^\.env(?:$|[.\-_].*|rc$)/i, /\.env$/i, /\.pem$/i, /^id_(?:rsa|dsa|ecdsa|ed25519)(?:$|[._-])/i, /\.(?:key|p12|pfx|jks|keystore|ppk|kdbx|asc|gpg)$/i,
  /^\.(?:netrc|pgpass|git-credentials|npmrc|pypirc|htpasswd)$/i, /^credentials(?:\.json)?$/i, /^secrets?\.(?:ya?ml|json|toml)$/i,
  /^(?:service[-_]account|gcp[-_]key)[\w-]*\.json$/i, /\.tfvars$/i, /^terraform\.tfstate(?:\.backup)?$/i,
];

/** Files that are never sent as context: .env*, *.pem, id_rsa*, and other key/credential stores. */
export function isSensitivePath(path: string): boolean {
  if (!path) return false;
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1];
  if (SENSITIVE_BASENAME.some((re) => re.test(base))) return true;
  // ~/.ssh, ~/.aws/credentials, ~/.docker/config.json, ~/.kube/config
  const dir = parts.slice(0, -1).join('/');
  return /(?:^|\/)\.ssh$/.test(dir) && !/\.pub$|^known_hosts|^config$/.test(base) ||
    /(?:^|\/)\.aws$/.test(dir) && base === 'credentials' || /(?:^|\/)\.docker$/.test(dir) && base === 'config.json' ||
    /(?:^|\/)\.kube$/.test(dir) && base === 'config';
}

const PLACEHOLDER_RE = /\[REDACTED:[\w.-]+\]/g;

/**
 * Puts the user's own secrets back into an answer that is applied to their file (a refactor of code holding a key
 * must not replace the key with a placeholder). `original` is the text that was redacted before sending. Each
 * placeholder kind is mapped to the values it replaced, in order; a kind whose values differ is restored in order
 * of appearance. Only for local use: restored text is never sent, cached or logged.
 */
export function restoreSecrets(original: string, answer: string): string {
  if (!answer.includes('[REDACTED:')) return answer;
  const redacted = redactSecrets(original).text;
  const values = new Map<string, string[]>();
  let pos = 0;
  let last = 0;
  PLACEHOLDER_RE.lastIndex = 0;
  const parts: { literal: string; placeholder?: string }[] = [];
  for (let m = PLACEHOLDER_RE.exec(redacted); m; m = PLACEHOLDER_RE.exec(redacted)) {
    parts.push({ literal: redacted.slice(last, m.index), placeholder: m[0] });
    last = m.index + m[0].length;
  }
  parts.push({ literal: redacted.slice(last) });
  for (let i = 0; i < parts.length; i++) {
    const { literal, placeholder: ph } = parts[i];
    if (!original.startsWith(literal, pos)) return answer; // not the same text: restore nothing rather than guess
    pos += literal.length;
    if (!ph) break;
    const next = parts[i + 1].literal;
    const end = next ? original.indexOf(next, pos) : original.length;
    if (end < pos) return answer;
    const list = values.get(ph) ?? [];
    list.push(original.slice(pos, end));
    values.set(ph, list);
    pos = end;
  }
  const used = new Map<string, number>();
  return answer.replace(PLACEHOLDER_RE, (ph) => {
    const list = values.get(ph);
    if (!list?.length) return ph;
    const i = used.get(ph) ?? 0;
    used.set(ph, i + 1);
    return new Set(list).size === 1 ? list[0] : list[Math.min(i, list.length - 1)];
  });
}

// Secret redaction before anything leaves the machine, and the files that are never sent as context.
// Each secret is replaced by a placeholder naming its kind, e.g. `[REDACTED:aws-access-key]`.
// Two finders: our own rules below (names a person gives secrets, connection strings, the formats we name ourselves),
// then gitleaks' maintained rule set as data (gitleaks.ts) for the ~220 vendor formats it keeps up to date.
import { findWithGitleaks, shannonEntropy } from './gitleaks';

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
  /** extra check on the captured value; `at` is the match's offset in `text` */
  accept?: (value: string, at: number, text: string) => boolean;
}

export const placeholder = (kind: string) => `[REDACTED:${kind}]`;

const B = String.raw`(?<![A-Za-z0-9_\-])`; // token boundary before
const E = String.raw`(?![A-Za-z0-9_\-])`; // token boundary after

/** Things that look like values but are not secrets: variables, templates, placeholders, masks. */
function looksLikePlaceholder(v: string): boolean {
  return (
    /^(?:\$\{?|\{\{|<[^>]*>$|%\(?|\*{3,}|x{4,}$|\.\.\.|…|\[REDACTED)/i.test(v) ||
    /^(?:changeme|change_me|your[-_ ]?\w*|example|placeholder|redacted|secret|password|passwd|pass|pwd|token|null|none|nil|undefined|true|false|string|number|boolean|any|str|int|bool|bytes|optional|sample|dummy|foo|bar|baz|xyz|abc)$/i.test(
      v,
    ) ||
    /^(?:process\.env|os\.environ|os\.getenv|env\(|getenv|System\.getenv|ENV\[|config\.|settings\.|self\.|this\.)/.test(
      v,
    )
  );
}

/** A template or mask standing for a value (`${DB_PASS}`, `{{pw}}`, `<password>`, `%s`, `****`), not a value. */
function isTemplateValue(v: string): boolean {
  return /^(?:\$\{?|\{\{|<[^>]*>$|%\(?|\*{3,}|x{4,}$|\.\.\.|…|\[REDACTED)/i.test(v);
}

// starts at a word start and looks back at most 40 chars of name, so long base64/minified runs stay linear
const SECRET_NAME = String.raw`(?<![A-Za-z0-9_.-])(?:[A-Za-z0-9_.-]{0,40}?(?:pass(?:word|wd|phrase)?|pwd|secret(?:[_.-]?key(?:[_.-]?base)?)?|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?|signing[_-]?key|encryption[_-]?key|master[_-]?key|session[_-]?key))`;

/** Kind for a name like DB_PASSWORD / apiKey / client_secret. */
function kindForName(name: string): string {
  const n = name.toLowerCase();
  if (/pass|pwd/.test(n)) return 'password';
  if (/api[_-]?key|apikey/.test(n)) return 'api-key';
  if (/token/.test(n)) return 'token';
  if (/private[_-]?key/.test(n)) return 'private-key';
  return 'secret';
}

function plausibleSecretValue(v: string, name: string, quoted = false): boolean {
  if (!v || looksLikePlaceholder(v)) return false;
  const isPassword = /pass|pwd/i.test(name);
  const squash = (x: string) => x.replace(/[^a-z0-9]/gi, '').toLowerCase();
  // the value names the field, not a secret: PASSWORD: "password", EVENT_TEST_PASS: "pass", --client-secret clientSecret
  if (
    squash(v) &&
    (squash(name).endsWith(squash(v)) || squash(v).includes(squash(name).replace(/^.*?(pass|secret|token|key)/, '$1')))
  )
    return false;
  // a path or a route, not a secret: SIGNIN_TOKEN = "/oauth2/v2.0/token", PWD: '/Users/me'
  if (/^(?:\/|~\/|\.\.?\/)[\w.~/-]*$/.test(v) && /\/.*[A-Za-z]{2}/.test(v)) return false;
  if (/\s/.test(v)) {
    // a passphrase with spaces in quotes, not a sentence about the field ("Enter your password")
    if (!quoted || !isPassword || v.length > 64 || /[.!?:…]$/.test(v) || v.split(/\s+/).length > 5) return false;
    return !/\b(?:pass(?:word|phrase)?|enter|your|must|invalid|wrong|incorrect|please|required)\b/i.test(v);
  }
  if (isPassword) return v.length >= 3;
  // tokens and keys: long, or mixed characters
  if (v.length < 8) return false;
  // names, not secrets: "auth_token", "refreshTokenClientAcquireToken", "x-api-key", "AccessToken"
  if (/^[A-Za-z]+(?:[_.:/-][A-Za-z]+)*$/.test(v)) return false;
  if (
    /^[A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*$/.test(v) &&
    v
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase()
      .includes(name.replace(/[^a-z0-9]/gi, '').toLowerCase())
  )
    return false;
  if (/^https?:\/\//.test(v) && !/@/.test(v)) return false;
  return true;
}

/** A call, an index or a bracketed expression (`cfg.get(x)`, `argv[2]`, `(a, b)`), not a .env value. */
function isCodeShaped(v: string): boolean {
  // a call cut at its quoted argument (`cfg.get(` of `cfg.get("x")`), an opening bracket, or a closed expression
  return /^[A-Za-z_$][\w$.]*[([]$/.test(v) || /^[([{]/.test(v) || /[([][^]*[)\]][;,]?$/.test(v);
}

/** Words that say a hex scalar nearby is a wallet's or signer's private key. */
const WALLET_KEY_WORDS =
  /(?<![A-Za-z])(?:priv(?:ate)?[\s_-]?keys?|privkey|secret[\s_-]?keys?|signing[\s_-]?keys?|wallets?|signer|keystore|key[\s_-]?pair|mnemonic)(?![a-z])/i;
/**
 * A name right before a value that says it is a digest or an identifier, not a key: txHash = 0x…, "root": "0x…",
 * sha256(x) == "…". Tested on the name in snake case (txHash → tx_hash), so only whole words count.
 */
const HASH_NAME =
  /(?<![a-z])(?:hash(?:es)?|digest|tx|txid|root|topic|slot|salt|nonce|checksum|sha\d*|id|address|addr|block|commit|integrity|pub(?:lic)?_?key|sig|signature|iv|code|data|to_be|equal)\W*$/;

/**
 * Whether a 64 hex value (0x or not) at `at` is a private key by its surroundings: a key or wallet word within the
 * line before, its own line or the line after (at most 200 characters either side), no digest or identifier name
 * right before it, and the spread of a random scalar rather than a constant (0x00…01, 0xffff…).
 */
function isWalletKeyContext(text: string, at: number, value: string): boolean {
  if (shannonEntropy(value.replace(/^0x/, '').toLowerCase()) < 3.2) return false;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(Math.max(lineStart, at - 60), at).replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  if (HASH_NAME.test(before.toLowerCase())) return false;
  const prevStart = lineStart > 0 ? text.lastIndexOf('\n', lineStart - 2) + 1 : 0;
  const end = at + value.length;
  const lineEnd = text.indexOf('\n', end);
  const after = lineEnd < 0 ? -1 : text.indexOf('\n', lineEnd + 1);
  const nextEnd = after < 0 ? text.length : after;
  const around = text.slice(Math.max(prevStart, at - 200), at) + ' ' + text.slice(end, Math.min(nextEnd, end + 200));
  return WALLET_KEY_WORDS.test(around);
}

const RULES: Rule[] = [
  // private keys (PEM blocks, also inside JSON with \n escapes)
  {
    kind: 'private-key',
    re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\\n|\s)*[A-Za-z0-9+/=]{20,}[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
  },
  {
    kind: 'private-key',
    re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\\n|\s)*[A-Za-z0-9+/=]{20,}[\s\S]{0,8000}/g,
  },
  { kind: 'putty-private-key', re: /PuTTY-User-Key-File-\d+:[\s\S]*?Private-MAC:\s*[0-9a-f]+/g },
  // secp256k1 (Ethereum, Bitcoin) private keys: a 32-byte scalar written as 64 hex, 0x-prefixed in Ethereum's
  // convention. The same shape is an ordinary sha256 or transaction hash, so only when the text around it speaks of
  // a key or wallet (see isWalletKeyContext); a value assigned to a key name is also caught by the assignment rules.
  {
    kind: 'private-key',
    re: /(?<![A-Za-z0-9_])(?:0x)?[0-9a-fA-F]{64}(?![A-Za-z0-9_])/g,
    accept: (v, at, text) => isWalletKeyContext(text, at, v),
  },
  // cloud providers
  {
    kind: 'aws-access-key',
    re: new RegExp(`${B}(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[0-9A-Z]{16}${E}`, 'g'),
  },
  {
    kind: 'aws-secret-key',
    re: /((?:aws_?)?secret_?access_?key|aws_?secret(?:_?key)?|secretAccessKey)(["']?\s*(?:=|:|=>)\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 3,
  },
  {
    kind: 'aws-session-token',
    re: /((?:aws_?)?session_?token|sessionToken)(["']?\s*(?:=|:|=>)\s*["']?)([A-Za-z0-9/+=]{100,})/gi,
    group: 3,
  },
  { kind: 'gcp-api-key', re: new RegExp(`${B}AIza[0-9A-Za-z_\\-]{35}${E}`, 'g') },
  { kind: 'gcp-oauth-secret', re: new RegExp(`${B}GOCSPX-[0-9A-Za-z_\\-]{28}${E}`, 'g') },
  { kind: 'gcp-oauth-token', re: new RegExp(`${B}ya29\\.[0-9A-Za-z_\\-]{20,}`, 'g') },
  { kind: 'azure-storage-key', re: /(AccountKey=)([A-Za-z0-9+/]{86}==)/g, group: 2 },
  { kind: 'azure-sas-token', re: /([?&]sig=)([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})/g, group: 2 },
  { kind: 'azure-client-secret', re: new RegExp(`${B}[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34}${E}`, 'g') },
  { kind: 'azure-connection-string', re: /((?:SharedAccessKey|SharedSecretValue)=)([A-Za-z0-9+/]{40,}=*)/g, group: 2 },
  { kind: 'digitalocean-token', re: new RegExp(`${B}do[opr]_v1_[a-f0-9]{64}${E}`, 'g') },
  // code hosts and registries
  {
    kind: 'github-token',
    re: new RegExp(
      `${B}(?:gh[pousr]_[A-Za-z0-9]{36,255}|gh[su]_\\d+_[A-Za-z0-9_.-]{20,}|github_pat_[A-Za-z0-9_]{60,255})${E}`,
      'g',
    ),
  },
  {
    kind: 'gitlab-token',
    re: new RegExp(`${B}(?:glpat|gldt|glptt|glrt|glsoat|glcbt|gloas|glft|glimt|glagent)-[A-Za-z0-9_\\-]{20,}${E}`, 'g'),
  },
  { kind: 'gitlab-token', re: new RegExp(`${B}GR1348941[A-Za-z0-9_\\-]{20,}${E}`, 'g') },
  { kind: 'npm-token', re: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`, 'g') },
  { kind: 'npm-token', re: /(_authToken\s*=\s*)([^\s'"$]{8,})/g, group: 2, accept: (v) => !looksLikePlaceholder(v) },
  { kind: 'pypi-token', re: new RegExp(`${B}pypi-AgE[A-Za-z0-9_\\-]{50,}`, 'g') },
  { kind: 'docker-token', re: new RegExp(`${B}dckr_pat_[A-Za-z0-9_\\-]{20,}${E}`, 'g') },
  { kind: 'huggingface-token', re: new RegExp(`${B}hf_[A-Za-z0-9]{34,}${E}`, 'g') },
  { kind: 'databricks-token', re: new RegExp(`${B}dapi[a-fA-F0-9]{32}(?:-\\d)?${E}`, 'g') },
  { kind: 'tailscale-key', re: /(?<![A-Za-z-])tskey-[a-z]+-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g },
  { kind: 'pulumi-token', re: new RegExp(`${B}pul-[a-z0-9]{40}${E}`, 'g') },
  { kind: 'rubygems-key', re: new RegExp(`${B}rubygems_[a-z0-9]{48}${E}`, 'g') },
  { kind: 'square-token', re: new RegExp(`${B}EAAA[A-Za-z0-9+=\\-]{60}(?![A-Za-z0-9+=\\-])`, 'g') },
  { kind: 'lob-key', re: new RegExp(`${B}(?:live|test)_(?:pub_)?[0-9a-f]{31,35}${E}`, 'g') },
  {
    kind: 'sidekiq-credentials',
    re: /(https?:\/\/)([0-9a-f]{8}:[0-9a-f]{8})(@(?:gems|enterprise)\.contribsys\.com)/gi,
    group: 2,
  },
  { kind: 'cloudflare-token', re: new RegExp(`${B}cf(?:at|ut|k)_[A-Za-z0-9]{40,}${E}`, 'g') },
  { kind: 'vercel-token', re: new RegExp(`${B}vc[pikra]_[A-Za-z0-9]{40,}${E}`, 'g') },
  { kind: 'mailchimp-key', re: new RegExp(`${B}[0-9a-f]{32}-us\\d{1,2}${E}`, 'g') },
  {
    kind: 'discord-token',
    re: new RegExp(`${B}[MNO][A-Za-z\\d_-]{23,25}\\.[A-Za-z\\d_-]{6}\\.[A-Za-z\\d_-]{27,38}${E}`, 'g'),
  },
  { kind: 'vault-token', re: new RegExp(`${B}hv[sbr]\\.[A-Za-z0-9_\\-]{24,}${E}`, 'g') },
  // chat, payments, mail
  { kind: 'slack-token', re: new RegExp(`${B}xox[abposre]-[A-Za-z0-9-]{10,}${E}`, 'g') },
  { kind: 'slack-token', re: new RegExp(`${B}xapp-\\d-[A-Z0-9]+-\\d+-[a-f0-9]+${E}`, 'g') },
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/g },
  {
    kind: 'discord-webhook',
    re: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{40,}/g,
  },
  { kind: 'telegram-bot-token', re: new RegExp(`${B}\\d{8,10}:AA[A-Za-z0-9_\\-]{33}${E}`, 'g') },
  { kind: 'stripe-key', re: new RegExp(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,99}${E}`, 'g') },
  { kind: 'stripe-webhook-secret', re: new RegExp(`${B}whsec_[A-Za-z0-9]{24,}${E}`, 'g') },
  { kind: 'sendgrid-key', re: new RegExp(`${B}SG\\.[A-Za-z0-9_\\-]{16,32}\\.[A-Za-z0-9_\\-]{16,64}${E}`, 'g') },
  { kind: 'mailgun-key', re: new RegExp(`${B}key-[0-9a-f]{32}${E}`, 'g') },
  { kind: 'twilio-key', re: new RegExp(`${B}SK[0-9a-f]{32}${E}`, 'g') },
  { kind: 'shopify-token', re: new RegExp(`${B}shp(?:at|ca|pa|ss)_[a-zA-Z0-9]{32,}${E}`, 'g') },
  { kind: 'square-token', re: new RegExp(`${B}(?:sq0atp|sq0csp)-[0-9A-Za-z_\\-]{22,43}${E}`, 'g') },
  { kind: 'linear-key', re: new RegExp(`${B}lin_api_[A-Za-z0-9]{40}${E}`, 'g') },
  { kind: 'notion-token', re: new RegExp(`${B}(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,})${E}`, 'g') },
  { kind: 'postman-key', re: new RegExp(`${B}PMAK-[A-Za-z0-9]{20,}(?:-[A-Za-z0-9]{20,})?${E}`, 'g') },
  { kind: 'newrelic-key', re: new RegExp(`${B}NRAK-[A-Z0-9]{27}${E}`, 'g') },
  {
    kind: 'grafana-token',
    re: new RegExp(`${B}(?:glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})`, 'g'),
  },
  // AI providers
  { kind: 'anthropic-key', re: new RegExp(`${B}sk-ant-(?:api|admin|sid)\\d{2}-[A-Za-z0-9_\\-]{80,}${E}`, 'g') },
  {
    kind: 'openai-key',
    re: new RegExp(`${B}sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\\-]{20,}${E}`, 'g'),
    accept: (v) => /\d/.test(v) && /[A-Za-z]/.test(v.slice(3)),
  },
  { kind: 'groq-key', re: new RegExp(`${B}gsk_[A-Za-z0-9]{48,}${E}`, 'g') },
  { kind: 'replicate-token', re: new RegExp(`${B}r8_[A-Za-z0-9]{37,}${E}`, 'g') },
  // generic credentials
  {
    kind: 'jwt',
    re: new RegExp(`${B}eyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}(?:\\.[A-Za-z0-9_\\-]{10,})?${E}`, 'g'),
  },
  {
    kind: 'bearer-token',
    re: /(\bBearer\s+)([A-Za-z0-9\-._~+/]{16,}=*)/g,
    group: 2,
    accept: (v) => /\d/.test(v) && /[A-Za-z]/.test(v),
  },
  {
    kind: 'basic-auth',
    re: /(\bBasic\s+)([A-Za-z0-9+/]{16,}={0,2})(?![A-Za-z0-9+/=])/g,
    group: 2,
    accept: (v) => {
      try {
        return /^[^:\s]+:.+/.test(Buffer.from(v, 'base64').toString('latin1'));
      } catch {
        return false;
      }
    },
  },
  // scheme://user:password@host
  {
    kind: 'connection-string',
    re: /(\b[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/[^\s:@/'"`<>]*:)([^\s@/'"`<>]+)(@[^\s'"`<>]+)/g,
    group: 2,
    accept: (v) => !isTemplateValue(v) && !/^\d+$/.test(v),
  },
  // password=, api_key=, token= in a query string or a JDBC/ODBC URL
  {
    kind: 'connection-string',
    re: /([?&;](?:password|passwd|pwd|pass|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token|secret|client[_-]?secret)=)([^\s&;#'"`<>]{3,})/gi,
    group: 2,
    accept: (v) => !looksLikePlaceholder(v) && !/^(?:\{|\$|%s|\?|:)/.test(v),
  },
  // curl -u user:password, mysql -ppassword
  {
    kind: 'password',
    re: /(\bcurl\b[^\n]*?\s(?:-u|--user)\s*["']?[^\s:'"]*:)([^\s'"]+)/g,
    group: 2,
    accept: (v) => !looksLikePlaceholder(v) && !/^\$/.test(v),
  },
  {
    kind: 'password',
    re: /(\bmysql(?:dump|admin|import|sh)?\b[^\n]*?\s-p)([^\s'"-][^\s'"]*)/g,
    group: 2,
    accept: (v) => !looksLikePlaceholder(v) && !/^\$/.test(v),
  },
  // Password=...; in ADO/ODBC/JDBC strings
  {
    kind: 'connection-string',
    re: /((?:^|[;"'\s])(?:Password|Pwd)\s*=\s*)([^;'"\s]{3,})/gi,
    group: 2,
    accept: (v) =>
      !looksLikePlaceholder(v) && !/^[A-Za-z_][\w.]*\(/.test(v) && !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v),
  },
  // -----------------------------------------------------------------------------------------------------------
  // assignments: NAME = "value", "name": "value", name: 'value', name => 'value', --password=value
  {
    kind: 'assigned',
    re: new RegExp(
      String.raw`(${SECRET_NAME}["']?\s*(?:={1,3}|:=|:|=>)\s*)(["'\x60])((?:(?!\2)[^\\\n]|\\.){1,500})\2`,
      'gi',
    ),
    group: 3,
  },
  // .env / ini / shell style: KEY=value at the start of a line (unquoted)
  {
    kind: 'assigned-env',
    re: new RegExp(
      String.raw`(^[ \t]*(?:-[ \t]+["']?)?(?:export[ \t]+|set[ \t]+)?${SECRET_NAME}[ \t]*=[ \t]*)([^\s'"#;][^\s#;'"]*)`,
      'gim',
    ),
    group: 2,
  },
  // shell: inline environment assignments before a command, past the line's start (`PGHOST=db PG_PASSWORD=pw psql`,
  // `root. PG_PASSWORD=pw`); upper-case names only, as the shell convention has them, so code is left alone
  {
    kind: 'assigned-env',
    re: new RegExp(
      String.raw`((?<=[ \t;&|])[A-Z0-9_]{0,40}?(?:PASS(?:WORD|WD|PHRASE)?|PWD|SECRET(?:_KEY(?:_BASE)?)?|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CLIENT_SECRET|AUTH_KEY|CREDENTIALS?)=)([^\s'"#;\[][^\s#;'"]*)`,
      'g',
    ),
    group: 2,
  },
  // YAML / properties: key: value (unquoted) at the start of a line
  {
    kind: 'assigned-yaml',
    re: new RegExp(String.raw`(^[ \t-]*${SECRET_NAME}[ \t]*:[ \t]+)([^\s'"#&*!|>{\[][^\s#]*)[ \t]*$`, 'gim'),
    group: 2,
  },
  // command-line flags
  {
    kind: 'assigned-flag',
    re: /((?:^|\s)--?(?:password|passwd|pass|token|secret|api-key|apikey|client-secret)(?:=|\s+))([^\s'"-][^\s'"]*)/gi,
    group: 2,
  },
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
  const values: { value: string; kind: string }[] = [];
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
          if (looksLikePlaceholder(value) || value.length < 3 || !plausibleSecretValue(value, name)) return match;
          kind = kindForName(name);
        } else {
          // the secret word must end the name: passwordField / tokenizer are ordinary identifiers
          if (
            !/(?:pass(?:word|wd|phrase)?|pwd|secret(?:[_.-]?key(?:[_.-]?base)?)?|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?|signing[_-]?key|encryption[_-]?key|master[_-]?key|session[_-]?key)$/i.test(
              name,
            )
          )
            return match;
          if (rule.kind === 'assigned-yaml' && (/^[A-Za-z]+$/.test(value) || /[;,)(]$/.test(value))) return match;
          if (rule.kind === 'assigned-env') {
            // code, not a .env line: `token = nextToken;`, `secret = cfg.get(x)`, `key=argv[2]`, `pw=(a,b)`, and
            // with spaces around `=` (code's style, not .env's) any call `x = f(a, b)`. A bracket among other
            // characters of a KEY=value is part of the value (generated passwords and tokens have them).
            const spaced = /\s=|=\s/.test(groups[0] ?? '');
            if (isCodeShaped(value) || (spaced && /^[A-Za-z_$][\w$.]*[([]/.test(value))) return match;
            const rest = args[args.length - 1].slice(args[args.length - 2] + match.length);
            if (/^\s*;/.test(rest)) return match;
            if (spaced && /^[A-Za-z_$][\w$.]*$/.test(value)) return match;
          }
          if (!plausibleSecretValue(value, name, rule.kind === 'assigned')) return match;
          kind = kindForName(name);
        }
      } else if (rule.accept && !rule.accept(value, args[args.length - 2] as number, args[args.length - 1] as string))
        return match;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      values.push({ value, kind });
      if (g === 0) return placeholder(kind);
      // rebuild: prefix groups + placeholder + the rest
      const before = groups.slice(0, g - 1).join('');
      const after = groups.slice(g).join('');
      const mid = match.slice(before.length, match.length - after.length);
      const vi = mid.indexOf(value);
      return before + mid.slice(0, vi) + placeholder(kind) + mid.slice(vi + value.length) + after;
    });
  }
  out = redactWithGitleaks(out, counts, values);
  if (values.length) out = withholdKnownPieces(out, values, counts);
  const findings = [...counts]
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  return { text: out, findings, total: findings.reduce((s, f) => s + f.count, 0) };
}

/** gitleaks rules left to our own: its generic assignment rule (ours knows more names and fewer false alarms). */
const GITLEAKS_EXCLUDED = new Set<string>(['generic-api-key', 'hashicorp-tf-password']);

function redactWithGitleaks(
  text: string,
  counts: Map<string, number>,
  values: { value: string; kind: string }[],
): string {
  const found = findWithGitleaks(text, GITLEAKS_EXCLUDED);
  if (!found.length) return text;
  let out = '';
  let last = 0;
  for (const f of found) {
    if (f.start < last || /REDACTED/.test(f.secret) || looksLikePlaceholder(f.secret)) continue;
    // never cut into a placeholder already written
    const before = text.lastIndexOf('[REDACTED:', f.start);
    if (before >= 0 && text.indexOf(']', before) >= f.start) continue;
    out += text.slice(last, f.start) + placeholder(f.ruleId);
    last = f.end;
    counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    values.push({ value: f.secret, kind: f.ruleId });
  }
  return out + text.slice(last);
}

/** Values this long are withheld wherever they occur, even inside a longer word. */
const KNOWN_MIN = 12;
/** Values this long (keys, not short passwords) also have their long pieces withheld. */
const PIECE_MIN = 32;

/**
 * A value once found to be secret is withheld wherever else it occurs in the text, not only where a rule saw it:
 * inside a longer word (`somSG.…where`), and, for key-length values, any run that shares half of the value or more
 * (a key cut short or altered at the end in a log line or a comment still gives most of it away). The same notion
 * of a leak as the API key scrub's (a piece of the key is the key) and the bench's recall check. A partial piece is
 * withheld with the rest of its token (the run of the value's own characters around it); placeholders already
 * written are never cut into.
 */
function withholdKnownPieces(
  text: string,
  values: readonly { value: string; kind: string }[],
  counts: Map<string, number>,
): string {
  PLACEHOLDER_RE.lastIndex = 0;
  const taken: [number, number][] = [];
  for (let m = PLACEHOLDER_RE.exec(text); m; m = PLACEHOLDER_RE.exec(text))
    taken.push([m.index, m.index + m[0].length]);
  const spans = knownPieceSpans(text, values, taken);
  if (!spans.length) return text;
  let out = '';
  let last = 0;
  for (const sp of spans) {
    out += text.slice(last, sp.start) + placeholder(sp.kind);
    last = sp.end;
    counts.set(sp.kind, (counts.get(sp.kind) ?? 0) + 1);
  }
  return out + text.slice(last);
}

/**
 * Where known secret values occur in `text` outside the `taken` ranges: whole values of KNOWN_MIN+ characters
 * anywhere, and for PIECE_MIN+ values any run sharing half of one, widened to its token. Sorted, not overlapping.
 */
function knownPieceSpans(
  text: string,
  values: readonly { value: string; kind: string }[],
  taken: readonly [number, number][],
): { start: number; end: number; kind: string }[] {
  const spans: { start: number; end: number; kind: string }[] = [];
  const overlapsTaken = (a: number, b: number) => taken.some(([s, e]) => a < e && s < b);
  const seen = new Set<string>();
  for (const { value, kind } of [...values].sort((a, b) => b.value.length - a.value.length)) {
    const v = value;
    if (v.length < KNOWN_MIN || seen.has(v) || /\s/.test(v) || v.includes('[REDACTED')) continue;
    seen.add(v);
    const L = v.length;
    // the shortest shared run that counts as a leak, and the anchors that any such run must contain
    const w = L >= PIECE_MIN ? Math.ceil(L / 2) : L;
    const a = Math.ceil(w / 2);
    const step = w - a + 1;
    const own = new Set(v);
    const inToken = (c: string | undefined) => c !== undefined && (/[A-Za-z0-9_-]/.test(c) || own.has(c));
    for (let o = 0; o + a <= L; o += step) {
      const anchor = v.slice(o, o + a);
      for (let p = text.indexOf(anchor); p >= 0; p = text.indexOf(anchor, p + 1)) {
        let l = 0;
        while (l < o && p - l - 1 >= 0 && text[p - l - 1] === v[o - l - 1]) l++;
        let r = 0;
        while (o + a + r < L && p + a + r < text.length && text[p + a + r] === v[o + a + r]) r++;
        if (l + a + r < w) continue;
        let start = p - l;
        let end = p + a + r;
        if (end - start < L) {
          // a partial piece: withhold its whole token
          while (start > 0 && inToken(text[start - 1])) start--;
          while (end < text.length && inToken(text[end])) end++;
        }
        if (!overlapsTaken(start, end)) spans.push({ start, end, kind });
      }
    }
  }
  spans.sort((x, y) => x.start - y.start || y.end - x.end);
  const out: typeof spans = [];
  let last = 0;
  for (const sp of spans) {
    if (sp.start < last) continue;
    out.push(sp);
    last = sp.end;
  }
  return out;
}

const SENSITIVE_BASENAME = [
  /^\.env(?:$|[.\-_].*|rc$)/i,
  /\.env$/i,
  /\.pem$/i,
  /^id_(?:rsa|dsa|ecdsa|ed25519)(?:$|[._-])/i,
  /\.(?:key|p12|pfx|jks|keystore|ppk|kdbx|asc|gpg)$/i,
  /^\.(?:netrc|pgpass|git-credentials|npmrc|pypirc|htpasswd)$/i,
  /^credentials(?:\.json)?$/i,
  /^secrets?\.(?:ya?ml|json|toml)$/i,
  /^(?:service[-_]account|gcp[-_]key)[\w-]*\.json$/i,
  /\.tfvars$/i,
  /^terraform\.tfstate(?:\.backup)?$/i,
];

/** Files that are never sent as context: .env*, *.pem, id_rsa*, and other key/credential stores. */
export function isSensitivePath(path: string): boolean {
  if (!path) return false;
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1];
  if (SENSITIVE_BASENAME.some((re) => re.test(base))) return true;
  // ~/.ssh, ~/.aws/credentials, ~/.docker/config.json, ~/.kube/config
  const dir = parts.slice(0, -1).join('/');
  return (
    (/(?:^|\/)\.ssh$/.test(dir) && !/\.pub$|^known_hosts|^config$/.test(base)) ||
    (/(?:^|\/)\.aws$/.test(dir) && base === 'credentials') ||
    (/(?:^|\/)\.docker$/.test(dir) && base === 'config.json') ||
    (/(?:^|\/)\.kube$/.test(dir) && base === 'config')
  );
}

const PLACEHOLDER_RE = /\[REDACTED:[\w.-]+\]/g;
/** A placeholder that one request's vault issued: `[REDACTED:kind#n]`. */
const NUMBERED_RE = /\[REDACTED:[\w.-]+#\d+\]/g;

interface Span {
  start: number;
  end: number;
  kind: string;
}

/**
 * The spans redactSecrets replaced in `original`, found by aligning its output with the input (the text between
 * placeholders is unchanged). Undefined when the two do not align, so a caller withholds rather than guesses.
 */
function secretSpans(original: string, redacted: string): Span[] | undefined {
  const spans: Span[] = [];
  const parts: { literal: string; kind?: string }[] = [];
  let last = 0;
  PLACEHOLDER_RE.lastIndex = 0;
  for (let m = PLACEHOLDER_RE.exec(redacted); m; m = PLACEHOLDER_RE.exec(redacted)) {
    parts.push({ literal: redacted.slice(last, m.index), kind: m[0].slice(10, -1) });
    last = m.index + m[0].length;
  }
  parts.push({ literal: redacted.slice(last) });
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const { literal, kind } = parts[i];
    if (!original.startsWith(literal, pos)) return undefined;
    pos += literal.length;
    if (kind === undefined) return pos === original.length ? spans : undefined;
    const next = parts[i + 1].literal;
    const isLast = i + 1 === parts.length - 1;
    // the secret ends where the next literal starts (the last literal must end the text)
    const end = isLast
      ? next
        ? original.length - next.length
        : original.length
      : next
        ? original.indexOf(next, pos + 1)
        : pos;
    if (end <= pos) return undefined;
    spans.push({ start: pos, end, kind });
    pos = end;
  }
  return spans;
}

/** The two non-space characters before `at`: where a placeholder stood (`="`, `: `→`:`, `?k=`→`k=`). */
function anchorBefore(text: string, at: number): string {
  let out = '';
  for (let i = at - 1; i >= 0 && out.length < 2; i--) if (!/\s/.test(text[i])) out = text[i] + out;
  return out;
}

/**
 * One request's withheld secrets. Every value found in any part of the request (selection, context, diagnostics,
 * instruction, completion prefix and suffix) gets one numbered placeholder, `[REDACTED:kind#n]`, and is withheld
 * wherever else in the request it occurs. `restore` fills only placeholders this vault issued, only where the
 * answer keeps them in the same surroundings as they were sent (the two characters before), and no more often than
 * they were sent: a placeholder the model invents or moves (into a URL, say) stays a placeholder.
 * Numbering is deterministic, so the same request builds the same vault (a cached answer restores the same way).
 */
export class SecretVault {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, { value: string; anchors: Map<string, number> }>();
  private readonly counts = new Map<string, number>();
  private next = 1;

  get size(): number {
    return this.byPlaceholder.size;
  }

  /** The placeholder for a value, issued on first sight. */
  private issue(value: string, kind: string): string {
    let ph = this.byValue.get(value);
    if (!ph) {
      ph = `[REDACTED:${kind}#${this.next++}]`;
      this.byValue.set(value, ph);
      this.byPlaceholder.set(ph, { value, anchors: new Map() });
    }
    return ph;
  }

  /** Finds secrets in each text (in order), then withholds every value found anywhere from every text. */
  withhold(texts: readonly string[]): { texts: string[]; findings: { kind: string; count: number }[]; total: number } {
    const fallback = new Map<number, string>();
    const found = texts.map((t, i) => {
      if (!t) return [] as Span[];
      const r = redactSecrets(t);
      if (!r.total) return [] as Span[];
      const spans = secretSpans(t, r.text);
      // unaligned (adjacent secrets): that text goes with unnumbered placeholders, which are never restored
      if (!spans) fallback.set(i, r.text);
      return spans ?? [];
    });
    texts.forEach((t, i) => {
      for (const sp of found[i]) this.issue(t.slice(sp.start, sp.end), sp.kind);
    });
    // values long enough to be recognised on their own are withheld wherever they occur
    const known = [...this.byValue.keys()].filter((v) => v.length >= 5).sort((a, b) => b.length - a.length);
    const keyLike = [...this.byPlaceholder]
      .filter(([, e]) => e.value.length >= PIECE_MIN)
      .map(([ph, e]) => ({ value: e.value, kind: ph.slice(10, ph.lastIndexOf('#')) }));
    const out = texts.map((t, i) => {
      if (!t) return t;
      const fb = fallback.get(i);
      if (fb !== undefined) return known.reduce((x, v) => x.split(v).join(this.byValue.get(v)!), fb);
      const spans: { start: number; end: number; ph: string }[] = found[i].map((sp) => ({
        start: sp.start,
        end: sp.end,
        ph: this.byValue.get(t.slice(sp.start, sp.end))!,
      }));
      for (const v of known)
        for (let at = t.indexOf(v); at >= 0; at = t.indexOf(v, at + v.length))
          spans.push({ start: at, end: at + v.length, ph: this.byValue.get(v)! });
      // a key found in one part and cut short or altered in another (a log line in a diagnostic, say): that piece is
      // withheld too, under a placeholder of its own
      const taken = spans.map((sp) => [sp.start, sp.end] as [number, number]);
      for (const sp of knownPieceSpans(t, keyLike, taken))
        spans.push({ ...sp, ph: this.issue(t.slice(sp.start, sp.end), sp.kind) });
      spans.sort((a, b) => a.start - b.start || b.end - a.end);
      let text = '';
      let last = 0;
      for (const sp of spans) {
        if (sp.start < last) continue;
        text += t.slice(last, sp.start);
        const anchors = this.byPlaceholder.get(sp.ph)!.anchors;
        const a = anchorBefore(t, sp.start);
        anchors.set(a, (anchors.get(a) ?? 0) + 1);
        this.counts.set(sp.ph, (this.counts.get(sp.ph) ?? 0) + 1);
        text += sp.ph;
        last = sp.end;
      }
      return text + t.slice(last);
    });
    const byKind = new Map<string, number>();
    for (const [ph, n] of this.counts) {
      const kind = ph.slice(10, ph.lastIndexOf('#'));
      byKind.set(kind, (byKind.get(kind) ?? 0) + n);
    }
    const findings = [...byKind]
      .map(([kind, count]) => ({ kind, count }))
      .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
    return { texts: out, findings, total: findings.reduce((s, f) => s + f.count, 0) };
  }

  /** Puts the user's own values back where the answer kept this vault's placeholders in place (local use only). */
  restore(answer: string): string {
    if (!answer.includes('[REDACTED:')) return answer;
    const used = new Map<string, number>();
    let out = '';
    let last = 0;
    NUMBERED_RE.lastIndex = 0;
    for (let m = NUMBERED_RE.exec(answer); m; m = NUMBERED_RE.exec(answer)) {
      const entry = this.byPlaceholder.get(m[0]);
      const a = anchorBefore(answer, m.index);
      const allowed = entry?.anchors.get(a) ?? 0;
      const key = `${m[0]}\u0000${a}`;
      out += answer.slice(last, m.index);
      if (entry && (used.get(key) ?? 0) < allowed) {
        used.set(key, (used.get(key) ?? 0) + 1);
        out += entry.value;
      } else out += m[0];
      last = m.index + m[0].length;
    }
    return out + answer.slice(last);
  }
}

/** The parts of a request secrets are looked for in, in the fixed order a vault numbers them. */
export function requestSecretFields(req: {
  instruction?: string;
  selection?: string;
  prefix?: string;
  suffix?: string;
  diagnostics?: readonly { message: string }[];
}): string[] {
  return [
    req.instruction ?? '',
    req.selection ?? '',
    req.prefix ?? '',
    req.suffix ?? '',
    ...(req.diagnostics ?? []).map((d) => d.message),
  ];
}

/** Withholds secrets from all parts of a request at once (see SecretVault). */
export function withholdSecrets(fields: readonly string[]): {
  texts: string[];
  findings: { kind: string; count: number }[];
  total: number;
  vault: SecretVault;
} {
  const vault = new SecretVault();
  return { ...vault.withhold(fields), vault };
}

/**
 * Puts the user's own secrets back into an answer that is applied to their file (a refactor of code holding a key
 * must not replace the key with a placeholder). `fields` are the request's parts as sent for redaction
 * (requestSecretFields); the vault is rebuilt from them, so only placeholders that request issued are filled.
 * Only for local use: restored text is never sent, cached or logged.
 */
export function restoreSecrets(fields: readonly string[], answer: string): string {
  if (!answer.includes('[REDACTED:')) return answer;
  return withholdSecrets(fields).vault.restore(answer);
}

/**
 * Redacts a completion's prefix and suffix as one text, so a value cut by the cursor (`pw = "hunt|"` with the
 * editor's auto-closed quote after it) is still seen whole. A secret that spans the cursor goes to the prefix side
 * as its placeholder; its rest is dropped from the suffix.
 */
export function redactAroundCursor(prefix: string, suffix: string): { prefix: string; suffix: string; total: number } {
  const joined = prefix + suffix;
  const r = redactSecrets(joined);
  if (!r.total) return { prefix, suffix, total: 0 };
  const spans = secretSpans(joined, r.text);
  if (!spans) return { prefix: redactSecrets(prefix).text, suffix: '', total: r.total };
  const cut = prefix.length;
  let p = '';
  let s = '';
  let last = 0;
  for (const sp of spans) {
    const ph = placeholder(sp.kind);
    if (sp.end <= cut) {
      p += joined.slice(last, sp.start) + ph;
    } else if (sp.start >= cut) {
      if (last < cut) p += joined.slice(last, cut);
      s += joined.slice(Math.max(last, cut), sp.start) + ph;
    } else {
      p += joined.slice(last, sp.start) + ph;
    }
    last = sp.end;
  }
  if (last < cut) {
    p += joined.slice(last, cut);
    s += joined.slice(cut);
  } else s += joined.slice(last);
  // a value found once is withheld wherever else it occurs on either side
  const values = [...new Set(spans.map((sp) => joined.slice(sp.start, sp.end)))]
    .filter((v) => v.length >= 5)
    .sort((a, b) => b.length - a.length);
  const kindOf = new Map(spans.map((sp) => [joined.slice(sp.start, sp.end), sp.kind]));
  for (const v of values) {
    p = p.split(v).join(placeholder(kindOf.get(v)!));
    s = s.split(v).join(placeholder(kindOf.get(v)!));
  }
  return { prefix: p, suffix: s, total: r.total };
}

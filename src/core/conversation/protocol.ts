// The answer view's one message protocol, imported by both sides: the extension (src/vscode/answer) and the webview
// script (media/answer/main.ts, bundled for the browser). Type-only imports and plain functions, like the dashboard's.
//
// Handshake: the webview posts `ready` each time its document loads; only then does the extension post `show` (the
// whole conversation) and, while an answer streams, `turn` updates for one turn. Answer bodies arrive as HTML from
// core/markdown (raw HTML off, no links or images that load); the webview rebuilds them from an allow-list of tags
// and never assigns markup to the page. Everything else is text.
export interface TurnView {
  index: number;
  /** the user's words ('' for Explain) */
  question: string;
  /** the answer rendered by core/markdown */
  answerHtml: string;
  /** the answer's reasoning (thinking models), shown folded */
  reasoning?: string;
  model?: string;
  tier?: string;
  /** why this turn got its model (router and stay-or-switch) */
  reason?: string;
  /** cost, savings, tokens, cached tokens */
  footer?: string;
  /** notices: cache hit, partial, cancelled, failed, escalations */
  status?: string;
  streaming: boolean;
}

export interface SummaryView {
  /** turns 1..turns are condensed */
  turns: number;
  text: string;
  footer: string;
}

export interface ConversationView {
  id: string;
  title: string;
  turns: TurnView[];
  summary?: SummaryView;
  busy: boolean;
}

export type ExportFormat = 'markdown' | 'json';

/** Extension -> webview. */
export type ToAnswerView =
  | { type: 'show'; view: ConversationView }
  | { type: 'turn'; turn: TurnView; busy: boolean }
  | { type: 'notice'; text: string };

/** Webview -> extension. */
export type FromAnswerView =
  | { type: 'ready' }
  | { type: 'ask'; text: string }
  | { type: 'cancel' }
  | { type: 'regenerate'; index: number }
  | { type: 'copy'; index: number }
  | { type: 'export'; format: ExportFormat }
  | { type: 'clear' }
  | { type: 'list' }
  | { type: 'dashboard' };

/** The longest follow-up question accepted from the view (a pasted file is fine; a runaway paste is not). */
export const MAX_QUESTION_CHARS = 100_000;

const index = (x: unknown): number | undefined =>
  typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 10_000 ? x : undefined;

/**
 * Checks a message from the webview. It is our own script, but its messages cross a process boundary and are treated
 * like any other input: anything that does not match the protocol is dropped.
 */
export function parseFromAnswerView(x: unknown): FromAnswerView | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const m = x as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'cancel':
    case 'clear':
    case 'list':
    case 'dashboard':
      return { type: m.type };
    case 'ask':
      return typeof m.text === 'string' && m.text.trim() !== '' && m.text.length <= MAX_QUESTION_CHARS
        ? { type: 'ask', text: m.text }
        : undefined;
    case 'regenerate':
    case 'copy': {
      const i = index(m.index);
      return i === undefined ? undefined : { type: m.type, index: i };
    }
    case 'export':
      return m.format === 'markdown' || m.format === 'json' ? { type: 'export', format: m.format } : undefined;
    default:
      return undefined;
  }
}

/** Tags the webview rebuilds from an answer's HTML; anything else becomes its text. */
export const ANSWER_TAGS: readonly string[] = [
  'p',
  'pre',
  'code',
  'strong',
  'em',
  'del',
  's',
  'ul',
  'ol',
  'li',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'br',
  'hr',
];

/** Attributes kept on those tags (classes the renderer writes, the fence's language). */
export function keepAttribute(tag: string, name: string, value: string): boolean {
  if (name === 'data-lang') return tag === 'pre' && /^[\w+#.-]{1,40}$/.test(value);
  if (name === 'class') return /^(url|align-(left|right|center))$/.test(value);
  if (name === 'start') return tag === 'ol' && /^\d{1,9}$/.test(value);
  return false;
}

export function answerCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
  ].join('; ');
}

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The answer view's HTML shell: a strict CSP, one stylesheet, one nonce'd script that builds everything else. */
export function answerHtml(o: { cspSource: string; nonce: string; scriptUri: string; styleUri: string }): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce))
    throw new Error('answerHtml: the nonce must be at least 16 base64 characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(answerCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
<title>Frugal</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading…</p></main>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

// The answer view's webview script (bundled by esbuild into dist/answer.js, a browser IIFE): a conversation, one
// turn under another, each with its model, reason, cost, Copy and Regenerate, and the follow-up box at the bottom.
// Keyboard first: Enter sends, Shift+Enter is a newline, Escape cancels the answer in progress.
//
// Security: text goes in as Text nodes; answer bodies (HTML from core/markdown, raw HTML off) are parsed inert with
// DOMParser and rebuilt from an allow-list of tags and attributes; nothing here assigns markup to the page.
import {
  ANSWER_TAGS,
  keepAttribute,
  type ConversationView,
  type FromAnswerView,
  type ToAnswerView,
  type TurnView,
} from '../../src/core/conversation/protocol';

interface VsCodeApi {
  postMessage(message: FromAnswerView): void;
  getState(): { draft?: string } | undefined;
  setState(state: { draft?: string }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let view: ConversationView | undefined;
let draft = vscode.getState()?.draft ?? '';

type Child = Node | string | null | undefined | false;
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

const allowed = new Set(ANSWER_TAGS);

/** Rebuilds parsed nodes from the allow-list: other elements are replaced by their children (text survives). */
function rebuild(from: Node, into: Node): void {
  for (const n of Array.from(from.childNodes)) {
    if (n.nodeType === Node.TEXT_NODE) into.appendChild(document.createTextNode(n.textContent ?? ''));
    else if (n.nodeType === Node.ELEMENT_NODE) {
      const src = n as Element;
      const tag = src.tagName.toLowerCase();
      if (!allowed.has(tag)) {
        rebuild(src, into);
        continue;
      }
      const el = document.createElement(tag);
      for (const a of Array.from(src.attributes))
        if (keepAttribute(tag, a.name, a.value)) el.setAttribute(a.name, a.value);
      rebuild(src, el);
      into.appendChild(el);
    }
  }
}

function answerNode(html: string): HTMLElement {
  const article = h('article', { class: 'answer' });
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  rebuild(doc.body, article);
  return article;
}

function post(m: FromAnswerView): void {
  vscode.postMessage(m);
}

function button(label: string, title: string, onClick: () => void, cls = ''): HTMLButtonElement {
  const b = h('button', { title, type: 'button', ...(cls ? { class: cls } : {}) }, label);
  b.addEventListener('click', onClick);
  return b;
}

function turnNode(t: TurnView): HTMLElement {
  const meta = h(
    'div',
    { class: 'meta' },
    t.model ? h('span', { class: 'badge' }, t.model) : null,
    t.tier ? h('span', { class: `badge tier-${t.tier}` }, t.tier) : null,
    t.streaming ? h('span', { class: 'working' }, 'answering…') : null,
  );
  const section = h(
    'section',
    { class: 'turn', 'data-index': String(t.index), 'aria-label': `Turn ${t.index + 1}` },
    t.question ? h('blockquote', { class: 'question' }, t.question) : null,
    meta,
    t.reason ? h('div', { class: 'reason', title: 'Why this model' }, t.reason) : null,
    t.status ? h('div', { class: 'status', role: 'status' }, t.status) : null,
    t.reasoning
      ? h('details', {}, h('summary', {}, `Reasoning (${t.reasoning.length} chars)`), h('pre', {}, t.reasoning))
      : null,
    answerNode(t.answerHtml),
    t.footer ? h('footer', {}, t.footer) : null,
    t.streaming
      ? null
      : h(
          'div',
          { class: 'actions' },
          button('Copy', 'Copy this answer', () => post({ type: 'copy', index: t.index })),
          button('Regenerate', 'Ask this again, bypassing the cache (later turns are dropped)', () =>
            post({ type: 'regenerate', index: t.index }),
          ),
        ),
  );
  return section;
}

function render(): void {
  app.replaceChildren();
  app.removeAttribute('aria-busy');
  if (!view) {
    app.appendChild(h('p', { class: 'loading' }, 'Nothing yet: run Frugal: Explain Selection or Ask.'));
    return;
  }
  const v = view;
  app.appendChild(
    h(
      'header',
      {},
      h('h1', {}, v.title),
      h(
        'div',
        { class: 'toolbar' },
        button('Conversations…', 'Open another conversation of this workspace', () => post({ type: 'list' })),
        button('Export Markdown', 'Save this conversation as Markdown', () =>
          post({ type: 'export', format: 'markdown' }),
        ),
        button('Export JSON', 'Save this conversation as JSON', () => post({ type: 'export', format: 'json' })),
        button('Clear', 'Delete this conversation', () => post({ type: 'clear' })),
        button('Cost dashboard', 'Open the cost dashboard', () => post({ type: 'dashboard' })),
      ),
    ),
  );
  const list = h('div', { id: 'answer', 'aria-live': 'polite' });
  for (const t of v.turns) {
    list.appendChild(turnNode(t));
    if (v.summary && v.summary.turns === t.index + 1) {
      list.appendChild(
        h(
          'details',
          { class: 'summary' },
          h('summary', {}, `Turns 1-${v.summary.turns} condensed into a summary (what later turns resend)`),
          h('pre', {}, v.summary.text),
          h('footer', {}, v.summary.footer),
        ),
      );
    }
  }
  app.appendChild(list);
  const box = h('textarea', {
    id: 'followup',
    rows: '3',
    placeholder: 'Ask a follow-up… (Enter sends, Shift+Enter for a new line, Escape cancels)',
    'aria-label': 'Follow-up question',
  });
  box.value = draft;
  box.addEventListener('input', () => {
    draft = box.value;
    vscode.setState({ draft });
  });
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send(box);
    }
  });
  const controls = h(
    'div',
    { class: 'send' },
    v.busy
      ? button('Cancel', 'Stop this answer (Escape)', () => post({ type: 'cancel' }), 'primary')
      : button('Send', 'Send the follow-up (Enter)', () => send(box), 'primary'),
  );
  // never focused on its own: the panel opens beside the editor without taking the keyboard from it
  app.appendChild(h('form', { class: 'followup' }, box, controls));
}

function send(box: HTMLTextAreaElement): void {
  const text = box.value.trim();
  if (!text || view?.busy) return;
  post({ type: 'ask', text });
  box.value = '';
  draft = '';
  vscode.setState({ draft });
}

// Escape anywhere in the view (the follow-up box included) cancels the answer in progress.
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && view?.busy) post({ type: 'cancel' });
});

window.addEventListener('message', (e: MessageEvent<ToAnswerView>) => {
  const m = e.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'show') {
    const focused = document.activeElement?.id === 'followup';
    view = m.view;
    render();
    if (focused) document.getElementById('followup')?.focus();
  } else if (m.type === 'turn' && view) {
    view.busy = m.busy;
    const i = view.turns.findIndex((t) => t.index === m.turn.index);
    if (i >= 0) view.turns[i] = m.turn;
    else view.turns.push(m.turn);
    const old = app.querySelector(`section.turn[data-index="${m.turn.index}"]`);
    if (old && m.busy) old.replaceWith(turnNode(m.turn));
    else {
      const focused = document.activeElement?.id === 'followup';
      render();
      if (focused) document.getElementById('followup')?.focus();
    }
  } else if (m.type === 'notice') {
    const n = h('div', { class: 'notice', role: 'status' }, m.text);
    app.prepend(n);
    setTimeout(() => n.remove(), 6000);
  }
});

post({ type: 'ready' });

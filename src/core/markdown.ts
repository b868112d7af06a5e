// Markdown to safe HTML for answers, on markdown-it (CommonMark, linear-time, maintained) with raw HTML off. Every
// character of model output reaches the page escaped; the only tags are the ones the renderer writes itself, none
// with an href, src or style attribute, so an answer cannot inject script, load remote images or run commands.
// Links are shown as text with their address, never as anchors; images are named, never loaded.
//
// Two pure entry points: `renderMarkdown(md)` renders a whole answer; `renderMarkdownIncremental(md, state)` renders a
// growing answer while it streams, re-rendering only the part after the last settled block, so a long answer streamed
// in small chunks costs about its own length, not its length squared.
import MarkdownIt from 'markdown-it';

export function escapeHtml(text: string): string {
  if (!/[&<>"']/.test(text)) return text;
  // split/join: several times faster than a regex replace on long runs of markup characters
  return text
    .split('&')
    .join('&amp;')
    .split('<')
    .join('&lt;')
    .split('>')
    .join('&gt;')
    .split('"')
    .join('&quot;')
    .split("'")
    .join('&#39;');
}

type RenderRule = MarkdownIt.RendererRule;
type LinkEnv = { links?: string[] };

function createRenderer(): MarkdownIt.MarkdownIt {
  // maxNesting bounds the depth of quotes and lists a hostile answer can build (`>>>>…`, deeply indented bullets)
  const md = new MarkdownIt('default', {
    html: false,
    linkify: false,
    typographer: false,
    breaks: false,
    maxNesting: 20,
  });
  // every address is shown as text, so none needs refusing for being clickable; javascript: and data: show as text too
  md.validateLink = () => true;
  const rules = md.renderer.rules;
  const text = (s: string): string => escapeHtml(s);
  const shown = (href: string): string => {
    let s = href;
    try {
      s = md.normalizeLinkText(href);
    } catch {
      /* keep the encoded form */
    }
    return text(s);
  };
  // headings start one level down: the view's own title is the <h1>
  const heading: RenderRule = (tokens, i) => {
    const level = Math.min(6, Number(tokens[i].tag.slice(1)) + 1);
    return tokens[i].nesting === 1 ? `<h${level}>` : `</h${level}>\n`;
  };
  rules.heading_open = heading;
  rules.heading_close = heading;
  // [label](url) → label (url); the address goes after the label when the link closes
  rules.link_open = (tokens, i, _o, env) => {
    ((env as LinkEnv).links ??= []).push(String(tokens[i].attrGet('href') ?? ''));
    return '';
  };
  rules.link_close = (tokens, i, _o, env) => {
    const href = (env as LinkEnv).links?.pop() ?? '';
    return tokens[i].markup === 'autolink' ? '' : ` (<span class="url">${shown(href)}</span>)`;
  };
  rules.image = (tokens, i) => {
    const t = tokens[i];
    const alt = t.children?.map((c) => c.content).join('') || 'untitled';
    return `[image: ${text(alt)} (${shown(String(t.attrGet('src') ?? ''))}) not loaded]`;
  };
  rules.fence = (tokens, i) => {
    const t = tokens[i];
    const lang = t.info.trim().split(/\s+/)[0] ?? '';
    const attr = /^[\w+#.-]{1,40}$/.test(lang) ? ` data-lang="${text(lang)}"` : '';
    return `<pre${attr}><code>${text(t.content.replace(/\n$/, ''))}</code></pre>\n`;
  };
  rules.code_block = (tokens, i) => `<pre><code>${text(tokens[i].content.replace(/\n$/, ''))}</code></pre>\n`;
  // table alignment as a class: the webview's CSP refuses inline style attributes, and the page should carry none
  const cell =
    (tag: 'th' | 'td'): RenderRule =>
    (tokens, i) => {
      const style = String(tokens[i].attrGet('style') ?? '');
      const align = /text-align:\s*(left|right|center)/.exec(style)?.[1];
      return align ? `<${tag} class="align-${align}">` : `<${tag}>`;
    };
  rules.th_open = cell('th');
  rules.td_open = cell('td');
  // one paragraph, heading or cell longer than INLINE_LIMIT is shown as plain text: inline parsing of unclosed
  // brackets is quadratic within a paragraph, and no real answer writes a 4 KB paragraph
  const long = new WeakMap<object, string>();
  md.core.ruler.before('inline', 'frugal_inline_limit', (state) => {
    for (const t of state.tokens) {
      if (t.type === 'inline' && t.content.length > INLINE_LIMIT) {
        long.set(t, t.content);
        t.content = '';
      }
    }
    return true;
  });
  md.core.ruler.after('inline', 'frugal_inline_limit_text', (state) => {
    for (const t of state.tokens) {
      const content = long.get(t);
      if (content === undefined) continue;
      const plain = new state.Token('text', '', 0);
      plain.content = content;
      t.content = content;
      t.children = [plain];
    }
    return true;
  });
  return md;
}

/** Characters of one inline run parsed as Markdown; a longer one is shown as text. */
export const INLINE_LIMIT = 4 * 1024;
/** Characters of an answer rendered as Markdown; the rest of a longer answer is shown as plain, escaped text. */
export const MARKDOWN_LIMIT = 64 * 1024;

let renderer: MarkdownIt.MarkdownIt | undefined;
const mdIt = (): MarkdownIt.MarkdownIt => (renderer ??= createRenderer());

function renderBlocks(md: string): string {
  return md ? mdIt().render(md, {}).replace(/\n$/, '') : '';
}

/**
 * Renders a whole Markdown answer to HTML that contains no live tag, attribute or link. The same HTML as the last
 * `renderMarkdownIncremental` call of a stream ending in this text.
 */
export function renderMarkdown(md: string): string {
  return renderMarkdownIncremental(md).html;
}

/** What an incremental render keeps between calls: the settled source prefix and its HTML. */
export interface IncrementalState {
  readonly source: string;
  readonly html: string;
}

export const EMPTY_MARKDOWN_STATE: IncrementalState = { source: '', html: '' };

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** A line after a blank one that may continue the block before it (a list, quote, table or indented code). */
const CONTINUES_RE = /^(?:[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|>|\|)/;

/**
 * The end of the last settled block in `md` at or after `from` (which must itself be such a boundary): a blank line
 * outside any fence, followed by a line that starts a new block on its own. Rendering the text before it never
 * changes however the answer goes on (reference-style link definitions aside, which are shown as text anyway).
 */
function lastBoundary(md: string, from: number): number {
  let boundary = from;
  let fence: string | undefined;
  let prevBlank = false;
  let pos = from;
  while (pos < md.length) {
    const nl = md.indexOf('\n', pos);
    if (nl < 0) break; // the last line is still growing
    const line = md.slice(pos, nl);
    const m = FENCE_RE.exec(line);
    if (fence) {
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && !m[2].trim()) fence = undefined;
      prevBlank = false;
    } else {
      if (prevBlank && line.trim() && !CONTINUES_RE.test(line)) boundary = pos;
      if (m && !(m[1][0] === '`' && m[2].includes('`'))) fence = m[1];
      prevBlank = !line.trim();
    }
    pos = nl + 1;
  }
  return boundary;
}

/**
 * Renders a streaming answer: `md` is the whole text so far and `state` what the previous call returned. Blocks
 * that are settled are rendered once and kept; only the unsettled tail is rendered again. When `md` does not extend
 * the state's source (a regenerated answer), it starts over.
 */
export function renderMarkdownIncremental(
  md: string,
  state: IncrementalState = EMPTY_MARKDOWN_STATE,
): { html: string; state: IncrementalState } {
  const text = md.replace(/\r\n?/g, '\n');
  let settled = text.startsWith(state.source) ? state : EMPTY_MARKDOWN_STATE;
  const over = text.length > MARKDOWN_LIMIT;
  // past the limit, Markdown ends at the last settled block inside it and the rest is plain text
  const markdown = over ? text.slice(0, MARKDOWN_LIMIT) : text;
  const boundary = lastBoundary(markdown, settled.source.length);
  if (boundary > settled.source.length) {
    const block = renderBlocks(text.slice(settled.source.length, boundary));
    settled = { source: text.slice(0, boundary), html: join(settled.html, block) };
  }
  const rest = text.slice(settled.source.length);
  const tail = over
    ? `<p class="notice">The rest of this long answer is shown as plain text.</p>\n<pre class="plain">${escapeHtml(rest)}</pre>`
    : renderBlocks(rest);
  return { html: join(settled.html, tail), state: settled };
}

const join = (a: string, b: string): string => (a && b ? `${a}\n${b}` : a || b);

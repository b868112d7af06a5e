// The editor side of the dashboard (panel, export, Set Budget) against a small fake of the 'vscode' module: the
// handshake, debounced live updates, what is posted (never the whole ledger), the CSP and resource roots, the
// actions, and the two commands' handlers.
import { strict as assert } from 'node:assert';
import Module from 'node:module';
import * as path from 'node:path';
import { DEFAULT_BUDGET, defaultConfig } from '../../src/core/config';
import { MemoryLogger } from '../../src/core/ports';
import { VirtualClock } from '../../src/core/clock';
import type { LedgerRecord } from '../../src/core/types';
import { arrayLedger } from '../../src/core/dashboard';
import { PanelSlot } from '../../src/vscode/panelSlot';
import type { DashboardPanel as DashboardPanelType } from '../../src/vscode/dashboard/dashboardPanel';

type Listener<T> = (e: T) => void;
class Emitter<T> {
  private ls = new Set<Listener<T>>();
  event = (l: Listener<T>) => {
    this.ls.add(l);
    return { dispose: () => this.ls.delete(l) };
  };
  fire(e: T): void {
    for (const l of [...this.ls]) l(e);
  }
  get size(): number {
    return this.ls.size;
  }
}

class Uri {
  constructor(readonly fsPath: string) {}
  static file(p: string): Uri {
    return new Uri(p);
  }
  static joinPath(u: Uri, ...parts: string[]): Uri {
    return new Uri(path.posix.join(u.fsPath, ...parts));
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

interface FakePanel {
  viewType: string;
  options: any;
  visible: boolean;
  revealed: number;
  disposed: boolean;
  posted: any[];
  webview: any;
  receive: Emitter<unknown>;
  viewState: Emitter<unknown>;
  disposeEvt: Emitter<void>;
  reveal(): void;
  dispose(): void;
  onDidDispose: Emitter<void>['event'];
  onDidChangeViewState: Emitter<unknown>['event'];
}

const fake = {
  panels: [] as FakePanel[],
  commands: new Map<string, (...a: any[]) => any>(),
  executed: [] as unknown[][],
  written: new Map<string, string>(),
  updates: [] as [string, unknown, unknown][],
  saveDialog: undefined as Uri | undefined,
  saveDialogOptions: [] as any[],
  quickPick: undefined as ((items: any[]) => any) | undefined,
  inputBox: undefined as ((opts: any) => string | undefined) | undefined,
  infos: [] as string[],
  config: new Emitter<{ affectsConfiguration(s: string): boolean }>(),
  serializers: [] as string[],
};

function makePanel(viewType: string, options: any): FakePanel {
  const receive = new Emitter<unknown>();
  const viewState = new Emitter<unknown>();
  const disposeEvt = new Emitter<void>();
  const p: FakePanel = {
    viewType,
    options,
    visible: true,
    revealed: 0,
    disposed: false,
    posted: [],
    receive,
    viewState,
    disposeEvt,
    webview: {
      options: {},
      html: '',
      cspSource: 'https://fake.vscode-cdn.net',
      asWebviewUri: (u: Uri) => ({ toString: () => `https://fake.vscode-cdn.net${u.fsPath}` }),
      postMessage: async (m: unknown) => {
        p.posted.push(JSON.parse(JSON.stringify(m)));
        return true;
      },
      onDidReceiveMessage: receive.event,
    },
    reveal() {
      p.revealed++;
    },
    dispose() {
      if (!p.disposed) {
        p.disposed = true;
        disposeEvt.fire();
      }
    },
    onDidDispose: disposeEvt.event,
    onDidChangeViewState: viewState.event,
  };
  return p;
}

const vscodeFake = {
  Uri,
  ViewColumn: { Active: -1 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  window: {
    createWebviewPanel: (viewType: string, _title: string, _col: unknown, options: any) => {
      const p = makePanel(viewType, options);
      fake.panels.push(p);
      return p;
    },
    registerWebviewPanelSerializer: (viewType: string) => {
      fake.serializers.push(viewType);
      return { dispose() {} };
    },
    showSaveDialog: async (o: any) => {
      fake.saveDialogOptions.push(o);
      return fake.saveDialog;
    },
    showQuickPick: async (items: any[]) => fake.quickPick?.(items),
    showInputBox: async (o: any) => fake.inputBox?.(o),
    showInformationMessage: async (m: string) => {
      fake.infos.push(m);
      return undefined;
    },
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    showTextDocument: async () => undefined,
  },
  commands: {
    registerCommand: (id: string, fn: (...a: any[]) => any) => {
      fake.commands.set(id, fn);
      return { dispose: () => fake.commands.delete(id) };
    },
    executeCommand: async (...a: unknown[]) => {
      fake.executed.push(a);
      return undefined;
    },
  },
  workspace: {
    workspaceFolders: [{ uri: new Uri('/work/ws') }],
    fs: {
      writeFile: async (u: Uri, bytes: Uint8Array) => {
        fake.written.set(u.fsPath, Buffer.from(bytes).toString('utf8'));
      },
    },
    getConfiguration: (section: string) => ({
      update: async (key: string, value: unknown, target: unknown) => {
        fake.updates.push([`${section}.${key}`, value, target]);
      },
      inspect: () => ({}),
    }),
    onDidChangeConfiguration: fake.config.event,
  },
};

// Load the editor-side modules with this fake as 'vscode'.
const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const realLoad = loader._load;
loader._load = function (request: string, parent: unknown, isMain: boolean) {
  return request === 'vscode' ? vscodeFake : realLoad.call(this, request, parent, isMain);
};
const panelModule =
  require('../../src/vscode/dashboard/dashboardPanel') as typeof import('../../src/vscode/dashboard/dashboardPanel');
loader._load = realLoad;
const { DashboardPanel, registerDashboardCommands } = panelModule;
/** The slot the FrugalContext would own: every test's panel lives here. */
const slot = new PanelSlot<DashboardPanelType>();

function record(i: number, over: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    v: 1,
    id: `r${i}`,
    requestId: `q${i}`,
    attempt: 1,
    ts: Date.now() - (1000 - i) * 1000,
    workspace: 'ws',
    task: 'explain',
    model: i % 2 ? 'deepseek-coder' : 'Qwen/Qwen3-8B',
    tier: i % 2 ? 'coder' : 'cheap',
    reason: `reason ${i}`,
    inputTokens: 100,
    outputTokens: 10,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.001,
    baselineCostUsd: 0.01,
    savedRoutingUsd: 0.009,
    savedCacheUsd: 0,
    savedCompressionUsd: 0,
    estimated: false,
    latencyMs: 5,
    outcome: 'ok',
    cacheHit: false,
    tokensSavedByCompression: 0,
    ...over,
  };
}

function makeDeps(n = 250) {
  const records = Array.from({ length: n }, (_, i) => record(i));
  const changed = new Emitter<void>();
  const logger = new MemoryLogger();
  const config = defaultConfig();
  config.budget = { ...DEFAULT_BUDGET, dailyUsd: 1, monthlyUsd: 0 };
  const clock = new VirtualClock(Date.now());
  return {
    clock,
    records,
    changed,
    logger,
    deps: {
      extensionUri: new Uri('/ext'),
      panel: slot,
      ledger: { ...arrayLedger(() => records), onDidChange: (l: () => void) => changed.event(l) },
      sessionStart: Date.now() - 3_600_000,
      getConfig: () => config,
      cacheStats: () => ({ entries: 3, hits: 1, misses: 2 }),
      logger,
      clock,
    },
  };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('dashboard panel (editor side)', () => {
  afterEach(() => {
    slot.current?.dispose();
    fake.panels.length = 0;
    fake.executed.length = 0;
    fake.written.clear();
    fake.updates.length = 0;
    fake.infos.length = 0;
    fake.saveDialogOptions.length = 0;
    fake.quickPick = undefined;
    fake.inputBox = undefined;
  });

  it('opens one panel with scripts on, no retained context, resources limited to media/ and dist/, a strict CSP', () => {
    const { deps } = makeDeps();
    const a = DashboardPanel.show(deps as any);
    const b = DashboardPanel.show(deps as any);
    assert.equal(a, b);
    assert.equal(fake.panels.length, 1);
    const p = fake.panels[0];
    assert.equal(p.viewType, 'frugal.dashboard');
    assert.equal(p.revealed, 1);
    for (const o of [p.options, p.webview.options]) {
      assert.equal(o.enableScripts, true);
      assert.equal(o.retainContextWhenHidden, false);
      assert.deepEqual(
        o.localResourceRoots.map((u: Uri) => u.fsPath),
        ['/ext/media', '/ext/dist'],
      );
    }
    const html: string = p.webview.html;
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)![1];
    assert.ok(nonce.length >= 24);
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://fake.vscode-cdn.net/ext/dist/dashboard.js">`));
    assert.ok(html.includes('href="https://fake.vscode-cdn.net/ext/media/dashboard/styles.css"'));
    assert.ok(html.includes("default-src 'none'; style-src https://fake.vscode-cdn.net;"));
    // a new panel gets a new nonce
    a.dispose();
    DashboardPanel.show(deps as any);
    assert.notEqual(/script-src 'nonce-([^']+)'/.exec(fake.panels[1].webview.html)![1], nonce);
  });

  it('posts nothing before ready, then the aggregates and at most the last 100 records', async () => {
    const { deps, changed, clock } = makeDeps(250);
    DashboardPanel.show(deps as any);
    const p = fake.panels[0];
    changed.fire();
    await clock.advance(300);
    assert.deepEqual(p.posted, []);
    p.receive.fire({ type: 'ready', filter: { model: '', task: '' } });
    await tick();
    assert.equal(p.posted.length, 1);
    const m: any = (p.posted as any[])[0];
    assert.equal(m.type, 'update');
    assert.equal(m.payload.model.recordCount, 250);
    assert.equal(m.payload.model.recent.rows.length, 100);
    assert.equal(m.payload.model.recent.rows[0].id, 'r249');
    assert.equal(m.payload.model.totals.all.requests, 250);
    assert.deepEqual(m.payload.cache, { entries: 3, hits: 1, misses: 2 });
    assert.equal(m.payload.model.budget.daily.limitUsd, 1);
    assert.equal(m.payload.model.baselineModel, 'gpt-4o');
    assert.ok(!('records' in m.payload), 'the ledger itself is never posted');
  });

  it('pages: the update says where older rows start; `more` answers with the next page, then the last one', async () => {
    const { deps } = makeDeps(250);
    DashboardPanel.show(deps as any);
    const p = fake.panels[0];
    p.receive.fire({ type: 'ready', filter: { model: '', task: '' } });
    await tick();
    const first: any = (p.posted as any[])[0];
    assert.ok(first.payload.model.recent.next, 'there are older rows');
    const ids: string[] = first.payload.model.recent.rows.map((r: any) => r.id);
    let cursor = first.payload.model.recent.next;
    while (cursor) {
      const before = p.posted.length;
      p.receive.fire({ type: 'more', cursor });
      await tick(5);
      const page: any = p.posted[before];
      assert.equal(page.type, 'page');
      ids.push(...page.rows.map((r: any) => r.id));
      cursor = page.next;
    }
    assert.equal(ids.length, 250);
    assert.equal(new Set(ids).size, 250);
    assert.deepEqual(ids.slice(0, 2), ['r249', 'r248']);
    assert.equal(ids.at(-1), 'r0');
  });

  it('re-posts once per burst of ledger changes (debounced), and on settings changes', async () => {
    const { deps, changed, records, clock } = makeDeps(10);
    DashboardPanel.show(deps as any);
    const p = fake.panels[0];
    p.receive.fire({ type: 'ready', filter: { model: '', task: '' } });
    await tick();
    records.push(record(10), record(11));
    // a burst spread over 200 ms: the repaint waits 250 ms after the last change
    for (let i = 0; i < 5; i++) {
      changed.fire();
      await clock.advance(50);
    }
    await clock.advance(199);
    assert.equal(p.posted.length, 1, 'not yet: 249 ms after the last change');
    await clock.advance(1);
    await tick();
    assert.equal(p.posted.length, 2);
    assert.equal(p.posted[1].payload.model.recordCount, 12);
    fake.config.fire({ affectsConfiguration: (s) => s === 'frugal' });
    fake.config.fire({ affectsConfiguration: () => false });
    await clock.advance(250);
    await tick();
    assert.equal(p.posted.length, 3);
    await clock.advance(10_000);
    await tick();
    assert.equal(p.posted.length, 3, 'the other section changed nothing');
  });

  it('stops posting while hidden and sends fresh data on the next ready', async () => {
    const { deps, changed, clock } = makeDeps(10);
    DashboardPanel.show(deps as any);
    const p = fake.panels[0];
    p.receive.fire({ type: 'ready', filter: { model: '', task: '' } });
    await tick();
    p.visible = false;
    p.viewState.fire({});
    changed.fire();
    await clock.advance(350);
    await tick();
    assert.equal(p.posted.length, 1);
    p.visible = true;
    p.viewState.fire({});
    p.receive.fire({ type: 'ready', filter: { model: 'deepseek-coder', task: '' } });
    await tick();
    assert.equal(p.posted.length, 2);
    assert.deepEqual(p.posted[1].payload.model.recent.filter, { model: 'deepseek-coder', task: '' });
    assert.ok(p.posted[1].payload.model.recent.rows.every((r: any) => r.model === 'deepseek-coder'));
  });

  it('answers a filter change with the filtered rows; ignores messages outside the protocol', async () => {
    const { deps, logger } = makeDeps(30);
    DashboardPanel.show(deps as any);
    const p = fake.panels[0];
    p.receive.fire({ type: 'ready' });
    p.receive.fire({ type: 'filter', filter: { model: 'Qwen/Qwen3-8B', task: 'explain' } });
    p.receive.fire({ type: 'command', command: 'workbench.action.terminal.sendSequence' });
    p.receive.fire({ type: 'export', format: 'exe' });
    await tick();
    assert.equal(p.posted.length, 2);
    assert.equal(p.posted[1].payload.model.recent.matching, 15);
    assert.deepEqual(fake.executed, []);
    assert.equal(logger.lines.filter((l) => l.startsWith('warn Dashboard: ignored')).length, 2);
  });

  it('runs the actions: reset (which confirms), clear cache, settings, budgets', async () => {
    const { deps } = makeDeps(3);
    DashboardPanel.show(deps as any);
    const p = fake.panels[0];
    for (const command of ['resetStats', 'clearCache', 'openSettings', 'setBudget'])
      p.receive.fire({ type: 'command', command });
    await tick();
    assert.deepEqual(fake.executed, [
      ['frugal.resetStats'],
      ['frugal.clearCache'],
      ['workbench.action.openSettings', '@ext:frugal-dev.frugal'],
      ['frugal.setBudget'],
    ]);
  });

  it('exports from the dashboard through a save dialog and says where', async () => {
    const { deps, records } = makeDeps(5);
    records[2] = { ...records[2], reason: 'has, a comma and "quotes"\nand a line' };
    DashboardPanel.show(deps as any);
    const p = fake.panels[0];
    p.receive.fire({ type: 'ready' });
    fake.saveDialog = new Uri('/tmp/out.csv');
    p.receive.fire({ type: 'export', format: 'csv' });
    await tick(10);
    assert.equal(fake.saveDialogOptions.length, 1);
    assert.deepEqual(fake.saveDialogOptions[0].filters, { 'CSV files': ['csv'] });
    assert.match(fake.saveDialogOptions[0].defaultUri.fsPath, /^\/work\/ws\/frugal-ledger-\d{4}-\d\d-\d\d\.csv$/);
    const csv = fake.written.get('/tmp/out.csv')!;
    assert.equal(csv.split('\r\n').length, 5 + 2); // header, 5 rows (one with a quoted line break inside), final ''
    assert.ok(csv.includes('"has, a comma and ""quotes""\nand a line"'));
    assert.deepEqual(p.posted.at(-1), { type: 'notice', level: 'info', text: 'Exported 5 records to /tmp/out.csv.' });
    // cancelled dialog: nothing written, nothing said
    fake.saveDialog = undefined;
    p.receive.fire({ type: 'export', format: 'json' });
    await tick(10);
    assert.equal(fake.written.size, 1);
  });
});

describe('dashboard commands: open, export, set budget', () => {
  let subs: { dispose(): void }[] = [];
  let ctx: ReturnType<typeof makeDeps>;
  beforeEach(() => {
    ctx = makeDeps(4);
    subs = registerDashboardCommands(ctx.deps as any);
  });
  afterEach(() => {
    for (const s of subs) s.dispose();
    fake.written.clear();
    fake.updates.length = 0;
    fake.quickPick = undefined;
    fake.inputBox = undefined;
  });

  it('registers the three commands and a serializer for the panel', async () => {
    for (const id of ['frugal.openDashboard', 'frugal.exportLedger', 'frugal.setBudget'])
      assert.ok(fake.commands.has(id), id);
    assert.ok(fake.serializers.includes('frugal.dashboard'));
    await fake.commands.get('frugal.openDashboard')!();
    assert.ok(slot.current);
  });

  it('frugal.exportLedger: format and file as arguments, or asked for', async () => {
    const r = await fake.commands.get('frugal.exportLedger')!({ format: 'json', uri: '/tmp/ledger.json' });
    assert.equal(r.records, 4);
    assert.deepEqual(JSON.parse(fake.written.get('/tmp/ledger.json')!), ctx.records);
    fake.quickPick = (items) => items.find((i: any) => i.format === 'csv');
    fake.saveDialog = new Uri('/tmp/picked.csv');
    const r2 = await fake.commands.get('frugal.exportLedger')!();
    assert.equal(r2.format, 'csv');
    assert.ok(fake.written.get('/tmp/picked.csv')!.startsWith('time,ts,id,'));
    fake.quickPick = () => undefined;
    assert.equal(await fake.commands.get('frugal.exportLedger')!(), undefined);
  });

  it('frugal.setBudget: asks which limit and how much, validates, writes user settings', async () => {
    fake.quickPick = (items) => {
      assert.deepEqual(
        items.map((i: any) => [i.label, i.description]),
        [
          ['Daily limit', '$1.00'],
          ['Monthly limit', 'no limit'],
        ],
      );
      return items[1];
    };
    let validate: ((v: string) => string | undefined) | undefined;
    fake.inputBox = (o) => {
      validate = o.validateInput;
      assert.equal(o.value, '0');
      return ' $7.50 ';
    };
    const r = await fake.commands.get('frugal.setBudget')!();
    assert.deepEqual(r, { monthlyUsd: 7.5 });
    assert.deepEqual(fake.updates, [['frugal.budget.monthlyUsd', 7.5, 1]]);
    assert.match(validate!('abc')!, /number/);
    assert.match(validate!('-3')!, /number/);
    assert.equal(validate!('12'), undefined);
    // cancelled at either step: nothing written
    fake.updates.length = 0;
    fake.quickPick = () => undefined;
    assert.equal(await fake.commands.get('frugal.setBudget')!(), undefined);
    fake.quickPick = (items) => items[0];
    fake.inputBox = () => undefined;
    assert.equal(await fake.commands.get('frugal.setBudget')!(), undefined);
    assert.deepEqual(fake.updates, []);
  });

  it('frugal.setBudget with arguments skips the prompts; refuses negative amounts', async () => {
    assert.deepEqual(await fake.commands.get('frugal.setBudget')!({ dailyUsd: 5, monthlyUsd: 0 }), {
      dailyUsd: 5,
      monthlyUsd: 0,
    });
    assert.deepEqual(fake.updates, [
      ['frugal.budget.dailyUsd', 5, 1],
      ['frugal.budget.monthlyUsd', 0, 1],
    ]);
    await assert.rejects(async () => fake.commands.get('frugal.setBudget')!({ dailyUsd: -1 }), /0 or more/);
  });
});

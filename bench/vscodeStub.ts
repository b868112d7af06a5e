// Just enough of the 'vscode' module to load dist/extension.js and call activate() outside the editor, so the
// bench can time activation. Every call is a no-op that returns a plausible object.
import * as path from 'node:path';

class EventEmitter<T> {
  private listeners = new Set<(e: T) => void>();
  event = (l: (e: T) => void) => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

const disposable = { dispose() {} };
const noopProxy: any = new Proxy(function () {}, {
  get: (_t, prop) => (prop === 'then' ? undefined : prop === 'dispose' ? () => {} : noopProxy),
  apply: () => noopProxy,
});

class Uri {
  constructor(
    readonly fsPath: string,
    readonly scheme = 'file',
  ) {}
  get path(): string {
    return this.fsPath;
  }
  static file(p: string): Uri {
    return new Uri(p);
  }
  static joinPath(u: Uri, ...parts: string[]): Uri {
    return new Uri(path.join(u.fsPath, ...parts));
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

export function makeVscodeStub(): any {
  // Anything not spelled out below (enums read at load time, rarely used namespaces) is a harmless no-op proxy.
  const known = makeKnown();
  for (const ns of ['window', 'workspace', 'commands', 'languages', 'env', 'extensions'])
    known[ns] = withFallback(known[ns]);
  return withFallback(known);
}

function withFallback(target: Record<string, any>): any {
  return new Proxy(target, { get: (t, prop) => (prop in t ? t[prop as string] : noopProxy) });
}

function makeKnown(): Record<string, any> {
  const statusItem = () => ({ text: '', tooltip: '', show() {}, hide() {}, dispose() {} });
  return {
    EventEmitter,
    Uri,
    Disposable: class {
      static from() {
        return disposable;
      }
      dispose() {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    MarkdownString: class {
      value = '';
      isTrusted = false;
      supportThemeIcons = false;
      appendMarkdown(s: string) {
        this.value += s;
        return this;
      }
      appendText(s: string) {
        this.value += s;
        return this;
      }
    },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    ProgressLocation: { Notification: 15, Window: 10 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    SymbolKind: {
      File: 0,
      Module: 1,
      Namespace: 2,
      Class: 4,
      Method: 5,
      Property: 6,
      Field: 7,
      Constructor: 8,
      Enum: 9,
      Interface: 10,
      Function: 11,
      Variable: 12,
    },
    InlineCompletionTriggerKind: { Invoke: 0, Automatic: 1 },
    Range: class {
      constructor(...a: unknown[]) {
        void a;
      }
    },
    Position: class {
      constructor(
        readonly line: number,
        readonly character: number,
      ) {}
    },
    Selection: class {},
    InlineCompletionItem: class {
      constructor(readonly insertText: unknown) {}
    },
    window: {
      createOutputChannel: () => ({
        debug() {},
        info() {},
        warn() {},
        error() {},
        trace() {},
        appendLine() {},
        show() {},
        dispose() {},
      }),
      createStatusBarItem: statusItem,
      showErrorMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      showInformationMessage: async () => undefined,
      onDidChangeActiveTextEditor: () => disposable,
      onDidChangeTextEditorSelection: () => disposable,
      registerWebviewPanelSerializer: () => disposable,
      activeTextEditor: undefined,
      createTextEditorDecorationType: () => disposable,
    },
    commands: {
      registerCommand: () => disposable,
      executeCommand: async () => undefined,
      registerTextEditorCommand: () => disposable,
    },
    workspace: {
      getConfiguration: () => ({
        get: () => undefined,
        inspect: () => undefined,
        update: async () => undefined,
        has: () => false,
      }),
      onDidChangeConfiguration: () => disposable,
      onDidChangeTextDocument: () => disposable,
      registerTextDocumentContentProvider: () => disposable,
      isTrusted: true,
      name: 'bench',
      workspaceFolders: [],
    },
    languages: { registerInlineCompletionItemProvider: () => disposable, getDiagnostics: () => [] },
    env: { clipboard: { writeText: async () => undefined } },
    extensions: { getExtension: () => undefined },
    __proxy: noopProxy,
  };
}

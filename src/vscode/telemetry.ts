// OpenTelemetry export, off by default. When frugal.telemetry.otlp.enabled is on, dist/otel.js (the official
// OpenTelemetry JS SDK and its OTLP/HTTP exporters, bundled apart) is required and every request attempt is handed
// to it; when off, nothing of the SDK is loaded and the observer is an empty function call. The collector headers
// (often a token) live in SecretStorage, set with "Frugal: Set OpenTelemetry Export Headers".
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { FrugalConfig } from '../core/config';
import type { Logger } from '../core/ports';
import type { AttemptEvent } from '../core/pipeline';
import { parseOtlpHeaders, type OtlpTelemetry, type OtlpTelemetryOptions } from '../core/telemetry';

const HEADERS_KEY = 'frugal.otlp.headers';

type Loader = () => { createOtlpTelemetry(o: OtlpTelemetryOptions): OtlpTelemetry };

/** Requires dist/otel.js beside dist/extension.js; a computed path, so esbuild leaves it out of the main bundle. */
const loadBundle: Loader = () => require(path.join(__dirname, 'otel.js'));

export class TelemetryService implements vscode.Disposable {
  private exporter?: OtlpTelemetry;
  private current = '';
  private readonly subs: vscode.Disposable[] = [];
  private version = 0;

  constructor(
    private readonly deps: {
      secrets: vscode.SecretStorage;
      getConfig(): FrugalConfig;
      onConfigChange: vscode.Event<FrugalConfig>;
      logger: Logger;
      serviceVersion?: string;
      load?: Loader;
    },
  ) {
    this.subs.push(deps.onConfigChange(() => void this.apply()));
    this.subs.push(
      deps.secrets.onDidChange((e) => {
        if (e.key === HEADERS_KEY) void this.apply(true);
      }),
    );
    void this.apply();
  }

  /** The pipeline's attempt observer: queues the attempt when export is on, does nothing when off. */
  readonly observe = (a: AttemptEvent): void => {
    this.exporter?.observe(a);
  };

  get enabled(): boolean {
    return !!this.exporter;
  }

  /** Starts, restarts or stops the exporter to match the settings and stored headers. */
  async apply(force = false): Promise<void> {
    const run = ++this.version;
    const { enabled, endpoint } = this.deps.getConfig().telemetry.otlp;
    const want = enabled ? endpoint : '';
    if (want === this.current && !force) return;
    const old = this.exporter;
    this.exporter = undefined;
    this.current = want;
    if (old) await old.shutdown().catch(() => undefined);
    if (!enabled || run !== this.version) return;
    const parsed = parseOtlpHeaders((await this.deps.secrets.get(HEADERS_KEY)) ?? '');
    if ('error' in parsed) {
      this.deps.logger.warn(
        `OpenTelemetry export: the stored headers are not usable (${parsed.error}); exporting without them. Run "Frugal: Set OpenTelemetry Export Headers".`,
      );
    }
    try {
      const mod = (this.deps.load ?? loadBundle)();
      if (run !== this.version) return;
      this.exporter = mod.createOtlpTelemetry({
        endpoint,
        headers: 'headers' in parsed ? parsed.headers : {},
        serviceVersion: this.deps.serviceVersion,
        onError: (m) => this.deps.logger.warn(`OpenTelemetry export to ${endpoint}: ${m}`),
      });
      this.deps.logger.info(
        `OpenTelemetry export on: OTLP/HTTP JSON to ${endpoint} (${'headers' in parsed ? Object.keys(parsed.headers).length : 0} header(s)).`,
      );
    } catch (e) {
      this.deps.logger.error(`OpenTelemetry export could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async flush(): Promise<void> {
    await this.exporter?.flush();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    void this.exporter?.shutdown();
    this.exporter = undefined;
  }
}

/** "Frugal: Set OpenTelemetry Export Headers": key=value pairs (or JSON) kept in SecretStorage, never in settings. */
export function registerTelemetryCommands(deps: {
  secrets: vscode.SecretStorage;
  logger: Logger;
}): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('frugal.setOtlpHeaders', async (arg?: { headers?: string }) => {
      const text =
        arg?.headers ??
        (await vscode.window.showInputBox({
          title: 'Frugal: headers for the OpenTelemetry collector',
          prompt:
            'key=value pairs separated by commas (as in OTEL_EXPORTER_OTLP_HEADERS), e.g. authorization=Bearer abc123. Kept in secret storage. Leave empty to remove.',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => {
            const p = parseOtlpHeaders(v);
            return 'error' in p ? p.error : undefined;
          },
        }));
      if (text === undefined) return false;
      const parsed = parseOtlpHeaders(text);
      if ('error' in parsed) {
        void vscode.window.showErrorMessage(`Frugal: the headers were not stored: ${parsed.error}.`);
        return false;
      }
      if (!Object.keys(parsed.headers).length) {
        await deps.secrets.delete(HEADERS_KEY);
        void vscode.window.showInformationMessage('Frugal: OpenTelemetry export headers removed.');
        return true;
      }
      await deps.secrets.store(HEADERS_KEY, text.trim());
      deps.logger.info(`OpenTelemetry export headers stored (${Object.keys(parsed.headers).join(', ')}).`);
      void vscode.window.showInformationMessage('Frugal: OpenTelemetry export headers stored in secret storage.');
      return true;
    }),
  ];
}

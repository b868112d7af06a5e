// The one owner of the extension's objects in a window: built once by activate(), handed to the commands and
// providers it registers, and closed by deactivate(). Nothing of Frugal's lives in a module variable or a static: the
// ledger, the cache, the configuration, the output channel, the inline engine, the answer view and the dashboard
// (through their PanelSlots) and the jobs put off to a later time are all fields here.
import * as vscode from 'vscode';
import { Ledger } from '../core/ledger';
import { ResponseCache } from '../core/cache';
import { ProviderClient } from '../core/provider';
import { Pipeline } from '../core/pipeline';
import type { FrugalConfig } from '../core/config';
import type { CompletionEngine } from '../core/inline/completionEngine';
import type { Logger } from '../core/ports';
import { gatewayPanel } from '../core/gateway';
import { prepareRouter } from '../core/router';
import { createLogger } from './log';
import { ConfigService } from './config';
import { SecretStore } from './secrets';
import { Session } from './session';
import { SendGuard } from './guard';
import { CostStatusBar } from './statusBar';
import { registerRequestCommands } from './commands/requestCommands';
import { registerCostCommands } from './commands/costCommands';
import type { AnswerPanel } from './answer/answerPanel';
import { ConversationController, registerConversationCommands } from './answer/conversationController';
import { ConversationStore } from './answer/conversationStore';
import { registerDashboardCommands, type DashboardPanel } from './dashboard/dashboardPanel';
import { registerInline } from './inline/registerInline';
import { registerEditCommands } from './edits/registerEditCommands';
import { TelemetryService, registerTelemetryCommands } from './telemetry';
import { GatewayBudgets } from './gateway';
import { CorrectionStore } from './corrections';
import { DeferredJobs, PanelSlot } from './panelSlot';

const DAY_MS = 86_400_000;

function cacheLimits(cfg: FrugalConfig): { ttlMs: number; maxEntries: number; maxBytes: number } {
  return {
    ttlMs: cfg.cache.ttlDays * DAY_MS,
    maxEntries: cfg.cache.maxEntries,
    maxBytes: Math.round(cfg.cache.maxMegabytes * 1024 * 1024),
  };
}

/** How long after activation the router's prefilters are built: after the window's own start-up work. */
const ROUTER_WARM_UP_DELAY_MS = 1000;

export class FrugalContext {
  readonly answerPanel = new PanelSlot<AnswerPanel>();
  readonly dashboardPanel = new PanelSlot<DashboardPanel>();
  readonly deferred = new DeferredJobs();
  /** everything registered or created for this window, disposed in reverse order by close() */
  private readonly disposables: vscode.Disposable[] = [];
  private closed: Promise<void> | undefined;

  private constructor(
    readonly extension: vscode.ExtensionContext,
    readonly logger: Logger,
    readonly output: vscode.OutputChannel,
    readonly config: ConfigService,
    readonly corrections: CorrectionStore,
    readonly ledger: Ledger,
    readonly cache: ResponseCache | undefined,
  ) {}

  /** The settings in force, with the user's routing corrections attached, so every route() call sees them. */
  readonly getConfig = (): FrugalConfig => {
    const c = this.config.get();
    return { ...c, router: { ...c.router, corrections: this.corrections.table } };
  };

  // Set once by build(), right after construction.
  secrets!: SecretStore;
  telemetry!: TelemetryService;
  pipeline!: Pipeline;
  session!: Session;
  gateway!: GatewayBudgets;
  statusBar!: CostStatusBar;
  guard!: SendGuard;
  conversations!: ConversationController;
  inline!: CompletionEngine;
  /** what ledger.load() found at activation */
  ledgerReport!: Awaited<ReturnType<Ledger['load']>>;

  /** Builds every object of the window and registers the commands and providers. */
  static async create(extension: vscode.ExtensionContext): Promise<FrugalContext> {
    const { logger, channel } = createLogger();
    const config = new ConfigService(logger);
    const corrections = new CorrectionStore(extension.globalState, logger);
    const ledger = new Ledger({
      dir: extension.globalStorageUri.fsPath,
      logger,
      inlineRetentionDays: config.get().ledger.inlineRetentionDays,
    });
    const cache = extension.storageUri
      ? new ResponseCache({
          dir: vscode.Uri.joinPath(extension.storageUri, 'cache').fsPath,
          logger,
          ...cacheLimits(config.get()),
        })
      : undefined;
    const ctx = new FrugalContext(extension, logger, channel, config, corrections, ledger, cache);
    ctx.disposables.push(channel, config, corrections);
    // deactivate() closes the context and waits for it; this covers a host that only disposes the subscriptions.
    extension.subscriptions.push({ dispose: () => void ctx.close() });
    try {
      await ctx.build();
    } catch (e) {
      await ctx.close();
      throw e;
    }
    return ctx;
  }

  private async build(): Promise<void> {
    const { extension, logger, config, corrections, ledger, cache, getConfig } = this;
    const own = (...d: vscode.Disposable[]) => this.disposables.push(...d);

    own(config.onDidChange((cfg) => ledger.setInlineRetentionDays(cfg.ledger.inlineRetentionDays)));
    this.ledgerReport = await ledger.load();
    const report = this.ledgerReport;
    if (report.setAside) {
      void vscode.window.showWarningMessage(
        `Frugal: ${report.setAside} damaged line(s) in the cost ledger were set aside (${report.setAsideFile}); ${report.records} record(s) kept.`,
      );
    }
    if (cache) void cache.load().catch((e) => logger.error(`Cache: load failed: ${e?.message ?? e}`));
    own(config.onDidChange((cfg) => cache?.updateLimits(cacheLimits(cfg))));

    const secrets = (this.secrets = new SecretStore(extension.secrets));
    // OpenTelemetry export: off by default; its SDK (dist/otel.js) is loaded only once it is turned on.
    const telemetry = (this.telemetry = new TelemetryService({
      secrets: extension.secrets,
      getConfig,
      onConfigChange: config.onDidChange,
      logger,
      serviceVersion: (extension.extension?.packageJSON as { version?: string } | undefined)?.version,
    }));
    own(telemetry);
    const pipeline = (this.pipeline = new Pipeline({
      getConfig,
      provider: new ProviderClient({ logger }),
      secrets,
      ledger,
      cache,
      logger,
      workspace: vscode.workspace.name ?? '(no folder)',
      onAttempt: telemetry.observe,
      // the gateway's key and team budgets as last read: every attempt through it is checked against them first
      gatewayBudgets: () => this.gateway.snapshot(),
    }));

    const session = (this.session = new Session());
    // A LiteLLM gateway's key and team budgets, read at most once a minute, beside the local budget.
    const gateway = (this.gateway = new GatewayBudgets({ getConfig, secrets, logger }));
    const statusBar = (this.statusBar = new CostStatusBar(ledger, getConfig, session, () => gateway.lines()));
    own(
      session,
      statusBar,
      gateway,
      config.onDidChange(() => {
        statusBar.update();
        void gateway.refresh();
      }),
      gateway.onDidChange(() => statusBar.update()),
      ledger.onDidChange(() => void gateway.refresh()),
    );
    // Other windows append to the same ledger; pick their records up now and then so budgets and totals agree.
    const refresh = setInterval(() => void ledger.refresh(), 15_000);
    own({ dispose: () => clearInterval(refresh) });

    const guard = (this.guard = new SendGuard());
    const conversationStore = new ConversationStore(extension.workspaceState, logger);
    const conversations = (this.conversations = new ConversationController({
      pipeline,
      session,
      guard,
      getConfig,
      logger,
      extensionUri: extension.extensionUri,
      store: conversationStore,
      answerPanel: this.answerPanel,
    }));
    const inline = registerInline({
      backend: {
        complete: (req, signal) => {
          if (!guard.allowsSilently(getConfig())) {
            // Untrusted workspace or unconfirmed plain-http endpoint: no ghost text until a command has asked.
            return Promise.resolve({ text: '', costUsd: 0, model: '' });
          }
          return pipeline.complete(req, signal);
        },
        spentTodayUsd: () => pipeline.spentTodayOn('complete'),
        supportsFim: (languageId) => pipeline.completionModel(languageId).fim,
      },
      getConfig,
      logger,
      onConfigChange: config.onDidChange,
      memento: extension.globalState,
    });
    this.inline = inline.engine;
    own(
      ...registerConversationCommands(conversations, conversationStore),
      ...registerRequestCommands({ pipeline, session, guard, getConfig, logger, conversations, corrections }),
      ...registerCostCommands({ ledger, cache, secrets, getConfig, logger }),
      ...registerDashboardCommands({
        extensionUri: extension.extensionUri,
        panel: this.dashboardPanel,
        ledger,
        sessionStart: ledger.sessionStartedAt,
        getConfig,
        cacheStats: () => cache?.stats(),
        corrections: () => corrections.count(),
        logger,
        gateway: () => {
          if (!gateway.configured()) return undefined;
          const now = new Date();
          return gatewayPanel(
            gateway.snapshot(),
            getConfig().budget.warnPercent,
            ledger.recent(),
            new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime(),
          );
        },
        onGatewayChange: gateway.onDidChange,
      }),
      ...registerTelemetryCommands({ secrets: extension.secrets, logger }),
      ...registerEditCommands({
        pipeline,
        logger,
        session,
        guard,
        getConfig,
        onAnswered: (req, title, result, messages) => conversations.adopt(req, title, result, messages),
        deferred: this.deferred,
      }),
      ...inline.disposables,
      this.answerPanel,
      this.dashboardPanel,
      this.deferred,
    );
    logger.info(`Frugal activated: preset ${getConfig().preset}, ${report.records} ledger record(s).`);

    // The router's prefilters are built once, by the first request unless done before: about a tenth of a second,
    // which the first ghost text or command would wait for. Built shortly after activation instead, off the path of
    // activation and of any request (a request made before then builds them itself, and this finds them built).
    const warm = setTimeout(() => {
      const t0 = performance.now();
      try {
        prepareRouter();
        logger.info(`Router ready in ${Math.round(performance.now() - t0)} ms.`);
      } catch (e) {
        logger.error(`Router: preparing failed: ${(e as Error)?.message ?? e}`);
      }
    }, ROUTER_WARM_UP_DELAY_MS);
    own({ dispose: () => clearTimeout(warm) });
  }

  /** What the extension returns from activate(): for other code and the integration tests. */
  api() {
    return {
      ledger: this.ledger,
      pipeline: this.pipeline,
      cache: this.cache,
      session: this.session,
      secrets: this.secrets,
      statusBarText: () => this.statusBar.text(),
      statusBarTooltip: () => this.statusBar.tooltipText(),
      lastConfigErrors: () => this.config.lastErrors().map((e) => `${e.setting}: ${e.message}`),
      answerText: () => this.answerPanel.current?.lastText,
      conversation: () => this.conversations.conversation,
      inline: () => this.inline,
      config: this.getConfig,
      gatewayBudgets: () => this.gateway.snapshot(),
      refreshGatewayBudgets: () => this.gateway.refresh(),
      telemetryEnabled: () => this.telemetry.enabled,
      flushTelemetry: () => this.telemetry.flush(),
    };
  }

  /**
   * Disposes everything registered (newest first: panels and jobs before the commands), then waits for the ledger's
   * and the cache's last writes. Safe to call twice; the second call waits for the first.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      for (const d of this.disposables.splice(0).reverse()) {
        try {
          d.dispose();
        } catch (e) {
          this.logger.warn(`Frugal: dispose failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      await Promise.all([this.ledger.close().catch(() => undefined), this.cache?.dispose().catch(() => undefined)]);
    })();
    return this.closed;
  }
}

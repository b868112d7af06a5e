// Composition root: builds the objects and wires them. Nothing else happens here.
import * as vscode from 'vscode';
import { Ledger } from './core/ledger';
import { ResponseCache } from './core/cache';
import { ProviderClient } from './core/provider';
import { Pipeline } from './core/pipeline';
import type { FrugalConfig } from './core/config';
import { createLogger } from './vscode/log';
import { ConfigService } from './vscode/config';
import { SecretStore } from './vscode/secrets';
import { Session } from './vscode/session';
import { SendGuard } from './vscode/guard';
import { CostStatusBar } from './vscode/statusBar';
import { registerRequestCommands } from './vscode/commands/requestCommands';
import { registerCostCommands } from './vscode/commands/costCommands';
import { AnswerPanel } from './vscode/answer/answerPanel';
import { ConversationController, registerConversationCommands } from './vscode/answer/conversationController';
import { ConversationStore } from './vscode/answer/conversationStore';
import { registerDashboardCommands } from './vscode/dashboard/dashboardPanel';
import { registerInline, inlineEngine } from './vscode/inline/registerInline';
import { registerEditCommands } from './vscode/edits/registerEditCommands';
import { TelemetryService, registerTelemetryCommands } from './vscode/telemetry';
import { GatewayBudgets } from './vscode/gateway';
import { gatewayPanel } from './core/gateway';
import { CorrectionStore } from './vscode/corrections';

const DAY_MS = 86_400_000;

function cacheLimits(cfg: FrugalConfig): { ttlMs: number; maxEntries: number; maxBytes: number } {
  return {
    ttlMs: cfg.cache.ttlDays * DAY_MS,
    maxEntries: cfg.cache.maxEntries,
    maxBytes: Math.round(cfg.cache.maxMegabytes * 1024 * 1024),
  };
}

/** What deactivate() must flush: the last records and cache changes of the session. */
let flushOnExit: (() => Promise<void>)[] = [];

export async function activate(context: vscode.ExtensionContext) {
  const { logger, channel } = createLogger();
  context.subscriptions.push(channel);
  const config = new ConfigService(logger);
  context.subscriptions.push(config);
  // The user's routing corrections ride along with the configuration, so every route() call sees them.
  const corrections = new CorrectionStore(context.globalState, logger);
  context.subscriptions.push(corrections);
  const getConfig = (): FrugalConfig => {
    const c = config.get();
    return { ...c, router: { ...c.router, corrections: corrections.table } };
  };

  const ledger = new Ledger({
    dir: context.globalStorageUri.fsPath,
    logger,
    inlineRetentionDays: getConfig().ledger.inlineRetentionDays,
  });
  flushOnExit = [() => ledger.close()];
  context.subscriptions.push(
    config.onDidChange((cfg) => ledger.setInlineRetentionDays(cfg.ledger.inlineRetentionDays)),
  );
  const report = await ledger.load();
  if (report.setAside) {
    void vscode.window.showWarningMessage(
      `Frugal: ${report.setAside} damaged line(s) in the cost ledger were set aside (${report.setAsideFile}); ${report.records} record(s) kept.`,
    );
  }

  let cache: ResponseCache | undefined;
  if (context.storageUri) {
    cache = new ResponseCache({
      dir: vscode.Uri.joinPath(context.storageUri, 'cache').fsPath,
      logger,
      ...cacheLimits(getConfig()),
    });
    void cache.load().catch((e) => logger.error(`Cache: load failed: ${e?.message ?? e}`));
    const c = cache;
    flushOnExit.push(() => c.dispose());
  }
  context.subscriptions.push(config.onDidChange((cfg) => cache?.updateLimits(cacheLimits(cfg))));

  const secrets = new SecretStore(context.secrets);
  // OpenTelemetry export: off by default; its SDK (dist/otel.js) is loaded only once it is turned on.
  const telemetry = new TelemetryService({
    secrets: context.secrets,
    getConfig,
    onConfigChange: config.onDidChange,
    logger,
    serviceVersion: (context.extension?.packageJSON as { version?: string } | undefined)?.version,
  });
  context.subscriptions.push(telemetry);
  const pipeline = new Pipeline({
    getConfig,
    provider: new ProviderClient({ logger }),
    secrets,
    ledger,
    cache,
    logger,
    workspace: vscode.workspace.name ?? '(no folder)',
    onAttempt: telemetry.observe,
    // the gateway's key and team budgets as last read: every attempt through it is checked against them first
    gatewayBudgets: () => gateway.snapshot(),
  });

  const session = new Session();
  // A LiteLLM gateway's key and team budgets, read at most once a minute, beside the local budget.
  const gateway = new GatewayBudgets({ getConfig, secrets, logger });
  const statusBar = new CostStatusBar(ledger, getConfig, session, () => gateway.lines());
  context.subscriptions.push(
    session,
    statusBar,
    gateway,
    config.onDidChange(() => {
      statusBar.update();
      void gateway.refresh();
    }),
  );
  context.subscriptions.push(
    gateway.onDidChange(() => statusBar.update()),
    ledger.onDidChange(() => void gateway.refresh()),
  );
  // Other windows append to the same ledger; pick their records up now and then so budgets and totals agree.
  const refresh = setInterval(() => void ledger.refresh(), 15_000);
  context.subscriptions.push({ dispose: () => clearInterval(refresh) });

  const guard = new SendGuard();
  const conversationStore = new ConversationStore(context.workspaceState, logger);
  const conversations = new ConversationController({
    pipeline,
    session,
    guard,
    getConfig,
    logger,
    extensionUri: context.extensionUri,
    store: conversationStore,
  });
  context.subscriptions.push(
    ...registerConversationCommands(conversations, conversationStore),
    ...registerRequestCommands({ pipeline, session, guard, getConfig, logger, conversations, corrections }),
    ...registerCostCommands({ ledger, cache, secrets, getConfig, logger }),
    ...registerDashboardCommands({
      extensionUri: context.extensionUri,
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
    ...registerTelemetryCommands({ secrets: context.secrets, logger }),
    ...registerEditCommands({
      pipeline,
      logger,
      session,
      guard,
      getConfig,
      onAnswered: (req, title, result, messages) => conversations.adopt(req, title, result, messages),
    }),
    ...registerInline({
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
      memento: context.globalState,
    }),
  );

  logger.info(`Frugal activated: preset ${getConfig().preset}, ${report.records} ledger record(s).`);

  // The API other code (and the integration tests) can use.
  return {
    ledger,
    pipeline,
    cache,
    session,
    secrets,
    statusBarText: () => statusBar.text(),
    statusBarTooltip: () => statusBar.tooltipText(),
    lastConfigErrors: () => config.lastErrors().map((e) => `${e.setting}: ${e.message}`),
    answerText: () => AnswerPanel.shownText(),
    conversation: () => conversations.conversation,
    inline: () => inlineEngine(),
    config: getConfig,
    gatewayBudgets: () => gateway.snapshot(),
    refreshGatewayBudgets: () => gateway.refresh(),
    telemetryEnabled: () => telemetry.enabled,
    flushTelemetry: () => telemetry.flush(),
  };
}

/** Waits for the ledger's and the cache's last writes (VS Code waits for the returned promise, within limits). */
export async function deactivate(): Promise<void> {
  const pending = flushOnExit;
  flushOnExit = [];
  await Promise.all(pending.map((f) => f().catch(() => undefined)));
}

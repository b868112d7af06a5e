// The LiteLLM gateway's budgets in the editor: reads the virtual key's and team's budget and spend (core/gateway's
// KeyInfoClient, at most once a minute) while the provider is a LiteLLM proxy, and tells the status bar and the
// dashboard when they change.
import * as vscode from 'vscode';
import type { FrugalConfig } from '../core/config';
import type { Logger, SecretSource } from '../core/ports';
import { KeyInfoClient, gatewayBudgetLines, type GatewaySnapshot } from '../core/gateway';

export class GatewayBudgets implements vscode.Disposable {
  private readonly client: KeyInfoClient;
  private readonly emitter = new vscode.EventEmitter<GatewaySnapshot | undefined>();
  readonly onDidChange = this.emitter.event;
  private readonly timer: ReturnType<typeof setInterval>;
  private shown?: GatewaySnapshot;

  constructor(
    private readonly deps: { getConfig(): FrugalConfig; secrets: SecretSource; logger: Logger; intervalMs?: number },
  ) {
    this.client = new KeyInfoClient({ logger: deps.logger, minIntervalMs: deps.intervalMs });
    this.timer = setInterval(() => void this.refresh(), deps.intervalMs ?? 60_000);
    void this.refresh();
  }

  /** The gateway provider, when the default provider is one. */
  private gateway(): { id: string; baseUrl: string } | undefined {
    const p = this.deps.getConfig().providers[this.deps.getConfig().defaultProvider];
    return p?.gateway === 'litellm' ? p : undefined;
  }

  /** The provider is a LiteLLM gateway (its budgets may not have been read yet). */
  configured(): boolean {
    return !!this.gateway();
  }

  snapshot(): GatewaySnapshot | undefined {
    return this.gateway() ? this.shown : undefined;
  }

  lines(now = Date.now()): string[] {
    return gatewayBudgetLines(this.snapshot(), now);
  }

  /** Asks the proxy again if the last answer is a minute old (KeyInfoClient enforces the minute). */
  async refresh(): Promise<void> {
    const g = this.gateway();
    if (!g) {
      if (this.shown) {
        this.shown = undefined;
        this.emitter.fire(undefined);
      }
      return;
    }
    try {
      const s = await this.client.refresh(g.baseUrl, await this.deps.secrets.getApiKey(g.id));
      if (s !== this.shown) {
        this.shown = s;
        this.emitter.fire(s);
      }
    } catch (e) {
      this.deps.logger.warn(`gateway: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.emitter.dispose();
  }
}

// Reads the virtual key's budget (GET /key/info) and, when the key belongs to a team, the team's (GET
// /team/info?team_id=...) from a LiteLLM proxy, at most once a minute whatever the callers ask. The key goes in the
// Authorization header only; it is never logged, kept or put in a message.
import type { Clock, Logger } from '../ports';
import { silentLogger, systemClock } from '../ports';
import { parseKeyInfo, parseTeamInfo, type GatewayBudget } from './litellm';

export interface GatewaySnapshot {
  /** epoch ms of the fetch this came from */
  fetchedAt: number;
  /** the key's budget first, then the team's */
  budgets: GatewayBudget[];
  /** the key belongs to a team whose budget this key may not read */
  teamHidden?: boolean;
  /** why the last fetch failed (the budgets are then the previous ones, if any) */
  error?: string;
}

export interface KeyInfoClientOptions {
  fetch?: typeof fetch;
  clock?: Pick<Clock, 'now'>;
  logger?: Logger;
  /** default 60 000: "refreshed at most once a minute" */
  minIntervalMs?: number;
  /** default 5 000 */
  timeoutMs?: number;
}

/** Management routes sit at the proxy's root; the OpenAI-compatible base URL usually ends in /v1. */
export function proxyRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/i, '');
}

export class KeyInfoClient {
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly logger: Logger;
  private readonly minIntervalMs: number;
  private readonly timeoutMs: number;
  private last?: GatewaySnapshot;
  private lastAttempt = -Infinity;
  private lastTarget = '';
  private inFlight?: Promise<GatewaySnapshot>;
  /** fetches actually sent (tests and the bench read it) */
  fetches = 0;

  constructor(opts: KeyInfoClientOptions = {}) {
    this.fetchImpl = opts.fetch ?? fetch;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.minIntervalMs = opts.minIntervalMs ?? 60_000;
    this.timeoutMs = opts.timeoutMs ?? 5_000;
  }

  snapshot(): GatewaySnapshot | undefined {
    return this.last;
  }

  /**
   * The gateway's budgets, fetched afresh when the last try is a minute old (or the proxy changed), else the
   * last answer. Never rejects: a failure is reported in `error`.
   */
  async refresh(baseUrl: string, apiKey: string | undefined): Promise<GatewaySnapshot> {
    const root = proxyRoot(baseUrl);
    const now = this.clock.now();
    if (this.inFlight) return this.inFlight;
    if (root === this.lastTarget && now - this.lastAttempt < this.minIntervalMs && this.last) return this.last;
    if (root !== this.lastTarget) this.last = undefined;
    this.lastTarget = root;
    this.lastAttempt = now;
    this.inFlight = this.fetchAll(root, apiKey).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async get(url: string, apiKey: string | undefined): Promise<{ status: number; body: unknown }> {
    this.fetches++;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const res = await this.fetchImpl(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, body };
  }

  private async fetchAll(root: string, apiKey: string | undefined): Promise<GatewaySnapshot> {
    const fetchedAt = this.clock.now();
    const fail = (error: string): GatewaySnapshot => {
      this.logger.warn(`gateway: ${error}`);
      this.last = { fetchedAt, budgets: this.last?.budgets ?? [], teamHidden: this.last?.teamHidden, error };
      return this.last;
    };
    let key;
    try {
      const r = await this.get(`${root}/key/info`, apiKey);
      if (r.status !== 200)
        return fail(
          `${root}/key/info answered ${r.status}${r.status === 401 || r.status === 403 ? ' (check the virtual key: Frugal: Set API Key)' : ''}`,
        );
      key = parseKeyInfo(r.body);
      if (!key) return fail(`${root}/key/info sent an answer without the key's spend`);
    } catch (e) {
      return fail(`cannot read ${root}/key/info (${e instanceof Error ? e.message : String(e)})`);
    }
    const budgets: GatewayBudget[] = [key.budget];
    let teamHidden: boolean | undefined;
    if (key.teamId) {
      try {
        const r = await this.get(`${root}/team/info?team_id=${encodeURIComponent(key.teamId)}`, apiKey);
        const team = r.status === 200 ? parseTeamInfo(r.body) : undefined;
        if (team) budgets.push(team);
        else teamHidden = true;
        if (!team)
          this.logger.info(
            `gateway: the team budget of team ${key.teamId} is not readable with this key (${r.status})`,
          );
      } catch (e) {
        teamHidden = true;
        this.logger.info(`gateway: cannot read the team budget (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    this.last = { fetchedAt, budgets, ...(teamHidden ? { teamHidden } : {}) };
    return this.last;
  }
}

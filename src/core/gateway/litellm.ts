// What Frugal knows about a LiteLLM proxy: the routing facts it sends as request metadata, the x-litellm-* response
// headers it reads (cost, cache hit), the shape of /key/info and /team/info, and the proxy's "budget exceeded"
// errors for keys, users, teams and the rest. Pure: plain data in, plain data out; the HTTP side is keyInfoClient.ts.
//
// Shapes were read from LiteLLM's own source and docs (see test/fixtures/litellm/README.md for each one's origin):
// - metadata: `metadata.tags` (spend per tag, /spend/tags) and `metadata.spend_logs_metadata` (kept on the
//   LiteLLM_SpendLogs row), both documented under docs.litellm.ai/docs/proxy/cost_tracking.
// - headers: ProxyBaseLLMRequestProcessing.get_custom_headers (litellm/proxy/common_request_processing.py) sends
//   x-litellm-response-cost and, only on a proxy cache hit, x-litellm-cache-key.
// - budgets: litellm/proxy/auth/auth_checks.py raises BudgetExceededError, which the auth exception handler turns into
//   {"error": {"message", "type": "budget_exceeded", "param": null, "code": "400"}}.
import type { Task, Tier } from '../types';

export const COST_HEADER = 'x-litellm-response-cost';
export const CACHE_KEY_HEADER = 'x-litellm-cache-key';

/** Frugal's routing facts for one attempt, as the proxy is told them. Never any code or prompt text. */
export interface RoutingFacts {
  task: Task;
  tier: Tier;
  /** the router's human-readable reason (built from fixed phrases, not from the request's text) */
  reason: string;
  /** the workspace name, only when the user allows it (frugal.gateway.sendWorkspaceName) */
  workspace?: string;
}

const MAX_REASON = 200;
const MAX_TAG = 64;

function tagValue(s: string): string {
  return s.replace(/[^\w.\-/ ]+/g, '_').slice(0, MAX_TAG);
}

/**
 * Body fields that carry the routing facts: `metadata.tags` lets the proxy group spend by task and tier
 * (GET /spend/tags), and `metadata.spend_logs_metadata` is stored with each spend-log row.
 */
export function requestMetadata(facts: RoutingFacts): { metadata: Record<string, unknown> } {
  const tags = ['frugal', `frugal-task:${facts.task}`, `frugal-tier:${facts.tier}`];
  const logged: Record<string, string> = {
    frugal_task: facts.task,
    frugal_tier: facts.tier,
    frugal_reason: facts.reason.slice(0, MAX_REASON),
  };
  if (facts.workspace) {
    tags.push(`frugal-workspace:${tagValue(facts.workspace)}`);
    logged.frugal_workspace = facts.workspace.slice(0, MAX_TAG);
  }
  return { metadata: { tags, spend_logs_metadata: logged } };
}

type HeaderBag = { get(name: string): string | null } | undefined;

/** The proxy's own price for the call, in USD (LiteLLM sends it as a decimal string). */
export function responseCostOf(headers: HeaderBag): number | undefined {
  const v = headers?.get(COST_HEADER);
  if (v === null || v === undefined || v.trim() === '' || v === 'None') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** True when the proxy answered from its own cache: it sends x-litellm-cache-key on hits only. */
export function proxyCacheHitOf(headers: HeaderBag): boolean {
  const v = headers?.get(CACHE_KEY_HEADER);
  return typeof v === 'string' && v.trim() !== '' && v !== 'None';
}

// ---- /key/info and /team/info ----

/** One budget the gateway enforces, as the editor shows it. */
export interface GatewayBudget {
  scope: 'key' | 'team';
  /** key alias or abbreviated key name; team alias or team id */
  label: string;
  spendUsd: number;
  /** undefined: no limit */
  maxBudgetUsd?: number;
  /** e.g. "30d"; undefined: never resets */
  budgetDuration?: string;
  /** epoch ms of the next reset, when the proxy says */
  resetsAt?: number;
}

export interface KeyInfo {
  budget: GatewayBudget;
  teamId?: string;
  userId?: string;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const time = (v: unknown): number | undefined => {
  const s = str(v);
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
};

/**
 * Reads GET /key/info's answer: `{"key": ..., "info": {spend, max_budget, key_alias, key_name, team_id, user_id,
 * budget_duration, budget_reset_at, litellm_budget_table, ...}}`. Returns undefined for anything else.
 * The key itself (the `key` field) is never kept.
 */
export function parseKeyInfo(body: unknown): KeyInfo | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const info = (body as { info?: unknown }).info;
  if (!info || typeof info !== 'object' || Array.isArray(info)) return undefined;
  const i = info as Record<string, unknown>;
  const table = (
    i.litellm_budget_table && typeof i.litellm_budget_table === 'object' ? i.litellm_budget_table : {}
  ) as Record<string, unknown>;
  const spend = num(i.spend);
  if (spend === undefined) return undefined;
  const max = num(i.max_budget) ?? num(table.max_budget);
  const budget: GatewayBudget = {
    scope: 'key',
    label: str(i.key_alias) ?? str(i.key_name) ?? 'virtual key',
    spendUsd: spend,
  };
  if (max !== undefined) budget.maxBudgetUsd = max;
  const duration = str(i.budget_duration) ?? str(table.budget_duration);
  if (duration) budget.budgetDuration = duration;
  const reset = time(i.budget_reset_at);
  if (reset !== undefined) budget.resetsAt = reset;
  return { budget, teamId: str(i.team_id), userId: str(i.user_id) };
}

/** Reads GET /team/info?team_id=...: `{"team_id", "team_info": {team_alias, spend, max_budget, ...}, ...}`. */
export function parseTeamInfo(body: unknown): GatewayBudget | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const t = b.team_info;
  if (!t || typeof t !== 'object') return undefined;
  const i = t as Record<string, unknown>;
  const spend = num(i.spend);
  if (spend === undefined) return undefined;
  const budget: GatewayBudget = {
    scope: 'team',
    label: str(i.team_alias) ?? str(i.team_id) ?? str(b.team_id) ?? 'team',
    spendUsd: spend,
  };
  const max = num(i.max_budget);
  if (max !== undefined) budget.maxBudgetUsd = max;
  const duration = str(i.budget_duration);
  if (duration) budget.budgetDuration = duration;
  const reset = time(i.budget_reset_at);
  if (reset !== undefined) budget.resetsAt = reset;
  return budget;
}

// ---- "budget exceeded" errors ----

export type BudgetScope =
  'key' | 'user' | 'team' | 'team member' | 'end user' | 'organization' | 'tag' | 'proxy' | 'gateway';

export interface GatewayBudgetError {
  scope: BudgetScope;
  /** team id, user id, organization, tag; never a key */
  id?: string;
  spentUsd?: number;
  maxBudgetUsd?: number;
  /** a per-model budget ("exceeded budget for model=..."): another model may still be allowed */
  model?: string;
}

const NUMBER = '(-?[0-9][0-9.eE+-]*)';

/**
 * Recognises the proxy's budget refusals. `type` is the error body's `type` (LiteLLM sends "budget_exceeded"),
 * `message` the error text. Returns undefined for every other error (rate limits, bad model names, ...).
 */
export function parseBudgetError(type: string | undefined, message: string): GatewayBudgetError | undefined {
  const text = message ?? '';
  let m: RegExpExecArray | null;
  const money = (s: string | undefined) => (s === undefined ? undefined : num(s));
  // "LiteLLM Virtual Key: <hash>, exceeded budget for model=<m>" / "LiteLLM End User: <id>, exceeded budget for model=<m>"
  if ((m = /LiteLLM (Virtual Key|End User|Team): *([^,]*), exceeded budget for model=([^\s,]+)/i.exec(text))) {
    const scope: BudgetScope = /virtual/i.test(m[1]) ? 'key' : /team/i.test(m[1]) ? 'team' : 'end user';
    return { scope, id: scope === 'key' ? undefined : m[2].trim() || undefined, model: m[3] };
  }
  // "ExceededTokenBudget: Current spend for token: X; Max Budget for Token: Y"
  if (
    (m = new RegExp(`ExceededTokenBudget: Current spend for token: ${NUMBER}; Max Budget for Token: ${NUMBER}`).exec(
      text,
    ))
  ) {
    return { scope: 'key', spentUsd: money(m[1]), maxBudgetUsd: money(m[2]) };
  }
  // "ExceededBudget: User=<id> over budget. Spend=X, Budget=Y" (and "End User=")
  if ((m = new RegExp(`(End )?User=(\\S+) over budget\\. Spend=${NUMBER}, Budget=${NUMBER}`).exec(text))) {
    return { scope: m[1] ? 'end user' : 'user', id: m[2], spentUsd: money(m[3]), maxBudgetUsd: money(m[4]) };
  }
  // "Budget has been exceeded! [Scope=id [in Team=id]] Current cost: X, Max budget: Y"
  if (
    (m = new RegExp(
      `Budget has been exceeded!\\s*(?:(Key|Team|User|Organization|Tag|Project)=(\\S+)(?: in Team=(\\S+))?\\s*)?Current cost: ${NUMBER},? Max budget: ${NUMBER}`,
    ).exec(text))
  ) {
    const what = m[1];
    const spentUsd = money(m[4]);
    const maxBudgetUsd = money(m[5]);
    if (!what || what === 'Key') return { scope: 'key', spentUsd, maxBudgetUsd };
    if (what === 'User' && m[3]) return { scope: 'team member', id: `${m[2]} in team ${m[3]}`, spentUsd, maxBudgetUsd };
    const scope: BudgetScope =
      what === 'Team'
        ? 'team'
        : what === 'User'
          ? 'user'
          : what === 'Organization'
            ? 'organization'
            : what === 'Tag'
              ? 'tag'
              : 'gateway';
    return { scope, id: m[2], spentUsd, maxBudgetUsd };
  }
  if (/Proxy budget exceeded|Max budget limit reached/i.test(text)) {
    m = new RegExp(`Max budget: \\$?${NUMBER}`).exec(text);
    return { scope: 'proxy', maxBudgetUsd: m ? money(m[1]) : undefined };
  }
  if (type === 'budget_exceeded' || /\bbudget_exceeded\b|Budget has been exceeded|ExceededBudget/i.test(text))
    return { scope: 'gateway' };
  return undefined;
}

const usd = (n: number): string => (n >= 0.01 || n === 0 ? `$${n.toFixed(2)}` : `$${n.toPrecision(2)}`);

/** "the gateway's team budget (team eng)" */
export function budgetName(e: GatewayBudgetError): string {
  const who = e.id
    ? ` (${e.scope === 'team member' ? 'user' : e.scope} ${e.id})`
    : e.scope === 'key'
      ? ' (this virtual key)'
      : '';
  const what =
    e.scope === 'gateway' ? 'a budget' : e.scope === 'proxy' ? 'the proxy-wide budget' : `the ${e.scope} budget`;
  return `${what}${who}${e.model ? ` for model ${e.model}` : ''}`;
}

/**
 * The same clear message a local budget gives (see core/budget), naming which of the gateway's budgets it was.
 * `onExceed` is frugal.budget.onExceed: what Frugal does next.
 */
export function gatewayBudgetMessage(
  e: GatewayBudgetError,
  onExceed: 'block' | 'downgrade',
  downgraded = false,
): string {
  const name = budgetName(e);
  const of = e.maxBudgetUsd !== undefined ? ` of ${usd(e.maxBudgetUsd)}` : '';
  const spent = e.spentUsd !== undefined ? ` (${usd(e.spentUsd)} spent)` : '';
  const head = `The LiteLLM gateway refused the request: ${name}${of} is used up${spent}`;
  if (onExceed === 'downgrade' && downgraded)
    return `${head}: using the cheapest tier. Ask the gateway's admin to raise it.`;
  if (onExceed === 'downgrade')
    return `${head}, on the cheapest tier too. Ask the gateway's admin to raise it, or wait for it to reset.`;
  return `${head}. Ask the gateway's admin to raise it, or set frugal.budget.onExceed to "downgrade".`;
}

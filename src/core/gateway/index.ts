// A LiteLLM proxy in front of the models: routing facts as request metadata, the proxy's cost and cache headers,
// its key and team budgets, and its budget errors mapped to Frugal's own budget behaviour.
export {
  COST_HEADER,
  CACHE_KEY_HEADER,
  requestMetadata,
  responseCostOf,
  proxyCacheHitOf,
  parseKeyInfo,
  parseTeamInfo,
  parseBudgetError,
  budgetName,
  gatewayBudgetMessage,
  type RoutingFacts,
  type GatewayBudget,
  type KeyInfo,
  type BudgetScope,
  type GatewayBudgetError,
} from './litellm';
export { KeyInfoClient, proxyRoot, type GatewaySnapshot, type KeyInfoClientOptions } from './keyInfoClient';
export { gatewayBudgetLines, gatewayPanel } from './summary';

// The router: which model serves a request (classify, route), and whether its answer is usable (checkAnswer).
export {
  classify,
  classifyRules,
  signatureFor,
  LEAN_SHIFT,
  prepareRouter,
  type Classification,
  type ClassifyInput,
  type ClassifyOptions,
  type Lean,
} from './classify';
export {
  RoutingCorrections,
  MAX_ENTRIES,
  STEP,
  MAX_SHIFT,
  type CorrectionEntry,
  type CorrectionKind,
} from './corrections';
export { route, estimateOn, type RouteDecision, type RouteOptions } from './route';
export { estimateOutputTokens, estimateInputTokens, THINKING_TOKENS } from './estimate';
export {
  checkAnswer,
  codeBlocks,
  looksLikeCode,
  bracketProblem,
  parseProblem,
  pythonIndentProblem,
  type AnswerCheck,
} from './check';
export { routeJsonLine } from './cli';
export { REASONER_THRESHOLD, type Topic } from './cues';

// The router: which model serves a request (classify, route), and whether its answer is usable (checkAnswer).
export { classify, classifyRules, type Classification, type ClassifyInput } from './classify';
export { route, type RouteDecision, type RouteOptions } from './route';
export { estimateOutputTokens, estimateInputTokens, THINKING_TOKENS } from './estimate';
export { checkAnswer, codeBlocks, looksLikeCode, bracketProblem, type AnswerCheck } from './check';
export { routeJsonLine } from './cli';
export { REASONER_THRESHOLD, type Topic } from './cues';

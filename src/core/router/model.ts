// The learned escalation model: weights in model.json, written by scripts/trainRouter.ts (one weight a line, sorted,
// so a retrain reads as a diff). Do not edit the JSON by hand: change the data or the features and retrain.
import type { LinearModel } from './features';
import trained from './model.json';

export const MODEL: LinearModel = {
  bias: trained.bias,
  threshold: trained.threshold,
  weights: trained.weights as Record<string, number>,
};

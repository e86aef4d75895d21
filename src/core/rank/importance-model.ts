import type { ImportanceModel } from './importance.js';

// Written by `npm run eval:tls -- --fit`: logistic weights fitted on every TLS dev topic, over the features in
// features.ts (4, in FEATURE_NAMES order). Do not edit by hand.
export const FITTED_MODEL: ImportanceModel = {
  mean: [1.0111, 0.3848, 0.6175, 1.1575],
  scale: [0.5959, 0.6013, 0.4832, 0.5552],
  weights: [0.3594, 0.002, 0.2942, 0.2797],
  bias: -2.6462,
};

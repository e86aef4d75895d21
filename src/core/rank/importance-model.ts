import type { ImportanceModel } from './importance.js';

// Written by `npm run eval:tls -- --fit`: logistic weights fitted on every TLS dev topic, over the features in
// features.ts (4, in FEATURE_NAMES order). Do not edit by hand.
export const FITTED_MODEL: ImportanceModel = {
  mean: [1.0037, 0.3861, 0.6328, 1.1586],
  scale: [0.6049, 0.602, 0.4835, 0.5569],
  weights: [0.3705, 0.0039, 0.3203, 0.2472],
  bias: -2.6421,
};

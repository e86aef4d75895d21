import type { ImportanceModel } from './importance.js';

// Written by `npm run eval:tls -- --fit`: logistic weights fitted on every TLS dev topic, over the features in
// features.ts (4, in FEATURE_NAMES order), and the off-subject factor chosen with them. Do not edit by hand.
export const FITTED_MODEL: ImportanceModel = {
  mean: [1.0097, 0.3837, 0.6142, 1.1562],
  scale: [0.5937, 0.6004, 0.4803, 0.5543],
  weights: [0.3618, 0.0012, 0.3052, 0.2725],
  bias: -2.648,
  offSubject: 0.5,
};

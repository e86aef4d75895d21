import type { ImportanceModel } from '../src/core/rank/importance.js';

// L2-regularised logistic regression on standardised features, fitted by Newton's method (IRLS): exact and quick
// for a few features and 10^5 examples. The classes are not reweighted: only the order of scores matters here,
// and weighting the rare positives up made the top of that order worse on topics left out.

export interface FitOptions {
  /** L2 penalty on the weights (not the bias), per unit of example weight. */
  l2?: number;
  iterations?: number;
}

export function fitLogistic(x: number[][], y: number[], options: FitOptions = {}): ImportanceModel {
  const l2 = options.l2 ?? 0.01;
  const iterations = options.iterations ?? 25;
  const n = x.length;
  const d = x[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of x) row.forEach((v, j) => (mean[j]! += v / n));
  for (const row of x) row.forEach((v, j) => (scale[j]! += (v - mean[j]!) ** 2 / n));
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  // Standardised rows with a trailing 1 for the bias.
  const z = x.map((row) => [...row.map((v, j) => (v - mean[j]!) / scale[j]!), 1]);
  const k = d + 1;
  const beta = new Array<number>(k).fill(0);
  for (let it = 0; it < iterations; it++) {
    const gradient = new Array<number>(k).fill(0);
    const hessian = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let i = 0; i < n; i++) {
      const row = z[i]!;
      let t = 0;
      for (let j = 0; j < k; j++) t += beta[j]! * row[j]!;
      const p = 1 / (1 + Math.exp(-t));
      const w = 1 / n;
      const error = (p - y[i]!) * w;
      const curvature = p * (1 - p) * w;
      for (let a = 0; a < k; a++) {
        gradient[a]! += error * row[a]!;
        const ca = curvature * row[a]!;
        for (let b = 0; b <= a; b++) hessian[a]![b]! += ca * row[b]!;
      }
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) hessian[b]![a] = hessian[a]![b]!;
    for (let j = 0; j < d; j++) {
      gradient[j]! += l2 * beta[j]!;
      hessian[j]![j]! += l2;
    }
    const step = solve(hessian, gradient);
    let change = 0;
    for (let j = 0; j < k; j++) {
      beta[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-6) break;
  }
  return { mean, scale, weights: beta.slice(0, d), bias: beta[d]! };
}

/** Solves A·s = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]! || 1e-12;
    for (let r = col + 1; r < n; r++) {
      const factor = a[r]![col]! / p;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  const s = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = a[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= a[r]![c]! * s[c]!;
    s[r] = sum / (a[r]![r]! || 1e-12);
  }
  return s;
}

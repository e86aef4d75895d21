/** Percentile of a sample (nearest rank), p in 0..100. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Milliseconds each call of fn takes, after a warm-up. */
export async function timeCalls(runs: number, fn: (i: number) => unknown): Promise<number[]> {
  for (let i = 0; i < Math.min(50, runs); i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

/** Percentile of a sample (nearest rank), p in 0..100. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Untimed calls before the timed ones (JIT, statement and page caches). */
const WARM_UP = 50;

async function timed(fn: (i: number) => unknown, i: number): Promise<number> {
  const started = process.hrtime.bigint();
  await fn(i);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Milliseconds each call of fn takes, after a warm-up. */
export async function timeCalls(runs: number, fn: (i: number) => unknown): Promise<number[]> {
  for (let i = 0; i < Math.min(WARM_UP, runs); i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timed(fn, i));
  return samples;
}

/**
 * Milliseconds each call of a figure's code and of its floor take, the two called in turn: on a shared machine the
 * load drifts within seconds, and timing one after the other put the drift into their ratio.
 */
export async function timeBeside(runs: number, ours: (i: number) => unknown, floor: (i: number) => unknown): Promise<{ ours: number[]; floor: number[] }> {
  for (let i = 0; i < Math.min(WARM_UP, runs); i++) {
    await ours(i);
    await floor(i);
  }
  const samples = { ours: [] as number[], floor: [] as number[] };
  for (let i = 0; i < runs; i++) {
    samples.ours.push(await timed(ours, i));
    samples.floor.push(await timed(floor, i));
  }
  return samples;
}

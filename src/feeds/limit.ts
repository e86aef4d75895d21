// Runs tasks with a bound on the total in flight and on those sharing a key (a host), so one slow or
// large site neither hogs the poller nor gets more than a couple of requests from us at a time.

export interface Limits {
  concurrency: number;
  perKey: number;
}

/** Runs work over every item, at most `concurrency` at once and `perKey` per key; resolves when all are done. */
export function runBounded<T>(items: readonly T[], keyOf: (item: T) => string, limits: Limits, work: (item: T) => Promise<void>): Promise<void> {
  const pending = [...items];
  const active = new Map<string, number>();
  let running = 0;
  return new Promise((resolve, reject) => {
    const pump = () => {
      if (pending.length === 0 && running === 0) return resolve();
      for (let i = 0; i < pending.length && running < limits.concurrency; ) {
        const key = keyOf(pending[i]!);
        if ((active.get(key) ?? 0) >= limits.perKey) {
          i++;
          continue;
        }
        const [item] = pending.splice(i, 1);
        running++;
        active.set(key, (active.get(key) ?? 0) + 1);
        work(item!).then(() => {
          running--;
          active.set(key, active.get(key)! - 1);
          pump();
        }, reject);
      }
    };
    pump();
  });
}

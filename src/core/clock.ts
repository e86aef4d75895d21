/**
 * The current time. DATELINE_NOW starts the clock at a given instant and lets it run from there
 * (for "today", tests, demos and replaying a recorded stream: schedules and retries still move on);
 * otherwise it is the real clock.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): () => Date {
  const fixed = env.DATELINE_NOW;
  if (!fixed) return () => new Date();
  const start = new Date(fixed).getTime();
  if (Number.isNaN(start)) {
    throw new Error(`DATELINE_NOW is not a date-time: "${fixed}". Use ISO 8601, for example 2026-08-13T09:00:00Z.`);
  }
  const startedAt = performance.now();
  return () => new Date(start + Math.floor(performance.now() - startedAt));
}

/**
 * The current time. DATELINE_NOW fixes it (for "today", tests, demos and replaying a recorded stream);
 * otherwise it is the real clock.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): () => Date {
  const fixed = env.DATELINE_NOW;
  if (!fixed) return () => new Date();
  const instant = new Date(fixed);
  if (Number.isNaN(instant.getTime())) {
    throw new Error(`DATELINE_NOW is not a date-time: "${fixed}". Use ISO 8601, for example 2026-08-13T09:00:00Z.`);
  }
  return () => new Date(instant);
}

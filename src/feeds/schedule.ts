// When to poll a feed next. Each feed keeps to its own grid, offset within the interval by a hash of its
// URL, so feeds added together (a config of hundreds) are spread over the interval instead of polled at once.
// Failures back off exponentially from the interval. Deterministic, so a replay under DATELINE_NOW repeats.
import { createHash } from 'node:crypto';

export const DEFAULT_INTERVAL_MINUTES = 10;
/** Longest wait between attempts at a failing feed. */
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

function phaseMs(url: string, intervalMs: number): number {
  return createHash('sha256').update(url).digest().readUIntBE(0, 6) % intervalMs;
}

/** The first slot of the feed's grid after now. */
export function nextPollAt(url: string, intervalMs: number, now: Date): Date {
  const phase = phaseMs(url, intervalMs);
  const slot = Math.floor((now.getTime() - phase) / intervalMs) + 1;
  return new Date(slot * intervalMs + phase);
}

/** After the n-th failure in a row: the interval, doubled per further failure, capped. */
export function retryAt(intervalMs: number, failures: number, now: Date): Date {
  return new Date(now.getTime() + Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.max(0, failures - 1)));
}

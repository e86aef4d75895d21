import type { App } from '../app.js';
import type { DeliveryOutcome } from '../store/index.js';
import { HEARTBEAT_MS, lastSeen, platformStates, type PlatformState } from './state.js';

// The figures an operator watches: outbox depth and age, outcomes per platform over the last hour, feed health,
// and each platform's connection. `dateline status` prints them; the metrics endpoint serves the same.

export interface Status {
  outbox: { depth: number; oldestQueuedAgeSeconds: number | null; inDoubt: number };
  /** Rows delivered, failed and retried per platform in the last hour. */
  lastHour: Record<string, Record<DeliveryOutcome, number>>;
  feeds: { total: number; failing: FeedProblem[]; disabled: FeedProblem[] };
  platforms: Record<string, PlatformState & { current: boolean }>;
  /** When the running bot last wrote its heartbeat (null: never started). */
  botSeenAt: string | null;
}

export interface FeedProblem {
  url: string;
  topic: string;
  failures: number;
  lastError: string | null;
  disabledAt: string | null;
}

const HOUR_MS = 60 * 60 * 1000;

export function collectStatus(app: App): Status {
  const now = app.now();
  const outbox = app.store.outbox.healthAllTenants(new Date(now.getTime() - HOUR_MS));
  const feeds = app.store.feeds.all();
  const problem = (feed: (typeof feeds)[number]): FeedProblem => ({
    url: feed.url, topic: feed.topicName, failures: feed.consecutiveFailures, lastError: feed.lastError, disabledAt: feed.disabledAt,
  });
  const botSeenAt = lastSeen(app.store);
  // A state is current while the heartbeat is fresh; after a crash the last one written would be stale.
  const current = botSeenAt !== null && now.getTime() - Date.parse(botSeenAt) <= 3 * HEARTBEAT_MS;
  const platforms = Object.fromEntries(Object.entries(platformStates(app.store)).map(([name, state]) => [name, { ...state, current }]));
  for (const platform of Object.keys(platforms)) outbox.platforms[platform] ??= { delivered: 0, failed: 0, retried: 0 };
  return {
    outbox: {
      depth: outbox.depth,
      oldestQueuedAgeSeconds: outbox.oldestQueuedAt ? Math.max(0, Math.round((now.getTime() - Date.parse(outbox.oldestQueuedAt)) / 1000)) : null,
      inDoubt: outbox.inDoubt,
    },
    lastHour: outbox.platforms,
    feeds: {
      total: feeds.length,
      failing: feeds.filter((feed) => !feed.disabledAt && feed.consecutiveFailures > 0).map(problem),
      disabled: feeds.filter((feed) => feed.disabledAt).map(problem),
    },
    platforms,
    botSeenAt,
  };
}

export function describeStatus(status: Status): string {
  const { outbox } = status;
  const lines = [
    `Outbox: ${outbox.depth} queued${outbox.oldestQueuedAgeSeconds === null ? '' : `, the oldest for ${duration(outbox.oldestQueuedAgeSeconds)}`}` +
      `${outbox.inDoubt > 0 ? ` (${outbox.inDoubt} to check against channel history before a resend)` : ''}.`,
    'Last hour:',
  ];
  const platforms = Object.entries(status.lastHour);
  if (platforms.length === 0) lines.push('  nothing sent');
  for (const [platform, counts] of platforms) lines.push(`  ${platform}: ${counts.delivered} delivered, ${counts.failed} failed, ${counts.retried} retried`);
  lines.push(`Feeds: ${status.feeds.total}, ${status.feeds.failing.length} failing, ${status.feeds.disabled.length} disabled.`);
  for (const feed of status.feeds.failing) lines.push(`  failing (${feed.failures} in a row): ${feed.url} — ${feed.lastError ?? ''}`);
  for (const feed of status.feeds.disabled) lines.push(`  disabled: ${feed.url} — ${feed.lastError ?? ''}`);
  lines.push(`Bot: ${status.botSeenAt ? `last seen ${status.botSeenAt}` : 'not started on this database yet'}.`);
  for (const [platform, state] of Object.entries(status.platforms)) {
    lines.push(`  ${platform}: ${state.current ? state.state : `unknown (last known: ${state.state})`} since ${state.since}`);
  }
  return `${lines.join('\n')}\n`;
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

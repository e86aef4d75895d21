// Polling every due feed, politely: bounded concurrency overall and per host, each feed on its own
// schedule (see schedule.ts). app.now() is "now" throughout, so DATELINE_NOW replays a recorded stream.
import type { App } from '../app.js';
import type { Feed } from '../store/index.js';
import { feedUrlProblem, userAgent } from './fetch.js';
import { runBounded } from './limit.js';
import { fetchShared, pollFeed, type ItemCounts, type PollSettings } from './poller.js';
import { DEFAULT_INTERVAL_MINUTES } from './schedule.js';
import { rescoreTopic } from '../core/rank/importance.js';

export interface FeedPollingOptions {
  /** Feeds fetched at once (default 8). */
  concurrency?: number;
  /** Requests at once to one host (default 2). */
  perHost?: number;
  /** Items older than this start no story and alert nobody (default 3). */
  windowDays?: number;
  /** Failed polls in a row that disable a feed (default 10). */
  maxFailures?: number;
  /** Per-fetch time limit (default fetchFeed's 15 s). */
  timeoutMs?: number;
  /** Called when a poll queued outbox rows, e.g. () => delivery.sender.notify(). */
  onQueued?: () => void;
  /** Longest wait between looks for due feeds (default 60 s). */
  maxSleepMs?: number;
  /** Told of each new item: taken (related) or left, and why. */
  onItem?: PollSettings['onItem'];
}

export interface PollReport {
  feeds: { polled: number; notModified: number; failed: number };
  items: ItemCounts;
  /** Stories created or extended in this run, each with every article URL so far. */
  stories: { id: number; title: string; urls: string[] }[];
  /** Outbox rows queued (alerts and notices). */
  queued: number;
}

export interface FeedPolling {
  stop(): Promise<void>;
  /** Polls the feeds due now (a running poll is shared, not doubled). */
  pollDue(): Promise<PollReport>;
}

const DEFAULTS = { concurrency: 8, perHost: 2, maxSleepMs: 60_000 } as const;
const MIN_SLEEP_MS = 1000;

/** Makes the configuration's feeds the config-origin rows of the feeds table (their health is kept). */
export function syncConfigFeeds(app: App): void {
  const entries = app.config.feeds.flatMap((feed) => {
    const topic = app.store.topics.get(feed.topic);
    if (!topic) {
      app.log.warn({ url: feed.url, topic: feed.topic }, 'configured feed names no known topic; skipped');
      return [];
    }
    return [{ topicId: topic.id, url: feed.url, intervalSeconds: (feed.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES) * 60 }];
  });
  app.store.feeds.syncConfig(entries, app.now());
}

/**
 * The feeds due now whose stored address can be fetched at all. A row made invalid some other way (an old import,
 * a hand edit) is disabled with the reason, shown in `feeds list`, and the others are polled as usual.
 */
function pollableFeeds(app: App): Feed[] {
  return app.store.feeds.due(app.now()).filter((feed) => {
    const problem = feedUrlProblem(feed.url, app.config.allowHosts);
    if (!problem) return true;
    const now = app.now();
    app.store.feeds.recordFailure(feed.id, `Disabled: the stored address cannot be fetched. ${problem}`, now, now, true);
    app.log.warn({ feed: feed.id, url: feed.url, problem }, 'feed disabled: its stored address cannot be fetched');
    return false;
  });
}

/** Polls every feed due now, once. */
export async function pollDueFeeds(app: App, options: FeedPollingOptions = {}, signal?: AbortSignal): Promise<PollReport> {
  const settings: PollSettings = {
    fetch: { allowHosts: app.config.allowHosts, userAgent: userAgent(app.config.contact), timeoutMs: options.timeoutMs, signal },
    windowMs: (options.windowDays ?? app.config.delivery.alertWindowDays) * 86_400_000,
    maxFailures: options.maxFailures ?? app.config.delivery.maxFeedFailures,
    onItem: options.onItem,
  };
  const report: PollReport = { feeds: { polled: 0, notModified: 0, failed: 0 }, items: { new: 0, related: 0, unrelated: 0 }, stories: [], queued: 0 };
  /** Stories filed this cycle, with their topic's tenant. */
  const storyIds = new Map<number, string>();
  const touchedTopics = new Map<number, string>();
  const limits = { concurrency: options.concurrency ?? DEFAULTS.concurrency, perKey: options.perHost ?? DEFAULTS.perHost };
  // One fetch per URL, however many tenants' topics watch it; each row is then polled on its own.
  const byUrl = new Map<string, Feed[]>();
  for (const feed of pollableFeeds(app)) byUrl.set(feed.url, [...(byUrl.get(feed.url) ?? []), feed]);
  await runBounded([...byUrl.values()], (group) => new URL(group[0]!.url).host, limits, async (group) => {
    const fetched = group.length > 1 ? await fetchShared(group, settings).catch(() => undefined) : undefined;
    for (const feed of group) await pollOne(feed, fetched);
  });
  async function pollOne(feed: Feed, fetched: Awaited<ReturnType<typeof fetchShared>> | undefined): Promise<void> {
    const outcome = await pollFeed(app.store, feed, app.now, settings, fetched).catch((error: unknown) => {
      app.log.error({ err: error, url: feed.url }, 'feed poll failed unexpectedly');
      return undefined;
    });
    if (!outcome || outcome.status === 'cancelled') return;
    report.feeds.polled++;
    if (outcome.status === 'not-modified') report.feeds.notModified++;
    if (outcome.status === 'failed') {
      report.feeds.failed++;
      app.log[outcome.disabled ? 'warn' : 'info']({ url: feed.url, error: outcome.error, disabled: outcome.disabled }, 'feed poll failed');
    }
    report.items.new += outcome.items.new;
    report.items.related += outcome.items.related;
    report.items.unrelated += outcome.items.unrelated;
    report.queued += outcome.queued;
    for (const id of outcome.stories) storyIds.set(id, feed.tenant);
    if (outcome.items.related > 0) touchedTopics.set(feed.topicId, feed.tenant);
  }
  // Importance is rescored once per topic and cycle, however many of its feeds brought articles.
  for (const [topicId, tenant] of touchedTopics) rescoreTopic(app.store, tenant, topicId);
  report.stories = [...storyIds].sort(([a], [b]) => a - b).map(([id, tenant]) => ({
    id,
    title: app.store.stories.get(tenant, id)?.title ?? '',
    urls: (app.store.stories.articles(tenant, [id]).get(id) ?? []).flatMap((a) => (a.url ? [a.url] : [])),
  }));
  return report;
}

/**
 * Syncs the configured feeds and polls each when due until stopped. Wire it beside delivery:
 * startFeedPolling(app, { onQueued: () => delivery.sender.notify() }).
 */
export function startFeedPolling(app: App, options: FeedPollingOptions = {}): FeedPolling {
  syncConfigFeeds(app);
  const controller = new AbortController();
  let running: Promise<PollReport> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const pollDue = (): Promise<PollReport> =>
    (running ??= pollDueFeeds(app, options, controller.signal)
      .then((report) => {
        if (report.queued > 0) options.onQueued?.();
        return report;
      })
      .finally(() => {
        running = undefined;
      }));

  const sleepMs = (): number => {
    const maxSleep = options.maxSleepMs ?? DEFAULTS.maxSleepMs;
    const next = app.store.feeds.nextDueAt();
    if (next === null) return maxSleep;
    const wait = next === '' ? 0 : Date.parse(next) - app.now().getTime();
    return Math.min(maxSleep, Math.max(MIN_SLEEP_MS, wait));
  };

  // A feed added from chat is polled at once rather than at the next look.
  const stopListening = app.onChange((what) => { if (what === 'feeds' && !stopped) void pollDue().catch(() => undefined); });

  const loop = async (): Promise<void> => {
    try {
      await pollDue();
    } catch (error) {
      app.log.error({ err: error }, 'feed polling failed');
    }
    if (stopped) return;
    timer = setTimeout(() => void loop(), sleepMs());
    timer.unref();
  };
  void loop();

  return {
    pollDue,
    stop: async () => {
      stopped = true;
      stopListening();
      clearTimeout(timer);
      controller.abort();
      await running?.catch(() => undefined);
    },
  };
}

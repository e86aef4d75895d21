// One poll of one feed: a conditional GET, then each new item recorded, scored, filed in the timeline and
// filed in a story (core/stories), each item in its own transaction. A story's first article queues its alerts in
// the transaction that creates it; later articles extend it and update its alerts in place (edits, follow-ups), so
// a story is alerted once per channel.
// The first successful poll of a feed is its backfill: its items are recorded and filed, never alerted.
import { OPERATOR, type Feed, type Store, type Topic } from '../store/index.js';
import { contentHash, ingestArticle } from '../core/ingest.js';
import { topicWords } from '../core/extract/similarity.js';
import { outboxKey } from '../core/schedule/scheduler.js';
import { textReply } from '../core/reply.js';
import { fetchFeed, type FetchOptions, type FetchResult } from './fetch.js';
import { parseFeed } from './parse.js';
import { normalizeItem, type NormalizedItem } from './normalize.js';
import { scoreRelevance } from './relevance.js';
import { fileInStory } from '../core/stories/index.js';
import { nextPollAt, retryAt } from './schedule.js';

export interface PollSettings {
  fetch: Pick<FetchOptions, 'allowHosts' | 'userAgent' | 'timeoutMs' | 'maxBytes' | 'signal'>;
  /** Items published longer ago than this are recorded and filed in the timeline, but start no story. */
  windowMs: number;
  /** Failed polls in a row after which a feed is disabled. */
  maxFailures: number;
  /** Told of each new item: taken (related) or left, and the reasons (`poll --explain`). */
  onItem?: (decision: { feed: string; title: string; related: boolean; reasons: string[] }) => void;
}

export interface ItemCounts {
  /** Items not seen in this feed before. */
  new: number;
  /** Of those, about the feed's topic (filed in the timeline). */
  related: number;
  unrelated: number;
}

export interface FeedPollOutcome {
  /** 'cancelled': stopped mid-fetch (shutdown); nothing was recorded. */
  status: 'updated' | 'not-modified' | 'failed' | 'cancelled';
  error?: string;
  disabled: boolean;
  items: ItemCounts;
  /** Stories created or extended. */
  stories: number[];
  /** Outbox rows queued: story alerts and the notice of a disabled feed. */
  queued: number;
}

type ItemOutcome =
  | { kind: 'seen' | 'unrelated' }
  | { kind: 'related'; storyId?: number; changed?: boolean; alerts?: number; updates?: number };

/**
 * Polls one feed row. `fetched`: the response of a fetch shared by every row of the same URL (tenants that added the
 * same feed), so the address is fetched once per cycle while each row keeps its own items, stories and alerts.
 */
export async function pollFeed(store: Store, feed: Feed, now: () => Date, settings: PollSettings, fetched?: FetchResult): Promise<FeedPollOutcome> {
  const outcome: FeedPollOutcome = { status: 'updated', disabled: false, items: { new: 0, related: 0, unrelated: 0 }, stories: [], queued: 0 };
  const result = fetched ?? await fetchFeed(feed.url, { ...settings.fetch, etag: feed.etag ?? undefined, lastModified: feed.lastModified ?? undefined });
  if (settings.fetch.signal?.aborted) return { ...outcome, status: 'cancelled' };
  // Feeds go with their topic (ON DELETE CASCADE), so the topic is there.
  const topic = store.topics.byId(feed.topicId)!;
  const intervalMs = feed.intervalSeconds * 1000;
  if (result.kind === 'not-modified') {
    const at = now();
    store.feeds.recordSuccess(feed.id, { etag: feed.etag, lastModified: feed.lastModified }, at, nextPollAt(feed.url, intervalMs, at));
    return { ...outcome, status: 'not-modified' };
  }
  if (result.kind === 'error') return recordFailure(store, feed, topic, result.message, now(), settings, outcome);
  const parsed = await parseFeed(result.body, { contentType: result.contentType, url: result.finalUrl });
  const at = now();
  if (parsed.kind !== 'feed') return recordFailure(store, feed, topic, `not a feed: ${parsed.message}`, at, settings, outcome);

  const outlet = feed.title || parsed.title || new URL(feed.url).hostname;
  const items = parsed.items
    .map((item) => normalizeItem(item, { firstSeen: at, outlet }))
    .sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
  const backfill = feed.lastSuccessAt === null;
  const ignoreWords = topicWords(topic);
  const stories = new Set<number>();
  for (const item of items) {
    const taken = takeItem(store, feed, topic, item, at, { alertable: !backfill, windowMs: settings.windowMs, ignoreWords, onItem: settings.onItem });
    if (taken.kind === 'seen') continue;
    outcome.items.new++;
    outcome.items[taken.kind]++;
    if (taken.kind === 'related' && taken.storyId !== undefined && taken.changed) stories.add(taken.storyId);
    if (taken.kind === 'related') outcome.queued += (taken.alerts ?? 0) + (taken.updates ?? 0);
  }
  store.feeds.recordSuccess(feed.id, { etag: result.etag ?? null, lastModified: result.lastModified ?? null, title: parsed.title }, at, nextPollAt(feed.url, intervalMs, at));
  return { ...outcome, stories: [...stories] };
}

function recordFailure(store: Store, feed: Feed, topic: Topic, error: string, at: Date, settings: PollSettings, outcome: FeedPollOutcome): FeedPollOutcome {
  const failures = feed.consecutiveFailures + 1;
  const disable = failures >= settings.maxFailures;
  const queued = store.transaction(() => {
    store.feeds.recordFailure(feed.id, error, at, retryAt(feed.intervalSeconds * 1000, failures, at), disable);
    return disable ? queueDisabledNotice(store, feed, topic, failures, error, at) : 0;
  });
  return { ...outcome, status: 'failed', error, disabled: disable, queued };
}

/** Tells the topic's subscribed channels that one of its feeds is no longer polled, and how to revive it. */
function queueDisabledNotice(store: Store, feed: Feed, topic: Topic, failures: number, error: string, at: Date): number {
  const reply = textReply(
    `Feed disabled: ${feed.title ?? feed.url}`,
    `Dateline stopped polling ${feed.url} for /${topic.name} after ${failures} failed polls in a row. Last error: ${error}\n` +
      (topic.tenant === OPERATOR
        ? 'It is a feed of a shared topic: the bot\'s operator can turn it back on.'
        : `An admin can turn it back on with /dateline feed add url:${feed.url} topic:${topic.name}`),
  );
  const payload = JSON.stringify(reply);
  let queued = 0;
  for (const sub of store.subscriptions.all()) {
    // Only the topic's own subscribers hear of it: a topic belongs to one tenant (or is the operator's, shared).
    if (sub.topicId !== topic.id || sub.mode === 'off') continue;
    const key = outboxKey(sub.channelRef, 'notice', topic.name, `feed-disabled:${feed.id}:${at.toISOString()}`);
    if (store.outbox.enqueue(sub.tenant, { key, channelRef: sub.channelRef, kind: 'notice', subject: topic.name, payload }, at)) queued++;
  }
  return queued;
}

interface TakeOptions {
  /** False during a backfill. */
  alertable: boolean;
  windowMs: number;
  ignoreWords: ReadonlySet<string>;
  onItem?: PollSettings['onItem'];
}

/** Everything for one item, in one transaction: seen-record, relevance, timeline, story, alerts. */
function takeItem(store: Store, feed: Feed, topic: Topic, item: NormalizedItem, at: Date, options: TakeOptions): ItemOutcome {
  return store.transaction((): ItemOutcome => {
    if (store.feeds.hasItem(feed.id, item.key)) return { kind: 'seen' };
    const relevance = scoreRelevance(item, topic);
    options.onItem?.({ feed: feed.url, title: item.title, related: relevance.related, reasons: relevance.reasons });
    if (!relevance.related) {
      store.feeds.addItem(feed.id, item.key, null, at);
      return { kind: 'unrelated' };
    }
    // Title-only items still need a body: an empty one would share its content hash with every other.
    const text = item.text || item.title;
    const ingested = ingestArticle(store, { url: item.url, title: item.title, published: item.published, text, source: item.outlet }, [topic], at);
    // A duplicate (the same URL or text from another feed) is the article already stored.
    const articleId = ingested.articleId ?? (item.url ? store.articles.findByKey(item.url) : undefined)?.id ?? store.articles.findByContentHash(contentHash(text))?.id ?? null;
    store.feeds.addItem(feed.id, item.key, articleId, at);
    const fresh = at.getTime() - Date.parse(item.published) <= options.windowMs;
    if (!options.alertable || !fresh || articleId === null) return { kind: 'related' };
    const filed = fileInStory(store, topic, articleId, { ...item, text }, at, { ignoreWords: options.ignoreWords });
    const updates = (filed.updates?.edits ?? 0) + (filed.updates?.followups ?? 0);
    return { kind: 'related', storyId: filed.storyId, changed: filed.changed, alerts: filed.alerts, updates };
  });
}

/**
 * Fetches a URL once for every due row that watches it. Validators are sent only when all rows hold the same ones
 * (a row added later has none yet, and needs the whole document).
 */
export function fetchShared(feeds: readonly Feed[], settings: PollSettings): Promise<FetchResult> {
  const [first] = feeds;
  const same = feeds.every((feed) => feed.etag === first!.etag && feed.lastModified === first!.lastModified);
  return fetchFeed(first!.url, { ...settings.fetch, etag: same ? first!.etag ?? undefined : undefined, lastModified: same ? first!.lastModified ?? undefined : undefined });
}

import type { Db } from './db.js';
import { OPERATOR } from './topics.js';

export type FeedOrigin = 'config' | 'command';

export interface Feed {
  id: number;
  topicId: number;
  topicName: string;
  /** The tenant of its topic. */
  tenant: string;
  url: string;
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  intervalSeconds: number;
  /** NULL: due now (a feed not polled yet). */
  nextPollAt: string | null;
  lastPolledAt: string | null;
  /** NULL until a poll parses: the next successful poll is the backfill. */
  lastSuccessAt: string | null;
  consecutiveFailures: number;
  lastError: string | null;
  disabledAt: string | null;
  origin: FeedOrigin;
  createdAt: string;
  /** Items recorded from it so far. */
  itemCount: number;
}

export interface FeedInput {
  topicId: number;
  url: string;
  title?: string | null;
  intervalSeconds: number;
  origin: FeedOrigin;
}

const SELECT = `
  SELECT f.id, f.topic_id AS topicId, t.name AS topicName, t.tenant, f.url, f.title, f.etag, f.last_modified AS lastModified,
    f.interval_seconds AS intervalSeconds, f.next_poll_at AS nextPollAt, f.last_polled_at AS lastPolledAt,
    f.last_success_at AS lastSuccessAt, f.consecutive_failures AS consecutiveFailures, f.last_error AS lastError,
    f.disabled_at AS disabledAt, f.origin, f.created_at AS createdAt,
    (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id) AS itemCount
  FROM feeds f JOIN topics t ON t.id = f.topic_id`;

/** Watched feeds, their polling state and health, and the items seen in each. */
export class FeedStore {
  private readonly upsertCommand;
  private readonly upsertConfig;
  private readonly dropConfig;
  private readonly removeRow;
  private readonly byId;
  private readonly byTopicUrl;
  private readonly every;
  private readonly ofTopic;
  private readonly countOwned;
  private readonly everyTenant;
  private readonly dueRows;
  private readonly firstDue;
  private readonly okRow;
  private readonly failRow;
  private readonly seenItem;
  private readonly insertItem;

  constructor(private readonly db: Db) {
    // Adding a feed by command (again) also re-enables it and clears its failures: an admin asked for it.
    this.upsertCommand = db.prepare(`
      INSERT INTO feeds (topic_id, url, title, interval_seconds, origin, created_at)
      SELECT @topicId, @url, @title, @intervalSeconds, @origin, @now FROM topics WHERE id = @topicId AND tenant = @tenant
      ON CONFLICT (topic_id, url) DO UPDATE SET title = coalesce(excluded.title, feeds.title),
        disabled_at = NULL, consecutive_failures = 0, last_error = NULL, next_poll_at = NULL`);
    // The configuration owns interval and origin, never health: a restart does not revive a disabled feed.
    this.upsertConfig = db.prepare(`
      INSERT INTO feeds (topic_id, url, interval_seconds, origin, created_at)
      VALUES (@topicId, @url, @intervalSeconds, 'config', @now)
      ON CONFLICT (topic_id, url) DO UPDATE SET interval_seconds = excluded.interval_seconds, origin = 'config'`);
    this.dropConfig = db.prepare(`DELETE FROM feeds WHERE origin = 'config' AND id NOT IN (SELECT value FROM json_each(?))`);
    this.removeRow = db.prepare('DELETE FROM feeds WHERE topic_id = ? AND url = ? AND topic_id IN (SELECT id FROM topics WHERE tenant = ?)');
    this.byId = db.prepare<[number], Feed>(`${SELECT} WHERE f.id = ?`);
    this.byTopicUrl = db.prepare<[number, string], Feed>(`${SELECT} WHERE f.topic_id = ? AND f.url = ?`);
    this.every = db.prepare<[string], Feed>(`${SELECT} WHERE t.tenant = ? ORDER BY t.name, f.url`);
    this.ofTopic = db.prepare<[number, string], Feed>(`${SELECT} WHERE f.topic_id = ? AND t.tenant IN (?, '${OPERATOR}') ORDER BY f.url`);
    this.everyTenant = db.prepare<[], Feed>(`${SELECT} ORDER BY t.tenant, t.name, f.url`);
    this.countOwned = db.prepare<[string], number>('SELECT count(*) FROM feeds f JOIN topics t ON t.id = f.topic_id WHERE t.tenant = ?').pluck();
    this.dueRows = db.prepare<[string], Feed>(
      `${SELECT} WHERE f.disabled_at IS NULL AND (f.next_poll_at IS NULL OR f.next_poll_at <= ?) ORDER BY f.next_poll_at, f.id`);
    this.firstDue = db.prepare<[], string | null>('SELECT min(coalesce(next_poll_at, \'\')) FROM feeds WHERE disabled_at IS NULL').pluck();
    this.okRow = db.prepare(`
      UPDATE feeds SET etag = @etag, last_modified = @lastModified, title = coalesce(@title, title), next_poll_at = @next,
        last_polled_at = @now, last_success_at = @now, consecutive_failures = 0, last_error = NULL WHERE id = @id`);
    this.failRow = db.prepare(`
      UPDATE feeds SET next_poll_at = @next, last_polled_at = @now, consecutive_failures = consecutive_failures + 1,
        last_error = @error, disabled_at = @disabledAt WHERE id = @id`);
    this.seenItem = db.prepare<[number, string], number>('SELECT 1 FROM feed_items WHERE feed_id = ? AND item_key = ?').pluck();
    this.insertItem = db.prepare('INSERT OR IGNORE INTO feed_items (feed_id, item_key, article_id, first_seen) VALUES (?, ?, ?, ?)');
  }

  /** Adds a feed to one of the tenant's own topics (or re-enables it); another tenant's topic is refused with an error. */
  add(input: FeedInput, now: Date, tenant: string = OPERATOR): Feed {
    const feed = this.db.transaction(() => {
      this.upsertCommand.run({ ...input, title: input.title ?? null, now: now.toISOString(), tenant });
      return this.find(input.topicId, input.url);
    })();
    if (!feed || feed.tenant !== tenant) throw new Error('no such topic for this tenant');
    return feed;
  }

  /** Makes the config-origin feeds exactly these; feeds added by command are kept. Returns them. */
  syncConfig(entries: Omit<FeedInput, 'origin' | 'title'>[], now: Date): Feed[] {
    return this.db.transaction(() => {
      const feeds = entries.map((entry) => {
        this.upsertConfig.run({ ...entry, now: now.toISOString() });
        return this.find(entry.topicId, entry.url)!;
      });
      this.dropConfig.run(JSON.stringify(feeds.map((feed) => feed.id)));
      return feeds;
    })();
  }

  /** Removes a feed of one of the tenant's own topics. */
  remove(topicId: number, url: string, tenant: string = OPERATOR): boolean {
    return this.removeRow.run(topicId, url, tenant).changes > 0;
  }

  get(id: number): Feed | undefined {
    return this.byId.get(id);
  }

  find(topicId: number, url: string): Feed | undefined {
    return this.byTopicUrl.get(topicId, url);
  }

  /** The feeds of a topic the tenant sees, or (no topic) of the tenant's own topics. */
  list(topicId?: number, tenant: string = OPERATOR): Feed[] {
    return topicId === undefined ? this.every.all(tenant) : this.ofTopic.all(topicId, tenant);
  }

  /** Every tenant's feeds: for the operator's status and metrics. */
  all(): Feed[] {
    return this.everyTenant.all();
  }

  /** How many feeds the tenant's own topics have: its quota counts them. */
  countOf(tenant: string): number {
    return this.countOwned.get(tenant)!;
  }

  /** Enabled feeds whose next poll is due, most overdue first. */
  due(now: Date): Feed[] {
    return this.dueRows.all(now.toISOString());
  }

  /** When the next enabled feed is due ('' when one is due at once), or null when there are none. */
  nextDueAt(): string | null {
    return this.firstDue.get() ?? null;
  }

  /** A poll that answered (200 or 304): validators kept for the next conditional GET, failures cleared. */
  recordSuccess(id: number, update: { etag: string | null; lastModified: string | null; title?: string }, now: Date, next: Date): void {
    this.okRow.run({ id, etag: update.etag, lastModified: update.lastModified, title: update.title || null, now: now.toISOString(), next: next.toISOString() });
  }

  recordFailure(id: number, error: string, now: Date, next: Date, disable: boolean): void {
    this.failRow.run({ id, error, now: now.toISOString(), next: next.toISOString(), disabledAt: disable ? now.toISOString() : null });
  }

  hasItem(feedId: number, itemKey: string): boolean {
    return this.seenItem.get(feedId, itemKey) !== undefined;
  }

  /** Records an item as seen; articleId is null for items not taken (unrelated to the topic). */
  addItem(feedId: number, itemKey: string, articleId: number | null, now: Date): void {
    this.insertItem.run(feedId, itemKey, articleId, now.toISOString());
  }
}

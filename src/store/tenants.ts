import type { Db } from './db.js';
import { OPERATOR } from './topics.js';

export interface TenantUsage {
  id: string;
  name: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  /** When the bot left the server or the app was uninstalled; the tenant is removed after the grace period. */
  leftAt: string | null;
  topics: number;
  feeds: number;
  subscriptions: number;
  events: number;
}

/** What removing a topic takes with it. */
export interface TopicRemoval {
  feeds: number;
  subscriptions: number;
  queued: number;
  events: number;
}

/**
 * Tenants (Discord servers, Slack workspaces; the operator for the console and CLI): when they were seen, whether
 * the bot left, their usage, and removing a topic or a whole tenant without leaving anything behind.
 */
export class TenantStore {
  private readonly upsertSeen;
  private readonly leftRow;
  private readonly usageRows;
  private readonly leftBeforeRows;
  private readonly topicImpact;
  private readonly dropQueuedForTopic;
  private readonly dropCounts;
  private readonly dropTopic;
  private readonly ownTopicIds;
  private readonly dropQueuedForTenant;
  private readonly dropDecisions;
  private readonly dropSubscriptions;
  private readonly dropTenant;
  private readonly copyEvents;
  private readonly copySources;
  private readonly copyArticles;

  constructor(private readonly db: Db) {
    this.upsertSeen = db.prepare(`
      INSERT INTO tenants (id, name, first_seen, last_seen) VALUES (@id, @name, @now, @now)
      ON CONFLICT (id) DO UPDATE SET name = coalesce(excluded.name, tenants.name), last_seen = excluded.last_seen, left_at = NULL`);
    this.leftRow = db.prepare(`
      INSERT INTO tenants (id, first_seen, last_seen, left_at) VALUES (@id, @now, @now, @now)
      ON CONFLICT (id) DO UPDATE SET left_at = coalesce(tenants.left_at, excluded.left_at)`);
    this.usageRows = db.prepare<[], TenantUsage>(`
      WITH ids(id) AS (SELECT id FROM tenants UNION SELECT tenant FROM topics UNION SELECT tenant FROM subscriptions WHERE tenant IS NOT NULL)
      SELECT ids.id, t.name, t.first_seen AS firstSeen, t.last_seen AS lastSeen, t.left_at AS leftAt,
        (SELECT count(*) FROM topics WHERE tenant = ids.id) AS topics,
        (SELECT count(*) FROM feeds f JOIN topics p ON p.id = f.topic_id WHERE p.tenant = ids.id) AS feeds,
        (SELECT count(*) FROM subscriptions WHERE tenant = ids.id) AS subscriptions,
        (SELECT coalesce(sum(c.n), 0) FROM event_counts c JOIN topics p ON p.id = c.topic_id WHERE p.tenant = ids.id) AS events
      FROM ids LEFT JOIN tenants t ON t.id = ids.id ORDER BY ids.id = '${OPERATOR}' DESC, ids.id`);
    this.leftBeforeRows = db.prepare<[string], string>('SELECT id FROM tenants WHERE left_at IS NOT NULL AND left_at <= ?').pluck();
    this.topicImpact = db.prepare<[number, number, number, number, string], TopicRemoval>(`
      SELECT (SELECT count(*) FROM feeds WHERE topic_id = ?) AS feeds,
        (SELECT count(*) FROM subscriptions WHERE topic_id = ?) AS subscriptions,
        (SELECT coalesce(sum(n), 0) FROM event_counts WHERE topic_id = ?) AS events,
        (SELECT count(*) FROM outbox o WHERE o.status = 'queued' AND o.channel_ref IN (SELECT channel_ref FROM subscriptions WHERE topic_id = ?)
          AND o.subject = ?) AS queued`);
    this.dropQueuedForTopic = db.prepare(`DELETE FROM outbox WHERE status = 'queued' AND subject = ?
      AND channel_ref IN (SELECT channel_ref FROM subscriptions WHERE topic_id = ?)`);
    this.dropCounts = db.prepare('DELETE FROM event_counts WHERE topic_id = ?');
    this.dropTopic = db.prepare('DELETE FROM topics WHERE id = ? AND tenant = ?');
    this.ownTopicIds = db.prepare<[string], { id: number; name: string }>('SELECT id, name FROM topics WHERE tenant = ?');
    this.dropQueuedForTenant = db.prepare<[string, string]>(`DELETE FROM outbox WHERE status = 'queued'
      AND (tenant = ? OR channel_ref IN (SELECT channel_ref FROM subscriptions WHERE tenant = ?))`);
    this.dropDecisions = db.prepare<[string]>('DELETE FROM outbox_skips WHERE tenant = ?');
    this.dropSubscriptions = db.prepare('DELETE FROM subscriptions WHERE tenant = ?');
    this.dropTenant = db.prepare('DELETE FROM tenants WHERE id = ?');
    // New rows take ids max+1 in the order inserted, so the n-th copied event is the n-th source event by id.
    this.copyEvents = db.prepare(`
      INSERT INTO events (topic_id, date, precision, date_start, date_end, month_day, summary, origin, created_at, updated_at, importance)
      SELECT @to, date, precision, date_start, date_end, month_day, summary, origin, created_at, updated_at, importance
      FROM events WHERE topic_id = @from ORDER BY id`);
    this.copySources = db.prepare(`
      WITH old AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM events WHERE topic_id = @from),
        new AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM events WHERE topic_id = @to)
      INSERT INTO event_sources (event_id, article_id, sentence, position, mention_date, mention_precision, implicit)
      SELECT new.id, s.article_id, s.sentence, s.position, s.mention_date, s.mention_precision, s.implicit
      FROM event_sources s JOIN old ON old.id = s.event_id JOIN new ON new.n = old.n`);
    this.copyArticles = db.prepare('INSERT OR IGNORE INTO article_topics (article_id, topic_id) SELECT article_id, @to FROM article_topics WHERE topic_id = @from');
  }

  /** A command came from the tenant: it is (still, or again) there. */
  seen(id: string, name: string | null, now: Date): void {
    this.upsertSeen.run({ id, name, now: now.toISOString() });
  }

  /** The bot left the server or the app was uninstalled: the tenant is removed once the grace period is over. */
  markLeft(id: string, now: Date): void {
    this.leftRow.run({ id, now: now.toISOString() });
  }

  /** Every tenant with its usage, the operator first: for owners only. */
  usage(): TenantUsage[] {
    return this.usageRows.all();
  }

  /** Tenants that left at or before the cutoff. */
  leftBefore(cutoff: Date): string[] {
    return this.leftBeforeRows.all(cutoff.toISOString());
  }

  /** What removing the tenant's topic would take with it (its feeds, subscriptions, events and queued posts). */
  removalImpact(topicId: number, topicName: string): TopicRemoval {
    return this.topicImpact.get(topicId, topicId, topicId, topicId, topicName)!;
  }

  /**
   * Removes one of the tenant's own topics and everything of it: feeds and their items, subscriptions, the posts
   * queued for it, events and stories. Articles stay (other topics may cite them). Returns what went, or null
   * when the tenant has no such topic.
   */
  removeTopic(tenant: string, topicId: number, topicName: string): TopicRemoval | null {
    return this.db.transaction(() => {
      if (!this.ownTopicIds.all(tenant).some((topic) => topic.id === topicId)) return null;
      const impact = this.removalImpact(topicId, topicName);
      this.dropQueuedForTopic.run(topicName, topicId);
      this.dropTopic.run(topicId, tenant);
      this.dropCounts.run(topicId);
      return impact;
    })();
  }

  /** Copies a topic's timeline (events, their sources, its articles) into a new, empty topic. Returns the events copied. */
  copyTimeline(fromTopicId: number, toTopicId: number): number {
    return this.db.transaction(() => {
      const events = this.copyEvents.run({ from: fromTopicId, to: toTopicId }).changes;
      this.copySources.run({ from: fromTopicId, to: toTopicId });
      this.copyArticles.run({ from: fromTopicId, to: toTopicId });
      return events;
    })();
  }

  /** Removes a tenant and all it owns: its topics (as removeTopic), its channels' subscriptions and queued posts. */
  removeTenant(tenant: string): { topics: number; subscriptions: number } {
    if (tenant === OPERATOR) throw new Error('the operator tenant is not removed');
    return this.db.transaction(() => {
      const topics = this.ownTopicIds.all(tenant);
      for (const topic of topics) this.removeTopic(tenant, topic.id, topic.name);
      this.dropQueuedForTenant.run(tenant, tenant);
      this.dropDecisions.run(tenant);
      const subscriptions = this.dropSubscriptions.run(tenant).changes;
      this.dropTenant.run(tenant);
      return { topics: topics.length, subscriptions };
    })();
  }
}

import { openDatabase, type Db } from './db.js';
import { TopicStore } from './topics.js';
import { ArticleStore } from './articles.js';
import { EventStore } from './events.js';
import { OutboxStore } from './outbox.js';
import { SubscriptionStore } from './subscriptions.js';
import { StoryStore } from './stories.js';
import { FeedStore } from './feeds.js';
import { CalendarStore } from './calendar.js';
import { TenantStore } from './tenants.js';
import { InstallationStore } from './installations.js';

export type { Topic, TopicInput } from './topics.js';
export { OPERATOR } from './topics.js';
export type { TenantUsage, TopicRemoval } from './tenants.js';
export type { StoredInstallation } from './installations.js';
export type { Article, ArticleInput } from './articles.js';
export type { EventRecord, EventSource, EventQuery, EventPage } from './events.js';
export { ftsQuery } from './events.js';
export type { Subscription, SubscriptionSettings, DeliveryMode, FollowupPlace } from './subscriptions.js';
export type { Story, StoryArticle, StoryClusterRow } from './stories.js';
export { STORY_TEXT_CHARS } from './stories.js';
export type { Feed, FeedInput, FeedOrigin } from './feeds.js';
export type { OutboxEntry, NewOutboxEntry, OutboxStatus, OutboxHealth, DeliveryOutcome } from './outbox.js';
export type { PeriodCount, CalendarUnit } from './calendar.js';

/** The one SQLite database: every table the bot keeps, behind typed methods. */
export class Store {
  readonly topics: TopicStore;
  readonly articles: ArticleStore;
  readonly events: EventStore;
  readonly subscriptions: SubscriptionStore;
  readonly outbox: OutboxStore;
  readonly stories: StoryStore;
  readonly feeds: FeedStore;
  readonly calendar: CalendarStore;
  readonly tenants: TenantStore;
  readonly slackInstallations: InstallationStore;
  private readonly getMeta;
  private readonly setMetaRow;

  constructor(readonly db: Db) {
    this.topics = new TopicStore(db);
    this.articles = new ArticleStore(db);
    this.events = new EventStore(db);
    this.subscriptions = new SubscriptionStore(db);
    this.outbox = new OutboxStore(db);
    this.stories = new StoryStore(db);
    this.feeds = new FeedStore(db);
    this.calendar = new CalendarStore(db);
    this.tenants = new TenantStore(db);
    this.slackInstallations = new InstallationStore(db);
    this.getMeta = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck();
    this.setMetaRow = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  static open(path: string): Store {
    return new Store(openDatabase(path));
  }

  meta(key: string): string | undefined {
    return this.getMeta.get(key);
  }

  setMeta(key: string, value: string): void {
    this.setMetaRow.run(key, value);
  }

  /**
   * Runs fn in one transaction: all of its writes land, or none. The events it wrote are in the keyword index when it
   * commits.
   */
  transaction<T>(fn: () => T): T {
    // Nested: a savepoint; the outermost transaction indexes.
    if (this.db.inTransaction) return this.db.transaction(fn)();
    return this.db.transaction(() => {
      const result = fn();
      this.events.indexSummaries();
      return result;
    })();
  }

  close(): void {
    this.db.close();
  }
}
